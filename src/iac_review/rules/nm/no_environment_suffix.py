"""Project with fixed physical resource names and no environment suffix at all.

What it finds:
    A project that creates resources with account-unique physical names (S3
    `bucket`, `name` of roles, policies, queues, tables, log groups, KMS
    aliases, security groups, load balancers, `function_name`, ...) written
    as fixed text, and that has no environment suffix anywhere: no stack
    parameter, attribute or variable named like `environment_suffix` /
    `env_suffix` / `stage`, and no `ENVIRONMENT_SUFFIX` (or similar)
    environment variable read. One finding for the project, at the first
    fixed name, listing a few of them. Names built from other values (the
    stack id, a random or time-based token) do not count as fixed; when they
    are as many as the fixed ones the project is not reported. Answers
    whose stack file does not parse (a truncated answer) are read line by
    line for `name="..."` arguments of provider resources. Projects that do
    have a suffix but forget it in some names are NM001's.

Why it matters:
    The same code is deployed once per environment and per pull request into
    one account. With fixed names the second deployment fails at deploy
    with already-exists errors (EntityAlreadyExists, BucketAlreadyExists,
    ResourceInUseException), and tearing one deployment down can remove
    resources the other one uses.

Example:
        class TapStack(TerraformStack):
            def __init__(self, scope, id):
                super().__init__(scope, id)
                IamRole(self, "app-role", name="webapp-role", assume_role_policy=policy)
                S3Bucket(self, "assets", bucket="webapp-assets")

Use instead:
        class TapStack(TerraformStack):
            def __init__(self, scope, id, environment_suffix: str):
                super().__init__(scope, id)
                IamRole(self, "app-role", name=f"webapp-role-{environment_suffix}",
                        assume_role_policy=policy)
                S3Bucket(self, "assets", bucket=f"webapp-assets-{environment_suffix}")

Fix safety:
    No automatic fix: the suffix has to become a stack parameter fed from
    the entry point (ENVIRONMENT_SUFFIX) and be placed in every name.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/stacks
"""
from __future__ import annotations

import re
from typing import Iterator

from iac_review.analysis.modules import ParsedModule
from iac_review.analysis.expressions import short
from iac_review.analysis.project_facts import physical_name_args, project_facts
from iac_review.core.workspace import is_test_path
from iac_review.analysis.strings import literal_text
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.names import name_args, required_name

# Any identifier or variable that carries a deployment suffix: environment_suffix,
# env_suffix, EnvironmentSuffix, ENVIRONMENT_SUFFIX, stage_suffix, a bare `suffix`
# parameter or variable.
_SUFFIX_TEXT = re.compile(r"(?i)(?:environment|env|stage|deploy(?:ment)?)_?suffix"
                          r"|\bsuffix\s*(?:[:=,)]|\.)")
_MIN_FIXED = 2
_SHOWN = 4
# Text fallback for files that do not parse.
_IMPORT = re.compile(r"from\s+cdktf_cdktf_provider_aws\.(\w+)\s+import\s+"
                     r"(\([^)]*\)|[^\n]+)")
_OPENER = re.compile(r"\b([A-Z]\w*)\(\s*(?:self\b[^\n]*)?$")
_KEYWORD = re.compile(r"^(\s*)(\w+)\s*=\s*([\"'])([^\"'{}\\]*)\3\s*,?\s*(?:#.*)?$")


class NoEnvironmentSuffix(Rule):
    meta = RuleMeta(
        id="NM004",
        name="no-environment-suffix",
        category="env_suffix_missing_in_names",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Fixed physical resource names in a project without any environment suffix",
        why=("Models write readable fixed names (`webapp-role`, `app-logs`) and never "
             "introduce the environment suffix that lets one account hold several "
             "deployments of the same code."),
        impact=("Deployability: a second deployment (another environment, another pull "
                "request, a re-run before cleanup) fails with already-exists errors; "
                "destroying one deployment can delete another's resources."),
        docs="https://developer.hashicorp.com/terraform/cdktf/concepts/stacks",
        training_value=("Take an environment suffix as a stack parameter (from "
                        "ENVIRONMENT_SUFFIX) and put it in every account-unique name."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = project_facts(ctx)
        if facts.has_suffix:
            return
        app = [m for m in ctx.modules if not is_test_path(m.path)]
        if any(_SUFFIX_TEXT.search(m.source.text) for m in app):
            return
        fixed: list[tuple[str, int, int, str]] = []     # path, line, column, shown
        derived = 0
        seen: set[int] = set()  # the first physical name of each resource call decides
        for call, tf_type, entry, node in physical_name_args(ctx, facts):
            if id(call) in seen:
                continue
            seen.add(id(call))
            if facts.status(call.module, node, "suffix") != "missing":
                derived += 1
                continue
            value = facts.resolve(call.module, node)
            if not required_name(tf_type, literal_text(value) or ""):
                fixed.append((call.path, node.lineno, node.col_offset + 1,
                              f"{call.class_name} `{entry.arg}` {short(value, 50)}"))
        for module in app:
            if module.tree is None:
                fixed.extend(_text_names(module))
        if len(fixed) < _MIN_FIXED or derived >= len(fixed):
            return
        fixed.sort()
        path, line, column, _ = fixed[0]
        shown = "; ".join(item[3] for item in fixed[:_SHOWN])
        more = f" and {len(fixed) - _SHOWN} more" if len(fixed) > _SHOWN else ""
        yield self.finding(
            ctx, path, line,
            f"the project has no environment suffix (no stack parameter, attribute or "
            f"ENVIRONMENT_SUFFIX variable) and {len(fixed)} physical resource names are "
            f"fixed ({shown}{more}): a second deployment into the same account (another "
            f"environment or pull request) fails at deploy with already-exists errors",
            column=column,
            fix=("add an `environment_suffix: str` parameter to the stack (tap.py passes "
                 "os.getenv(\"ENVIRONMENT_SUFFIX\", \"dev\")) and build every name with it, "
                 "e.g. name=f\"webapp-role-{environment_suffix}\""),
        )


def _text_names(module: ParsedModule) -> list[tuple[str, int, int, str]]:
    """Fixed physical names in a file that does not parse: ``name="..."`` lines that
    are direct arguments of a provider resource call (by indentation)."""
    text = module.source.text
    classes: dict[str, str] = {}
    for match in _IMPORT.finditer(text):
        for name in re.split(r"[\s,()]+", match.group(2)):
            if name.isidentifier() and name != "as":
                classes[name] = "aws_" + match.group(1)
    if not classes:
        return []
    found = []
    lines = text.splitlines()
    current: str | None = None
    indent: int | None = None
    for number, line in enumerate(lines, start=1):
        opener = _OPENER.search(line)
        if opener:
            current = classes.get(opener.group(1))
            indent = None
            continue
        if current is None:
            continue
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        width = len(line) - len(stripped)
        if indent is None:
            indent = width
        if width < indent:
            current = None
            continue
        keyword = _KEYWORD.match(line)
        if keyword is None or width != indent:
            continue
        arg, value = keyword.group(2), keyword.group(4)
        entry = next((e for e in name_args(current) if e.arg == arg and e.physical), None)
        if entry is None or not value or required_name(current, value):
            continue
        class_name = next(c for c, t in classes.items() if t == current)
        found.append((module.path, number, width + 1, f"{class_name} `{arg}` {value!r}"))
        current = None
    return found
