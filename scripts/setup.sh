#!/usr/bin/env bash
# Create .venv and install iac-review with its test tools at the versions of
# requirements.lock (so a new upstream release never changes what runs here).
# Safe to run again: it reinstalls only when pyproject.toml or the lock changed.
# After changing dependencies in pyproject.toml, regenerate the lock with
#   pip-compile --extra test --strip-extras --allow-unsafe --no-emit-index-url \
#       --no-emit-find-links -o requirements.lock pyproject.toml
# run by the oldest Python 3.11 you support (Debian 12 has 3.11.2): a lock made on a later
# 3.11 may pin releases that refuse the earlier ones (soupsieve 4 needs 3.11.5).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "setup: Python 3.11 or later is required (set PYTHON=/path/to/python3.11)" >&2
    exit 2
fi

if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv" >&2
    "$PYTHON" -m venv .venv
fi

# The sandbox that runs model code uses bubblewrap (Debian's bubblewrap; Flatpak's sandbox) and
# setpriv (util-linux) on Linux. Without them synthesis still runs, in a weaker sandbox, and
# every review says so.
if [ "$(uname -s)" = "Linux" ] && ! command -v bwrap >/dev/null 2>&1; then
    . scripts/lib/apt.sh
    apt_install "the synthesis sandbox" bubblewrap ||
        echo "setup: WARNING: bubblewrap is not installed: model code will run in a weaker sandbox" \
             "(not as an unprivileged user, with the host's file system view remounted read-only)" >&2
fi

stamp=.venv/.iac-review-installed
wanted=$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "setup: installing iac-review and its dependencies (the AWS provider bindings are large; first run takes a few minutes)" >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
    echo "$wanted" > "$stamp"
fi
