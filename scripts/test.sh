#!/usr/bin/env bash
# Set up, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

# The HTML report's browser test (tests/reporters/test_html_browser.py) drives
# Debian's Chromium through Debian's ChromeDriver. Install them when missing;
# once they are there the test must run (IAC_REVIEW_REQUIRE_BROWSER=1), else it skips.
install_browser() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "test: not root and no sudo: cannot install chromium and chromium-driver" >&2
            return 1
        fi
        # -n in CI (no terminal): fail instead of waiting for a password
        if [ -t 0 ]; then sudo="sudo"; else sudo="sudo -n"; fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "test: apt-get not found: cannot install chromium and chromium-driver" >&2
        return 1
    fi
    echo "test: installing chromium and chromium-driver (apt-get) for the HTML browser test" >&2
    $sudo apt-get update -qq &&
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
}

if [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; then
    install_browser || true
fi
if [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]; then
    export IAC_REVIEW_REQUIRE_BROWSER=1
else
    echo "test: $CHROMIUM or $CHROMEDRIVER is missing and could not be installed:" \
         "the HTML browser test will be skipped (install the Debian packages chromium and chromium-driver)" >&2
fi

exec .venv/bin/python -m pytest "$@"
