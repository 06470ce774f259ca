"""``X.__init__() got an unexpected keyword argument 'k'``: rename ``k`` or drop it.

When the class requires an argument the call lacks and ``k`` ends with it
(``subnet_group_name`` for ``name``), ``k`` is renamed to it; otherwise the
argument is dropped, which loses what it meant (the report says so).
"""
from __future__ import annotations

import re

from iac_review.core.repair import Repair
from iac_review.fix.guided.proposal import Proposal, call_of, failing_file, fields_of, same_arguments

_UNEXPECTED = re.compile(r"(\w+)\.__init__\(\) got an unexpected keyword argument '(\w+)'")


def propose(outcome, project, index) -> Proposal | None:
    match = _UNEXPECTED.search(outcome.error_message or "")
    frame, source = failing_file(outcome, project)
    if match is None or source is None:
        return None
    class_name, keyword = match.groups()
    # every call of the class that passes the keyword, wherever it is: the class takes it nowhere
    everywhere = list(same_arguments(project, keyword, None, class_name))
    call = call_of(source.text, frame.line, class_name)
    if call is None or keyword not in call.keywords:
        call = everywhere[0][1] if everywhere else None   # built away from the failing line
    if call is None:
        return None
    stands_for = _required_it_names(index, class_name, call.keywords, keyword)
    places = [(path, other) for path, other in everywhere
              if not (stands_for and stands_for in other.keywords)]
    if stands_for:
        repairs = [Repair.make("rename_keyword", path, other.keywords[keyword].line,
                               other.keywords[keyword].column, safe=False, old=keyword, new=stands_for)
                   for path, other in places]
        words = f"`{keyword}=` renamed to `{stands_for}=`, the required argument of {class_name} it stands for"
    else:
        repairs = [Repair.make("remove_keyword", path, other.keywords[keyword].line,
                               other.keywords[keyword].column, safe=False, name=keyword)
                   for path, other in places]
        words = f"`{keyword}=` dropped: {class_name} takes no such argument"
    if not repairs:
        return None
    where = f" ({len(repairs)} calls)" if len(repairs) > 1 else ""
    return Proposal(repairs[0], words + where, tuple(repairs[1:]))


def _required_it_names(index, class_name: str, given: dict, keyword: str) -> str | None:
    fields = fields_of(index, class_name) or {}
    missing = [name for name, spec in fields.items() if spec.required and name not in given]
    named = [name for name in missing if keyword.endswith(f"_{name}")]
    return named[0] if len(named) == 1 else None
