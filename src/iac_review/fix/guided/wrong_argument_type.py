"""``type of argument k must be one of (...); got T instead``: give ``k`` a value of an accepted type.

In order: a ``True``/``False`` where a string is expected becomes
``"true"``/``"false"``; a one-item list where a scalar is expected becomes
its item; a number where a string is expected becomes its text (and back);
a struct of the wrong class becomes the expected struct of the same module,
with the same arguments; when the argument is optional (``NoneType`` is
accepted) and none of these applies, it is dropped.
"""
from __future__ import annotations

import re

import libcst as cst

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import dotted
from iac_review.fix.guided.proposal import Proposal, calls_at, failing_file, same_arguments

_WRONG = re.compile(r"type of argument (\w+) must be (?:one of \((.+?)\)|([\w.\[\], ]+?)); "
                    r"got ([\w.]+) instead")


def propose(outcome, project, index) -> Proposal | None:
    match = _WRONG.search(outcome.error_message or "")
    frame, source = failing_file(outcome, project)
    if match is None or source is None:
        return None
    keyword, accepted = match.group(1), match.group(2) or match.group(3)
    got = match.group(4)
    call = next((c for c in calls_at(source.text, frame.line) if keyword in c.keywords), None)
    if call is None:
        return None
    arg = call.keywords[keyword]
    value = arg.value
    types = [t.strip() for t in accepted.split(",")]
    converted = _conversion(types, got, value)
    # the same value passed the same way elsewhere fails the same way: repaired in the same round
    same_class = list(same_arguments(project, keyword, arg.value_code, call.name))
    if converted is not None:
        to, words = converted
        return _proposal([Repair.make("convert_literal", path, other.keywords[keyword].value_line,
                                      other.keywords[keyword].value_column, safe=False, to=to)
                          for path, other in same_class], f"`{keyword}=` {words}")
    swap = _struct_swap(types, got, value)
    if swap is not None:
        old, new = swap
        return _proposal([Repair.make("rename_call", path, other.keywords[keyword].value_line,
                                      other.keywords[keyword].value_column, safe=False, old=old, new=new)
                          for path, other in same_class],
                         f"`{keyword}=` built with {new} instead of {old}, the struct it takes")
    if "NoneType" in types:
        anywhere = same_arguments(project, keyword, arg.value_code, None)
        return _proposal([Repair.make("remove_keyword", path, other.keywords[keyword].line,
                                      other.keywords[keyword].column, safe=False, name=keyword)
                          for path, other in anywhere],
                         f"`{keyword}=` dropped: it takes {', '.join(t for t in types if t != 'NoneType')}, "
                         f"not {got}")
    return None


def _proposal(repairs: list, words: str) -> Proposal | None:
    if not repairs:
        return None
    where = f" ({len(repairs)} calls)" if len(repairs) > 1 else ""
    return Proposal(repairs[0], words + where, tuple(repairs[1:]))


def _conversion(types: list[str], got: str, value) -> tuple[str, str] | None:
    if "str" in types and got == "bool" and isinstance(value, cst.Name):
        return "bool_str", "given as the string Terraform reads as that boolean"
    if got == "list" and isinstance(value, cst.List) and len(value.elements) == 1:
        return "first_item", "given its one item instead of a list"
    if "str" in types and got in ("int", "float") and isinstance(value, (cst.Integer, cst.Float)):
        return "str", "given as a string"
    if got == "str" and {"int", "float"} & set(types) and isinstance(value, cst.SimpleString):
        return "number", "given as a number"
    if got == "str" and "bool" in types and isinstance(value, cst.SimpleString):
        return "bool", "given as a boolean"
    return None


def _struct_swap(types: list[str], got: str, value) -> tuple[str, str] | None:
    """(old, new) class names when a struct of the module was built with the wrong class."""
    if not isinstance(value, cst.Call):
        return None
    got_module, _, got_class = got.rpartition(".")
    wanted = [t.rpartition(".") for t in types if "." in t and not t.startswith(("typing.", "Dict["))]
    same_module = [name for module, _, name in wanted if module == got_module and name[:1].isupper()]
    called = dotted(value.func).rsplit(".", 1)[-1]
    if len(same_module) == 1 and called == got_class:
        return got_class, same_module[0]
    return None
