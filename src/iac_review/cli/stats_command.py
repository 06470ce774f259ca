"""`iac-review stats STORE`: what a batch found over the whole corpus, as text and as an HTML page."""
from __future__ import annotations

import sys
from pathlib import Path

from iac_review.batch.store import StoreError, open_existing
from iac_review.cli import commands
from iac_review.stats.tables import collect, text


def run(args) -> int:
    try:
        with open_existing(args.store) as store:
            results, units = store.rows("results"), store.rows("units")
    except StoreError as exc:
        raise commands.UsageError(str(exc)) from exc
    if not units:
        raise commands.UsageError(f"{args.store} holds no reviewed unit yet")
    stats = collect(results, units)
    summary = text(stats)
    target = None if args.no_html else (args.output or str(Path(args.store).with_suffix(".html")))
    if target:
        commands.guard_output(target, args.force)
    if not args.quiet:
        sys.stdout.write(summary)
    if target:
        from iac_review.stats.page import render  # deferred: plotly and Jinja2 only for the page
        commands.write_output(render(stats, args.store, summary), target, args.force)
        if not args.quiet:
            print(f"wrote {target}", file=sys.stderr)
    return commands.EXIT_OK
