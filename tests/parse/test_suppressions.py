"""Reading `# iac-review: ignore[...]` comments."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from iac_review.parse.suppressions import suppressions


def test_a_trailing_comment_covers_its_line_and_keeps_its_reason():
    (item,) = suppressions("a.py", 'x = "us-east-1"  # iac-review: ignore[HC002, REG002]: legacy region\n')
    assert (item.line, item.column, item.target) == (1, 18, 1)
    assert item.selectors == ("HC002", "REG002") and item.reason == "legacy region"


def test_a_comment_alone_covers_the_next_line_of_code():
    text = "a = 1\n# iac-review: ignore[HC001] audit role\n\n# another comment\nb = 2\n"
    (item,) = suppressions("a.py", text)
    assert (item.line, item.target) == (2, 5)


def test_a_file_wide_comment_covers_the_whole_file():
    (item,) = suppressions("a.py", "a = 1\n# iac-review: ignore-file[HC] -- fixtures of the tests\n")
    assert item.whole_file and item.selectors == ("HC",) and item.reason == "fixtures of the tests"


def test_a_bare_comment_names_no_rule_and_strings_are_not_comments():
    text = 's = "# iac-review: ignore[HC001] no"\nt = 1  # iac-review: ignore\n'
    (item,) = suppressions("a.py", text)
    assert item.line == 2 and item.selectors == () and item.reason == ""


def test_a_file_that_does_not_tokenize_is_still_read_by_line():
    text = 'x = (\n  "a"  # iac-review: ignore[HC001] why\n'
    (item,) = suppressions("a.py", text)
    assert item.line == 2 and item.selectors == ("HC001",)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("#[]:,\n \t\"'()x=") + ["ignore", "-file", "iac-review:"]),
                max_size=80).map("".join))
def test_any_text_is_read_without_an_exception(text):
    for item in suppressions("a.py", text):
        assert 1 <= item.line and 0 <= item.target
