"""The knowledge base: facts the provider schema lacks, kept as data with their sources.

Each file under ``iac_review/data/knowledge/`` is a YAML mapping:

    about: what the file holds, in one line
    defaults: {source: ..., version: ..., date: ...}   # merged under every entry
    entries: [ {...}, ... ]

Every entry, after the defaults are merged in, names where its fact comes from
(``source``: a documentation page or a provider source file, as a URL), the
version of the thing the fact is about (``version``: "terraform 1.11",
"hashicorp/aws 6.25.0", "AWS docs") and the date it was read (``date``). A
fact without a source cannot be checked when AWS changes its mind; the test
suite refuses one.
"""
from __future__ import annotations

import datetime
from functools import lru_cache
from importlib import resources

import yaml

PROVENANCE = ("source", "version", "date")


class KnowledgeError(Exception):
    """A knowledge file that is missing or not in the shape above (a bug in the package)."""


def knowledge_files() -> list[str]:
    """The names (without .yaml) of every knowledge file in the package."""
    folder = resources.files("iac_review") / "data" / "knowledge"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


# libyaml's safe loader when PyYAML was built with it: ten times faster on the larger files
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def entries(name: str) -> tuple[dict, ...]:
    """The entries of knowledge file ``name``, each with the file's defaults merged in."""
    path = resources.files("iac_review") / "data" / "knowledge" / f"{name}.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"knowledge file {name}.yaml cannot be read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise KnowledgeError(f"knowledge file {name}.yaml has no `entries` list")
    defaults = data.get("defaults") or {}
    merged = []
    for entry in data["entries"]:
        if not isinstance(entry, dict):
            raise KnowledgeError(f"knowledge file {name}.yaml: an entry is not a mapping: {entry!r}")
        merged.append({**defaults, **entry})
    return tuple(merged)


def as_date(value) -> datetime.date | None:
    """A YAML date (or ISO text) as a date; None for null."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))
