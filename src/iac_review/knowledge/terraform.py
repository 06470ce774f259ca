"""Terraform language facts: functions, named values, and reading ``${...}`` templates.

A string that reaches cdk.tf.json is a Terraform template: every ``${expr}`` in it
is evaluated at plan, ``$${`` is a literal ``${``.
Source: https://developer.hashicorp.com/terraform/language/expressions/strings
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# cdktf's Fn methods mirror Terraform's built-in functions in snake_case; these
# Python names differ from the Terraform name (keyword or clash in jsii).
# Source: cdktf 0.21 lib/functions/terraform-functions.generated.js
FN_RENAMED = {"length_of": "length", "try_": "try"}
# Fn helpers that are not Terraform functions (cdktf builds other HCL from them).
FN_NOT_TERRAFORM = frozenset({"conditional", "lookup_nested", "raw_string"})
# Terraform functions that cdktf 0.21's Fn does not expose (added in Terraform 1.8-1.10,
# or console-only). Source: https://developer.hashicorp.com/terraform/language/functions
TERRAFORM_ONLY_FUNCTIONS = frozenset({"templatestring", "issensitive", "ephemeralasnull",
                                      "type"})

# Roots of references to named values; anything else is read as a resource type.
# Source: https://developer.hashicorp.com/terraform/language/expressions/references
NAMED_VALUE_ROOTS = frozenset({"var", "local", "module", "data", "path", "terraform",
                               "count", "each", "self"})
# Provider prefixes of resource types seen in CDKTF projects besides aws_.
# Source: registry.terraform.io/providers/hashicorp/{random,null,archive,tls,time,local}
RESOURCE_TYPE_PREFIXES = ("aws_", "random_", "null_", "archive_", "tls_", "time_",
                          "local_", "terraform_data")
_KEYWORDS = frozenset({"true", "false", "null", "for", "in", "if", "else", "endif", "endfor"})


def terraform_functions(cdktf_fn_names) -> frozenset[str]:
    """Terraform's function names, from cdktf's ``Fn`` method names (the schema index)."""
    names = {FN_RENAMED.get(n, n) for n in cdktf_fn_names if n not in FN_NOT_TERRAFORM}
    return frozenset(names | TERRAFORM_ONLY_FUNCTIONS)


def looks_like_resource_type(name: str) -> bool:
    return name.startswith(RESOURCE_TYPE_PREFIXES)


@dataclass(frozen=True)
class Interpolation:
    start: int          # offset of "${"
    end: int            # offset after the closing "}"
    expr: str           # the text between the braces


def interpolations(text: str) -> list[Interpolation]:
    """Every ``${...}`` Terraform will evaluate in ``text`` (``$${`` is skipped)."""
    found: list[Interpolation] = []
    i, n = 0, len(text)
    while i < n:
        j = text.find("${", i)
        if j < 0:
            break
        if j > 0 and text[j - 1] == "$":
            # "$${" is an escape unless the "$" before is itself escaped ("$$${")
            run = 0
            k = j - 1
            while k >= 0 and text[k] == "$":
                run += 1
                k -= 1
            if run % 2 == 1:
                i = j + 2
                continue
        end = _closing_brace(text, j + 2)
        if end is None:
            break
        found.append(Interpolation(j, end + 1, text[j + 2:end]))
        i = end + 1
    return found


def _closing_brace(text: str, i: int) -> int | None:
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return None


@dataclass
class Expression:
    """What a ``${...}`` expression uses, read with a small HCL tokenizer."""

    functions: list[str] = field(default_factory=list)
    references: list[list[str]] = field(default_factory=list)   # root + attribute names
    bare_names: list[str] = field(default_factory=list)         # identifiers without attribute
    syntax: str | None = None                                   # why it is not HCL
    has_for: bool = False


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def analyse(expr: str) -> Expression:
    out = Expression()
    if not expr.strip():
        out.syntax = "an empty interpolation"
        return out
    i, n = 0, len(expr)
    while i < n:
        c = expr[i]
        if c == '"':
            i += 1
            while i < n and expr[i] != '"':
                i += 2 if expr[i] == "\\" else 1
            i += 1
            continue
        if c in "#@;`\\$'":
            out.syntax = out.syntax or f"the character {c!r}"
            i += 1
            continue
        if c == ":" and expr.startswith("::", i):
            out.syntax = out.syntax or "'::'"
            i += 2
            continue
        if c.isdigit():
            while i < n and (expr[i].isalnum() or expr[i] == "."):
                i += 1
            continue
        match = _IDENT.match(expr, i)
        if not match:
            i += 1
            continue
        name = match.group()
        before = expr[:i].rstrip()
        i = match.end()
        if before.endswith("."):    # attribute of a call result or index: foo().bar
            continue
        if name in _KEYWORDS:
            out.has_for = out.has_for or name == "for"
            continue
        rest = expr[i:].lstrip()
        if name == "provider" and rest.startswith("::"):
            # provider-defined function provider::aws::arn_parse(...) (Terraform 1.8+)
            k = expr.find("(", i)
            i = n if k < 0 else k + 1
            out.functions.append("provider::")
            continue
        if rest.startswith("("):
            out.functions.append(name)
            continue
        parts = [name]
        while True:
            rest = expr[i:]
            stripped = rest.lstrip()
            if stripped.startswith("."):
                i += len(rest) - len(stripped) + 1
                attr = _IDENT.match(expr, i)
                if not attr:
                    break
                parts.append(attr.group())
                i = attr.end()
            elif stripped.startswith("["):
                i += len(rest) - len(stripped)
                close = expr.find("]", i)
                if close < 0:
                    break
                i = close + 1
            else:
                break
        if len(parts) == 1:
            out.bare_names.append(name)
        else:
            out.references.append(parts)
    if out.syntax is None and ":" in expr.replace("::", "") and "?" not in expr \
            and "{" not in expr and not out.has_for and not _colon_in_strings_only(expr):
        out.syntax = "':' outside a conditional or object"
    return out


def _colon_in_strings_only(expr: str) -> bool:
    without = re.sub(r'"(?:\\.|[^"\\])*"', '""', expr)
    return ":" not in without


REGISTRY_RESOURCES = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"


def registry_page(tf_type: str | None) -> str | None:
    """The AWS provider's documentation page of a resource type (None for other types)."""
    if not tf_type or not tf_type.startswith("aws_"):
        return None
    return REGISTRY_RESOURCES + tf_type[len("aws_"):]
