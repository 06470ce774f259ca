"""``cannot import name 'S3Bucket' from 'cdktf_cdktf_provider_aws'``: classes live in the modules.

The prebuilt provider packages export their modules, not the classes, at the
root. Every class the failing file imports from the package root moves to the
one module of the package that defines it.
"""
from __future__ import annotations

import re

import libcst as cst

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import dotted, parse
from iac_review.fix.guided.proposal import Proposal, failing_file

_ROOT = re.compile(r"cannot import name '\w+' from '(\w+)' ")


def propose(outcome, project, index) -> Proposal | None:
    match = _ROOT.search(outcome.error_message or "")
    frame, source = failing_file(outcome, project)
    if match is None or source is None or index is None or not index.has_provider(match.group(1)):
        return None
    package = match.group(1)
    wrapper = parse(source.text)
    names: list[str] = []

    class Finder(cst.CSTVisitor):
        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            if dotted(node.module) == package and not node.relative and not isinstance(node.names, cst.ImportStar):
                names.extend(dotted(a.name) for a in node.names)

    if wrapper is not None:
        wrapper.module.visit(Finder())
    repairs = []
    for name in names:
        homes = [m for m in index.modules_defining(name) if m.startswith(package + ".")]
        if name[:1].isupper() and len(homes) == 1:
            repairs.append(Repair.make("move_import", frame.path, frame.line, safe=False,
                                       module=package, name=name, home=homes[0]))
    if not repairs:
        return None
    return Proposal(repairs[0], f"{len(repairs)} class(es) imported from their modules: `{package}` "
                                "exports modules, not classes", tuple(repairs[1:]))
