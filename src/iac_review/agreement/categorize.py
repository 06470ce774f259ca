"""Keyword classifier: the text of a human item -> a category id of the taxonomy.

Each category has a few keyword patterns (regular expressions, case-insensitive)
with weights; a hit in the title counts double. The best-scoring category wins;
ties go to the category listed first. No hit -> None.
"""

from __future__ import annotations

import re

# (category id, [(pattern, weight)]); order breaks ties.
_KEYWORDS: list[tuple[str, list[tuple[str, float]]]] = [
    (
        "provider_class_missing_a_suffix",
        [
            (r"\ba[- ]suffix\b", 3),
            (r"\"a\" suffix", 3),
            (r"\b\w+(?:Versioning|Configuration|Logging|Policy)A\b", 3),
            (r"class names?", 1),
            (r"jsii", 1),
        ],
    ),
    (
        "s3_backend_invalid_option",
        [(r"use_lockfile", 4), (r"extraneous json object property", 3), (r"backend (?:config|option|parameter)", 1)],
    ),
    (
        "dict_key_case_mismatch",
        [(r"camel ?case", 3), (r"snake_case", 2), (r"key casing|wrong case", 2), (r"plain dict", 1)],
    ),
    (
        "provider_symbol_nonexistent",
        [
            (r"non-?existent (?:class|struct|module|import)", 3),
            (r"does not exist in the provider", 3),
            (r"cannot import name", 2),
            (r"incorrect (?:cdktf )?(?:provider )?class", 2),
            (r"ImportError", 1),
        ],
    ),
    (
        "hardcoded_account_arn_or_id",
        [
            (r"account id", 2),
            (r"123456789012", 4),
            (r"hard-?coded (?:arn|ami|az)", 3),
            (r"\bami-[0-9a-f]+", 2),
            (r"thumbprint", 2),
        ],
    ),
    (
        "s3_bucket_name_not_unique",
        [
            (r"globally unique", 3),
            (r"global namespace", 3),
            (r"bucketalreadyexists", 4),
            (r"bucket name (?:conflict|collision)", 3),
        ],
    ),
    (
        "hardcoded_secret_or_password",
        [
            (r"hard-?coded (?:db |database )?(?:password|credential|secret)", 4),
            (r"master_password", 3),
            (r"plain ?text password", 3),
        ],
    ),
    (
        "env_suffix_missing_in_names",
        [(r"environment[_ ]suffix", 2), (r"without (?:the )?environment[_ ]suffix", 3), (r"name collision", 1)],
    ),
    (
        "hardcoded_environment_values",
        [(r"hard-?coded environment", 3), (r"environment_suffix\s*=\s*['\"]dev", 3), (r"\bprod-", 1)],
    ),
    (
        "state_backend_missing_or_misdesigned",
        [
            (r"s3 ?backend", 2),
            (r"remote state", 2),
            (r"local state", 2),
            (r"backend configuration", 2),
            (r"state (?:bucket|backend|locking)", 2),
            (r"lock table", 1),
        ],
    ),
    (
        "entrypoint_stack_signature_mismatch",
        [
            (r"tap\.py", 2),
            (r"constructor (?:signature|parameters?)", 2),
            (r"entry ?point", 2),
            (r"state_bucket_region", 2),
        ],
    ),
    (
        "project_scaffolding_missing_or_wrong",
        [
            (r"cdktf\.json", 3),
            (r"__init__\.py", 2),
            (r"missing (?:\w+ )?module file", 3),
            (r"project structure", 2),
            (r"scaffold", 2),
        ],
    ),
    ("builtin_shadowing_id", [(r"shadow", 3), (r"redefined-builtin", 4), (r"W0622", 4)]),
    (
        "nested_block_list_vs_object",
        [
            (r"list (?:vs|instead of|versus) (?:a )?(?:single )?object", 3),
            (r"wrap(?:ped)? in (?:a )?list", 3),
            (r"expiration", 1),
            (r"must be a list", 3),
            (r"lifecycle", 1),
        ],
    ),
    (
        "schema_argument_invalid_or_missing",
        [
            (r"unexpected keyword argument", 4),
            (r"required argument", 3),
            (r"not (?:a )?(?:valid|supported) (?:argument|parameter)", 3),
            (r"invalid (?:argument|parameter)", 2),
        ],
    ),
    (
        "wrong_value_type",
        [
            (r"type mismatch", 3),
            (r"wrong type", 3),
            (r"expects? (?:a )?string", 2),
            (r"bool(?:ean)? (?:instead|where)", 2),
        ],
    ),
    (
        "deprecated_or_version_incompatible_api",
        [(r"deprecat", 3), (r"vpc\s*=\s*true", 3), (r"removed in (?:provider|v\d)", 3)],
    ),
    (
        "python_import_or_runtime_error",
        [
            (r"missing imports?", 3),
            (r"NameError", 3),
            (r"not defined", 2),
            (r"undefined (?:name|variable)", 3),
            (r"import statements?", 2),
        ],
    ),
    (
        "lambda_asset_path_relative",
        [(r"relative path", 3), (r"cdktf\.out", 2), (r"asset path", 2), (r"no such file", 2)],
    ),
    (
        "lambda_package_missing_or_invalid",
        [
            (r"zip (?:file )?(?:never|not) (?:created|exist)", 3),
            (r"deployment package", 3),
            (r"placeholder zip", 3),
            (r"lambda (?:zip|package|archive)", 2),
        ],
    ),
    (
        "lambda_source_code_defect",
        [(r"module[- ]level", 3), (r"boto3 client", 3), (r"NoRegionError", 4), (r"handler code", 2), (r"sdk v2", 3)],
    ),
    ("lambda_handler_mismatch", [(r"handler (?:string|name) (?:mismatch|does not)", 3)]),
    ("reserved_lambda_env_var", [(r"reserved (?:environment|env)", 4), (r"AWS_REGION", 2)]),
    ("raw_terraform_interpolation_string", [(r"\$\{", 2), (r"interpolation", 3), (r"escape", 1)]),
    ("token_misuse_at_synth", [(r"\btokens?\b", 2), (r"synth time", 2), (r"unresolved", 2)]),
    (
        "nonexistent_cdktf_fn_or_foreign_idiom",
        [(r"Fn\.\w+ (?:does not|doesn't) exist", 4), (r"Fn\.sub", 4), (r"cloudformation", 2), (r"aws[- ]cdk", 2)],
    ),
    (
        "destroyability_blockers",
        [
            (r"force_destroy", 3),
            (r"skip_final_snapshot", 3),
            (r"deletion_protection", 3),
            (r"destroy", 1),
            (r"mfa delete", 3),
        ],
    ),
    (
        "security_hardening_missing",
        [
            (r"encrypt", 2),
            (r"public access block", 3),
            (r"imdsv2", 3),
            (r"\btls\b|\bhttps\b", 1),
            (r"kms (?:key )?rotation", 2),
            (r"0\.0\.0\.0/0", 2),
        ],
    ),
    (
        "iam_overly_permissive",
        [(r"least[- ]privilege", 3), (r"overly permissive", 3), (r"wildcard", 2), (r"\"\*\"", 1)],
    ),
    (
        "iam_missing_permissions",
        [
            (r"missing (?:iam )?permissions?", 3),
            (r"lacks? (?:the )?(?:required )?permissions?", 3),
            (r"AccessDenied", 2),
            (r"managed policy", 2),
            (r"\bpermissions\b", 1),
        ],
    ),
    ("kms_key_policy_missing_service_principal", [(r"key policy", 3), (r"service principal", 2)]),
    (
        "missing_resource_policy_or_invoke_permission",
        [(r"LambdaPermission", 3), (r"invoke permission", 3), (r"bucket policy", 2), (r"resource[- ]based policy", 3)],
    ),
    ("missing_stack_outputs", [(r"TerraformOutput", 2), (r"\boutputs?\b", 2)]),
    ("tests_broken_constructor_or_import", [(r"tests? (?:call|instantiat)", 3), (r"unexpected keyword argument", 1)]),
    (
        "tests_wrong_expectations",
        [
            (r"Testing\.synth", 3),
            (r"to_be_valid_terraform", 3),
            (r"test expectations?", 3),
            (r"assert(?:ion)?s? (?:the )?wrong", 3),
        ],
    ),
    (
        "tests_missing_or_placeholder",
        [
            (r"(?:unit|integration) tests?", 2),
            (r"test coverage", 3),
            (r"placeholder tests?", 4),
            (r"missing tests?", 3),
        ],
    ),
    (
        "code_quality_lint",
        [
            (r"lint", 3),
            (r"pylint", 3),
            (r"flake8", 3),
            (r"line length", 3),
            (r"long (?:import )?lines?", 3),
            (r"unused (?:import|variable)", 3),
            (r"docstring", 2),
        ],
    ),
    (
        "invalid_or_unavailable_version",
        [(r"engine[_ ]version", 3), (r"runtime version", 3), (r"python3\.[0-9]\b", 2), (r"not available in", 2)],
    ),
    ("invalid_enum_or_range_value", [(r"retention", 2), (r"allowed values?", 3), (r"out of range", 3)]),
    (
        "aws_name_constraint_violation",
        [
            (r"name (?:too long|length)", 3),
            (r"\b32 characters", 3),
            (r"naming (?:rule|constraint)", 2),
            (r"uppercase", 1),
        ],
    ),
    ("reserved_or_example_domain", [(r"example\.(?:com|org)", 3), (r"reserved domain", 4)]),
    ("region_or_multi_region_misconfig", [(r"\bregion\b", 1), (r"provider alias", 3), (r"multi-?region", 1)]),
    ("networking_misconfig", [(r"cidr", 2), (r"\bnat\b", 1), (r"subnet", 1), (r"route table", 2)]),
    ("missing_dependency_or_ordering", [(r"depends_on", 3), (r"race condition", 3), (r"ordering", 2)]),
    ("circular_dependency", [(r"circular", 4), (r"\bcycle\b", 3)]),
    (
        "conflicting_or_incompatible_settings",
        [(r"conflict(?:ing|s) with", 3), (r"cannot be (?:combined|used together)", 3), (r"incompatible", 2)],
    ),
    ("dynamodb_table_misconfig", [(r"global table", 3), (r"stream_enabled", 3), (r"attribute definitions?", 2)]),
    ("json_document_malformed", [(r"malformed json", 3), (r"dashboard body", 3), (r"json\.dumps", 1)]),
    (
        "external_dependency_lookup",
        [(r"pre-?existing", 3), (r"existing (?:vpc|secret|certificate)", 3), (r"data source lookup", 2)],
    ),
    (
        "wrong_attribute_or_resource_reference",
        [(r"\.arn where", 3), (r"wrong attribute", 3), (r"instead of \.?id", 2), (r"wrong (?:resource )?reference", 3)],
    ),
    ("resource_already_exists_on_redeploy", [(r"already exists", 3), (r"scheduled for deletion", 3)]),
    ("environment_quota_or_ci_issue", [(r"quota", 3), (r"localstack", 3), (r"limit exceeded", 3)]),
    (
        "observability_missing_or_wrong",
        [(r"alarm", 2), (r"dashboard", 1), (r"x-?ray", 2), (r"log group", 1), (r"flow logs?", 1), (r"monitoring", 1)],
    ),
    ("tagging_issues", [(r"\btags?\b", 2), (r"default_tags", 3)]),
    ("cost_inefficiency", [(r"\bcost\b", 1), (r"nat gateway per", 3), (r"expensive", 2)]),
    ("documentation_or_metadata", [(r"readme", 2), (r"metadata\.json", 3), (r"documentation", 1)]),
    (
        "architecture_or_requirement_mismatch",
        [(r"prompt (?:asked|required|requires|specified)", 2), (r"requirement", 1), (r"wrong (?:database )?engine", 3)],
    ),
    (
        "required_component_missing",
        [
            (r"missing (?:the )?(?:required )?(?:component|resource|feature)", 2),
            (r"not implemented", 2),
            (r"\bmissing\b", 0.5),
        ],
    ),
    (
        "code_structure_or_robustness_preference",
        [(r"monolith", 3), (r"error handling", 2), (r"duplicat", 2), (r"refactor", 2), (r"modular", 2)],
    ),
    ("speculative_or_generic_note", [(r"known limitation", 3), (r"anticipated", 3), (r"best practice", 1)]),
]

_COMPILED = [(cid, [(re.compile(p, re.I), w) for p, w in pats]) for cid, pats in _KEYWORDS]
CATEGORY_IDS = tuple(cid for cid, _ in _KEYWORDS)


def scores(title: str, text: str = "") -> dict[str, float]:
    """Score of every category with a hit."""
    out: dict[str, float] = {}
    for cid, pats in _COMPILED:
        s = 0.0
        for rx, w in pats:
            if rx.search(title):
                s += 4 * w
            if text and rx.search(text):
                s += w
        if s:
            out[cid] = s
    return out


def categorize(title: str, text: str = "") -> str | None:
    """The best category id for an item, or None when no keyword matches."""
    sc = scores(title, text)
    if not sc:
        return None
    best = max(sc.values())
    return next(cid for cid in CATEGORY_IDS if sc.get(cid) == best)
