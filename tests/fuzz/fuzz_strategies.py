"""Hypothesis strategies shared by the fuzz tests: markdown-ish text and CDKTF-like Python.

Random characters almost never form a fence or a heading, so the markdown
strategy assembles lines from fragments the reader reacts to (fences with and
without info strings, headings, bold, backticks, paths good and bad) mixed with
random text, long runs, odd line ends, unicode, NUL and control characters.
"""
from __future__ import annotations

import json
import keyword

from hypothesis import strategies as st

FENCES = ("```", "~~~", "````", "~~~~", "```python", "```py", "``` python", "```json", "```bash",
          "```markdown", "```md", "```yaml", "```text", '```python title="lib/x.py"',
          "```python title='../x.py'", "```python:lib/y.py", "```lib/z.py", "~~~python",
          "```python {.x}", "```x```", "   ```", "\t```python", "    ```")
HEADINGS = tuple("#" * n + " " for n in range(1, 8)) + ("#", "##File: ", "## 1. Stack (", "### ")
MARKUP = ("**", "__", "`", "``", "*", "_", "(", ")", ":", " - ", "File: ", "Path: ", "# ", "// ",
          "-- ", "/* ", " */", "...", "# ... rest of the code", "#!/usr/bin/env python",
          "# -*- coding: utf-8 -*-", '"""', "'''", "\\_", "**init**.py", "\\_\\_init\\_\\_.py",
          "https://example.com/lib/x.py")
PATHS = ("lib/x.py", "lib/tap_stack.py", "tap.py", "main.py", "cdktf.json", "lib/stacks/vpc.py",
         "x.py", "stack.py", "Pipfile", "requirements.txt", "../x.py", "lib/../../etc/x.py",
         "/abs/x.py", "/etc/passwd.py", "C:\\x\\y.py", "~/x.py", "./lib/./x.py", "lib//x.py",
         "lib\\win.py", "lib/x.py/y.py", "lib/*.py", "a" * 300 + ".py", "lib/\x01.py", "lib/é.py")
CODE = ("from lib.x import Y", "from lib.stacks.vpc import VpcStack", "import os",
        "from cdktf import App, TerraformStack", "class TapStack(TerraformStack):",
        "class Y:", "def f():", "    pass", "x = {", "}", "app = App()", "app.synth()",
        '{"app": "python tap.py", "language": "python"}', "    super().__init__(scope, id)")
RUNS = ("#" * 200, " " * 200, "\t" * 50, "`" * 40, "~" * 40, "*" * 100, "(" * 60, "_" * 80)
ODD = ("\x00", "\t", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff",
       "\u200b", "é", "日本語", "🚀", "\ud7ff", "\U0010ffff")
NEWLINES = ("\n", "\n", "\n", "\r\n", "\r", "")

fragments = st.one_of(
    st.sampled_from(FENCES + HEADINGS + MARKUP + PATHS + CODE + RUNS + ODD),
    st.text(max_size=10),
)
# Whole fence lines and name lines get their own branches: mixed into fragments they are too rare.
markdown_line = st.one_of(
    st.sampled_from(FENCES),
    st.tuples(st.sampled_from(HEADINGS + ("**", "# ", "")), st.sampled_from(PATHS)).map("".join),
    st.lists(fragments, max_size=6).map("".join),
)
markdown = st.lists(st.tuples(markdown_line, st.sampled_from(NEWLINES)), max_size=40).map(
    lambda lines: "".join(line + end for line, end in lines))

# Path-like strings for sanitise: segments good and bad, joined by either slash.
path_segment = st.one_of(st.sampled_from(("", ".", "..", "~", "lib", "x.py", "C:", "*", " ", "\x00",
                                          "\x1f", "a" * 260, "é" * 130, "`x`", "'y'")),
                         st.text(max_size=8))
path_like = st.lists(st.tuples(st.sampled_from(("/", "\\", "//", "/./")), path_segment), max_size=8).map(
    lambda parts: "".join(sep + seg for sep, seg in parts)) | st.text()


# --- CDKTF-like Python --------------------------------------------------------------------------

# (provider module, class): real ones engage the rules and the schema; made-up ones exercise misses.
RESOURCES = (("s3_bucket", "S3Bucket"), ("iam_role", "IamRole"), ("lambda_function", "LambdaFunction"),
             ("security_group", "SecurityGroup"), ("vpc", "Vpc"), ("subnet", "Subnet"),
             ("kms_key", "KmsKey"), ("provider", "AwsProvider"), ("instance", "Instance"),
             ("db_instance", "DbInstance"), ("iam_policy", "IamPolicy"),
             ("cloudwatch_log_group", "CloudwatchLogGroup"), ("route53_zone", "Route53Zone"),
             ("s3_bucket_policy", "S3BucketPolicy"), ("not_a_module", "NotAClass"))
KEYWORDS = ("bucket", "tags", "policy", "assume_role_policy", "cidr_block", "ingress", "egress",
            "from_port", "to_port", "protocol", "cidr_blocks", "handler", "runtime", "role",
            "environment", "variables", "statement", "effect", "actions", "resources", "principals",
            "encrypted", "kms_key_id", "region", "default_tags", "name", "vpc_id", "subnet_id",
            "publicly_accessible", "storage_encrypted", "password", "retention_in_days",
            "enable_key_rotation", "force_destroy", "acl", "filename", "timeout", "depends_on")
identifier = st.from_regex(r"[a-z_][a-z0-9_]{0,10}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name))
keyword_name = st.sampled_from(KEYWORDS) | identifier


def _quoted(text: str) -> str:
    return repr(text)


scalars = st.one_of(
    st.integers(-(2 ** 70), 2 ** 70).map(str),
    st.sampled_from(("True", "False", "None", "0.5", '"*"', '"s3:*"', '"0.0.0.0/0"', '"us-east-1"',
                     '"python3.7"', '"AES256"', '"public-read"', "self.region", "os.environ['X']",
                     "Fn.join(',', ['a'])", "bucket.arn", "role.name", "json.dumps({'a': 1})")),
    st.text(max_size=12).map(_quoted),
    # f-strings with Terraform interpolation, the way answers write references
    st.sampled_from(('f"${{{bucket.arn}}}/*"', 'f"arn:aws:s3:::${{{x}}}"', 'f"{name}-${{aws_s3.id}}"',
                     'f"${{var.{k}}}"', "f'{environment_suffix}'", 'f"{{}}${{"')),
)
# Values nested close to (and past) parse_python's depth bound, where recursive walks break.
_OPEN_CLOSE = (("[", "]"), ("{'k': ", "}"), ("Fn.join(',', ", ")"), ("(", ")"))
deep_values = st.tuples(st.sampled_from(_OPEN_CLOSE), st.integers(1, 120)).map(
    lambda t: t[0][0] * t[1] + "1" + t[0][1] * t[1])
values = st.recursive(
    scalars | deep_values,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(st.sampled_from(KEYWORDS) | identifier, inner, max_size=4).map(
            lambda d: "{" + ", ".join(f"{_quoted(k)}: {v}" for k, v in d.items()) + "}"),
        st.tuples(st.sampled_from(RESOURCES), st.lists(st.tuples(keyword_name, inner), max_size=3)).map(
            lambda t: f"{t[0][1]}Config(" + ", ".join(f"{k}={v}" for k, v in t[1]) + ")"),
    ),
    max_leaves=12,
)


@st.composite
def resource_call(draw) -> tuple[str, str]:
    """(import line, statement) creating one resource with random keyword arguments."""
    module, cls = draw(st.sampled_from(RESOURCES))
    name = draw(st.sampled_from(("bucket", "role", "x", "key")) | identifier)   # the names values refer to
    kwargs = draw(st.lists(st.tuples(keyword_name, values), max_size=5, unique_by=lambda kv: kv[0]))
    args = "".join(f", {k}={v}" for k, v in kwargs)
    construct_id = draw(st.sampled_from(('"id"', '"bucket"', 'f"{name}-x"', '""', "construct_id")))
    return (f"from cdktf_cdktf_provider_aws.{module} import {cls}",
            f"{name} = {cls}(self, {construct_id}{args})")


@st.composite
def stack_module(draw) -> str:
    """A stack file: imports, a TerraformStack subclass, resource calls, maybe an output."""
    calls = draw(st.lists(resource_call(), max_size=6))
    extra = draw(st.lists(st.sampled_from(("TerraformOutput(self, 'o', value=bucket.arn)",
                                           "self.add_override('x', 1)", "pass", "for i in range(3):",
                                           "if True:", "return", "del x", "lambda: None")), max_size=2))
    imports = sorted({imp for imp, _ in calls})
    body = [stmt for _, stmt in calls] + extra
    lines = ["import json", "import os", "from constructs import Construct",
             "from cdktf import TerraformStack, TerraformOutput, Fn", *imports, "", "",
             f"class {draw(st.sampled_from(('TapStack', 'MyStack', 'VpcStack')))}(TerraformStack):",
             "    def __init__(self, scope: Construct, construct_id: str, **kwargs):",
             "        super().__init__(scope, construct_id)",
             *("        " + stmt for stmt in body)]
    return "\n".join(lines) + "\n"


APP = ("#!/usr/bin/env python\nfrom cdktf import App\nfrom lib.tap_stack import TapStack\n\n"
       "app = App()\nTapStack(app, 'tap', environment_suffix='dev')\napp.synth()\n")


@st.composite
def cdktf_answer(draw) -> str:
    """A model answer: prose, a stack block (named in one of the usual ways), maybe tap.py, noise."""
    parts = [draw(markdown)]
    for _ in range(draw(st.integers(1, 3))):
        code = draw(stack_module())
        how = draw(st.sampled_from(("heading", "bold", "comment", "title", "none")))
        path = draw(st.sampled_from(("lib/tap_stack.py", "tap_stack.py", "lib/stacks/x.py", "main.py")))
        if how == "heading":
            parts.append(f"## {path}\n\n```python\n{code}```\n")
        elif how == "bold":
            parts.append(f"**{path}**\n```python\n{code}```\n")
        elif how == "comment":
            parts.append(f"```python\n# {path}\n{code}```\n")
        elif how == "title":
            parts.append(f'```python title="{path}"\n{code}```\n')
        else:
            parts.append(f"```python\n{code}```\n")
    if draw(st.booleans()):
        parts.append(f"## tap.py\n```python\n{APP}```\n")
    parts.append(draw(markdown))
    return "\n".join(parts)


# --- the rest of a task folder -------------------------------------------------------------------

# A human failure analysis: numbered headings and lines, severity groups, file:line mentions.
FAILURE_MARKS = ("## ", "### ", "1. ", "2) ", "Issue 3: ", "## Critical Failures", "## Summary",
                 "### Root Cause", "**Severity**: High", "Impact Level: critical", "- ", "(lines 3-9)",
                 "lib/tap_stack.py:12", "tap.py line 4", "`S3Bucket`", "`bucket.arn`", "public bucket",
                 "IAM wildcard", "missing encryption", "hardcoded region", "no backend")
failures_markdown = st.lists(st.one_of(
    st.lists(st.sampled_from(FAILURE_MARKS) | st.text(max_size=6), min_size=1, max_size=4).map("".join),
    markdown_line), max_size=30).map("\n".join)

json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=3),
                           max_leaves=8)
metadata = st.one_of(
    st.fixed_dictionaries({}, optional={"platform": st.sampled_from(("cdktf", "cdk", "tf")) | json_values,
                                        "language": st.sampled_from(("py", "python", "ts")) | json_values,
                                        "region": st.sampled_from(("us-east-1", "mars-1", "")) | json_values,
                                        "subject_labels": json_values}),
    json_values,
).map(json.dumps)
