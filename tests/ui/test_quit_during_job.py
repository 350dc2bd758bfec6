"""Quitting during a job cancels it; the job rolls back and the workspace is unchanged."""

from __future__ import annotations

import hashlib
import time

from vocdesk.engine.store import transaction


def _fingerprint(path):
    import sqlite3

    con = sqlite3.connect(str(path))
    try:
        rows = con.execute("SELECT count(*) FROM human_tags").fetchone()[0]
        fb = con.execute("SELECT count(*), max(id) FROM feedback").fetchone()
        log = con.execute("SELECT count(*) FROM human_tag_log").fetchone()[0]
        names = hashlib.sha1(repr(con.execute(
            "SELECT name FROM saved_views ORDER BY name").fetchall()).encode()).hexdigest()
    finally:
        con.close()
    return rows, fb, log, names


def test_quit_cancels_running_job(qtbot, open_page, small_workspace):
    from vocdesk.ui.main_window import MainWindow

    win = MainWindow()
    open_page(win, size=None)
    assert win.open_path(small_workspace)
    before = _fingerprint(small_workspace)
    started = []

    def long_job(ws, progress):
        with transaction(ws.db):
            ws.db.execute("INSERT INTO saved_views (name, filter, created_at) "
                          "VALUES ('half-done', '{}', 'now')")
            ws.db.execute("INSERT INTO human_tags (feedback_id, facet, value, at, origin) "
                          "VALUES (1, 'sentiment', 'negative', 'now', 'analyst')")
            progress.start(10_000, "working")
            started.append(True)
            for i in range(10_000):
                progress.check()
                progress.update(i)
                time.sleep(0.005)
        return "finished"

    results = {"cancelled": 0, "done": 0}
    job = win.session.run_job("long job", long_job,
                              on_done=lambda r: results.__setitem__("done", 1),
                              on_cancelled=lambda: results.__setitem__("cancelled", 1))
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    assert win.job_bar.isVisible() and win.session.busy
    qtbot.wait(100)
    win.close()                  # quit while the job runs (it would run ~50 s if not cancelled)
    assert job.is_cancelled
    assert not win.session.busy
    qtbot.wait(50)
    assert results == {"cancelled": 1, "done": 0}
    assert _fingerprint(small_workspace) == before


def test_cancel_button_cancels(window, qtbot):
    started = []

    def job_fn(ws, progress):
        started.append(1)
        while True:
            progress.check()
            time.sleep(0.01)

    done = []
    window.session.run_job("spin", job_fn, on_cancelled=lambda: done.append(1), topics=())
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    window.job_bar.cancel_button.click()
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    qtbot.waitUntil(lambda: not window.job_bar.isVisible(), timeout=5000)


def test_quit_during_real_import_leaves_file_unchanged(qtbot, open_page, small_workspace):
    import pandas as pd

    from vocdesk.ui.main_window import MainWindow

    win = MainWindow()
    open_page(win, size=None)
    assert win.open_path(small_workspace)
    before = _fingerprint(small_workspace)
    n = 60_000
    frame = pd.DataFrame({"text": [f"第{i}条反馈：物流太慢了，退款也没到" for i in range(n)],
                          "created_at": ["2026-03-01T10:00:00+08:00"] * n})
    seen = []

    def job(ws, progress):
        class Spy:
            def __getattr__(self, name):
                return getattr(progress, name)

            def update(self, done, total=None, message=""):
                seen.append(done)
                progress.update(done, total, message)

        return ws.imports.import_dataframe(frame, "big", progress=Spy())

    j = win.session.run_job("import", job)
    qtbot.waitUntil(lambda: len(seen) > 0, timeout=20000)
    win.close()
    assert j.is_cancelled and not win.session.busy
    assert _fingerprint(small_workspace) == before
