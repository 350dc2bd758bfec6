#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine for vocdesk: Qt's system libraries, then a virtualenv
# in .venv with vocdesk and its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
if command -v apt-get >/dev/null; then
  need=()
  for pkg in libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 \
             python3-venv poppler-utils; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# Skip the (slow) pip install when .venv already holds exactly what pyproject.toml and setup.py
# ask for: the stamp is their hash, written only after a successful install.
STAMP=.venv/.vocdesk-install-hash
want=$(cat pyproject.toml setup.py | sha256sum | cut -d' ' -f1)
if [ "${VOCDESK_FORCE_INSTALL:-}" != 1 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] \
   && .venv/bin/python -c "import vocdesk, vocdesk_resources" 2>/dev/null; then
  exit 0
fi
rm -f "$STAMP"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
echo "$want" > "$STAMP"
