"""`iac-review stats`: the numbers of a store, and a page whose plots a real browser draws."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from browser import chromium
from iac_review.cli.main import main
from iac_review.stats.tables import collect, text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "images"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("stats")
    for task in sorted(EXAMPLES.iterdir()):
        if (task / "lib").is_dir():
            shutil.copytree(task, root / "corpus" / task.name)
    path = root / "s.sqlite"
    assert main(["batch", str(root / "corpus"), "--store", str(path), "--no-synth", "-q"]) == 0
    return path


def test_stats_print_the_corpus_as_a_whole(store, capsys):
    assert main(["stats", str(store), "--no-html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("15 units of 5 tasks: 15 ok")
    assert "findings per source" in out and "model" in out and "rules (top 15):" in out
    assert "SCH001" in out and "seconds per stage" in out
    assert not store.with_suffix(".html").exists()


def test_stats_without_a_store_is_a_usage_error(tmp_path, capsys):
    assert main(["stats", str(tmp_path / "none.sqlite")]) == 2
    assert "no such store" in capsys.readouterr().err


def test_the_page_draws_every_plot_in_a_browser(store, tmp_path):
    page = tmp_path / "stats.html"
    assert main(["stats", str(store), "-o", str(page), "-q"]) == 0
    text = page.read_text()
    assert "<script src=" not in text   # plotly.js is inlined: the page works offline
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with chromium() as browser:
        browser.set_window_size(1280, 2600)
        browser.get(page.as_uri())
        sections = browser.find_elements(By.CSS_SELECTOR, "section.plot")
        assert [s.get_attribute("id") for s in sections] == ["categories", "rules", "sources", "scores", "time"]
        WebDriverWait(browser, 30).until(
            lambda b: all(s.find_elements(By.CSS_SELECTOR, "svg.main-svg g.trace") for s in sections))
        bars = browser.find_elements(By.CSS_SELECTOR, "#categories g.point path")
        assert len(bars) >= 5
        shot = tmp_path / "stats.png"
        assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 20_000
        # IAC_REVIEW_UPDATE_SCREENSHOTS=1 refreshes the picture in docs/batch.md
        if SCREENSHOTS.is_dir() and os.environ.get("IAC_REVIEW_UPDATE_SCREENSHOTS") == "1":
            shutil.copy2(shot, SCREENSHOTS / "stats.png")


def test_the_unit_tests_verdicts_are_counted():
    rows = [{"task": f"t{n}", "source": "code", "stage": "tests", "status": status, "seconds": 2.0,
             "findings": "[]", "detail": "{}"} for n, status in enumerate(("passed", "passed", "failed", "no_tests"))]
    stats = collect(rows, [])
    assert "unit tests: 2 passed, 1 failed, 1 no_tests" in text(stats)
    assert stats.stage_seconds["tests"] == [2.0, 2.0, 2.0]   # a project without tests took no time
