"""The start page: recent files, open, the demo built in the background."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt


def test_start_page_without_workspace(qtbot):
    from vocdesk.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.stack.currentWidget() is win.start_page
    assert not win.actions["import"].isEnabled()
    assert not win.actions["undo"].isEnabled()
    assert win.start_page.recent.count() == 1           # the "no recent" hint


def test_recent_files_and_reopen(qtbot, small_workspace):
    from vocdesk.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(small_workspace)
    win.close_workspace()
    assert win.stack.currentWidget() is win.start_page
    item = win.start_page.recent.item(0)
    assert item.data(Qt.ItemDataRole.UserRole) == str(small_workspace.resolve())
    recent_menu = win.menus["recent"]
    assert [a.text() for a in recent_menu.actions()] == [str(small_workspace.resolve())]
    win.start_page._activate(item)
    assert win.session.workspace is not None
    assert win.stack.currentWidget() is win.explorer
    win.session.close()


def test_open_bad_file_shows_dialog(qtbot, tmp_path, monkeypatch):
    from vocdesk.ui import main_window

    shown = []
    monkeypatch.setattr(main_window, "show_error", lambda parent, msg, *a: shown.append(msg))
    win = main_window.MainWindow()
    qtbot.addWidget(win)
    bad = tmp_path / "bad.vocdesk"
    bad.write_text("not a database")
    assert not win.open_path(bad)
    assert shown and "bad.vocdesk" in shown[0]
    assert win.session.workspace is None


def test_demo_is_built_in_background_then_opened(qtbot, tmp_path, small_workspace, monkeypatch):
    import vocdesk.engine.demo_workspace as demo
    from vocdesk.ui.main_window import MainWindow

    def fake_build(path, progress=None, **kw):
        progress.start(3, "building")
        for i in range(3):
            progress.check()
            progress.update(i + 1)
        shutil.copy(small_workspace, path)
        return "ok"

    monkeypatch.setattr(demo, "build_demo_workspace", fake_build)
    win = MainWindow()
    qtbot.addWidget(win)
    win.settings.qs.setValue("demo_path", str(tmp_path / "demo" / "demo.vocdesk"))
    win.start_page.demo_button.click()
    qtbot.waitUntil(lambda: win.session.workspace is not None, timeout=10000)
    assert win.session.path.name == "demo.vocdesk"
    assert win.stack.currentWidget() is win.explorer
    win.session.close()


def test_save_copy(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "copy.vocdesk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions["save_copy"].trigger()
    assert target.exists() and target.stat().st_size > 0


def test_drop_files_opens_wizard(window, monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(window, "import_files", lambda files=None: calls.append(files))
    window.handle_dropped([str(tmp_path / "a.csv")])
    assert calls == [[str(tmp_path / "a.csv")]]
