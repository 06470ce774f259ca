"""A rule's documentation page, from its metadata and its module's docstring.

The same page is written to docs/rules/<ID>.md (``python -m iac_review.docgen``) and printed by
``iac-review rules <ID>``.
"""
from __future__ import annotations

import inspect
import sys
import textwrap

from iac_review.core.rule import Rule


def rule_page(rule: type[Rule]) -> str:
    meta = rule.meta
    doc = rule_docstring(rule)
    title, _, body = doc.partition("\n")
    lines = [f"# {meta.id}: {meta.name}", "", f"{title}", "",
             "| | |", "|---|---|",
             f"| Category | `{meta.category}` |",
             f"| Default severity | {meta.default_severity.value} |",
             f"| Stage | {meta.stage} |",
             f"| Fix | {meta.fix} |",
             f"| Needs the provider schema | {'yes' if meta.needs_index else 'no'} |",
             f"| A Critical finding predicts a synth failure | {'yes' if meta.predicts_synth_failure else 'no'} |",
             f"| Source | `{_source_path(rule)}` |",
             f"| Reference | <{meta.docs}> |", ""]
    for section in _sections(body):
        heading, text = section
        lines += [f"## {heading}", ""]
        if heading in ("Example", "Use instead"):
            lines += ["```python", textwrap.dedent(text).strip("\n"), "```", ""]
        else:
            lines += [" ".join(text.split()), ""]
    severity = ["## Severity", "", meta.severity_note, ""] if meta.severity_note else []
    lines += ["## Root cause", "", meta.why, "", "## Impact", "", meta.impact, "", *severity,
              "## Training value", "", meta.training_value, ""]
    return "\n".join(lines)


def _source_path(rule: type[Rule]) -> str:
    return "src/" + rule.__module__.replace(".", "/") + ".py"


def rule_docstring(rule: type[Rule]) -> str:
    """The rule's docstring: on the class, or on its module (one rule per module)."""
    return inspect.cleandoc(rule.__doc__ or sys.modules[rule.__module__].__doc__ or "")


def sections(rule: type[Rule]) -> dict[str, str]:
    return dict(_sections(rule_docstring(rule).partition("\n")[2]))


def _sections(body: str) -> list[tuple[str, str]]:
    sections: list[tuple[str, list[str]]] = []
    for line in body.split("\n"):
        if line and not line.startswith(" ") and line.endswith(":"):
            sections.append((line[:-1], []))
        elif sections:
            sections[-1][1].append(line)
    return [(h, "\n".join(t).strip("\n")) for h, t in sections]
