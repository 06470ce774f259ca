"""Name used but never defined or imported in its module.

What it finds:
    Names that a module uses but neither defines nor imports (pyflakes F821,
    run through ruff), one finding per module and name at its first use; and
    ``from <project module> import X`` in project code when that module does not
    define ``X``. Each file of an answer is its own module: a class defined in
    another code block of the same answer is not defined here. Unnamed blocks
    that only illustrate a change are skipped.

Why it matters:
    Python raises ``NameError`` (or ``ImportError``) when the line runs: in
    stack code that is during synth, in a Lambda handler at invocation time.

Example:
        from cdktf import TerraformStack

        class TapStack(TerraformStack):
            def __init__(self, scope, construct_id):
                super().__init__(scope, construct_id)
                TerraformOutput(self, "vpc_id", value=vpc.id)

Use instead:
        from cdktf import TerraformOutput, TerraformStack

Fix safety:
    Safe where the name is a class that exactly one place defines (`cdktf`,
    `constructs`, or one module of an installed provider): the import is added.
    Anything else (a variable, a name several modules define) is left to the author.

References:
    https://docs.python.org/3/library/exceptions.html#NameError
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.analysis.homes import library_home
from iac_review.analysis.lint import project_lint
from iac_review.analysis.project import project_model
from iac_review.core.finding import Finding, Severity
from iac_review.core.repair import Repair
from iac_review.core.rule import Rule, RuleMeta

_NAME = re.compile(r"`([^`]+)`")
_LAMBDA_DIRS = ("lambda", "lambdas", "lambda_functions", "functions", "handlers", "lambda_code")
# Comments and lines that say code was left out of the block.
# Linear on hostile text: [^\S\n]* (spaces within the line) where ^\s* would rescan every
# run of blank lines, and only a line's first # tries the words (a later # finds no more).
_ELISION = re.compile(r"^[^\S\n]*(?:\.\.\.|#\s*\.\.\.)\s*$|#\s*(?:\.\.\.|…)|#\s*\[[^\]]*\]"
                      r"|^[^#\n]*#.*\b(?:rest of|remaining|omitted|truncated|for brevity|similar (?:pattern|code)"
                      r"|same as (?:before|above)|unchanged|existing (?:code|resources|methods)"
                      r"|and so on|etc\b)", re.I | re.M)


class UndefinedName(Rule):
    meta = RuleMeta(
        id="PY003",
        name="undefined-name",
        category="python_import_or_runtime_error",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Name used but never defined or imported (F821)",
        why=("The model uses classes and helpers it never imports (TerraformOutput, Fn, "
             "DataAwsCallerIdentity) or variables defined in another method or another file."),
        impact="Deployability: NameError at synth (stack code) or at invocation (Lambda code).",
        docs="https://docs.python.org/3/library/exceptions.html#NameError",
        training_value="Every name a module uses must be imported or defined in that module.",
        fix="safe",
        predicts_synth_failure=True,
    )

    def check(self, ctx) -> Iterator[Finding]:
        messages = project_lint(ctx)
        model = project_model(ctx)
        if messages is not None:
            yield from self._undefined(ctx, messages)
        yield from self._imports(ctx, model)

    def _undefined(self, ctx, messages) -> Iterator[Finding]:
        by_file: dict[str, dict[str, list]] = {}
        for msg in messages:
            if msg.code != "F821":
                continue
            match = _NAME.search(msg.message)
            if match is not None:
                by_file.setdefault(msg.path, {}).setdefault(match[1], []).append(msg)
        modules = {m.path: m for m in ctx.modules}
        model = project_model(ctx)
        tests = set(model.tests)
        for path, names in sorted(by_file.items()):
            module = modules.get(path)
            source = ctx.project.files.get(path)
            if module is None or source is None or source.attribution == "guessed-other":
                continue
            excerpt = _excerpt(module, names, path in model.entry_points, model.is_excerpt(path))
            if excerpt:
                yield self._excerpt_finding(ctx, path, names, excerpt)
                continue
            elided = bool(_ELISION.search(module.source.text))
            for name, found in sorted(names.items(), key=lambda kv: kv[1][0].line):
                yield self._name_finding(ctx, module, path, name, found, path in tests, elided)

    def _name_finding(self, ctx, module, path, name, found, is_test, elided) -> Finding:
        first = found[0]
        if is_test:
            when, severity = "when the test runs (the test errors)", Severity.HIGH
        elif _is_lambda_code(path, module.source.text):
            # synth and deploy succeed; the function fails when called (a test failure)
            when, severity = "when the handler runs", Severity.HIGH
        else:
            when, severity = "when the stack code runs, during synth", None
        uses = f" (used {len(found)} times; lines {_lines(found)})" if len(found) > 1 else ""
        message = f"`{name}` is used but never defined or imported in {path}{uses}: NameError {when}"
        if all(_in_annotation(module, m.line, m.column) for m in found):
            severity = Severity.LOW
            message = (f"`{name}` is used in type annotations but never defined or imported in "
                       f"{path}{uses}: pylint E0602; NameError only if the annotations are "
                       "evaluated")
        elif elided:
            severity = Severity.MEDIUM
            message += "; the block is an excerpt with elided code, so it may be defined there"
        elif not is_test and not _is_lambda_code(path, module.source.text) \
                and (dead := _uncalled_function(ctx, module, found)) is not None:
            severity = Severity.LOW
            message = (f"`{name}` is used but never defined or imported in {path}{uses}, inside "
                       f"{dead}, which nothing in the project calls: NameError only once called")
        return self.finding(ctx, path, first.line, message, column=first.column,
                            severity=severity, fix=_fix(name), repair=_import_repair(ctx, path, name))

    def _excerpt_finding(self, ctx, path, names, why) -> Finding:
        ordered = sorted(names, key=lambda n: names[n][0].line)
        shown = ", ".join(f"`{n}`" for n in ordered[:6]) + (", ..." if len(ordered) > 6 else "")
        first = names[ordered[0]][0]
        message = (f"{path} uses {len(ordered)} name{'s' if len(ordered) > 1 else ''} it never "
                   f"defines or imports ({shown}); {why}, so it was not checked name by name. "
                   "As a complete file it would fail with NameError")
        severity = Severity.LOW
        return self.finding(ctx, path, first.line, message, column=first.column, severity=severity,
                            fix="show the complete module (imports and the enclosing class or "
                                "function) or mark the block as an excerpt")

    def _imports(self, ctx, model) -> Iterator[Finding]:
        """Cross-module imports in project code (entry points and tests have their own rules)."""
        skip = set(model.entry_points) | set(model.tests)
        for path, info in sorted(model.infos.items()):
            if path in skip or ctx.project.files[path].attribution == "guessed-other":
                continue
            for imp in info.from_imports.values():
                target = model.resolve_module(path, imp.module, imp.level)
                if target is None or target.endswith("__init__.py") or target == path:
                    continue
                if ctx.project.files[target].guessed or model.defines(target, imp.name):
                    continue
                classes = sorted(model.infos[target].classes) if target in model.infos else []
                shown = f"; it defines {', '.join(f'`{c}`' for c in classes[:4])}" if classes else ""
                yield self.finding(
                    ctx, path, imp.line,
                    f"{path} imports `{imp.name}` from `{imp.module or target}`, which {target} "
                    f"does not define{shown}: ImportError when the module is imported, before synth",
                    column=imp.node.col_offset + 1,
                    fix=f"import a name that {target} defines, or define `{imp.name}` there")
_BEFORE_AFTER = re.compile(r"^[^\S\n]*#\s*(?:before|after|wrong|incorrect|correct|old|new|fixed|original)\b"
                           r"[^\n]*:\s*$", re.I | re.M)


def _uncalled_function(ctx, module, found) -> str | None:
    """The functions holding every use, when no code of the project refers to any of them."""
    holders = {}
    for msg in found:
        holder = _enclosing_function(module, msg.line, msg.column)
        if holder is None or holder.name.startswith("__"):
            return None   # module level, or called by Python itself (__init__, __call__, ...)
        holders[holder.name] = holder
    referenced = {node.attr if isinstance(node, ast.Attribute) else node.id
                  for other in ctx.modules if other.tree is not None
                  for node in other.walk() if isinstance(node, (ast.Attribute, ast.Name))}
    if referenced & set(holders):
        return None
    return ", ".join(f"`{name}`" for name in sorted(holders))


def _enclosing_function(module, line: int, column: int):
    target = next((n for n in module.walk() if isinstance(n, ast.Name)
                   and n.lineno == line and n.col_offset == column - 1), None)
    current = module.parent(target) if target is not None else None
    while current is not None and not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
        current = module.parent(current)
    return current


def _lines(found) -> str:
    shown = ", ".join(str(m.line) for m in found[:5])
    return shown + (", ..." if len(found) > 5 else "")


# Classes of the libraries every CDKTF app imports besides cdktf and the providers.
def _import_repair(ctx, path: str, name: str) -> Repair | None:
    """Import a class from the one place that defines it: cdktf, or one module of one provider."""
    home = library_home(ctx.index, name)
    return Repair.make("add_import", path, module=home, name=name) if home else None


# JSON and JavaScript literals written in Python: the fix is Python's own literal.
_FOREIGN_LITERALS = {"true": "True", "false": "False", "null": "None", "none": "None",
                     "undefined": "None"}


def _fix(name: str) -> str:
    if name in _FOREIGN_LITERALS:
        return f"write Python's `{_FOREIGN_LITERALS[name]}` instead of `{name}`"
    if name[:1].isupper():
        return (f"import `{name}` from the module that defines it (cdktf, "
                "cdktf_cdktf_provider_aws.<module>, or the project's own module)")
    return f"define `{name}` before use (e.g. keep it as an attribute on self) or import it"


def _is_lambda_code(path: str, text: str) -> bool:
    parts = path.split("/")[:-1]
    if any(p in _LAMBDA_DIRS for p in parts[1:]) or (parts[:1] == ["lambda"]):
        return True
    return bool(re.search(r"^[^\S\n]*def\s+\w*handler\s*\(\s*event\s*,\s*context", text, re.M))


def _excerpt(module, names: dict[str, list], entry_point: bool, no_imports: bool) -> str | None:
    """Why a block is a fragment rather than a module, or None."""
    if "self" in names:
        return "it uses `self` outside any method: the block is an excerpt of a method body"
    if module.tree is None:
        return None
    if no_imports:
        return "it has no import statements at all: the block is an excerpt, not a whole module"
    if _BEFORE_AFTER.search(module.source.text):
        return "it shows a before/after change: the block is an illustration, not a whole module"
    if not entry_point and not any(isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                                   for st in module.tree.body):
        return ("it has no function or class and is not an entry point: the block is a snippet, "
                "not a whole module")
    return None


def _in_annotation(module, line: int, column: int) -> bool:
    """Whether the name at (line, 1-based column) sits in an annotation."""
    if module.tree is None:
        return False
    target = None
    for node in module.walk():
        if isinstance(node, ast.Name) and node.lineno == line and node.col_offset + 1 == column:
            target = node
            break
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and node.lineno <= line <= (node.end_lineno or node.lineno)):
            target = target or node   # string annotation: the name is inside the text
    if target is None:
        return False
    current, child = module.parent(target), target
    while current is not None:
        if isinstance(current, ast.arg) and current.annotation is child:
            return True
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)) and current.returns is child:
            return True
        if isinstance(current, ast.AnnAssign) and current.annotation is child:
            return True
        if isinstance(current, ast.stmt):
            return False
        current, child = module.parent(current), current
    return False
