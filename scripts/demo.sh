#!/usr/bin/env bash
# The whole job on a fresh machine: set up (scripts/setup.sh), build and analyse the demo
# workspace, print its summary and journey map, write the demo meeting pack (and the executive
# brief) beside it and say where, then open the workbench when there is a display.
# VOCDESK_NO_GUI=1 (or CI set, or no DISPLAY / WAYLAND_DISPLAY) skips the GUI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ws="${1:-demo.vocdesk}"
base="${ws%.vocdesk}"
.venv/bin/vocdesk demo --workspace "$ws"
.venv/bin/vocdesk journey "$ws"
.venv/bin/vocdesk report "$ws" --template meeting --out "$base-meeting.pdf"
.venv/bin/vocdesk report "$ws" --template executive --out "$base-executive.pdf"
echo "the demo meeting pack: $(realpath "$base-meeting.pdf") (executive brief: $(realpath "$base-executive.pdf"))"
if [[ -z "${CI:-}" && -z "${VOCDESK_NO_GUI:-}" && ( -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ) ]]; then
    echo "opening the workbench (close its window to finish) …"
    exec .venv/bin/vocdesk gui "$ws"
else
    echo "no display here: open the workbench later with .venv/bin/vocdesk gui $ws"
fi
