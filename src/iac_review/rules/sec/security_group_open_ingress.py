"""Security group ingress open to the internet on ports that should not be.

What it finds:
    Ingress from `0.0.0.0/0` or `::/0` written as inline `SecurityGroup(ingress=[...])`
    entries (dicts or `SecurityGroupIngress` structs), `SecurityGroupRule(type="ingress")`
    or `VpcSecurityGroupIngressRule`. HTTPS (443) is fine. Severity follows what is
    opened: SSH, RDP or a database port: Critical; all protocols or a range wider than
    1000 ports: High; HTTP (80) on a load balancer that also serves 443 (usually a
    redirect listener): Low; HTTP elsewhere and any other port: Medium. HTTP on a
    load balancer without HTTPS is not reported here: the missing HTTPS listener is
    SEC007's finding, one defect; nor is it when every HTTP listener redirects to HTTPS.

Why it matters:
    Every address on the internet can reach the port: admin and database ports are
    scanned and brute-forced within minutes, and "all traffic" exposes whatever
    listens on the instance. Compliance prompts that say "HTTPS only" fail review.

Example:
        SecurityGroup(self, "app-sg", vpc_id=vpc.id, ingress=[SecurityGroupIngress(
            from_port=22, to_port=22, protocol="tcp", cidr_blocks=["0.0.0.0/0"])])

Use instead:
        SecurityGroup(self, "app-sg", vpc_id=vpc.id, ingress=[SecurityGroupIngress(
            from_port=8080, to_port=8080, protocol="tcp", security_groups=[alb_sg.id])])

Fix safety:
    No automatic fix: the right source (a security group, the VPC CIDR, a
    corporate range) depends on the architecture.

References:
    https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Iterator

from iac_review.analysis.expressions import code_modules
from iac_review.analysis.listeners import listeners
from iac_review.analysis.strings import literal_text, template
from iac_review.analysis.values import list_elements
from iac_review.analysis.references import assigned_name, block_fields, referenced_name
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.security import (
    HTTPS_PORT, OPEN_INGRESS_SEVERITY, all_protocols, is_anywhere, open_ingress_kind,
    sensitive_ports,
)

# Inline ingress keys: snake_case (structs) and camelCase (dicts inside the list).
_KEYS = {
    "from_port": ("from_port", "fromPort"),
    "to_port": ("to_port", "toPort"),
    "protocol": ("protocol", "ip_protocol", "ipProtocol"),
    "cidrs": ("cidr_blocks", "cidrBlocks", "ipv6_cidr_blocks", "ipv6CidrBlocks",
              "cidr_ipv4", "cidr_ipv6", "cidrIpv4", "cidrIpv6"),
}
_LB_CLASSES = ("Lb", "Alb", "Elb")
_LB_WORDS = re.compile(r"(^|[^a-z])(alb|lb|elb|nlb|load[-_ ]?balancer|loadbalancer)([^a-z]|$)", re.I)


@dataclass
class _Ingress:
    call: object        # the ResourceCall carrying the rule
    node: ast.AST       # where to point
    sg_key: str | None  # the security group variable the rule belongs to
    sg_label: str
    from_port: int | None
    to_port: int | None
    protocol: str | None
    cidr: str


class SecurityGroupOpenIngress(Rule):
    meta = RuleMeta(
        id="SEC004",
        name="security-group-open-ingress",
        category="security_hardening_missing",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="Security group ingress open to the internet on ports that should not be",
        why=("Models copy `cidr_blocks=[\"0.0.0.0/0\"]` from tutorials onto every rule instead of "
             "referencing the upstream security group or the VPC CIDR."),
        impact=("Security: admin, database or arbitrary ports reachable from the whole internet; "
                "fails least-privilege and HTTPS-only requirements."),
        docs="https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        training_value=("Only a public load balancer's 443 (and an HTTP redirect on 80) should admit "
                        "0.0.0.0/0; everything else takes a security-group or VPC-CIDR source."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        paths = {m.path for m in code_modules(ctx.modules)}
        calls = [c for c in ctx.calls if c.path in paths]
        groups = {}      # sg key -> label
        lb_names = set()  # sg keys used by a load balancer, or named like one
        entries: list[_Ingress] = []
        for call in calls:
            if call.class_name in _LB_CLASSES:
                groups_arg = call.arg("security_groups")
                elements = list_elements(groups_arg) if groups_arg is not None else None
                for element in elements or []:
                    key = referenced_name(element)
                    if key:
                        lb_names.add(key)
            elif call.class_name == "SecurityGroup":
                key = assigned_name(call)
                label = call.label(with_class=True)
                if key:
                    groups[key] = label
                if _lb_named(call):
                    lb_names.add(key or label)
                entries.extend(_inline(call, key or label, label))
            elif call.class_name == "SecurityGroupRule":
                if call.has("type") and literal_text(call.arg("type")) == "ingress":
                    entries.extend(_standalone(call, groups))
            elif call.class_name == "VpcSecurityGroupIngressRule":
                entries.extend(_standalone(call, groups))
        https = {e.sg_key for e in entries if e.from_port is not None and e.to_port is not None
                 and min(e.from_port, e.to_port) <= HTTPS_PORT <= max(e.from_port, e.to_port)}
        # a group that admits 443 serves HTTPS only if some listener does (else SEC007 reports it)
        https_listener = _has_https_listener(ctx)
        for entry in entries:
            on_lb = entry.sg_key in lb_names
            kind = open_ingress_kind(entry.from_port, entry.to_port, entry.protocol,
                                     on_lb and entry.sg_key in https and https_listener)
            if kind is None or (kind == "http_elsewhere" and on_lb):
                continue   # a public load balancer without HTTPS is SEC007's, at its listener
            if kind == "http_on_load_balancer_with_https" and _http_listeners_redirect(ctx):
                continue   # port 80 only answers with a redirect to HTTPS: the intended design
            severity = Severity.parse(OPEN_INGRESS_SEVERITY[kind])
            yield self.finding(ctx, entry.call.path, entry.node.lineno, _message(entry, kind, on_lb),
                               column=entry.node.col_offset + 1, fix=_fix(kind),
                               severity=severity)


def _has_https_listener(ctx) -> bool:
    """Whether the project has a load balancer listener for HTTPS or TLS (or on port 443), one
    whose protocol the code computes, or no listener at all (the project does not say)."""
    views = listeners(ctx)
    return not views or any(v.secure or v.protocol_unknown for v in views)


def _http_listeners_redirect(ctx) -> bool:
    """Whether every plain-HTTP listener of the project only redirects (and there is one)."""
    http = [v for v in listeners(ctx) if v.protocol == "HTTP"]
    return bool(http) and all(v.only_redirects for v in http)


def _message(entry: _Ingress, kind: str, on_lb: bool) -> str:
    ports = _ports(entry)
    head = f"{entry.sg_label} admits ingress from {entry.cidr} on {ports}"
    if kind == "admin_or_database_port":
        names = ", ".join(sensitive_ports(entry.from_port, entry.to_port))
        return (f"{head}, which includes {names}: the port is reachable from the whole internet "
                f"after deploy and is scanned and brute-forced")
    if kind == "all_traffic":
        return f"{head}: every port of every resource in the group is reachable from the internet"
    if kind == "http_on_load_balancer_with_https":
        return (f"{head} (plain HTTP on a load balancer that also has an HTTPS listener): keep it only "
                f"for a listener that redirects to HTTPS; an HTTPS-only requirement forbids it")
    if kind == "http_elsewhere":
        where = "a load balancer without HTTPS" if on_lb else "a group that is not a load balancer's"
        return f"{head} on {where}: unencrypted HTTP is reachable from the internet"
    return f"{head}: the port is reachable from the whole internet, not only from the tier that needs it"


def _fix(kind: str) -> str:
    if kind == "http_on_load_balancer_with_https":
        return "drop the port-80 ingress, or keep it only with an HTTP listener that redirects to HTTPS"
    return ("replace `0.0.0.0/0` with the upstream security group (`security_groups=[...]` / "
            "`referenced_security_group_id`) or the VPC CIDR; put admin access behind SSM Session Manager")


def _ports(entry: _Ingress) -> str:
    if all_protocols(entry.protocol):
        return "all protocols and ports"
    if entry.from_port is None or entry.to_port is None:
        return "unknown ports"
    proto = f" ({entry.protocol})" if entry.protocol else ""
    if entry.from_port == entry.to_port:
        return f"port {entry.from_port}{proto}"
    return f"ports {entry.from_port}-{entry.to_port}{proto}"


def _inline(call, sg_key: str, label: str) -> Iterator[_Ingress]:
    ingress = call.arg("ingress")
    elements = list_elements(ingress) if ingress is not None else None
    for element in elements or []:
        element = call.value(element)
        fields = block_fields(element)
        if fields is None:
            continue
        yield from _entries(call, element, fields, sg_key, label)


def _standalone(call, groups: dict[str, str]) -> Iterator[_Ingress]:
    key = referenced_name(call.arg("security_group_id")) if call.has("security_group_id") else None
    label = groups.get(key) if key else None
    label = label or call.label(with_class=True)
    fields = {name: kw.value for name, kw in call.keywords.items()}
    yield from _entries(call, call.node, fields, key, label)


def _entries(call, node: ast.AST, fields: dict[str, ast.AST], sg_key, label) -> Iterator[_Ingress]:
    values = {}
    for name, keys in _KEYS.items():
        values[name] = [call.value(fields[k]) for k in keys if k in fields]
    cidrs = []
    for value in values["cidrs"]:
        elements = list_elements(value)
        for item in elements if elements is not None else [value]:
            text = literal_text(call.value(item))
            if text is not None and is_anywhere(text):
                cidrs.append(text.strip())
    if not cidrs:
        return
    protocol = _scalar(values["protocol"])
    yield _Ingress(call, node, sg_key, label, _port(values["from_port"]), _port(values["to_port"]),
                   None if protocol is None else str(protocol), cidrs[0])


def _scalar(values: list[ast.AST]):
    for value in values:
        if isinstance(value, ast.Constant) and isinstance(value.value, (str, int)) \
                and not isinstance(value.value, bool):
            return value.value
        if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub) \
                and isinstance(value.operand, ast.Constant) and isinstance(value.operand.value, int):
            return -value.operand.value
    return None


def _port(values: list[ast.AST]) -> int | None:
    value = _scalar(values)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None




def _lb_named(call) -> bool:
    texts = [template(call.construct_id) if call.construct_id is not None else None]
    for arg in ("name", "name_prefix"):
        if call.has(arg):
            texts.append(template(call.arg(arg)))
    key = assigned_name(call)
    texts.append(key)
    return any(text and _LB_WORDS.search(text) for text in texts)
