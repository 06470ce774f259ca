"""Reading the arguments of ``jsonencode(...)`` in synthesized expressions.

cdktf renders a Python dict passed to ``Fn.jsonencode`` as an HCL object
expression inside ``${...}``; this reads it back into Python values, or
raises nothing and returns None when a part cannot be read (references,
function calls): an unknown value is never guessed.
"""
from __future__ import annotations

import ast
import json
import re
from typing import Any


class _Unreadable(Exception):
    pass


def read_hcl(text: str) -> Any:
    """The value of an HCL object / tuple expression as cdktf renders ``Fn.jsonencode``.

    Bare references (``aws_s3_bucket.b.arn``) come back as ``"${aws_s3_bucket.b.arn}"``;
    anything else it cannot read gives None (unknown).
    """
    parser = _HclReader(text)
    try:
        value = parser.value()
        parser.skip()
        if parser.i != len(parser.text):
            return None
        return value
    except (_Unreadable, IndexError, ValueError, SyntaxError):
        return None


class _HclReader:
    def __init__(self, text: str):
        self.text = text
        self.i = 0

    def skip(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in " \t\r\n":
            self.i += 1

    def peek(self) -> str:
        self.skip()
        return self.text[self.i] if self.i < len(self.text) else ""

    def value(self) -> Any:
        c = self.peek()
        if c == "{":
            return self.obj()
        if c == "[":
            return self.tup()
        if c == '"':
            return self.string()
        match = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?").match(self.text, self.i)
        if match:
            self.i = match.end()
            return ast.literal_eval(match.group())
        match = re.compile(r"[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[\d+\])*").match(self.text, self.i)
        if match:
            word = match.group()
            after = self.text[match.end():].lstrip()
            if after.startswith("("):
                # a function call: its value is unknown, kept as an opaque expression
                start = self.i
                self.i = self.text.index("(", match.end())
                self._skip_balanced()
                return "${" + self.text[start:self.i] + "}"
            self.i = match.end()
            if word in ("true", "false"):
                return word == "true"
            if word == "null":
                return None
            return "${" + word + "}"
        raise _Unreadable(c)

    def _skip_balanced(self) -> None:
        depth = 0
        while True:
            c = self.text[self.i]
            if c == '"':
                self.string()
                continue
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
                if depth == 0:
                    self.i += 1
                    return
            self.i += 1

    def obj(self) -> dict:
        self.i += 1
        out: dict = {}
        while True:
            c = self.peek()
            if c == "}":
                self.i += 1
                return out
            if c == '"':
                key = self.string()
            else:
                match = re.compile(r"[A-Za-z_][\w-]*").match(self.text, self.i)
                if not match:
                    raise _Unreadable(c)
                key = match.group()
                self.i = match.end()
            sep = self.peek()
            if sep not in ("=", ":"):
                raise _Unreadable(sep)
            self.i += 1
            out[key] = self.value()
            if self.peek() == ",":
                self.i += 1

    def tup(self) -> list:
        self.i += 1
        out = []
        while True:
            if self.peek() == "]":
                self.i += 1
                return out
            out.append(self.value())
            if self.peek() == ",":
                self.i += 1

    def string(self) -> str:
        start = self.i
        self.i += 1
        depth = 0
        while True:
            c = self.text[self.i]
            if c == "\\":
                self.i += 2
                continue
            if self.text.startswith("${", self.i):
                depth += 1
                self.i += 2
                continue
            if c == "}" and depth:
                depth -= 1
            elif c == '"' and not depth:
                self.i += 1
                break
            self.i += 1
        return json.loads(self.text[start:self.i])
