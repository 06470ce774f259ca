"""Reserved and special-use DNS names that models use as placeholders."""
from __future__ import annotations

from dataclasses import dataclass

# Source: RFC 2606 section 3 (second-level names reserved for documentation):
# https://www.rfc-editor.org/rfc/rfc2606#section-3
# Route 53 refuses public hosted zones for them and for any name below them:
# CreateHostedZone answers "InvalidDomainName: <name> is reserved by AWS!"
# (observed in deploy logs; Route 53 domain restrictions:
# https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html).
RESERVED_SECOND_LEVEL: tuple[str, ...] = ("example.com", "example.net", "example.org")

# Source: RFC 2606 section 2 and RFC 6761 section 6 (special-use top-level names):
# https://www.rfc-editor.org/rfc/rfc2606#section-2, https://www.rfc-editor.org/rfc/rfc6761#section-6
# They are never delegated in the public DNS: nothing below them can be
# resolved from the internet or validated by ACM. Whether Route 53 also refuses
# a public hosted zone for them is not documented, so rules treat them as
# "cannot be validated", not as "rejected".
SPECIAL_USE_TLDS: tuple[str, ...] = ("example", "test", "invalid", "localhost")


@dataclass(frozen=True)
class ReservedName:
    name: str            # the name as written (lower case, no trailing dot)
    reserved: str        # the reserved domain it falls under, e.g. "example.com" or ".test"
    route53_rejects: bool  # True: Route 53 refuses a public hosted zone for it


def reserved_domain(name: str) -> ReservedName | None:
    """The reserved domain a DNS name falls under, or None.

    ``name`` may be a template whose formatted parts were replaced by any
    placeholder: only its last labels are read, so ``"app-{}.example.com"`` and
    ``"*.example.com"`` are both recognised.
    """
    text = name.strip().lower().rstrip(".")
    if not text or " " in text:
        return None
    labels = text.split(".")
    if len(labels) >= 2:
        last_two = ".".join(labels[-2:])
        if last_two in RESERVED_SECOND_LEVEL:
            return ReservedName(text, last_two, True)
    if labels[-1] in SPECIAL_USE_TLDS and len(labels) >= 2:
        return ReservedName(text, "." + labels[-1], False)
    return None
