"""Load balancer listeners as the rules about HTTP and HTTPS read them.

One reading of every `LbListener` / `AlbListener` call: its literal protocol
and port, whether it is secure (HTTPS or TLS, port 443, a certificate), plain
HTTP, and what its default actions do (forward, redirect). The rule on a
load balancer without HTTPS (SEC007) and the rule on open ingress (SEC004)
decide from the same facts.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from iac_review.analysis.references import block_fields
from iac_review.analysis.strings import literal_text
from iac_review.analysis.values import list_elements
from iac_review.knowledge.security import HTTP_PORT, HTTPS_PORT

_SECURE_PROTOCOLS = ("HTTPS", "TLS")


@dataclass(frozen=True)
class Listener:
    call: object
    protocol: str | None        # the literal protocol, upper case; None when computed or absent
    port: int | None            # the literal port; None when computed or absent
    actions: tuple[str | None, ...]   # each default action's literal type (None: computed)

    @property
    def secure(self) -> bool:
        return self.protocol in _SECURE_PROTOCOLS or self.port == HTTPS_PORT \
            or self.call.has("certificate_arn")

    @property
    def protocol_unknown(self) -> bool:
        return self.protocol is None

    @property
    def plain_http(self) -> bool:
        return self.protocol == "HTTP" or (self.protocol is None and self.port == HTTP_PORT)

    @property
    def forwards(self) -> bool:
        return "forward" in self.actions

    @property
    def only_redirects(self) -> bool:
        return bool(self.actions) and all(kind == "redirect" for kind in self.actions)


def listeners(ctx) -> list[Listener]:
    """Every listener call of the project, read once per review."""
    return ctx.memo("listeners", _read)


def _read(ctx) -> list[Listener]:
    out = []
    for call in ctx.calls_of("LbListener", "AlbListener"):
        protocol = literal_text(call.arg("protocol")) if call.has("protocol") else None
        port = call.arg("port") if call.has("port") else None
        out.append(Listener(call, protocol.upper() if protocol else None, _port(port), _actions(call)))
    return out


def _port(node) -> int | None:
    value = node.value if isinstance(node, ast.Constant) else None
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _actions(call) -> tuple[str | None, ...]:
    actions = call.arg("default_action") if call.has("default_action") else None
    if actions is None:
        return ()
    actions = call.value(actions)
    elements = list_elements(actions)
    if elements is None and isinstance(actions, (ast.Dict, ast.Call)):
        elements = [actions]
    kinds = []
    for element in elements or []:
        fields = block_fields(call.value(element))
        if fields is None:
            kinds.append(None)
            continue
        kinds.append(literal_text(call.value(fields["type"])) if "type" in fields else None)
    return tuple(kinds)
