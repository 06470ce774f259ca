"""jsii's Python naming, reproduced so the index matches the generated bindings.

jsii-pacmak turns camelCase member names into snake_case and appends ``_`` to
Python keywords; submodule namespaces become snake_case module names. The
index builder's test checks these against the generated Python files.
"""
from __future__ import annotations

import keyword
import re

_BOUNDARY_1 = re.compile(r"([a-z0-9])([A-Z])")
# Before the last capital of a run that starts a word: HTTPServer -> HTTP_Server. Lookarounds,
# not ([A-Z]+)([A-Z][a-z]), which rescans a long run of capitals from each of them.
_BOUNDARY_2 = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    s = _BOUNDARY_2.sub("_", name)
    s = _BOUNDARY_1.sub(r"\1_\2", s)
    return s.lower()


def python_name(name: str) -> str:
    """Python name of a jsii property or method."""
    s = snake_case(name)
    return s + "_" if keyword.iskeyword(s) else s


def camel_case(snake: str) -> str:
    """The jsii (JSON) name a snake_case key would have: route_table_id -> routeTableId."""
    head, *rest = snake.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
