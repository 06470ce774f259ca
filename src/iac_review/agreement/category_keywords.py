"""The categorizer's keyword tables: for each taxonomy category, weighted patterns.

Data only; how they are scored is in ``categorize.py``. Patterns are
case-insensitive unless they say ``(?-i:...)``; a pattern is
``(regex, weight)`` or ``(regex, weight, scope)`` with scope ``t`` (title),
``b`` (body), ``p`` (prose of the body) or a combination (default ``tb``).
"""
from __future__ import annotations

# Reusable fragments.
_MISSING = r"(?:missing|no|without|lacks?|lacking|absent|omitted|not (?:set|configured|enabled|defined))"
_INVALID = r"(?:invalid|unsupported|extraneous|unknown|non-?existent|not (?:a )?(?:valid|supported)|wrong|incorrect)"
_TEST = r"(?:tests?|testing|unit tests?|integration tests?)"

Pattern = tuple  # (regex, weight) or (regex, weight, scope)

# (category id, patterns); order breaks ties: specific before generic.
KEYWORDS: list[tuple[str, list[Pattern]]] = [
    (
        "s3_backend_invalid_option",
        [
            (r"use_?lockfile", 5),
            (r"extraneous json object property", 3, "b"),
            (r"no argument or block type is named", 2, "b"),
            (rf"{_INVALID}\b.{{0,40}}\bbackend|backend\b.{{0,30}}\b(?:propert(?:y|ies)|parameter|option|field)", 3,
             "t"),
            (r"(?:invalid|unsupported|extraneous|not a valid) (?:\w+ ){0,3}(?:backend )?(?:propert(?:y|ies)|parameter|"
             r"option|field)", 1, "p"),
            (r"escape hatch|add_override", 1, "b"),
        ],
    ),
    (
        "state_backend_missing_or_misdesigned",
        [
            (rf"{_MISSING}\b.{{0,25}}\b(?:s3 |remote |terraform |state )?backend", 3, "t"),
            (r"\bbackend\b", 1, "t"),
            (r"local state|state (?:is |would be )?(?:stored |kept )?locally|(?:no|without a?) (?:remote )?backend|"
             r"lacks any (?:terraform )?backend", 2, "p"),
            (r"remote state|state (?:management|locking|bucket|file)|lock table", 1, "p"),
            (r"state bucket .{0,30}(?:same|own) stack|(?:inside|within) (?:the )?(?:same|its own) stack", 2, "p"),
        ],
    ),
    (
        "provider_class_missing_a_suffix",
        [
            (r"\ba[- ]suffix|[\"'`]a[\"'`] suffix|suffix(?:ed)? (?:with )?[\"'`]a[\"'`]|with the a\b", 4),
            (r"(?-i:\b[A-Z]\w+(?:Versioning|Configuration|Logging|Accepter|Acl|Policy|Rule)A\b)", 3, "b"),
            (r"(?-i:\bS3Bucket(?:Versioning|ServerSideEncryptionConfiguration|Logging)\b(?!A))", 2.5, "b"),
            (r"\b(?:class|import) names?\b", 2, "t"),
            (r"(?<!environment )(?<!env )(?<!random )(?<!unique )\bsuffix(?:ed)?\b", 1.5, "t"),
            (r"(?:provider )?(?:api usage|import names?)", 1, "t"),
            (r"\bjsii\b", 1, "p"),
        ],
    ),
    (
        "provider_symbol_nonexistent",
        [
            (r"cannot import name|has no attribute", 3, "b"),
            (r"(?:class|struct|module|construct|resource)(?:es)? (?:that )?(?:does not|doesn't|do not|don't|no longer)"
             r" exist|non-?existent (?:class|struct|module|import|construct|resource)|(?:class|classes) (?:that )?"
             r"(?:were )?(?:removed|renamed)", 3),
            (r"\bimport(?:s| errors?| statements?)\b", 2, "t"),
            (r"(?:invalid|wrong|incorrect) (?:\w+ )?import(?: path)?|import path", 2),
            (r"\bImportError\b", 1, "b"),
            (r"does not exist in the provider", 2.5),
            (r"(?-i:Wafv2WebAclRuleStatement\w*)", 3, "b"),
            (r"strongly[- ]typed (?:cdktf )?classes|(?:aws[- ])?cdk[- ]style (?:class )?names?|wrong struct(?: class)?|"
             r"data source (?:module )?(?:vs\.?|instead of) (?:a )?resource", 2, "p"),
            (r"\bclass(?:es)?\b", 1.5, "t"),
            (r"breaking changes?", 1.5, "t"),
            (r"should be `?(?-i:[A-Z]\w+)`?", 1, "p"),
        ],
    ),
    (
        "dict_key_case_mismatch",
        [
            (r"camel ?case", 3),
            (r"snake_case", 1.5),
            (r"plain (?:python )?dict(?:ionar(?:y|ies))?s?|dictionary syntax|dict(?:ionary)? literals?", 3),
            (r"(?:property|key|field) names|key casing|wrong case|naming convention", 2, "t"),
            (r"serializ\w+|silently dropped|null values?|unconverted|not converted", 2),
            (r"one of `?cidr_block|no definition was found", 3, "b"),
            (r"(?:typed?|struct|type-safe) (?:class(?:es)?|objects?)|`?(?-i:RouteTableRoute|SecurityGroupIngress)`? "
             r"class", 1, "p"),
            (r"inline route", 2, "t"),
            (r"\[\s*\{\s*[\"'][a-z]+_[a-z_]+[\"']\s*:", 1.5, "b"),
        ],
    ),
    (
        "nested_block_list_vs_object",
        [
            (r"(?:list|array)s? (?:vs\.?|instead of|versus|rather than|where) (?:a |an )?(?:single )?(?:object|dict|"
             r"struct)|(?:object|dict|struct)s? (?:vs\.?|instead of|rather than) (?:a |an )?(?:list|array)|"
             r"incorrect nesting|(?:double|extra)[- ]?wrap\w*", 3),
            (r"default[_ ]tags (?:structure|format|shape|type)", 3, "t"),
            (r"\bstructure\b", 1, "t"),
            (r"(?:needs?|needed|must|should|has) (?:to )?be (?:an? )?(?:list|array)|(?:array|list) (?:format|syntax)|"
             r"wrap(?:ped)? in (?:a )?list|incorrect list syntax", 3),
            (r"(?:expiration|transition|filter|lifecycle) (?:\w+ )?(?:structure|format)", 2, "t"),
            (r"lifecycle", 1, "t"),
            (r"parameter type|syntax errors?", 1, "t"),
        ],
    ),
    (
        "schema_argument_invalid_or_missing",
        [
            (r"unexpected keyword argument", 4, "b"),
            (r"(?:missing )?required (?:argument|parameter|field|property)|missing required", 2.5),
            (r"(?:not a |in)valid (?:argument|parameter|property|field)|unsupported (?:argument|parameter)|"
             r"unknown (?:argument|parameter)|not expected here", 2.5),
            (r"missing (?:\w+ ){0,3}(?:parameter|argument|field|filter|input template|destination cidr)\b", 2.5,
             "t"),
            (r"without (?:explicitly )?specifying|(?:parameter|argument) instead of|(?:parameter|argument|property) "
             r"(?:that )?(?:does(?: not|n't) exist|is not (?:supported|valid))|as a (?:parameter|argument) of|"
             r"incorrect (?:parameter|argument) name", 2.5, "p"),
            (r"(?:parameter|argument) nam(?:e|ing)", 2, "t"),
            (r"(?:does not|doesn't) (?:support|accept|have) (?:an? |the )?(?:`?\w+`? )?(?:argument|parameter|attribute|"
             r"property|field)|tags on (?:a )?data source", 2.5, "p"),
            (r"(?:api gateway|security group rules?|data source) .{0,20}(?:configuration|rules?)$", 0.5, "t"),
        ],
    ),
    (
        "wrong_value_type",
        [
            (r"type mismatch|wrong type|incorrect (?:\w+ )?type\b|type (?:error|checking)|\btype issues?", 3),
            (r"\bbool(?:ean)?\b|data type|type conversion", 2, "t"),
            (r"path object|(?:object|int|integer|number) (?:instead of|not) (?:a )?string|requires (?:a )?string",
             2, "p"),
            (r"expects? (?:a |an )?(?:string|str|bool\w*|int\w*|number)|(?:string|int|integer|number|bool\w*) "
             r"(?:instead of|where|rather than)|type of argument|boolean-like|got (?:list|dict|str|int|bool)", 2, "b"),
            (r"\bTypeError\b", 1, "b"),
            (r"pathlib", 1.5, "b"),
        ],
    ),
    (
        "deprecated_or_version_incompatible_api",
        [
            (r"deprecat\w*", 3, "t"),
            (r"deprecat\w*", 1, "p"),
            (r"vpc\s*=\s*true", 3, "b"),
            (r"removed in (?:provider|v\d)|no longer supported|inline (?:versioning|encryption|acl|"
             r"server_side_encryption)", 2, "p"),
        ],
    ),
    (
        "python_import_or_runtime_error",
        [
            (r"missing\b.{0,40}\bimports?\b|\bimports? (?:missing|statement missing)", 4, "t"),
            (r"(?:not|never) imported|without (?:being )?import\w*|failed to import", 3, "p"),
            (r"\bNameError\b|undefined (?:name|variable|class)|is not defined", 3, "b"),
            (r"missing imports?|import statements?|not defined", 1.5, "p"),
            (r"scope|variable (?:access|reference|name)", 3, "t"),
            (r"(?:construct|output|resource) ids?\b.{0,30}unique|duplicate (?:construct |resource |output )?ids?\b",
             3, "p"),
            (r"naming conflict", 1, "t"),
            (r"duplicate(?:d)? (?:resource|construct) (?:creation|ids?)|created twice|defined twice", 2, "p"),
        ],
    ),
    (
        "hardcoded_secret_or_password",
        [
            (r"hard-?cod\w*\s.{0,25}(?:password|credential|secret)|(?:password|credentials?|secret)s? "
             r".{0,20}hard-?cod", 4),
            (r"master_password|master password", 1.5),
            (r"plain ?text (?:password|secret|credential)|(?:default|fallback|literal) (?:password|secret)", 3),
            (r"\bpasswords?\b", 1, "t"),
            (r"manage_master_user_password|RandomPassword|random_password", 1, "b"),
        ],
    ),
    (
        "hardcoded_account_arn_or_id",
        [
            (r"123456789012", 4, "b"),
            (r"hard-?cod\w*\s.{0,25}(?:\barn|account|\bami\b|\baz\b|availability zone|thumbprint|certificate|"
             r"\bvpc\b|subnet|layer|\bids?\b)|(?:account id|\barn|\bami|thumbprint|availability zone)s? "
             r".{0,20}hard-?cod", 4),
            (r"thumbprint", 3),
            (r"availability zone nam\w*", 3, "t"),
            (r"\bami-[0-9a-f]{4,}", 2, "b"),
            (r"account id", 1.5),
            (r"'abc'\[|\{(?:self\.)?\w*region\}[abc]\b", 2, "b"),
        ],
    ),
    (
        "s3_bucket_name_not_unique",
        [
            (r"globally unique|global namespace|bucketalreadyexists|already (?:taken|owned)", 3),
            (r"bucket names? (?:conflict|collision|not unique|uniqueness)", 4, "t"),
        ],
    ),
    (
        "env_suffix_missing_in_names",
        [
            (r"environment[_ ]?suffix|env(?:ironment)? suffix", 3, "t"),
            (r"environment[_ ]?suffix", 0.5, "p"),
            (r"without (?:the |an? )?environment[_ ]?suffix", 2, "p"),
            (r"static (?:resource )?nam\w*|hard-?cod\w* (?:resource )?nam\w*|fixed (?:resource )?names?|"
             r"(?:random|unique) suffix", 3, "t"),
            (r"static names?|(?:random|unique) suffix|name collisions?|naming conflicts?|collide|"
             r"deployed (?:more than once|multiple times|in parallel)", 1, "p"),
        ],
    ),
    (
        "hardcoded_environment_values",
        [
            (r"hard-?cod\w* (?:\w+ ){0,4}(?:environment|env|stage)\b(?! ?suffix| variables?)|environment "
             r"(?:prefix|names?) hard-?cod|environment prefix\w*", 3, "t"),
            (r"hard-?coded environment", 2, "p"),
            (r"environment_suffix\s*=\s*['\"](?:dev|prod|staging|test)['\"]", 2, "b"),
            (r"environment\s*[=:]\s*['\"](?:production|prod|dev)['\"]|\"prod-|'prod-", 1, "b"),
        ],
    ),
    (
        "tests_broken_constructor_or_import",
        [
            (rf"{_TEST}\b.{{0,40}}\b(?:constructor|import(?! order| position)\w*|wrong class|signature|"
             rf"parameters?)|(?:constructor|signature)\b.{{0,40}}\b{_TEST}", 4, "t"),
            (r"tests? (?:import|instantiat|call|pass)\w*|aws_cdk\.assertions", 2, "p"),
            (r"(?:aws )?cdk (?:instead of|rather than) cdktf|instead of cdktf|\bimport aws_cdk\b", 3, "b"),
            (rf"{_TEST}\b.{{0,40}}\bmismatch", 3, "t"),
        ],
    ),
    (
        "entrypoint_stack_signature_mismatch",
        [
            (r"(?:stack )?constructor (?:signature|parameters?|arguments?)|(?:stack|constructor) (?:parameters?|"
             r"signature)|parameters? in (?:the )?(?:stack )?constructor", 3, "t"),
            (r"\b(?:tap|main|app)\.py\b", 3, "t"),
            (r"stack initiali[sz]ation|initiali[sz]ation pattern", 2.5, "t"),
            (r"(?:not|without) passing|\*\*kwargs", 1, "p"),
            (r"\btap\.py\b|entry ?point|constructor (?:signature|parameters?)", 1, "p"),
            (r"\bentry ?point\b", 1, "t"),
            (r"does(?: not|n't) accept|not (?:accepted|forwarded|passed (?:through|to the stack))", 2, "p"),
            (r"state_bucket_region|default_tags", 0.5, "b"),
        ],
    ),
    (
        "project_scaffolding_missing_or_wrong",
        [
            (r"cdktf\.json", 3),
            (r"__init__\.py|\bpipfile\b|requirements\.txt|package dependenc\w+|cdktf (?:package )?dependenc\w+", 2),
            (r"project (?:structure|layout|setup)|scaffold\w*|main guard|if __name__", 3, "t"),
            (rf"{_MISSING} (?:\w+ ){{0,5}}(?:files?|module file)\b", 3, "t"),
            (r"lib/lib\b|nested lib|\"app\"\s*:|app command", 2, "b"),
            (r"\bcdktf configuration\b", 1.5, "t"),
        ],
    ),
    (
        "builtin_shadowing_id",
        [
            (r"shadow\w*", 3),
            (r"redefined-builtin|W0622", 4),
            (r"built-?in", 2, "t"),
            (r"\(id\b|\bid\)|`id`|\bid (?:parameter|argument)|(?:parameter|argument) (?:named )?`?id\b", 3, "t"),
            (r"reserved keyword|python keyword", 1.5, "t"),
        ],
    ),
    (
        "lambda_asset_path_relative",
        [
            (r"relative (?:file )?paths?", 3),
            (r"cdktf\.out", 2, "b"),
            (r"working directory", 2, "p"),
            (r"(?:zip|asset|file|package) (?:file )?path|path (?:error|issue|problem)", 3, "t"),
            (r"os\.path\.abspath|abspath|Path\(__file__\)|absolute path", 1.5, "b"),
            (r"no such file", 1, "b"),
        ],
    ),
    (
        "lambda_package_missing_or_invalid",
        [
            (r"deployment package|\bpackag(?:e|ing)\b(?! dependenc)|lambda (?:\w+ ){0,2}deployment|lambda "
             r"dependenc\w+", 3, "t"),
            (r"lambda dependenc\w+|not bundled|bundl(?:e|ed|ing) (?:the )?dependenc\w+|never packaged|"
             r"raw \.py file", 2, "p"),
            (r"zip (?:file )?(?:is |was )?(?:never|not|isn'?t|wasn'?t) (?:created|exist|generated|built|produced)|"
             r"(?:does not|doesn't) exist|placeholder (?:zip|hash|code|archive)|(?:missing|no) (?:lambda )?"
             r"(?:zip|deployment package|archive)", 3, "p"),
            (r"TerraformAsset|archive_file|DataArchiveFile|source_code_hash", 1, "b"),
            (r"deployment package|lambda (?:zip|package|archive)", 2, "p"),
            (r"\.zip\b|\bzip\b", 1, "t"),
            (r"inline code|container image|directory (?:asset )?instead of (?:an? )?(?:archive|zip)|image (?:was )?"
             r"(?:never|not) pushed", 1.5, "p"),
        ],
    ),
    (
        "reserved_lambda_env_var",
        [
            (r"reserved (?:aws_?region|environment|env|key|variable|lambda)\b", 4),
            (r"AWS_?REGION", 1, "t"),
            (r"AWS_REGION", 1, "p"),
        ],
    ),
    (
        "lambda_source_code_defect",
        [
            (r"module[- ]level|(?:at|during) (?:module )?import(?: time)?|import[- ]time", 3),
            (r"boto3 clients?|client initiali[sz]\w*|initiali[sz]\w* .{0,20}clients?", 2.5),
            (r"NoRegionError", 4, "b"),
            (r"aws-sdk|sdk v2|require\(['\"]aws-sdk", 3, "b"),
            (r"lambda (?:function )?environment variables?|handler (?:code|logic)|lambda (?:handler|source|function) "
             r"(?:code|implementation)", 2.5, "t"),
            (r"business logic", 1.5, "p"),
        ],
    ),
    (
        "lambda_handler_mismatch",
        [
            (r"handler (?:string |name |path )?(?:mismatch|does(?: not|n't) match|incorrect|wrong)|(?:wrong|"
             r"incorrect|mismatched) handler", 4),
            (r"Runtime\.ImportModuleError|unable to import module", 3, "b"),
        ],
    ),
    (
        "raw_terraform_interpolation_string",
        [
            (r"\$\{", 1, "b"),
            (r"interpolation", 3),
            (r"escap\w+", 2.5, "t"),
            (r"\$\$\{|raw_string", 3, "b"),
            (r"hcl expression|hand-?written (?:hcl|expression|interpolation)", 2, "p"),
        ],
    ),
    (
        "token_misuse_at_synth",
        [
            (r"\btokens?\b", 2),
            (r"unresolved|synth(?:esis)? time", 1.5, "p"),
            (r"(?:index\w*|subscript\w*|split\w*) .{0,20}tokens?|tokens? .{0,20}(?:index|split|list)", 2, "p"),
        ],
    ),
    (
        "nonexistent_cdktf_fn_or_foreign_idiom",
        [
            (r"Fn\.\w+(?:\(\))?`? (?:function )?(?:does not|doesn't) exist|non-?existent `?(?:Fn\.|cdktf |"
             r"function)", 4),
            (r"Fn\.(?:sub|random_password|terraform_workspace|data_\w+|get_att|import_value)\b", 4, "b"),
            (r"cloudformation|AWS::\w+", 2),
            (r"aws[-_ ]cdk\b", 1, "p"),
        ],
    ),
    (
        "destroyability_blockers",
        [
            (r"force_?destroy|skip_?final_?snapshot|deletion[_ ]protection|mfa[_ ]delete", 3),
            (r"deletion order|stack deletion|delet\w+ fail\w*", 3, "t"),
            (r"(?:cannot|can't|unable to|block\w*|prevents?) (?:be )?(?:destroy|delet|tear ?down|clean)\w*|"
             r"destroyab\w+|teardown|tear down", 2),
            (r"deletion_window|deletion window", 2),
            (r"\bdestroy\w*", 1, "p"),
        ],
    ),
    (
        "conflicting_or_incompatible_settings",
        [
            (r"duplicate (?:ingress |egress |security group |sg )?rules?|rule conflicts?", 4),
            (r"not supported (?:for|with|on|by|in)|(?:only|is) (?:available|supported) (?:for|with|on)|"
             r"required when|requires? .{0,30} when|cannot be (?:combined|used (?:together|with))|mutually exclusive|"
             r"incompatible|InvalidParameterCombination|conflicts? with", 3),
            (r"not supported", 2, "t"),
            (r"launch_type .{0,60}capacity_provider|cache_policy_id .{0,60}forwarded_values|extended_statistic|"
             r"backtrack", 2, "b"),
            (r"not (?:properly )?supported|requires? (?:an? |explicit )?(?:authentication|credentials|kms keys?)", 2,
             "p"),
        ],
    ),
    (
        "kms_key_policy_missing_service_principal",
        [
            (r"key polic(?:y|ies)|kms (?:key )?polic(?:y|ies)", 3),
            (r"\bkms\b.{0,30}(?:permissions?|principals?|access)", 3.5, "t"),
            (r"service principals?", 2),
            (r"not allowed to be used|logs\.[\w.${}-]*amazonaws\.com", 2, "b"),
        ],
    ),
    (
        "missing_resource_policy_or_invoke_permission",
        [
            (r"lambda permissions?|invoke permissions?|(?:bucket|queue|topic|resource[- ]based) polic(?:y|ies)", 4.5,
             "t"),
            (r"not (?:triggering|invoking|invoked)|never invoked", 3, "t"),
            (r"LambdaPermission|lambda_permission|add_permission|permission to invoke|invoked by|allow \w+ to invoke",
             2, "b"),
            (r"(?:bucket|queue|topic|resource[- ]based) polic(?:y|ies)", 1, "p"),
        ],
    ),
    (
        "iam_overly_permissive",
        [
            (r"overly (?:permissive|broad)|too (?:permissive|broad)|excessive permissions?|broad permissions?", 4),
            (r"security groups?|ingress|\bcidr", -2, "t"),
            (r"unnecessary (?:\w+ ){0,2}permissions?", 3, "t"),
            (r"least[- ]privilege", 1.5),
            (r"wildcards?", 2),
            (r"\"\*\"|'\*'|:\*\"", 1, "b"),
        ],
    ),
    (
        "iam_missing_permissions",
        [
            (rf"{_MISSING} (?:(?!retention|lifecycle|backup|deletion|bucket|scaling|routing)\w+ ){{0,3}}"
             r"(?:permissions?|polic(?:y|ies)|iam roles?|(?:task |execution )?roles?)\b",
             3, "t"),
            (r"(?:wrong|incorrect|insufficient) (?:iam |managed )?(?:polic(?:y|ies)|permissions?)|incomplete iam|"
             r"iam roles?\b|execution role", 2.5, "t"),
            (r"lacks? .{0,25}permissions?|insufficient permissions?|access ?denied|not authori[sz]ed|"
             r"no polic(?:y|ies) attached|cannot (?:access|pull|write|read)", 2, "p"),
            (r"managed polic(?:y|ies)|policy_arn", 0.5, "b"),
            (r"managed polic(?:y|ies)", 2.5, "t"),
            (r"\bpermissions?\b", 0.5, "p"),
            (r"\bpermissions?\b", 1, "t"),
        ],
    ),
    (
        "missing_stack_outputs",
        [
            (r"\boutputs?\b", 3, "t"),
            (r"(?:missing|no) (?:stack |terraform )?outputs", 2, "t"),
            (r"(?:no|missing|without|incomplete) (?:stack |terraform )?outputs", 2, "p"),
            (r"TerraformOutput", 1, "b"),
            (r"\boutputs?\b", 1, "p"),
        ],
    ),
    (
        "tests_wrong_expectations",
        [
            (r"to_be_valid_terraform|Testing\.to_be\w*", 3, "b"),
            (r"Testing\.synth", 1, "b"),
            (r"(?:returns?|is) (?:a )?(?:json )?string|json\.loads\(", 0.5, "b"),
            (r"Testing\.synth\w*(?:\(\))?`? returns", 1.5, "b"),
            (rf"{_TEST}\b.{{0,30}}\b(?:assert\w*|expect\w*) (?:the )?(?:wrong|incorrect)|wrong (?:synthesi[sz]ed )?"
             r"structure|synthesi[sz]ed (?:json|output|structure)", 3, "t"),
            (r"(?:test|tests|testing) (?:api|expectations?|infrastructure|fix(?:es)?|robustness|failures?|failed|"
             r"assertions?|configuration)", 3, "t"),
            (r"(?:tests?|assertions?) .{0,30}(?:expect\w*|assum\w*|wrong|incorrect|strict|brittle|fragile)|"
             r"(?:overly )?strict assertions?|brittle|fragile|flaky", 2, "p"),
            (r"coverage (?:\w+ )?(?:config\w*|source|settings?|calculat\w*)|\.coveragerc|\[run\]|\bomit\b", 3),
            (r"(?:resource )?ids? prefix\w*|prefix\w* (?:\w+ )?(?:resource )?ids?", 2),
            (r"\bmock\w*", 1.5),
            (r"AssertionError|KeyError|AttributeError", 1, "b"),
            (r"legacy tests?(?: files?)?|nested under (?:the )?stack(?: name)?", 2),
        ],
    ),
    (
        "tests_missing_or_placeholder",
        [
            (r"placeholder tests?|self\.fail\(|trivial assert\w*|assert\w* nothing|is not None\b", 3),
            (rf"{_MISSING} (?:\w+ ){{0,3}}{_TEST}\b|{_TEST} (?:are |is )?(?:missing|absent)", 4, "t"),
            (rf"{_MISSING} (?:\w+ ){{0,2}}tests?\b", 1.5, "p"),
            (r"(?:incomplete|insufficient|low|inadequate|partial) (?:\w+ )?(?:test )?coverage|coverage (?:below|under|"
             r"threshold|gaps?)|test coverage", 3),
            (r"not real (?:integration )?tests?|never (?:touch|call|query)|(?:no|without) real aws|"
             r"(?:incomplete|insufficient|inadequate) (?:\w+ )?tests?", 3),
            (r"\b(?:unit|integration) tests?\b", 1.5, "t"),
            (r"\b(?:unit|integration) tests?\b", 0.5, "p"),
            (r"validation tests?", 1.5, "t"),
            (r"\bhasattr\(|#\s*TODO", 1, "b"),
            (r"coverage (?:\w+ )?config\w*|\.coveragerc", -2, "t"),
        ],
    ),
    (
        "code_quality_lint",
        [
            (r"\blint\w*|pylint|flake8|\bruff\b|pycodestyle", 3),
            (r"line length|lines? too long|long (?:import )?lines?|\b1[02]0 char", 3),
            (r"unused (?:import|variable|argument)s?|import (?:order|position)|wrong-import|ungrouped", 3),
            (r"trailing (?:newlines?|whitespace)|final newlines?|missing-final-newline|line endings?|\bcrlf\b", 3),
            (r"(?:unnecessary|needless|useless) f-strings?|f-strings? without|f-string-without", 3),
            (r"module length|too-many-\w+|too many (?:positional )?(?:arguments|lines|locals|statements)|positional "
             r"arguments", 3),
            (r"docstrings?", 2),
            (r"\b[CWR][01]\d{3}\b", 1.5, "b"),
            (r"code quality|\bstyle\b|formatting|file encoding|\bencoding\b", 1.5, "t"),
        ],
    ),
    (
        "invalid_or_unavailable_version",
        [
            (r"(?:invalid|unsupported|unavailable|outdated|old|wrong) (?:\w+ ){0,3}versions?|engine[_ ]versions?|"
             r"runtime versions?", 3, "t"),
            (r"version .{0,30}(?:not (?:available|supported|found)|does(?: not|n't) exist|isn't available)|"
             r"cannot find version|not available in", 3, "p"),
            (r"engine_version", 0.5, "b"),
            (r"engine[_ ]version", 1, "p"),
            (r"python3\.[0-9]\b|nodejs1[0-6]", 1, "b"),
        ],
    ),
    (
        "aws_name_constraint_violation",
        [
            (r"name (?:length|too long)|names? (?:exceed|longer than)|length (?:limit|violations?|constraints?)|"
             r"\b(?:21|32|63|64) char(?:acter)?s?\b", 3),
            (r"naming (?:rules?|constraints?|requirements?|violations?)|name constraints?", 3, "t"),
            (r"(?:invalid|illegal|disallowed) characters?|uppercase|underscores? (?:are |is )?not allowed|"
             r"hyphens? (?:are |is )?not allowed|only (?:lowercase|alphanumeric)", 1.5, "p"),
            (r"reserved (?:\w+ )?(?:username|user ?name|db name|database name)", 3),
            (r"(?:database|db) names?", 1.5, "t"),
        ],
    ),
    (
        "reserved_or_example_domain",
        [
            (r"example\.(?:com|org|net)", 2, "b"),
            (r"reserved (?:\w+ )?domains?|domains? .{0,20}reserved", 4),
            (r"\bdomains?\b", 1, "t"),
        ],
    ),
    (
        "invalid_enum_or_range_value",
        [
            (r"allowed values?|valid values?|must be one of|expected .{0,30}to be one of|out of range|"
             r"(?:allowed|valid) range", 3),
            (r"too (?:short|high|low|large|small)\b|exceeds? (?:the )?(?:maximum|max\b|limit)|(?:minimum|maximum) "
             r"(?:of|is|value)|at least \d+ days", 3),
            (r"priorit(?:y|ies) (?:conflicts?|collisions?)|duplicate priorit\w*", 4),
            (r"retention_in_days|\b2555\b|max_aggregation_interval|reserved_concurrent_executions", 1.5, "b"),
            (r"\brequirements\b", 0.5, "t"),
            (r"\bretention\b", 0.5, "p"),
        ],
    ),
    (
        "region_or_multi_region_misconfig",
        [
            (r"region (?:configuration )?mismatch|wrong region|(?:default|hard-?coded) region|region (?:not|never) "
             r"passed", 4, "t"),
            (r"provider alias|aliased providers?|providers? (?:created )?in (?:a )?loop", 2),
            (r"(?:multi-?region|aliased?|regional|secondary) providers?|provider (?:configuration|alias)", 3, "t"),
            (r"\bregions?\b", 1, "t"),
            (r"\bregions?\b", 0.5, "p"),
        ],
    ),
    (
        "networking_misconfig",
        [
            (r"cidr (?:overlap|math|conflict)|overlapping (?:cidr|subnet)s?", 3),
            (r"availability zones?|\bazs?\b", 2.5, "t"),
            (r"vpc endpoints?|lambda vpc|vpc config\w*|\bnacls?\b|network acl|route tables? association", 1.5, "t"),
            (r"private subnets? without|no (?:nat|internet) (?:gateway|access|route)|(?:cannot|can't) reach|"
             r"map_public_ip|timeouts?", 1, "p"),
            (r"\bnat\b", 0.5, "t"),
            (r"map_public_ip_on_launch|public ips? (?:on|in) private|too few (?:azs|availability zones)|"
             r"(?:cidr|subnet) (?:overlap|math)", 2, "p"),
            (r"\bcidrs?\b|route tables?", 1, "p"),
            (r"nat gateways?|\bsubnets?\b", 0.5, "p"),
        ],
    ),
    (
        "missing_dependency_or_ordering",
        [
            (r"depends_on", 3),
            (r"race condition", 3),
            (r"(?:creation |deployment )?order(?:ing)?\b", 3, "t"),
            (r"(?<!package )(?<!lambda )dependenc(?:y|ies)\b", 2, "t"),
            (r"(?:must|needs to) (?:exist|be created) before|created before|before .{0,30} (?:is|was|are) created",
             2, "p"),
        ],
    ),
    ("circular_dependency", [(r"circular", 4), (r"\bcycles?\b", 3), (r"depends on itself|chicken[- ]and[- ]egg", 3)]),
    (
        "dynamodb_table_misconfig",
        [
            (r"global tables?", 1.5, "t"),
            (r"global tables?", 1, "p"),
            (r"stream_enabled|stream_view_type|NEW_AND_OLD_IMAGES", 3, "b"),
            (r"attribute[_ ]definitions?|key schema", 2),
        ],
    ),
    (
        "json_document_malformed",
        [
            (r"(?:metrics?|dashboard|container definitions?|json|definition|document|body) (?:format|syntax|"
             r"structure) (?:error|issue)s?", 3, "t"),
            (r"malformed json|invalid json|dashboard body|body is invalid", 3, "b"),
            (r"json\.dumps", 0.5, "b"),
        ],
    ),
    (
        "external_dependency_lookup",
        [
            (r"pre-?existing|already exists? in (?:the |your )?account|existing (?:vpc|secret|certificate|subnets?|"
             r"hosted zone|key|resources?)|fresh account", 3),
            (r"discovery|look(?:s|ed)? ?ups?\b", 2, "t"),
            (r"data sources?", 1, "p"),
            (r"snapshot_identifier", 2, "b"),
        ],
    ),
    (
        "wrong_attribute_or_resource_reference",
        [
            (r"\.arn (?:instead of|where|rather than)|(?:arn|id|name) instead of (?:the |an? )?(?:arn|id|name)\b", 3),
            (r"(?:wrong|incorrect) (?!variable)(?:\w+ ){0,2}(?:attribute|reference)|references? (?:the )?wrong", 4,
             "t"),
            (r"\breferences?\b", 3, "t"),
            (r"(?:arn|id) format|cross-region (?:\w+ ){0,3}reference", 2, "t"),
            (r"execution_arn|invoke_url", 1, "b"),
        ],
    ),
    (
        "resource_already_exists_on_redeploy",
        [
            (r"already exists", 3),
            (r"scheduled for deletion|recovery window|leftovers?|previous (?:run|deployment)s?", 2),
        ],
    ),
    (
        "environment_quota_or_ci_issue",
        [
            (r"\bquotas?\b|limit ?exceeded|service limit|account limit", 3),
            (r"localstack", 3),
            (r"provider bug|cli output|truncat\w+", 1.5, "p"),
            (r"AddressLimitExceeded|VpcLimitExceeded|maximum number of (?:vpcs|addresses|eips?)|\beips? limit|"
             r"vpc limit", 3, "b"),
        ],
    ),
    (
        "observability_missing_or_wrong",
        [
            (r"\balarms?\b|\balerts?\b|alerting|dashboards?|x-?ray|tracing|log groups?|flow logs?|monitoring", 1.5,
             "t"),
            (rf"{_MISSING} (?:\w+ ){{0,3}}(?:alarms?|alerts?|dashboards?|x-?ray|tracing|log groups?|flow logs?|"
             r"monitoring|metrics?|logging)|monitoring gaps|(?:without|no) (?:\w+ )?retention", 1.5, "t"),
            (r"cloudwatch", 0.5, "t"),
            (r"\bmetrics?\b", 0.5, "t"),
            (r"\balarms?\b|x-?ray|flow logs?|log retention", 0.5, "p"),
            (r"alarm_actions|no (?:alarm )?actions|wrong (?:metric|statistic|dimensions?)", 1, "p"),
            (r"dashboards?|log groups?|monitoring", 0.5, "p"),
        ],
    ),
    (
        "tagging_issues",
        [
            (r"\btags?\b|tagging", 3, "t"),
            (r"default_tags", 1, "b"),
            (r"\btags?\b", 0.5, "p"),
            (r"propagate_at_launch|propagat\w+ tags|tags? (?:not )?propagat\w+|duplicat\w+ tag", 2, "p"),
        ],
    ),
    (
        "cost_inefficiency",
        [
            (r"\bcost(?:s|ly)?\b", 2, "t"),
            (r"unnecessary (?:\w+ ){0,3}(?:roles?|resources?|nat)", 3, "t"),
            (r"nat gateways? per|per az|multi-?az for dev|over-?provision\w*|expensive|cost optimi\w+", 1.5),
            (r"\bcosts?\b", 0.5, "p"),
        ],
    ),
    (
        "documentation_or_metadata",
        [
            (r"\bdocument(?:ed|ation)?\b|readme|runbook|\.md\b|metadata\.json|not acknowledged", 3, "t"),
            (r"readme|metadata\.json|IDEAL_?RESPONSE\.md|documentation", 0.5, "p"),
        ],
    ),
    (
        "code_structure_or_robustness_preference",
        [
            (r"verbose|inefficient|over-?engineer\w*|file structure|multi-?file|single (?:stack|file)|multiple stacks|"
             r"separate (?:files?|stacks?|modules?)|monolith\w*|modular\w*|refactor\w*|readability|maintainab\w+",
             3, "t"),
            (r"(?:hard-?coded|inline|embedded) lambda code|embedded as (?:a )?string|error handling|input validation|"
             r"\bretr(?:y|ies)\b|broad except|bare except|duplicat\w* (?:code|blocks?|logic|definitions?)|"
             r"helper (?:methods?|functions?)", 3),
            (r"unnecessar\w+ (?:complexity|abstraction|nested)|maintenance overhead|harder to (?:read|maintain|manage)|"
             r"over-?complicat\w*|complexity without|multi-stack|separat\w+ (?:of )?concerns|inconsistent naming|"
             r"naming conventions?", 1.5, "p"),
            (r"organi[sz]ation|over-?complicat\w*|duplicat\w* (?:\w+ ){0,3}code|attribute exposure|expos\w+ "
             r"(?:\w+ )?attributes?", 3, "t"),
        ],
    ),
    (
        "architecture_or_requirement_mismatch",
        [
            (r"wrong (?:database |db )?engine|engine_mode|serverless v2|deployment controller|blue[- ]green|"
             r"weights?\b", 1.5, "t"),
            (r"configuration wrong$|misread|misinterpret\w*|contradict\w*|instead of (?:the )?"
             r"(?:requested|required|specified)", 2),
            (r"(?:wrong|incorrect) architecture|architecture (?:pattern|mismatch)|(?:multi|single)-?region instead",
             3, "t"),
            (r"not (?:using|meet\w*) .{0,40}(?:as specified|requirements?)|as specified|as required", 1, "p"),
        ],
    ),
    (
        "security_hardening_missing",
        [
            (rf"{_MISSING}\b.{{0,30}}encrypt\w*|encrypt\w* (?:missing|not|disabled)|(?:un|not )encrypted|at rest", 3,
             "t"),
            (r"encrypt\w*", 0.5, "p"),
            (rf"{_MISSING}\b.{{0,30}}encrypt\w*|(?:un|not )encrypted", 1.5, "p"),
            (r"public access block|block public|imdsv2|http_tokens|publicly[_ ]accessible|public (?:db|database)", 3),
            (r"security groups? (?:\w+ ){0,3}(?:too |overly )?(?:permissive|open|broad)|(?:permissive|open|broad) "
             r"(?:security group|ingress)", 2, "t"),
            (r"\b(?:tls|ssl)\b|\bhttps\b(?!://)", 2.5, "t"),
            (r"(?:kms |secrets? (?:manager )?|key |credential )rotation|enable_key_rotation|\brotation\b", 3, "t"),
            (r"0\.0\.0\.0/0", 1, "b"),
            (r"ssl enforcement|require_secure_transport|force_ssl|enforce (?:ssl|tls|https)", 2),
            (r"\b(?:tls|ssl)\b|\bhttps\b(?!://)", 0.5, "p"),
            (r"kms (?:key )?rotation|key rotation", 1.5, "p"),
            (r"security (?:best practices?|hardening|posture)", 1, "p"),
        ],
    ),
    (
        "speculative_or_generic_note",
        [
            (r"known limitations?|anticipated|hypothetical", 3),
            (r"\bsymptoms\b|\bmitigation\b", 2, "p"),
            (r"\bmay (?:fail|cause|experience|take|not|be)\b", 1, "p"),
            (r"best practices?", 0.5, "p"),
            (r"\b(?:potential|possible)\b", 1.5, "t"),
            (r"may have (?:had)?|might have|would likely|could potentially|in a real|in production", 1, "p"),
        ],
    ),
    (
        "required_component_missing",
        [
            (r"^\W*(?:[a-z]\d+\s*[:.)-]\s*|(?:bug|error|issue|failure) #?\d+\s*[:.)-]\s*)?(?:missing|no|lacks?|"
             r"absent|incomplete)\b", 2, "t"),
            (r"not (?:fully |properly |explicitly )?(?:configured|deployed|implemented|created)|commented[- ]out",
             2, "t"),
            (r"(?:not|never) (?:implemented|configured)|completely (?:missing|omitted)|omitted|stubbed|skeleton|"
             r"incomplete implementation|failed to provide|"
             r"(?:core|required|critical) (?:infrastructure )?components?", 2),
            (r"missing (?:the )?(?:required )?(?:components?|resources?|features?)", 1.5, "p"),
            (r"prompt (?:explicitly )?(?:required|requested|asked|specified|requires)|"
             r"requirements? from (?:the )?prompt", 1),
            (rf"{_MISSING} (?:\w+ ){{1,3}}(?:resources?|components?|configuration|implementation|support|integration|"
             r"groups?|endpoints?|plans?|keys?|definition|checks?|tables?|replication|auto-?scaling|backups?|"
             r"waf|buckets?)\b", 0.5, "t"),
        ],
    ),
]
