#!/usr/bin/env bash
# Set up, then review the bundled example task and write its MODEL_FAILURES.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

example=examples/sensor-ingest
out=iac-review-out/sensor-ingest/MODEL_FAILURES.md
# Exit code 1 only means "findings at or above --fail-on": expected for this example.
.venv/bin/iac-review check "$example" || [ $? -eq 1 ]
.venv/bin/iac-review report "$example" -o "$out"
echo
echo "The failure analysis is in $out; its first lines:"
head -n 30 "$out"
