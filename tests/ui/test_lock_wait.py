"""A GUI job whose write waits for another process says so on its progress bar."""

from __future__ import annotations

import json
import sqlite3


def test_job_waiting_for_a_cli_import_says_so(qtbot, window, small_workspace):
    other = sqlite3.connect(str(small_workspace), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")          # another process (a CLI import) is writing
    messages: list[str] = []
    done: list[object] = []
    try:
        job = window.session.run_job(
            "set zone", lambda ws, p: ws.set_setting("timezone", "Europe/Berlin"),
            on_done=done.append, topics=())
        job.signals.progress.connect(lambda d, t, m: messages.append(m))
        qtbot.waitUntil(lambda: any("waiting for another" in m for m in messages),
                        timeout=20000)
        assert not done                        # still waiting, not failed
    finally:
        other.execute("COMMIT")
        other.close()
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    check = sqlite3.connect(str(small_workspace))
    try:
        zone = check.execute("SELECT value FROM settings WHERE key = 'timezone'").fetchone()
    finally:
        check.close()
    assert zone is not None and json.loads(zone[0]) == "Europe/Berlin"
