#!/usr/bin/env bash
# Build the wheel from the tree, install it into a fresh venv OUTSIDE the tree, and run the demo
# and --version from there: proves the wheel carries everything (resources included) and does
# not lean on the source checkout. Used by .ci/run after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
.venv/bin/python -m build --wheel --outdir "$TMP/dist" . >"$TMP/build.log" 2>&1 \
  || { cat "$TMP/build.log"; exit 1; }
"$PY" -m venv "$TMP/venv"
"$TMP/venv/bin/python" -m pip install -q "$TMP"/dist/*.whl
cd "$TMP"   # nothing from the tree on sys.path
"$TMP/venv/bin/vocdesk" --version
"$TMP/venv/bin/vocdesk" demo --rows 2000 --workspace "$TMP/demo.vocdesk"
echo "wheel OK: $(ls "$TMP"/dist)"
