"""Every corpus answer parses; answers with code yield Python files and their stack.

The corpus is third-party data and is only read from its path (``IAC_REVIEW_CORPUS``
or ``../shared/corpus`` next to the repository); these tests skip without it.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from iac_review.parse.loader import load
from iac_review.parse.markdown import extract

CORPUS = Path(os.environ.get("IAC_REVIEW_CORPUS") or Path(__file__).parents[2] / ".." / "shared" / "corpus")
ANSWERS = sorted(CORPUS.glob("*/lib/*_RESPONSE.md")) if CORPUS.is_dir() else []
STACK_CLASS = re.compile(r"^\s*class\s+\w+\s*\([^)]*\bTerraformStack\b", re.M)
PY_FENCE = re.compile(r"^\s*```(?:python|py)\b", re.M)

# Checked by hand against the answers: (task, answer) -> the file that defines the stack.
VERIFIED_STACK_FILES = {
    ("Pr2364", "MODEL"): "lib/tap_stack.py",          # one unnamed block: guessed
    ("Pr3467", "MODEL"): "lib/tap_stack.py",          # first-line comments
    ("Pr3529", "MODEL"): "lib/tap_stack.py",          # bare names placed by imports and siblings
    ("Pr4773", "MODEL"): "lib/tap_stack.py",          # "## File:" headings
    ("Pr6404", "MODEL"): "main.py",                   # numbered headings + comment names
    ("Pr6647", "MODEL"): "stacks/payment_stack.py",
    ("Pr7103", "MODEL"): "stacks/observability_stack.py",
    ("Pr7258", "MODEL"): "lib/stacks/vpc_stack.py",   # "### Title - path" headings
    ("Pr7354", "MODEL"): "tap.py",                    # unnamed block with stack and App().synth()
    ("Pr8669", "MODEL"): "lib/tapstack.py",           # "## path (note)" heading
    ("Pr2364", "IDEAL"): "lib/tap_stack.py",          # paths pasted between files in one block
    ("Pr6654", "IDEAL"): "tap.py",                    # Python with no markdown at all
}

pytestmark = pytest.mark.skipif(not ANSWERS, reason=f"corpus not found at {CORPUS}")


def _id(path: Path) -> str:
    return f"{path.parts[-3]}-{path.name.split('_')[0]}"


@pytest.mark.parametrize("md", ANSWERS, ids=[_id(p) for p in ANSWERS])
def test_answer_parses(md: Path):
    text = md.read_text(encoding="utf-8")
    result = extract(text, str(md))
    py = [f for f in result.files if f.path.endswith(".py")]
    if PY_FENCE.search(text):
        assert py, "an answer with python blocks must yield python files"
    else:
        assert py or any(p.rule_id == "INP003" for p in result.problems)
    if STACK_CLASS.search(text):
        assert any(STACK_CLASS.search(f.text) for f in py), "the stack class was lost"
    for f in result.files:
        assert not f.path.startswith("/") and ".." not in f.path.split("/")
        lines = text.splitlines()
        first = next((n for n, code in enumerate(f.text.split("\n"), 1) if code.strip()), None)
        if first is not None:   # the first non-blank file line maps onto the same markdown text
            assert lines[f.origin_for(first).line - 1].strip() == f.text.split("\n")[first - 1].strip()


@pytest.mark.parametrize("key, path", sorted(VERIFIED_STACK_FILES.items()), ids=lambda v: str(v))
def test_verified_stack_files(key, path):
    task, kind = key
    md = CORPUS / task / "lib" / f"{kind}_RESPONSE.md"
    if not md.exists():
        pytest.skip(f"{md} not in this corpus")
    files = {f.path: f for f in extract(md.read_text(encoding="utf-8"), str(md)).files}
    assert path in files and STACK_CLASS.search(files[path].text)


def test_task_folders_load_with_metadata():
    tasks = sorted({p.parents[1] for p in ANSWERS})
    for task in tasks:
        project = load(str(task))
        assert project.kind == "task" and project.source == "model"
        assert isinstance(project.metadata, dict)
        assert not [p for p in project.problems if p.rule_id == "INP001"]
