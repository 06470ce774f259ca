"""Whether the code meets each requirement its prompt states (prompt_text.py reads them).

A requirement is met, unmet, or unknown (the code computes the value, or
shows nothing to judge). Only literal facts of the code decide: resource types
present, literal engine versions and runtimes, literal tag keys, literal
retention days. The review reports every requirement read with its status.
"""
from __future__ import annotations

import ast
import fnmatch
import re
from dataclasses import dataclass

from iac_review.analysis.engine_versions import engine_version
from iac_review.analysis.iam_policies import policy_statements
from iac_review.analysis.prompt_text import Requirement, read_requirements
from iac_review.analysis.strings import literal_text
from iac_review.core.finding import Origin, Severity
from iac_review.knowledge.prompt_components import components
from iac_review.schema.naming import snake_case

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"
_TAG_HOLDERS = ("tags", "default_tags", "tags_all")
_USE = re.compile(r"^\W{0,4}use\b|\benabled?\b", re.IGNORECASE)
_CREATES = re.compile(r"\b(create|provision|build|new)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RequirementCheck:
    requirement: Requirement
    status: str               # met, unmet or unknown
    evidence: str             # what in the code decided it


def prompt_checks(ctx) -> list[RequirementCheck]:
    """The prompt's requirements with their status; empty without a prompt."""
    return ctx.memo("prompt_checks", _checks)


def _checks(ctx) -> list[RequirementCheck]:
    text = ctx.project.prompt_text
    if not text:
        return []
    resources = [c for c in ctx.calls if c.kind in ("resource", "data")]
    declares = any(c.kind in ("resource", "data", "provider") for c in ctx.calls)
    broken = [m.path for m in ctx.modules if m.tree is None]
    nothing = (f"{broken[0]} does not parse, so the code cannot be checked" if broken
               else "the answer declares no resources")
    checks = []
    for requirement in read_requirements(text):
        if not declares or broken:
            checks.append(RequirementCheck(requirement, UNKNOWN, nothing))
            continue
        judge = _JUDGES[requirement.kind]
        checks.append(RequirementCheck(requirement, *judge(ctx, resources, requirement)))
    return checks


def prompt_file(ctx) -> str:
    """How findings name the prompt: the task's lib/PROMPT.md, or the --prompt file."""
    return ctx.project.prompt_name or "lib/PROMPT.md"


def prompt_origin(ctx, line: int) -> Origin:
    """The prompt line a finding about it comes from (as Origin: where the text was read)."""
    return Origin(ctx.project.prompt_markdown or prompt_file(ctx), line)


def prompt_asks_for_version(ctx, family: str, version: str) -> Requirement | None:
    """The prompt's requirement of this very version (``family``: an engine such as
    "postgres", or "python runtime"), when the code follows one: a version the prompt asks for
    is the prompt's choice, not the answer's."""
    for check in prompt_checks(ctx):
        requirement = check.requirement
        if requirement.kind == "version" and _same_family(requirement.subject, family) \
                and _version_ok(version, requirement):
            return requirement
    return None


def softened_when_prompt_chose(ctx, family: str, version: str, severity: Severity, text: str,
                               what: str) -> tuple[Severity, str]:
    """A lifecycle verdict on a version the prompt itself asks for: Low, and saying so (a note
    for the prompt's author, not a defect of the answer)."""
    asked = prompt_asks_for_version(ctx, family, version) if family else None
    if asked is None:
        return severity, text
    return Severity.LOW, f"{text}; the task's prompt asks for this {what} (line {asked.line})"


def _same_family(asked: str, used: str) -> bool:
    return asked == used or _same_engine(used, asked)


def unmet(ctx, kind: str) -> list[RequirementCheck]:
    """The unmet requirements of one kind."""
    return [c for c in prompt_checks(ctx) if c.status == UNMET and c.requirement.kind == kind]


def quote(check: RequirementCheck, limit: int = 160) -> str:
    text = check.requirement.quote
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _component(ctx, resources, requirement: Requirement) -> tuple[str, str]:
    """Met when the code provides the component (any one of "A or B" alternatives)."""
    present = {("data." if c.kind == "data" else "") + (c.tf_type or "") for c in resources}
    looked_up: set[str] = set()
    if _CREATES.search(requirement.quote):   # "create a VPC": looking one up does not do it
        looked_up = {t for t in present if t.startswith("data.")}
        present -= looked_up
    wanted = [c for name in requirement.subject.split(" or ") for c in components() if c.name == name]
    for component in wanted:
        found = [t for t in component.types if t in present]
        if found:
            return MET, f"declares {', '.join(found)}"
        setting = next((c for c in resources for a in component.arguments if c.has(a)), None)
        if setting is not None:
            return MET, f"{setting.label(with_class=True)} sets {', '.join(component.arguments)}"
        granted = _granted(ctx, component.use_actions) if _asks_use(requirement.quote) else None
        if granted:
            return MET, f"a policy grants {granted} (the workload uses it)"
    for component in wanted:
        guess = next((c for c in _unresolved_calls(ctx) if _names_component(c[2], component)), None)
        if guess is not None:
            return UNKNOWN, (f"calls `{guess[2]}` ({guess[0]}:{guess[1]}), whose class does not "
                             f"resolve to a provider class; once its import is fixed it may be this")
    created = [t for c in wanted for t in c.types if not (looked_up and t.startswith("data."))]
    lookups = sorted(t for c in wanted for t in c.types if t in looked_up)
    if lookups:
        return UNMET, (f"only looks up {', '.join(lookups)}; the prompt asks to create it "
                       f"({', '.join(created)})")
    return UNMET, f"declares none of {', '.join(created)}"


def _asks_use(quote: str) -> bool:
    """"Use Parameter Store for ...", "CloudWatch logs must be enabled": the unit asks that the
    workload use the service, not that the code create one."""
    return bool(_USE.search(quote)) and not _CREATES.search(quote)


def _unresolved_calls(ctx) -> list[tuple[str, int, str]]:
    """(path, line, class name) of calls to capitalised names that are not provider calls the
    review resolved: classes of a module that does not exist, or used without an import."""
    return ctx.memo("unresolved_calls", _collect_unresolved)


def _collect_unresolved(ctx) -> list[tuple[str, int, str]]:
    resolved = {id(c.node) for c in ctx.calls}
    found = []
    for module in ctx.modules:
        if module.tree is None:
            continue
        for node in module.walk():
            if isinstance(node, ast.Call) and id(node) not in resolved:
                name = node.func.id if isinstance(node.func, ast.Name) else \
                    node.func.attr if isinstance(node.func, ast.Attribute) else ""
                if name[:1].isupper() and not name.isupper():
                    found.append((module.path, node.lineno, name))
    return found


def _names_component(class_name: str, component) -> bool:
    """Whether a class name is that of one of the component's resources (`RdsCluster`), or
    names the component in words (`EventbridgeRule`: "Eventbridge Rule")."""
    if f"aws_{snake_case(class_name)}" in component.types:
        return True
    return bool(component.pattern.search(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", class_name)))


def _granted(ctx, actions: tuple[str, ...]) -> str | None:
    """The first of ``actions`` an allowing policy statement grants (wildcards like ssm:Get* count)."""
    if not actions:
        return None
    for statement in policy_statements(ctx):
        if not statement.allow:
            continue
        for action in actions:
            if any(fnmatch.fnmatchcase(action.lower(), pattern.lower()) for pattern in statement.actions):
                return action
    return None


def _version(ctx, resources, requirement: Requirement) -> tuple[str, str]:
    family = requirement.subject
    if family.endswith(" runtime"):
        prefix = family.split()[0]
        values = [literal_text(c.arg("runtime")) for c in resources if c.tf_type == "aws_lambda_function"]
        given = sorted({v for v in values if v and v.startswith(prefix)})
        wanted = f"{prefix}{requirement.value}" + ("" if prefix == "python" else ".x")
        ok = [v for v in given if _version_ok(v[len(prefix):].removesuffix(".x"), requirement)]
        return _decide(ok, given, len(values) != len(given) or None in values, f"runtime {wanted}")
    given, computed = [], False
    for call in resources:
        stated = engine_version(call)
        if stated is None:
            continue
        if stated.engine_computed:
            computed = True
            continue
        if not _same_engine(stated.engine, family):
            continue
        if stated.version is None:
            computed = computed or stated.version_computed
            continue
        given.append(stated.version)
    ok = [v for v in given if _version_ok(v, requirement)]
    return _decide(ok, sorted(set(given)), computed, f"{family} {requirement.value}")


def _maybe_unresolved(ctx) -> str:
    """A note when calls the review could not resolve may hold what it looked for."""
    return "; calls whose class does not resolve may set it" if _unresolved_calls(ctx) else ""


def _decide(ok, given, computed, wanted: str) -> tuple[str, str]:
    if ok:
        return MET, f"uses {', '.join(sorted(set(ok)))}"
    if given:
        return UNMET, f"uses {', '.join(given)}, not {wanted}"
    if computed:
        return UNKNOWN, "the version is computed"
    return UNKNOWN, f"no literal {wanted.split()[0]} version in the code"


def _tag(ctx, resources, requirement: Requirement) -> tuple[str, str]:
    keys = _tag_keys(ctx)
    if not keys:
        return UNMET, "no literal tags anywhere in the code"
    match = next((k for k in keys if k.lower() == requirement.subject.lower()), None)
    if match is None:
        return UNMET, f"tags set: {', '.join(sorted(keys)[:8])}"
    return MET, f"tag `{match}` is set"


def _retention(ctx, resources, requirement: Requirement) -> tuple[str, str]:
    days = int(requirement.value)
    if requirement.subject == "logs":
        groups = [c for c in resources if c.tf_type == "aws_cloudwatch_log_group" and c.kind == "resource"]
        values = [_number(c.arg("retention_in_days")) for c in groups]
        if not groups:
            if any(c.tf_type == "aws_lambda_function" and c.kind == "resource" for c in resources):
                return UNMET, ("no log group: the functions' log groups are created on first write "
                               "and keep logs forever")
            return UNKNOWN, "no log group in the code" + _maybe_unresolved(ctx)
        literal = [v for v in values if v is not None]
        if days in literal:
            return MET, f"a log group keeps logs {days} days"
        if literal:
            return UNMET, f"log groups keep logs {', '.join(str(v) for v in sorted(set(literal)))} days"
        unset = [c for c in groups if not c.has("retention_in_days")]
        return (UNMET, "log groups keep logs forever (no retention_in_days)") if unset \
            else (UNKNOWN, "retention is computed")
    values, computed = [], False
    for call in resources:
        if call.tf_type in ("aws_db_instance", "aws_rds_cluster"):
            values.append(_number(call.arg("backup_retention_period")))
            computed = computed or (call.has("backup_retention_period") and values[-1] is None)
        elif call.tf_type == "aws_backup_plan":
            values.extend(_numbers_under(call.node, "delete_after"))
    literal = [v for v in values if v is not None]
    if days in literal:
        return MET, f"backups are kept {days} days"
    if literal:
        return UNMET, f"backups are kept {', '.join(str(v) for v in sorted(set(literal)))} days"
    if computed:
        return UNKNOWN, "the backup retention is computed"
    return UNKNOWN, "no literal backup retention in the code" + _maybe_unresolved(ctx)


_JUDGES = {"component": _component, "version": _version, "tag": _tag, "retention": _retention}


def _same_engine(engine: str | None, family: str) -> bool:
    """Whether an engine serves the family the prompt names ("PostgreSQL 15" is met by
    Aurora PostgreSQL 15 too; "Aurora PostgreSQL" only by Aurora)."""
    if engine is None:
        return False
    engine = engine.lower()
    if family == "redis":
        return engine in ("redis", "valkey")
    if family in ("postgres", "mysql"):
        return engine in (family, f"aurora-{family}" if family == "mysql" else "aurora-postgresql")
    return engine == family


def _version_ok(version: str, requirement: Requirement) -> bool:
    wanted = requirement.value or ""
    if requirement.minimum:
        return _parts(version) >= _parts(wanted)
    return version == wanted or version.startswith(wanted + ".")


def _parts(version: str) -> tuple[int, ...]:
    out = []
    for piece in version.split("."):
        if not piece.isdigit():
            break
        out.append(int(piece))
    return tuple(out)



def _number(node) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def _numbers_under(node: ast.AST, key: str) -> list[int]:
    """Literal numbers given for ``key`` (keyword or dict key) anywhere inside ``node``."""
    found = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.keyword) and inner.arg == key:
            found.append(_number(inner.value))
        elif isinstance(inner, ast.Dict):
            for k, v in zip(inner.keys, inner.values, strict=True):
                if isinstance(k, ast.Constant) and k.value == key:
                    found.append(_number(v))
    return [n for n in found if n is not None]


def _target_name(target: ast.AST) -> str:
    if isinstance(target, ast.Name):
        return target.id
    return target.attr if isinstance(target, ast.Attribute) else ""


def _tag_keys(ctx) -> set[str]:
    """Keys of every literal tag dict of the code: `tags=`, `default_tags`, "tags" keys, *tags variables."""
    keys: set[str] = set()
    for module in ctx.modules:
        if module.tree is None:
            continue
        for node in module.walk():
            holders = []
            if isinstance(node, ast.keyword) and node.arg in _TAG_HOLDERS:
                holders.append(node.value)
            elif isinstance(node, ast.Dict):
                holders.extend(v for k, v in zip(node.keys, node.values, strict=True)
                               if isinstance(k, ast.Constant) and k.value in _TAG_HOLDERS)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and any(
                    "tag" in _target_name(t).lower()
                    for t in (node.targets if isinstance(node, ast.Assign) else [node.target])):
                holders.append(node.value)   # common_tags = {...}, self.common_tags = {...}
            for holder in holders:
                for inner in ast.walk(holder):
                    if isinstance(inner, ast.Dict):
                        keys.update(k.value for k in inner.keys
                                    if isinstance(k, ast.Constant) and isinstance(k.value, str)
                                    and k.value not in _TAG_HOLDERS)
    return keys
