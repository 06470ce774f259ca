"""Every fact of the knowledge base says where it comes from, which version and when it was read."""
import datetime

import pytest

from iac_review.knowledge.base import PROVENANCE, entries, knowledge_files


def test_the_package_ships_knowledge_files():
    assert "s3_backend_options" in knowledge_files()


@pytest.mark.parametrize("name", knowledge_files())
def test_every_entry_has_a_source_a_version_and_a_date(name):
    for entry in entries(name):
        for key in PROVENANCE:
            assert entry.get(key), f"{name}.yaml: an entry has no {key}: {entry}"
        assert str(entry["source"]).startswith("https://"), f"{name}.yaml: source is not a URL: {entry}"
        assert isinstance(entry["date"], datetime.date), f"{name}.yaml: date is not a date: {entry}"
