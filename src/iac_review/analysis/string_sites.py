"""Hardcoded accounts, regions, secrets and environments.

This package module holds what the rules of the family share (rule modules
hold exactly one rule each): every string literal of the application code
with the context it sits in (dict keys, keyword names, assignment targets).
"""
from __future__ import annotations

import ast
import re
from functools import cached_property

from iac_review.analysis.modules import ParsedModule
from iac_review.analysis.strings import literal_text, template
from iac_review.analysis.expressions import call_name
from iac_review.analysis.project_facts import ProjectFacts

_PASS_THROUGH = (ast.Dict, ast.List, ast.Tuple, ast.Set, ast.keyword, ast.Call, ast.BinOp,
                 ast.JoinedStr, ast.FormattedValue, ast.Starred, ast.IfExp, ast.BoolOp,
                 ast.ListComp, ast.comprehension, ast.Subscript, ast.Attribute)


class StringSite:
    """A string literal or f-string of the application code; its context (dict keys,
    keyword names, assignment targets, enclosing calls) is read on first use."""

    def __init__(self, module: ParsedModule, node: ast.AST, text: str):
        self.module = module
        self.node = node            # the Constant or JoinedStr
        self.text = text            # literal text, formatted parts as "{}"

    @cached_property
    def _context(self) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
        return _context(self.module, self.node)

    @property
    def keys(self) -> tuple[str, ...]:
        """Dict keys, keyword names and assignment targets around it, inner first."""
        return self._context[0]

    @property
    def calls(self) -> tuple[str, ...]:
        """Names of the calls it is an argument of, inner first."""
        return self._context[1]

    @property
    def excluded(self) -> bool:
        """A default value, a fallback, a comparison operand or a dict key."""
        return self._context[2]

    @property
    def line(self) -> int:
        return self.node.lineno

    def line_of(self, offset: int) -> int:
        """File line of a character offset inside a plain (multi-line) literal."""
        if isinstance(self.node, ast.Constant):
            return self.node.lineno + self.text.count("\n", 0, offset)
        return self.node.lineno


def string_sites(facts: ProjectFacts, module: ParsedModule) -> list[StringSite]:
    """Every string literal and f-string of a module (not f-string parts, not
    docstrings), from the shared project scan; built once per module."""
    cache = facts.memo.setdefault("string_sites", {})
    sites = cache.get(module.path)
    if sites is None:
        sites = cache[module.path] = []
        for node in facts.scan.strings.get(module.path, ()):
            parent = module.parent(node)
            if isinstance(parent, (ast.JoinedStr, ast.FormattedValue, ast.Expr)):
                continue
            text = node.value if isinstance(node, ast.Constant) else template(node, "{}") or ""
            sites.append(StringSite(module, node, text))
    return sites


def _context(module: ParsedModule, node: ast.AST) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    keys: list[str] = []
    calls: list[str] = []
    excluded = False
    current = node
    parent = module.parent(current)
    depth = 0
    while parent is not None and depth < 14:
        depth += 1
        if isinstance(parent, ast.Dict):
            if any(k is current for k in parent.keys):
                excluded = excluded or depth == 1       # the string is a dict key
            else:
                for key, value in zip(parent.keys, parent.values, strict=True):
                    if value is current and isinstance(key, ast.Constant) \
                            and isinstance(key.value, str):
                        keys.append(key.value)
        elif isinstance(parent, ast.keyword):
            if parent.arg:
                keys.append(parent.arg)
        elif isinstance(parent, ast.Call):
            name = call_name(parent.func) or ""
            if current is not parent.func:
                calls.append(name)
                if name in ("getenv", "get", "setdefault") and len(parent.args) > 1 \
                        and current is parent.args[1]:
                    excluded = True                    # a fallback value
        elif isinstance(parent, (ast.Compare, ast.arguments, ast.match_case)):
            excluded = True
        elif isinstance(parent, (ast.Assign, ast.AnnAssign)):
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    keys.append(target.id)
                elif isinstance(target, ast.Attribute):
                    keys.append(target.attr)
                elif isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) \
                        and isinstance(target.slice.value, str):
                    keys.append(target.slice.value)
            break
        elif not isinstance(parent, _PASS_THROUGH):
            break
        current, parent = parent, module.parent(parent)
    return tuple(keys), tuple(calls), excluded


# Account ids inside strings (HC001 reports them; HC005 skips what HC001 reports).
_ARN = re.compile(r"arn:aws(?:-cn|-us-gov)?:([a-z0-9-]*):([a-z0-9-]*):(\d{12}):([^\s\"',]*)")
_ECR = re.compile(r"(?<!\d)(\d{12})\.dkr\.ecr\.")
_BARE = re.compile(r"\d{12}")
_ACCOUNT_KEYS = ("account", "owner", "principal", "aws")


def account_ids(site: StringSite) -> list[tuple[str, int, str, str]]:
    """(account, offset, shown text, kind) of the account ids in a string."""
    text = site.text
    found = []
    for match in _ARN.finditer(text):
        service, resource = match.group(1), match.group(4)
        if service == "lambda" and resource.startswith("layer:"):
            continue    # a public layer is addressed by its publisher's account
        found.append((match.group(3), match.start(3), match.group(0)[:80], "arn"))
    for match in _ECR.finditer(text):
        found.append((match.group(1), match.start(1), text[match.start():][:80], "ecr"))
    if not found and _BARE.fullmatch(text.strip()) and any(
            word in key.lower() for key in site.keys for word in _ACCOUNT_KEYS):
        found.append((text.strip(), 0, text.strip(), "bare"))
    return found



# Keys whose values are availability zones, and parameters that are not the stack region.
AZ_KEYS = frozenset({"availability_zone", "availability_zones", "azs", "preferred_availability_zones"})
_REGION_PARAM_SKIP = ("state", "backend")


def region_source(facts: ProjectFacts, ctx) -> str | None:
    """The parameter / variable the project takes its region from, or None."""
    for param in sorted(facts.scan.params):
        lowered = param.lower()
        if lowered.endswith("region") and not any(s in lowered for s in _REGION_PARAM_SKIP):
            return param
    for key in sorted(facts.scan.env_reads):
        if key in ("aws_region", "region", "AWS_REGION", "AWS_DEFAULT_REGION"):
            return key
    code = {m.path for m in facts.modules}
    for call in ctx.calls_of("AwsProvider"):
        node = call.arg_node("region")
        if call.path in code and node is not None and literal_text(call.arg("region")) is None:
            return ast.unparse(node)
    return None
