"""The shell: pages in a stack, menus from the actions table, the job bar in the status bar.

It owns no data: the :class:`~vocdesk.ui.session.Session` holds the workspace, pages are
views over it. Dropping files on the window opens the import wizard (or opens a dropped
``.vocdesk`` file).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QActionGroup, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
)

from vocdesk import resources
from vocdesk.i18n import _
from vocdesk.ui import actions as ui_actions
from vocdesk.ui.page_registry import ANALYSIS_PAGES
from vocdesk.ui.pages.accuracy_page import AccuracyPage
from vocdesk.ui.pages.explorer_page import ExplorerPage
from vocdesk.ui.pages.import_wizard import ImportWizard
from vocdesk.ui.pages.review_page import ReviewPage
from vocdesk.ui.pages.start_page import StartPage
from vocdesk.ui.pages.taxonomy_page import TaxonomyPage
from vocdesk.ui.session import Session
from vocdesk.ui.settings import UiSettings
from vocdesk.ui.widgets.dialogs import error_text, show_error
from vocdesk.ui.widgets.job_bar import JobBar

ICON = resources.path(resources.APP_ICON)
FILTER = "vocdesk workspace (*.vocdesk)"


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, settings: UiSettings | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.session = session or Session(self)
        self.settings = settings or UiSettings()
        self.setWindowTitle("vocdesk")
        if ICON.is_file():
            self.setWindowIcon(QIcon(str(ICON)))
        self.setAcceptDrops(True)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.start_page = StartPage(self.session, self.settings)
        self.start_page.new_requested.connect(self.new_workspace)
        self.start_page.open_requested.connect(self.open_workspace)
        self.start_page.open_path_requested.connect(self.open_path)
        self.start_page.demo_requested.connect(self.open_demo)
        self.explorer = ExplorerPage(self.session)
        self.review_page = self.taxonomy_page = None
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.explorer)
        self._make_extra_pages()
        self.actions = ui_actions.build_actions(self)
        self.menus = ui_actions.build_menus(self, self.actions)
        self._build_toolbar()
        self.job_bar = JobBar(self.session)
        self.statusBar().addPermanentWidget(self.job_bar)
        self.session.opened.connect(self._opened)
        self.session.closed.connect(self._closed)
        self.session.undo_state.connect(self._update_undo)
        self.session.job_failed.connect(
            lambda title, msg: show_error(self, f"{title}:\n{msg}", _("The work failed")))
        self._update_recent()
        self._update_state()
        self.fill_screen()
        geo = self.settings.geometry()
        self.restored_geometry = bool(geo) and self.restoreGeometry(geo)

    def fill_screen(self) -> None:
        """Take the screen's available area (1920×1080 as well as 1366×768): a fixed default
        size left most of a large monitor empty. ``app.main`` also shows the window maximised
        unless a saved geometry was restored."""
        avail = self.screen().availableGeometry() if self.screen() else None
        if avail is None:
            self.resize(1360, 860)
            return
        self.resize(avail.size())
        self.move(avail.topLeft())

    # --- pages -------------------------------------------------------------------------------
    def _make_extra_pages(self) -> None:
        self.review_page = ReviewPage(self.session)
        self.stack.addWidget(self.review_page)
        self.taxonomy_page = TaxonomyPage(self.session)
        self.stack.addWidget(self.taxonomy_page)
        self.accuracy_page = AccuracyPage(self.session)
        self.accuracy_page.rows_requested.connect(self.show_rows)
        self.stack.addWidget(self.accuracy_page)
        self.pages = {"start": self.start_page, "explorer": self.explorer,
                      "review": self.review_page, "taxonomy": self.taxonomy_page,
                      "accuracy": self.accuracy_page}
        for spec in ANALYSIS_PAGES:
            cls = getattr(importlib.import_module(f"vocdesk.ui.pages.{spec.module}"), spec.cls)
            page = cls(self.session)
            if hasattr(page, "rows_requested"):
                page.rows_requested.connect(self.show_rows)
            self.pages[spec.key] = page
            self.stack.addWidget(page)

    def _build_toolbar(self) -> None:
        bar = QToolBar(_("Pages"))
        bar.setObjectName("pages-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        page_keys = [f"page_{k}" for k in self.pages]
        for key in page_keys:
            bar.addAction(self.actions[key])
        bar.addSeparator()
        bar.addAction(self.actions["import"])
        bar.addAction(self.actions["undo"])
        bar.addAction(self.actions["redo"])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.pages_toolbar = bar
        group = QActionGroup(self)
        self._page_actions = {}
        for key, page in zip(page_keys, self.pages.values(), strict=True):
            self.actions[key].setCheckable(True)
            group.addAction(self.actions[key])
            self._page_actions[page] = self.actions[key]
        self.stack.currentChanged.connect(self._page_changed)

    def _page_changed(self, _index: int) -> None:
        act = self._page_actions.get(self.stack.currentWidget())
        if act is not None:
            act.setChecked(True)

    def show_start(self) -> None:
        self.start_page.refresh()
        self.stack.setCurrentWidget(self.start_page)

    def show_explorer(self) -> None:
        if self.session.workspace is not None:
            self.stack.setCurrentWidget(self.explorer)

    def show_review(self) -> None:
        if self.session.workspace is not None:
            self.stack.setCurrentWidget(self.review_page)

    def show_taxonomy(self) -> None:
        if self.session.workspace is not None:
            self.stack.setCurrentWidget(self.taxonomy_page)

    def show_accuracy(self) -> None:
        if self.session.workspace is not None:
            self.stack.setCurrentWidget(self.accuracy_page)

    def show_page(self, key: str) -> None:
        """Show a page by its key (``--page=KEY``); the start page when unknown or no workspace."""
        page = self.pages.get(key)
        if key == "start" or page is None:
            self.show_start()
        elif self.session.workspace is not None:
            self.stack.setCurrentWidget(page)

    def show_rows(self, ids: list[int], what: str) -> None:
        """Open the explorer on exactly these rows (the accuracy lab's confusion cells)."""
        if self.session.workspace is not None:
            self.stack.setCurrentWidget(self.explorer)
            self.explorer.show_ids(ids, what)

    # --- documents ---------------------------------------------------------------------------
    def open_path(self, path: str | Path) -> bool:
        """Open a workspace file; errors as a dialog. True if it opened."""
        try:
            self.session.open(path)
        except Exception as exc:   # noqa: BLE001 - shown to the user, not swallowed
            show_error(self, _("Cannot open {path}:\n{error}").format(path=path,
                                                                      error=error_text(exc)))
            if not Path(path).exists():
                self.settings.remove_recent(path)
                self._update_recent()
            return False
        return True

    def open_workspace(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Open workspace"),
                                               self.settings.last_folder(), _(FILTER))
        if path:
            self.settings.set_last_folder(Path(path).parent)
            self.open_path(path)

    def new_workspace(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("New workspace"),
                                               self.settings.last_folder(), _(FILTER))
        if not path:
            return
        if not path.endswith(".vocdesk"):
            path += ".vocdesk"
        self.settings.set_last_folder(Path(path).parent)
        try:
            if Path(path).exists():
                Path(path).unlink()   # the dialog already asked to overwrite
            self.session.new(path)
        except Exception as exc:   # noqa: BLE001
            show_error(self, error_text(exc))

    def open_demo(self) -> None:
        """Open the demo workspace, building it first (in the background) if needed."""
        path = self.settings.demo_path()
        if path.exists():
            self.open_path(path)
            return
        path.parent.mkdir(parents=True, exist_ok=True)

        def build(_ws, progress):
            from vocdesk.engine.demo_workspace import build_demo_workspace

            return build_demo_workspace(path, progress=progress)

        def failed(msg):
            for side in (path, path.with_name(path.name + "-wal"),
                         path.with_name(path.name + "-shm")):
                if side.exists():
                    side.unlink()
            show_error(self, _("The demo could not be built:\n{error}").format(error=msg))

        self.session.run_job(_("Building the demo workspace"), build,
                             on_done=lambda _r: self.open_path(path), on_failed=failed,
                             on_cancelled=lambda: failed(_("cancelled")), topics=())

    def close_workspace(self) -> None:
        self.session.close()

    def save_copy(self) -> None:
        ws = self.session.workspace
        if ws is None:
            return
        path, _f = QFileDialog.getSaveFileName(self, _("Save a copy as"),
                                               str(Path(self.settings.last_folder()) /
                                                   (ws.path.stem + "-copy.vocdesk")), _(FILTER))
        if not path:
            return
        try:
            ws.save_copy(path)
            self.statusBar().showMessage(_("Saved a copy to {path}").format(path=path), 5000)
        except Exception as exc:   # noqa: BLE001
            show_error(self, error_text(exc))

    def workspace_settings(self, dialog=None) -> dict[str, str]:  # noqa: ANN001
        """File → Workspace settings…: time zone and triage department (``vocdesk settings``).

        ``dialog``: a prepared dialog (tests accept it without showing it). Returns what was
        changed."""
        from vocdesk.ui.widgets.workspace_settings import (
            WorkspaceSettingsDialog,
            department_choices,
        )

        ws = self.session.workspace
        if ws is None:
            return {}
        if dialog is None:
            dialog = WorkspaceSettingsDialog(ws.settings(), department_choices(ws.taxonomy), self)
            if dialog.exec() != dialog.DialogCode.Accepted:
                return {}
        done: dict[str, str] = {}
        for key, value in dialog.changed().items():
            try:
                ws.set_setting(key, value)
                done[key] = value
            except Exception as exc:   # noqa: BLE001 - the engine's message names the problem
                show_error(self, error_text(exc))
        if done:
            self.session.notify("feedback", "actions")
            self.statusBar().showMessage(_("Workspace settings saved"), 5000)
        return done

    def export_view(self, path: str | None = None):
        """Export exactly the explorer's rows (filter, search, order) to CSV / XLSX."""
        from vocdesk.ui import export_view as ev

        if self.session.workspace is None:
            return None
        path = path or ev.ask_path(self)
        return ev.export_view(self, path) if path else None

    def import_files(self, files: list[str] | None = None) -> None:
        if self.session.workspace is None:
            show_error(self, _("Open or create a workspace first, then import into it."))
            return
        if files is None:
            files, _f = QFileDialog.getOpenFileNames(
                self, _("Import feedback"), self.settings.last_folder(),
                _("Tables (*.csv *.tsv *.txt *.xlsx *.xls *.json *.jsonl);;All files (*)"))
            if not files:
                return
            self.settings.set_last_folder(Path(files[0]).parent)
        ImportWizard(self.session, list(files), self).exec()

    # --- edit --------------------------------------------------------------------------------
    def undo(self) -> None:
        self._guarded(self.session.undo)

    def redo(self) -> None:
        self._guarded(self.session.redo)

    def _guarded(self, fn) -> None:
        try:
            fn()
        except Exception as exc:   # noqa: BLE001
            show_error(self, error_text(exc))

    def focus_search(self) -> None:
        if self.session.workspace is not None:
            if self.stack.currentWidget() is not self.explorer:
                self.show_explorer()
            self.explorer.focus_search()

    # --- language / help ---------------------------------------------------------------------
    def set_language_zh(self) -> None:
        self._set_language("zh_CN")

    def set_language_en(self) -> None:
        self._set_language("en")

    def _set_language(self, lang: str) -> None:
        self.settings.set_language(lang)
        self._check_language()
        QMessageBox.information(self, "vocdesk",
                                "界面语言将在重新启动后切换。\n"
                                "The language changes the next time vocdesk starts.")

    def _check_language(self) -> None:
        from vocdesk.i18n import language

        lang = self.settings.language() or language()
        self.actions["lang_zh"].setChecked(lang == "zh_CN")
        self.actions["lang_en"].setChecked(lang == "en")

    def about(self) -> None:
        from vocdesk import __version__

        QMessageBox.about(self, _("About vocdesk"),
                          _("vocdesk {version}: an offline Voice-of-Customer workbench.")
                          .format(version=__version__))

    # --- state -------------------------------------------------------------------------------
    def _opened(self, path: str) -> None:
        self.settings.add_recent(path)
        self._update_recent()
        self.setWindowTitle(f"{Path(path).name} — vocdesk")
        self._update_state()
        self.stack.setCurrentWidget(self.explorer)

    def _closed(self) -> None:
        self.setWindowTitle("vocdesk")
        self._update_state()
        self.show_start()

    def _update_state(self) -> None:
        ui_actions.update_enabled(self.actions, self.session.workspace is not None)
        self._check_language()
        self._update_undo()

    def _update_undo(self) -> None:
        # "&" in a value ("Delivery & logistics") would be read as a mnemonic: double it
        undo, redo = ((lbl.replace("&", "&&") if lbl else lbl)
                      for lbl in (self.session.undo_label, self.session.redo_label))
        self.actions["undo"].setEnabled(undo is not None)
        self.actions["redo"].setEnabled(redo is not None)
        self.actions["undo"].setText(_("&Undo {what}").format(what=undo) if undo else _("&Undo"))
        self.actions["redo"].setText(_("&Redo {what}").format(what=redo) if redo else _("&Redo"))

    def _update_recent(self) -> None:
        menu = self.menus.get("recent")
        if menu is None:
            return
        menu.clear()
        files = self.settings.recent_files()
        for f in files:
            act = menu.addAction(f.replace("&", "&&"))
            act.triggered.connect(lambda _c=False, p=f: self.open_path(p))
        menu.setEnabled(bool(files))
        self.start_page.refresh()

    # --- drag and drop -----------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.handle_dropped(files)

    def handle_dropped(self, files: list[str]) -> None:
        workspaces = [f for f in files if f.endswith(".vocdesk")]
        if workspaces:
            self.open_path(workspaces[0])
            return
        if files:
            self.import_files(files)

    # --- quit --------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        """Quitting during a job cancels it; the job rolls back, the file stays as it was."""
        if self.session.busy:
            self.statusBar().showMessage(_("Cancelling the running job…"))
            QApplication.processEvents()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.sync()
        self.session.jobs.shutdown()
        self.session.close()
        super().closeEvent(event)
