"""Lint violations that fail the pipeline's pylint gate.

What it finds:
    Per file and kind, one finding with the count and the first line numbers:
    lines longer than 120 characters (E501; pylint's limit in the corpus
    harness), unused imports (F401; not in ``__init__.py`` or a block holding only
    imports), f-strings without
    placeholders (F541), unused local variables (F841), trailing whitespace
    (W291, W293), ``== None`` / ``== True`` comparisons (E711, E712) and invalid
    escape sequences (W605). Found with ruff; lines carrying a matching
    ``# pylint: disable=`` (or a module-level one) are not reported.

Why it matters:
    The pipeline runs pylint and fails the task below its score threshold;
    each of these is a pylint message as well. An invalid escape sequence is a
    SyntaxWarning today and an error in a future Python.

Example:
        import json
        import os

        name = f"payments"

Use instead:
        name = "payments"

Fix safety:
    Safe for most kinds (removing an unused import, the ``f`` prefix, trailing
    whitespace); wrapping long lines needs a formatter.

References:
    https://pylint.readthedocs.io/en/stable/user_guide/messages/messages_overview.html
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.analysis.lint import LINE_LENGTH, project_lint
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

# ruff code -> (what it is, pylint's names for it, fix)
KINDS = {
    "E501": (f"line longer than {LINE_LENGTH} characters", ("C0301", "line-too-long"),
             f"wrap the lines to at most {LINE_LENGTH} characters"),
    "F401": ("unused import", ("W0611", "unused-import"), "remove the unused imports"),
    "F541": ("f-string without placeholders", ("W1309", "f-string-without-interpolation"),
             "drop the `f` prefix"),
    "F841": ("local variable assigned but never used", ("W0612", "unused-variable"),
             "remove the assignment or use the value (prefix with _ if intentional)"),
    "W291": ("trailing whitespace", ("C0303", "trailing-whitespace"), "strip trailing whitespace"),
    "W293": ("whitespace on a blank line", ("C0303", "trailing-whitespace"),
             "strip whitespace from blank lines"),
    "E711": ("comparison to None with == or !=", ("C0121", "singleton-comparison"),
             "use `is None` / `is not None`"),
    "E712": ("comparison to True/False with == or !=", ("C0121", "singleton-comparison"),
             "test the value itself (`if x:` / `if not x:`)"),
    "W605": ("invalid escape sequence in a string", ("W1401", "anomalous-backslash-in-string"),
             "use a raw string (r\"...\") or double the backslash"),
}
_DISABLE = re.compile(r"#\s*pylint:\s*disable\s*=\s*([\w\-, ]+)")
_SHOWN_LINES = 5


class LintViolations(Rule):
    meta = RuleMeta(
        id="PY004",
        name="lint-violations",
        category="code_quality_lint",
        default_severity=Severity.LOW,
        stage="static",
        summary="Lint violations the pylint gate reports (long lines, unused imports, ...)",
        why="The model does not run a linter over its code before answering.",
        impact="Quality: the pipeline's pylint gate fails or the score drops; no runtime effect.",
        docs="https://pylint.readthedocs.io/en/stable/user_guide/messages/messages_overview.html",
        training_value="Generated code should pass the project's linter (pylint, max line length 120) as written.",
        fix="safe",
    )

    def check(self, ctx) -> Iterator[Finding]:
        messages = project_lint(ctx)
        if not messages:
            return
        texts = {m.path: m.source.text for m in ctx.modules}
        import_only = {m.path for m in ctx.modules if m.tree is not None and _only_imports(m.tree)}
        grouped: dict[tuple[str, str], list] = {}
        for msg in messages:
            if msg.code not in KINDS:
                continue
            if msg.code == "F401" and (msg.path.endswith("__init__.py") or msg.path in import_only):
                continue   # re-exports, or a block showing only imports; not an unused import
            source = ctx.project.files.get(msg.path)
            if source is None or source.attribution == "guessed-other":
                continue
            grouped.setdefault((msg.path, msg.code), []).append(msg)
        disabled_cache: dict[str, tuple[set[str], dict[int, set[str]]]] = {}
        for (path, code), found in sorted(grouped.items(), key=lambda kv: (kv[0][0], kv[1][0].line)):
            if path not in disabled_cache:
                disabled_cache[path] = _disables(texts.get(path, ""))
            whole, by_line = disabled_cache[path]
            what, pylint_names, fix = KINDS[code]
            if whole & set(pylint_names):
                continue
            found = [m for m in found if not by_line.get(m.line, set()) & set(pylint_names)]
            if not found:
                continue
            first = found[0]
            shown = ", ".join(str(m.line) for m in found[:_SHOWN_LINES])
            more = ", ..." if len(found) > _SHOWN_LINES else ""
            count = f"{len(found)} {'occurrences' if len(found) > 1 else 'occurrence'}"
            detail = _detail(code, found)
            message = (f"{code} {what}: {count} in {path} (line{'s' if len(found) > 1 else ''} "
                       f"{shown}{more}){detail}; pylint {pylint_names[0]} {pylint_names[1]}")
            yield self.finding(ctx, path, first.line, message, column=first.column, fix=fix)


def _only_imports(tree: ast.Module) -> bool:
    body = [st for st in tree.body if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant))]
    return bool(body) and all(isinstance(st, (ast.Import, ast.ImportFrom)) for st in body)


def _detail(code: str, found) -> str:
    if code in ("F401", "F841"):
        names = []
        for m in found:
            name = re.search(r"`([^`]+)`", m.message)
            short = name[1].rsplit(".", 1)[-1] if name else None
            if short and short not in names:
                names.append(short)
        if names:
            more = ", ..." if len(names) > _SHOWN_LINES else ""
            return ": " + ", ".join(f"`{n}`" for n in names[:_SHOWN_LINES]) + more
    return ""


def _disables(text: str) -> tuple[set[str], dict[int, set[str]]]:
    """pylint names disabled for the whole module, and per line."""
    whole: set[str] = set()
    by_line: dict[int, set[str]] = {}
    for number, line in enumerate(text.split("\n"), 1):
        match = _DISABLE.search(line)
        if not match:
            continue
        names = {n.strip() for n in match[1].split(",") if n.strip()}
        if line.lstrip().startswith("#") and not line.startswith((" ", "\t")):
            whole |= names       # a top-level disable comment covers the rest of the module
        else:
            by_line[number] = names
    return whole, by_line
