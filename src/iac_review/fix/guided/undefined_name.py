"""``NameError: name 'X' is not defined``: import ``X`` from the one place that defines it.

In order: one other module of the project defines ``X`` at top level (a class,
a function or an assignment): ``from <that module> import X``; else cdktf,
constructs or one provider module defines it (what PY003 repairs statically,
for files it judged excerpts too); else ``X`` is a standard library module
(``json``, ``os``): ``import X``. JSON's ``true``/``false``/``null`` are
``json_literals``' business.
"""
from __future__ import annotations

import ast
import re
import sys

from iac_review.analysis.homes import library_home
from iac_review.core.repair import Repair
from iac_review.fix.guided.proposal import Proposal, failing_file, module_of_path

_UNDEFINED = re.compile(r"name '(\w+)' is not defined")


def propose(outcome, project, index) -> Proposal | None:
    match = _UNDEFINED.search(outcome.error_message or "") if outcome.error_type == "NameError" else None
    frame, source = failing_file(outcome, project)
    if match is None or source is None:
        return None
    name = match.group(1)
    homes = [path for path, other in sorted(project.files.items())
             if path != frame.path and path.endswith(".py") and _defines(other.text, name)]
    module = module_of_path(homes[0]) if len(homes) == 1 else None
    if module is not None:
        why = f"{homes[0]} defines it, the file never imports it"
    else:
        module = library_home(index, name)
        why = f"{module} defines it, the file never imports it"
    if module is None and name in sys.stdlib_module_names:
        return Proposal(Repair.make("add_import", frame.path, frame.line, safe=False, module="", name=name),
                        f"`import {name}` added: the file uses the standard library module, never imports it")
    if module is None:
        return None
    return Proposal(Repair.make("add_import", frame.path, frame.line, safe=False, module=module, name=name),
                    f"`from {module} import {name}` added: {why}")


def _defines(text: str, name: str) -> bool:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return True
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return True
    return False
