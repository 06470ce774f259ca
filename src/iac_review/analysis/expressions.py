"""Reading expressions of the project's code: identifiers, names, Terraform references.

Shared by the analyses that follow names (project facts, string sites) and
by the rules; nothing here knows about any one rule.
"""
from __future__ import annotations

import ast
import re

from iac_review.analysis.modules import ParsedModule
from iac_review.analysis.symbols import PROVIDER
from iac_review.core.workspace import is_test_path

# String methods that keep a name's identity (``f"...".lower()``).
STR_METHODS = frozenset({"lower", "upper", "replace", "strip", "rstrip", "lstrip", "title",
                          "capitalize", "casefold", "format", "join"})
# Module and lookup names that are not identifiers of a value (``os.environ``,
# ``os.getenv``): "environ" must not count as an environment word.
_MODULE_NAMES = frozenset({"os", "environ", "sys", "json", "Fn", "Token", "self"})
LOOKUPS = frozenset({"get", "getenv", "environ"})


def code_modules(modules: list[ParsedModule]) -> list[ParsedModule]:
    """Parsed application modules: no tests, no syntax errors, and no unnamed
    answer blocks that are not a module (illustrations such as "incorrect:")."""
    return [m for m in modules if m.tree is not None and not is_test_path(m.path)
            and not _illustration(m)]


def _illustration(module: ParsedModule) -> bool:
    """An unnamed answer block that is not a project module, or one that lost its
    guessed path to an explicitly named file (an excerpt of that file)."""
    source = module.source
    return source.attribution == "guessed-other" or (
        source.guessed and module.path.rsplit("/", 1)[-1].startswith("_unnamed_"))


def call_name(func: ast.AST) -> str | None:
    """The called name: ``f`` for ``f(...)``, ``m`` for ``x.y.m(...)``."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def idents(expr: ast.AST) -> set[str]:
    """Identifiers an expression uses: names, attribute names, and string keys
    read with ``x["key"]`` / ``x.get("key")`` / ``os.getenv("KEY")``."""
    found: set[str] = set()
    callees = {id(n.func) for n in ast.walk(expr) if isinstance(n, ast.Call)}
    for node in ast.walk(expr):
        if id(node) in callees and not (isinstance(node, ast.Attribute)
                                        and node.attr not in LOOKUPS):
            continue
        if isinstance(node, ast.Name):
            if node.id not in _MODULE_NAMES:
                found.add(node.id)
        elif isinstance(node, ast.Attribute):
            if node.attr not in _MODULE_NAMES and node.attr not in LOOKUPS:
                found.add(node.attr)
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
                and isinstance(node.slice.value, str):
            found.add(node.slice.value)
        elif isinstance(node, ast.Call) and call_name(node.func) in ("get", "getenv") \
                and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            found.add(node.args[0].value)
    return found


def string_idents(expr: ast.AST, project: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """Identifiers whose text can end up in a string built from ``expr``.

    Like ``idents`` but a call contributes only when it keeps text (string
    methods, ``.get`` / ``getenv`` lookups, ``str()``, project functions): the
    construct in ``KmsKey(self, f"key-{suffix}")`` is an object, not a name.
    """
    if isinstance(expr, (ast.Name, ast.Attribute, ast.Subscript)):
        return idents(expr)
    if isinstance(expr, ast.JoinedStr):
        found: set[str] = set()
        for value in expr.values:
            if isinstance(value, ast.FormattedValue):
                found |= string_idents(value.value, project)
        return found
    if isinstance(expr, ast.BinOp):
        return string_idents(expr.left, project) | string_idents(expr.right, project)
    if isinstance(expr, ast.IfExp):
        return string_idents(expr.body, project) | string_idents(expr.orelse, project)
    if isinstance(expr, ast.BoolOp):
        found = set()
        for value in expr.values:
            found |= string_idents(value, project)
        return found
    if isinstance(expr, ast.Call):
        name = call_name(expr.func)
        if name in ("get", "getenv"):
            return idents(expr)
        if name in STR_METHODS and isinstance(expr.func, ast.Attribute):
            found = string_idents(expr.func.value, project)
            for arg in expr.args:
                found |= string_idents(arg, project)
            return found
        if name == "str" and expr.args:
            return string_idents(expr.args[0], project)
        if name in project:
            found = {name}
            for arg in list(expr.args) + [kw.value for kw in expr.keywords]:
                found |= string_idents(arg, project)
            return found
    return set()


_TF_REF = re.compile(r"(?<!\$)\$\{([^}]*)\}")


def terraform_refs(text: str) -> list[str]:
    """Terraform interpolations (``${...}``, not the escaped ``$${``) in a text."""
    return _TF_REF.findall(text)


def enclosing_class(module: ParsedModule, node: ast.AST) -> ast.ClassDef | None:
    current = module.parent(node)
    while current is not None and not isinstance(current, ast.ClassDef):
        current = module.parent(current)
    return current


def is_self_attr(expr: ast.AST) -> bool:
    return (isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name)
            and expr.value.id == "self")


def resource_type(call) -> str | None:
    """The Terraform type of a provider resource call, also without the schema index."""
    if call.tf_type:
        return call.tf_type
    if call.provider_module and call.kind == "unknown" and call.package == PROVIDER:
        return "aws_" + call.provider_module
    return None


def short(expr: ast.AST, limit: int = 90) -> str:
    """Source text of an expression for messages, shortened."""
    text = ast.unparse(expr).replace("\n", " ")
    return text if len(text) <= limit else text[:limit - 3] + "..."
