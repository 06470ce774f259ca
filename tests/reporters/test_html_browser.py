"""The HTML page in a real browser: Debian's Chromium, driven through its ChromeDriver.

The page is written to a file and opened from file://, as a reviewer would
(tests/browser.py says when the tests skip).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser import chromium
from iac_review import api
from iac_review.reporters import _common, _html_diff, html

STACK = '''\
from constructs import Construct
from cdktf import TerraformStack, TerraformOutput
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning
from cdktf_cdktf_provider_aws.iam_role import IamRole


class TapStack(TerraformStack):
    def __init__(self, scope: Construct, id: str, environment_suffix: str = "dev", **kwargs):
        super().__init__(scope, id)
        AwsProvider(self, "aws", region="us-east-1")
        bucket = S3Bucket(self, "logs", bucket=f"logs-{environment_suffix}")
        S3BucketVersioning(self, "logs_versioning", bucket=bucket.id,
                           versioning_configuration={"status": "Enabled"})
        role = IamRole(self, "reader", name=f"reader-{environment_suffix}",
                       assume_role_policy="{}",
                       permissions_boundary="arn:aws:iam::123456789012:policy/boundary")
        note = "</script><b>not markup</b>"
        TerraformOutput(self, "bucket_name", value=bucket.bucket)
'''

IDEAL_STACK = '''\
from constructs import Construct
from cdktf import TerraformStack, TerraformOutput
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity


class TapStack(TerraformStack):
    def __init__(self, scope: Construct, construct_id: str, environment_suffix: str = "dev", **kwargs):
        super().__init__(scope, construct_id)
        AwsProvider(self, "aws", region=kwargs.get("aws_region", "us-east-1"))
        bucket = S3Bucket(self, "logs", bucket=f"logs-{environment_suffix}")
        S3BucketVersioningA(self, "logs_versioning", bucket=bucket.id,
                            versioning_configuration={"status": "Enabled"})
        me = DataAwsCallerIdentity(self, "me")
        role = IamRole(self, "reader", name=f"reader-{environment_suffix}",
                       assume_role_policy="{}",
                       permissions_boundary=f"arn:aws:iam::{me.account_id}:policy/boundary")
        TerraformOutput(self, "bucket_name", value=bucket.bucket)
'''

APP = '''\
import os

from cdktf import App

from lib.tap_stack import TapStack

app = App()
suffix = os.environ.get("ENVIRONMENT_SUFFIX", "dev")
TapStack(app, f"TapStack{suffix}", environment_suffix=suffix)
app.synth()
'''


def _answer(title: str, stack: str) -> str:
    return (f"# {title}\n\nThe stack and its entry point.\n\n## lib/tap_stack.py\n\n```python\n{stack}```\n\n"
            f"## lib/__init__.py\n\n```python\n\n```\n\n## tap.py\n\n```python\n{APP}```\n")


def _write_task(root: Path) -> Path:
    task = root / "task"
    (task / "lib").mkdir(parents=True)
    (task / "metadata.json").write_text(json.dumps({"platform": "cdktf", "language": "py",
                                                    "complexity": "medium", "subtask": "storage"}))
    (task / "lib" / "MODEL_RESPONSE.md").write_text(_answer("Model answer", STACK))
    (task / "lib" / "IDEAL_RESPONSE.md").write_text(_answer("Ideal answer", IDEAL_STACK))
    return task


@pytest.fixture(scope="module")
def driver():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    root = tmp_path_factory.mktemp("html-browser")
    task = _write_task(root)
    review = api.review([str(task)], api.ReviewConfig())
    inp = review.inputs[0]
    page = root / "review.html"
    page.write_text(html.render_input(inp, review), encoding="utf-8")
    return inp, page


@pytest.fixture
def page(driver, reviewed):
    from selenium.webdriver.common.by import By

    inp, path = reviewed
    driver.get(path.as_uri())
    assert driver.find_element(By.CSS_SELECTOR, "h1").text == "task"
    return driver, inp


def _visible(driver, selector: str) -> list:
    from selenium.webdriver.common.by import By

    return [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]


def _visible_rules(driver) -> list[tuple[str, str, str]]:
    return sorted((e.get_attribute("data-severity"), e.get_attribute("data-category"), e.get_attribute("data-rule"))
                  for e in _visible(driver, ".finding"))


def _all_rules(findings) -> list[tuple[str, str, str]]:
    return sorted((f.severity.value, f.category, f.rule_id) for f in findings)


def _click(driver, selector: str) -> None:
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
    box.click()


def test_the_review_has_what_the_page_is_tested_with(reviewed):
    inp, _ = reviewed
    rules = {f.rule_id for f in inp.findings}
    assert {"PY002", "HC001"} <= rules, rules   # the `id` parameter and the account id
    assert len({f.severity for f in inp.findings}) >= 2
    assert inp.ideal_diff is not None and inp.ideal_diff.hunks


def test_every_finding_is_visible_and_the_script_ran(page):
    driver, inp = page
    assert len(_visible(driver, ".finding")) == len(inp.findings)
    assert _visible_rules(driver) == _all_rules(inp.findings)
    counter = driver.find_element("css selector", "[data-visible-count]")
    assert counter.text == str(len(inp.findings))
    # the hostile string in the code is shown as text, not parsed
    assert "</script><b>not markup</b>" in driver.find_element("css selector", "table.code").text
    assert driver.execute_script("return document.querySelectorAll('script').length") == 1


def test_severity_filter_hides_exactly_that_severity(page):
    driver, inp = page
    counts: dict[str, int] = {}
    for f in inp.findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    severity = max(sorted(counts), key=lambda s: counts[s])
    selector = f'input[data-filter-severity="{severity}"]'
    _click(driver, selector)
    expected = _all_rules(f for f in inp.findings if f.severity.value != severity)
    assert _visible_rules(driver) == expected
    assert len(_visible(driver, f'.marker[data-severity="{severity}"]')) == 0
    assert driver.find_element("css selector", "[data-visible-count]").text == str(len(expected))
    _click(driver, selector)
    assert _visible_rules(driver) == _all_rules(inp.findings)
    assert len(_visible(driver, f'.marker[data-severity="{severity}"]')) == counts[severity]


def test_category_filter_hides_exactly_that_category(page):
    driver, inp = page
    category = sorted({f.category for f in inp.findings})[0]
    selector = f'input[data-filter-category="{category}"]'
    _click(driver, selector)
    assert _visible_rules(driver) == _all_rules(f for f in inp.findings if f.category != category)
    assert not _visible(driver, f'.marker[data-category="{category}"]')
    _click(driver, selector)
    assert len(_visible(driver, ".finding")) == len(inp.findings)


def test_none_and_all_buttons(page):
    driver, inp = page
    _click(driver, 'button[data-filter-all="off"]')
    assert not _visible(driver, ".finding") and not _visible(driver, ".marker")
    _click(driver, 'button[data-filter-all="on"]')
    assert len(_visible(driver, ".finding")) == len(inp.findings)


def test_diff_shows_both_columns(page):
    driver, inp = page
    hunks = _visible(driver, ".diff .hunk")
    assert len(hunks) == len(inp.ideal_diff.hunks)
    model_cells = _visible(driver, ".diff td.model")
    ideal_cells = _visible(driver, ".diff td.ideal")
    assert model_cells and ideal_cells
    ideal_text = " ".join(c.text for c in ideal_cells)
    model_text = " ".join(c.text for c in model_cells)
    assert "S3BucketVersioningA" in ideal_text and "123456789012" in model_text
    # the columns sit side by side: the ideal column starts right of the model column
    assert ideal_cells[0].location["x"] > model_cells[0].location["x"] + model_cells[0].size["width"] // 2
    for hunk, element in zip(inp.ideal_diff.hunks, hunks, strict=True):
        if not hunk.findings:
            assert _html_diff.UNEXPLAINED in element.text


def test_score_total_is_shown(page):
    driver, inp = page
    score = _common.score_of(inp)
    assert score is not None
    box = _visible(driver, ".score")[0]
    assert box.get_attribute("data-score-total") == str(score.total)
    assert driver.find_element("css selector", ".score .total").text == str(score.total)
    assert ("passes" if score.passed else "fails") in box.text
    assert _visible(driver, ".score table.terms tr")
