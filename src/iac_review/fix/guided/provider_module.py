"""``No module named 'cdktf_cdktf_provider_aws.x'``: import from the module the provider has.

Two ways an answer misnames a provider module, both mechanical: a data source
without its ``data_aws_`` prefix (``iam_policy_document`` for
``data_aws_iam_policy_document``), and a service the provider spells by its
old name (``eventbridge_rule`` for ``cloudwatch_event_rule``). When one module
matches, every name the failing import takes is imported from it; a name the
module does not define becomes the module's one construct class, under the
answer's name (``import DataAwsIamPolicyDocument as IamPolicyDocument``).
"""
from __future__ import annotations

import re

import libcst as cst

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import dotted, parse
from iac_review.fix.guided.proposal import Proposal, failing_file
from iac_review.knowledge.service_names import provider_spelling

_MISSING = re.compile(r"No module named '(\w+)\.(\w+)'")


def propose(outcome, project, index) -> Proposal | None:
    match = _MISSING.search(outcome.error_message or "")
    frame, source = failing_file(outcome, project)
    if match is None or source is None or index is None or not index.has_provider(match.group(1)):
        return None
    package, missing = match.groups()
    home = _home(index, package, missing)
    names = _imported(source.text, f"{package}.{missing}")
    if home is None or not names:
        return None
    repairs = []
    for name in names:
        new_name = _renamed(index, name, missing, home)
        if new_name is None:
            return None
        repairs.append(Repair.make("move_import", frame.path, frame.line, safe=False,
                                   module=f"{package}.{missing}", name=name, home=home, new_name=new_name))
    return Proposal(repairs[0], f"imported from `{home}`: the provider has no module `{missing}`",
                    tuple(repairs[1:]))


def _home(index, package: str, missing: str) -> str | None:
    modules = [m.rsplit(".", 1)[-1] for m in index.modules_of(package)]
    renamed = provider_spelling(missing)
    if renamed in modules:
        return f"{package}.{renamed}"
    data = [m for m in modules if m == f"data_aws_{missing}"]
    return f"{package}.{data[0]}" if len(data) == 1 else None


def _renamed(index, name: str, missing: str, home: str) -> str | None:
    """What ``home`` calls the answer's ``name``: itself, the same name with the module's
    own prefix (``IamPolicyDocumentStatement`` -> ``DataAwsIamPolicyDocumentStatement``),
    else the module's one construct class."""
    if index.kind(home, name):
        return name
    candidate = name.replace(_camel(missing), _camel(home.rsplit(".", 1)[-1]), 1)
    if candidate != name and index.kind(home, candidate):
        return candidate
    return _construct(index, home)


def _camel(module: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in module.split("_"))


def _construct(index, module: str) -> str | None:
    """The one resource or data source class a provider module defines."""
    package, _, rest = module.partition(".")
    names = index.providers[package]["modules"].get(rest, {})
    classes = [n for n, kind in names.items() if kind in ("resource", "data")]
    return classes[0] if len(classes) == 1 else None


def _imported(text: str, module: str) -> list[str]:
    wrapper = parse(text)
    if wrapper is None:
        return []
    names: list[str] = []

    class Finder(cst.CSTVisitor):
        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            if dotted(node.module) == module and not node.relative and not isinstance(node.names, cst.ImportStar):
                names.extend(dotted(a.name) for a in node.names)

    wrapper.module.visit(Finder())
    return names
