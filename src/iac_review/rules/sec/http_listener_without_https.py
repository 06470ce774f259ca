"""Load balancer serving traffic over plain HTTP with no HTTPS listener in the project.

What it finds:
    An `LbListener` on port 80 (or `protocol="HTTP"`) whose default action forwards
    to a target group, in a project with no HTTPS/TLS listener (port 443 or
    `protocol="HTTPS"`/`"TLS"`). A port-80 listener that redirects to HTTPS is fine.

Why it matters:
    Requests, session cookies and credentials cross the internet unencrypted;
    prompts that require encryption in transit (PCI DSS, HIPAA) fail review. An
    HTTPS listener needs an ACM certificate, which models tend to skip.

Example:
        LbListener(self, "http", load_balancer_arn=alb.arn, port=80, protocol="HTTP",
                   default_action=[LbListenerDefaultAction(type="forward", target_group_arn=tg.arn)])

Use instead:
        LbListener(self, "https", load_balancer_arn=alb.arn, port=443, protocol="HTTPS",
                   ssl_policy="ELBSecurityPolicy-TLS13-1-2-2021-06", certificate_arn=cert.arn,
                   default_action=[LbListenerDefaultAction(type="forward", target_group_arn=tg.arn)])
        LbListener(self, "http", load_balancer_arn=alb.arn, port=80, protocol="HTTP",
                   default_action=[LbListenerDefaultAction(type="redirect", redirect=LbListenerDefaultActionRedirect(
                       port="443", protocol="HTTPS", status_code="HTTP_301"))])

Fix safety:
    No automatic fix: HTTPS needs a certificate for a domain the project owns.

References:
    https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html
"""
from __future__ import annotations

import re
from typing import Iterator

from iac_review.analysis.expressions import code_modules
from iac_review.analysis.listeners import listeners
from iac_review.analysis.strings import template
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


# A prompt that asks for encryption in transit (or HTTPS / TLS by name).
_IN_TRANSIT = re.compile(r"in[- ]transit|\bhttps\b|\btls\b", re.IGNORECASE)


class HttpListenerWithoutHttps(Rule):
    meta = RuleMeta(
        id="SEC007",
        name="http-listener-without-https",
        category="security_hardening_missing",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="Load balancer serving traffic over plain HTTP with no HTTPS listener in the project",
        why=("An HTTPS listener needs an ACM certificate and a domain; models take the shortcut of "
             "a port-80 forward listener."),
        impact="Security/compliance: traffic, cookies and credentials travel unencrypted.",
        docs="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
        training_value=("Public load balancers should serve HTTPS (ACM certificate, modern TLS policy) "
                        "and use port 80 only to redirect."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        paths = {m.path for m in code_modules(ctx.modules)}
        views = [v for v in listeners(ctx) if v.call.path in paths]
        if any(v.secure for v in views):
            return  # the project serves HTTPS somewhere
        for view in views:
            call = view.call
            if call.has_spread or not view.plain_http or not view.forwards:
                continue
            label = template(call.construct_id) if call.construct_id is not None else None
            name = f'`{call.class_name}` "{label}"' if label else f"`{call.class_name}`"
            message = (f"{name} forwards plain HTTP on port 80 to its targets and the project has no "
                       f"HTTPS listener: requests, cookies and credentials cross the network "
                       f"unencrypted" + (", which fails the prompt's encryption-in-transit requirement"
                                         if _IN_TRANSIT.search(ctx.project.prompt_text or "") else ""))
            yield self.finding(ctx, call.path, call.line, message, column=call.node.col_offset + 1,
                               fix="add an HTTPS listener on 443 with an ACM certificate and a TLS 1.2+ "
                                   "`ssl_policy`, and make the port-80 listener redirect to HTTPS")
