"""Run checkov in-process on the synthesized Terraform JSON of each stack.

checkov is optional (``pip install iac-review[checkov]``). It is imported lazily,
once per process, with every "call home" switched off; each stack gets a fresh
``TerraformJsonRunner`` over a normalised copy of its ``cdk.tf.json``
(``iac_review.tfjson.normalize``). A stack checkov cannot parse is "not
evaluated", never a pass.

checkov's own Python checks name a resource ``resource.<name>`` (the type is
lost); the address is recovered from the line the record starts at, since we
write the file ourselves with one key per line.
"""
from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from iac_review.tfjson.normalize import normalize_for_checkov

# checkov reads these at import or run time; none of them may reach the network.
_CHECKOV_ENV = {
    "BC_SKIP_MAPPING": "TRUE",              # no download of the check-id/guideline mapping
    "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
    "CKV_VALIDATE_SECRETS": "false",        # never verify found secrets against their services
    "LOG_LEVEL": "ERROR",
}


@dataclass(frozen=True)
class FailedCheck:
    check_id: str
    check_name: str
    address: str              # "aws_s3_bucket.raw", "data.aws_iam_policy_document.x", "provider.aws"
    line: int | None          # line in the normalised JSON checkov saw (not the model's code)


@dataclass
class StackResult:
    failed: list[FailedCheck] = field(default_factory=list)
    passed: int = 0
    parse_errors: list[str] = field(default_factory=list)


@dataclass
class CheckovRun:
    stacks: dict[str, StackResult] = field(default_factory=dict)
    version: str | None = None
    not_evaluated_reason: str | None = None     # checkov missing, or a stack it could not parse

    @property
    def ok(self) -> bool:
        return self.not_evaluated_reason is None


@lru_cache(maxsize=1)
def _load() -> tuple[Any, Any, str] | None:
    """(TerraformJsonRunner, RunnerFilter, version) or None when checkov is not installed."""
    for key, value in _CHECKOV_ENV.items():
        os.environ.setdefault(key, value)
    try:
        with _quiet():
            # deferred: checkov is an optional extra and takes 1.5-2 s to import
            from checkov.runner_filter import RunnerFilter
            from checkov.terraform_json.runner import TerraformJsonRunner
            from checkov.version import version
    except ImportError:
        return None
    return TerraformJsonRunner, RunnerFilter, str(version)


def checkov_available() -> bool:
    return _load() is not None


# checkov is not thread-safe, and redirect_stdout swaps the process-wide sys.stdout:
# two reviews silencing checkov at once on two threads would leave sys.stdout a
# StringIO for good (seen: the CLI's output vanished). One checkov run at a time.
_CHECKOV_LOCK = threading.RLock()


@contextlib.contextmanager
def _quiet():
    """Silence checkov's logging and stdout/stderr chatter for the duration."""
    with _CHECKOV_LOCK:
        previous = logging.root.manager.disable
        logging.disable(logging.CRITICAL)
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                yield
        finally:
            logging.disable(previous)


def run_checkov(stacks: dict[str, dict]) -> CheckovRun:
    """Failed checks per stack; ``not_evaluated_reason`` when checkov cannot judge."""
    loaded = _load()
    if loaded is None:
        return CheckovRun(not_evaluated_reason="checkov is not installed (pip install 'iac-review[checkov]')")
    runner_cls, filter_cls, version = loaded
    run = CheckovRun(version=version)
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="iac-review-checkov-") as tmp:
        for number, (stack, doc) in enumerate(stacks.items()):
            path = Path(tmp) / f"stack{number}.tf.json"
            text, lines = _dump_with_addresses(normalize_for_checkov(doc))
            path.write_text(text, encoding="utf-8")
            result = _scan(runner_cls, filter_cls, path, lines, doc, stack)
            run.stacks[stack] = result
            if result.parse_errors:
                failures.append(stack)
    if failures:
        run.not_evaluated_reason = f"checkov could not parse the synthesized JSON of {', '.join(failures)}"
    return run


def _scan(runner_cls, filter_cls, path: Path, lines: dict[int, str], doc: Any, stack: str) -> StackResult:
    result = StackResult()
    with _quiet():
        report = runner_cls().run(root_folder=None, files=[str(path)],
                                  runner_filter=filter_cls(framework=["terraform_json"],
                                                           show_progress_bar=False))
    reports = report if isinstance(report, list) else [report]
    for rep in reports:
        result.parse_errors.extend(f"{stack}/cdk.tf.json" for _ in rep.parsing_errors)
        result.passed += len(rep.passed_checks)
        seen: set[tuple[str, str]] = set()
        for record in rep.failed_checks:
            start = (record.file_line_range or [None])[0]
            address = lines.get(start) or _address_from_name(record.resource, doc)
            if (record.check_id, address) in seen:
                continue
            seen.add((record.check_id, address))
            result.failed.append(FailedCheck(record.check_id, record.check_name or "", address, start))
    return result


def _address_from_name(resource: str, doc: Any) -> str:
    """``resource.raw`` -> ``aws_s3_bucket.raw`` when exactly one resource has that name."""
    kind, _, name = resource.partition(".")
    if kind not in ("resource", "data") or not isinstance(doc, dict):
        return resource
    section = doc.get(kind)
    types = [t for t, items in section.items() if isinstance(items, dict) and name in items] \
        if isinstance(section, dict) else []
    if len(types) != 1:
        return resource
    return f"data.{types[0]}.{name}" if kind == "data" else f"{types[0]}.{name}"


def _dump_with_addresses(doc: dict) -> tuple[str, dict[int, str]]:
    """``json.dumps(indent=2)`` plus the address whose block starts on each line.

    With two-space indentation a resource name key sits at depth 3 under
    ``resource``/``data`` and a provider at depth 2 under ``provider``.
    """
    text = json.dumps(doc, indent=2)
    lines: dict[int, str] = {}
    section = kind = None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 2
        if not stripped.startswith('"'):
            continue
        key = _key_of(stripped)
        if key is None:
            continue
        if depth == 1:
            section, kind = key, None
        elif depth == 2:
            kind = key
            if section == "provider":
                lines[number] = f"provider.{key}"
        elif depth == 3 and section in ("resource", "data") and kind:
            lines[number] = f"data.{kind}.{key}" if section == "data" else f"{kind}.{key}"
    return text, lines


def _key_of(stripped: str) -> str | None:
    end = stripped.find('":')
    if end <= 0:
        return None
    try:
        return json.loads(stripped[:end + 1])
    except ValueError:
        return None


def checkov_for(ctx) -> CheckovRun | None:
    """checkov's result on the review's synthesized stacks (run once per review), None without them."""
    synth = getattr(ctx, "json_outcome", None)
    if synth is None or not synth.ok or not synth.stacks:
        return None
    return ctx.memo("checkov_run", lambda c: run_checkov(c.json_outcome.stacks))


def checkov_status(ctx) -> str | None:
    """Why checkov did not evaluate this review (for NotEvaluated), None when it did."""
    synth = getattr(ctx, "json_outcome", None)
    if synth is None or not synth.ok or not synth.stacks:
        return "no synthesized Terraform JSON: checkov was not run"
    run = checkov_for(ctx)
    return run.not_evaluated_reason if run is not None else "checkov was not run"
