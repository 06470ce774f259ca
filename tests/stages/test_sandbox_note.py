"""A review whose app ran in the weaker sandbox says so; one that ran in bubblewrap does not."""
from __future__ import annotations

from iac_review.stages.runner import _weaker_sandbox
from iac_review.synth.outcome import FAILED, NOT_RUN, OK, SynthOutcome


def test_the_weaker_sandbox_is_said_on_every_run():
    for status in (OK, FAILED):
        note = _weaker_sandbox(SynthOutcome(status, enforced={"env_scrubbed": True, "filesystem_view": False}))
        assert note and "without bubblewrap" in note and "unprivileged user" in note


def test_nothing_is_said_for_bubblewrap_or_when_nothing_ran():
    assert _weaker_sandbox(SynthOutcome(OK, enforced={"filesystem_view": True})) is None
    assert _weaker_sandbox(SynthOutcome(NOT_RUN, reason="no entry point")) is None
