"""``${...}`` meant as literal text reaches Terraform unescaped.

What it finds:
    A ``${...}`` in a plain Python string passed (directly, through a local name,
    a dict, a list or ``json.dumps``) to a construct argument, when the text is
    meant for AWS rather than for Terraform: IoT SQL substitution templates
    (``${topic(3)}``, ``${clientid()}``), shell and JavaScript variables in
    scripts (``${VAR}``, ``${event.body}``), CloudFormation placeholders
    (``${AWS::AccountId}``). Strings given to ``Fn.*`` functions (cdktf escapes
    those), ``$${`` and cdktf tokens are not findings.

Why it matters:
    cdktf writes the string verbatim into cdk.tf.json and Terraform evaluates
    every ``${...}`` at plan. An expression Terraform cannot evaluate stops the
    plan ("There is no function named topic", "Invalid reference"); one it can
    evaluate (``${timestamp()}``) is silently replaced, so AWS receives a
    different value than the code shows.

Example:
        IotTopicRuleKinesis(stream_name=stream.name, role_arn=role.arn,
                            partition_key="${topic(3)}")

Use instead:
        IotTopicRuleKinesis(stream_name=stream.name, role_arn=role.arn,
                            partition_key="$${topic(3)}")

Fix safety:
    Safe: doubling the ``$`` makes Terraform emit the text unchanged.

References:
    https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.terraform_strings import occurrences
from iac_review.core.finding import Finding, Severity
from iac_review.core.repair import Repair
from iac_review.core.rule import Rule, RuleMeta


class UnescapedTerraformInterpolation(Rule):
    meta = RuleMeta(
        id="TFS001",
        name="unescaped-terraform-interpolation",
        category="raw_terraform_interpolation_string",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="`${...}` meant as literal text reaches Terraform unescaped",
        why=("Models copy AWS-side template syntax (IoT SQL, shell, JavaScript, CloudFormation) "
             "into Python strings without knowing that cdktf passes strings to Terraform "
             "verbatim and Terraform evaluates every ${...}."),
        impact=("Deployability: plan fails on functions or references Terraform does not "
                "have; a valid expression such as ${timestamp()} is silently evaluated."),
        docs="https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences",
        training_value=("In CDKTF a literal ${ in any resource argument must be written $${ "
                        "(or passed through Fn.raw_string); only Fn.* arguments are escaped "
                        "by cdktf."),
        fix="safe",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for occ in occurrences(ctx):
            string = occ.string
            repair = None   # only a value Terraform cannot evaluate is escaped without asking
            escaped = occ.shown.replace("${", "$${", 1)
            if occ.kind == "invalid" and string.indirect:
                message = (f"`{string.owner}` is given `{occ.shown}`: neither Python nor cdktf "
                           f"expands it, and where the value reaches a resource argument "
                           f"Terraform evaluates it at plan and fails ({occ.detail}); pass the "
                           f"real value (e.g. os.environ[...]) or escape it as `{escaped}`")
                severity = Severity.HIGH
            elif occ.kind == "invalid":
                message = (f"`{string.owner}` contains `{occ.shown}`: Terraform evaluates it "
                           f"at plan and fails ({occ.detail}); escape it as `{escaped}` so "
                           f"the text reaches AWS literally")
                severity = None
                repair = Repair.make("escape_interpolation", string.module.path, string.node.lineno,
                                     string.node.col_offset + 1, text=occ.shown)
            elif occ.kind == "function" and not occ.whole and not string.indirect:
                message = (f"`{string.owner}` contains `{occ.shown}`: Terraform evaluates it at "
                           f"plan ({occ.detail}) and AWS receives the result, not this text; "
                           f"escape it as `{escaped}` if the text is meant literally")
                severity = Severity.MEDIUM
            else:
                continue
            yield self.finding(ctx, string.module.path, occ.line, message,
                               column=string.node.col_offset + 1, severity=severity,
                               fix=f"write `{escaped}` (or wrap the string in Fn.raw_string)",
                               repair=repair)
