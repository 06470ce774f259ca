"""Project files the app needs to start are missing or point at nothing.

What it finds:
    A project with a stack class but no entry point (``tap.py``, ``main.py``,
    ``app.py``, a file that builds an ``App()`` and calls ``synth()``, or the
    file ``cdktf.json`` runs); a ``cdktf.json`` whose ``"app"`` command runs a
    file the project does not have; imports of a project module
    (``from lib.api import ApiConstruct``) whose file is not in the project; and
    imports through a folder without ``__init__.py`` (``from lib.x import ...``
    with no ``lib/__init__.py``). Files taken from a markdown answer, which may
    simply not show a file, are reported with Medium severity unless the answer
    itself shows the mismatch.

Why it matters:
    ``cdktf synth`` runs the ``app`` command: with no entry point, or one that
    names a missing file, nothing is synthesized; a missing module is a
    ``ModuleNotFoundError``. Folders without ``__init__.py`` only import as
    implicit namespace packages, which lose to any installed package of the same
    name, and are skipped by coverage and pylint's package discovery.

Example:
        # cdktf.json
        {"language": "python", "app": "python3 main.py"}
        # the project's entry point is tap.py

Use instead:
        {"language": "python", "app": "pipenv run python3 tap.py"}

Fix safety:
    Unsafe, for a missing ``__init__.py`` only: an empty one is created. It turns
    the folder from a namespace package into a regular package, which stops
    merging same-named folders elsewhere on ``sys.path``. Which file is the real
    entry point, or what a missing module should contain, is the author's
    decision: no automatic fix.

References:
    https://developer.hashicorp.com/terraform/cdktf/create-and-deploy/configuration-file
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.module_info import iter_statements
from iac_review.analysis.project import from_answer, project_model
from iac_review.core.finding import Finding, Severity
from iac_review.core.repair import CREATE_FILE, Repair
from iac_review.core.rule import Rule, RuleMeta

_NOT_PYTHON = (".ts", ".js", ".mjs", ".go", ".java", ".cs")


class ProjectScaffoldingMissing(Rule):
    meta = RuleMeta(
        id="CTR004",
        name="project-scaffolding-missing",
        category="project_scaffolding_missing_or_wrong",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Entry point, cdktf.json target, imported module or __init__.py missing",
        why=("The model writes the stack code and forgets the files that make it a runnable "
             "CDKTF project, or names them inconsistently across the answer."),
        impact="Deployability: cdktf synth cannot start the app, or the app stops with ModuleNotFoundError.",
        docs="https://developer.hashicorp.com/terraform/cdktf/create-and-deploy/configuration-file",
        training_value=("A CDKTF Python project needs an entry point that cdktf.json's app command "
                        "runs, and every imported project module must exist in a package."),
        fix="unsafe",
    )

    def check(self, ctx) -> Iterator[Finding]:
        model = project_model(ctx)
        answer = from_answer(ctx.project)
        soft = Severity.MEDIUM if answer else None
        yield from self._entry(ctx, model, answer, soft)
        yield from self._modules(ctx, model, soft)

    def _entry(self, ctx, model, answer, soft) -> Iterator[Finding]:
        app = model.cdktf_app
        entries = model.entry_points
        if app is not None:
            bad_language = app.target is None and any(
                token.endswith(_NOT_PYTHON) for token in app.command.split())
            if bad_language:
                yield self.finding(
                    ctx, app.path, app.line,
                    f"{app.path} runs `{app.command}`, which is not a Python program, in a Python "
                    "project: cdktf synth cannot start the app",
                    fix='set "app" to the Python entry point, e.g. "pipenv run python3 tap.py"')
                return
            if app.target is not None and app.target not in ctx.project.files:
                shown = [e for e in entries if e != app.target]
                also = (f"; the project's entry point is {', '.join(shown)}" if shown else
                        "; the project has no entry point at all")
                message = (f"{app.path} runs `{app.command}`, but {app.target} is not in the "
                           f"project{also}: cdktf synth fails to start the app")
                fix = (f'point "app" at {shown[0]} (e.g. "pipenv run python3 {shown[0]}")' if shown
                       else f"add {app.target} creating App(), the stack and app.synth()")
                yield self.finding(ctx, app.path, app.line, message, fix=fix,
                                   severity=None if shown else soft)
                return
        if entries or not model.stack_classes:
            return
        # The stacks nothing else builds: an orchestrating TapStack that builds the others
        top = _top_stacks(ctx, model.stack_classes)
        stack = top[0]
        severity = soft
        harness = answer and ctx.config.harness_params and any(
            s.name == "TapStack" and s.path == "lib/tap_stack.py" for s in model.stack_classes)
        names = ", ".join(f"`{s.name}`" for s in top[:3])
        where = "the answer" if answer else "the project"
        message = (f"{where} defines {names} but no entry point (tap.py, main.py, a cdktf.json app "
                   "target, or a file calling App().synth()): nothing instantiates the stack, so "
                   "cdktf synth produces no stack")
        if harness:
            message += (" outside the corpus harness, whose own tap.py instantiates "
                        "lib/tap_stack.py's TapStack")
            severity = Severity.LOW
        yield self.finding(ctx, stack.path, stack.line, message, severity=severity,
                           fix=f"add tap.py creating App(), {stack.name}(app, ...) and app.synth(), "
                               "and a cdktf.json whose app runs it")

    def _modules(self, ctx, model, soft) -> Iterator[Finding]:
        roots = {p.split(".")[0] for p in model.packages} - {"tests", "test"}
        missing_init: dict[str, tuple[str, int]] = {}
        reported: set[str] = set()
        tests = set(model.tests)
        for path, info in sorted(model.infos.items()):
            if ctx.project.files[path].attribution == "guessed-other":
                continue
            missing: list[tuple[str, int]] = []
            for node in iter_statements(info.module.tree):
                for dotted, line in _imported_modules(model, path, node):
                    if dotted.split(".")[0] not in roots:
                        continue
                    if dotted in model.module_names:
                        if isinstance(node, ast.Import) or node.level == 0:
                            parts = dotted.split(".")
                            for k in range(1, len(parts)):
                                package = "/".join(parts[:k])
                                if f"{package}/__init__.py" not in ctx.project.files:
                                    missing_init.setdefault(package, (path, line))
                        continue
                    if dotted in model.packages or dotted in reported:
                        continue
                    if dotted.rsplit(".", 1)[0] not in model.packages:
                        continue   # not a module of a folder the project has
                    reported.add(dotted)
                    missing.append((dotted, line))
            if missing:
                missing.sort(key=lambda m: m[1])
                files = [d.replace(".", "/") + ".py" for d, _ in missing]
                when = ("when the tests are collected" if path in tests
                        else "when the app starts, before synth")
                shown = ", ".join(f"`{d}`" for d, _ in missing[:6]) + (", ..." if len(missing) > 6 else "")
                message = (f"{path} imports {shown}, but {', '.join(files[:6])} "
                           f"{'is' if len(files) == 1 else 'are'} not in the project: "
                           f"ModuleNotFoundError {when}")
                yield self.finding(ctx, path, missing[0][1], message, severity=soft,
                                   fix=f"add {', '.join(files[:6])}, or import the constructs from "
                                       "the modules that define them")
        for package, (path, line) in sorted(missing_init.items()):
            yield self.finding(
                ctx, path, line,
                f"{path} imports from the `{package.replace('/', '.')}` package, but "
                f"{package}/__init__.py is missing: the folder only imports as an implicit "
                "namespace package (shadowed by any installed package of the same name, skipped "
                "by coverage and pylint discovery)",
                severity=soft, fix=f"add an empty {package}/__init__.py",
                repair=Repair.make(CREATE_FILE, f"{package}/__init__.py", safe=False, text=""))


def _imported_modules(model, path: str, node: ast.AST) -> list[tuple[str, int]]:
    """Absolute module names an import statement needs as files."""
    if isinstance(node, ast.Import):
        return [(alias.name, node.lineno) for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        dotted = model.absolute(path, node.module, node.level)
        if not dotted:
            return []
        if node.module is None:   # from . import x: each name is a module or a package attribute
            return [(f"{dotted}.{a.name}", node.lineno) for a in node.names
                    if f"{dotted}.{a.name}" in model.module_names]
        return [(dotted, node.lineno)]
    return []


def _top_stacks(ctx, stacks: list) -> list:
    """The stack classes no project code instantiates (all of them when each is built somewhere)."""
    called = {node.func.id if isinstance(node.func, ast.Name) else node.func.attr
              for module in ctx.modules if module.tree is not None
              for node in module.walk() if isinstance(node, ast.Call)
              and isinstance(node.func, (ast.Name, ast.Attribute))}
    top = [s for s in stacks if s.name not in called]
    return top or list(stacks)
