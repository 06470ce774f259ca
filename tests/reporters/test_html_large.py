"""The HTML page stays readable: code far from findings is folded, large reviews start folded,
the score says what it rates, and a browser shows folded lines on request."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from browser import chromium
from iac_review.api import InputReview, Review, ReviewConfig
from iac_review.core.finding import Severity
from iac_review.core.workspace import Project, SourceFile
from iac_review.reporters import html
from iac_review.score.compute import Score, Term

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "images"
LONG_FILE = "".join(f"value_{n} = {n}  # line {n}\n" for n in range(1, 101))


def _input(make_finding, findings_at: list[int], text: str = LONG_FILE, files: int = 1) -> InputReview:
    sources = {f"lib/mod_{k}.py": SourceFile(f"lib/mod_{k}.py", text) for k in range(files)}
    project = Project(input="tasks/big", kind="project", files=sources)
    findings = [make_finding("SEC001", line, f"finding {n}", origin=False, input_="tasks/big",
                             path=f"lib/mod_{n % files}.py")
                for n, line in enumerate(findings_at)]
    return InputReview(project=project, findings=findings)


def test_lines_far_from_findings_are_folded(make_finding):
    text = html.render_input(_input(make_finding, [50]))
    shown = [int(n) for n in re.findall(r'<tr id="in1-c1-L(\d+)"(?![^>]*hidden)', text)]
    assert shown == list(range(47, 54))
    assert text.count('<tr class="gap"') == 2
    assert 'data-reveal="in1-c1-g1">Show lines 1&ndash;46' in text
    assert len(re.findall(r'<tr id="in1-c1-L\d+"[^>]* hidden data-in-gap=', text)) == 100 - 7
    # every line is still on the page, highlighted, for the reader who unfolds it
    assert '<span class="n">value_100</span>' in text


def test_a_short_gap_is_not_folded(make_finding):
    text = html.render_input(_input(make_finding, [10, 16]))
    assert 'data-reveal="in1-c1-g1">Show lines 1&ndash;6' in text
    assert not re.search(r'<tr id="in1-c1-L1[0-6]"[^>]* hidden', text)   # 13 and 14 sit between two windows


def test_a_thousand_findings_start_folded_and_list_few_links_per_item(make_finding):
    inp = _input(make_finding, [1 + n % 100 for n in range(1000)], files=10)
    text = html.render_input(inp)
    files = re.findall(r'<details class="file" data-file="[^"]+"( open)?>', text)
    assert len(files) == 10 and files.count(" open") == 0
    assert "and 980 more" in text
    assert text.count('<article class="finding') == 1000


def test_the_score_says_what_it_rates_beside_serious_findings(make_finding):
    inp = _input(make_finding, [5, 6])
    inp.findings = [f.__class__(**{**f.__dict__, "severity": Severity.CRITICAL}) for f in inp.findings]
    inp.score = Score(total=10, passed=True, terms=[Term("base", 8, "base")], failure_adjustment=2, raw=10)
    text = html.render_input(inp)
    assert "rates this task as training data, not the code" in text
    assert "Its 2 Critical or High findings therefore raise the score" in text


def test_a_browser_unfolds_the_lines_on_request(make_finding, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(html.render_input(_input(make_finding, [50])), encoding="utf-8")
    with chromium() as browser:
        browser.get(page.as_uri())
        assert not browser.find_element("id", "in1-c1-L10").is_displayed()
        browser.find_element("css selector", 'button[data-reveal="in1-c1-g1"]').click()
        assert browser.find_element("id", "in1-c1-L10").is_displayed()
        assert not browser.find_element("css selector", 'tr[data-gap="in1-c1-g1"]').is_displayed()


def test_a_thousand_findings_make_a_short_page(make_finding, tmp_path):
    inp = _input(make_finding, [1 + n % 100 for n in range(1000)], files=10)
    page = tmp_path / "page.html"
    page.write_text(html.render(Review([inp], ReviewConfig())), encoding="utf-8")
    with chromium() as browser:
        browser.set_window_size(1280, 1600)
        browser.get(page.as_uri())
        height = browser.execute_script("return document.body.scrollHeight")
        assert height < 8000, height


def test_screenshot_of_a_real_review(tmp_path):
    """The picture in docs/output-formats.md (refreshed with IAC_REVIEW_UPDATE_SCREENSHOTS=1)."""
    from iac_review.api import review

    example = Path(__file__).resolve().parents[2] / "examples" / "iot-manufacturing"
    result = review([str(example)], ReviewConfig())
    page = tmp_path / "report.html"
    page.write_text(html.render_input(result.inputs[0], result), encoding="utf-8")
    with chromium() as browser:
        browser.set_window_size(1280, 1400)
        browser.get(page.as_uri())
        shot = tmp_path / "report.png"
        assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 20_000
        browser.execute_script("document.querySelector('.code-view').scrollIntoView()")
        code = tmp_path / "report-code.png"
        assert browser.save_screenshot(str(code))
    if SCREENSHOTS.is_dir() and os.environ.get("IAC_REVIEW_UPDATE_SCREENSHOTS") == "1":
        shutil.copy2(shot, SCREENSHOTS / "report.png")
        shutil.copy2(code, SCREENSHOTS / "report-code.png")
