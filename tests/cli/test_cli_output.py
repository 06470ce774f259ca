"""check's output options: --statistics, --quiet, --color, --output-dir, formats, --explain."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from iac_review.cli.main import main

ANSWER = """# Answer

## lib/tap_stack.py

```python
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfiguration,
)
```
"""


@pytest.fixture
def answer(tmp_path):
    path = tmp_path / "answer.md"
    path.write_text(ANSWER, encoding="utf-8")
    return path


def test_statistics_count_findings_per_rule(answer, capsys):
    assert main(["check", str(answer), "--statistics", "--select", "SCH"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["2", "SCH001", "[*]"]
    assert main(["check", str(answer), "--statistics", "--select", "SCH", "-f", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["tool"]["name"] == "iac-review"
    assert data["rules"][0] == {"code": "SCH001", "name": "missing-a-suffix-class", "count": 2,
                                "severity": "Critical", "fixable": True}


def test_quiet_prints_the_findings_only(answer, capsys):
    main(["check", str(answer), "--quiet", "--select", "SCH"])
    out = capsys.readouterr().out
    assert "SCH001" in out and "not evaluated" not in out and "findings (" not in out
    main(["check", str(answer), "--quiet", "--select", "HC"])
    assert capsys.readouterr().out.strip() == ""


def test_color_is_asked_for_or_refused(answer, capsys, monkeypatch):
    main(["check", str(answer), "--color", "always", "--select", "SCH"])
    assert "\x1b[" in capsys.readouterr().out
    main(["check", str(answer), "--color", "never", "--select", "SCH"])
    assert "\x1b[" not in capsys.readouterr().out
    main(["check", str(answer), "--no-color", "--select", "SCH"])
    assert "\x1b[" not in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["check", str(answer), "--color", "sometimes"])
    assert exit_.value.code == 2


def test_output_dir_writes_a_file_per_input(answer, tmp_path, capsys):
    other = tmp_path / "sub" / "answer.md"
    other.parent.mkdir()
    other.write_text(ANSWER, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["check", str(answer), str(other), "--output-dir", str(out), "-f", "junit"]) == 1
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2 and all(n.endswith(".xml") for n in names) and names[0] != names[1]
    for path in out.iterdir():
        assert ET.parse(path).getroot().get("failures") not in (None, "0")
    # a second run replaces its own files
    assert main(["check", str(answer), str(other), "--output-dir", str(out), "-f", "junit"]) == 1


@pytest.mark.parametrize("options,words", [
    (["--explain"], "needs --synth"),
    (["-o", "x.txt", "--output-dir", "d"], "not both"),
    (["--statistics", "-f", "sarif"], "--statistics prints text or JSON"),
])
def test_options_that_cannot_mean_anything_are_usage_errors(answer, capsys, options, words):
    assert main(["check", str(answer), *options]) == 2
    assert words in capsys.readouterr().err


def test_github_annotations_point_at_the_markdown_answer(answer, capsys):
    main(["check", str(answer), "-f", "github", "--select", "SCH001"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"::error file={answer},line=") for line in lines)
