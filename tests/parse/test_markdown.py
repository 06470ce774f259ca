"""Markdown extraction: naming conventions, line mapping, sanitising, guesses, duplicates."""
from __future__ import annotations

import textwrap

import pytest

from iac_review.parse.fences import split_lines
from iac_review.parse.markdown import extract

MD = "answer.md"


def files_of(text: str) -> dict:
    result = extract(textwrap.dedent(text), MD)
    return {f.path: f for f in result.files}


def only(text: str):
    (f,) = extract(textwrap.dedent(text), MD).files
    return f.path, f.attribution


# --- naming conventions -------------------------------------------------------------------------

@pytest.mark.parametrize("heading", [
    "## lib/net_stack.py",
    "### File: lib/net_stack.py",
    "## File: `lib/net_stack.py`",
    "## 3. lib/net_stack.py",
    "### 2. Network Stack (`lib/net_stack.py`)",
    "## Network Stack (lib/net_stack.py)",
    "### Network Stack - lib/net_stack.py",
    "#### `lib/net_stack.py`",
    "## lib/net_stack.py (Complete - 40 lines)",
    "## Filename: lib/net_stack.py ##",
])
def test_heading_conventions(heading):
    assert only(f"{heading}\n\n```python\nCIDR = '10.0.0.0/16'\n```\n") == ("lib/net_stack.py", "heading")


@pytest.mark.parametrize("line", [
    "**lib/net_stack.py**",
    "**File: lib/net_stack.py**",
    "**File: lib/net_stack.py** (excerpt)",
    "**Network fixes** (lib/net_stack.py):",
    "__lib/net_stack.py__",
])
def test_bold_conventions(line):
    assert only(f"{line}\n```python\nCIDR = '10.0.0.0/16'\n```\n") == ("lib/net_stack.py", "bold")


@pytest.mark.parametrize("info", [
    'python title="lib/net_stack.py"',
    "python title='lib/net_stack.py'",
    "python:lib/net_stack.py",
    "python filename=lib/net_stack.py",
    'python {title="lib/net_stack.py"}',
    "lib/net_stack.py",
])
def test_fence_info_conventions(info):
    assert only(f"Some text\n\n```{info}\nCIDR = '10.0.0.0/16'\n```\n") == ("lib/net_stack.py", "fence-title")


@pytest.mark.parametrize("comment", [
    "# lib/net_stack.py",
    "# File: lib/net_stack.py",
    "# filename: lib/net_stack.py",
    "# path: lib/net_stack.py",
    "# `lib/net_stack.py`",
])
def test_first_line_comment_conventions(comment):
    assert only(f"## Networking\n\n```python\n{comment}\nCIDR = '10.0.0.0/16'\n```\n") == (
        "lib/net_stack.py", "comment")


def test_comment_after_shebang_and_javascript_comment():
    assert only("```python\n#!/usr/bin/env python\n# app/main.py\nx = 1\n```\n") == ("app/main.py", "comment")
    assert only("```javascript\n// lib/lambda/handler.js\nexports.h = 1;\n```\n") == (
        "lib/lambda/handler.js", "comment")


def test_comment_with_a_short_note_or_after_blank_and_coding_lines():
    assert only("```python\n# lib/db.py - database stack\nX = 1\n```\n") == ("lib/db.py", "comment")
    assert only("```python\n\n# -*- coding: utf-8 -*-\n# lib/db.py\nX = 1\n```\n") == ("lib/db.py", "comment")
    assert only("```python\n# lib/db.py sets up the database\nX = 1\n```\n")[1] == "guessed-other"


def test_comment_that_only_mentions_a_file_is_not_a_name():
    path, how = only("```python\n# Empty __init__.py keeps the folder a package\n```\n")
    assert how.startswith("guessed") and path != "__init__.py"


def test_prose_line_with_a_path_is_not_a_name():
    path, how = only("Update `lib/tap_stack.py` like this:\n\n```python\nx = 1\n```\n")
    assert how == "guessed-other" and path.startswith("lib/_unnamed_")


def test_heading_walks_back_over_a_description_but_not_over_another_block():
    text = """\
    ## File: lib/queue_stack.py

    Creates the queues and their dead-letter queues.

    ```python
    QUEUES = 2
    ```

    Usage example:

    ```python
    QUEUES = 3
    ```
    """
    files = files_of(text)
    assert files["lib/queue_stack.py"].text == "QUEUES = 2\n"
    assert any(p.startswith("lib/_unnamed_") for p in files)


def test_markdown_mangled_init_names_are_repaired():
    assert only("## lib/**init**.py\n```python\n\n```\n")[0] == "lib/__init__.py"
    assert only("## lib/\\_\\_init\\_\\_.py\n```python\nX = 1\n```\n")[0] == "lib/__init__.py"


def test_explicit_empty_init_file_is_kept():
    files = files_of("## lib/__init__.py\n\n```python\n```\n")
    assert files["lib/__init__.py"].text == ""


def test_name_must_fit_the_block_language():
    text = "## lib/tap_stack.py\n\n```bash\ncdktf synth\n```\n"
    result = extract(text, MD)
    assert result.files == [] and result.problems[0].rule_id == "INP003"


def test_config_files_with_names_are_kept():
    text = """\
    ## File: requirements.txt
    ```
    cdktf>=0.21
    ```
    ## File: Pipfile
    ```toml
    [packages]
    ```
    ## cdktf.json
    ```json
    {"app": "python3 tap.py", "language": "python"}
    ```
    """
    assert set(files_of(text)) == {"requirements.txt", "Pipfile", "cdktf.json"}


def test_readme_blocks_are_not_project_files():
    text = "## File: lib/README.md\n\n```markdown\n# Title\n```\n\n## tap.py\n```python\nx = 1\n```\n"
    assert set(files_of(text)) == {"tap.py"}


def test_paths_pasted_between_files_in_one_block_split_it():
    text = """\
    ### `app.py`
    ```python
    from cdktf import App

    lib/storage.py
    import json
    BUCKET = "b"

    tests/unit/test_storage.py
    def test_bucket():
        assert True
    ```
    """
    files = files_of(text)
    assert list(files) == ["app.py", "lib/storage.py", "tests/unit/test_storage.py"]
    assert files["lib/storage.py"].text == 'import json\nBUCKET = "b"\n'
    assert files["lib/storage.py"].attribution == "separator"
    assert files["lib/storage.py"].origin_line == 6


def test_path_line_inside_a_triple_quoted_string_does_not_split():
    text = '## lib/help.py\n```python\nHELP = """\nFiles:\n\nlib/tap_stack.py\n"""\n```\n'
    files = files_of(text)
    assert list(files) == ["lib/help.py"] and "lib/tap_stack.py" in files["lib/help.py"].text


def test_indented_path_line_does_not_split():
    text = "## lib/a.py\n```python\ndef f():\n\n    lib/b.py\n```\n"
    assert list(files_of(text)) == ["lib/a.py"]


# --- line mapping -------------------------------------------------------------------------------

def test_origin_lines_point_at_the_markdown_lines():
    text = "\n".join([
        "# Answer",                      # 1
        "",                              # 2
        "## lib/one.py",                 # 3
        "```python",                     # 4
        "import os",                     # 5
        "ONE = 1",                       # 6
        "```",                           # 7
        "Some words.",                   # 8
        "1. In a list:",                 # 9
        "   ```python",                  # 10
        "   # lib/two.py",               # 11
        "   TWO = 2",                    # 12
        "   ```",                        # 13
        "~~~python title=\"lib/three.py\"",  # 14
        "",                              # 15
        "THREE = 3",                     # 16
        "~~~",                           # 17
    ])
    md_lines = split_lines(text)
    files = {f.path: f for f in extract(text, MD).files}
    checks = {"lib/one.py": [(1, "import os"), (2, "ONE = 1")],
              "lib/two.py": [(1, "# lib/two.py"), (2, "TWO = 2")],
              "lib/three.py": [(1, ""), (2, "THREE = 3")]}
    for path, expected in checks.items():
        src = files[path]
        file_lines = src.text.split("\n")
        for n, code in expected:
            assert file_lines[n - 1] == code
            origin = src.origin_for(n)
            assert origin.file == MD
            assert md_lines[origin.line - 1].strip() == code
    assert files["lib/one.py"].origin_line == 5
    assert files["lib/three.py"].origin_line == 15


def test_origin_mapping_with_crlf_and_tabs():
    text = "## lib/a.py\r\n\r\n```python\r\ndef f():\r\n\treturn 1\r\n```\r\n"
    (f,) = extract(text, MD).files
    assert f.text == "def f():\n\treturn 1\n"
    assert f.origin_line == 4 and f.origin_for(2).line == 5


# --- sanitising --------------------------------------------------------------------------------

@pytest.mark.parametrize("name, fragment", [
    ("/etc/cron.d/job.py", "absolute"),
    ("C:\\proj\\tap.py", "absolute"),
    ("~/tap.py", "absolute"),
    ("../other/tap.py", "'..'"),
    ("lib/../../tap.py", "'..'"),
])
def test_unsafe_names_are_refused_with_inp001(name, fragment):
    text = f"Intro\n\n## File: {name}\n\n```python\nx = 1\n```\n"
    result = extract(text, MD)
    assert result.files == []
    problem = next(p for p in result.problems if p.rule_id == "INP001")
    assert problem.path == MD and problem.line == 3 and fragment in problem.message
    assert problem.origin.file == MD and problem.origin.line == 3


def test_dot_slash_and_backslashes_are_normalised():
    assert only("## .\\lib\\stacks\\db.py\n```python\nx = 1\n```\n")[0] == "lib/stacks/db.py"
    assert only("## ./lib//a.py\n```python\nx = 1\n```\n")[0] == "lib/a.py"


def test_refused_block_is_not_guessed_either():
    text = "## /abs/stack.py\n```python\nclass S(TerraformStack):\n    pass\n```\n"
    result = extract(text, MD)
    assert result.files == [] and [p.rule_id for p in result.problems] == ["INP001", "INP003"]


# --- attribution guesses ------------------------------------------------------------------------

def test_unnamed_stack_app_test_lambda_config_and_other_blocks():
    text = """\
    Here is everything.

    ```python
    from cdktf import TerraformStack
    class StorageStack(TerraformStack):
        pass
    ```

    ```python
    from cdktf import App
    app = App()
    app.synth()
    ```

    ```python
    def test_bucket_exists():
        assert 1
    ```

    ```python
    def handler(event, context):
        return {}
    ```

    ```json
    {"app": "python3 tap.py", "language": "python"}
    ```

    ```python
    REGION = "us-east-1"
    ```

    ```bash
    cdktf deploy
    ```

    ```
    requests==2.0
    ```

    ```json
    {"VpcId": "vpc-123"}
    ```
    """
    result = extract(textwrap.dedent(text), MD)
    got = {f.path: f.attribution for f in result.files}
    assert got == {
        "lib/tap_stack.py": "guessed-stack",
        "tap.py": "guessed-app",
        "tests/unit/test_unnamed_3.py": "guessed-test",
        "lib/lambda/_unnamed_4.py": "guessed-lambda",
        "cdktf.json": "guessed-config",
        "lib/_unnamed_6.py": "guessed-other",
    }
    assert all(f.guessed for f in result.files)
    assert any("attributed to lib/tap_stack.py because it defines a TerraformStack subclass" in n
               for n in result.notes)
    assert any(n.startswith(f"code block at {MD}:3 ") for n in result.notes)


def test_untagged_python_is_guessed_and_tree_is_not():
    files = files_of("```\nimport os\nX = 1\n```\n\n```\nproject/\n  lib/\n```\n")
    assert list(files) == ["lib/_unnamed_1.py"]


def test_guess_never_overrides_an_explicit_file():
    text = """\
    ```python
    class TapStack(TerraformStack):
        pass
    ```

    ## lib/tap_stack.py
    ```python
    class TapStack(TerraformStack):
        x = 1
    ```
    """
    result = extract(textwrap.dedent(text), MD)
    files = {f.path: f for f in result.files}
    assert files["lib/tap_stack.py"].attribution == "heading"
    assert "x = 1" in files["lib/tap_stack.py"].text
    assert files["lib/_unnamed_1.py"].attribution == "guessed-stack"
    assert any("named explicitly elsewhere" in n for n in result.notes)


def test_second_unnamed_stack_with_another_class_is_named_after_it():
    text = ("```python\nclass MainStack(TerraformStack):\n    pass\n```\n\n"
            "```python\nclass NetworkEdgeStack(TerraformStack):\n    pass\n```\n")
    assert set(files_of(text)) == {"lib/tap_stack.py", "lib/network_edge_stack.py"}


def test_unnamed_block_is_placed_where_the_app_imports_it_from():
    text = """\
    ## main.py
    ```python
    from stacks.edge import EdgeStack
    ```

    ```python
    class EdgeStack(TerraformStack):
        pass
    ```
    """
    result = extract(textwrap.dedent(text), MD)
    files = {f.path: f.attribution for f in result.files}
    assert files == {"main.py": "heading", "stacks/edge.py": "guessed-import"}


def test_bare_names_are_placed_by_imports_and_siblings_follow():
    text = """\
    ## tap_stack.py
    ```python
    from lib.queue_stack import QueueStack
    ```
    ## queue_stack.py
    ```python
    class QueueStack:
        pass
    ```
    """
    result = extract(textwrap.dedent(text), MD)
    assert [f.path for f in result.files] == ["lib/tap_stack.py", "lib/queue_stack.py"]
    assert len([n for n in result.notes if "placed at" in n]) == 2


def test_root_files_stay_at_the_root():
    text = "## main.py\n```python\nfrom lib.x import X\n```\n## x.py\n```python\nX = 1\n```\n"
    assert set(files_of(text)) == {"main.py", "lib/x.py"}


# --- duplicates -------------------------------------------------------------------------------

def test_later_complete_version_replaces_earlier():
    text = ("## lib/a.py\n```python\nA = 1\nB = 2\n```\n\nCorrected:\n\n"
            "## lib/a.py\n```python\nA = 10\nB = 20\nC = 30\n```\n")
    result = extract(text, MD)
    (f,) = result.files
    assert f.text.startswith("A = 10") and f.origin_line == 11
    assert any("appears more than once" in n and "later version replaces" in n for n in result.notes)


def test_fragment_with_placeholder_does_not_replace_complete_file():
    text = ("## lib/a.py\n```python\nimport os\nA = 1\nB = 2\n```\n\n"
            "## lib/a.py\n```python\n# ... rest of the file unchanged\nB = 3\n```\n")
    result = extract(text, MD)
    (f,) = result.files
    assert f.text.startswith("import os")
    assert any("fragment" in n for n in result.notes)


def test_tiny_later_version_does_not_replace_complete_file():
    body = "\n".join(f"V{i} = {i}" for i in range(12))
    text = f"## lib/a.py\n```python\n{body}\n```\n## lib/a.py\n```python\nV1 = 5\n```\n"
    (f,) = extract(text, MD).files
    assert f.text.count("\n") == 12


def test_fragment_is_replaced_by_a_later_complete_version():
    text = ("## lib/a.py\n```python\n...\n```\n"
            "## lib/a.py\n```python\nimport os\nA = 1\n```\n")
    (f,) = extract(text, MD).files
    assert f.text == "import os\nA = 1\n"


# --- no code, robustness ------------------------------------------------------------------------

def test_no_code_blocks_is_inp003():
    result = extract("# Plan\n\nWe will build a VPC.\n", MD)
    assert result.files == []
    (problem,) = result.problems
    assert problem.rule_id == "INP003" and problem.line == 1 and "no fenced code blocks" in problem.message


def test_unterminated_fence_is_read_and_noted():
    result = extract("## lib/a.py\n```python\nA = 1\n", MD)
    assert result.files[0].text == "A = 1\n"
    assert any("not terminated" in n for n in result.notes)


@pytest.mark.parametrize("text", [
    "", "```", "```\n", "````\n```\n", "~~~~~~", "```python title=\n```", "## \n```py\n```",
    "**\n```\n", "\x00\x01```\n\x00", "```python:\n```", "# ../\n```\n```", "```" * 50,
])
def test_odd_inputs_never_raise(text):
    extract(text, MD)


def test_large_answer_is_handled():
    block = "## lib/m{0}.py\n\n```python\n" + "value = compute(1, 2)\n" * 250 + "```\n\n"
    text = "".join(block.format(i) for i in range(20))
    assert len(text) > 100_000
    assert len(extract(text, MD).files) == 20


@pytest.mark.parametrize("line", ["a" * 20000, "*" * 20000, "a." * 10000, "a/" * 10000, "\\" * 20000,
                                  "_" * 20000, "x://" * 5000, "class A(" * 3000])
def test_pathological_lines_stay_linear(line):
    # a quadratic regex would take minutes here; linear code takes milliseconds
    text = f"## {line}\n**{line}**\n```python\n# {line}\n\n{line}\n```\n{line}\n"
    extract(text, MD)


def test_stack_guess_uses_the_stack_class_not_the_first_class():
    text = ("```python\nclass Settings:\n    pass\nclass EdgeStack(TerraformStack):\n    pass\n```\n\n"
            "```python\nclass Settings:\n    pass\nclass EdgeStack(TerraformStack):\n    x = 1\n```\n")
    result = extract(text, MD)
    # same stack class twice: one path, the later version wins
    assert [f.path for f in result.files] == ["lib/tap_stack.py"] and "x = 1" in result.files[0].text
