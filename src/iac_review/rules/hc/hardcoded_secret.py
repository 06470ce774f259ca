"""Password, token or key written into the code.

What it finds:
    Literal strings (or f-strings with only literal text) given for secrets:
    `master_password`, `password`, `master_user_password`, `auth_token`,
    `secret_string` and other password / token / key arguments; dict keys
    such as `"password"` inside a `secret_string` or a Lambda / ECS
    environment (`DB_PASSWORD`, `API_KEY`, `{"name": "DB_PASSWORD", "value":
    "..."}`); variables with such names assigned a literal; literal defaults
    of `os.getenv("DB_PASSWORD", "...")` / `.get(..., "...")`; and literal
    parameter defaults passed on as a password. Not reported: values that
    reference Secrets Manager or SSM (ARNs, `{{resolve:...}}`, `${...}`,
    parameter paths), names of secrets (`*_ARN`, `*_NAME`, `*_ID`, ...), and
    password arguments of a call that sets `manage_master_user_password=True`.

Why it matters:
    The secret is readable by anyone with the repository, ends up in plain
    text in cdk.tf.json and the Terraform state, is the same in every
    environment, and cannot be rotated without a code change.

Example:
        RdsCluster(self, "db", engine="aurora-postgresql", master_username="dbadmin",
                   master_password="Sup3rSecret!")

Use instead:
        RdsCluster(self, "db", engine="aurora-postgresql", master_username="dbadmin",
                   manage_master_user_password=True)

Fix safety:
    No automatic fix: generating or fetching the secret changes the
    resources (a RandomPassword or a secret to read).

References:
    https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.analysis.string_sites import StringSite, string_sites
from iac_review.analysis.expressions import call_name
from iac_review.analysis.project_facts import project_facts

_SECRET = re.compile(r"pass(word|wd)?$|password|passwd|secret|token|api_?key|apikey|"
                     r"private_?key|access_?key|credential|auth_?token|auth_?key",
                     re.IGNORECASE)
# Names that identify or describe a secret rather than hold it.
_NOT_VALUE = re.compile(
    r"(_|^)(arn|arns|name|names|id|ids|path|param|parameter|key_id|kms|url|uri|region|ttl|"
    r"length|len|version|rotation|type|header|field|prefix|suffix|policy|enabled|count|"
    r"template|endpoint|host|port|user|username|table|bucket|queue|topic|ref|location|"
    r"expiry|expiration|duration|days|mode|source|output|description|role)$|"
    r"^(token_)|secrets?manager|_secret_|secret_string_template|exclude_|authoriz|"
    r"^http_tokens$|\.\$$", re.IGNORECASE)
# Setting words that are not secrets ("required", "DISABLED", ...).
_WORDS = frozenset({"required", "optional", "enabled", "disabled", "true", "false", "none",
                    "null", "secrets", "yes", "no", "on", "off"})
_REFERENCE = re.compile(r"^(arn:|/|\{\{resolve:|ssm:|secretsmanager:)|\$\{", re.IGNORECASE)


def secret_name(key: str) -> bool:
    """Whether a key / argument / variable name holds a secret value."""
    return bool(_SECRET.search(key)) and not _NOT_VALUE.search(key)


class HardcodedSecret(Rule):
    meta = RuleMeta(
        id="HC003",
        name="hardcoded-secret",
        category="hardcoded_secret_or_password",
        # High, not Critical: nothing fails and nothing is exposed at once; the seeds rate a
        # literal database password High.
        default_severity=Severity.HIGH,
        stage="static",
        summary="Password, token or key written into the code",
        why=("Models need a value to make the example complete and write one in, often "
             "with a comment that Secrets Manager should be used instead."),
        impact=("Security: the secret is in the repository, cdk.tf.json and the state in "
                "plain text, shared by every environment and not rotatable."),
        docs="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
        training_value=("Secrets are generated (manage_master_user_password, RandomPassword) "
                        "or read from Secrets Manager / SSM, never written as literals."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = project_facts(ctx)
        for module in facts.modules:
            for site in string_sites(facts, module):
                hit = _secret_site(site)
                if hit is None:
                    continue
                key, how = hit
                yield self.finding(
                    ctx, module.path, site.line,
                    f"{how} `{key}` is the literal {_mask(site.text)}: the secret is in the "
                    f"source, in cdk.tf.json and in the Terraform state in plain text, the "
                    f"same in every environment, and rotating it needs a code change",
                    column=site.node.col_offset + 1,
                    fix=("generate it (manage_master_user_password=True for RDS / Aurora, a "
                         "RandomPassword) or read it from Secrets Manager / SSM; give Lambda "
                         "and ECS the secret's ARN and read it at runtime"),
                )


def _secret_site(site: StringSite) -> tuple[str, str] | None:
    """(key, how it is used) when the string is a literal secret value."""
    text = site.text.strip()
    if not text or _REFERENCE.search(text) or text.lower() in _WORDS or text.startswith("$") \
            or (isinstance(site.node, ast.JoinedStr) and any(
                isinstance(v, ast.FormattedValue) for v in site.node.values)):
        return None
    node = site.node
    parent = site.module.parent(node)
    # os.getenv("DB_PASSWORD", "literal") / config.get("password", "literal")
    if isinstance(parent, ast.Call):
        if call_name(parent.func) in ("getenv", "get") and len(parent.args) > 1 \
                and parent.args[1] is node and isinstance(parent.args[0], ast.Constant) \
                and isinstance(parent.args[0].value, str) and secret_name(parent.args[0].value):
            return parent.args[0].value, "the fallback default of"
        return None
    # def __init__(..., db_password: str = "literal")
    if isinstance(parent, ast.arguments):
        name = _parameter_of(parent, node)
        return (name, "the default of parameter") if name and secret_name(name) else None
    if isinstance(parent, ast.keyword) and parent.arg:
        key, how = parent.arg, "argument"
    elif isinstance(parent, ast.Dict):
        key = next((k.value for k, v in zip(parent.keys, parent.values, strict=True)
                    if v is node and isinstance(k, ast.Constant) and isinstance(k.value, str)),
                   None)
        if key is None:
            return None
        if key == "value":   # {"name": "DB_PASSWORD", "value": "literal"} (ECS environment)
            named = _sibling(parent, "name")
            return (named, "environment variable") if named and secret_name(named) else None
        how = "key"
    elif isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is node:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        names = [t.id if isinstance(t, ast.Name) else t.attr for t in targets
                 if isinstance(t, (ast.Name, ast.Attribute))]
        if not names:
            return None
        key, how = names[0], "variable"
    else:
        return None
    if not secret_name(key) or _managed_password(site):
        return None
    return key, how


def _parameter_of(arguments: ast.arguments, default: ast.AST) -> str | None:
    positional = arguments.posonlyargs + arguments.args
    for arg, value in zip(positional[len(positional) - len(arguments.defaults):],
                          arguments.defaults, strict=True):
        if value is default:
            return arg.arg
    for arg, value in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        if value is default:
            return arg.arg
    return None


def _sibling(node: ast.Dict, name: str) -> str | None:
    for key, value in zip(node.keys, node.values, strict=True):
        if isinstance(key, ast.Constant) and key.value == name \
                and isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
    return None


def _managed_password(site: StringSite) -> bool:
    """The enclosing call sets manage_master_user_password=True."""
    node = site.module.parent(site.node)
    while node is not None and not isinstance(node, ast.Call):
        node = site.module.parent(node)
    if node is None:
        return False
    return any(kw.arg == "manage_master_user_password" and isinstance(kw.value, ast.Constant)
               and kw.value.value is True for kw in node.keywords)


def _mask(text: str) -> str:
    shown = text[:2] if len(text) > 6 else ""
    return f"\"{shown}{'*' * 6}\" ({len(text)} characters)"
