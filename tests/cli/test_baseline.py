"""--baseline: record today's findings, then report only new ones."""
from __future__ import annotations

import json
from pathlib import Path

from samples import ACCOUNT_STACK as STACK
from iac_review.cli.main import main

NEW_ROLE = """\
        IamRole(self, "other", name="svc2", assume_role_policy="{}",
                permissions_boundary="arn:aws:iam::210987654321:policy/b")
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "tap_stack.py").write_text(STACK)
    (tmp_path / ".iac-review.toml").write_text('select = ["HC001"]\n')
    return tmp_path


def _check(project: Path, *options) -> tuple[int, list[dict]]:
    out = project / "out.json"
    code = main(["check", str(project), "-f", "json", "-o", str(out), "--baseline",
                 str(project / "baseline.json"), *options])
    return code, json.loads(out.read_text())["findings"] if out.exists() else []


def test_the_first_run_records_and_the_next_reports_only_new_findings(tmp_path, capsys):
    project = _project(tmp_path)
    code, _ = _check(project)
    assert code == 0 and "recorded the 1 finding(s)" in capsys.readouterr().err
    recorded = json.loads((project / "baseline.json").read_text())
    assert [f["rule"] for f in recorded["findings"]] == ["HC001"]
    code, found = _check(project)
    assert code == 0 and found == []
    assert "1 finding(s) of the baseline" in capsys.readouterr().err


def test_moved_code_stays_known_and_new_code_is_reported(tmp_path):
    project = _project(tmp_path)
    _check(project)
    stack = project / "lib" / "tap_stack.py"
    stack.write_text("# a comment that moves every line down\n\n" + stack.read_text() + NEW_ROLE)
    code, found = _check(project)
    assert code == 1
    assert [(f["rule_id"], f["location"]["line"]) for f in found] == [("HC001", 13)]


def test_update_baseline_rewrites_it(tmp_path):
    project = _project(tmp_path)
    _check(project)
    stack = project / "lib" / "tap_stack.py"
    stack.write_text(stack.read_text() + NEW_ROLE)
    assert _check(project, "--update-baseline")[0] == 0
    assert len(json.loads((project / "baseline.json").read_text())["findings"]) == 2
    assert _check(project) == (0, [])


def test_a_file_that_is_no_baseline_is_a_usage_error_and_is_kept(tmp_path, capsys):
    project = _project(tmp_path)
    (project / "baseline.json").write_text("not json")
    assert _check(project)[0] == 2
    assert "not a baseline written by iac-review" in capsys.readouterr().err
    assert (project / "baseline.json").read_text() == "not json"
    assert _check(project, "--update-baseline")[0] == 2   # not ours: not replaced without --force
    assert (project / "baseline.json").read_text() == "not json"


def test_the_baseline_may_come_from_the_configuration(tmp_path, capsys):
    project = _project(tmp_path)
    (project / ".iac-review.toml").write_text('select = ["HC001"]\nbaseline = "known.json"\n')
    out = project / "out.json"
    assert main(["check", str(project), "-f", "json", "-o", str(out)]) == 0
    assert (project / "known.json").is_file()
    assert main(["check", str(project)]) == 0
    assert main(["check", str(project), "--isolated", "--select", "HC001"]) == 1
