"""Patterns rewritten to run in linear time give the same answers as the regexes they replace.

Each old regex is kept here as the specification and compared on realistic text (the old
ones are fine there; only long runs of spaces, blank lines or '#' made them slow).
``tests/test_regex_complexity.py`` checks the speed.
"""
from __future__ import annotations

import re

import pytest

from iac_review.agreement.categorize import _prose
from iac_review.agreement.human import parse_analysis
from iac_review.analysis.lambda_code import _INFRA_IMPORT
from iac_review.parse import guess, imports, markdown
from iac_review.parse.markdown import atx_heading
from iac_review.parse.names import comment_text, from_bold, from_comment
from iac_review.rules.lam.node_sdk_v2_on_new_runtime import _SDK_V2
from iac_review.rules.py import python_syntax_error as syntax_error
from iac_review.rules.py import undefined_name
from iac_review.schema.naming import snake_case

OLD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
OLD_HUMAN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
OLD_COMMENT = re.compile(r"^\s*(?:#|//|--|/\*)\s*(?P<rest>.*?)\s*(?:\*/)?\s*$")
OLD_FENCED = re.compile(r"^\s*(?:```|~~~).*?^\s*(?:```|~~~)[^\n]*$", re.M | re.S)

HEADINGS = [
    "## lib/x.py", "### File: `lib/x.py` ###", "#no-space", "####### seven", "###### six",
    "# Title", "   ## three spaces", "    ## four spaces", "\t# tab", "#\ttab after", "## ", "#", "##",
    "## foo#", "# C# code", "## Title ##   ", "## a # b", "## ###", "plain text", "", "  ", "# a  \t ",
]
COMMENTS = [
    "# lib/x.py", "// src/a.js */", "-- x.sql", "/* lib/a.py */", "  #   spaced out  ", "#", "/**/",
    "#*/", "/*/", "x = 1  # trailing", "#!/usr/bin/env python", "// File: `lib/a.js`", "- not", "/ not",
]


@pytest.mark.parametrize("line", HEADINGS)
def test_atx_heading_matches_the_old_regex(line):
    old = OLD_HEADING.match(line)
    new = atx_heading(line)
    assert (new[1] if new else None) == (old[1] if old else None)
    human = OLD_HUMAN_HEADING.match(line)
    assert atx_heading(line, indent=0) == ((len(human[1]), human[2]) if human else None)


def test_atx_heading_typical_cases():
    assert atx_heading("## lib/x.py") == (2, "lib/x.py")
    assert atx_heading("### File: `lib/x.py` ###") == (3, "File: `lib/x.py`")
    assert atx_heading("#no-space") is None
    assert atx_heading("####### seven") is None
    assert atx_heading("   # indented") == (1, "indented")
    assert atx_heading("   # indented", indent=0) is None


def test_atx_heading_on_a_hostile_line():
    assert atx_heading("# a" + " " * 100_000 + "x") == (1, "a" + " " * 100_000 + "x")
    assert atx_heading("#" * 100_000) is None


@pytest.mark.parametrize("line", COMMENTS)
def test_comment_text_matches_the_old_regex(line):
    old = OLD_COMMENT.match(line)
    assert comment_text(line) == (old["rest"] if old else None)


def test_comment_names():
    assert from_comment("# lib/x.py") == "lib/x.py"
    assert from_comment("// src/a.js */") == "src/a.js"
    assert from_comment("-- x.sql") is None          # not a project file type
    assert from_comment("/* lib/a.py */") == "lib/a.py"
    assert from_comment("# File: lib/x.py - main stack") == "lib/x.py"
    assert from_comment("# this builds lib/x.py") is None


def test_bold_names():
    assert from_bold("**Fixed EIP** (vpc.py):") == "vpc.py"
    assert from_bold("**Stack** `lib/tap_stack.py`") == "lib/tap_stack.py"
    assert from_bold("**File: lib/x.py**") == "lib/x.py"
    assert from_bold("**Note**   ") is None


PROSE = [
    "intro\n```python\nx = 1\n```\noutro",
    "intro\n\n  \n```\ncode\n```\n\nafter\n~~~\nmore\n~~~",
    "a\n```\nunclosed\n",
    "```\nfirst\n```\n\n```\nsecond\n```\n",
    "a\r\n```py\r\nx\r\n```\r\nb",
    "  ```\n  indented\n  ```trailing text\nz",
    "\n\n```\nx\n\n\n```",
    "no code at all",
    "mixed\n```\nx\n~~~\ny\n```\n",
]


@pytest.mark.parametrize("text", PROSE)
def test_prose_matches_the_old_regex(text):
    assert _prose(text) == OLD_FENCED.sub("\n", text)


def test_human_analysis_headings():
    items = parse_analysis("# Failures\n\n## 1. Missing bucket ##\n\nbody\n\n## 2. Wrong region\n\ntext\n")
    assert [item.title for item in items] == ["Missing bucket", "Wrong region"]


SDK_LINES = {
    'const AWS = require("aws-sdk");': True,
    "const s3 = require('aws-sdk/clients/s3');": True,
    'import AWS from "aws-sdk";': True,
    "import * as AWS from 'aws-sdk';": True,
    "import { S3, DynamoDB } from 'aws-sdk';": True,
    'import "aws-sdk";': True,
    'const AWS = await import("aws-sdk");': True,
    "import { S3Client } from '@aws-sdk/client-s3';": False,
    "const mock = require('aws-sdk-mock');": False,
    "import AWS from 'aws-sdk-v3';": False,
    "// uses aws-sdk": False,
}


@pytest.mark.parametrize("line", SDK_LINES)
def test_sdk_v2_imports(line):
    old = re.compile(r"""(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+(?:[\w*{}\s,$]+?\s+from\s+)?)"""
                     r"""['"]aws-sdk(?:/[^'"]*)?['"]""")
    assert bool(_SDK_V2.search(line)) is bool(old.search(line)) is SDK_LINES[line]


PYTHON = [
    "from cdktf import App, TerraformStack\n\n\nclass TapStack(TerraformStack):\n    pass\n",
    "\n\n   \nimport pytest\n\n\ndef test_x():\n    assert True\n",
    "import json\n\n\ndef lambda_handler(event, context):\n    # ... rest of the code\n    return {}\n",
    "from .utils import (\n    a,\n    b as c,  # note\n)\nfrom ..pkg.mod import d\nimport lib.x, os\n",
    "    from constructs import Construct\n\t\n    class Net(\n        TerraformStack,\n    ):\n        ...\n",
    "x = 1\n# Before the fix:\ny = 2\n#  [resources omitted]\n",
    "async def test_y():\n    pass\n# existing code unchanged\n",
    "text # not a placeholder\n#no words here\n...\n",
    "from  import x\nfrom\n\nimport y\nfrom import z\nfrom a.b  import  (c)\n",
]
OLD_MULTILINE = [   # (new pattern, old pattern, how it is used)
    (guess._STACK, r"^\s*class\s+(\w+)\s*\([^)]*\bTerraformStack\b[^)]*\)", "first group"),
    (guess._TEST, r"^\s*(?:async\s+)?def\s+test_\w*\s*\(|^\s*import\s+pytest\b|^\s*from\s+pytest\b", "found"),
    (guess._HANDLER, r"^\s*def\s+\w*handler\s*\(\s*event\s*,\s*context", "found"),
    (imports._FROM, r"^\s*from\s+(\.*[\w.]*)\s+import\s+(\([^)]*\)|[^\n]*)", "groups"),
    (imports._IMPORT, r"^\s*import\s+([\w.]+)", "groups"),
    (_INFRA_IMPORT, r"^\s*(from|import)\s+(cdktf|constructs|cdktf_cdktf_provider_\w+)\b", "found"),
    (undefined_name._BEFORE_AFTER, r"^\s*#\s*(?:before|after|wrong|incorrect|correct|old|new|fixed|original)\b"
                                   r"[^\n]*:\s*$", "found"),
    (undefined_name._ELISION, r"^\s*(?:\.\.\.|#\s*\.\.\.)\s*$|#\s*(?:\.\.\.|…)|#\s*\[[^\]]*\]"
                              r"|#.*\b(?:rest of|remaining|omitted|truncated|for brevity|similar (?:pattern|code)"
                              r"|same as (?:before|above)|unchanged|existing (?:code|resources|methods)"
                              r"|and so on|etc\b)", "found"),
    (markdown._PLACEHOLDER, r"^\s*(?:\.\.\.|#\s*\.\.\.|pass\s*#.*\.\.\.)\s*$"
                            r"|#.*\b(?:rest of|remaining (?:code|methods|resources)|same as (?:before|above)|unchanged"
                            r"|existing (?:code|methods|resources)|omitted|truncated|for brevity)\b", "found"),
]


def _use(pattern: re.Pattern, how: str, text: str):
    if how == "groups":
        return [m.groups() for m in pattern.finditer(text)]
    m = pattern.search(text)
    return m[1] if how == "first group" and m else bool(m)


@pytest.mark.parametrize("new, old, how", OLD_MULTILINE, ids=lambda x: getattr(x, "pattern", x)[:24])
def test_multiline_patterns_match_the_old_ones(new, old, how):
    old = re.compile(old, new.flags)
    for text in PYTHON:
        assert _use(new, how, text) == _use(old, how, text), text


def test_syntax_error_elisions():
    old = re.compile(r"^\s*(\.\.\.|#\s*\.\.\.|.*/\*.*\.\.\..*\*/)|\(\s*\.\.\.\s*\)|,\s*\.\.\.\s*[,)]")
    lines = ["    ...", "  # ...", "x = f(/* ... */)", "x = f(/* a */ ...)", "/* ... no close",
             "call(...)", "items = [a, ..., b]", "x = 1", "  ", "*/ ... /*"]
    for line in lines:
        assert bool(syntax_error._ELISION.search(line)) is bool(old.search(line)), line


@pytest.mark.parametrize("name, snake", [
    ("HTTPServer", "http_server"), ("S3Bucket", "s3_bucket"), ("IAMRole", "iam_role"),
    ("ABCDefGHIjk", "abc_def_gh_ijk"), ("simple", "simple"), ("AB", "ab"), ("Ab", "ab"),
    ("getHTTPResponseCode", "get_http_response_code"),
])
def test_snake_case(name, snake):
    assert snake_case(name) == snake
