"""Shared fixtures: the corpus path (tests skip without it) and the schema index."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("IAC_REVIEW_CORPUS", REPO.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set IAC_REVIEW_CORPUS)")
    return CORPUS


@pytest.fixture(scope="session")
def schema_index():
    from iac_review.schema.index import load_index
    return load_index()

