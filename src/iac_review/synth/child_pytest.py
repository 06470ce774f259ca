"""Inside the sandbox: run a project's unit tests with pytest and branch coverage, report compactly.

Loaded by path from child.py (it imports nothing from iac_review). ``run(spec,
root)`` runs pytest in this process, the way ``python -m pytest <paths>
--cov=<lib> --cov-branch`` runs from the project root, and returns a dict: the
exit status, one entry per test that did not pass (its phase, the exception and
the frames inside the project), the collection errors, the counts, and the
coverage of each measured file (percent, missing lines and branches, and which
tests executed any of its lines).

Everything is bounded: a hostile test may raise an exception whose text is a
gigabyte, or define a million tests; what reaches the report is cut to size.
"""
from __future__ import annotations

import json
import os

MAX_TEXT = 2000       # characters of one exception message
MAX_CASES = 300       # tests reported one by one (failures and errors first)
MAX_PASSED = 1000     # node ids of passing tests
MAX_FRAMES = 12       # project frames per exception
MAX_FILES = 400       # measured files in the coverage summary
MAX_LINES = 400       # missing lines (and branches) listed per file
MAX_COVERAGE_BYTES = 64 * 1024 * 1024   # the coverage JSON read back (the tests could write it)
REPORT_BUDGET = 600 * 1024               # bytes of the whole report: the parent reads at most 1 MB
COVERAGE_FILE = ".iac-review-coverage.json"


def _cut(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[:limit] + "\n..."


class Collector:
    """A pytest plugin object: records outcomes and exceptions, never changes them."""

    def __init__(self, root: str) -> None:
        self.root = root.rstrip(os.sep) + os.sep
        self.cases: dict[str, dict] = {}
        self.collection_errors: list[dict] = []
        self.counts = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0, "xfailed": 0, "xpassed": 0}
        self.collected = 0
        self.passed_ids: list[str] = []

    def _relative(self, path: str) -> str | None:
        real = os.path.realpath(str(path))
        return real[len(self.root):] if real.startswith(self.root) else None

    def _exception(self, excinfo) -> dict:
        excinfo = _unwrapped(excinfo)
        frames = []
        for entry in excinfo.traceback:
            rel = self._relative(str(entry.path))
            if rel is not None:
                try:
                    text = str(entry.statement).strip().splitlines()[0] if str(entry.statement).strip() else ""
                except Exception:  # noqa: BLE001  (source may be gone or unreadable)
                    text = ""
                frames.append([rel, int(entry.lineno) + 1, str(entry.name), _cut(text, 300)])
        value = excinfo.value
        if isinstance(value, SyntaxError) and value.filename:
            rel = self._relative(value.filename)
            if rel is not None:
                frames.append([rel, int(value.lineno or 0), "<module>", _cut((value.text or "").strip(), 300)])
        info = {"type": type(value).__name__, "message": _cut(_message(value)), "frames": frames[-MAX_FRAMES:]}
        if isinstance(value, ImportError) and isinstance(getattr(value, "name", None), str):
            info["module"] = value.name
        if isinstance(value, OSError) and isinstance(getattr(value, "filename", None), str):
            info["filename"] = _cut(value.filename, 500)
        return info

    # -- hooks (pytest finds them by name) ----------------------------------------------
    def pytest_collection_modifyitems(self, items) -> None:
        self.collected = len(items)

    def pytest_exception_interact(self, node, call, report) -> None:
        excinfo = call.excinfo
        if excinfo is None or _is_skip(excinfo):
            return
        info = self._exception(excinfo)
        if getattr(report, "when", None) in (None, "collect") or not hasattr(node, "location"):
            path = self._relative(str(getattr(node, "path", "") or "")) or str(getattr(node, "nodeid", ""))
            self.collection_errors.append({"path": path, **info})
            return
        self._case(node)["exception"] = info   # after the test's log report: replaces its fallback

    def _case(self, item) -> dict:
        nodeid = str(item.nodeid)
        if nodeid not in self.cases:
            path, line0, name = item.location
            rel = self._relative(os.path.join(str(item.config.rootpath), path)) or path
            self.cases[nodeid] = {"nodeid": nodeid, "path": rel, "line": int(line0 or 0) + 1,
                                  "name": str(name), "outcome": "passed", "when": "call"}
        return self.cases[nodeid]

    def pytest_runtest_logreport(self, report) -> None:
        item_outcome = report.outcome
        if report.when == "call" and hasattr(report, "wasxfail"):
            self.counts["xfailed" if report.skipped else "xpassed"] += 1
            return
        if report.failed:
            self.counts["errors" if report.when != "call" else "failed"] += 1
            case = self.cases.get(report.nodeid) or self._case_from_report(report)
            case.update(outcome="error" if report.when != "call" else "failed", when=report.when)
            # pytest_exception_interact, which comes next, replaces this with the exception itself
            case.setdefault("exception", {"type": "Failed", "message": _cut(_longrepr(report)), "frames": []})
        elif report.skipped and report.when in ("setup", "call"):
            self.counts["skipped"] += 1
        elif item_outcome == "passed" and report.when == "call":
            self.counts["passed"] += 1
            if len(self.passed_ids) < MAX_PASSED:
                self.passed_ids.append(str(report.nodeid))

    def _case_from_report(self, report) -> dict:
        path, line0, name = report.location
        self.cases[report.nodeid] = {"nodeid": report.nodeid, "path": str(path), "line": int(line0 or 0) + 1,
                                     "name": str(name), "outcome": "failed", "when": report.when}
        return self.cases[report.nodeid]

    def pytest_collectreport(self, report) -> None:
        if report.failed and not any(e["path"] and report.nodeid.startswith(e["path"])
                                     for e in self.collection_errors):
            self.collection_errors.append({"path": str(report.nodeid), "type": "CollectionError",
                                           "message": _cut(str(report.longrepr)), "frames": []})


def _unwrapped(excinfo):
    """pytest wraps an import or syntax error of a test module in a CollectError: the cause is the news."""
    value = excinfo.value
    cause = getattr(value, "__cause__", None)
    if type(value).__name__ == "CollectError" and isinstance(cause, BaseException):
        from _pytest._code import ExceptionInfo  # deferred: pytest is imported by run()

        return ExceptionInfo.from_exception(cause)
    return excinfo


def _longrepr(report) -> str:
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    if crash is not None and getattr(crash, "message", None):
        return str(crash.message)
    return str(report.longrepr)


def _message(value: BaseException) -> str:
    try:
        return str(value)
    except Exception:  # noqa: BLE001  (a hostile __str__)
        return f"<{type(value).__name__}>"


def _is_skip(excinfo) -> bool:
    from _pytest.outcomes import Skipped  # deferred: pytest is imported by run()

    return isinstance(excinfo.value, Skipped)


def _coverage(path: str, contexts: bool) -> dict | None:
    try:
        if os.path.islink(path) or os.path.getsize(path) > MAX_COVERAGE_BYTES:
            return None
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return None
    totals = data.get("totals") or {}
    files = []
    for name, info in list(data["files"].items())[:MAX_FILES]:
        summary = info.get("summary") or {}
        entry = {"path": str(name), "percent": float(summary.get("percent_covered") or 0.0),
                 "statements": int(summary.get("num_statements") or 0),
                 "branches": int(summary.get("num_branches") or 0),
                 "missing_lines": [int(n) for n in (info.get("missing_lines") or [])][:MAX_LINES],
                 "missing_branches": [[int(a), int(b)] for a, b in (info.get("missing_branches") or [])][:MAX_LINES]}
        if contexts:
            tests = set()
            for names in (info.get("contexts") or {}).values():
                tests.update(n.rsplit("|", 1)[0] for n in names if n)
            entry["tests"] = sorted(tests)[:MAX_CASES]
        files.append(entry)
    return {"percent": float(totals.get("percent_covered") or 0.0),
            "statements": int(totals.get("num_statements") or 0),
            "covered_lines": int(totals.get("covered_lines") or 0),
            "branches": int(totals.get("num_branches") or 0),
            "covered_branches": int(totals.get("covered_branches") or 0),
            "files": files}


def run(spec: dict, root: str) -> dict:
    """Run pytest on ``spec["paths"]`` from ``root``; ``spec["cov"]``: the folder to measure, or None."""
    import pytest  # deferred: only apps that are test runs need it (the warm parent preloads it)

    collector = Collector(root)
    cov_file = os.path.join(root, COVERAGE_FILE)
    args = [*spec["paths"], "-p", "no:cacheprovider", "--rootdir", root, "-q", "--tb=native",
            "--color=no", "-o", "console_output_style=classic"]
    if spec.get("cov"):
        args += ["-p", "pytest_cov", f"--cov={spec['cov']}", "--cov-branch", f"--cov-report=json:{cov_file}",
                 "--cov-context=test"]
    try:   # the caller (child.run_one) put the root first on sys.path, as ``python -m pytest`` does
        code = pytest.main(args, plugins=[collector])
    except SystemExit as exc:  # a test that calls sys.exit outside pytest's reach
        code = exc.code if isinstance(exc.code, int) else 1
    cases = sorted(collector.cases.values(), key=lambda c: c["outcome"] == "passed")
    result = {"exit": int(code), "collected": collector.collected, "counts": collector.counts,
              "cases": [c for c in cases if c["outcome"] != "passed"][:MAX_CASES],
              "collection_errors": collector.collection_errors[:MAX_CASES],
              "passed_ids": collector.passed_ids}
    if spec.get("cov"):
        result["coverage"] = _coverage(cov_file, contexts=True)
    return _fit(result)


def _fit(result: dict) -> dict:
    """Trim the report until it fits the budget: details go first, counts and totals stay."""
    for keep in (100, 30, 10, 3, 0):
        if len(json.dumps(result)) <= REPORT_BUDGET:
            break
        coverage = result.get("coverage") or {}
        coverage["files"] = sorted(coverage.get("files", []), key=lambda f: f["percent"])[:max(keep, 1) * 4]
        for entry in coverage.get("files", []):
            entry["missing_lines"] = entry["missing_lines"][:keep]
            entry["missing_branches"] = entry["missing_branches"][:keep]
            entry["tests"] = entry.get("tests", [])[:keep]
        result["passed_ids"] = result.get("passed_ids", [])[:max(keep, 1) * 5]
        for key in ("cases", "collection_errors"):
            result[key] = result[key][:max(keep, 1)]
            for case in result[key]:
                exception = case.get("exception", case)
                exception["message"] = _cut(exception.get("message", ""), 200 + keep * 5)
    return result
