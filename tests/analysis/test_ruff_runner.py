"""ruff runs once per review; a missing or failing ruff gives None, never an error."""
from __future__ import annotations

import pytest

from iac_review.analysis import lint
from iac_review.core.workspace import Project, SourceFile
from iac_review.stages.context import ReviewContext

SOURCE = "import os\n\n\ndef f():\n    return undefined_thing\n"


@pytest.fixture()
def ruff():
    found = lint.ruff_executable()
    if found is None:
        pytest.skip("ruff not installed")
    return found


def test_messages_map_back_to_project_paths(ruff):
    messages = lint.run_ruff({"lib/deep/mod.py": SOURCE, "tap.py": "x = 1\n"}, ruff)
    assert {(m.path, m.code, m.line) for m in messages} == {
        ("lib/deep/mod.py", "F401", 1), ("lib/deep/mod.py", "F821", 5)}


def test_noqa_is_ignored_like_pylint_does(ruff):
    messages = lint.run_ruff({"a.py": "import os  # noqa\n"}, ruff)
    assert [m.code for m in messages] == ["F401"]


def test_missing_ruff_gives_none():
    assert lint.run_ruff({"a.py": SOURCE}, "/nonexistent/ruff") is None


def test_failing_ruff_gives_none(tmp_path):
    fake = tmp_path / "ruff"
    fake.write_text("#!/bin/sh\necho boom >&2\nexit 2\n")
    fake.chmod(0o755)
    assert lint.run_ruff({"a.py": SOURCE}, str(fake)) is None


def test_garbage_output_gives_none(tmp_path):
    fake = tmp_path / "ruff"
    fake.write_text("#!/bin/sh\necho not-json\n")
    fake.chmod(0o755)
    assert lint.run_ruff({"a.py": SOURCE}, str(fake)) is None


def test_no_files_no_run():
    assert lint.run_ruff({}, "/nonexistent/ruff") == []


def test_one_run_per_review(monkeypatch):
    calls = []

    def fake_run(files, ruff=None):
        calls.append(dict(files))
        return []

    monkeypatch.setattr(lint, "run_ruff", fake_run)
    project = Project(input="x", kind="project", files={
        "a.py": SourceFile("a.py", "x = 1\n"), "bad.py": SourceFile("bad.py", "def (\n")})
    ctx = ReviewContext(project, None)
    assert lint.project_lint(ctx) == [] and lint.project_lint(ctx) == []
    assert calls == [{"a.py": "x = 1\n"}]   # syntax-error files are PY001's
