"""Hosted zone, record or certificate under a reserved example domain.

What it finds:
    DNS names under `example.com`, `example.net` or `example.org` (RFC 2606) in a
    public `Route53Zone(name=...)`, a `DataAwsRoute53Zone(name=...)` lookup, an
    `AcmCertificate` (`domain_name` or `subject_alternative_names`), and
    `Route53Record(name=...)` when no zone of the project is itself under a reserved
    domain (that zone is then the finding); names under
    the special-use top-level domains `.example`, `.test`, `.invalid` and
    `.localhost` (RFC 2606, RFC 6761) in certificates. Literal strings, f-strings
    and parameter defaults are read.

Why it matters:
    Route 53 refuses a public hosted zone for any name under the RFC 2606 example
    domains ("InvalidDomainName: ... is reserved by AWS!"), so the deploy fails at
    the zone; a lookup of such a zone finds nothing; ACM can never validate a
    certificate for a name that nobody can own, so the validation waits until it
    times out and everything using the certificate fails.

Example:
        Route53Zone(self, "zone", name=f"shop-{suffix}.example.com")

Use instead:
        Route53Zone(self, "zone", name=f"shop-{suffix}.{domain}")  # a domain the account owns, passed in

Fix safety:
    No automatic fix: the right domain is one the account owns (or a private zone).

References:
    https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html
    https://www.rfc-editor.org/rfc/rfc2606
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.strings import pieces
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.domains import ReservedName, reserved_domain

_CLASSES = ("Route53Zone", "DataAwsRoute53Zone", "AcmCertificate", "Route53Record")


class ReservedDomainHostedZone(Rule):
    meta = RuleMeta(
        id="AWS003",
        name="reserved-domain-hosted-zone",
        category="reserved_or_example_domain",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Hosted zone, record or certificate under a reserved example domain",
        why=("Models use the documentation domain example.com as a placeholder, not knowing that Route 53 "
             "refuses zones for it and that nobody can validate a certificate for it."),
        impact=("Deployability: CreateHostedZone fails with InvalidDomainName; a certificate for the "
                "name never validates, so whatever uses it (listener, distribution) fails."),
        docs="https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html",
        training_value=("Domains must be parameters naming a domain the account owns; example.com is "
                        "reserved and rejected by Route 53."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        calls = ctx.calls_of(*_CLASSES)
        zones = [c for c in calls if c.class_name == "Route53Zone"]
        reserved_zone = any(_reserved(c, "name") for c in zones)
        for call in calls:
            if call.kind == "struct":
                continue
            if call.class_name == "Route53Zone":
                yield from self._zone(ctx, call)
            elif call.class_name == "DataAwsRoute53Zone":
                yield from self._lookup(ctx, call)
            elif call.class_name == "AcmCertificate":
                yield from self._certificate(ctx, call)
            elif not reserved_zone:
                yield from self._record(ctx, call)

    def _zone(self, ctx, call) -> Iterator[Finding]:
        for node, found in _reserved(call, "name"):
            if not found.route53_rejects:
                continue  # special-use TLDs: not known to be refused, only never delegated
            if call.has("vpc"):
                continue  # private zones are not the public namespace
            yield self._report(
                ctx, call, node,
                f"public `Route53Zone` named `{found.name}` is under the reserved domain `{found.reserved}`: "
                f"CreateHostedZone fails at deploy with \"InvalidDomainName: ... is reserved by AWS!\"",
                "take the zone name from a parameter naming a domain the account owns, or make the zone "
                "private (`vpc=[...]`) for internal names", None)

    def _lookup(self, ctx, call) -> Iterator[Finding]:
        for node, found in _reserved(call, "name"):
            if not found.route53_rejects or _literal_true(call.arg("private_zone")):
                continue
            yield self._report(
                ctx, call, node,
                f"`DataAwsRoute53Zone` looks up `{found.name}` under the reserved domain `{found.reserved}`: "
                f"no public zone for it can exist, so the lookup fails at plan",
                "look up (or create) a zone for a domain the account owns, passed in as a parameter",
                Severity.HIGH)

    def _certificate(self, ctx, call) -> Iterator[Finding]:
        used = _certificate_used(ctx)
        for argument in ("domain_name", "subject_alternative_names"):
            for node, found in _reserved(call, argument):
                if used:
                    effect = ("its validation times out, and listeners or distributions using it fail at "
                              "deploy because the certificate is never issued")
                else:
                    effect = "nothing can ever use it"
                yield self._report(
                    ctx, call, node,
                    f"`AcmCertificate` `{argument}` `{found.name}` is under the reserved domain "
                    f"`{found.reserved}`: ACM can never validate it, so the certificate stays in "
                    f"PENDING_VALIDATION and {effect}",
                    "request the certificate for a domain the account owns (a parameter), or leave HTTPS out "
                    "of test stacks", Severity.CRITICAL if used else Severity.MEDIUM, docs=_ACM_VALIDATION)

    def _record(self, ctx, call) -> Iterator[Finding]:
        for node, found in _reserved(call, "name"):
            if not found.route53_rejects:
                continue
            yield self._report(
                ctx, call, node,
                f"`Route53Record` `{found.name}` is under the reserved domain `{found.reserved}`, which no "
                f"zone of the account can hold: the change is rejected at deploy",
                "name the record under the zone the stack creates or looks up", Severity.MEDIUM)

    def _report(self, ctx, call, node: ast.AST, message: str, fix: str, severity: Severity | None,
                docs: str | None = None) -> Finding:
        return self.finding(ctx, call.path, node.lineno, message, column=node.col_offset + 1, fix=fix,
                            severity=severity, docs=docs)


# Certificates: why validation of a name nobody owns never completes.
_ACM_VALIDATION = "https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html"


def _reserved(call, argument: str) -> list[tuple[ast.AST, ReservedName]]:
    """(node as written, reserved name) for each string of the argument under a reserved domain."""
    written = call.arg_node(argument)
    if written is None:
        return []
    value = call.value(written)
    items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
    found = []
    for item in items:
        text = _render(call, item)
        reserved = reserved_domain(text) if text else None
        if reserved is not None:
            node = item if isinstance(value, (ast.List, ast.Tuple)) and value is written else written
            found.append((node, reserved))
    return found


def _render(call, expr: ast.AST, depth: int = 0) -> str | None:
    """The string an expression builds, with unknown parts as "x"; names are followed to
    local assignments and parameter defaults."""
    expr = call.value(expr)
    if isinstance(expr, ast.Name):
        default = _parameter_default(call.module, expr)
        expr = default if default is not None else expr
    parts = pieces(expr)
    if parts is None:
        return None
    text = []
    for part in parts:
        if part.expr is None:
            text.append(part.text)
        else:
            inner = _render(call, part.expr, depth + 1) if depth < 3 else None
            text.append(inner if inner is not None else "x")
    return "".join(text)


def _parameter_default(module, name: ast.Name) -> ast.AST | None:
    """The default of the enclosing function's parameter ``name``, when it has one."""
    function = module.enclosing_function(name)
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    args = function.args
    positional = args.posonlyargs + args.args
    defaults = dict(zip([a.arg for a in positional[len(positional) - len(args.defaults):]], args.defaults,
                        strict=True))
    defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None})
    return defaults.get(name.id)


def _certificate_used(ctx) -> bool:
    """Whether the project validates a certificate or hands one to a listener or distribution."""
    return any("certificate_arn" in m.source.text or "AcmCertificateValidation" in m.source.text
               for m in ctx.modules)


def _literal_true(value: ast.AST | None) -> bool:
    return isinstance(value, ast.Constant) and value.value is True
