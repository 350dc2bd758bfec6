#!/usr/bin/env bash
# Set up (scripts/setup.sh), build and analyse the demo workspace, print its summary and its
# journey map, and write an executive evidence pack (PDF) beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ws="${1:-demo.vocdesk}"
.venv/bin/vocdesk demo --workspace "$ws"
.venv/bin/vocdesk journey "$ws"
.venv/bin/vocdesk report "$ws" --template executive --out "${ws%.vocdesk}-executive.pdf"
