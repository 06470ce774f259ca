"""The whole static review on generated answers: it never crashes, never hangs, is deterministic.

An exception inside a rule or stage does not escape ``review()``: it becomes an
internal error. So the property is "no exception AND no internal error"; both
are bugs. Every output format must render the result.
"""
from __future__ import annotations

import json
import re
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from fuzz_strategies import (FENCES, ODD, PATHS, RUNS, cdktf_answer, failures_markdown, markdown, metadata,
                             stack_module)
from hypothesis import given, settings
from hypothesis import strategies as st

from iac_review.api import review
from iac_review.reporters import get_reporter

pytestmark = pytest.mark.fuzz
FORMATS = ("text", "json", "sarif", "markdown", "html")
GUARD_SECONDS = 20.0   # far above any real review (~20-500 ms): only a hang trips it
# A corpus review costs up to a second (diff, agreement); fewer examples keep CI quick.
CORPUS_EXAMPLES = settings(max_examples=max(10, settings().max_examples // 2))


class ReviewHang(Exception):
    """A review took longer than GUARD_SECONDS."""


@contextmanager
def time_bound(seconds: float = GUARD_SECONDS):
    """Raise ReviewHang in the main thread once ``seconds`` have passed.

    ``review()`` works in a thread pool and then joins it, so the timer fires
    again every second: the first signal ends the wait for the result, a later
    one ends the join of the still-running worker. Code stuck inside C (a
    regex) only sees the signal when it returns; test_regex_complexity covers that.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ReviewHang(f"one review took over {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def checked_review(path: Path):
    """Review one input under the hang guard; fail on any internal error."""
    with time_bound():
        result = review([str(path)])
    assert not result.internal_errors, [f"{e.text} at {e.where}" for e in result.internal_errors]
    return result


def rendered(result) -> dict[str, str]:
    outputs = {name: get_reporter(name).render(result) for name in FORMATS}
    assert all(isinstance(text, str) for text in outputs.values())
    return outputs


def without_seconds(value):
    """The JSON report with every ``seconds`` field removed: timings are the only allowed difference."""
    if isinstance(value, dict):
        return {k: without_seconds(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [without_seconds(v) for v in value]
    return value


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, schema_index):
    # schema_index: load the provider schema once, before the first timed review.
    return tmp_path_factory.mktemp("fuzz-review")


@contextmanager
def scratch(workdir: Path):
    """A fresh folder per example, removed afterwards (long runs write thousands)."""
    with tempfile.TemporaryDirectory(dir=workdir) as folder:
        yield Path(folder)


def _review_twice_and_render(path: Path) -> None:
    first = checked_review(path)
    outputs = rendered(first)
    second = checked_review(path)
    assert without_seconds(json.loads(outputs["json"])) == \
        without_seconds(json.loads(get_reporter("json").render(second)))


# Random bytes now and then: the reader must cope with invalid UTF-8, a BOM and NUL too.
answer_bytes = st.one_of(
    markdown.map(str.encode),
    cdktf_answer().map(str.encode),
    st.tuples(cdktf_answer(), st.binary(min_size=1, max_size=8), st.integers(0, 10 ** 6)).map(
        lambda t: t[0].encode()[:t[2]] + t[1] + t[0].encode()[t[2]:]),
    st.binary(max_size=200),
)


@given(data=answer_bytes)
def test_review_of_random_markdown(workdir, data):
    with scratch(workdir) as folder:
        (folder / "answer.md").write_bytes(data)
        _review_twice_and_render(folder / "answer.md")


@given(data=answer_bytes)
def test_finding_origins_point_into_the_answer(workdir, data):
    # Reports quote the markdown at a finding's origin: the line must exist.
    lines = len(re.split(rb"\r\n|\r|\n", data))
    with scratch(workdir) as folder:
        path = folder / "answer.md"
        path.write_bytes(data)
        findings = checked_review(path).findings
    for finding in findings:
        if finding.origin is not None and finding.origin.file == str(path):
            assert 1 <= finding.origin.line <= lines, (finding.rule_id, finding.origin.line, lines)


@given(answer=cdktf_answer())
def test_review_of_cdktf_like_answers(workdir, answer):
    with scratch(workdir) as folder:
        (folder / "answer.md").write_text(answer, encoding="utf-8")
        _review_twice_and_render(folder / "answer.md")


@given(code=stack_module())
def test_review_of_a_python_file(workdir, code):
    # A .py input skips the markdown reader: the rules see the generated code directly.
    with scratch(workdir) as folder:
        (folder / "tap_stack.py").write_text(code, encoding="utf-8")
        _review_twice_and_render(folder / "tap_stack.py")


@given(model=cdktf_answer(), ideal=cdktf_answer() | markdown, failures=failures_markdown, prompt=markdown,
       meta=metadata)
def test_review_of_generated_task_folders(workdir, model, ideal, failures, prompt, meta):
    # A task folder also runs the ideal diff, the score and the agreement with a human analysis.
    with scratch(workdir) as task:
        (task / "lib").mkdir()
        for rel, text in (("lib/MODEL_RESPONSE.md", model), ("lib/IDEAL_RESPONSE.md", ideal),
                          ("lib/MODEL_FAILURES.md", failures), ("lib/PROMPT.md", prompt), ("metadata.json", meta)):
            (task / rel).write_text(text, encoding="utf-8")
        _review_twice_and_render(task)


# --- mutations of real answers --------------------------------------------------------------------

JUNK = [s.encode() for s in FENCES + PATHS + RUNS + ODD]
# Not UTF-8 (a stray byte, a cut sequence, an encoded surrogate), NUL, and a BOM out of place.
BAD_BYTES = (b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80", b"\x00", b"\xef\xbb\xbf")
MUTATIONS = ("delete", "duplicate", "truncate", "junk", "fence", "byte")


def mutate(data: bytes, steps: list[tuple[str, int, bytes]]) -> bytes:
    """Apply line and byte edits; positions wrap around the current size."""
    for op, at, junk in steps:
        lines = data.split(b"\n")
        k = at % len(lines)
        if op == "delete":
            del lines[k]
        elif op == "duplicate":
            lines.insert(k, lines[k])
        elif op == "truncate":
            data = data[:at % (len(data) + 1)]
            continue
        elif op == "junk":
            lines.insert(k, junk)
        elif op == "fence":   # open, close or retag a block: the reader's hardest case
            fences = [i for i, line in enumerate(lines) if line.lstrip().startswith((b"```", b"~~~"))]
            i = fences[at % len(fences)] if fences else k
            lines[i] = junk if junk.lstrip().startswith((b"```", b"~~~")) else b"```"
        else:   # bytes that are not UTF-8 (or NUL) anywhere, even inside a character
            pos = at % (len(data) + 1)
            data = data[:pos] + BAD_BYTES[at % len(BAD_BYTES)] + data[pos:]
            continue
        data = b"\n".join(lines)
    return data


mutation_steps = st.lists(st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 10 ** 7), st.sampled_from(JUNK)),
                          min_size=1, max_size=6)
TASK_FILES = ("lib/IDEAL_RESPONSE.md", "lib/PROMPT.md", "lib/MODEL_FAILURES.md", "metadata.json")


@pytest.fixture(scope="module")
def corpus_tasks(corpus) -> list[Path]:
    tasks = sorted(p for p in corpus.iterdir() if (p / "lib" / "MODEL_RESPONSE.md").is_file())
    if not tasks:
        pytest.skip(f"no task with lib/MODEL_RESPONSE.md in {corpus}")
    return tasks


@pytest.mark.corpus
@CORPUS_EXAMPLES
@given(data=st.data(), steps=mutation_steps)
def test_review_of_mutated_corpus_answers(workdir, corpus_tasks, data, steps):
    # The mutated copy lives in a temp task folder (never in the repository) next to
    # copies of the task's other files, so the diff and agreement stages run too.
    task = data.draw(st.sampled_from(corpus_tasks), label="task")
    with scratch(workdir) as copy:
        (copy / "lib").mkdir()
        for rel in TASK_FILES:
            if (task / rel).is_file():
                shutil.copyfile(task / rel, copy / rel)
        original = (task / "lib" / "MODEL_RESPONSE.md").read_bytes()
        (copy / "lib" / "MODEL_RESPONSE.md").write_bytes(mutate(original, steps))
        rendered(checked_review(copy))
