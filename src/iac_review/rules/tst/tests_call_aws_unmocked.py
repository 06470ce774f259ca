"""Unit tests that reach AWS: they die without the credentials the pipeline never gives them.

What it finds:
    Running the project's unit tests as the pipeline runs them (no AWS
    credentials, no network), tests that fail with botocore's
    ``NoCredentialsError``, ``NoRegionError``, ``EndpointConnectionError`` and
    the like, or a ``ClientError`` about the caller's identity; and tests that
    reach the network at all (a host that does not resolve, a refused
    connection: the job has no network either). Tests with the
    same error at the same line are one finding, at the test's line; the
    message names the project line that made the call (a Lambda handler module
    that builds its client at import time, or the test itself).

Why it matters:
    A unit test must run anywhere: the pipeline's unit-test job has no AWS
    account, so the test fails there and on every developer machine without
    credentials. Where it does find credentials, it reads or changes a real
    account.

Example:
        from lib.lambda_handler import handler      # creates boto3.client("s3") at import

        def test_handler_lists_objects():
            assert handler({}, None)["statusCode"] == 200

Use instead:
        from unittest.mock import patch

        @patch("lib.lambda_handler.s3")
        def test_handler_lists_objects(s3):
            s3.list_objects_v2.return_value = {"Contents": []}
            assert handler({}, None)["statusCode"] == 200

Fix safety:
    No automatic fix: what the mock returns is the test's design.

References:
    https://docs.python.org/3/library/unittest.mock.html#patch
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.synth import suite_causes
from iac_review.synth.suite_causes import AWS, NETWORK


class UnmockedAwsInUnitTests(Rule):
    meta = RuleMeta(
        id="TST006",
        name="tests-call-aws-unmocked",
        category="tests_wrong_expectations",
        default_severity=Severity.HIGH,
        stage="tests",
        summary="Unit tests call AWS without a mock and fail without credentials",
        why=("The model tests Lambda handlers or helpers that create boto3 clients, and does not "
             "patch the clients (unittest.mock, botocore's Stubber, moto)."),
        impact=("Deployability: the unit-test job, which has no AWS credentials, fails; with "
                "credentials the tests touch a real account."),
        docs="https://docs.python.org/3/library/unittest.mock.html",
        training_value="Unit tests mock every AWS call; only integration tests talk to AWS.",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for cause in suite_causes.causes_of(ctx.suite, ctx.project.files, AWS, NETWORK):
            path, line = cause.location
            count = len(cause.cases)
            what = "AWS" if cause.kind == AWS else "the network"
            subject = (f"{count} unit tests call {what} without a mock ({cause.names()})" if count > 1
                       else f"unit test `{cause.first.name}` calls {what} without a mock")
            message = f"{subject}: {cause.headline}"
            call = cause.in_code or cause.first.innermost
            if call is not None and (call.path, call.line) != (path, line):
                message += f"; the call is made at {call.path}:{call.line}"
            message += ("; the pipeline's unit-test job has no AWS credentials" if cause.kind == AWS
                        else "; the pipeline's unit-test job has no network")
            yield self.finding(ctx, path, line, message,
                               fix="patch the boto3 client the code uses (unittest.mock.patch, or "
                                   "botocore.stub.Stubber), or create clients inside the handler")
