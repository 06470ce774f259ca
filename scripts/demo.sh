#!/usr/bin/env bash
# Set up, then review a bundled example task and write its MODEL_FAILURES.md and HTML page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

example=examples/iot-manufacturing
out=iac-review-out/iot-manufacturing/MODEL_FAILURES.md
# Exit code 1 only means "findings at or above --fail-on": expected for this example.
.venv/bin/iac-review check "$example" || [ $? -eq 1 ]
# The example's pipeline runs Terraform 1.9 (its PROMPT.md says so): use_lockfile is an error there.
.venv/bin/iac-review report "$example" -o "$out" --terraform-version 1.9
echo
echo "The failure analysis is in $out (and ${out%.md}.html); its first lines:"
head -n 30 "$out"
