"""Every corpus task, reviewed from each source the way the CLI batch does it: one
``review()`` call per source over all tasks. No input may hit an internal error, and
the only usage errors allowed are a task lacking what its source needs.

Reads the corpus in place (IAC_REVIEW_CORPUS or ../shared/corpus); skipped without it.
"""
from __future__ import annotations

import pytest

from iac_review.api import ReviewConfig, review

pytestmark = pytest.mark.corpus
# Usage errors that describe the task, not a bug: a source the task does not have.
LEGITIMATE_ERRORS = ("the task has no lib/IDEAL_RESPONSE.md", "the task has no lib/MODEL_RESPONSE.md",
                     "the task folder has no code")


@pytest.mark.parametrize("source", ["model", "ideal", "code"])
def test_every_task_reviews_cleanly(corpus, source):
    tasks = sorted(str(p) for p in corpus.iterdir() if p.is_dir())
    assert tasks, f"no task folders in {corpus}"
    result = review(tasks, ReviewConfig(source=source))
    assert len(result.inputs) == len(tasks)
    crashed = [f"{e.text} at {e.where}" for e in result.internal_errors]
    refused = [f"{r.input}: {r.error}" for r in result.inputs
               if r.error and not any(ok in r.error for ok in LEGITIMATE_ERRORS)]
    assert not crashed, f"{len(crashed)} internal error(s) with --source {source}:\n" + "\n".join(crashed)
    assert not refused, f"{len(refused)} unexpected usage error(s) with --source {source}:\n" + "\n".join(refused)
