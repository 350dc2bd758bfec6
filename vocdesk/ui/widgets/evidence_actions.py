"""Evidence marks in the explorer: right-click rows → "Mark as evidence…" / "Remove mark".

Kept out of the explorer page (one ``install(page)`` line there) so the page stays small. A
mark goes through ``ws.evidence`` (one transaction, the OS user as who); the session then
announces ``evidence`` so the table's ★ and the report builder's list refresh.
"""

from __future__ import annotations

import getpass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from vocdesk.i18n import _
from vocdesk.ui.widgets.dialogs import error_text, show_error


def _who() -> str | None:
    try:
        return getpass.getuser()
    except Exception:   # noqa: BLE001 - no user name is not an error
        return None


class MarkDialog(QDialog):
    """Topic (an existing one or new) and an optional note for the rows being marked."""

    def __init__(self, n: int, topics: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Mark as evidence"))
        lay = QFormLayout(self)
        lay.addRow(QLabel(_("{n} rows become evidence quotes for packs.").format(n=n)))
        self.topic = QComboBox()
        self.topic.setEditable(True)
        self.topic.addItems([""] + topics)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("why this quote matters (optional)"))
        lay.addRow(_("Topic:"), self.topic)
        lay.addRow(_("Note:"), self.note)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay.addRow(box)
        self.resize(420, self.sizeHint().height())


def mark_rows(page, ids: list[int], note: str | None = None, topic: str | None = None) -> int:
    """Mark ``ids`` for the page's workspace and tell the views; returns rows marked."""
    ws = page.session.workspace
    n = ws.evidence.mark(ids, note=note, topic=topic, who=_who())
    page.session.notify("evidence")
    return n


def unmark_rows(page, ids: list[int]) -> int:
    ws = page.session.workspace
    n = ws.evidence.unmark(ids, who=_who())
    page.session.notify("evidence")
    return n


def install(page) -> None:
    """Add the mark/unmark actions to the explorer table's right-click menu."""
    table = page.table
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    mark = QAction(_("Mark as evidence…"), table)
    mark.setObjectName("mark-evidence")
    unmark = QAction(_("Remove evidence mark"), table)
    unmark.setObjectName("unmark-evidence")
    table.addAction(mark)
    table.addAction(unmark)
    page.evidence_actions = (mark, unmark)

    def do_mark() -> None:
        ids = page.selected_ids()
        if not ids or page.session.workspace is None:
            return
        dlg = MarkDialog(len(ids), page.session.workspace.evidence.topics(), page)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            mark_rows(page, ids, dlg.note.text(), dlg.topic.currentText())
        except Exception as exc:   # noqa: BLE001 - say what was wrong, keep the window
            show_error(page, error_text(exc))

    def do_unmark() -> None:
        ids = page.selected_ids()
        if ids and page.session.workspace is not None:
            unmark_rows(page, ids)

    mark.triggered.connect(do_mark)
    unmark.triggered.connect(do_unmark)

    def changed(topics) -> None:
        if "evidence" in set(topics):
            page.model.invalidate()

    page.session.changed.connect(changed)
