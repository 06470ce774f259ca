"""The command line: exit codes, formats, many inputs, report safety, bad input."""
from __future__ import annotations

import hashlib
import shutil
import json
import subprocess
import sys
from pathlib import Path

import pytest

from iac_review.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sensor-ingest"

BROKEN = """# Answer

## lib/tap_stack.py

```python
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning
```
"""

CLEAN = """# Answer

## lib/tap_stack.py

```python
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA
```
"""


@pytest.fixture
def answers(tmp_path):
    broken = tmp_path / "broken.md"
    broken.write_text(BROKEN, encoding="utf-8")
    clean = tmp_path / "clean.md"
    clean.write_text(CLEAN, encoding="utf-8")
    return broken, clean


def test_exit_codes(answers, capsys):
    broken, clean = answers
    assert main(["check", str(clean)]) == 0
    assert main(["check", str(broken)]) == 1
    assert main(["check", str(broken), "--fail-on", "critical"]) == 1
    assert main(["check", str(broken), "--severity", "SCH001=Low"]) == 0
    assert main(["check", str(broken), "--disable", "missing-a-suffix-class"]) == 0
    assert main(["check", str(broken), "--fail-on", "bogus"]) == 2
    assert main(["check", str(broken), "--exit-zero"]) == 0
    assert main(["check", "/nonexistent/answer.md", "--exit-zero"]) == 2
    capsys.readouterr()
    assert main(["check", "/nonexistent/answer.md"]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_unknown_rule_and_format_are_usage_errors(answers, capsys):
    broken, _ = answers
    assert main(["check", str(broken), "--disable", "NOPE999"]) == 2
    assert main(["check", str(broken), "--format", "yaml"]) == 2
    err = capsys.readouterr().err
    assert "'NOPE999' is no rule id" in err and "yaml" in err


def test_json_output_maps_to_markdown(answers, tmp_path):
    broken, clean = answers
    out = tmp_path / "out.json"
    assert main(["check", str(broken), str(clean), "--format", "json", "-o", str(out)]) == 1
    data = json.loads(out.read_text())
    assert data["schema_version"] == "1.5"
    assert [i["input"] for i in data["inputs"]] == [str(broken), str(clean)]
    (finding,) = [f for f in data["findings"] if f["rule_id"] == "SCH001"]
    assert finding["rule_id"] == "SCH001"
    assert finding["location"] == {"file": "lib/tap_stack.py", "line": 1, "column": 59,
                                   "end_line": None, "end_column": None}
    assert finding["origin"]["line"] == 6 and finding["origin"]["file"].endswith("broken.md")
    assert any(n["stage"] == "synth" for n in data["not_evaluated"])


def test_sarif_output(answers, tmp_path):
    broken, _ = answers
    out = tmp_path / "out.sarif"
    main(["check", str(broken), "--format", "sarif", "-o", str(out)])
    sarif = json.loads(out.read_text())
    assert sarif["version"] == "2.1.0"
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "SCH001" and result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 6


def test_report_writes_and_refuses_foreign_files(tmp_path, capsys):
    out = tmp_path / "MODEL_FAILURES.md"
    assert main(["report", str(EXAMPLE), "-o", str(out), "--no-synth"]) == 0
    text = out.read_text()
    assert text.startswith("# Model Response Failures Analysis")
    assert "## Critical Failures" in text and "S3BucketVersioningA" in text
    assert main(["report", str(EXAMPLE), "-o", str(out), "--no-synth"]) == 0     # our own file: rewritten
    foreign = tmp_path / "human.md"
    foreign.write_text("# A human analysis\n")
    assert main(["report", str(EXAMPLE), "-o", str(foreign), "--no-synth"]) == 2
    assert foreign.read_text() == "# A human analysis\n"
    assert main(["report", str(EXAMPLE), "-o", str(foreign), "--force", "--no-synth"]) == 0


def test_report_is_deterministic(tmp_path):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    main(["report", str(EXAMPLE), "-o", str(first), "--no-synth"])
    main(["report", str(EXAMPLE), "-o", str(second), "--no-synth"])
    assert first.read_bytes() == second.read_bytes()


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_inputs_are_never_modified(tmp_path):
    task = tmp_path / "task"
    (task / "lib").mkdir(parents=True)
    (task / "lib" / "MODEL_RESPONSE.md").write_bytes(BROKEN.encode() + b"\n\xff\xfe bad bytes\n")
    (task / "metadata.json").write_text("{not json")
    before = _digest(task)
    assert main(["check", str(task), "--format", "json", "-o", str(tmp_path / "r.json")]) == 1
    assert main(["report", str(task), "-o", str(tmp_path / "r.md"), "--no-synth"]) == 0
    assert _digest(task) == before
    rules = {f["rule_id"] for f in json.loads((tmp_path / "r.json").read_text())["findings"]}
    assert {"INP002", "SCH001"} <= rules


def test_module_entry_point_and_schema_command():
    run = subprocess.run([sys.executable, "-m", "iac_review", "schema", "--json"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    info = json.loads(run.stdout)
    assert info["provider_version"] and info["resources"] > 1000
    assert "Traceback" not in run.stderr


def test_rules_command(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "SCH001" in out and "missing-a-suffix-class" in out


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "usage" in capsys.readouterr().out


def test_report_with_synthesis_is_deterministic_and_carries_evidence(tmp_path):
    if shutil.which("node") is None:
        pytest.skip("synthesis needs Node.js")
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    assert main(["report", str(EXAMPLE), "-o", str(first)]) == 0
    assert main(["report", str(EXAMPLE), "-o", str(second)]) == 0
    text = first.read_text()
    assert first.read_bytes() == second.read_bytes()
    assert "### Synthesis" in text and "cannot import name 'S3BucketVersioning'" in text
    assert "site-packages" not in text


def test_score_with_its_arithmetic_in_json_and_report(tmp_path):
    out = tmp_path / "r.json"
    main(["check", str(EXAMPLE), "--format", "json", "-o", str(out)])
    score = json.loads(out.read_text())["inputs"][0]["score"]
    assert 0 <= score["total"] <= 10 and score["base"] == 8
    assert score["fixes_by_class"]["A"] or score["fixes_by_class"]["C"]
    assert any(term["term"] for term in score["terms"])
    report = tmp_path / "r.md"
    main(["report", str(EXAMPLE), "-o", str(report), "--no-synth"])
    text = report.read_text()
    section = text.split("### Training Quality Score", 1)[1]
    assert "8 (base)" in section and "= " in section


def test_report_takes_the_fix_from_the_ideal(tmp_path):
    out = tmp_path / "r.md"
    assert main(["report", str(EXAMPLE), "-o", str(out), "--no-synth"]) == 0
    item = out.read_text().split("no argument `alias`", 1)[1].split("**Root Cause**", 1)[0]
    assert 'KmsAlias(self, "key-alias", name=f"alias/sensor-ingest-{suffix}"' in item


def test_report_writes_the_html_page_beside_it_and_guards_both(tmp_path):
    out = tmp_path / "task" / "MODEL_FAILURES.md"
    assert main(["report", str(EXAMPLE), "-o", str(out), "--no-synth"]) == 0
    page = out.with_suffix(".html")
    assert page.is_file() and "<html" in page.read_text()
    page.write_text("<html>a page of the user's</html>\n")
    assert main(["report", str(EXAMPLE), "-o", str(out), "--no-synth"]) == 2
    assert page.read_text() == "<html>a page of the user's</html>\n"
    assert main(["report", str(EXAMPLE), "-o", str(tmp_path / "x.md"), "--no-synth", "--no-html"]) == 0
    assert not (tmp_path / "x.html").exists()


def test_report_compares_with_a_human_analysis_and_skips_its_own(tmp_path):
    task = tmp_path / "task"
    shutil.copytree(EXAMPLE, task)
    (task / "lib" / "MODEL_FAILURES.md").write_text(
        "# Notes\n\n## Critical Failures\n\n### 1. Versioning class lacks its suffix\n\n"
        "The answer imports `S3BucketVersioning`; the binding is `S3BucketVersioningA`.\n\n"
        "### 2. Nobody could find this one\n\nA vague remark about the prompt's requirement.\n")
    out = tmp_path / "r.md"
    assert main(["report", str(task), "-o", str(out), "--no-synth"]) == 0
    text = out.read_text()
    assert "## Agreement with the human analysis" in text
    assert "| 1. Versioning class lacks its suffix | Critical | Critical |" in text
    assert "human only" in text
    # a MODEL_FAILURES.md that iac-review wrote is not a human analysis
    shutil.copy(out, task / "lib" / "MODEL_FAILURES.md")
    assert main(["report", str(task), "-o", str(out), "--no-synth"]) == 0
    assert "## Agreement with the human analysis" not in out.read_text()
    assert "was written by iac-review, not by a human" in out.read_text()


def test_unusable_ideal_or_human_analysis_is_reported_not_diffed(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00not utf-8 \x80")
    out = tmp_path / "r.md"
    assert main(["report", str(EXAMPLE), "-o", str(out), "--no-synth", "--ideal", str(bad),
                 "--human", str(tmp_path)]) == 0
    text = out.read_text()
    assert "- **diff**: IDEAL_RESPONSE not usable:" in text
    assert "## Other changes in the IDEAL_RESPONSE" not in text
    assert "is not a regular file" in text


def test_check_output_never_replaces_a_file_it_did_not_write(answers, tmp_path, capsys):
    broken, _ = answers
    human = tmp_path / "lib" / "MODEL_FAILURES.md"
    human.parent.mkdir()
    human.write_text("# A human analysis\n", encoding="utf-8")
    for fmt in ("text", "json", "sarif", "markdown", "html"):
        assert main(["check", str(broken), "--format", fmt, "-o", str(human)]) == 2
        assert human.read_text(encoding="utf-8") == "# A human analysis\n"
    assert "was not written by iac-review" in capsys.readouterr().err
    for fmt in ("text", "json", "sarif", "markdown", "html"):   # our own output: replaced each time
        mine = tmp_path / f"mine.{fmt}"
        assert main(["check", str(broken), "--format", fmt, "-o", str(mine)]) == 1
        assert main(["check", str(broken), "--format", fmt, "-o", str(mine)]) == 1
    assert main(["check", str(broken), "-o", str(human), "--force"]) == 1
    assert "SCH001" in human.read_text(encoding="utf-8")


def test_check_never_writes_to_its_own_input_even_with_force(answers, capsys):
    broken, _ = answers
    before = broken.read_bytes()
    assert main(["check", str(broken), "-o", str(broken), "--force"]) == 2
    assert broken.read_bytes() == before
    assert "is an input of this review" in capsys.readouterr().err


def _two_tasks(tmp_path: Path) -> list[Path]:
    tasks = []
    for name, answer in (("task-a", BROKEN), ("task-b", CLEAN)):
        lib = tmp_path / name / "lib"
        lib.mkdir(parents=True)
        (lib / "MODEL_RESPONSE.md").write_text(answer, encoding="utf-8")
        tasks.append(lib / "MODEL_RESPONSE.md")
    return tasks


def test_report_on_several_answers_writes_each_to_its_own_folder(tmp_path, monkeypatch):
    answers = _two_tasks(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["report", *map(str, answers), "--no-synth"]) == 0
    first = (tmp_path / "iac-review-out" / "task-a" / "MODEL_FAILURES.md").read_text(encoding="utf-8")
    second = (tmp_path / "iac-review-out" / "task-b" / "MODEL_FAILURES.md").read_text(encoding="utf-8")
    assert "S3BucketVersioningA" in first and "No failures were found." in second
    assert not (tmp_path / "iac-review-out" / "MODEL_RESPONSE").exists()
    assert main(["report", *map(str, answers), "-o", "x.md", "--no-synth"]) == 2
    assert main(["report", *map(str, answers), "--out-dir", "elsewhere", "--no-synth"]) == 0
    assert (tmp_path / "elsewhere" / "task-b" / "MODEL_FAILURES.html").is_file()


def test_report_folders_of_same_named_answers_do_not_collide(tmp_path, monkeypatch):
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "answer.md").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "one/answer.md", "two/answer.md", "--no-synth", "--no-html"]) == 0
    assert sorted(p.parent.name for p in (tmp_path / "iac-review-out").rglob("MODEL_FAILURES.md")) == [
        "one-answer", "two-answer"]


def test_report_to_an_html_name_writes_only_the_page(tmp_path):
    beside = tmp_path / "x.md"
    beside.write_text("# notes of the user\n", encoding="utf-8")
    assert main(["report", str(EXAMPLE), "-o", str(tmp_path / "x.html"), "--no-synth"]) == 0
    assert "<html" in (tmp_path / "x.html").read_text(encoding="utf-8")
    assert beside.read_text(encoding="utf-8") == "# notes of the user\n"


def test_rules_shows_one_rule_page_a_prefix_or_says_nothing_matches(capsys):
    assert main(["rules", "SCH001"]) == 0
    assert capsys.readouterr().out.startswith("# SCH001: missing-a-suffix-class\n")
    assert main(["rules", "aws01"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed and all(line.startswith("AWS01") for line in listed)
    assert main(["rules", "NOPE"]) == 2
    assert "no rule has the id, name or id prefix 'NOPE'" in capsys.readouterr().err


def test_a_reader_that_stops_reading_is_no_traceback():
    import subprocess
    import sys
    reader = subprocess.run(
        f"'{sys.executable}' -m iac_review rules --json | head -n 1", shell=True, capture_output=True,
        text=True, timeout=120, executable="/bin/bash")
    assert reader.stdout.count("\n") == 1
    assert "Traceback" not in reader.stderr and "BrokenPipe" not in reader.stderr
