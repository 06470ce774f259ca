"""The package's structure: layers that point one way, no import cycle, no hidden imports.

The layers are declared in .importlinter (checked with import-linter); the
cycle check reads the same import graph (grimp) at module level.
"""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "iac_review"
DEFERRED = "deferred:"


def test_layers_point_one_way():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.fail("import-linter is not installed (it is in the test extras)")
    run = subprocess.run([lint, "--config", str(ROOT / ".importlinter"), "--no-cache"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_no_import_cycle():
    graph = grimp.build_graph("iac_review", cache_dir=None)
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append(f"{module} -> " + " -> ".join(back))
    assert cycles == []


def _function_imports():
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    yield path.relative_to(ROOT), inner.lineno, lines


def _explained(lines: list[str], line: int) -> bool:
    """The import line, or a comment above its group of imports, says why it is deferred."""
    index = line - 1
    if DEFERRED in lines[index]:
        return True
    while index > 0 and lines[index - 1].strip().startswith(("from ", "import ")):
        index -= 1
    return index > 0 and DEFERRED in lines[index - 1]


def test_function_level_imports_only_defer_heavy_dependencies_and_say_why():
    unexplained = sorted({f"{path}:{line}" for path, line, lines in _function_imports()
                          if not _explained(lines, line)})
    assert unexplained == [], "move these imports to the top, or say why they are deferred"
