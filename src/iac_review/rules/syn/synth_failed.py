"""Synthesis failed with an error no static finding predicted.

What it finds:
    The project's app was run in the sandbox (`cdktf synth` without the CLI)
    and raised an error, timed out or was killed, and no static finding
    explains it. The finding sits at the innermost traceback frame inside the
    project and carries the real exception text as evidence. When the review
    repaired a copy and synthesized again, each later error no static finding
    explains is a finding too, placed on the line of the input it comes from.

Why it matters:
    A project that does not synthesize cannot be planned, deployed or tested;
    the exception is the first thing a reviewer has to fix.

Example:
        subnets = [Subnet(self, f"s{i}", vpc_id=vpc.id, cidr_block=cidrs[i]) for i in range(3)]
        # cidrs has two entries: IndexError at synth

Use instead:
        subnets = [Subnet(self, f"s{i}", vpc_id=vpc.id, cidr_block=cidr)
                   for i, cidr in enumerate(cidrs)]

Fix safety:
    No automatic fix: the error has to be read.

References:
    https://developer.hashicorp.com/terraform/cdktf/cli-reference/commands#synth
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.synth.outcome import evidence_text


# Errors of the sandbox's own limits (synth/child.py), not of the app's code.
SANDBOX_LIMITS = frozenset({"CpuLimit", "FileSizeLimit", "Killed", "MemoryLimit"})


class SynthFailed(Rule):
    meta = RuleMeta(
        id="SYN001",
        name="synth-failed",
        category="python_import_or_runtime_error",
        default_severity=Severity.CRITICAL,
        stage="synth",
        summary="Synthesis failed with an error no static finding predicted",
        why=("The model never ran its program: runtime errors in the stack code (wrong "
             "attributes, bad indexing, wrong constructor calls) only show when it runs."),
        impact="Deployability: nothing can be planned or deployed until the app synthesizes.",
        docs="https://developer.hashicorp.com/terraform/cdktf/cli-reference/commands#synth",
        training_value=("Generated CDKTF code must run: `cdktf synth` is the cheapest check "
                        "and catches what reading the code misses."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        outcome = ctx.synth
        synth_check = getattr(ctx, "synth_check", None)
        if outcome is None or outcome.ok or outcome.status == "not_run":
            return
        if outcome.status != "failed" or (synth_check and synth_check.unexplained):
            yield self._failure(ctx, outcome, 0)
        # The errors the review met after repairing its copy (see the repair loop).
        for made, later in getattr(ctx, "later_failures", ()):
            yield self._failure(ctx, later, made)

    def _failure(self, ctx, outcome, repairs: int) -> Finding:
        frame = outcome.innermost_frame
        path, line = (frame.path, frame.line) if frame else (ctx.project.entry_file(), 1)
        if outcome.status == "timeout":
            message = (f"sandbox: blocked: synthesis did not finish within the time limit "
                       f"({outcome.seconds:.0f} s): an endless loop or blocking call in the app")
        elif outcome.status == "crashed" and outcome.error_type in ("MemoryLimit", "ProcessLimit"):
            message = f"sandbox: blocked: synthesis was stopped at a limit: {outcome.error_message or ''}"
        elif outcome.status == "crashed":
            # the process ended on its own (os._exit, a fatal error in the interpreter or node)
            message = ("synthesis ended without a result: "
                       + (outcome.error_message or "the process died"))
        elif outcome.error_type in SANDBOX_LIMITS:
            message = f"sandbox: blocked: {_first_line(outcome.error_message)}"
        else:
            message = f"synth fails with {outcome.error_type}: {_first_line(outcome.error_message)}"
        if repairs:
            message += f" (met after {repairs} automatic repair{'s' if repairs > 1 else ''})"
        return self.finding(ctx, path, line, message, evidence=evidence_text(outcome))


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0][:300] if text and text.strip() else "(no message)"
