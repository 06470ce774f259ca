"""``No module named 'imports'``: the bindings ``cdktf get`` generates, which the project lacks.

``cdktf get`` writes ``imports/<provider>/<module>``; the prebuilt package
``cdktf_cdktf_provider_<provider>`` has the same modules. Every import of
``imports.<provider>`` in the failing file is rewritten to the package, when
it is installed; names imported from the package root then go to their
modules in the next round (``package_root_import``).
"""
from __future__ import annotations

import re

import libcst as cst

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import dotted, parse
from iac_review.fix.guided.proposal import Proposal, failing_file

_MISSING = re.compile(r"No module named 'imports(?:\.[\w.]+)?'")


def propose(outcome, project, index) -> Proposal | None:
    frame, source = failing_file(outcome, project)
    if not _MISSING.search(outcome.error_message or "") or source is None or index is None:
        return None
    wrapper = parse(source.text)
    if wrapper is None:
        return None
    providers: set[str] = set()

    class Finder(cst.CSTVisitor):
        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            parts = dotted(node.module).split(".")
            if not node.relative and len(parts) > 1 and parts[0] == "imports":
                providers.add(parts[1])

    wrapper.module.visit(Finder())
    repairs = [Repair.make("rename_module", frame.path, frame.line, safe=False,
                           old=f"imports.{name}", new=f"cdktf_cdktf_provider_{name}")
               for name in sorted(providers) if index.has_provider(f"cdktf_cdktf_provider_{name}")]
    if not repairs:
        return None
    return Proposal(repairs[0], "`imports.<provider>` (what `cdktf get` would generate) imported from the "
                                "prebuilt `cdktf_cdktf_provider_<provider>` package", tuple(repairs[1:]))
