"""The task's own test suite as pytest or unittest would collect it.

Which project files are test modules, which functions are collected from
them, which fixtures and helpers they can call, and whether the task's prompt
asks for tests. Everything reads the ASTs the project model already parsed
(``project_model(ctx)``); nothing is re-parsed. The TST rules read this.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from iac_review.analysis.project import project_model

#: ``unittest.TestCase`` and friends: a class with one of these bases is collected.
_TESTCASE_BASES = ("TestCase", "IsolatedAsyncioTestCase", "AsyncTestCase")
_PROMPT_TESTS = re.compile(
    r"\b(unit|integration)[ -]tests?\b|\btest (coverage|suite)s?\b|\bpytest\b|\btests/", re.I)


@dataclass(frozen=True)
class CollectedTest:
    """A function pytest or unittest collects: ``test*`` at module level or in a test class."""

    path: str
    node: ast.FunctionDef | ast.AsyncFunctionDef
    cls: ast.ClassDef | None

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def line(self) -> int:
        return self.node.lineno


@dataclass
class SuiteFile:
    path: str
    module: object                      # analysis.modules.ParsedModule
    tests: list[CollectedTest] = field(default_factory=list)
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)
    methods: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)

    @property
    def tree(self) -> ast.Module:
        return self.module.tree

    @property
    def text(self) -> str:
        return self.module.source.text


def _is_test_class(node: ast.ClassDef) -> bool:
    bases = [b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases]
    return node.name.startswith("Test") or any(b in _TESTCASE_BASES for b in bases)


def _collect_module(path: str, module) -> SuiteFile:
    found = SuiteFile(path, module)
    for st in module.tree.body:
        if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.functions.setdefault(st.name, st)
            if st.name.startswith("test"):
                found.tests.append(CollectedTest(path, st, None))
        elif isinstance(st, ast.ClassDef):
            collected = _is_test_class(st)
            for item in st.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found.methods.setdefault(item.name, item)
                    if collected and item.name.startswith("test"):
                        found.tests.append(CollectedTest(path, item, st))
    return found


def suite_files(ctx) -> list[SuiteFile]:
    """Parsed test files of the project (``tests/**``, ``test_*.py``, ``conftest.py``).

    Blocks the loader attributed to no project file (``guessed-other``) are left
    out: they are snippets shown in prose, not files of the answer.
    """
    return ctx.memo("tests_quality:files", _test_modules)


def _test_modules(ctx) -> list[SuiteFile]:
    model = project_model(ctx)
    out = []
    for path in model.tests:
        info = model.infos.get(path)
        source = ctx.project.files.get(path)
        if info is None or source is None or source.attribution == "guessed-other":
            continue
        out.append(_collect_module(path, info.module))
    return out


def fixtures(ctx) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    """pytest fixtures defined in any test module or conftest, by name."""
    return ctx.memo("tests_quality:fixtures", _fixtures)


def _fixtures(ctx):
    out = {}
    for module in suite_files(ctx):
        for node in list(module.functions.values()) + list(module.methods.values()):
            if any(_decorator_name(d).endswith("fixture") for d in node.decorator_list):
                out.setdefault(node.name, node)
    return out


def _decorator_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def dotted(node: ast.AST) -> str:
    """``pytest.mark.skip`` for an attribute chain (calls unwrapped), "" otherwise."""
    return _decorator_name(node)


def prompt_test_request(ctx) -> str | None:
    """The line of the task's prompt that asks for tests, or None (no prompt, or no such line)."""
    return ctx.memo("tests_quality:prompt", _prompt_test_request)


def _prompt_test_request(ctx) -> str | None:
    text = ctx.project.prompt_text
    if not text:
        return None
    for line in text.split("\n"):
        shown = " ".join(line.strip(" -*#>\t").split())
        match = _PROMPT_TESTS.search(shown)
        if match:
            if len(shown) <= 100:
                return shown
            start = max(0, match.start() - 40)
            return ("..." if start else "") + shown[start:start + 94].rstrip() + "..."
    return None
