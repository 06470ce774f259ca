"""Check every provider and cdktf binding in the project against the schema.

One pass over the AST yields ``BindingIssue`` records; each binding rule
reports the kinds it owns. Two modes matter (verified against the bindings): a value
given to a Python keyword argument or inside a dict that Python expands into
one struct is *python* mode (keys are snake_case names, unknown keys raise
TypeError); a dict inside a list goes to node unconverted, *node* mode (keys
are the camelCase JSON names; other keys are silently dropped).

Every indexed provider package is checked alike. A provider package the index
does not hold is skipped: an unpublished one is the finding of its own rule,
an uninstalled one cannot be checked (the review lists it as not evaluated).
"""
from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass
from typing import Iterator

from iac_review.analysis.modules import ParsedModule
from iac_review.analysis.symbols import CDKTF, PROVIDER, ModuleSymbols, Symbol, \
    is_provider, resolve
from iac_review.analysis.values import Assignments, dict_items, follow, list_elements, \
    literal_kind
from iac_review.core.repair import Repair
from iac_review.knowledge.providers import published_package
from iac_review.schema.build import KIND_DATA, KIND_PROVIDER, KIND_RESOURCE, KIND_STRUCT
from iac_review.schema.index import Field, SchemaIndex
from iac_review.schema.naming import camel_case, snake_case

PY, NODE = "python", "node"
CONSTRUCT_KINDS = (KIND_RESOURCE, KIND_DATA, KIND_PROVIDER)
_CALL_RESULT_KINDS = {"str": "str", "int": "number", "float": "number", "bool": "bool",
                      "dict": "dict", "list": "list", "len": "number"}
_TYPE_WORDS = {"s": "a string", "n": "a number", "b": "a boolean", "d": "a date",
               "a": "any value", "o": "an object"}


@dataclass(frozen=True)
class BindingIssue:
    kind: str
    path: str
    line: int
    column: int
    message: str
    fix: str | None = None
    severity: str | None = None   # only when the same anti-pattern is milder here
    breaks_synth: bool | None = None  # None: as the owning rule predicts
    repair: Repair | None = None      # the mechanical edit, when one is unambiguous
    end_line: int | None = None       # the statement's last line (imports: one item per statement)


def describe_type(code: str) -> str:
    if code.startswith("L:S:"):
        return f"a list of {code[4:].rsplit('.', 1)[-1]}"
    if code.startswith("L:"):
        return f"a list of {describe_type(code[2:]).removeprefix('a ').removeprefix('an ')}s"
    if code.startswith("M:"):
        return f"a map of {describe_type(code[2:]).removeprefix('a ').removeprefix('an ')}s"
    if code.startswith("S:"):
        return f"one {code[2:].rsplit('.', 1)[-1]}"
    if code.startswith("U:"):
        return " or ".join(describe_type(c) for c in code[2:].split("|"))
    return _TYPE_WORDS.get(code, code)


class BindingChecker:
    def __init__(self, index: SchemaIndex, module: ParsedModule,
                 project_paths: frozenset[str] = frozenset()):
        self.index = index
        self.module = module
        self.path = module.path
        self.symbols: ModuleSymbols = module.imports
        self.assignments = Assignments.collect(module)
        self.issues: dict[tuple, BindingIssue] = {}
        self.project_paths = project_paths  # every file of the project, to tell local modules

    # -- plumbing ----------------------------------------------------------
    def add(self, kind: str, node: ast.AST, message: str, fix: str | None = None,
            severity: str | None = None, breaks_synth: bool | None = None,
            repair: Repair | None = None) -> None:
        line = getattr(node, "lineno", 1)
        column = getattr(node, "col_offset", 0) + 1
        end = getattr(node, "statement_end", None)
        issue = BindingIssue(kind, self.path, line, column, message, fix, severity, breaks_synth,
                             repair, end if end is not None and end > line else None)
        self.issues.setdefault((kind, line, column, message), issue)

    def run(self) -> list[BindingIssue]:
        self.check_generated_bindings()
        if not self._uses_bindings():
            return sorted(self.issues.values(), key=lambda i: (i.line, i.column, i.kind))
        for record in self.symbols.imports:
            self.check_import(record.node, record.line, record.column, record.symbol)
        for node in self.module.walk():
            if isinstance(node, ast.Call):
                self.check_call(node)
            elif isinstance(node, ast.Attribute):
                self.check_cdktf_member(node)
        return sorted(self.issues.values(), key=lambda i: (i.line, i.column, i.kind))

    def _uses_bindings(self) -> bool:
        return bool(self.symbols.names or self.symbols.imports)

    # -- symbols -----------------------------------------------------------
    def check_import(self, node: ast.AST, line: int, column: int, symbol: Symbol) -> None:
        anchor = _Anchor(line, column, getattr(node, "end_lineno", None))
        if symbol.package == CDKTF:
            if symbol.name and symbol.name not in self.index.cdktf_names:
                self._cdktf_missing_name(anchor, symbol.name)
            return
        if self.index.has_provider(symbol.package):
            self._provider_symbol(anchor, symbol)

    def _provider(self, package: str) -> str:
        """How messages name an installed package: 'provider 21.22.1' for AWS."""
        if package == CDKTF:
            return f"cdktf {self.index.cdktf_version}"
        version = self.index.version_of(package)
        if package == self.index.primary:
            return f"provider {version}"
        return f"provider {self.index.providers[package]['distribution']} {version}"

    def _homes(self, name: str, package: str) -> list[str]:
        """Modules defining ``name``, those of ``package`` first."""
        return sorted(self.index.modules_defining(name),
                      key=lambda home: (not home.startswith(package + "."), home))

    def _tf_type_hint(self, package: str, name: str) -> str:
        """`RandomPassword` names random_password, whose class is `Password` in `...random.password`."""
        tf_type = snake_case(name)
        found = self.index.class_for_tf_type(package, tf_type)
        if found is None or found[1] == name:
            return ""
        return f"; the class for `{tf_type}` is `{found[1]}` in `{found[0]}`"

    def _provider_symbol(self, anchor: ast.AST, symbol: Symbol) -> bool:
        """Report a provider symbol that does not exist; True when it exists."""
        module, name = symbol.index_module, symbol.name
        if module is None:
            return True
        if not self.index.module_exists(module):
            hint = self._module_hint(symbol.package, module, name)
            self.add("missing_module", anchor,
                     f"module `{module}` does not exist in the installed "
                     f"{self._provider(symbol.package)} (ModuleNotFoundError at synth){hint}",
                     fix=hint.removeprefix("; ") or None,
                     repair=self._move(anchor, symbol, name, self._homes(name, symbol.package)) if name
                     else None)
            return False
        if name is None or self.index.kind(module, name) is not None:
            return True
        if self.index.kind(module, name + "A") is not None:
            self.add("a_suffix", anchor,
                     f"`{name}` does not exist in `{module}`; the resource class is "
                     f"`{name}A` (ImportError at synth)",
                     fix=f"import and use `{name}A` from `{module}`",
                     repair=self._rename(anchor, symbol, name + "A"))
            return False
        self.add("missing_name", anchor,
                 f"`{name}` does not exist in `{module}` (ImportError at synth)"
                 + self._name_hint(symbol.package, module, name),
                 fix=self._name_hint(symbol.package, module, name).removeprefix("; ") or None,
                 repair=self._name_repair(anchor, symbol, module, name))
        return False

    def _name_repair(self, anchor: ast.AST, symbol: Symbol, module: str, name: str) -> Repair | None:
        """A rename within the same module: the class without its stray `A`, else the one close name."""
        if name.endswith("A") and self.index.kind(module, name[:-1]):
            return self._rename(anchor, symbol, name[:-1])
        homes = [m for m in self._homes(name, symbol.package) if m != module]
        if homes:
            return self._move(anchor, symbol, name, homes)
        if self._tf_type_hint(symbol.package, name):
            return None   # another class of another module: not a mechanical choice
        near = self.index.nearest_name(module, name)
        if near and name.startswith(near):
            # `Wafv2WebAclRuleStatement` for `Wafv2WebAclRule`: a nested block the provider has no
            # class for, not a misspelling of its parent; renaming would build the wrong struct
            return None
        return self._rename(anchor, symbol, near) if near else None

    def _repair(self, action: str, node: ast.AST, old: str = "", new: str | None = "",
                safe: bool = True) -> Repair | None:
        """A repair at the node's position; none when there is nothing to rename to."""
        if new is None or (old and not new):
            return None
        return Repair.make(action, self.path, node.lineno, node.col_offset + 1, safe=safe,
                           old=old, new=new)

    def _move(self, anchor: ast.AST, symbol: Symbol, name: str, homes: list[str]) -> Repair | None:
        """Import ``name`` from the one module of its package that defines it."""
        mine = [h for h in homes if h.startswith(symbol.package + ".")]
        if len(mine) != 1 or not self._imported_by_name(symbol, name):
            return None
        return Repair.make("move_import", self.path, anchor.lineno, anchor.col_offset + 1,
                           module=symbol.index_module or "", name=name, home=mine[0])

    def _imported_by_name(self, symbol: Symbol, name: str) -> bool:
        """`from <module> import name` (not an attribute of an imported module)."""
        return any(r.symbol == symbol for r in self.symbols.imports) and symbol.name == name

    def _rename(self, anchor: ast.AST, symbol: Symbol, new: str) -> Repair | None:
        """Rename an imported provider class (and its uses), or the attribute that names it."""
        return Repair.make("rename_symbol", self.path, anchor.lineno, anchor.col_offset + 1,
                           old=symbol.name or "", new=new, module=symbol.index_module or "")

    def _module_hint(self, package: str, module: str, name: str | None) -> str:
        if name:
            homes = self._homes(name, package)
            if homes:
                return f"; `{name}` is in `{homes[0]}`"
            homes = self._homes(name + "A", package)
            if homes:
                return f"; the class is `{name}A` in `{homes[0]}`"
            by_type = self._tf_type_hint(package, name)
            if by_type:
                return by_type
        near = self.index.nearest_module(module)
        return f"; did you mean `{near}`?" if near else ""

    def _name_hint(self, package: str, module: str, name: str) -> str:
        if name.endswith("A") and self.index.kind(module, name[:-1]):
            return f"; the class has no `A` suffix here: use `{name[:-1]}`"
        homes = [m for m in self._homes(name, package) if m != module]
        if homes:
            return f"; `{name}` is defined in `{homes[0]}`"
        by_type = self._tf_type_hint(package, name)
        if by_type:
            return by_type
        near = self.index.nearest_name(module, name)
        return f"; did you mean `{near}`?" if near else ""

    def _cdktf_missing_name(self, anchor: ast.AST, name: str) -> None:
        near = difflib.get_close_matches(name, list(self.index.cdktf_names), n=1, cutoff=0.7)
        hint = f"; did you mean `{near[0]}`?" if near else ""
        self.add("cdktf_missing", anchor,
                 f"`cdktf` {self.index.cdktf_version} has no `{name}` (ImportError at synth){hint}",
                 fix=hint.removeprefix("; ") or None)

    def check_generated_bindings(self) -> None:
        """`from imports.aws import ...`: bindings `cdktf get` writes, absent from the project."""
        for node in self.module.walk():
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and \
                    node.module.split(".")[0] == "imports" and not self._project_has("imports"):
                self.add("cdktf_missing", node,
                         f"`{node.module}` is the folder `cdktf get` generates for local provider "
                         f"bindings; the project does not contain it (ModuleNotFoundError at synth)",
                         fix=f"import from the prebuilt `{PROVIDER}` package instead, e.g. "
                             f"`from {PROVIDER}.s3_bucket import S3Bucket`")

    def _project_has(self, folder: str) -> bool:
        return any(path.split("/")[0] == folder for path in self.project_paths)

    def check_cdktf_member(self, node: ast.Attribute) -> None:
        owner = resolve(node.value, self.symbols)
        if owner is None or owner.package != CDKTF or owner.name is None:
            return
        statics = self.index.cdktf_static.get(owner.name)
        if statics is None or node.attr in statics or node.attr.startswith("_"):
            return
        near = difflib.get_close_matches(node.attr, statics, n=1, cutoff=0.6)
        hint = f"; did you mean `{owner.name}.{near[0]}`?" if near else ""
        if owner.name == "Fn" and node.attr in FOREIGN_FN:
            hint = "; " + FOREIGN_FN[node.attr]
        self.add("cdktf_missing", node,
                 f"`{owner.name}.{node.attr}` does not exist in cdktf "
                 f"{self.index.cdktf_version} (AttributeError at synth){hint}",
                 fix=hint.removeprefix("; ") or None)

    # -- calls -------------------------------------------------------------
    def check_call(self, call: ast.Call) -> None:
        symbol = resolve(call.func, self.symbols)
        if symbol is None or symbol.name is None:
            return
        if symbol.package == CDKTF:
            config = self.index.config_of("cdktf", symbol.name) or (
                f"cdktf.{symbol.name}" if self.index.has_struct(f"cdktf.{symbol.name}") else None)
            if config:
                self.check_keywords(call, config, symbol.name)
            return
        if not self.index.has_provider(symbol.package):
            return
        if isinstance(call.func, ast.Attribute) and not self._provider_symbol(call.func, symbol):
            return
        module = symbol.index_module
        kind = self.index.kind(module, symbol.name)
        if kind in CONSTRUCT_KINDS:
            config = self.index.config_of(module, symbol.name)
            if config:
                self.check_keywords(call, config, symbol.name)
        elif kind == KIND_STRUCT:
            if call.args:
                self.struct_as_resource(call, symbol)
                return
            self.check_keywords(call, f"{module}.{symbol.name}", symbol.name)

    def struct_as_resource(self, call: ast.Call, symbol: Symbol) -> None:
        name, module = symbol.name, symbol.index_module
        resource = None
        for candidate in (name + "A", name):
            for home in self._homes(candidate, symbol.package):
                if self.index.kind(home, candidate) == KIND_RESOURCE:
                    resource = (home, candidate)
                    break
            if resource:
                break
        where = (f"; the resource is `{resource[1]}` from `{resource[0]}`"
                 if resource else "")
        self.add("struct_as_resource", call,
                 f"`{name}` from `{module}` is a nested-block struct, not a "
                 f"resource: called with a scope and id it fails at synth "
                 f"(TypeError: unexpected positional or keyword arguments){where}",
                 fix=(f"use `{resource[1]}` from `{resource[0]}`" if resource else None))

    def check_keywords(self, call: ast.Call, struct: str, owner: str) -> None:
        fields = self.index.fields(struct)
        given = set()
        # `Resource(...)` in an illustration elides its arguments: do not judge what is missing
        has_spread = any(isinstance(a, ast.Constant) and a.value is Ellipsis for a in call.args)
        for kw in call.keywords:
            if kw.arg is None:
                has_spread = True
                continue
            given.add(kw.arg)
            if kw.arg in fields:
                self.check_value(fields[kw.arg], kw.value, PY, f"{owner}.{kw.arg}")
            else:
                self.unknown_python_key(kw, kw.arg, struct, owner, keyword=True)
        if not has_spread:
            self.missing_required(call, struct, given, owner, PY)

    def unknown_python_key(self, node: ast.AST, key: str, struct: str, owner: str,
                           keyword: bool) -> None:
        fields = self.index.fields(struct)
        snake = snake_case(key)
        if not keyword and snake in fields and snake != key:
            self.add("camel_key", node,
                     f"key `{key}` in the dict for `{owner}` is camelCase; a dict given for one "
                     f"struct is expanded into Python keyword arguments, so it must be "
                     f"`{snake}` (TypeError: unexpected keyword argument '{key}')",
                     fix=f"rename the key to `{snake}`", repair=self._repair("rename_key", node, key, snake))
            return
        suggestion = snake if snake in fields else (
            self.index.nearest_field(struct, key) or _name_alias(key, struct, fields))
        hint = f"; did you mean `{suggestion}`?" if suggestion else ""
        what = "argument" if keyword else "key"
        self.add("unknown_argument", node,
                 f"`{owner}` has no {what} `{key}` in {self._provider(struct.partition('.')[0])} "
                 f"(TypeError: unexpected keyword argument '{key}'){hint}",
                 fix=f"use `{suggestion}`" if suggestion else f"remove `{key}`",
                 repair=self._repair("rename_keyword" if keyword else "rename_key", node, key, suggestion))

    def missing_required(self, node: ast.AST, struct: str, given: set[str], owner: str,
                         mode: str) -> None:
        for field in self.index.fields(struct).values():
            if not field.required:
                continue
            if mode == PY and field.name not in given:
                self.add("missing_required", node,
                         f"`{owner}` is missing the required argument `{field.name}` "
                         f"(TypeError: missing required keyword-only argument)",
                         fix=f"pass `{field.name}=` ({describe_type(field.type)})")
            elif mode == NODE and field.json_name not in given and field.name not in given:
                self.add("missing_required", node,
                         f"the `{owner}` block is missing the required key "
                         f"`{field.json_name}` (synth fails: Missing required properties)",
                         fix=f"add `\"{field.json_name}\"` or use the typed struct class")

    # -- values ------------------------------------------------------------
    def check_value(self, field: Field, expr: ast.AST, mode: str, where: str) -> None:
        expr = follow(expr, self.module, self.assignments)
        if isinstance(expr, ast.IfExp):  # `[...] if provisioned else [...]`: both can run
            self.check_value(field, expr.body, mode, where)
            self.check_value(field, expr.orelse, mode, where)
            return
        code = field.type
        kind = self.value_kind(expr)
        if kind in (None, "none"):
            return
        if code.startswith("U:"):
            members = code[2:].split("|")
            if not any(self.accepts(m, kind, expr) for m in members) and kind != "call":
                self.wrong_type(expr, where, code, kind)
            return
        if code.startswith("S:"):
            self.check_struct_value(code[2:], expr, kind, mode, where)
        elif code.startswith("L:S:"):
            self.check_list_of_structs(code[4:], expr, kind, where)
        elif code.startswith("L:"):
            self.check_collection(code, expr, kind, mode, where)
        elif code.startswith("M:"):
            self.check_collection(code, expr, kind, mode, where)
        elif not self.accepts(code, kind, expr):
            self.wrong_type(expr, where, code, kind)

    def value_kind(self, expr: ast.AST) -> str | None:
        kind = literal_kind(expr)
        if kind:
            return kind
        if isinstance(expr, ast.Call):
            symbol = resolve(expr.func, self.symbols)
            if symbol and is_provider(symbol.package) and symbol.name and \
                    self.index.kind(symbol.index_module or "", symbol.name) == KIND_STRUCT:
                return "struct"
            func = expr.func
            if _is_path_constructor(func):
                return "path"
            if isinstance(func, ast.Name) and func.id in _CALL_RESULT_KINDS:
                return _CALL_RESULT_KINDS[func.id]
            if isinstance(func, ast.Attribute) and func.attr == "dumps" and \
                    isinstance(func.value, ast.Name) and func.value.id == "json":
                return "str"
            return "call"
        return None

    def accepts(self, code: str, kind: str, expr: ast.AST) -> bool:
        if kind == "call" or code in ("a", "o", "d"):
            return True
        if code == "s":
            return kind == "str"
        if code == "n":
            return kind == "number"
        if code == "b":
            return kind == "bool"
        if code.startswith(("L:", "M:")):
            return kind == ("list" if code[0] == "L" else "dict")
        if code.startswith("S:"):
            return kind in ("dict", "struct")
        return True

    def wrong_type(self, expr: ast.AST, where: str, code: str, kind: str) -> None:
        shown = {"str": "a string", "number": "a number", "bool": "a boolean",
                 "dict": "a dict", "list": "a list", "struct": "a struct object",
                 "path": "a pathlib.Path (convert it with str())"}.get(kind, kind)
        self.add("wrong_type", expr,
                 f"`{where}` expects {describe_type(code)} but is given {shown} "
                 f"(type check fails at synth)",
                 fix=f"pass {describe_type(code)}", repair=self._type_repair(expr, code, kind))

    def _type_repair(self, expr: ast.AST, code: str, kind: str) -> Repair | None:
        """The one conversion a literal allows: number<->string, "true"->True, Path->str, x->[x]."""
        to = {("s", "number"): "str", ("n", "str"): "number", ("b", "str"): "bool",
              ("s", "path"): "str_call"}.get((code, kind))
        if to is not None:
            return Repair.make("convert_literal", self.path, expr.lineno, expr.col_offset + 1, to=to)
        element = code[2:] if code.startswith("L:") else None
        if element in ("s", "n", "b") and self.accepts(element, kind, expr):
            return self._repair("wrap_in_list", expr)
        return None

    def check_struct_value(self, struct: str, expr: ast.AST, kind: str, mode: str,
                           where: str) -> None:
        if kind == "dict":
            self.check_dict(struct, expr, mode, where)
        elif kind == "list":
            self.add("list_for_single", expr,
                     f"`{where}` takes one {struct.rsplit('.', 1)[-1]} block, not a list "
                     f"(synth fails: {'type check' if mode == PY else 'Value is not an object'})",
                     fix="pass the block itself, without the surrounding list",
                     repair=self._repair("unwrap_list", expr))
        elif kind == "struct":
            self.check_struct_class(expr, struct, where)
        elif kind != "call":
            self.wrong_type(expr, where, "S:" + struct, kind)

    def check_list_of_structs(self, struct: str, expr: ast.AST, kind: str, where: str) -> None:
        short = struct.rsplit(".", 1)[-1]
        if kind in ("dict", "struct"):
            self.add("single_for_list", expr,
                     f"`{where}` takes a list of {short} blocks but is given a single "
                     f"{'dict' if kind == 'dict' else 'object'} "
                     f"(synth fails: Unable to deserialize value ... Value is not an array)",
                     fix="wrap the block in a list: [ ... ]", repair=self._repair("wrap_in_list", expr))
            return
        if kind != "list":
            if kind != "call":
                self.wrong_type(expr, where, "L:S:" + struct, kind)
            return
        for element in list_elements(expr) or []:
            element = follow(element, self.module, self.assignments)
            element_kind = self.value_kind(element)
            if element_kind == "dict":
                self.check_dict(struct, element, NODE, f"{where}[]")
            elif element_kind == "struct":
                self.check_struct_class(element, struct, f"{where}[]")
            elif element_kind == "list":
                self.add("list_for_single", element,
                         f"`{where}` is a list of {short} blocks, but an element is itself "
                         f"a list", fix="flatten the list", repair=self._repair("unwrap_list", element))
            elif element_kind not in (None, "none", "call"):
                self.wrong_type(element, f"{where}[]", "S:" + struct, element_kind)

    def check_collection(self, code: str, expr: ast.AST, kind: str, mode: str,
                         where: str) -> None:
        wanted = "list" if code.startswith("L:") else "dict"
        if kind != wanted:
            if kind != "call":
                self.wrong_type(expr, where, code, kind)
            return
        inner = code[2:]
        if inner in ("a", "o") or inner.startswith(("S:", "L:", "M:", "U:")):
            return
        if wanted == "list":
            values = list_elements(expr) or []
        else:
            values = [v for _, v in dict_items(expr)[0]] if isinstance(expr, ast.Dict) else []
        for value in values:
            value = follow(value, self.module, self.assignments)
            value_kind = self.value_kind(value)
            if value_kind not in (None, "none", "call") and not self.accepts(inner, value_kind,
                                                                             value):
                self.wrong_type(value, f"{where}[]" if wanted == "list" else f"{where}{{}}",
                                inner, value_kind)

    def check_struct_class(self, expr: ast.Call, struct: str, where: str) -> None:
        symbol = resolve(expr.func, self.symbols)
        given = f"{symbol.index_module}.{symbol.name}"
        if given != struct and self.index.has_struct(struct):
            self.add("wrong_struct", expr,
                     f"`{where}` expects {struct.rsplit('.', 1)[-1]} but is given "
                     f"{symbol.name} (type check fails at synth)",
                     fix=f"use `{struct.rsplit('.', 1)[-1]}` from "
                         f"`{struct.rsplit('.', 1)[0]}`")

    def check_dict(self, struct: str, expr: ast.Dict, mode: str, where: str) -> None:
        items, complete = dict_items(expr)
        fields = self.index.fields(struct)
        by_json = self.index.fields_by_json(struct)
        given: set[str] = set()
        for key_node, value in items:
            key = key_node.value
            given.add(key)
            if mode == PY:
                if key in fields:
                    self.check_value(fields[key], value, PY, f"{where}.{key}")
                else:
                    given.add(snake_case(key))  # reported as camelCase, not as missing
                    self.unknown_python_key(key_node, key, struct, where, keyword=False)
                continue
            if key in by_json:
                self.check_value(by_json[key], value, NODE, f"{where}.{key}")
            elif key in fields:
                field = fields[key]
                if literal_kind(value) == "none" and not field.required:
                    continue  # dropping an explicit None changes nothing
                consequence = ("synth fails with Missing required properties" if field.required
                               else "the value is silently dropped from cdk.tf.json")
                self.add("snake_key", key_node,
                         f"key `{key}` in a dict inside the list `{where}` reaches node "
                         f"unconverted, where the name is `{field.json_name}`: {consequence}",
                         fix=f"use the typed struct class, or the key `{field.json_name}`",
                         breaks_synth=field.required,
                         # a dropped optional value breaks nothing at once: High, not Critical
                         severity=None if field.required else "High",
                         # an optional value starts to apply: not a change for working code
                         repair=self._repair("rename_key", key_node, key, field.json_name,
                                             safe=field.required))
            else:
                near = self._nearest_json(struct, key)
                hint = f"; did you mean `{near}`?" if near else ""
                self.add("ignored_key", key_node,
                         f"`{where}` has no field `{key}`: in a dict inside a list it is "
                         f"silently ignored{hint}",
                         fix=f"use `{near}`" if near else f"remove `{key}`", severity="High",
                         repair=self._repair("rename_key", key_node, key, near))
        if complete:
            self.missing_required(expr, struct, given, where, mode)

    def _nearest_json(self, struct: str, key: str) -> str | None:
        names = list(self.index.fields_by_json(struct))
        camel = camel_case(key)
        if camel in names:
            return camel
        matches = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
        return matches[0] if matches else None


# CloudFormation intrinsics and other foreign idioms models put on cdktf's Fn.
FOREIGN_FN = {
    "sub": "CloudFormation's Fn::Sub has no cdktf equivalent: use an f-string with token "
           "attributes, or Fn.format",
    "get_att": "use the resource's attribute, e.g. `bucket.arn`",
    "getatt": "use the resource's attribute, e.g. `bucket.arn`",
    "ref": "use the resource's attribute, e.g. `bucket.id`",
    "import_value": "read another stack's output through a data source or remote state",
    "find_in_map": "use a Python dict lookup",
    "base64": "use `Fn.base64encode`",
    "select": "use `Fn.element`",
    "if_": "use `Fn.conditional` or a Python conditional",
    "get_azs": "use the `DataAwsAvailabilityZones` data source",
}


def _name_alias(key: str, struct: str, fields: dict) -> str | None:
    """`KmsAlias(alias=)`, `SqsQueue(queue_name=)`: the resource's own noun means `name`."""
    owner_words = snake_case(struct.rsplit(".", 1)[-1].removesuffix("Config")).split("_")
    noun = key.removesuffix("_name")
    if "name" in fields and noun in owner_words:
        return "name"
    return None


def _is_path_constructor(func: ast.AST) -> bool:
    """`Path(...)`, `pathlib.Path(...)`: jsii accepts only str where the schema wants a string."""
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in ("Path", "PurePath", "PosixPath")


class _Anchor:
    """A position without an AST node (import aliases on Python < 3.10 lack one)."""

    def __init__(self, line: int, column: int, statement_end: int | None = None):
        self.lineno = line
        self.col_offset = column - 1
        self.statement_end = statement_end


def check_module(index: SchemaIndex, module: ParsedModule,
                 project_paths: frozenset[str] = frozenset()) -> list[BindingIssue]:
    if module.tree is None:
        return []
    return BindingChecker(index, module, project_paths).run()


def unchecked_providers(index: SchemaIndex, modules: list[ParsedModule]) -> dict[str, tuple[str, int]]:
    """Published provider packages the project imports but the index lacks: package -> first import.

    The binding check skips them (it has no schema to check them against).
    """
    found: dict[str, tuple[str, int]] = {}
    for module in modules:
        for record in module.imports.imports:
            package = record.symbol.package
            if is_provider(package) and published_package(package) and \
                    not index.has_provider(package):
                found.setdefault(package, (module.path, record.line))
    return found


def iter_issues(index: SchemaIndex, modules: list[ParsedModule]) -> Iterator[BindingIssue]:
    paths = frozenset(m.path for m in modules)
    for module in modules:
        yield from check_module(index, module, paths)
