"""Answer without any project code.

What it finds:
    A markdown answer with no fenced code blocks, or whose blocks are all shell
    commands, trees, output samples or READMEs: nothing that could be a file of
    the CDKTF project.

Why it matters:
    The task asked for infrastructure code; an answer that only describes it
    cannot be synthesized, deployed or tested.

Example:
        ## Solution
        The stack creates a VPC, two subnets and an S3 bucket.

Use instead:
        ## lib/tap_stack.py
        ```python
        class TapStack(TerraformStack): ...
        ```

Fix safety:
    No automatic fix: the code has to be written.

References:
    https://developer.hashicorp.com/terraform/cdktf/create-and-deploy/project-setup
"""
from __future__ import annotations


from iac_review.core.finding import Severity
from iac_review.core.rule import ProblemRule, RuleMeta


class NoCodeInAnswer(ProblemRule):
    meta = RuleMeta(
        id="INP003",
        name="no-code-in-answer",
        category="project_scaffolding_missing_or_wrong",
        default_severity=Severity.CRITICAL,
        stage="input",
        summary="Answer without any project code",
        why="The model described a solution, or answered with commands only, instead of writing the files.",
        impact="Deployability: there is nothing to synthesize or deploy.",
        docs="https://developer.hashicorp.com/terraform/cdktf/create-and-deploy/project-setup",
        training_value="An infrastructure task is answered with complete code files, not a description.",
        fix="none",
    )

