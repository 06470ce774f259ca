"""The work behind each sub-command; main.py only parses arguments."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from iac_review.api import ReviewConfig, review
from iac_review.core.finding import Severity
from iac_review.core.registry import all_rules, get_rule

from iac_review.reporters.markdown import GENERATED_MARK


class UsageError(Exception):
    """Bad arguments or an input that cannot be reviewed; exit code 2."""


def _config(args, default_fail_on: Severity) -> ReviewConfig:
    try:
        fail_on = Severity.parse(args.fail_on) if args.fail_on else default_fail_on
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    disabled, overrides = set(), {}
    for ident in args.disable:
        rule = get_rule(ident)
        if rule is None:
            raise UsageError(f"unknown rule {ident!r} (see `iac-review rules`)")
        disabled.add(rule.meta.id)
    for item in args.severity:
        ident, _, level = item.partition("=")
        rule = get_rule(ident)
        if rule is None or not level:
            raise UsageError(f"--severity expects RULE=LEVEL with a known rule, got {item!r}")
        try:
            overrides[rule.meta.id] = Severity.parse(level)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    config = ReviewConfig(source=args.source, fail_on=fail_on, severity_overrides=overrides,
                          disabled_rules=frozenset(disabled),
                          terraform_version=args.terraform_version)
    if args.no_harness:
        config.harness_params = ()
    config.synth_timeout = args.synth_timeout
    for option, attr in (("ideal", "ideal_path"), ("human", "human_analysis")):
        path = getattr(args, option, None)
        if path is not None and not Path(path).exists():
            raise UsageError(f"--{option} {path}: no such file or folder")
        setattr(config, attr, path)
    # check runs synthesis on request; report runs it unless told not to
    config.synth = bool(getattr(args, "synth", False)) or not getattr(args, "no_synth", True)
    return config


def _run_review(paths: list[str], config: ReviewConfig):
    show_progress = len(paths) > 3 and sys.stderr.isatty()
    if not show_progress:
        return review(paths, config)
    from rich.progress import Progress
    with Progress(transient=True) as bar:
        task = bar.add_task("reviewing", total=len(paths))
        return review(paths, config, progress=lambda done, total, path: bar.update(
            task, completed=done, description=f"reviewing {Path(path).name}"))


def _exit_code(result, fail_on: Severity | None) -> int:
    if any(r.error for r in result.inputs):
        return 2
    if fail_on is None:
        return 0
    return 1 if any(f.severity.rank >= fail_on.rank for f in result.findings) else 0


def _report_errors(result) -> None:
    for item in result.inputs:
        if item.error:
            print(f"iac-review: error: {item.error}", file=sys.stderr)


def _color(args) -> bool:
    return not args.no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _write(text: str, output: str | None) -> None:
    if output in (None, "-"):
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc}") from exc


def check(args) -> int:
    from iac_review.reporters import get_reporter
    try:
        reporter = get_reporter(args.format)
    except KeyError as exc:
        raise UsageError(str(exc.args[0]) if exc.args else str(exc)) from exc
    config = _config(args, Severity.HIGH)
    from iac_review.reporters import text as text_reporter
    text_reporter.EXPLAIN["on"] = args.explain
    result = _run_review(args.paths, config)
    _report_errors(result)
    _write(reporter.render(result, color=_color(args) and not args.output), args.output)
    return _exit_code(result, config.fail_on)


def _default_report_path(task: str) -> Path:
    name = Path(task).resolve().name
    if name.endswith(".md"):
        name = name[:-3]
    return Path("iac-review-out") / name / "MODEL_FAILURES.md"


def report(args) -> int:
    """MODEL_FAILURES.md for one task, and beside it the same review as one HTML page."""
    from iac_review.reporters import get_reporter
    from iac_review.reporters import html as html_reporter
    config = _config(args, Severity.HIGH)
    result = review([args.task], config)
    _report_errors(result)
    if result.inputs[0].error:
        return 2
    text = get_reporter("markdown").render(result)
    text = text.rstrip("\n") + "\n\n" + GENERATED_MARK + "\n"
    output = args.output or str(_default_report_path(args.task))
    html_path = None if output == "-" or args.no_html else str(Path(output).with_suffix(".html"))
    for path in (output, html_path):
        if path not in (None, "-"):
            _refuse_foreign(Path(path), args.force)
    _write(text, output)
    if html_path is not None:
        page = html_reporter.render_input(result.inputs[0], result)
        _write(page.rstrip("\n") + "\n" + GENERATED_MARK + "\n", html_path)
    if output != "-":
        summary = get_reporter("text").summary_line(result) if hasattr(
            get_reporter("text"), "summary_line") else ""
        also = f" and {html_path}" if html_path else ""
        print(f"wrote {output}{also}" + (f" ({summary})" if summary else ""), file=sys.stderr)
    return _exit_code(result, config.fail_on if args.fail_on else None)


def _refuse_foreign(target: Path, force: bool) -> None:
    """Never overwrite a file iac-review did not write (e.g. a task's own MODEL_FAILURES.md)."""
    if target.exists() and not force and GENERATED_MARK not in _head_tail(target):
        raise UsageError(f"{target} exists and was not written by iac-review; "
                         "use --force to overwrite it or -o to pick another file")


def _head_tail(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return data[-200:].decode("utf-8", "replace")


def schema(args) -> int:
    from iac_review.schema.cache import SchemaUnavailable
    from iac_review.schema.index import load_index
    try:
        index = load_index(rebuild=args.rebuild)
    except SchemaUnavailable as exc:
        raise UsageError(f"provider schema unavailable: {exc}") from exc
    info = index.info()
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        width = max(len(k) for k in info)
        for key, value in info.items():
            print(f"{key.replace('_', ' '):<{width}}  {value}")
    return 0


def rules(args) -> int:
    metas = [r.meta for r in all_rules()]
    if args.json:
        print(json.dumps([{**m.__dict__, "default_severity": m.default_severity.value}
                          for m in metas], indent=2))
        return 0
    for m in metas:
        print(f"{m.id:<8} {m.default_severity.value:<9} {m.name:<36} {m.summary}")
    return 0
