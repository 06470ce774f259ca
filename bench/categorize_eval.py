"""Accuracy of the keyword categorizer against the hand labels of a corpus.

Usage: python bench/categorize_eval.py [CORPUS] [--confusions N] [--fold A|B|all] [--list]

CORPUS defaults to ../shared/corpus relative to the repository. Every task folder
`Pr*` with `lib/MODEL_FAILURES.md` and `labels.jsonl` is read; the items that
`parse_analysis` finds are matched to labels by normalised title and classified with
`categorize(title, text)`.

Printed:
* overall accuracy (correct, matched items, unmatched items);
* a 2-fold split by task (fixed by a CRC32 of the task name, so it does not change
  between runs): the two numeric knobs of the classifier (title weight and the
  minimum score below which the answer is None) are chosen on one half and the
  accuracy is reported on the other half, both ways;
* the accuracy on the quarter of the tasks that was never read while the keyword
  patterns were written (CRC32 % 4 == 3, half of fold B): the patterns themselves
  were written from fold A and the other half of fold B, so this quarter is the
  honest estimate for unseen analyses;
* the most common confusions (label -> predicted) of the chosen fold.
"""
from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from iac_review.agreement import parse_analysis
from iac_review.agreement.categorize import DEFAULT_MIN_SCORE, DEFAULT_TITLE_WEIGHT, categorize

REPO = Path(__file__).resolve().parent.parent
TITLE_WEIGHTS = (2.0, 3.0, 4.0, 5.0, 6.0)
MIN_SCORES = (0.0, 1.0, 2.0, 3.0)


@dataclass
class Case:
    task: str
    title: str
    text: str
    label: str


def norm(title: str) -> str:
    return re.sub(r"^\s*\d+[.)]\s*", "", re.sub(r"[*_`#]", "", title)).strip().lower()


def fold_of(task: str) -> str:
    return "A" if zlib.crc32(task.encode()) % 2 == 0 else "B"


def unread(task: str) -> bool:
    """The quarter of the tasks not read while writing the patterns."""
    return zlib.crc32(task.encode()) % 4 == 3


def load(corpus: str) -> tuple[list[Case], int]:
    cases: list[Case] = []
    unmatched = 0
    for d in sorted(glob.glob(os.path.join(corpus, "Pr*"))):
        mf = os.path.join(d, "lib", "MODEL_FAILURES.md")
        lf = os.path.join(d, "labels.jsonl")
        if not (os.path.exists(mf) and os.path.exists(lf)):
            continue
        with open(mf, encoding="utf-8", errors="replace") as fh:
            items = parse_analysis(fh.read())
        with open(lf, encoding="utf-8") as fh:
            labels = [json.loads(line) for line in fh if line.strip()]
        bytitle = {norm(lab["title"]): lab for lab in labels}
        for it in items:
            lab = bytitle.get(norm(it.title))
            if not lab:
                unmatched += 1
                continue
            cases.append(Case(os.path.basename(d), it.title, it.text, lab["category"]))
    return cases, unmatched


def accuracy(cases: list[Case], tw: float, ms: float) -> tuple[int, int]:
    ok = sum(categorize(c.title, c.text, title_weight=tw, min_score=ms) == c.label for c in cases)
    return ok, len(cases)


def tune(cases: list[Case]) -> tuple[float, float]:
    """Knobs with the best accuracy on `cases` (ties -> the defaults, then the smaller values)."""
    best = None
    for tw in TITLE_WEIGHTS:
        for ms in MIN_SCORES:
            ok, _ = accuracy(cases, tw, ms)
            key = (ok, (tw, ms) == (DEFAULT_TITLE_WEIGHT, DEFAULT_MIN_SCORE), -tw, -ms)
            if best is None or key > best[0]:
                best = (key, (tw, ms))
    return best[1]


def pct(ok: int, tot: int) -> str:
    return f"{ok}/{tot} = {ok / tot:.3f}" if tot else "0/0"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus"))
    ap.add_argument("--confusions", type=int, default=25, help="how many confusion pairs to print")
    ap.add_argument("--fold", choices=("A", "B", "all"), default="all", help="whose confusions to print")
    ap.add_argument("--list", action="store_true", help="also list every misclassified title of that fold")
    args = ap.parse_args(argv)

    cases, unmatched = load(args.corpus)
    if not cases:
        print(f"no labelled items under {args.corpus}", file=sys.stderr)
        return 1
    folds = {f: [c for c in cases if fold_of(c.task) == f] for f in "AB"}
    tasks = {f: len({c.task for c in folds[f]}) for f in "AB"}

    ok, tot = accuracy(cases, DEFAULT_TITLE_WEIGHT, DEFAULT_MIN_SCORE)
    print(f"corpus: {args.corpus}")
    print(f"overall (defaults title_weight={DEFAULT_TITLE_WEIGHT:g}, min_score={DEFAULT_MIN_SCORE:g}): "
          f"{pct(ok, tot)}  (unmatched items: {unmatched})")
    for f in "AB":
        print(f"  fold {f} ({tasks[f]} tasks, {len(folds[f])} items), defaults: "
              f"{pct(*accuracy(folds[f], DEFAULT_TITLE_WEIGHT, DEFAULT_MIN_SCORE))}")
    print("2-fold (knobs tuned on one half, accuracy on the other):")
    held = [0, 0]
    for train, test in (("A", "B"), ("B", "A")):
        tw, ms = tune(folds[train])
        tr = accuracy(folds[train], tw, ms)
        te = accuracy(folds[test], tw, ms)
        held[0] += te[0]
        held[1] += te[1]
        print(f"  tune on {train}: title_weight={tw:g} min_score={ms:g}  "
              f"{train} {pct(*tr)}  -> held-out {test} {pct(*te)}")
    print(f"  held-out total: {pct(*held)}")
    fresh = [c for c in cases if unread(c.task)]
    print(f"never-read quarter ({len({c.task for c in fresh})} tasks), defaults: "
          f"{pct(*accuracy(fresh, DEFAULT_TITLE_WEIGHT, DEFAULT_MIN_SCORE))}")

    shown = cases if args.fold == "all" else folds[args.fold]
    conf: collections.Counter = collections.Counter()
    wrong: list[tuple[Case, str | None]] = []
    for c in shown:
        got = categorize(c.title, c.text)
        if got != c.label:
            conf[(c.label, got)] += 1
            wrong.append((c, got))
    print(f"confusions (label -> predicted), fold {args.fold}:")
    for (lab, got), n in conf.most_common(args.confusions):
        print(f"  {n:3d}  {lab} -> {got}")
    if args.list:
        for c, got in sorted(wrong, key=lambda w: (w[0].label, w[0].task)):
            print(f"  [{c.task}] {c.label} -> {got}: {c.title[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
