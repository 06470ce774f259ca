"""Properties of the readers on hostile text: the markdown extractor, file names, Python parsing.

Each property holds for every input, so any counterexample hypothesis finds is a bug.
"""
from __future__ import annotations

import dataclasses

import pytest
from fuzz_strategies import markdown, path_like
from hypothesis import example, given
from hypothesis import strategies as st

from iac_review.analysis.modules import parse_module
from iac_review.core.workspace import SourceFile
from iac_review.parse import names
from iac_review.parse.fences import split_lines
from iac_review.parse.markdown import extract
from iac_review.parse.python import parse_python

pytestmark = pytest.mark.fuzz
MD = "answer.md"


def _is_safe(path: str) -> bool:
    parts = path.split("/")
    return (not path.startswith(("/", "~")) and ".." not in parts and "" not in parts
            and not any(ord(c) < 32 or c == "\x7f" for c in path))


# --- markdown -> files ----------------------------------------------------------------------------

@given(markdown)
def test_extracted_paths_are_safe_and_stable_under_sanitise(text):
    for f in extract(text, MD).files:
        assert _is_safe(f.path), f.path
        assert names.sanitise(f.path) == (f.path, None)


@given(markdown)
@example('```python title="lib/x.py"')   # found by the long profile: a named empty block on the last line
def test_origins_point_into_the_markdown(text):
    count = len(split_lines(text))
    for f in extract(text, MD).files:
        assert f.origin_file == MD
        assert 1 <= f.origin_line <= count, (f.path, f.origin_line, count)


@given(markdown)
def test_extract_is_deterministic(text):
    first, second = extract(text, MD), extract(text, MD)
    assert dataclasses.asdict(first) == dataclasses.asdict(second)


@given(markdown)
def test_problems_and_notes_point_at_real_lines(text):
    count = len(split_lines(text))
    result = extract(text, MD)
    for problem in result.problems:
        assert 1 <= problem.line <= count, problem


# --- file names -----------------------------------------------------------------------------------

@given(st.text() | markdown)
def test_name_finders_never_raise(text):
    # Whatever they return must be a string or None: the callers rely on that.
    for finder in (names.from_heading, names.from_bold, names.from_comment, names.from_info,
                   names.comment_text):
        assert finder(text) is None or isinstance(finder(text), str)
    assert all(isinstance(t, str) for t in names.path_tokens(text))
    names.fits(text, "python")


@given(path_like)
def test_sanitise_is_idempotent_and_safe(raw):
    path, reason = names.sanitise(raw)
    assert (path is None) != (reason is None)
    if path is not None:
        assert _is_safe(path), path
        assert names.sanitise(path) == (path, None)


# --- Python source --------------------------------------------------------------------------------

def _check_parse(code: str) -> None:
    parsed = parse_python(code)
    assert (parsed.tree is None) == (parsed.error is not None or parsed.too_deep is not None)
    module = parse_module(SourceFile("lib/x.py", code))
    assert (module.tree is None) == (parsed.tree is None)


@given(st.text() | markdown)
def test_parse_python_never_raises(code):
    _check_parse(code)


NESTERS = (lambda n: "(" * n + ")" * n, lambda n: "(" * n, lambda n: "-" * n + "1",
           lambda n: "+".join(["a"] * n), lambda n: "[" * n + "]" * n, lambda n: "{" * n,
           lambda n: "not " * n + "x", lambda n: "lambda: " * n + "0", lambda n: "x" + ".y" * n,
           lambda n: "f(" * n + ")" * n, lambda n: "a if b else " * n + "c", lambda n: "~" * n + "1",
           lambda n: "x" + "[0]" * n, lambda n: "f'{" * min(n, 200) + "}'" * min(n, 200),
           lambda n: "".join(" " * k + "if x:\n" for k in range(min(n, 300))) + " " * min(n, 300) + "pass")


@given(st.sampled_from(NESTERS), st.integers(0, 30000), st.sampled_from(("x = ", "", "print(", "def f():\n  ")))
def test_parse_python_survives_deep_nesting(nest, depth, prefix):
    _check_parse(prefix + nest(depth) + "\n")
