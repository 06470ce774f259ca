"""IAM policy statement allowing every action on every resource.

What it finds:
    Policy statements with `Effect: Allow`, `Action: "*"` (or a list holding it)
    and `Resource: "*"`: in dicts given to `json.dumps`, `Fn.jsonencode` or
    `policy=`, in JSON string literals, and in `DataAwsIamPolicyDocument`
    statements (dicts or `DataAwsIamPolicyDocumentStatement`). A whole service
    (`"s3:*"`) on every resource is reported at Low. KMS key policies (statements
    with a principal and only `kms:` actions, such as the default key policy
    granting `kms:*` to the account root) are not reported: their `"*"` resource is
    the key itself.

Why it matters:
    The role or principal becomes an administrator of the account (or of the whole
    service): one leaked credential or one bug in the workload is enough to read,
    change or delete anything. Reviewers reject it as a least-privilege failure.

Example:
        IamPolicy(self, "app-policy", policy=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
        ]}))

Use instead:
        IamPolicy(self, "app-policy", policy=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": table.arn},
        ]}))

Fix safety:
    No automatic fix: the actions and resources the workload needs are a design
    decision.

References:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.values import Assignments, follow
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.parse import json_text

_MARKERS = ("Statement", "DataAwsIamPolicyDocument")
_WILDCARDS = ('"*"', "'*'", '\\"*\\"')  # how a wildcard resource is written in source


class IamWildcardActionOnWildcardResource(Rule):
    meta = RuleMeta(
        id="AWS005",
        name="iam-wildcard-action-on-wildcard-resource",
        category="iam_overly_permissive",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="IAM policy statement allowing every action on every resource",
        why=("Models reach for wildcards to make a deploy work instead of listing the actions and "
             "resources the workload uses."),
        impact="Security: the principal can do anything in the account (or in the whole service).",
        docs="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        training_value=("Least privilege means naming actions and resource ARNs; `*` on `*` is an "
                        "administrator grant."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for module in ctx.modules:
            text = module.source.text
            if module.tree is None or not any(m in text for m in _MARKERS) or \
                    not any(w in text for w in _WILDCARDS):
                continue
            calls = [c for c in ctx.calls if c.path == module.path]
            assignments = calls[0].assignments if calls and calls[0].assignments else Assignments.collect(module)
            seen: set[int] = set()
            for node in module.walk():
                if isinstance(node, ast.Dict):
                    for statement in _document_statements(node, module, assignments):
                        if id(statement) in seen:
                            continue
                        seen.add(id(statement))
                        yield from self._dict_statement(ctx, module, statement, assignments)
                elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                        and '"Statement"' in node.value:
                    yield from self._json_string(ctx, module, node)
            for call in calls:
                if call.class_name in ("DataAwsIamPolicyDocument", "DataAwsIamPolicyDocumentStatement"):
                    yield from self._document_call(ctx, call)

    # -- dict documents -------------------------------------------------------
    def _dict_statement(self, ctx, module, statement: ast.Dict, assignments) -> Iterator[Finding]:
        items = _items(statement)
        effect = follow(items["Effect"], module, assignments) if "Effect" in items else None
        if not (isinstance(effect, ast.Constant) and effect.value == "Allow"):
            return
        actions = _strings(items.get("Action"), module, assignments)
        resources = _strings(items.get("Resource"), module, assignments)
        if actions is None or resources is None or "*" not in resources:
            return
        if "Principal" in items and actions and all(a.lower().startswith("kms:") for a in actions):
            return  # key policy: "*" is the key itself
        finding = self._report(ctx, module.path, items["Action"], actions)
        if finding is not None:
            yield finding

    def _json_string(self, ctx, module, node: ast.Constant) -> Iterator[Finding]:
        text = node.value.strip()
        if not text.startswith("{"):
            return
        try:
            document = json_text.loads(text)
        except ValueError:
            return
        statements = document.get("Statement") if isinstance(document, dict) else None
        if isinstance(statements, dict):
            statements = [statements]
        if not isinstance(statements, list):
            return
        for statement in statements:
            if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
                continue
            actions, resources = _json_list(statement.get("Action")), _json_list(statement.get("Resource"))
            if actions is None or resources is None or "*" not in resources:
                continue
            if "Principal" in statement and actions and all(a.lower().startswith("kms:") for a in actions):
                continue
            finding = self._report(ctx, module.path, node, actions)
            if finding is not None:
                yield finding

    # -- DataAwsIamPolicyDocument --------------------------------------------
    def _document_call(self, ctx, call) -> Iterator[Finding]:
        if call.class_name == "DataAwsIamPolicyDocumentStatement":
            yield from self._typed_statement(ctx, call)
            return
        value = call.arg("statement")
        if value is None:
            return
        elements = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
        for element in elements:
            element = call.value(element)
            if not isinstance(element, ast.Dict):
                continue  # typed statements are calls of their own
            items = _items(element)
            effect = _strings(items.get("effect"), call.module, call.assignments)
            if effect not in (None, ["Allow"]) or ("effect" in items and effect is None):
                continue
            actions = _strings(items.get("actions"), call.module, call.assignments)
            resources = _strings(items.get("resources"), call.module, call.assignments)
            if actions is None or resources is None or "*" not in resources:
                continue
            finding = self._report(ctx, call.path, items["actions"], actions)
            if finding is not None:
                yield finding

    def _typed_statement(self, ctx, call) -> Iterator[Finding]:
        if call.has("effect"):
            effect = _strings(call.arg("effect"), call.module, call.assignments)
            if effect != ["Allow"]:
                return
        actions = _strings(call.arg("actions"), call.module, call.assignments)
        resources = _strings(call.arg("resources"), call.module, call.assignments)
        if actions is None or resources is None or "*" not in resources:
            return
        finding = self._report(ctx, call.path, call.arg_node("actions"), actions)
        if finding is not None:
            yield finding

    # -- reporting -------------------------------------------------------------
    def _report(self, ctx, path: str, where: ast.AST, actions: list[str]) -> Finding | None:
        if "*" in actions:
            message = ('IAM policy statement allows every action (`"*"`) on every resource (`"*"`): the '
                       "principal is an administrator of the account")
            severity = None
        else:
            services = sorted({a.split(":", 1)[0] for a in actions
                               if a.endswith(":*") and a.split(":", 1)[0].replace("-", "").isalnum()})
            if not services:
                return None
            shown = ", ".join(f"`{s}:*`" for s in services)
            message = (f"IAM policy statement allows every action of a service ({shown}) on every resource "
                       f'(`"*"`): the principal controls the whole service in the account')
            severity = Severity.LOW
        return self.finding(ctx, path, where.lineno, message, column=where.col_offset + 1,
                            fix="list the actions the workload calls and scope `Resource` to the ARNs it uses",
                            severity=severity)


def _document_statements(node: ast.Dict, module, assignments) -> list[ast.Dict]:
    """Statement dicts of a policy document dict (one with a "Statement" key)."""
    value = _items(node).get("Statement")
    if value is None:
        return []
    value = follow(value, module, assignments)
    elements = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
    found = []
    for element in elements:
        element = follow(element, module, assignments)
        if isinstance(element, ast.Dict):
            found.append(element)
    return found


def _items(node: ast.Dict) -> dict[str, ast.AST]:
    return {k.value: v for k, v in zip(node.keys, node.values, strict=True)
            if isinstance(k, ast.Constant) and isinstance(k.value, str)}


def _strings(value: ast.AST | None, module, assignments) -> list[str] | None:
    """A literal string or list of strings (non-literal elements are left out); None when unknown."""
    if value is None:
        return None
    if assignments is not None:
        value = follow(value, module, assignments)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, (ast.List, ast.Tuple)):
        out = []
        for element in value.elts:
            if assignments is not None:
                element = follow(element, module, assignments)
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                out.append(element.value)
        return out
    return None


def _json_list(value) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return None
