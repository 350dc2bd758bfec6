"""A page listed in the registry gets a stack entry, a View-menu action, a toolbar button,
``--page=KEY`` and the explorer click-through without the shell being edited."""

from __future__ import annotations

import sys
import types

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel

import vocdesk.ui.main_window as mw  # imported before the registry is patched (it copies it)
from vocdesk.ui import page_registry
from vocdesk.ui.page_registry import PageSpec


class _ProbePage(QLabel):
    rows_requested = Signal(list, str)

    def __init__(self, session) -> None:
        super().__init__("probe")
        self.session = session


def test_a_registered_page_is_built_shown_and_drills_down(qtbot, open_page, small_workspace,
                                                          monkeypatch):
    mod = types.ModuleType("vocdesk.ui.pages._probe")
    mod.ProbePage = _ProbePage
    monkeypatch.setitem(sys.modules, "vocdesk.ui.pages._probe", mod)
    spec = PageSpec("probe", "&Probe", "_probe", "ProbePage", "Ctrl+9")
    monkeypatch.setattr(page_registry, "ANALYSIS_PAGES", (spec,))
    monkeypatch.setattr(mw, "ANALYSIS_PAGES", (spec,))
    window = mw.MainWindow()
    assert window.open_path(small_workspace)
    open_page(window, size=None)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=20000)
    page = window.pages["probe"]
    assert isinstance(page, _ProbePage)
    assert window.actions["page_probe"] in window.pages_toolbar.actions()
    window.actions["page_probe"].trigger()
    assert window.stack.currentWidget() is page
    assert window.actions["page_probe"].isChecked()
    page.rows_requested.emit([5, 2], "probe rows")
    assert window.stack.currentWidget() is window.explorer
    assert sorted(window.explorer.model.ids) == [2, 5]     # in the table's order (newest first)
    window.show_page("no-such-page")
    assert window.stack.currentWidget() is window.start_page
    window.session.jobs.shutdown()
    window.session.close()


def test_gui_command_passes_the_page(monkeypatch):
    seen = {}
    import vocdesk.ui.app as app

    monkeypatch.setattr(app, "main", lambda argv: seen.setdefault("argv", argv) and 0)
    from vocdesk.cli import main

    main(["gui", "x.vocdesk", "--page", "journey"])
    assert seen["argv"] == ["x.vocdesk", "--page=journey"]
