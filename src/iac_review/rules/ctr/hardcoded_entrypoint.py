"""Entry point with a fixed stack name that reads no environment at all.

What it finds:
    An entry point (``tap.py``, ``main.py``, ``app.py``, the file ``cdktf.json``
    runs) that instantiates a stack with a literal stack id and never reads an
    environment variable, the command line or the cdktf context (``os.environ``,
    ``os.getenv``, ``sys.argv``, ``try_get_context``). When the stack's own
    module reads the environment (its names follow ENVIRONMENT_SUFFIX), only
    the fixed stack name is left: Medium.

Why it matters:
    Every deployment of the project gets the same stack name, state key and
    resource names: two environments (or two pull requests in CI) overwrite
    each other, and the pipeline cannot pass the environment suffix, region or
    state bucket it deploys with.

Example:
        app = App()
        TapStack(app, "tap")
        app.synth()

Use instead:
        environment_suffix = os.getenv("ENVIRONMENT_SUFFIX", "dev")
        app = App()
        TapStack(app, f"TapStack{environment_suffix}", environment_suffix=environment_suffix,
                 aws_region=os.getenv("AWS_REGION", "us-east-1"))
        app.synth()

Fix safety:
    No automatic fix: the variables to read, and what the stack does with
    them, depend on the stack's parameters.

References:
    https://docs.python.org/3/library/os.html#os.environ
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.project import env_reads, project_model
from iac_review.analysis.strings import literal_text
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class HardcodedEntrypoint(Rule):
    meta = RuleMeta(
        id="CTR006",
        name="hardcoded-entrypoint",
        category="hardcoded_environment_values",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Entry point that gives the stack a literal name",
        why=("The model writes a minimal App() entry point for one local deployment and "
             "forgets that the pipeline deploys many environments side by side."),
        impact=("Deployability: what the entry point fixes, every deployment shares: the stack name "
                "(the synthesized stack, and the state key when the backend derives it), and, when "
                "nothing reads the environment, the resource names and the pipeline's settings."),
        docs="https://docs.python.org/3/library/os.html#os.environ",
        training_value=("An entry point must take the environment from outside (ENVIRONMENT_SUFFIX, "
                        "AWS_REGION, state bucket) and derive the stack name from it."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        model = project_model(ctx)
        calls_by_path: dict[str, list] = {}
        for call in model.stack_calls:
            if not call.in_test:
                calls_by_path.setdefault(call.path, []).append(call)
        for path, calls in sorted(calls_by_path.items()):
            info = model.infos.get(path)
            if info is None or env_reads(info.module.tree):
                continue
            for call in calls:
                stack_id = call.stack_id
                text = literal_text(stack_id) if stack_id is not None else None
                if text is None or isinstance(stack_id, ast.JoinedStr):
                    continue
                home = model.infos.get(call.stack.path) if call.stack is not None else None
                severity = None
                if home is not None and home.module.tree is not None and env_reads(home.module.tree):
                    # The stack reads the environment itself: names vary, the stack id does not.
                    severity = Severity.MEDIUM
                    message = (f"{path} creates `{call.stack.name}` with the fixed stack name "
                               f"\"{text}\"; the stack reads the environment itself, so its resource "
                               "names follow the suffix, but every environment deploys a stack of "
                               "the same name (the same synthesized stack and, unless the backend "
                               "key says otherwise, the same state)")
                else:
                    message = (f"{path} creates `{call.stack.name}` with the fixed stack name "
                               f"\"{text}\" and reads no environment variable (no os.environ / "
                               "os.getenv): every environment and CI run deploys the same stack, "
                               "state key and resource names, and the pipeline's environment "
                               "suffix and region never reach the stack")
                yield self.finding(ctx, path, call.line, message, column=call.node.col_offset + 1,
                                   severity=severity,
                                   fix=("read ENVIRONMENT_SUFFIX (and AWS_REGION, the state bucket) "
                                        "with os.getenv, build the stack id from the suffix, and "
                                        "pass them to the stack"))
