"""Hypothesis profiles for the fuzz tests, chosen by ``IAC_REVIEW_FUZZ_PROFILE``.

* ``ci`` (default): few examples, derandomized, no example database. Every run
  tries the same inputs, so a red CI build is reproducible and nothing is written
  into the repository (no ``.hypothesis/`` folder).
* ``long``: thousands of examples with fresh randomness each run, for hunting::

      IAC_REVIEW_FUZZ_PROFILE=long .venv/bin/python -m pytest tests/fuzz -m fuzz \\
          --hypothesis-show-statistics

  Failures are kept in an example database under the system temp folder
  (``HOME`` below), so the next long run replays them first.

Slow tests (a whole review per example) scale their counts from the profile's
``max_examples`` (see ``test_fuzz_review.py``), so one knob drives both.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

PROFILE_ENV = "IAC_REVIEW_FUZZ_PROFILE"
# Hypothesis keeps caches (and the long profile's examples) here, not in the repository.
HOME = Path(os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY") or Path(tempfile.gettempdir()) / "iac-review-hypothesis")
set_hypothesis_home_dir(HOME)
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,          # timings vary on shared CI machines; hangs are guarded explicitly
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_OK,
)
settings.register_profile(
    "long",
    max_examples=2500,
    deadline=None,
    derandomize=False,
    database=DirectoryBasedExampleDatabase(HOME / "examples"),
    print_blob=True,
    suppress_health_check=_SLOW_OK,
)

_profile = os.environ.get(PROFILE_ENV, "ci")
if _profile not in ("ci", "long"):
    raise ValueError(f"{PROFILE_ENV}={_profile!r}: expected 'ci' or 'long'")
settings.load_profile(_profile)
