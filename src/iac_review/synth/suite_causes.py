"""Why the unit tests failed: each failing test sorted into one cause, tests with the same cause together.

Twenty-nine tests that all die on the same missing credentials are one defect,
not twenty-nine: tests whose exception has the same type, the same first line
and the same innermost project frame form one ``Cause``. Its kind says whose
defect it is:

- ``import``: the test module (or what it imports) cannot be imported;
- ``constructor``: a test calls a class with arguments its ``__init__`` does not take;
- ``aws``: a test reaches AWS (no credentials, no region, no endpoint: the
  pipeline's unit-test job has none) instead of a mock;
- ``network``: a test reaches the network (a host that does not resolve, a
  refused connection), which the unit-test job does not have either;
- ``missing_file``: a test, or the stack it builds, opens a file of the project
  that the tree does not hold (a Lambda archive);
- ``code``: the exception was raised in the stack's code, not in the test;
- ``assertion``: the test's own check failed;
- ``error``: anything else the test raised.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from iac_review.synth.outcome import Frame
from iac_review.synth.suite import CaseResult, SuiteOutcome

IMPORT, CONSTRUCTOR, AWS, NETWORK, MISSING_FILE, CODE, ASSERTION, ERROR = (
    "import", "constructor", "aws", "network", "missing_file", "code", "assertion", "error")

_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "SyntaxError", "IndentationError", "TabError"}
# botocore's exceptions when a call reaches for AWS: no credentials, no region, no endpoint.
_AWS_ERRORS = {"NoCredentialsError", "PartialCredentialsError", "NoRegionError", "EndpointConnectionError",
               "ConnectTimeoutError", "ReadTimeoutError", "ProxyConnectionError", "SSLError",
               "CredentialRetrievalError", "UnauthorizedSSOTokenError", "TokenRetrievalError"}
# What a call to the network raises where there is none (the sandbox, the pipeline's unit-test job).
_NETWORK_ERRORS = {"gaierror", "ConnectionRefusedError", "ConnectionResetError", "ConnectionError",
                   "NewConnectionError", "MaxRetryError", "URLError", "ConnectTimeout", "ConnectError"}
_NO_ROUTE = re.compile(r"Network is unreachable|No route to host")
_AWS_CLIENT_ERROR = re.compile(r"\((InvalidClientTokenId|UnrecognizedClientException|"
                               r"ExpiredToken|AuthFailure|SignatureDoesNotMatch|AccessDenied\w*)\)")
_SIGNATURE = re.compile(r"(__init__\(\) (got an unexpected keyword argument|missing \d+ required|"
                        r"takes \d+ positional)|unexpected keyword argument|"
                        r"missing \d+ required (positional|keyword-only) argument)")


def is_test_code(path: str) -> bool:
    """A file of the test suite (its frames are the test's, not the stack's)."""
    parts = PurePosixPath(path).parts
    name = parts[-1] if parts else ""
    return ("tests" in parts[:-1] or "test" in parts[:-1] or name.startswith("test_")
            or name.endswith("_test.py") or name == "conftest.py")


@dataclass(frozen=True)
class Cause:
    kind: str
    cases: tuple[CaseResult, ...]

    @property
    def first(self) -> CaseResult:
        return self.cases[0]

    @property
    def where(self) -> Frame | None:
        """The innermost frame in the test code: the line of the test that failed."""
        for frame in reversed(self.first.frames):
            if is_test_code(frame.path):
                return frame
        return None

    @property
    def location(self) -> tuple[str, int]:
        """(path, line) a finding about this cause points at: the test's failing line."""
        where = self.where
        return (where.path, where.line) if where else (self.first.path, self.first.line)

    @property
    def in_code(self) -> Frame | None:
        """The innermost frame outside the test code, when the exception came from the project's code."""
        frame = self.first.innermost
        return frame if frame is not None and not is_test_code(frame.path) else None

    @property
    def headline(self) -> str:
        message = self.first.message.strip().splitlines()
        text = message[0] if message else ""
        return f"{self.first.error_type}: {text}" if text else self.first.error_type

    def names(self, limit: int = 3) -> str:
        """The failing tests by name (``test_a``, ``test_b`` and 4 more)."""
        shown = [f"`{c.name}`" for c in self.cases[:limit]]
        more = len(self.cases) - limit
        return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def kind_of(case: CaseResult, project_files) -> str:
    if case.error_type in _IMPORT_ERRORS or case.outcome == "collection":
        return IMPORT
    if case.error_type in _AWS_ERRORS or (case.error_type == "ClientError" and _AWS_CLIENT_ERROR.search(case.message)):
        return AWS
    if case.error_type in _NETWORK_ERRORS or (case.error_type == "OSError" and _NO_ROUTE.search(case.message)):
        return NETWORK
    if case.error_type == "FileNotFoundError" and _missing_project_file(case, project_files):
        return MISSING_FILE
    if case.error_type == "TypeError" and _SIGNATURE.search(case.message):
        return CONSTRUCTOR
    innermost = case.innermost
    if innermost is not None and not is_test_code(innermost.path) and case.error_type != "AssertionError":
        return CODE
    return ASSERTION if case.error_type == "AssertionError" else ERROR


def missing_file(case: CaseResult) -> str | None:
    """The project-relative file the case's FileNotFoundError names."""
    name = case.filename or ""
    if not name:
        quoted = re.search(r"No such file or directory: '([^']+)'", case.message)
        name = quoted.group(1) if quoted else ""
    name = name.removeprefix("./")
    if not name or name.startswith(("/", "~")) or ".." in PurePosixPath(name).parts:
        return None
    return name


def _missing_project_file(case: CaseResult, project_files) -> bool:
    name = missing_file(case)
    return name is not None and name not in project_files


def causes(suite: SuiteOutcome, project_files) -> list[Cause]:
    """The failing tests of ``suite`` grouped by cause, in order of first appearance."""
    groups: dict[tuple, list[CaseResult]] = {}
    kinds: dict[tuple, str] = {}
    for case in suite.failures:
        kind = kind_of(case, project_files)
        frame = case.innermost
        lines = case.message.strip().splitlines()
        key = (kind, case.error_type, lines[0][:200] if lines else "",
               (frame.path, frame.line) if frame and kind != ASSERTION else case.nodeid)
        groups.setdefault(key, []).append(case)
        kinds[key] = kind
    return [Cause(kinds[key], tuple(cases)) for key, cases in groups.items()]


def causes_of(suite: SuiteOutcome | None, project_files, *kinds: str) -> list[Cause]:
    """The causes of the given kinds, when the tests ran (none otherwise)."""
    if suite is None or not suite.ran:
        return []
    return [c for c in causes(suite, project_files) if c.kind in kinds]
