"""`iac-review fix PATH`: apply the mechanical repairs, the way ruff's fixer does.

Without flags it says what it would change and exits 1 when anything would
change (0 when nothing would); ``--diff`` prints the change as a unified diff.
``--write`` edits a project folder (or one .py file) in place, or the code
blocks of a markdown answer; ``--out DIR`` writes the whole repaired project
into a new folder, for any input (a markdown answer, a task folder). ``--unsafe-fixes`` also applies repairs that
could change the meaning of code that works. Nothing is written without
``--write`` or ``--out``.
"""
from __future__ import annotations

import sys
from pathlib import Path

from iac_review.api import fix_path
from iac_review.fix.markdown_blocks import rewrite_answer
from iac_review.parse.loader import InputError
from iac_review.parse.reading import inside
from iac_review.cli import commands
from iac_review.cli.output import write
from iac_review.synth.project_copy import copy_tree


def run(args) -> int:
    config = commands.review_config(args, args.path)
    if args.write and args.out:
        raise commands.UsageError("use either --write (edit in place) or --out DIR, not both")
    try:
        result = fix_path(args.path, config, unsafe=args.unsafe_fixes, source=args.source)
    except InputError as exc:
        raise commands.UsageError(str(exc)) from exc
    changed = result.changed()
    if args.diff:
        sys.stdout.write(result.diff())
    _say(result, changed, done=bool(args.write or args.out))
    if args.write and changed:
        _write_in_place(result, changed)
    elif args.out:
        _write_tree(result, Path(args.out))
    if result.internal_errors:
        return commands.EXIT_INTERNAL
    if args.write or args.out:
        return commands.EXIT_OK
    return commands.EXIT_FINDINGS if changed else commands.EXIT_OK


def _say(result, changed: dict, done: bool) -> None:
    out = sys.stderr
    for item in result.applied:
        kind = "" if item.safe else " (unsafe)"
        print(f"{item.path}:{item.line}: {item.rule_id}{kind} {item.message}", file=out)
    for line in result.dropped:
        print(line, file=out)
    if result.applied:
        verb = "Fixed" if done else "Would fix"
        summary = f"{verb} {_count(len(result.applied), 'issue')} in {_count(len(changed), 'file')}"
    else:
        summary = "Nothing to fix"
    if result.unsafe_available:
        summary += f"; {_count(result.unsafe_available, 'more repair')} with --unsafe-fixes"
    if not done and changed:
        summary += "; apply with --write (a project or an answer) or --out DIR"
    print(summary + ".", file=out)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _write_in_place(result, changed: dict) -> None:
    project = result.before
    if project.kind == "markdown":
        _write_answer(project, changed)
        return
    if project.kind != "project":
        raise commands.UsageError(f"{project.input}: --write edits a project folder, a .py file or a "
                                  "markdown answer in place; for a task folder use --out DIR (or "
                                  "--write on its lib/MODEL_RESPONSE.md)")
    base = Path(project.root) if project.root else Path(project.input).parent
    for rel, (_, text) in changed.items():
        target = base / rel
        if not inside(base, str(target)):
            continue   # never outside the project
        target.parent.mkdir(parents=True, exist_ok=True)
        write(text, str(target))


def _write_answer(project, changed: dict) -> None:
    """The answer's code blocks take the repaired files; what cannot go back is said."""
    path = Path(project.input)
    original = path.read_bytes().decode("utf-8")   # as it is: its line endings stay
    rewrite = rewrite_answer(original, project.input, project.files, changed)
    for line in rewrite.skipped:
        print(f"not written into {path.name}: {line}", file=sys.stderr)
    if rewrite.written:
        write(rewrite.text, str(path))
        print(f"rewrote {len(rewrite.written)} code block(s) of {path}", file=sys.stderr)


def _write_tree(result, out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise commands.UsageError(f"{out} exists and is not an empty folder; --out writes a new tree")
    project = result.after
    if project.root and inside(Path(project.root), str(out)):
        raise commands.UsageError(f"{out} is inside the input {project.root}; pick a folder outside it")
    out.mkdir(parents=True, exist_ok=True)
    if project.root:
        copy_tree(Path(project.root), out)
    for rel, src in project.files.items():
        target = out / rel
        if not inside(out, str(target)):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(src.text, encoding="utf-8")
    print(f"wrote the repaired project to {out}", file=sys.stderr)
