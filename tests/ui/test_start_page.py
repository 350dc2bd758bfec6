"""The start page: recent files, open, the demo built in the background."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt

from tests.ui.pagetest import PageTest


class TestStartPage(PageTest):
    page_module = "start_page"

    def make_page(self, session, tmp_path):
        from vocdesk.ui.pages.start_page import StartPage
        from vocdesk.ui.settings import UiSettings

        return StartPage(session, UiSettings())

    def check_page(self, page, session, n_rows):
        assert page.recent.count() == 1 and page.demo_button.isEnabled()   # the "no recent" hint


class TestMainWindow(PageTest):
    """The whole shell on a tiny workspace: opens on the explorer, every page reachable."""

    page_module = "main_window"

    def make_page(self, session, tmp_path):
        from vocdesk.ui.main_window import MainWindow

        win = MainWindow(session=session)
        win._opened(str(session.path))
        return win

    def check_page(self, win, session, n_rows):
        assert win.stack.currentWidget() is win.explorer
        assert win.explorer.model.rowCount() == n_rows
        for show in (win.show_review, win.show_taxonomy, win.show_start, win.show_explorer):
            show()
        assert win.stack.currentWidget() is win.explorer and win.actions["import"].isEnabled()


def test_start_page_without_workspace(qtbot, open_page):
    from vocdesk.ui.main_window import MainWindow

    win = MainWindow()
    open_page(win, size=None)
    assert win.stack.currentWidget() is win.start_page
    assert not win.actions["import"].isEnabled()
    assert not win.actions["undo"].isEnabled()
    assert win.start_page.recent.count() == 1           # the "no recent" hint


def test_recent_files_and_reopen(qtbot, open_page, small_workspace):
    from vocdesk.ui.main_window import MainWindow

    win = MainWindow()
    open_page(win, size=None)
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


def test_open_bad_file_shows_dialog(qtbot, open_page, tmp_path, monkeypatch):
    from vocdesk.ui import main_window

    shown = []
    monkeypatch.setattr(main_window, "show_error", lambda parent, msg, *a: shown.append(msg))
    win = main_window.MainWindow()
    open_page(win, size=None)
    bad = tmp_path / "bad.vocdesk"
    bad.write_text("not a database")
    assert not win.open_path(bad)
    assert shown and "bad.vocdesk" in shown[0]
    assert win.session.workspace is None


def test_demo_is_built_in_background_then_opened(qtbot, open_page, tmp_path, small_workspace, monkeypatch):
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
    open_page(win, size=None)
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


def test_every_string_of_the_shell_has_a_chinese_translation():
    """Strings of the shell, explorer and widgets all go through _() and are in zh_CN.json."""
    import ast
    from pathlib import Path

    from vocdesk import i18n
    from vocdesk.ui.actions import ACTIONS, MENUS

    catalog = i18n.load_catalog("zh_CN")
    ui = Path(i18n.__file__).parent / "ui"
    files = ["main_window.py", "actions.py", "app.py", "pages/start_page.py",
             "pages/explorer_page.py", "pages/accuracy_page.py", "models/feedback_table.py", "widgets/filter_bar.py",
             "widgets/detail_pane.py", "widgets/tag_editor.py", "widgets/job_bar.py",
             "widgets/dialogs.py", "charts/volume_chart.py", "labels.py", "export_view.py"]
    msgids = {a.text for a in ACTIONS if a.key not in ("lang_zh", "lang_en")}
    msgids |= {t for t, _k in MENUS}
    for name in files:
        for node in ast.walk(ast.parse((ui / name).read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                msgids.add(node.args[0].value)
    missing = sorted(m for m in msgids if m not in catalog)
    assert not missing


def test_language_follows_setting_and_env(monkeypatch):
    from vocdesk import i18n

    monkeypatch.setenv("VOCDESK_LANG", "zh_CN")
    assert i18n.set_language(None) == "zh_CN"
    assert i18n._("Open the demo") == "打开演示"
    assert i18n.set_language("en") == "en"
    assert i18n._("Open the demo") == "Open the demo"


def test_gui_without_a_display_explains_instead_of_aborting(monkeypatch, capsys):
    from vocdesk.ui import app

    monkeypatch.setattr(app.sys, "platform", "linux")
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    assert app.main([]) == 1
    assert "no display" in capsys.readouterr().err
