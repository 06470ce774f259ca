"""Inputs made to break the reader: each gives a finding or a clear error, never a crash,
and nothing outside the input is read. Every input here is small and of our own making."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from iac_review.api import ReviewConfig, review
from iac_review.parse.python import parse_python

STACK = "from cdktf import TerraformStack\n\n\nclass TapStack(TerraformStack):\n    pass\n"


def _answer(tmp_path: Path, body: str, name: str = "answer.md") -> str:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return str(path)


def _block(path: str, code: str) -> str:
    return f"## {path}\n\n```python\n{code}```\n"


def _only(result, rule_id: str):
    assert not result.internal_errors, [e.text for e in result.internal_errors]
    return [f for f in result.findings if f.rule_id == rule_id]


@pytest.mark.parametrize("code", [
    "x = " + "+".join(["a"] * 20000) + "\n",     # RecursionError in Python's parser
    "x = " + "-" * 20000 + "1\n",               # MemoryError in Python's parser
])
def test_code_python_cannot_compile_is_a_critical_finding(tmp_path, code):
    result = review([_answer(tmp_path, _block("lib/tap_stack.py", code))])
    (finding,) = _only(result, "PY005")
    assert finding.severity.value == "Critical" and finding.location.line == 1
    assert "nesting too deep to compile" in finding.message
    assert parse_python(code).too_deep.python_fails


def test_deepest_line_is_reported(tmp_path):
    code = "a = 1\n" + "x = " + "+".join(["a"] * 20000) + "\nb = 2\n"
    (finding,) = _only(review([_answer(tmp_path, _block("lib/tap_stack.py", code))]), "PY005")
    assert finding.location.line == 2


def test_file_name_longer_than_the_os_allows(tmp_path):
    body = _block("lib/" + "a" * 300 + ".py", "x = 1\n") + _block("lib/tap_stack.py", STACK)
    result = review([_answer(tmp_path, body)])
    (finding,) = _only(result, "INP001")
    assert "longer than file systems allow" in finding.message
    assert set(result.inputs[0].project.files) == {"lib/tap_stack.py"}


def test_a_name_used_as_file_and_folder(tmp_path):
    body = _block("lib/tap_stack.py", STACK) + _block("lib/tap_stack.py/inner.py", "y = 2\n")
    result = review([_answer(tmp_path, body)])
    (finding,) = _only(result, "INP001")
    assert "also names as a file" in finding.message
    assert set(result.inputs[0].project.files) == {"lib/tap_stack.py"}


def test_control_characters_in_a_file_name(tmp_path):
    body = "**lib/a\x01b.py**\n\n```python\nx = 1\n```\n" + _block("lib/tap_stack.py", STACK)
    result = review([_answer(tmp_path, body)])
    assert not result.internal_errors
    assert all("\x01" not in path for path in result.inputs[0].project.files)


SECRET = "TOP-SECRET-OUTSIDE-CONTENT"


def _task(tmp_path: Path) -> Path:
    task = tmp_path / "task"
    (task / "lib").mkdir(parents=True)
    (task / "lib" / "MODEL_RESPONSE.md").write_text(_block("lib/tap_stack.py", STACK), encoding="utf-8")
    (task / "metadata.json").write_text('{"platform": "cdktf", "language": "py"}', encoding="utf-8")
    (task / "lib" / "tap_stack.py").write_text(STACK, encoding="utf-8")
    (task / "tap.py").write_text("import lib.tap_stack\n", encoding="utf-8")
    return task


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.py"
    secret.write_text(f'TOKEN = "{SECRET}"\n', encoding="utf-8")
    (outside / "PROMPT.md").write_text(f"Deploy to eu-west-3. {SECRET}\n", encoding="utf-8")
    return secret


def _everything(result) -> str:
    from iac_review.reporters import get_reporter
    return "".join(get_reporter(name).render(result) for name in ("text", "json", "markdown"))


@pytest.mark.parametrize("source", ["model", "code"])
def test_symlinks_that_leave_the_task_are_refused_and_never_read(tmp_path, source):
    task, secret = _task(tmp_path), _outside(tmp_path)
    (task / "lib" / "leak.py").symlink_to(secret)
    (task / "lib" / "PROMPT.md").symlink_to(secret.parent / "PROMPT.md")
    (task / "lib" / "loop.py").symlink_to(task / "lib" / "loop.py")
    (task / "lib" / "zeros.py").symlink_to("/dev/zero")
    result = review([str(task)], ReviewConfig(source=source))
    assert not result.internal_errors
    assert SECRET not in _everything(result)
    project = result.inputs[0].project
    assert project.prompt_markdown is None and project.prompt_text is None
    messages = [f.message for f in result.findings if f.rule_id in ("INP001", "INP002")]
    assert any("lib/PROMPT.md is a symlink that leaves the input folder" in m for m in messages)
    if source == "code":
        assert any("lib/leak.py is a symlink that leaves the input folder" in m for m in messages)
        assert any("lib/loop.py is a symlink loop" in m for m in messages)
        assert any("lib/zeros.py is a symlink that leaves the input folder" in m for m in messages)


def test_the_answer_itself_may_not_point_outside_the_task(tmp_path):
    task, secret = _task(tmp_path), _outside(tmp_path)
    answer = task / "lib" / "MODEL_RESPONSE.md"
    answer.unlink()
    answer.symlink_to(secret)
    result = review([str(task)])
    assert not result.internal_errors
    assert SECRET not in _everything(result)


def test_a_fifo_is_never_opened(tmp_path):
    task = _task(tmp_path)
    os.mkfifo(task / "lib" / "pipe.py")   # opening it for reading would block forever
    result = review([str(task)], ReviewConfig(source="code"))
    assert not result.internal_errors
    assert any("not a regular file" in f.message for f in result.findings if f.rule_id == "INP002")


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        stat = path.lstat()
        digest.update(f"{path.relative_to(root)}:{stat.st_mode}:{stat.st_mtime_ns}".encode())
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_inputs_are_never_written_to(tmp_path):
    task = _task(tmp_path)
    (task / "lib" / "MODEL_FAILURES.md").write_text("# Human analysis\n\n### 1. Bucket\n", encoding="utf-8")
    before = _tree_digest(task)
    for source in ("model", "code"):
        review([str(task)], ReviewConfig(source=source))
    assert _tree_digest(task) == before


def test_json_nested_deeper_than_python_reads_is_invalid_input(tmp_path):
    deep_list = "[" * 100_000 + "]" * 100_000
    deep_object = '{"a":' * 50_000 + "1" + "}" * 50_000
    task = _task(tmp_path)
    (task / "metadata.json").write_text(deep_list, encoding="utf-8")
    answer = ("## cdktf.json\n\n```json\n" + deep_object + "\n```\n"
              + _block("lib/tap_stack.py", STACK + f"\nPOLICY = '{deep_object}'\n"))
    (task / "lib" / "MODEL_RESPONSE.md").write_text(answer, encoding="utf-8")
    (task / "cdktf.json").write_text(deep_object, encoding="utf-8")
    for source in ("model", "code"):
        result = review([str(task)], ReviewConfig(source=source))
        assert not result.internal_errors, [e.text for e in result.internal_errors]
        assert any("metadata.json is not valid JSON: the JSON is nested too deeply to read" in f.message
                   for f in result.findings)


# libcst's native parser crashes (SIGSEGV) on a long attribute chain and runs for minutes on a
# long sum: asked whether such a file is newer-Python code, the review must say "no" and go on.
NEWER_SYNTAX_TRAPS = {
    "crash": "x = f'{" + "a." * 100_000 + "b\n}'\n",
    "hang": "x = f'{" + "+".join(["1"] * 200_000) + "\n}'\n",
}


@pytest.mark.parametrize("kind", sorted(NEWER_SYNTAX_TRAPS))
def test_the_newer_python_check_survives_inputs_that_break_its_parser(kind, monkeypatch, tmp_path):
    from iac_review.parse import newer_python
    monkeypatch.setattr(newer_python, "TIMEOUT_S", 3)
    newer_python._libcst_accepts.cache_clear()
    parsed = parse_python(NEWER_SYNTAX_TRAPS[kind])
    assert parsed.error is not None and parsed.newer_syntax is False
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "trap.py").write_text(NEWER_SYNTAX_TRAPS[kind])
    result = review([str(tmp_path)], ReviewConfig())
    assert not result.internal_errors
    assert any(f.rule_id == "PY001" for f in result.findings)


def test_code_for_a_newer_python_is_said_not_failed(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "names.py").write_text('def arn(r):\n    return f"arn:{\n        r}:x"\n')
    result = review([str(tmp_path)], ReviewConfig())
    assert not [f for f in result.findings if f.rule_id == "PY001"]
    notes = [n.reason for item in result.inputs for n in item.not_evaluated]
    assert any("newer Python" in r and "lib/names.py" in r for r in notes)
