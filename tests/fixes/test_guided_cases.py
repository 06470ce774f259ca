"""Repairs guided by a synth error, as data: tests/fixes/guided/<proposer>.yml.

A case gives the error (type and message), the traceback frame(s) inside the
project (path, line; innermost last), the project's files, and ``after``: every
file the repair changes or creates, with its expected text (``{}``: nothing is
proposed). ``description``, when given, must occur in the repair's description.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from iac_review.api import load_schema
from iac_review.fix import guided
from iac_review.fix.review_loop import apply_proposal
from iac_review.parse.loader import load
from iac_review.synth.outcome import FAILED, Frame, SynthOutcome

CASES = Path(__file__).parent / "guided"


def _cases():
    for path in sorted(CASES.glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, case in enumerate(spec["cases"], 1):
            yield pytest.param(case, id=f"{path.stem}-{number}-{case['name']}")


@pytest.mark.parametrize("case", list(_cases()))
def test_guided_case(case, tmp_path):
    for rel, text in case["files"].items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    project = load(str(tmp_path))
    frames = case.get("frames") or [case["frame"]]
    outcome = SynthOutcome(status=FAILED, error_type=case["error"][0], error_message=case["error"][1],
                           frames=[Frame(path, line) for path, line in frames])
    index, _ = load_schema()
    proposal = guided.propose(outcome, project, index)
    repaired = apply_proposal(project, proposal) if proposal else None
    changed = {} if repaired is None else {
        path: src.text for path, src in repaired.files.items()
        if path not in project.files or project.files[path].text != src.text}
    assert changed == case["after"]
    if case["after"]:
        assert not any(r.safe for r in proposal.repairs)   # a guess from an error is never safe
        assert case.get("description", "") in proposal.description
    for rel, text in case["files"].items():   # the input on disk is never changed
        assert (tmp_path / rel).read_text(encoding="utf-8") == text
