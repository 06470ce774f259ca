"""`iac-review fix`: a dry run by default, --diff, --write in place, --out a new tree, never the input unasked."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from iac_review.cli.main import main

STACK = """from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.s3_bucket_logging import S3BucketLogging


class Logs(TerraformStack):
    def __init__(self, scope, id):
        super().__init__(scope, id)
        S3BucketLogging(self, "logging", bucket="data", target_bucket="logs", target_prefix="data/")
"""

ANSWER = f"""# Answer

## lib/logs.py

```python
{STACK}```
"""


def tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path):
    (tmp_path / "proj" / "lib").mkdir(parents=True)
    (tmp_path / "proj" / "lib" / "logs.py").write_text(STACK)
    return tmp_path / "proj"


def test_a_dry_run_says_what_would_change_and_writes_nothing(project, capsys):
    before = tree_digest(project)
    assert main(["fix", str(project)]) == 1
    err = capsys.readouterr().err
    assert "SCH001" in err and "Would fix 1 issue in 1 file" in err and "1 more repair with --unsafe-fixes" in err
    assert tree_digest(project) == before


def test_diff_shows_the_change(project, capsys):
    assert main(["fix", str(project), "--diff"]) == 1
    out = capsys.readouterr().out
    assert "-from cdktf_cdktf_provider_aws.s3_bucket_logging import S3BucketLogging\n" in out
    assert "+from cdktf_cdktf_provider_aws.s3_bucket_logging import S3BucketLoggingA\n" in out


def test_write_edits_the_project_and_then_nothing_is_left(project, capsys):
    assert main(["fix", str(project), "--write", "--unsafe-fixes"]) == 0
    text = (project / "lib" / "logs.py").read_text()
    assert "S3BucketLoggingA(self" in text and "def __init__(self, scope, construct_id):" in text
    assert main(["fix", str(project), "--unsafe-fixes"]) == 0
    assert "Nothing to fix" in capsys.readouterr().err


def test_out_writes_a_repaired_tree_and_leaves_the_answer(tmp_path):
    answer = tmp_path / "answer.md"
    answer.write_text(ANSWER)
    out = tmp_path / "repaired"
    assert main(["fix", str(answer), "--out", str(out)]) == 0
    assert answer.read_text() == ANSWER
    assert "S3BucketLoggingA" in (out / "lib" / "logs.py").read_text()


def test_write_on_an_answer_rewrites_its_code_blocks_only(tmp_path, capsys):
    answer = tmp_path / "answer.md"
    answer.write_text(ANSWER.replace("\n", "\r\n"), newline="")
    assert main(["fix", str(answer), "--write"]) == 0
    text = answer.read_bytes().decode()
    assert text == ANSWER.replace("S3BucketLogging", "S3BucketLoggingA").replace("\n", "\r\n")
    assert "rewrote 1 code block(s)" in capsys.readouterr().err
    assert main(["fix", str(answer)]) == 0   # nothing left to repair in the answer


def test_a_block_that_does_not_read_as_its_file_is_not_written(tmp_path):
    from iac_review.core.workspace import SourceFile
    from iac_review.fix.markdown_blocks import rewrite_answer
    markdown = "# A\n\n```python\nx = 1\ny = 2\n```\n"
    before = {"lib/a.py": SourceFile("lib/a.py", "x = 1\ny = 3\n", "a.md", 4),
              "lib/b.py": SourceFile("lib/b.py", "x = 1\n", "a.md", 4)}
    rewrite = rewrite_answer(markdown, "a.md", before, {"lib/a.py": ("x = 1\ny = 3\n", "x = 2\n"),
                                                        "lib/new.py": (None, "z = 1\n")})
    assert rewrite.text == markdown and not rewrite.written
    assert [s.split(":")[0] for s in rewrite.skipped] == ["lib/a.py", "lib/new.py"]
    ok = rewrite_answer(markdown, "a.md", before, {"lib/b.py": ("x = 1\n", "x = 10\n")})
    assert ok.text == "# A\n\n```python\nx = 10\ny = 2\n```\n" and ok.written == ["lib/b.py"]


def test_write_on_a_task_and_out_into_a_full_folder_are_refused(tmp_path, capsys):
    answer = tmp_path / "answer.md"
    answer.write_text(ANSWER)
    task = tmp_path / "task"
    (task / "lib").mkdir(parents=True)
    (task / "metadata.json").write_text("{}")
    (task / "lib" / "MODEL_RESPONSE.md").write_text(ANSWER)
    assert main(["fix", str(task), "--write"]) == 2
    assert "--out DIR" in capsys.readouterr().err
    assert (task / "lib" / "MODEL_RESPONSE.md").read_text() == ANSWER
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    assert main(["fix", str(answer), "--out", str(full)]) == 2
    assert (full / "keep.txt").read_text() == "mine" and answer.read_text() == ANSWER


def test_a_missing_input_is_a_usage_error(tmp_path):
    assert main(["fix", str(tmp_path / "nowhere")]) == 2
