"""The work behind each sub-command; main.py only parses arguments."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from iac_review.api import ReviewConfig, review
from iac_review.cli import baseline, config_file, output
from iac_review.cli.config_file import NO_FILE, FileSettings
from iac_review.core.finding import Severity
from iac_review.core.marks import GENERATED_MARK
from iac_review.core.review import Review
from iac_review.rules import all_rules, get_rule
from iac_review.reporters import _statistics as statistics
from iac_review.reporters import get_reporter
from iac_review.reporters import text as text_reporter
from iac_review.schema.cache import SchemaUnavailable
from iac_review.schema.index import load_index
from iac_review.stages.selection import SelectionError, by_specificity, disabled_rules, expand, expand_all

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_PIPE_CLOSED = 141   # 128 + SIGPIPE, as a shell reports a command killed by a closed pipe
DEFAULT_OUT_DIR = "iac-review-out"


class UsageError(Exception):
    """Bad arguments, an input that cannot be reviewed, or an output refused; exit code 2."""


def _config(args, default_fail_on: Severity, settings: FileSettings = NO_FILE) -> ReviewConfig:
    """The review settings: the command line over the configuration file over the defaults."""
    try:
        fail_on = Severity.parse(args.fail_on) if args.fail_on else (settings.fail_on or default_fail_on)
        cli_select = split_list(args.select) if args.select is not None else None
        select = cli_select if cli_select is not None else (settings.select or ())
        # extend-select adds to select, as ruff's does (to "every rule" when select is unset, where
        # it can still turn on a rule that a broader ignore turns off)
        extend = settings.extend_select + split_list(getattr(args, "extend_select", None) or [])
        if extend:
            select = (*(select or ("ALL",)), *extend)
        disabled = disabled_rules(select, settings.ignore + split_list(args.ignore))
        # the command line's overrides come after the file's, whatever their specificity
        overrides = {**by_specificity(settings.severity), **by_specificity(_cli_severities(args.severity))}
        per_file = tuple((pattern, tuple(expand_all(rules))) for pattern, rules in settings.per_file_ignores)
    except (ValueError, SelectionError) as exc:
        raise UsageError(str(exc)) from exc
    config = ReviewConfig(source=args.source, fail_on=fail_on, severity_overrides=overrides,
                          disabled_rules=disabled, per_file_ignores=per_file,
                          config_dir=settings.folder,
                          terraform_version=args.terraform_version or settings.terraform_version,
                          review_date=getattr(args, "review_date", None),
                          prompt_path=_prompt_file(getattr(args, "prompt", None)))
    if args.no_harness or settings.harness is False:
        config.harness_params = ()
    config.synth_timeout = _first(args.synth_timeout, settings.synth_timeout, config.synth_timeout)
    config.repair_rounds = _first(getattr(args, "repair_rounds", None), settings.repair_rounds,
                                  config.repair_rounds)
    config.tests = not getattr(args, "no_tests", False) and settings.tests is not False
    config.tests_timeout = _first(getattr(args, "tests_timeout", None), settings.tests_timeout,
                                  config.tests_timeout)
    config.coverage_gate = _first(getattr(args, "cov_fail_under", None), settings.cov_fail_under,
                                  config.coverage_gate)
    for option, attr in (("ideal", "ideal_path"), ("human", "human_analysis")):
        path = getattr(args, option, None)
        if path is not None and not Path(path).exists():
            raise UsageError(f"--{option} {path}: no such file or folder")
        setattr(config, attr, path)
    # check runs synthesis on request; report runs it unless told not to
    config.synth = bool(getattr(args, "synth", False)) or not getattr(args, "no_synth", True)
    return config


def _first(*values):
    return next(v for v in values if v is not None)


def split_list(values: list[str]) -> tuple[str, ...]:
    """``--select SCH,HC --select AWS001`` as one tuple of selectors."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _cli_severities(items: list[str]) -> list[tuple[str, Severity]]:
    pairs = []
    for item in items:
        selector, _, level = item.partition("=")
        if not selector.strip() or not level.strip():
            raise UsageError(f"--severity expects RULE=LEVEL, got {item!r}")
        expand(selector)
        pairs.append((selector, Severity.parse(level)))
    return pairs


def configured(args, paths: list[str], default_fail_on: Severity) -> list[tuple[ReviewConfig, FileSettings, list[str]]]:
    """The inputs grouped by the configuration file that applies to each, with its settings."""
    groups = config_file.for_inputs(paths, getattr(args, "config", None), getattr(args, "isolated", False))
    return [(_config(args, default_fail_on, settings), settings, members) for settings, members in groups]


def review_config(args, path: str) -> ReviewConfig:
    """The review settings of a command line for one input (for `fix`, which reports no severity)."""
    return configured(args, [path], Severity.HIGH)[0][0]


def _run_review(paths: list[str], config: ReviewConfig, quiet: bool = False):
    show_progress = len(paths) > 3 and sys.stderr.isatty() and not quiet
    if not show_progress:
        return review(paths, config)
    from rich.progress import Progress  # deferred: only a terminal gets a progress bar
    with Progress(transient=True) as bar:
        task = bar.add_task("reviewing", total=len(paths))
        return review(paths, config, progress=lambda done, total, path: bar.update(
            task, completed=done, description=f"reviewing {Path(path).name}"))


def _exit_code(result, fail_on: Severity | None) -> int:
    """3 when a rule or stage crashed, 2 when an input could not be read, else 1 or 0."""
    if result.internal_errors:
        return EXIT_INTERNAL
    if any(r.error for r in result.inputs):
        return EXIT_USAGE
    if fail_on is None:
        return EXIT_OK
    found = any(f.severity.rank >= fail_on.rank for f in result.findings)
    return EXIT_FINDINGS if found else EXIT_OK


def _report_errors(result) -> None:
    for item in result.inputs:
        if item.error:
            print(f"iac-review: error: {item.error}", file=sys.stderr)
    for error in result.internal_errors:
        print(f"iac-review: {error.code} {error.text}", file=sys.stderr)
    if result.internal_errors:
        print("iac-review: the review is incomplete (exit code 3); the findings above stand. "
              "Set IAC_REVIEW_DEBUG=1 for the traceback.", file=sys.stderr)


def _color(args) -> bool:
    """--color always / never, else auto: on a terminal, unless NO_COLOR is set (no-color.org)."""
    if args.color != "auto":
        return args.color == "always"
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _guard(path: str, force: bool, protected: frozenset[str] = frozenset()) -> None:
    try:
        output.guard(Path(path), force, protected)
    except output.OutputRefused as exc:
        raise UsageError(str(exc)) from exc


def guard_output(path: str, force: bool) -> None:
    """Refuse (UsageError) to replace a file iac-review did not write, unless ``force``."""
    _guard(path, force)


def write_output(text: str, target: str, force: bool) -> None:
    """Write a file of ours (atomically; never over someone else's file without ``force``)."""
    _write(text, target, force, frozenset())


def _write(text: str, target: str | None, force: bool, protected: frozenset[str]) -> None:
    if target not in (None, "-"):
        _guard(target, force, protected)
    try:
        output.write(text, target)
    except output.OutputRefused as exc:
        raise UsageError(str(exc)) from exc


def check(args) -> int:
    try:
        reporter = get_reporter(args.format)
    except KeyError as exc:
        raise UsageError(str(exc.args[0]) if exc.args else str(exc)) from exc
    _check_options(args)
    groups = configured(args, args.paths, Severity.HIGH)
    if args.output not in (None, "-"):   # refuse before the (long) review, not after
        _guard(args.output, args.force)
    targets = _output_dir_targets(args, reporter)
    for target in targets:
        _guard(target, args.force)
    baseline_path = _baseline_path(args, groups)
    known = None
    if baseline_path and os.path.exists(baseline_path) and not args.update_baseline:
        try:
            known = baseline.load(baseline_path)
        except baseline.BaselineError as exc:
            raise UsageError(str(exc)) from exc
    elif baseline_path:
        _guard(baseline_path, args.force)
    threshold = lambda config, _: _check_threshold(args, config)  # noqa: E731
    result = _review_groups(groups, args.paths, quiet=args.quiet)
    code = _group_exit_code(result, groups, threshold)
    _report_errors(result)
    if baseline_path and known is None:
        return _record_baseline(result, baseline_path, args.force, code, args.quiet)
    if known is not None:
        result, hidden = baseline.only_new(result, baseline_path, known)
        code = _group_exit_code(result, groups, threshold)
        if hidden and not args.quiet:
            print(f"iac-review: {hidden} finding(s) of the baseline {baseline_path} not shown",
                  file=sys.stderr)
    protected = output.protected_paths(result)
    if targets:
        for item, target in zip(result.inputs, targets, strict=True):
            one = Review([item], result.config, result.provider, result.tool_version)
            _write(_marked(_render(args, reporter, one, to_file=True), args.format), target,
                   args.force, protected)
        if not args.quiet:
            print(f"iac-review: wrote {len(targets)} file(s) to {args.output_dir}", file=sys.stderr)
        return code
    to_file = args.output not in (None, "-")
    text = _render(args, reporter, result, to_file)
    _write(_marked(text, args.format) if to_file else text, args.output, args.force, protected)
    return code


def _check_options(args) -> None:
    """Combinations of check's options that cannot mean anything: usage errors, said at once."""
    if args.explain and not args.synth:
        raise UsageError("--explain lists the static predictions that synthesis contradicted; "
                         "it needs --synth")
    if args.output is not None and args.output_dir is not None:
        raise UsageError("use either -o FILE (every input in one file) or --output-dir DIR "
                         "(a file per input), not both")
    if args.statistics and args.format not in ("text", "json"):
        raise UsageError("--statistics prints text or JSON (--format text or json)")
    if args.statistics and args.output_dir is not None:
        raise UsageError("--statistics counts the findings of every input together: use -o FILE")


def _render(args, reporter, result: Review, to_file: bool) -> str:
    if args.statistics:
        return statistics.render(result, args.format)
    color = _color(args) and not to_file
    if reporter is text_reporter:
        return reporter.render(result, color=color, explain=args.explain, quiet=args.quiet)
    return reporter.render(result, color=color)


def _output_dir_targets(args, reporter) -> list[str]:
    """DIR/<input name><suffix> for each input (names that collide get their folder's name)."""
    if args.output_dir is None:
        return []
    suffix = getattr(reporter, "EXTENSION", ".txt")
    return [str(Path(args.output_dir) / f"{target.parent.name}{suffix}")
            for target in _report_targets(args.paths, args.output_dir)]


def _baseline_path(args, groups) -> str | None:
    if getattr(args, "baseline", None):
        return args.baseline
    if getattr(args, "update_baseline", False):
        raise UsageError("--update-baseline needs --baseline FILE (or baseline in the configuration)")
    paths = {settings.baseline for _, settings, _ in groups if settings.baseline}
    if len(paths) > 1:
        raise UsageError("the inputs' configuration files name different baselines; "
                         "review them separately or pass --baseline FILE")
    return paths.pop() if paths else None


def _record_baseline(result, path: str, force: bool, code: int, quiet: bool = False) -> int:
    # a baseline inside the project is read as one of its files, yet it is ours to rewrite
    protected = output.protected_paths(result) - {os.path.realpath(path)}
    _write(baseline.render(result, path), path, force, protected)
    count = len(result.findings)
    if not quiet:
        print(f"iac-review: recorded the {count} finding(s) of this run as the baseline {path}; "
          f"later runs with --baseline {path} report only new findings", file=sys.stderr)
    return code if code in (EXIT_USAGE, EXIT_INTERNAL) else EXIT_OK


def _review_groups(groups, paths: list[str], quiet: bool = False) -> Review:
    """Review each group with its own settings; one Review, in the order the inputs were given."""
    by_path, first = {}, None
    for config, _, members in groups:
        part = _run_review(members, config, quiet)
        first = first or part
        for member, item in zip(members, part.inputs, strict=True):
            by_path.setdefault(member, []).append(item)
    ordered = [by_path[p].pop(0) for p in paths]
    return Review(ordered, first.config, first.provider, first.tool_version)


def _check_threshold(args, config: ReviewConfig) -> Severity | None:
    return None if args.exit_zero else config.fail_on


def _group_exit_code(result: Review, groups, threshold) -> int:
    """The exit code, each group of inputs judged by ``threshold(config, settings)`` (None: no
    fail-on)."""
    code = EXIT_OK
    for config, settings, members in groups:
        part = Review([i for i in result.inputs if i.project.input in members], config)
        code = max(code, _exit_code(part, threshold(config, settings)))
    return code


def _marked(text: str, fmt: str) -> str:
    """Our mark, so that the next run may replace the file (JSON and SARIF carry the tool name)."""
    if fmt in ("markdown", "html"):
        return text.rstrip("\n") + "\n\n" + GENERATED_MARK + "\n"
    if fmt in ("text", "github"):
        return text.rstrip("\n") + f"\n\n({output.TEXT_MARK})\n"
    return text


def report_name(path: str) -> str:
    """The folder a report goes to: the task's name, for an answer inside a task its task's."""
    p = Path(path).resolve()
    if p.is_file():
        # <task>/lib/MODEL_RESPONSE.md: the task folder names the report
        if p.parent.name == "lib" and ((p.parent / "MODEL_RESPONSE.md").is_file()
                                       or (p.parent.parent / "metadata.json").is_file()):
            return p.parent.parent.name or p.stem
        return p.stem
    return p.name or "input"


def _report_targets(tasks: list[str], out_dir: str) -> list[Path]:
    """One folder per input; names that collide get their parent folder's name, then a number."""
    names = [report_name(t) for t in tasks]
    taken: dict[str, int] = {}
    targets = []
    for task, name in zip(tasks, names, strict=True):
        if names.count(name) > 1:
            parent = Path(task).resolve().parent
            parent = parent.parent if Path(task).is_file() and parent.name == "lib" else parent
            name = f"{parent.name}-{name}" if parent.name else name
        taken[name] = taken.get(name, 0) + 1
        if taken[name] > 1:
            name = f"{name}-{taken[name]}"
        targets.append(Path(out_dir) / name / "MODEL_FAILURES.md")
    return targets


def report(args) -> int:
    """MODEL_FAILURES.md for each task, and beside it the same review as one HTML page."""
    groups = configured(args, args.tasks, Severity.HIGH)
    if args.output is not None and len(args.tasks) > 1:
        raise UsageError("-o names one file, but several inputs were given; use --out-dir DIR "
                         f"(each input gets DIR/<name>/MODEL_FAILURES.md; default {DEFAULT_OUT_DIR})")
    targets = ([args.output] if args.output is not None
               else [str(t) for t in _report_targets(args.tasks, args.out_dir)])
    plans = [_report_files(target, args.no_html) for target in targets]
    for md_path, html_path in plans:   # refuse before the review, not after
        for path in (md_path, html_path):
            if path not in (None, "-"):
                _guard(path, args.force)
    # a report fails only when a fail-on was asked for (on the command line or in the file)
    result = _review_groups(groups, args.tasks)
    code = _group_exit_code(result, groups, lambda config, settings: (
        config.fail_on if args.fail_on or settings.fail_on else None))
    _report_errors(result)
    protected = output.protected_paths(result)
    for item, (md_path, html_path) in zip(result.inputs, plans, strict=True):
        if item.error:
            continue
        one = Review([item], result.config, result.provider, result.tool_version)
        if md_path is not None:
            text = get_reporter("markdown").render(one)
            _write(_marked(text, "markdown") if md_path != "-" else text, md_path, args.force, protected)
        if html_path is not None:
            page = get_reporter("html").render_input(item, one)
            _write(_marked(page, "html"), html_path, args.force, protected)
        if md_path != "-":
            written = " and ".join(p for p in (md_path, html_path) if p)
            print(f"wrote {written} ({text_reporter.summary_line(one)})", file=sys.stderr)
    return code


def _report_files(target: str, no_html: bool) -> tuple[str | None, str | None]:
    """(markdown path, HTML path): ``-o x.html`` writes the page only, ``-o -`` prints the markdown."""
    if target == "-":
        return "-", None
    if target.lower().endswith((".html", ".htm")):
        return None, target
    return target, (None if no_html else str(Path(target).with_suffix(".html")))


def schema(args) -> int:
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
    selected = list(all_rules())
    selector = getattr(args, "selector", None)
    if selector:
        one = get_rule(selector)
        if one is not None and not args.json:
            from iac_review.reporters._rule_page import rule_page  # deferred: only for `rules ID`
            print(rule_page(one), end="")
            return 0
        selected = [one] if one is not None else \
            [r for r in selected if r.meta.id.startswith(selector.upper())]
        if not selected:
            raise UsageError(f"no rule has the id, name or id prefix {selector!r} "
                             "(`iac-review rules` lists them)")
    metas = [r.meta for r in selected]
    if args.json:
        print(json.dumps([{**m.__dict__, "default_severity": m.default_severity.value}
                          for m in metas], indent=2))
        return 0
    for m in metas:
        print(f"{m.id:<8} {m.default_severity.value:<9} {m.name:<36} {m.summary}")
    return 0


def _prompt_file(path: str | None) -> str | None:
    """--prompt's file, checked before any review starts (a usage error otherwise)."""
    if path is not None and not os.path.isfile(path):
        raise UsageError(f"--prompt {path}: no such file")
    return path
