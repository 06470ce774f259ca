"""Synthesis error texts carry no folder of the sandbox, so two runs of one answer say the same."""
from __future__ import annotations

from pathlib import Path

from iac_review.synth.outcome import SynthOutcome, without_work_dirs

ROOT = Path("/tmp/iac-review-synth-ab12cd34")


def _clean(message: str, root: Path = ROOT) -> str:
    outcome = SynthOutcome("failed", error_message=message, stderr_tail=message)
    cleaned = without_work_dirs(outcome, {root / "task", root / "staging"}, root / ".home")
    assert cleaned.stderr_tail == cleaned.error_message
    return cleaned.error_message


def test_project_paths_become_relative_and_home_becomes_a_tilde():
    assert _clean(f"ENOENT: stat '{ROOT}/task/lib/lambda/a.zip'") == "ENOENT: stat 'lib/lambda/a.zip'"
    assert _clean(f"cwd {ROOT}/task") == "cwd ."
    assert _clean(f"passed: '{ROOT}/.home/tmpvkd_pr8z/p.zip'") == "passed: '~/tmpXXXXXXXX/p.zip'"


def test_two_runs_of_one_answer_give_one_message():
    first = _clean(f"'{ROOT}/.home/tmpa1b2c3d4/x.zip'")
    other = Path("/tmp/iac-review-synth-zz99yy88")
    assert _clean(f"'{other}/.home/tmpq9w8e7r6/x.zip'", other) == first


def test_text_without_sandbox_folders_is_left_alone():
    assert _clean("name 'tmpfile_12' is not defined") == "name 'tmpfile_12' is not defined"
    assert _clean("") == ""
