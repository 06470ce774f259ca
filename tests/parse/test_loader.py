"""The loader: input kinds, sources, bad input, symlinks, and never writing to the input."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from iac_review.parse import loader, reading
from iac_review.parse.loader import InputError, load

STACK = "## lib/tap_stack.py\n\n```python\nfrom cdktf import TerraformStack\n\n\nclass TapStack(TerraformStack):\n" \
        "    pass\n```\n"
IDEAL = "## lib/tap_stack.py\n\n```python\nfrom cdktf import TerraformStack\n```\n\n## tap.py\n```python\nX = 1\n```\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def task(tmp_path: Path) -> Path:
    root = tmp_path / "Task1"
    write(root / "lib" / "MODEL_RESPONSE.md", STACK)
    write(root / "lib" / "IDEAL_RESPONSE.md", IDEAL)
    write(root / "lib" / "PROMPT.md", "Build a stack.\n")
    write(root / "metadata.json", json.dumps({"platform": "cdktf", "language": "py"}))
    return root


def snapshot(root: Path) -> dict:
    """Every entry under root with its type, size, mtime and content hash."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = os.lstat(p)
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink() else ""
            state[str(p.relative_to(root))] = (st.st_mode, st.st_size, st.st_mtime_ns, digest)
    return state


# --- kinds ---------------------------------------------------------------------------------

def test_markdown_file(tmp_path):
    md = write(tmp_path / "answer.md", STACK)
    project = load(str(md), source="ideal")   # source is ignored for markdown
    assert (project.kind, project.source, project.input) == ("markdown", "model", str(md))
    src = project.files["lib/tap_stack.py"]
    assert src.origin_file == str(md) and src.origin_line == 4 and src.attribution == "heading"
    assert project.origin("lib/tap_stack.py", 1).line == 4


def test_task_with_model_and_ideal_sources(task):
    model = load(str(task))
    assert (model.kind, model.source, model.task_dir) == ("task", "model", str(task))
    assert list(model.files) == ["lib/tap_stack.py"]
    assert model.metadata == {"platform": "cdktf", "language": "py"}
    assert model.ideal_markdown == os.path.join(str(task), "lib/IDEAL_RESPONSE.md")
    assert model.prompt_markdown == os.path.join(str(task), "lib/PROMPT.md")
    assert model.files["lib/tap_stack.py"].origin_file == os.path.join(str(task), "lib/MODEL_RESPONSE.md")
    ideal = load(str(task), source="ideal")
    assert ideal.source == "ideal" and set(ideal.files) == {"lib/tap_stack.py", "tap.py"}


def test_task_code_source_reads_the_tree_but_not_answers_or_metadata(task):
    write(task / "tap.py", "from lib.tap_stack import TapStack\n")
    write(task / "lib" / "tap_stack.py", "X = 1\n")
    write(task / "lib" / "lambda" / "index.js", "exports.handler = 1;\n")
    write(task / "tests" / "unit" / "test_stack.py", "def test_x():\n    pass\n")
    write(task / "cdktf.json", '{"app": "python3 tap.py", "language": "python"}')
    project = load(str(task), source="code")
    assert set(project.files) == {"tap.py", "lib/tap_stack.py", "lib/lambda/index.js",
                                  "tests/unit/test_stack.py", "cdktf.json"}
    assert all(f.attribution == "disk" and f.origin_file is None for f in project.files.values())
    assert project.metadata["platform"] == "cdktf"


def test_task_detected_by_metadata_alone(tmp_path):
    root = tmp_path / "t"
    write(root / "metadata.json", "{}")
    write(root / "tap.py", "X = 1\n")
    assert load(str(root), source="code").kind == "task"
    with pytest.raises(InputError, match="MODEL_RESPONSE"):
        load(str(root))


def test_project_folder_walk_skips_tool_and_output_folders(tmp_path):
    root = tmp_path / "proj"
    write(root / "main.py", "X = 1\n")
    write(root / "cdktf.json", "{}")
    write(root / "stacks" / "net.py", "Y = 2\n")
    write(root / "lambda" / "handler" / "index.py", "Z = 3\n")
    write(root / "requirements.txt", "cdktf\n")
    write(root / "Pipfile", "[packages]\n")
    for skipped in (".venv/lib/x.py", "venv/x.py", "node_modules/a/index.js", "cdktf.out/stacks/a/cdk.tf.json",
                    ".git/config.py", "stacks/__pycache__/net.py", ".terraform/x.json", "build/x.py",
                    "package-lock.json", "README.md", "archive.zip", "pkg.egg-info/x.txt"):
        write(root / skipped, "skip\n")
    project = load(str(root))
    assert project.kind == "project" and project.source == "code"
    assert set(project.files) == {"main.py", "cdktf.json", "stacks/net.py", "lambda/handler/index.py",
                                  "requirements.txt", "Pipfile"}
    assert project.problems == []


def test_single_python_file(tmp_path):
    py = write(tmp_path / "stack.py", "X = 1\n")
    project = load(str(py), source="code")
    assert project.kind == "project" and list(project.files) == ["stack.py"]


# --- usage errors ----------------------------------------------------------------------------

def test_usage_errors(tmp_path, task):
    with pytest.raises(InputError, match="no such file"):
        load(str(tmp_path / "missing.md"))
    with pytest.raises(InputError, match="unsupported"):
        load(str(write(tmp_path / "notes.txt", "x")))
    with pytest.raises(InputError, match="unknown source"):
        load(str(task), source="best")
    (task / "lib" / "IDEAL_RESPONSE.md").unlink()
    with pytest.raises(InputError, match="IDEAL_RESPONSE"):
        load(str(task), source="ideal")
    with pytest.raises(InputError, match="no code"):
        load(str(task), source="code")


def test_folder_without_project_files_is_a_usage_error(tmp_path):
    write(tmp_path / "docs" / "notes.md", "# notes\n")
    with pytest.raises(InputError, match="no project files"):
        load(str(tmp_path / "docs"))


def test_input_error_message_is_one_line(tmp_path):
    with pytest.raises(InputError) as info:
        load(str(tmp_path / "nope"))
    assert "\n" not in str(info.value)


# --- bad input -------------------------------------------------------------------------------

def test_non_utf8_markdown_is_decoded_and_reported_with_offset_and_line(tmp_path):
    data = STACK.encode().replace(b"pass", b"p\xe9ss")
    md = write(tmp_path / "a.md", data)
    project = load(str(md))
    (problem,) = [p for p in project.problems if p.rule_id == "INP002"]
    offset = data.index(b"\xe9")
    assert f"offset {offset}" in problem.message and problem.line == 8
    assert problem.origin.file == str(md) and problem.origin.line == 8
    assert "\ufffd" in project.files["lib/tap_stack.py"].text


def test_non_utf8_source_file_in_project(tmp_path):
    root = tmp_path / "p"
    write(root / "a.py", b"X = 1\nY = '\xff'\n")
    project = load(str(root))
    (problem,) = project.problems
    assert (problem.rule_id, problem.path, problem.line, problem.origin) == ("INP002", "a.py", 2, None)
    assert project.files["a.py"].text == "X = 1\nY = '\ufffd'\n"


def test_utf8_bom_is_accepted(tmp_path):
    md = write(tmp_path / "a.md", b"\xef\xbb\xbf" + STACK.encode())
    project = load(str(md))
    assert project.problems == [] and project.files["lib/tap_stack.py"].origin_line == 4


def test_empty_markdown_is_inp002_only(tmp_path):
    project = load(str(write(tmp_path / "a.md", "  \n\n")))
    assert [(p.rule_id, p.line) for p in project.problems] == [("INP002", 1)]
    assert "empty" in project.problems[0].message and project.files == {}


def test_empty_init_in_project_is_fine(tmp_path):
    root = tmp_path / "p"
    write(root / "lib" / "__init__.py", "")
    project = load(str(root))
    assert project.problems == [] and project.files["lib/__init__.py"].text == ""


def test_huge_files_are_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_MARKDOWN_BYTES", 100)
    monkeypatch.setattr(loader, "MAX_SOURCE_BYTES", 50)
    md = write(tmp_path / "a.md", STACK + "x" * 200)
    project = load(str(md))
    assert [p.rule_id for p in project.problems] == ["INP002"] and "limit" in project.problems[0].message
    assert project.files == {}
    root = tmp_path / "p"
    write(root / "big.py", "X = 1\n" * 20)
    write(root / "small.py", "X = 1\n")
    project = load(str(root))
    assert list(project.files) == ["small.py"]
    assert project.problems[0].path == "big.py" and "limit" in project.problems[0].message


def test_default_limits():
    assert reading.MAX_MARKDOWN_BYTES == 5 * 1024 * 1024 and reading.MAX_SOURCE_BYTES == 2 * 1024 * 1024


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    root = tmp_path / "p"
    bad = write(root / "secret.py", "X = 1\n")
    write(root / "ok.py", "Y = 1\n")
    real_open = open

    def fake_open(path, *args, **kwargs):
        if Path(path) == bad:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reading, "open", fake_open, raising=False)
    project = load(str(root))
    assert list(project.files) == ["ok.py"]
    (problem,) = project.problems
    assert problem.rule_id == "INP002" and problem.path == "secret.py" and "Permission denied" in problem.message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_real_permissions(tmp_path):
    md = write(tmp_path / "a.md", STACK)
    md.chmod(0)
    try:
        project = load(str(md))
    finally:
        md.chmod(0o644)
    assert [p.rule_id for p in project.problems] == ["INP002"]


def test_broken_metadata_is_inp002(task):
    write(task / "metadata.json", '{"platform": "cdktf",\n  "language": }')
    project = load(str(task))
    (problem,) = project.problems
    assert (problem.rule_id, problem.path, problem.line) == ("INP002", "metadata.json", 2)
    assert project.metadata is None and project.files   # the answer is still read
    write(task / "metadata.json", "[1, 2]")
    assert "not a JSON object" in load(str(task)).problems[0].message


# --- symlinks ----------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_leaving_the_folder_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    write(outside / "stolen.py", "SECRET = 1\n")
    root = tmp_path / "proj"
    write(root / "main.py", "X = 1\n")
    write(root / "lib" / "real.py", "Y = 1\n")
    os.symlink(outside, root / "linked_dir")
    os.symlink(outside / "stolen.py", root / "linked.py")
    os.symlink(root / "lib", root / "lib_alias")                 # stays inside: skipped, no problem
    os.symlink(root / "lib" / "real.py", root / "alias.py")     # stays inside: read
    os.symlink(tmp_path / "venv-elsewhere", root / ".venv")      # a skipped name: silent
    project = load(str(root))
    assert set(project.files) == {"main.py", "lib/real.py", "alias.py"}
    assert sorted((p.rule_id, p.path) for p in project.problems) == [("INP001", "linked.py"),
                                                                     ("INP001", "linked_dir")]
    assert all("SECRET" not in f.text for f in project.files.values())


# --- never writes --------------------------------------------------------------------------------

def test_loader_never_writes_into_the_input(task):
    write(task / "tap.py", "X = 1\n")
    write(task / "lib" / "tap_stack.py", "Y = 1\n")
    write(task / "lib" / "bad.py", b"\xff\xfe")
    before = snapshot(task)
    for source in ("model", "ideal", "code"):
        load(str(task), source=source)
    load(str(task / "lib" / "MODEL_RESPONSE.md"))
    load(str(task / "tap.py"))
    assert snapshot(task) == before
