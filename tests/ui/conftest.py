"""UI fixtures: an isolated settings file, English strings, pages opened one way, no leaks.

``open_page`` is how every GUI test shows a page (the main window included); the
:class:`tests.ui.pagetest.PageTest` base class adds the empty / one-row workspace runs, and the
autouse ``no_leaked_widgets`` fails any test that leaves a top-level widget alive.
"""

from __future__ import annotations

import gc

import pytest


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Settings in a temporary file; English UI strings, the language restored afterwards."""
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("VOCDESK_SETTINGS", str(path))
    monkeypatch.setenv("VOCDESK_LANG", "en")
    from vocdesk import i18n

    before = i18n.language()
    i18n.set_language("en")
    yield path
    i18n.set_language(before)


def _flush_deletes() -> None:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        gc.collect()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


def _key(widget) -> int:
    import shiboken6

    return shiboken6.getCppPointer(widget)[0]


def _live_windows() -> dict[int, object]:
    """Top-level widgets still alive, by C++ address (Qt's tooltip singleton excluded)."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    return {_key(w): w for w in QApplication.topLevelWidgets()
            if shiboken6.isValid(w) and w.parent() is None
            and type(w).__name__ != "QTipLabel" and w.objectName() != "qtooltip_label"}


def _describe(widget) -> str:
    """A hint to find the leak: a menu's first action texts."""
    acts = [a.text() for a in widget.actions()[:3] if a.text()]
    return f" with {acts}" if acts else ""


@pytest.fixture(autouse=True)
def no_leaked_widgets(qapp, request):
    """Fail a test that leaves a top-level widget alive (napari's ``make_napari_viewer`` idea).

    Runs after pytest-qt has closed the widgets given to ``qtbot.addWidget``; deferred deletes
    are processed first, so only widgets nobody closed or owns are reported (then destroyed,
    so one leak does not fail every later test).
    """
    _flush_deletes()
    before = set(_live_windows())
    yield
    _flush_deletes()
    leaked = {k: w for k, w in _live_windows().items() if k not in before}
    if leaked:
        names = sorted(f"{type(w).__name__}({w.objectName() or w.windowTitle()!r}"
                       f"{_describe(w)})" for w in leaked.values())
        for w in leaked.values():
            w.close()
            w.deleteLater()
        _flush_deletes()
        pytest.fail(f"{request.node.nodeid} leaked top-level widgets: {', '.join(names)}; "
                    "give them to qtbot.addWidget / open_page or a parent", pytrace=False)


@pytest.fixture
def open_page(qtbot):
    """``open_page(widget, session=None, size=(1200, 760))``: show a page the way tests do.

    The widget goes to ``qtbot`` (closed and deleted after the test), is resized and shown;
    ``size=None`` keeps the widget's own size. With a session, waits until its background jobs (queue loads, counts …) are done.
    """
    def _open(widget, session=None, size=(1200, 760)):
        qtbot.addWidget(widget)
        if size is not None:
            widget.resize(*size)
        widget.show()
        if session is not None:
            qtbot.waitUntil(lambda: not session.busy, timeout=20000)
        return widget
    return _open


@pytest.fixture
def session_on(qtbot):
    """``session_on(path)``: a Qt ``Session`` with ``path`` open, closed after the test."""
    from vocdesk.ui.session import Session

    opened = []

    def _open(path):
        s = Session()
        s.open(path)
        opened.append(s)
        return s
    yield _open
    for s in opened:
        s.jobs.shutdown()
        s.close()


@pytest.fixture
def review_session(session_on, analysed_ws_path):
    """A Session (Qt) with the analysed 60-row workspace open; closed at the end."""
    return session_on(analysed_ws_path)


@pytest.fixture
def window(open_page, small_workspace):
    """The main window with the small (600-row) workspace open."""
    from vocdesk.ui.main_window import MainWindow

    win = MainWindow()
    assert win.open_path(small_workspace)
    open_page(win, size=None)
    yield win
    win.session.jobs.shutdown()
    win.session.close()
