"""File → Export the current view: exactly the rows the explorer lists (filter, search, sort,
or the rows another page opened) to CSV or XLSX, in the order shown.

The write goes through the engine's export (``ws.export(..., ids=...)``: same columns, same
formula neutralising, the texts as stored — redacted at import) in a background job, so the
status bar's job bar shows its progress and can cancel it; a cancelled export leaves no file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QFileDialog

from vocdesk.i18n import _

FILTERS = {"csv": "CSV (*.csv)", "xlsx": "Excel (*.xlsx)"}


def ask_path(window) -> str | None:
    """The file to write, with an extension the export knows (None: the user cancelled)."""
    start = str(Path(window.settings.last_folder()) / "vocdesk-view.csv")
    names = [_(f) for f in FILTERS.values()]
    path, chosen = QFileDialog.getSaveFileName(window, _("Export the current view"), start,
                                               ";;".join(names))
    if not path:
        return None
    if Path(path).suffix.lower() not in (".csv", ".xlsx"):
        path += ".xlsx" if chosen == names[1] else ".csv"
    window.settings.set_last_folder(Path(path).parent)
    return path


def export_view(window, path: str | Path) -> object | None:
    """Start the export job of the explorer's rows to ``path``; returns the job."""
    session = window.session
    if session.workspace is None:
        return None
    ids = [int(i) for i in np.asarray(window.explorer.model.ids)]
    bar = window.statusBar()

    def done(n: int) -> None:
        bar.showMessage(_("Exported {n:,} rows to {path}").format(n=n, path=path), 8000)

    return session.run_job(_("Exporting the current view"),
                           lambda ws, progress: ws.export(path, progress, ids=ids),
                           on_done=done,
                           on_cancelled=lambda: bar.showMessage(
                               _("Export cancelled; no file was written."), 8000),
                           topics=())
