"""The fence scanner: CommonMark fences plus the two repairs model answers need."""
from __future__ import annotations

from iac_review.parse.fences import scan, split_lines


def blocks_of(text: str):
    return scan(split_lines(text))


def test_backtick_and_tilde_fences_with_exact_lines():
    text = "intro\n```python\na = 1\nb = 2\n```\n\n~~~json\n{}\n~~~\n"
    first, second = blocks_of(text)
    assert (first.lang, first.fence_line, first.lines, first.closed) == ("python", 1, ["a = 1", "b = 2"], True)
    assert (second.lang, second.fence_line, second.lines) == ("json", 6, ["{}"])


def test_tilde_block_is_not_closed_by_backticks():
    (block,) = blocks_of("~~~python\nx = '```'\n```\ny = 2\n~~~\n")
    assert block.lines == ["x = '```'", "```", "y = 2"]


def test_four_backtick_outer_fence_keeps_inner_fences_as_content():
    text = "````markdown\n# Readme\n```python\nprint(1)\n```\n````\nafter\n```python\nz = 3\n```\n"
    outer, after = blocks_of(text)
    assert outer.lang == "markdown" and outer.lines[1:4] == ["```python", "print(1)", "```"]
    assert after.lines == ["z = 3"] and after.fence_line == 7


def test_readme_block_with_naively_nested_fences_is_closed_at_the_right_fence():
    text = "\n".join([
        "```markdown",        # 0
        "# Service",
        "```bash",            # 2 inner
        "make deploy",
        "```",                # 4 closes inner
        "Layout:",
        "```",                # 6 inner bare (a tree)
        "lib/",
        "```",                # 8 closes the tree
        "Done.",
        "```",                # 10 closes the README: next fence has a language
        "## lib/extra.py",
        "```python",          # 12
        "VALUE = 1",
        "```",
    ])
    readme, code = blocks_of(text)
    assert readme.lang == "markdown" and len(readme.lines) == 9
    assert code.fence_line == 12 and code.lines == ["VALUE = 1"]


def test_unterminated_block_followed_by_a_tagged_fence_is_recovered():
    text = "```python\na = 1\n\n```python\nb = 2\n```\n"
    first, second = blocks_of(text)
    assert first.recovered and not first.closed and first.lines == ["a = 1", ""]
    assert second.closed and second.lines == ["b = 2"] and second.fence_line == 3


def test_unterminated_block_at_end_runs_to_the_end():
    (block,) = blocks_of("text\n```python\nx = 1\ny = 2")
    assert not block.closed and not block.recovered and block.lines == ["x = 1", "y = 2"]


def test_crlf_and_lone_cr_line_endings():
    (block,) = blocks_of("a\r\n```python\r\nx = 1\r\ny = 2\r\n```\r\n")
    assert block.fence_line == 1 and block.lines == ["x = 1", "y = 2"]
    (block,) = blocks_of("a\r```py\rq = 1\r```\r")
    assert block.lines == ["q = 1"]


def test_form_feed_is_not_a_line_break():
    (block,) = blocks_of("```python\nx = 1\x0c\ny = 2\n```\n")
    assert block.lines == ["x = 1\x0c", "y = 2"]


def test_indented_fence_in_a_list_item_is_dedented():
    text = "1. Step\n   ```python\n   def f():\n       return 1\n   ```\n"
    (block,) = blocks_of(text)
    assert block.lines == ["def f():", "    return 1"]


def test_tabs_are_kept_in_code():
    (block,) = blocks_of("\t```python\n\tx = 1\n\t```\n")
    assert block.lines == ["\tx = 1"]


def test_inline_triple_backticks_are_not_a_fence():
    assert blocks_of("Use ```code``` inline.\n") == []


def test_info_string_and_language():
    (block,) = blocks_of('```Python title="lib/a.py"\nx\n```\n')
    assert block.lang == "python" and block.info == 'Python title="lib/a.py"'
    (block,) = blocks_of("```python:lib/a.py\nx\n```\n")
    assert block.lang == "python"
