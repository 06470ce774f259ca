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
. scripts/lib/apt.sh
install_browser() {
    apt_install "the HTML browser test" chromium chromium-driver
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

# setup.sh installs bubblewrap where it can; where it is there, the sandbox's privilege tests
# must run (tests/synth/test_hostile_privilege.py), not skip.
if command -v bwrap >/dev/null 2>&1; then
    export IAC_REVIEW_REQUIRE_BWRAP=1
fi

exec .venv/bin/python -m pytest "$@"
