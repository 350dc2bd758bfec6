#!/usr/bin/env bash
# Set up (scripts/setup.sh) and run the whole test suite headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
