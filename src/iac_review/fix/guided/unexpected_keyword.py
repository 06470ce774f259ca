"""``X.__init__() got an unexpected keyword argument 'k'``: rename ``k`` or drop it.

When the class requires an argument the call lacks and ``k`` ends with it
(``subnet_group_name`` for ``name``), ``k`` is renamed to it; otherwise the
argument is dropped, which loses what it meant (the report says so).
"""
from __future__ import annotations

import re

from iac_review.core.repair import Repair
from iac_review.fix.guided.proposal import Proposal, call_of, fields_of, failing_file

_UNEXPECTED = re.compile(r"(\w+)\.__init__\(\) got an unexpected keyword argument '(\w+)'")


def propose(outcome, project, index) -> Proposal | None:
    match = _UNEXPECTED.search(outcome.error_message or "")
    frame, source = failing_file(outcome, project)
    if match is None or source is None:
        return None
    class_name, keyword = match.groups()
    call = call_of(source.text, frame.line, class_name)
    if call is None or keyword not in call.keywords:
        return None
    line, column = call.keywords[keyword].line, call.keywords[keyword].column
    stands_for = _required_it_names(index, class_name, call.keywords, keyword)
    if stands_for:
        return Proposal(Repair.make("rename_keyword", frame.path, line, column, safe=False,
                                    old=keyword, new=stands_for),
                        f"`{keyword}=` renamed to `{stands_for}=`, the required argument of "
                        f"{class_name} it stands for")
    return Proposal(Repair.make("remove_keyword", frame.path, line, column, safe=False, name=keyword),
                    f"`{keyword}=` dropped: {class_name} takes no such argument")


def _required_it_names(index, class_name: str, given: dict, keyword: str) -> str | None:
    fields = fields_of(index, class_name) or {}
    missing = [name for name, spec in fields.items() if spec.required and name not in given]
    named = [name for name in missing if keyword.endswith(f"_{name}")]
    return named[0] if len(named) == 1 else None
