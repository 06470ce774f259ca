"""The app reaches for the network while it synthesizes.

What it finds:
    While the app ran in the sandbox it started a package manager or a
    download tool (`pip install`, `npm ci`, `curl`, `git clone`) or opened a
    connection to a remote host. The sandbox has no network, so the synthesis
    is reported as not evaluated, and this finding names the call. Lookups of
    AWS credentials through the instance metadata endpoints are not counted.

Why it matters:
    A build that downloads at synth time depends on the index, the network and
    the versions of the day: it fails on runners without egress, gives other
    Lambda packages from one run to the next, and runs install scripts of
    whatever the index serves. Build the package before synthesis (a CI step,
    a committed archive, a Docker build) and point the asset at the result.

Example:
        subprocess.run(["pip", "install", "-r", "lambda/requirements.txt", "-t", "build/"], check=True)
        asset = TerraformAsset(self, "code", path="build", type=AssetType.ARCHIVE)

Use instead:
        # CI runs `pip install -r lambda/requirements.txt -t build/` before `cdktf synth`
        asset = TerraformAsset(self, "code", path="build", type=AssetType.ARCHIVE)

Fix safety:
    No automatic fix: where the build step belongs depends on the pipeline.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/assets
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class SynthNeedsNetwork(Rule):
    meta = RuleMeta(
        id="SYN002",
        name="synth-needs-network",
        category="code_structure_or_robustness_preference",
        default_severity=Severity.LOW,
        stage="synth",
        summary="The app downloads packages or reaches the network while it synthesizes",
        why=("The model builds the Lambda package (or fetches data) inside the CDKTF app "
             "instead of in a build step, because that makes the answer self-contained."),
        impact="Reliability: synthesis fails without network and its output changes with the index.",
        docs="https://developer.hashicorp.com/terraform/cdktf/concepts/assets",
        training_value=("Synthesis should be a pure function of the repository: build artifacts "
                        "before `cdktf synth`, never during it."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        outcome = ctx.synth
        if outcome is None or not getattr(outcome, "network", None):
            return
        seen: set[tuple[str, int]] = set()
        for attempt in outcome.network:
            path, line = (attempt.path, attempt.line) if attempt.path else (ctx.project.entry_file(), 1)
            if (path, line) in seen:
                continue
            seen.add((path, line))
            yield self.finding(ctx, path, line, f"{attempt.sentence()}: `{attempt.what}`",
                               evidence=f"refused in the sandbox (no network): {attempt.what}")
