"""The configuration file, rule selection, per-file ignores and inline suppressions, from the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from samples import account_stack_with
from iac_review.cli.main import main



def _project(root: Path, comment: str = "", config: str | None = None,
             config_name: str = "pyproject.toml") -> Path:
    (root / "lib").mkdir(parents=True, exist_ok=True)
    (root / "lib" / "tap_stack.py").write_text(account_stack_with(comment), encoding="utf-8")
    if config is not None:
        (root / config_name).write_text(config, encoding="utf-8")
    return root


def _rules(path, *options) -> tuple[int, set[str], dict]:
    """Exit code, rule ids reported, and the JSON document of one check."""
    out = Path(path).parent / "out.json"
    code = main(["check", str(path), "-f", "json", "-o", str(out), *options])
    data = json.loads(out.read_text()) if out.exists() else {}
    return code, {f["rule_id"] for f in data.get("findings", [])}, data


def test_the_configuration_is_found_upward_from_the_input(tmp_path):
    _project(tmp_path / "repo" / "app", config=None)
    (tmp_path / "repo" / "pyproject.toml").write_text(
        '[tool.iac-review]\nignore = ["HC", "TST"]\n', encoding="utf-8")
    code, rules, _ = _rules(tmp_path / "repo" / "app")
    assert "HC001" not in rules and not any(r.startswith("TST") for r in rules)
    assert "BKD001" in rules
    _, rules, _ = _rules(tmp_path / "repo" / "app", "--isolated")
    assert "HC001" in rules


def test_a_pyproject_without_our_table_is_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.iac-review]\nselect = ["HC001"]\n')
    _project(tmp_path / "app", config='[project]\nname = "x"\n')
    _, rules, _ = _rules(tmp_path / "app")
    assert rules == {"HC001"}


def test_the_dotfile_wins_over_pyproject_in_the_same_folder(tmp_path):
    _project(tmp_path, config='[tool.iac-review]\nselect = ["BKD"]\n')
    (tmp_path / ".iac-review.toml").write_text('select = ["HC001"]\n')
    _, rules, _ = _rules(tmp_path)
    assert rules == {"HC001"}


def test_select_by_prefix_and_the_most_specific_selector_wins(tmp_path):
    _project(tmp_path, config='[tool.iac-review]\nselect = ["HC", "BKD"]\nignore = ["HC"]\n')
    _, rules, _ = _rules(tmp_path)
    assert rules == {"BKD001"}
    (tmp_path / "pyproject.toml").write_text('[tool.iac-review]\nignore = ["HC"]\nselect = ["HC001"]\n')
    _, rules, _ = _rules(tmp_path)
    assert rules == {"HC001"}


def test_the_command_line_overrides_the_file(tmp_path):
    _project(tmp_path, config='[tool.iac-review]\nselect = ["BKD"]\nfail-on = "Low"\n'
                              '[tool.iac-review.severity]\nHC001 = "Low"\n')
    _, rules, _ = _rules(tmp_path)
    assert rules == {"BKD001"}
    code, rules, data = _rules(tmp_path, "--select", "HC001,BKD")
    assert rules == {"HC001", "BKD001"}
    assert {f["rule_id"]: f["severity"] for f in data["findings"]}["HC001"] == "Low"
    code, rules, data = _rules(tmp_path, "--select", "HC001", "--severity", "HC=Medium")
    assert [f["severity"] for f in data["findings"]] == ["Medium"]
    assert code == 1   # fail-on Low from the file
    code, _, _ = _rules(tmp_path, "--select", "HC001", "--fail-on", "High")
    assert code == 0
    _, rules, _ = _rules(tmp_path, "--ignore", "BKD001")
    assert rules == set()   # --ignore adds to the file's select/ignore


def test_per_file_ignores_match_globs(tmp_path):
    _project(tmp_path, config='[tool.iac-review]\nselect = ["HC001", "BKD001"]\n'
                              '[tool.iac-review.per-file-ignores]\n"lib/**" = ["HC"]\n')
    _, rules, data = _rules(tmp_path)
    assert rules == {"BKD001"}
    assert [s["finding"]["rule_id"] for s in data["suppressed"]] == ["HC001"]
    assert data["suppressed"][0]["by"] == "per-file-ignores 'lib/**'"


def test_the_configuration_turns_the_harness_contract_off(tmp_path):
    _project(tmp_path, config="[tool.iac-review]\nharness = false\n")
    _, rules, _ = _rules(tmp_path)
    assert "CTR002" not in rules
    _, rules, _ = _rules(tmp_path, "--isolated")
    assert "CTR002" in rules


@pytest.mark.parametrize("config,words", [
    ('[tool.iac-review]\nselekt = ["HC"]\n', "unknown key 'selekt'"),
    ('[tool.iac-review]\nselect = "HC"\n', "select: expected a list"),
    ('[tool.iac-review]\nselect = ["NOPE9"]\n', "'NOPE9' is no rule id"),
    ('[tool.iac-review]\nfail-on = "Severe"\n', "fail-on: unknown severity"),
    ('[tool.iac-review]\nharness = "no"\n', "harness: expected true or false"),
    ('[tool.iac-review.severity]\nHC001 = 3\n', "expected a severity name"),
    ('[tool.iac-review]\nselect = [\n', "not valid TOML"),
    ('[tool.iac-review]\nselect = ["\udcff"]\n', "not valid TOML"),
])
def test_a_bad_configuration_is_a_usage_error_that_names_the_key(tmp_path, capsys, config, words):
    _project(tmp_path)
    (tmp_path / "pyproject.toml").write_bytes(config.encode("utf-8", "surrogateescape"))   # \udcff: a bad byte
    code, _, _ = _rules(tmp_path)
    err = capsys.readouterr().err
    assert code == 2
    assert words in err and str(tmp_path / "pyproject.toml") in err
    assert "Traceback" not in err


def test_an_explicit_config_file_applies_to_every_input(tmp_path, capsys):
    _project(tmp_path / "a")
    _project(tmp_path / "b")
    config = tmp_path / "team.toml"
    config.write_text('select = ["HC001"]\n')
    out = tmp_path / "out.json"
    assert main(["check", str(tmp_path / "a"), str(tmp_path / "b"), "--config", str(config),
                 "-f", "json", "-o", str(out), "--exit-zero"]) == 0
    assert {f["rule_id"] for f in json.loads(out.read_text())["findings"]} == {"HC001"}
    assert main(["check", str(tmp_path / "a"), "--config", str(tmp_path / "none.toml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_inputs_under_different_configurations_keep_their_own(tmp_path):
    _project(tmp_path / "a", config='[tool.iac-review]\nselect = ["HC001"]\n')
    _project(tmp_path / "b", config='[tool.iac-review]\nselect = ["BKD001"]\nfail-on = "Critical"\n')
    out = tmp_path / "out.json"
    code = main(["check", str(tmp_path / "b"), str(tmp_path / "a"), "-f", "json", "-o", str(out)])
    data = json.loads(out.read_text())
    by_input = {(Path(f["input"]).name, f["rule_id"]) for f in data["findings"]}
    assert by_input == {("a", "HC001"), ("b", "BKD001")}
    assert [Path(i["input"]).name for i in data["inputs"]] == ["b", "a"]   # the order given
    assert code == 1   # a's HC001 is High, at a's default fail-on High


def test_an_inline_suppression_with_a_reason_hides_the_finding(tmp_path):
    _project(tmp_path, comment="  # iac-review: ignore[HC001] boundary of the landing zone",
             config='[tool.iac-review]\nselect = ["HC", "SUP"]\n')
    code, rules, data = _rules(tmp_path)
    assert rules == set() and code == 0
    (item,) = data["suppressed"]
    assert item["finding"]["rule_id"] == "HC001"
    assert "lib/tap_stack.py:9 # iac-review: ignore[HC001]" in item["by"]


def test_a_suppression_without_a_reason_applies_and_is_reported(tmp_path):
    _project(tmp_path, comment="  # iac-review: ignore[HC001]",
             config='[tool.iac-review]\nselect = ["HC", "SUP"]\n')
    _, rules, _ = _rules(tmp_path)
    assert rules == {"SUP001"}


def test_a_file_wide_suppression_covers_every_line(tmp_path):
    _project(tmp_path, config='[tool.iac-review]\nselect = ["HC", "SUP"]\n')
    stack = tmp_path / "lib" / "tap_stack.py"
    stack.write_text("# iac-review: ignore-file[HC001] imported role of the audit account\n"
                     + stack.read_text())
    _, rules, _ = _rules(tmp_path)
    assert rules == set()


def test_a_model_answer_cannot_suppress_its_own_findings(tmp_path, capsys):
    answer = tmp_path / "answer.md"
    answer.write_text("## lib/tap_stack.py\n\n```python\n"
                      + account_stack_with("  # iac-review: ignore[HC001] trust me") + "```\n")
    code, rules, data = _rules(answer, "--select", "HC001")
    assert rules == {"HC001"} and data["suppressed"] == []
    assert any("not honored" in n["reason"] for n in data["not_evaluated"])


def test_extend_select_adds_to_select_and_beats_a_broader_ignore(tmp_path):
    _project(tmp_path, config='[tool.iac-review]\nselect = ["BKD"]\nextend-select = ["HC001"]\n')
    _, rules, _ = _rules(tmp_path)
    assert rules == {"BKD001", "HC001"}
    (tmp_path / "pyproject.toml").write_text('[tool.iac-review]\nignore = ["HC", "TST", "CTR", "AWS"]\n')
    _, rules, _ = _rules(tmp_path, "--extend-select", "HC001")
    assert "HC001" in rules and "BKD001" in rules and not any(r.startswith("TST") for r in rules)
