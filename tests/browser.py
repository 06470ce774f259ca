"""Debian's headless Chromium through its ChromeDriver, for the tests that render our pages.

Without chromium, chromedriver or selenium the tests skip, unless
IAC_REVIEW_REQUIRE_BROWSER=1 (scripts/test.sh sets it once the browser is
installed): then a missing browser is a failure.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
REQUIRED = os.environ.get("IAC_REVIEW_REQUIRE_BROWSER") == "1"
CHROME_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--window-size=1280,1600")


def unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"IAC_REVIEW_REQUIRE_BROWSER=1 but the browser test cannot run: {reason}")
    pytest.skip(f"browser test skipped: {reason} (apt-get install chromium chromium-driver; "
                "pip install selenium)")


@contextlib.contextmanager
def chromium():
    """A started browser (skips or fails the test as above when there is none)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        unavailable("selenium is not installed")
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            unavailable(f"{path} is missing")
    profile = tempfile.mkdtemp(prefix="iac-review-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (*CHROME_ARGS, f"--user-data-dir={profile}"):
        options.add_argument(arg)
    try:
        # The Debian driver, named explicitly: selenium-manager never runs, nothing is downloaded.
        browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except Exception as exc:  # noqa: BLE001  (reported as the skip or failure reason)
        shutil.rmtree(profile, ignore_errors=True)
        unavailable(f"chromium did not start: {type(exc).__name__}: {exc}")
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)
