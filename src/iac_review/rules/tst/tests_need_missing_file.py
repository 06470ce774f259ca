"""Unit tests that need a Lambda archive (or another file of the project) the tree does not hold.

What it finds:
    Running the project's unit tests as the pipeline runs them, tests that
    fail with ``FileNotFoundError`` for a project-relative path that is not in
    the project: usually the Lambda ``.zip`` that the stack hashes
    (``Fn.filebase64sha256``, ``source_code_hash``) or a test opens, built by a
    script nobody ran. Tests with the same missing file are one finding, at the
    test's line; the message names the file and the line that opens it.

Why it matters:
    The pipeline runs the tests on the tree as committed: a build artefact
    that exists only on the author's machine fails the unit-test job, and the
    same missing archive fails the deployment.

Example:
        LambdaFunction(self, "fn", filename="lib/lambda/handler.zip",
                       source_code_hash=Fn.filebase64sha256("lib/lambda/handler.zip"))
        # the repository holds lib/lambda/handler.py, not the zip

Use instead:
        from cdktf_cdktf_provider_archive.data_archive_file import DataArchiveFile

        archive = DataArchiveFile(self, "fn_zip", type="zip",
                                  source_dir=str(Path(__file__).parent / "lambda"),
                                  output_path="handler.zip")
        LambdaFunction(self, "fn", filename=archive.output_path,
                       source_code_hash=archive.output_base64_sha256)

Fix safety:
    No automatic fix: how the archive is built is the project's choice.

References:
    https://registry.terraform.io/providers/hashicorp/archive/latest/docs/data-sources/file
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.synth import suite_causes
from iac_review.synth.suite_causes import MISSING_FILE


class FileMissingForUnitTests(Rule):
    meta = RuleMeta(
        id="TST007",
        name="tests-need-missing-file",
        category="lambda_package_missing_or_invalid",
        default_severity=Severity.HIGH,
        stage="tests",
        summary="Unit tests fail because a file of the project (a Lambda archive) is not in the tree",
        why=("The model references a build artefact (a Lambda zip) that a script or a manual step "
             "produces, and does not build it in the stack or ship it."),
        impact=("Deployability: the unit-test job fails on a clean checkout, and so does the "
                "deployment that needs the archive."),
        docs="https://registry.terraform.io/providers/hashicorp/archive/latest/docs/data-sources/file",
        training_value=("Build Lambda archives in the stack (an archive_file data source or a "
                        "TerraformAsset), never reference a zip nobody builds."),
    )

    def check(self, ctx) -> Iterator[Finding]:
        for cause in suite_causes.causes_of(ctx.suite, ctx.project.files, MISSING_FILE):
            path, line = cause.location
            missing = suite_causes.missing_file(cause.first)
            count = len(cause.cases)
            subject = (f"{count} unit tests ({cause.names()}) need" if count > 1
                       else f"unit test `{cause.first.name}` needs")
            message = f"{subject} `{missing}`, which the project does not hold"
            opener = cause.in_code
            if opener is not None:
                message += f"; the stack opens it at {opener.path}:{opener.line}"
            yield self.finding(ctx, path, line, message,
                               fix="build the archive in the stack (archive_file data source or "
                                   "TerraformAsset) or add the file to the project")
