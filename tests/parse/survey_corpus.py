"""Count the file-naming conventions of the corpus answers (a tool, not a test).

    python tests/parse/survey_corpus.py [CORPUS_DIR]

Prints counts only (never corpus text), so the numbers can be quoted in
docs and reviews. CORPUS_DIR defaults to $IAC_REVIEW_CORPUS or ../shared/corpus.
"""
from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

from iac_review.parse import markdown
from iac_review.parse.fences import scan, split_lines


def shape(line: str, how: str) -> str:
    """A coarse class of the line that named a block."""
    text = line.strip()
    if how == "heading":
        parts = ["heading"]
        if re.search(r"#\s+\d+\.", text):
            parts.append("numbered")
        if re.search(r"\b(file(name)?|path)\s*:", text, re.I):
            parts.append("File: label")
        if "`" in text:
            parts.append("backticks")
        if "(" in text and re.search(r"\([^)]*\.\w+[^)]*\)", text):
            parts.append("path in parentheses")
        elif re.search(r"\s[-\u2013\u2014]\s", text):
            parts.append("title - path")
        elif re.search(r"\.\w+\s*\(", text):
            parts.append("path (note)")
        if "**" in text:
            parts.append("mangled __init__")
        return ", ".join(parts)
    if how == "bold":
        if re.match(r"^(\*\*|__)(file|path)\s*:", text, re.I):
            return "bold File: label"
        return "bold path" if re.match(r"^(\*\*|__)[\w./-]+(\*\*|__)", text) else "bold title (path)"
    if how == "comment":
        return "comment with label" if re.search(r"(file(name)?|path)\s*:", text, re.I) else "comment path"
    return how


def main(corpus: Path) -> None:
    shapes: Counter = Counter()
    attributions: Counter = Counter()
    answers: Counter = Counter()
    for md in sorted(corpus.glob("*/lib/*_RESPONSE.md")):
        kind = md.name.split("_")[0]
        text = md.read_text(encoding="utf-8", errors="replace")
        lines = split_lines(text)
        for block in scan(lines):
            if block.lang in ("markdown", "md"):
                continue
            found = markdown._name(lines, block)
            if found:
                shapes[shape(lines[found[2] - 1], found[1])] += 1
        result = markdown.extract(text, str(md))
        answers[kind] += 1
        for f in result.files:
            attributions[(kind, f.attribution)] += 1
        for note in result.notes:
            for key in ("appears more than once", "placed at", "not terminated", "Python source as a whole"):
                if key in note:
                    attributions[(kind, "note: " + key)] += 1
        for problem in result.problems:
            attributions[(kind, problem.rule_id)] += 1
    print("answers:", dict(answers))
    print("\nnaming line shapes (blocks):")
    for key, n in shapes.most_common():
        print(f"  {n:5d}  {key}")
    print("\nfiles by attribution, problems and notes:")
    for (kind, key), n in sorted(attributions.items()):
        print(f"  {kind:6s} {key:40s} {n}")


if __name__ == "__main__":
    default = os.environ.get("IAC_REVIEW_CORPUS") or Path(__file__).parents[2] / ".." / "shared" / "corpus"
    main(Path(sys.argv[1] if len(sys.argv) > 1 else default))
