"""API Gateway API key that no usage plan includes.

What it finds:
    In the synthesized Terraform JSON, an `aws_api_gateway_api_key` that no
    `aws_api_gateway_usage_plan_key` attaches to a usage plan.

Why it matters:
    API Gateway accepts a key only through a usage plan tied to the API
    stage: methods with `api_key_required` answer 403 Forbidden to every
    caller, and no throttling or quota applies to the key.

Example:
        ApiGatewayApiKey(self, "client-key", name=f"client-{suffix}")

Use instead:
        key = ApiGatewayApiKey(self, "client-key", name=f"client-{suffix}")
        ApiGatewayUsagePlanKey(self, "client-plan-key", key_id=key.id, key_type="API_KEY",
                               usage_plan_id=plan.id)

Fix safety:
    No automatic fix: the plan (stages, throttling, quota) is a design choice.

References:
    https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.tfjson.graph import TerraformGraph
from iac_review.tfjson.locate import label, report


class ApiKeyWithoutUsagePlan(Rule):
    meta = RuleMeta(
        id="TFJ005",
        name="api-key-without-usage-plan",
        category="required_component_missing",
        default_severity=Severity.MEDIUM,
        stage="tfjson",
        summary="API Gateway API key that no usage plan includes",
        why=("Models create the API key the prompt asks for but not the usage plan and "
             "usage plan key that make API Gateway accept it."),
        impact="Function: requests with the key get 403; no throttling or quota applies.",
        docs="https://docs.aws.amazon.com/apigateway/latest/developerguide/"
             "api-gateway-api-usage-plans.html",
        training_value=("An API Gateway API key only works through an "
                        "aws_api_gateway_usage_plan_key on a usage plan bound to the stage."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        graph: TerraformGraph | None = ctx.tfjson
        if graph is None:
            return
        for key in graph.of_type("aws_api_gateway_api_key"):
            attached = [u for u in graph.referrers(key, "aws_api_gateway_usage_plan_key")
                        if key in graph.targets(u.get("key_id"), u)]
            if attached:
                continue
            yield report(
                self, ctx, key,
                f"API key {label(key)} is in no usage plan (no aws_api_gateway_usage_plan_key "
                f"names it): API Gateway rejects it with 403 and applies no throttling or quota",
                fix=("add ApiGatewayUsagePlan (api_stages=[...]) and ApiGatewayUsagePlanKey("
                     "key_id=key.id, key_type=\"API_KEY\", usage_plan_id=plan.id)"))
