"""The review queue: the rows most worth a human look, keyboard-first.

J/K or ↓/↑ move, 1/2/3 set sentiment positive/neutral/negative and move on, T opens the tag
picker for the row, A accepts every auto tag of the row as human tags. A selection can be bulk
edited ("replace X with Y" within a facet). Every edit is one undo step through the session.
Loading the queue and retraining run in background jobs; the window never waits on them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.commands import SetTags
from vocdesk.i18n import _, label
from vocdesk.ui.labels import channel_text
from vocdesk.ui.models.review_queue import ReviewQueueModel
from vocdesk.ui.widgets.focus import mark_focus, page_shortcuts

log = logging.getLogger(__name__)
QUEUE_LIMIT = 1000
SENTIMENT_KEYS = {Qt.Key.Key_1: "positive", Qt.Key.Key_2: "neutral", Qt.Key.Key_3: "negative"}
REVIEW_KEYS = (Qt.Key.Key_J, Qt.Key.Key_K, *SENTIMENT_KEYS, Qt.Key.Key_T, Qt.Key.Key_A)


def _tag_editor_class():
    try:
        from vocdesk.ui.widgets.tag_editor import TagEditor
    except ImportError:     # the widget is optional: the page still works with the keys
        return None
    return TagEditor


class TagPickerDialog(QDialog):
    """A small non-modal window with the tag editor for one row (key T)."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Tags"))
        self.setModal(False)
        lay = QVBoxLayout(self)
        cls = _tag_editor_class()
        self.editor = cls(session, self) if cls else None
        if self.editor is not None:
            lay.addWidget(self.editor)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        lay.addWidget(close)
        self.resize(460, 360)

    def set_rows(self, ids: list[int]) -> None:
        if self.editor is not None:
            self.editor.set_rows(ids)


class ReviewPage(QWidget):
    """Review queue page. Build with ``ReviewPage(session)``; it follows the open workspace."""

    queue_loaded = Signal()
    retrained = Signal(object)

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = ReviewQueueModel(session, self)
        self.counts: tuple[int, int] = (0, 0)
        self.retrain_result = None
        self._job = None
        self._load_job = None
        self._pending_select: int | None = None
        self._picker: TagPickerDialog | None = None
        self._build()
        session.changed.connect(self._on_changed)
        session.opened.connect(self._on_opened)   # bound methods: disconnected when deleted
        session.closed.connect(self._on_closed)
        if session.workspace is not None:
            self.reload()

    # --- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        self.mode_combo = QComboBox()
        self.mode_combo.addItem(_("Most uncertain first"), "uncertainty")
        self.mode_combo.addItem(_("Highest business impact first"), "impact")
        self.mode_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.reviewed_check = QCheckBox(_("Include reviewed rows"))
        self.reviewed_check.toggled.connect(lambda _c: self.reload())
        self.counts_label = QLabel()
        self.retrain_button = QPushButton(_("Retrain"))
        self.retrain_button.setToolTip(_("Retrain the learned models on the human tags, then "
                                         "re-analyse; shows the accuracy before and after"))
        self.retrain_button.clicked.connect(self.retrain)
        top.addWidget(QLabel(_("Order:")))
        top.addWidget(self.mode_combo)
        top.addWidget(self.reviewed_check)
        top.addStretch(1)
        top.addWidget(self.counts_label)
        top.addWidget(self.retrain_button)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(False)
        for col, width in enumerate((80, 80, 420, 130, 120)):
            self.view.setColumnWidth(col, width)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.installEventFilter(self)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        mark_focus(self.view)
        self._shortcuts = page_shortcuts(self, REVIEW_KEYS, self._shortcut)

        side = QWidget()
        side_lay = QVBoxLayout(side)
        side_lay.setContentsMargins(0, 0, 0, 0)
        self.text_view = QTextBrowser()
        self.text_view.setMinimumHeight(90)
        side_lay.addWidget(self.text_view, 1)
        cls = _tag_editor_class()
        self.tag_editor = cls(self.session, side) if cls else None
        if self.tag_editor is not None:
            side_lay.addWidget(self.tag_editor, 2)
        keys = QLabel(_("Keys: J/K or ↓/↑ next/previous · 1 positive · 2 neutral · 3 negative · "
                        "T tags · A accept all auto tags"))
        keys.setWordWrap(True)
        keys.setStyleSheet("color: #666")
        side_lay.addWidget(keys)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        bulk = QHBoxLayout()
        bulk.addWidget(QLabel(_("Selected rows: in")))
        self.bulk_facet = QComboBox()
        self.bulk_facet.currentIndexChanged.connect(lambda _i: self._fill_bulk_values())
        self.bulk_old = QComboBox()
        self.bulk_new = QComboBox()
        self.bulk_button = QPushButton(_("Replace"))
        self.bulk_button.clicked.connect(self.bulk_replace)
        bulk.addWidget(self.bulk_facet)
        bulk.addWidget(QLabel(_("replace")))
        bulk.addWidget(self.bulk_old, 1)
        bulk.addWidget(QLabel(_("with")))
        bulk.addWidget(self.bulk_new, 1)
        bulk.addWidget(self.bulk_button)

        status = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self._cancel_job)
        self.retrain_label = QLabel()
        self.retrain_label.setWordWrap(True)
        self.retrain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status.addWidget(self.retrain_label, 1)
        status.addWidget(self.progress)
        status.addWidget(self.cancel_button)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addLayout(bulk)
        lay.addLayout(status)
        self._show_counts()

    # --- loading -------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return self.mode_combo.currentData()

    def _on_opened(self, _path: str) -> None:
        self.reload()

    def _on_closed(self) -> None:
        self.model.set_ids([])
        self._show_counts()

    def reload(self) -> None:
        """Re-query the queue (and counts) in the background."""
        if self.session.workspace is None:
            return
        self._fill_bulk_facets()
        mode, include = self.mode, self.reviewed_check.isChecked()
        if self._load_job is not None:
            self._load_job.cancel()
        cur = self.current_id()

        def work(ws, progress):
            return ws.review.queue(mode, QUEUE_LIMIT, 0, include), ws.review.counts()

        def done(result):
            ids, counts = result
            self._load_job = None
            self.model.set_ids(ids)
            self.counts = counts
            self._show_counts()
            self._select_row(ids.index(cur) if cur in ids else 0)
            self.queue_loaded.emit()

        self._load_job = self.session.run_job(_("Loading the review queue"), work, on_done=done,
                                              on_failed=self._job_failed, topics=())

    def _refresh_counts(self) -> None:
        self.session.run_job(_("Counting reviewed rows"), lambda ws, p: ws.review.counts(),
                             on_done=self._counts_done, topics=())

    def _counts_done(self, counts) -> None:
        self.counts = counts
        self._show_counts()

    def _show_counts(self) -> None:
        reviewed, remaining = self.counts
        self.counts_label.setText(_("Reviewed: {r} · Remaining: {n}").format(
            r=f"{reviewed:,}", n=f"{remaining:,}"))

    def _on_changed(self, topics) -> None:
        topics = set(topics)
        if self.session.workspace is None:
            return
        if topics & {"feedback", "models", "taxonomy"}:
            self.reload()
        elif "tags" in topics:
            self.model.refresh_rows()
            self._update_detail()
            self._refresh_counts()

    # --- navigation ----------------------------------------------------------------------------
    def current_row(self) -> int:
        idx = self.view.currentIndex()
        return idx.row() if idx.isValid() else -1

    def current_id(self) -> int | None:
        row = self.current_row()
        return self.model.ids[row] if 0 <= row < len(self.model.ids) else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.current_row() >= 0:
            rows = [self.current_row()]
        return [self.model.ids[r] for r in rows if r < len(self.model.ids)]

    def _select_row(self, row: int) -> None:
        if not self.model.ids:
            self._update_detail()
            return
        row = max(0, min(row, len(self.model.ids) - 1))
        idx = self.model.index(row, 2)
        self.view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(idx)

    def move(self, step: int) -> None:
        self._select_row(self.current_row() + step)

    def _on_current(self, *_args) -> None:
        self._update_detail()

    def _update_detail(self) -> None:
        rec = self.model.row_data(self.current_row()) if self.current_row() >= 0 else None
        if rec is None:
            self.text_view.clear()
            if self.tag_editor is not None:
                self._editor_rows([])
            return
        meta = " · ".join(str(x) for x in (rec["created_at"] and rec["created_at"][:16],
                                            channel_text(rec["channel"]), rec["customer_id"],
                                            rec["segment"])
                          if x)
        self.text_view.setPlainText(f"{rec['text']}\n\n{meta}")
        if self.tag_editor is not None:
            self._editor_rows([rec["id"]])

    def _editor_rows(self, ids: list[int]) -> None:
        # The embedded editor is a convenience beside the keys: if it fails, say so in the
        # log and keep the queue usable rather than breaking the page.
        try:
            self.tag_editor.set_rows(ids)
        except Exception:   # noqa: BLE001
            log.exception("tag editor could not show rows %s", ids)

    # --- keys ----------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)   # keys go to the queue at once

    def _shortcut(self, key) -> None:
        """A review key pressed anywhere on the page: handle it, give the queue the focus."""
        if self.handle_key(key) and key != Qt.Key.Key_T:
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.view and event.type() == QEvent.Type.KeyPress:
            if self.handle_key(event.key(), event.modifiers()):
                return True
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event) -> None:
        if not self.handle_key(event.key(), event.modifiers()):
            super().keyPressEvent(event)

    def handle_key(self, key, modifiers=Qt.KeyboardModifier.NoModifier) -> bool:
        """The review keys; returns True when the key was one of them."""
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if key == Qt.Key.Key_J:
            self.move(1)
        elif key == Qt.Key.Key_K:
            self.move(-1)
        elif key in SENTIMENT_KEYS:
            self.set_sentiment(SENTIMENT_KEYS[key])
        elif key == Qt.Key.Key_T:
            self.open_tag_picker()
        elif key == Qt.Key.Key_A:
            self.accept_auto()
        else:
            return False
        return True

    # --- edits ---------------------------------------------------------------------------------
    def set_sentiment(self, value: str, advance: bool = True) -> None:
        fid = self.current_id()
        if fid is None:
            return
        text = _("Set sentiment = {value} on 1 row").format(value=_(value))
        self._do(SetTags([fid], "sentiment", [value], label=text))
        if advance:
            self.move(1)

    def accept_auto(self, advance: bool = True) -> None:
        ids = [self.current_id()] if self.current_id() is not None else []
        if not ids:
            return
        cmd = self.session.workspace.review.accept_auto_tags(ids,
                               label=_("Accept automatic tags of {n} row(s)").format(n=len(ids)))
        if cmd.commands:
            self._do(cmd)
        if advance:
            self.move(1)

    def open_tag_picker(self) -> None:
        fid = self.current_id()
        if fid is None:
            return
        if self._picker is None:
            self._picker = TagPickerDialog(self.session, self)
        self._picker.set_rows([fid])
        self._picker.setWindowTitle(_("Tags of row {id}").format(id=fid))
        self._picker.show()
        self._picker.raise_()

    def bulk_replace(self) -> None:
        facet = self.bulk_facet.currentData()
        old, new = self.bulk_old.currentData(), self.bulk_new.currentData()
        ids = self.selected_ids()
        if not facet or not old or not ids or old == new:
            return
        text = _("Replace {old} with {new} in {facet}").format(   # labels, not stored values
            old=self.bulk_old.currentText(),
            new=self.bulk_new.currentText() if new else _("nothing"),
            facet=self.bulk_facet.currentText())
        cmd = self.session.workspace.review.replace_value(ids, facet, old, new,
                                                          label=text)
        if not cmd.commands:
            QMessageBox.information(self, _("Nothing to replace"),
                                    _("None of the selected rows has this value."))
            return
        self._do(cmd)

    def _do(self, cmd) -> None:
        try:
            self.session.do(cmd)
        except Exception as exc:   # a dialog, never a traceback
            QMessageBox.warning(self, _("The edit failed"), str(exc))

    def _fill_bulk_facets(self) -> None:
        ws = self.session.workspace
        current = self.bulk_facet.currentData()
        self.bulk_facet.blockSignals(True)
        self.bulk_facet.clear()
        for f in ws.taxonomy.facets if ws is not None else []:
            self.bulk_facet.addItem(label(f), f.name)
        i = self.bulk_facet.findData(current)
        self.bulk_facet.setCurrentIndex(i if i >= 0 else 0)
        self.bulk_facet.blockSignals(False)
        self._fill_bulk_values()

    def _fill_bulk_values(self) -> None:
        ws = self.session.workspace
        facet = ws.taxonomy.facet(self.bulk_facet.currentData()) if ws is not None else None
        self.bulk_old.clear()
        self.bulk_new.clear()
        if facet is None:
            return
        for v in facet.values:
            self.bulk_old.addItem(label(v, v.value), v.value)
            self.bulk_new.addItem(label(v, v.value), v.value)
        self.bulk_new.addItem(_("(remove the value)"), "")

    # --- retrain -------------------------------------------------------------------------------
    def retrain(self) -> None:
        if self.session.workspace is None or self._job is not None:
            return
        self.retrain_button.setEnabled(False)
        self.retrain_label.setText(_("Retraining…"))
        job = self.session.run_job(_("Retraining models"), lambda ws, p: ws.review.retrain(p),
                                   on_done=self._retrain_done, on_failed=self._job_failed,
                                   on_cancelled=lambda: self.retrain_label.setText(
                                       _("Retraining cancelled; nothing changed.")),
                                   topics=("feedback", "tags", "models"))
        self._track(job)

    def _retrain_done(self, result) -> None:
        self.retrain_result = result
        if not result.facets:
            self.retrain_label.setText(_("Nothing to train: a facet needs at least 30 reviewed "
                                         "rows before a model can learn from them."))
        else:
            lines = []
            for facet, m in sorted(result.facets.items()):
                f = self.session.workspace.taxonomy.facet(facet) if self.session.workspace else None
                before = m["baseline"] if m["baseline"] is not None else m["previous"]
                if _pct(m["learned"]) == "—":
                    lines.append(_("{facet}: no model learned from {n} labels (they need at "
                                   "least two different values)").format(
                        facet=label(f) if f else facet, n=m["n"] or 0))
                    continue
                line = _("{facet}: accuracy {before} → {after} ({chosen}, {n} labels)").format(
                    facet=label(f) if f else facet, before=_pct(before), after=_pct(m["learned"]),
                    chosen=_(m["chosen"] or "baseline"), n=m["n"] or 0)
                if m["previous"] is not None:
                    line += " · " + _("previous model {p}").format(p=_pct(m["previous"]))
                lines.append(line)
            self.retrain_label.setText("\n".join(lines))
        self.retrained.emit(result)

    def _track(self, job) -> None:
        self._job = job
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.cancel_button.setVisible(True)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._job_finished)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, total or 0)
        if total:
            self.progress.setValue(done)

    def _job_finished(self) -> None:
        self._job = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.retrain_button.setEnabled(True)

    def _cancel_job(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _job_failed(self, message: str) -> None:
        self.retrain_label.setText("")
        QMessageBox.warning(self, _("The work failed"), message)


def _pct(x) -> str:
    return "—" if x is None or x != x else f"{x:.0%}"     # x != x: NaN (one class only)
