"""`iac-review` entry point: argument parsing and exit codes only."""
from __future__ import annotations

import argparse
import os
import datetime
import signal
import sys
import threading

from iac_review import __version__
from iac_review.cli import batch_command, commands, config_file, fix_command, stats_command
from iac_review.core.errors import debugging

EXIT_CODES = """exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage or configuration error (bad option, missing input, output refused)
  3  internal error: a rule or stage of iac-review crashed on an input; everything
     else is still reported, but the review is incomplete
  130 interrupted (Ctrl-C)
  141 output closed early (the reader of a pipe, such as head, stopped reading)"""

EXIT_CODES_BATCH = """exit codes:
  0  every unit was reviewed (findings are data here, not failures)
  2  usage or configuration error (bad option, no task folder, a store of another version)
  3  some units could not be reviewed, or their review is incomplete (internal errors);
     the others are in the store, and the next run tries the failed ones again
  130 interrupted (Ctrl-C): what was written stays; run again to resume"""

EXIT_CODES_FIX = """exit codes:
  0  nothing to repair, or the repairs were written (--write, --out)
  1  repairs are available (dry run: nothing was written)
  2  usage or configuration error (bad option, missing input, output refused)
  3  internal error: a rule crashed while the repairs were computed
  130 interrupted (Ctrl-C)
  141 output closed early (the reader of a pipe, such as head, stopped reading)"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iac-review",
        description="Review CDKTF Python code for AWS (model answers, projects, task folders).",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"iac-review {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="review answers, projects or task folders",
                           description="Review one or more inputs and print the findings.",
                           epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="+", metavar="PATH",
                       help="markdown answer, CDKTF project folder or task folder")
    _review_options(check)
    check.add_argument("--format", "-f", default="text",
                       help="text (default), json, sarif, markdown, html, junit or github "
                            "(workflow annotations)")
    check.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    check.add_argument("--output-dir", metavar="DIR",
                       help="write one file per input into DIR (DIR/<input name>.<format's suffix>)")
    check.add_argument("--statistics", action="store_true",
                       help="print how many findings each rule reported instead of the findings")
    check.add_argument("--quiet", "-q", action="store_true",
                       help="print the findings only: no summary, notes or progress")
    check.add_argument("--force", action="store_true",
                       help="overwrite FILE even if iac-review did not write it")
    check.add_argument("--synth", action="store_true",
                       help="also run the app in the sandbox and check the synthesized JSON")
    check.add_argument("--explain", action="store_true",
                       help="list the static predictions that synthesis contradicted")
    check.add_argument("--baseline", metavar="FILE",
                       help="report only findings that FILE does not hold; when FILE does not "
                            "exist, record this run's findings in it and exit 0")
    check.add_argument("--update-baseline", action="store_true",
                       help="rewrite the --baseline FILE with this run's findings")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when there are findings (usage errors still exit 2, "
                            "internal errors 3)")
    _repair_option(check)
    check.set_defaults(handler=commands.check)

    report = sub.add_parser("report", help="write MODEL_FAILURES.md for each task",
                            description="Review tasks and write each one's failure analysis.",
                            epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    report.add_argument("tasks", nargs="+", metavar="TASK", help="task folder or markdown answer")
    _review_options(report)
    report.add_argument("--output", "-o", metavar="FILE",
                        help="where to write one task's report ('-' for stdout; a .html name "
                             "writes only the HTML page)")
    report.add_argument("--out-dir", default=commands.DEFAULT_OUT_DIR, metavar="DIR",
                        help="where reports go without -o: DIR/<task>/MODEL_FAILURES.md "
                             f"(default {commands.DEFAULT_OUT_DIR})")
    report.add_argument("--force", action="store_true",
                        help="overwrite an existing file that iac-review did not write")
    report.add_argument("--no-html", action="store_true",
                        help="do not write the HTML page beside the report (<output>.html)")
    report.add_argument("--no-synth", action="store_true",
                        help="skip the sandboxed synthesis (static review only)")
    report.add_argument("--ideal", metavar="PATH",
                        help="IDEAL_RESPONSE to diff against (.md, project or task folder; "
                             "default: the task's lib/IDEAL_RESPONSE.md)")
    report.add_argument("--human", metavar="PATH",
                        help="human MODEL_FAILURES.md to compare with (default: the task's "
                             "lib/MODEL_FAILURES.md)")
    _repair_option(report)
    report.set_defaults(handler=commands.report)

    fix = sub.add_parser("fix", help="apply the mechanical repairs (dry run unless --write/--out)",
                         description="Apply the repairs whose edit is mechanical; without --write "
                                     "or --out nothing is written and the exit code says whether "
                                     "anything would change (1) or not (0).",
                         epilog=EXIT_CODES_FIX, formatter_class=argparse.RawDescriptionHelpFormatter)
    fix.add_argument("path", metavar="PATH", help="project folder, .py file, markdown answer or task folder")
    _review_options(fix)
    fix.add_argument("--diff", action="store_true", help="print the changes as a unified diff")
    fix.add_argument("--write", action="store_true",
                     help="edit a project folder (or .py file) in place")
    fix.add_argument("--out", metavar="DIR", help="write the whole repaired project into the new folder DIR")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="also apply repairs that could change the meaning of working code")
    fix.set_defaults(handler=fix_command.run)

    batch = sub.add_parser("batch", help="review every task of a corpus into a resumable SQLite store",
                           description="Review every task folder of CORPUS (each source: model answer, "
                                       "IDEAL answer, code tree) into the store, one row per task x "
                                       "source x stage. A run that is killed loses nothing: the next "
                                       "run with the same store reviews only what is missing.",
                           epilog=EXIT_CODES_BATCH, formatter_class=argparse.RawDescriptionHelpFormatter)
    batch.add_argument("corpora", nargs="+", metavar="CORPUS",
                       help="a folder of task folders (or one task folder)")
    batch.add_argument("--store", required=True, metavar="FILE",
                       help="the SQLite file to write (created if missing; resumed if not)")
    batch.add_argument("--jobs", "-j", type=_jobs, default=2, metavar="N",
                       help="units reviewed at once (default 2): local processes, or Ray CPUs")
    batch.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local: a pool of processes on this machine (default); ray: Ray tasks "
                            "(a local Ray, or the cluster of --ray-address)")
    batch.add_argument("--ray-address", metavar="ADDRESS",
                       help="join this Ray cluster (e.g. ray://head:10001, or auto) instead of "
                            "starting a local one")
    batch.add_argument("--sources", metavar="LIST",
                       help="which sources of each task: model, ideal, code (default all three)")
    batch.add_argument("--no-synth", action="store_true",
                       help="static review only (no sandboxed synthesis, no tfjson rules)")
    batch.add_argument("--fresh", action="store_true",
                       help="review every unit again, even those the store already holds")
    batch.add_argument("--quiet", "-q", action="store_true", help="no progress and no summary")
    _review_options(batch)
    batch.set_defaults(handler=batch_command.run)

    stats = sub.add_parser("stats", help="corpus statistics from a batch store (text and HTML plots)",
                           description="Print what a batch store holds (defects per category, rule "
                                       "and source, synthesis failures, scores beside the human "
                                       "training_quality, time per stage) and write an HTML page "
                                       "with the plots.")
    stats.add_argument("store", metavar="STORE", help="the SQLite file of `iac-review batch`")
    stats.add_argument("--output", "-o", metavar="FILE",
                       help="the HTML page (default: the store's name with .html)")
    stats.add_argument("--no-html", action="store_true", help="print the text only")
    stats.add_argument("--force", action="store_true",
                       help="overwrite FILE even if iac-review did not write it")
    stats.add_argument("--quiet", "-q", action="store_true", help="write the page, print nothing")
    stats.set_defaults(handler=stats_command.run)

    schema = sub.add_parser("schema", help="show the provider schema index",
                            description="Print the provider version, cache path and counts.")
    schema.add_argument("--rebuild", action="store_true", help="rebuild the cached index")
    schema.add_argument("--json", action="store_true", help="print JSON")
    schema.set_defaults(handler=commands.schema)

    rules = sub.add_parser("rules", help="list the rules, or show one rule's page",
                           description="List every rule; with a rule id (or name), show its page; "
                                       "with a prefix (SCH, AWS01), list the rules it starts.")
    rules.add_argument("selector", nargs="?", metavar="ID|PREFIX",
                       help="a rule id or name (its page), or an id prefix (the matching rules)")
    rules.add_argument("--json", action="store_true", help="print JSON")
    rules.set_defaults(handler=commands.rules)
    return parser


def _review_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", choices=("model", "ideal", "code"), default="model",
                        help="for task folders: review MODEL_RESPONSE.md (default), "
                             "IDEAL_RESPONSE.md or the code tree")
    parser.add_argument("--fail-on", default=None, metavar="SEVERITY",
                        help="exit 1 when a finding is at or above SEVERITY "
                             "(Critical, High, Medium, Low; default High for check)")
    parser.add_argument("--select", action="append", default=None, metavar="RULES",
                        help="run only these rules: ids, id prefixes (SCH, AWS01) or names, "
                             "comma-separated or repeated; replaces the configuration's select")
    parser.add_argument("--extend-select", action="append", default=None, metavar="RULES",
                        help="add rules to the selection (of the command line or the configuration)")
    parser.add_argument("--ignore", "--disable", dest="ignore", action="append", default=[],
                        metavar="RULES", help="turn rules off (ids, prefixes or names); added to "
                                              "the configuration's ignore")
    parser.add_argument("--severity", action="append", default=[], metavar="RULE=LEVEL",
                        help="report RULE (an id, prefix or name) with another severity; repeatable")
    parser.add_argument("--config", metavar="FILE",
                        help="read this configuration file (.iac-review.toml or pyproject.toml) "
                             "instead of the one found upward from each input")
    parser.add_argument("--isolated", action="store_true",
                        help="read no configuration file")
    parser.add_argument("--terraform-version", metavar="VERSION",
                        help="Terraform the backend runs with (default: the project's "
                             "required_version, else unknown: version-gated options are reported)")
    parser.add_argument("--prompt", metavar="FILE",
                        help="the task's prompt, to check the code against the requirements it "
                             "states (default: the task's lib/PROMPT.md)")
    parser.add_argument("--review-date", metavar="YYYY-MM-DD", type=_iso_date,
                        help="judge runtime and engine lifecycles as of this day (default today)")
    parser.add_argument("--no-harness", action="store_true",
                        help="do not expect the harness contract (tap.py passing "
                             "environment_suffix, state_bucket, ... to the stack)")
    parser.add_argument("--synth-timeout", type=float, default=None, metavar="SECONDS",
                        help="time limit of one synthesis (default 120)")
    parser.add_argument("--no-tests", action="store_true",
                        help="do not run the project's unit tests (they run whenever synthesis runs)")
    parser.add_argument("--tests-timeout", type=float, default=None, metavar="SECONDS",
                        help="time limit of the unit test run (default 180)")
    parser.add_argument("--cov-fail-under", type=_percent, default=None, metavar="PERCENT",
                        help="the branch coverage of lib/ the unit tests must reach (default 90, "
                             "as the pipeline's --cov-fail-under)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="color the text output: auto (default: on a terminal, unless "
                             "NO_COLOR is set), always, never")
    parser.add_argument("--no-color", dest="color", action="store_const", const="never",
                        help=argparse.SUPPRESS)


def _repair_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repair-rounds", type=_rounds, default=None, metavar="N",
                        help="when synthesis fails, repair a copy and synthesize again, up to N "
                             "times, to review what comes after the first error (default 10; "
                             "0: off; the input is never changed)")


def _ranged(convert, low, high, what: str):
    """An argparse type: ``convert(text)`` from ``low`` to ``high``, else a usage error naming both."""
    def parse(text: str):
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected {what} from {low} to {high}, got {text!r}")
        return value
    return parse


_percent = _ranged(float, 0, 100, "a percentage")
_jobs = _ranged(int, 1, 256, "a whole number")
_rounds = _ranged(int, 0, 50, "a whole number")


def _iso_date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None




def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return commands.EXIT_USAGE
    _terminate_like_interrupt()
    try:
        return args.handler(args)
    except (commands.UsageError, config_file.ConfigError) as exc:
        print(f"iac-review: error: {exc}", file=sys.stderr)
        return commands.EXIT_USAGE
    except KeyboardInterrupt:
        print("iac-review: interrupted", file=sys.stderr)
        return commands.EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader stopped reading (`iac-review rules | head`): not an error of ours. Point
        # stdout at /dev/null so the interpreter's last flush cannot fail again on the way out.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return commands.EXIT_PIPE_CLOSED
    except Exception as exc:  # noqa: BLE001  (a bug of ours outside any review: say so, exit 3)
        if debugging():
            raise
        print(f"iac-review: internal error: {type(exc).__name__}: {exc} "
              "(set IAC_REVIEW_DEBUG=1 for the traceback)", file=sys.stderr)
        return commands.EXIT_INTERNAL


def _terminate_like_interrupt() -> None:
    """SIGTERM and Ctrl-C kill the running sandboxes first (a review waiting on one then returns
    at once), then end the run; the work dirs are removed on the way out."""
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum, frame):
        # a run that never imported the sandbox has no sandbox to kill
        running = sys.modules.get("iac_review.sandbox")
        if running is not None:
            running.kill_all()
        raise KeyboardInterrupt

    for number in (signal.SIGTERM, signal.SIGINT):
        try:
            signal.signal(number, interrupt)
        except (ValueError, OSError):
            pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
