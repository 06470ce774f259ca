"""Resource name that breaks the AWS naming rules of its service.

What it finds:
    Name arguments (S3 `bucket`, load balancer and target group `name`, IAM
    role / policy names, Lambda `function_name`, SQS / SNS names, RDS and
    ElastiCache identifiers, KMS aliases, database names, ...) whose fixed
    text already breaks the service's rules: characters it does not allow
    (uppercase or `_` in an S3 bucket, `-` in a database name), a required or
    forbidden prefix, or a length over the limit even when every formatted
    part is a single character. Formatted parts are unknown and never blamed.
    A second, Low finding says when the fixed text leaves less room than a
    typical CI environment suffix (16 characters) needs under a short limit.

Why it matters:
    The provider's validation rejects the name at `terraform plan`, or the
    service rejects it at deploy (InvalidBucketName, ValidationError); either
    way nothing after it is created.

Example:
        Lb(self, "alb", name=f"payment-processing-application-lb-{environment_suffix}",
           load_balancer_type="application", subnets=subnet_ids)

Use instead:
        Lb(self, "alb", name=f"pay-alb-{environment_suffix}",
           load_balancer_type="application", subnets=subnet_ids)

Fix safety:
    No automatic fix: a shorter or valid name is a naming decision, and
    renaming replaces the resource.

References:
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.analysis.strings import pieces
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.names import check_template, name_args
from iac_review.analysis.expressions import resource_type, short
from iac_review.analysis.project_facts import ProjectFacts, own_resource_calls, project_facts

_TF_SPLIT = re.compile(r"(?<!\$)\$\{[^}]*\}")
# Room a CI environment suffix needs: harness suffixes such as "pr12345" are
# short, synthetic ones ("synth" + 10 digits, seen in the corpus) reach 15.
SUFFIX_ALLOWANCE = 16
_TIGHT_LIMIT = 64          # only short limits are worth the margin warning


class NameBreaksAwsLimits(Rule):
    meta = RuleMeta(
        id="NM003",
        name="name-breaks-aws-limits",
        category="aws_name_constraint_violation",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Resource name that breaks the AWS naming rules of its service",
        why=("Models write descriptive names and never count characters or check the "
             "service's character set (32 for load balancers, lowercase-only S3 and RDS "
             "names, no hyphen in database names)."),
        impact="Deployability: rejected at plan by provider validation or at deploy by the API.",
        docs="https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
        training_value=("Resource names have per-service length and character rules; a name "
                        "template plus the environment suffix must stay inside them."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = project_facts(ctx)
        for call in own_resource_calls(ctx, facts):
            tf_type = resource_type(call)
            for entry in name_args(tf_type):
                node = call.arg_node(entry.arg)
                if entry.rule is None or node is None:
                    continue
                parts, lowered = _template(facts, call.module, node)
                if parts is None:
                    continue
                if lowered:
                    parts = [p.lower() if p is not None else None for p in parts]
                problems = check_template(tf_type, parts, entry.arg)
                value = facts.resolve(call.module, node)
                if problems:
                    yield self.finding(
                        ctx, call.path, node.lineno,
                        f"{call.class_name} `{entry.arg}` {short(value)}: "
                        + "; ".join(problems)
                        + " (rejected at plan or deploy)",
                        column=node.col_offset + 1, docs=entry.rule.docs,
                        fix=f"shorten or rewrite the name within the rules: {entry.rule.docs}",
                    )
                    continue
                tight = _tight(facts, entry.rule.max_len, parts, call.module, node)
                if tight is not None:
                    yield self.finding(
                        ctx, call.path, node.lineno,
                        f"{call.class_name} `{entry.arg}` {short(value)}: the fixed text is "
                        f"{tight} characters, leaving {entry.rule.max_len - tight} of the "
                        f"{entry.rule.max_len} allowed for the environment suffix; a CI suffix "
                        f"of {SUFFIX_ALLOWANCE} characters breaks the limit at plan",
                        column=node.col_offset + 1, severity=Severity.LOW, docs=entry.rule.docs,
                        fix="shorten the fixed part of the name (abbreviate the project words)",
                    )


def _template(facts: ProjectFacts, module, node: ast.AST, depth: int = 0
              ) -> tuple[list[str | None] | None, bool]:
    """Literal parts (None for unknown ones) of a name, and whether it is lowercased."""
    value = facts.resolve(module, node)
    lowered = False
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
            and value.func.attr == "lower" and not value.args:
        value, lowered = facts.resolve(module, value.func.value), True
    parts = pieces(value)
    if parts is None:
        return None, lowered
    out: list[str | None] = []
    for part in parts:
        if part.expr is None:
            # "${...}" is evaluated by Terraform: an unknown part, not text
            for number, text in enumerate(_TF_SPLIT.split(part.text)):
                if number:
                    out.append(None)
                out.append(text)
            continue
        inner = facts.resolve(module, part.expr)
        if depth < 3 and inner is not part.expr and pieces(inner) is not None:
            sub, _ = _template(facts, module, inner, depth + 1)
            out.extend(sub or [None])
        else:
            out.append(None)
    return _merge(out), lowered


def _merge(parts: list[str | None]) -> list[str | None]:
    merged: list[str | None] = []
    for part in parts:
        if part == "":
            continue
        if part is not None and merged and merged[-1] is not None:
            merged[-1] += part
        else:
            merged.append(part)
    return merged


def _tight(facts: ProjectFacts, limit: int, parts: list[str | None], module, node
           ) -> int | None:
    """Length of the fixed text when a CI-length suffix would break a short limit."""
    if limit > _TIGHT_LIMIT or None not in parts:
        return None
    if facts.status(module, node, "suffix") != "ok":
        return None
    fixed = sum(len(p) for p in parts if p is not None)
    others = parts.count(None) - 1
    if fixed + others + SUFFIX_ALLOWANCE > limit:
        return fixed
    return None
