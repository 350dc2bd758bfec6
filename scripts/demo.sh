#!/usr/bin/env bash
# Set up (scripts/setup.sh), build and analyse the demo workspace, print its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/vocdesk demo --workspace "${1:-demo.vocdesk}"
