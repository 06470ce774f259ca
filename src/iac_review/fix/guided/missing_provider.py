"""``Found resources without a matching provider construct ... for the following providers: aws``.

cdktf refuses a stack with resources of a provider the stack never declares
(its message always cites ``new RandomProvider(...)`` as an example; the
providers it means are listed at the end). Every stack class of the project
whose constructor declares none of them gets ``<Name>Provider(self, "<name>")``
right after its ``super().__init__(...)``; the import follows in the next round
(PY003).
"""
from __future__ import annotations

import re

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import dotted, parse
from iac_review.fix.guided.proposal import Proposal

_PROVIDERS = re.compile(r"without a matching provider construct.*?for the following providers: ([\w, -]+)", re.S)


def propose(outcome, project, index) -> Proposal | None:
    match = _PROVIDERS.search(outcome.error_message or "")
    if match is None or index is None:
        return None
    repairs, added = [], []
    for name in (n.strip() for n in match.group(1).split(",")):
        wanted = "".join(part.capitalize() for part in name.split("-")) + "Provider"
        if not name or len(index.modules_defining(wanted)) != 1:
            continue
        code = f'{wanted}(self, "{name}")'
        for path, source in sorted(project.files.items()):
            for line in (_stack_constructors(source.text, wanted) if path.endswith(".py") else ()):
                repairs.append(Repair.make("insert_after", path, line, safe=False, code=code))
        added.append(f"`{code}`")
    if not repairs:
        return None
    return Proposal(repairs[0], f"{', '.join(added)} added to the stacks that never declare it: "
                                "cdktf refuses resources of a provider the stack does not declare",
                    tuple(repairs[1:]))


def _stack_constructors(text: str, wanted: str) -> list[int]:
    """Lines of ``super().__init__(...)`` in the constructors of stack classes that never call ``wanted``."""
    wrapper = parse(text)
    if wrapper is None:
        return []
    positions = wrapper.resolve(PositionProvider)
    lines = []
    for node in wrapper.module.body:
        if not (isinstance(node, cst.ClassDef) and any(dotted(b.value).endswith("Stack") for b in node.bases)):
            continue
        init = next((s for s in node.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"),
                    None)
        if init is None or wanted in wrapper.module.code_for_node(init):
            continue
        for statement in init.body.body:
            if isinstance(statement, cst.SimpleStatementLine) and "super().__init__" in \
                    wrapper.module.code_for_node(statement):
                lines.append(positions[statement].start.line)
                break
    return lines
