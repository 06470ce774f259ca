"""Hand-written Terraform expression instead of a token attribute or ``Fn``.

What it finds:
    Strings such as ``"${aws_s3_bucket.logs.id}"``,
    ``"${data.aws_caller_identity.current.account_id}"``, ``"${var.x}"`` or
    ``f"${{element({azs.names}, {i})}}"`` passed to construct arguments: HCL
    written by hand inside Python. The address is checked against the
    project's constructs: a reference to a construct that does not exist, or
    that is created inside a nested construct (whose Terraform name cdktf
    derives from the construct path plus a hash), is reported as High; one
    that resolves today is Medium. Addresses built from ``construct.fqn``
    are fine.

Why it matters:
    cdktf chooses the Terraform names of resources (the construct id at the
    top of a stack, a path with a hash below it), so a hand-written address
    is an "undeclared resource" at plan as soon as the id or the nesting
    differs. Formatting a list token into such a string fails at synth
    ("Found an encoded list token string in a scalar string context").
    Token attributes and ``Fn.*`` always render the right reference.

Example:
        Subnet(self, f"private-{i}", vpc_id=vpc.id, cidr_block=cidr,
               availability_zone=f"${{element({azs.names}, {i})}}")

Use instead:
        Subnet(self, f"private-{i}", vpc_id=vpc.id, cidr_block=cidr,
               availability_zone=Fn.element(azs.names, i))

Fix safety:
    No automatic fix: the construct behind the address has to be chosen.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/tokens
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.terraform import looks_like_resource_type
from iac_review.analysis.terraform_strings import PY_VALUE, occurrences

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_ID_CHARS = re.compile(r"[^A-Za-z0-9_-]")


class HandWrittenTerraformReference(Rule):
    meta = RuleMeta(
        id="TFS002",
        name="hand-written-terraform-reference",
        category="raw_terraform_interpolation_string",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Hand-written `${...}` Terraform expression instead of a token attribute or Fn",
        why=("Models write HCL interpolation they know from Terraform instead of using the "
             "construct's attributes, which cdktf turns into references with the names it "
             "generates."),
        impact=("Deployability: 'Reference to undeclared resource' at plan when the guessed "
                "name differs; synth error when a list token is formatted into the string."),
        docs="https://developer.hashicorp.com/terraform/cdktf/concepts/tokens",
        training_value=("In CDKTF reference other resources through their Python attributes "
                        "(bucket.arn) and Fn.* functions, never through hand-written ${...} "
                        "addresses."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        found = None
        for occ in occurrences(ctx):
            string = occ.string
            shown = occ.shown
            if string.indirect:
                continue   # an argument of the project's own class: the use is not visible
            if occ.kind == "reference":
                if found is None:
                    found = _Declared(ctx)
                states = [found.state(parts) for parts in occ.info.references
                          if looks_like_resource_type(parts[0]) or
                          parts[0] in ("data", "var", "local", "module")]
                problems = [s for s in states if s]
                if problems:
                    message = (f"`{string.owner}` is the hand-written expression `{shown}`: "
                               f"{problems[0]}, so plan fails with 'Reference to undeclared "
                               f"resource'; use the construct's attribute (e.g. `bucket.id`) "
                               f"or an Fn.* function instead")
                    severity = None
                else:
                    message = (f"`{string.owner}` is the hand-written expression `{shown}`: it "
                               f"resolves only while `{occ.detail}` keeps this construct id at "
                               f"the top of the stack; use the construct's attribute instead")
                    severity = Severity.MEDIUM
            elif occ.kind == "python":
                value = next((v for v in occ.values if not v.endswith(".fqn")), "a Python value")
                message = (f"`{string.owner}` builds the Terraform expression `{shown}` around "
                           f"`{value}`: a list token formatted into a string fails at synth "
                           f"('Found an encoded list token string in a scalar string context') "
                           f"and any other value makes a brittle hand-written expression; use "
                           f"Fn.* (e.g. `Fn.element(list, i)`) on the token instead")
                severity = None
            elif occ.kind == "function" and occ.whole:
                message = (f"`{string.owner}` is the hand-written expression `{shown}` "
                           f"({occ.detail}); use the matching Fn.* call "
                           f"(e.g. `Fn.{occ.detail.split(',')[0]}(...)`) so cdktf renders and "
                           f"escapes it")
                severity = Severity.MEDIUM
            else:
                continue
            yield self.finding(ctx, string.module.path, occ.line, message,
                               column=string.node.col_offset + 1, severity=severity,
                               fix="replace the string with the token attribute or Fn.* call")


class _Declared:
    """Terraform addresses the project declares, and whether each is at stack top level."""

    def __init__(self, ctx):
        self.placement: dict[tuple[str, ...], str] = {}
        for call in ctx.calls:
            cid = call.construct_id
            if not (isinstance(cid, ast.Constant) and isinstance(cid.value, str)):
                continue
            name = _ID_CHARS.sub("", cid.value)
            if call.kind == "resource" and call.tf_type:
                key = (call.tf_type, name)
            elif call.kind == "data" and call.tf_type:
                key = ("data", call.tf_type, name)
            elif call.class_name == "TerraformVariable":
                key = ("var", name)
            elif call.class_name == "TerraformLocal":
                key = ("local", name)
            else:
                continue
            self._add(key, _placement(call.module, call.node))
        # Constructs of other providers (random, null, archive...) are not in ctx.calls.
        for module in ctx.modules:
            if module.tree is None:
                continue
            for node in module.walk():
                if not (isinstance(node, ast.Call) and len(node.args) >= 2):
                    continue
                func = node.func
                cls = func.id if isinstance(func, ast.Name) else \
                    func.attr if isinstance(func, ast.Attribute) else ""
                cid = node.args[1]
                if not (cls[:1].isupper() and isinstance(cid, ast.Constant)
                        and isinstance(cid.value, str)):
                    continue
                snake = _CAMEL.sub("_", cls).lower()
                name = _ID_CHARS.sub("", cid.value)
                if snake.startswith("data_"):
                    self._add(("data", snake[5:], name), _placement(module, node))
                elif not snake.startswith("aws_"):
                    self._add((snake, name), _placement(module, node))
            # Escape hatch: add_override("resource.random_id.suffix", {...}) declares it.
            for node in module.walk():
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                        and node.func.attr == "add_override" and node.args \
                        and isinstance(node.args[0], ast.Constant) \
                        and isinstance(node.args[0].value, str):
                    parts = node.args[0].value.split(".")
                    if parts[0] == "resource" and len(parts) >= 3:
                        self._add((parts[1], parts[2]), "top")
                    elif parts[0] == "data" and len(parts) >= 3:
                        self._add(("data", parts[1], parts[2]), "top")

    def _add(self, key: tuple[str, ...], placement: str) -> None:
        previous = self.placement.get(key)
        self.placement[key] = placement if previous in (None, placement) else "unknown"

    def state(self, parts: list[str]) -> str | None:
        """None when the address resolves to a top-level construct, else the problem."""
        if parts[0] == "module":
            return "`module.*` names a Terraform module the cdktf code does not declare by that name"
        if parts[0] == "data":
            key = tuple(parts[:3])
        else:
            key = tuple(parts[:2])
        if len(key) < 2 or PY_VALUE in key:
            return f"`{'.'.join(parts[:3])}` is not a complete address the code declares"
        address = ".".join(key)
        placement = self.placement.get(key)
        if placement is None:
            return f"no construct in the project has the Terraform address `{address}`"
        if placement == "nested":
            return (f"`{address}` is created inside a nested construct, so cdktf names it "
                    f"after the construct path plus a hash, not `{key[-1]}`")
        return None


def _placement(module, node: ast.AST) -> str:
    """top (directly in a TerraformStack), nested (in a Construct) or unknown."""
    current = module.parent(node)
    while current is not None and not isinstance(current, ast.ClassDef):
        current = module.parent(current)
    if current is None:
        return "top"   # module level or a function: scope is usually the stack
    bases = {b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else ""
             for b in current.bases}
    if "TerraformStack" in bases:
        return "top"
    if "Construct" in bases:
        return "nested"
    return "unknown"
