"""EC2 launch template or instance that does not require IMDSv2.

What it finds:
    `LaunchTemplate` and `Instance` (without a launch template) calls whose `metadata_options` is absent or does
    not set `http_tokens="required"` (given as a dict or a `...MetadataOptions`
    struct). Values the rule cannot read (a variable, a function call) are not judged.

Why it matters:
    With IMDSv1 allowed, any server-side request forgery in the application can read
    the instance role's credentials from 169.254.169.254 without a session token.
    Security Hub EC2.8 and most compliance prompts require IMDSv2.

Example:
        LaunchTemplate(self, "web", image_id=ami_id, instance_type="t3.micro")

Use instead:
        LaunchTemplate(self, "web", image_id=ami_id, instance_type="t3.micro",
                       metadata_options=LaunchTemplateMetadataOptions(
                           http_endpoint="enabled", http_tokens="required",
                           http_put_response_hop_limit=1))

Fix safety:
    No automatic fix: software on the instance that still speaks IMDSv1 (old SDKs,
    scripts using plain curl) breaks when tokens become required.

References:
    https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.expressions import code_modules
from iac_review.analysis.strings import literal_text, template
from iac_review.analysis.values import dict_items
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.security import IMDSV2_REQUIRED

_CLASSES = ("LaunchTemplate", "Instance")
_TOKEN_KEYS = ("http_tokens", "httpTokens")
_UNKNOWN = object()


class LaunchTemplateWithoutImdsv2(Rule):
    meta = RuleMeta(
        id="SEC005",
        name="launch-template-without-imdsv2",
        category="security_hardening_missing",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="EC2 launch template or instance that does not require IMDSv2",
        why=("`http_tokens` defaults to \"optional\" unless the AMI or account says otherwise; models "
             "omit `metadata_options` entirely."),
        impact="Security: an SSRF in the workload can steal the instance role's credentials (IMDSv1).",
        docs="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html",
        training_value=("EC2 launch templates and instances should set metadata_options with "
                        "http_tokens=\"required\" (IMDSv2 only)."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        paths = {m.path for m in code_modules(ctx.modules)}
        for call in ctx.calls_of(*_CLASSES):
            if call.path not in paths or call.has_spread or call.has("launch_template"):
                continue  # an instance from a launch template takes the template's options
            where = call.node
            if call.has("metadata_options"):
                tokens = _tokens(call, call.arg("metadata_options"))
                if tokens is _UNKNOWN or tokens == IMDSV2_REQUIRED:
                    continue
                where = call.arg_node("metadata_options")
                state = (f'sets `http_tokens="{tokens}"`' if tokens
                         else "has `metadata_options` without `http_tokens`")
            else:
                state = "has no `metadata_options`"
            label = template(call.construct_id) if call.construct_id is not None else None
            name = f'`{call.class_name}` "{label}"' if label else f"`{call.class_name}`"
            message = (f"{name} {state}: instances accept IMDSv1, so an SSRF in the workload can read "
                       f"the instance role's credentials from the metadata service without a token")
            yield self.finding(ctx, call.path, where.lineno, message, column=where.col_offset + 1,
                               fix=f"add `metadata_options={call.class_name}MetadataOptions("
                                   f'http_endpoint="enabled", http_tokens="required", '
                                   f"http_put_response_hop_limit=1)`")


def _tokens(call, block: ast.AST | None):
    """The http_tokens text, None when absent, _UNKNOWN when the block cannot be read."""
    if isinstance(block, ast.Dict):
        items, complete = dict_items(block)
        fields = {k.value: v for k, v in items}
    elif isinstance(block, ast.Call):
        fields = {kw.arg: kw.value for kw in block.keywords if kw.arg}
        complete = len(fields) == len(block.keywords)
    else:
        return _UNKNOWN
    value = next((fields[k] for k in _TOKEN_KEYS if k in fields), None)
    if value is None:
        return None if complete else _UNKNOWN
    text = literal_text(call.value(value))
    return _UNKNOWN if text is None else text
