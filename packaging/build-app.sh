#!/bin/sh
# Build the one-folder desktop app with PyInstaller, then check that it starts and opens the
# demo (under the offscreen platform, so it also works on a build server).
#   packaging/build-app.sh            -> dist/vocdesk/vocdesk
# Needs: the project installed in the current Python (pip install -e .) and pyinstaller.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m PyInstaller --version >/dev/null 2>&1 || "$PY" -m pip install "pyinstaller>=6.6"
"$PY" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    packaging/pyinstaller/vocdesk.spec
APP=dist/vocdesk/vocdesk
echo "built $APP ($(du -sh dist/vocdesk | cut -f1))"
if [ "${SKIP_SMOKE:-0}" != 1 ]; then
    TMP=$(mktemp -d)
    # --smoke: open the demo (built in the background on first use), wait for it, then quit 0
    QT_QPA_PLATFORM=offscreen VOCDESK_SETTINGS="$TMP/settings.ini" VOCDESK_DEMO_PATH="$TMP/demo.vocdesk" \
        timeout 900 "$APP" --demo --smoke
    echo "smoke test passed: the app started and opened the demo"
fi
