"""The report builder: template, scope, dates, language and marked quotes → preview → export.

Everything it offers comes from the engine, so a new template or scope kind appears by
itself: templates from ``ws.reports.templates()``, scope kinds and their keys from
:mod:`vocdesk.engine.reports.scopes`, marked quotes from ``ws.evidence``. Loading the keys,
building the pack and rendering its pages run as background jobs (``session.run_job``) with
progress and cancel; a pack the PII check refuses is shown as a message, never written.
Export writes the same spec through ``ws.reports.write`` (pack + manifest, byte-identical to
the preview's build on an unchanged workspace).

``VOCDESK_REPORT_PREVIEW=KIND:KEY`` (e.g. ``touchpoint:地址填写与修改``) chooses that scope and
builds the preview once the page opens: the hook for screenshots.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.reports import PiiInPackError, ReportSpec
from vocdesk.engine.reports.scopes import KINDS
from vocdesk.i18n import _, language
from vocdesk.ui.widgets.pdf_preview import PdfPreview, render_pages

PREVIEW_ENV = "VOCDESK_REPORT_PREVIEW"
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _lang() -> str:
    return "zh" if language().startswith("zh") else "en"


class ReportPage(QWidget):
    rows_requested = Signal(list, str)
    preview_ready = Signal()
    exported = Signal(str)
    keys_loaded = Signal()
    evidence_loaded = Signal()

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.built = None               # the last preview's BuiltPack
        self.last_error = ""
        self.last_result = None
        self._job = None
        self._keys_job = None
        self._evidence_job = None
        self._evidence_ready = False
        self._autopreview = False
        self._pending_scope: str | None = os.environ.get(PREVIEW_ENV) or None
        self._build()
        session.opened.connect(self._on_opened)
        session.closed.connect(self._on_closed)
        session.changed.connect(self._on_changed)
        if session.workspace is not None:
            self._on_opened()

    # --- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.template_combo = QComboBox()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(_("All feedback"), "")
        for kind, (zh, en) in KINDS.items():
            self.kind_combo.addItem(zh if _lang() == "zh" else en, kind)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.key_combo = QComboBox()
        self.key_combo.setMinimumContentsLength(18)
        self.key_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.key_combo.currentIndexChanged.connect(self._scope_changed)
        self.from_check, self.from_date = QCheckBox(_("From")), QDateEdit()
        self.to_check, self.to_date = QCheckBox(_("To")), QDateEdit()
        dates = QHBoxLayout()
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._scope_changed)
            edit.dateChanged.connect(self._scope_changed)
            dates.addWidget(check)
            dates.addWidget(edit, 1)
        self.lang_combo = QComboBox()
        self.lang_combo.addItem("中文", "zh")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.setCurrentIndex(0 if _lang() == "zh" else 1)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(_("the template's title"))
        form.addRow(_("Template:"), self.template_combo)
        form.addRow(_("Scope:"), self.kind_combo)
        form.addRow(_("Which:"), self.key_combo)
        form.addRow(_("Dates:"), dates)
        form.addRow(_("Language:"), self.lang_combo)
        form.addRow(_("Title:"), self.title_edit)

        self.evidence_label = QLabel()
        self.evidence_label.setWordWrap(True)
        self.evidence_list = QListWidget()
        self.evidence_list.setObjectName("evidence-list")
        self.evidence_list.setWordWrap(True)
        self.evidence_list.setToolTip(_("Quotes marked as evidence in the explorer (right-click "
                                        "rows there). Checked ones come first in the pack."))
        self.preview_button = QPushButton(_("Preview"))
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        self.export_button = QPushButton(_("Export PDF…"))
        self.export_button.clicked.connect(self._export_clicked)
        self.rows_button = QPushButton(_("Show rows"))
        self.rows_button.setToolTip(_("Open the scope's rows in the explorer"))
        self.rows_button.clicked.connect(self._show_rows)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        buttons = QHBoxLayout()
        for b in (self.preview_button, self.export_button, self.rows_button, self.cancel_button):
            buttons.addWidget(b)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("report-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 6, 0)
        ll.addLayout(form)
        ll.addWidget(QLabel("<b>" + _("Marked evidence") + "</b>"))
        ll.addWidget(self.evidence_label)
        ll.addWidget(self.evidence_list, 1)
        ll.addLayout(buttons)
        ll.addWidget(self.progress)
        ll.addWidget(self.message)
        left.setMinimumWidth(380)
        self.preview_view = PdfPreview()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview_view)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([430, 900])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(split)

    # --- workspace -----------------------------------------------------------------------------
    def _on_opened(self, *_a) -> None:
        ws = self.session.workspace
        if ws is None:
            return
        keep = self.template_combo.currentData()
        self.template_combo.clear()
        for name, title, _subject in ws.reports.templates(_lang()):
            self.template_combo.addItem(title, name)
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(keep)))
        lo, hi = ws.browse.filter_options()["date_range"]
        for edit, ts in ((self.from_date, lo), (self.to_date, hi)):
            if ts is not None:
                edit.setDate(QDate.fromString(_day(ts, ws.timezone), "yyyy-MM-dd"))
        if self._pending_scope:
            kind = self._pending_scope.partition(":")[0]
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self._kind_changed()

    def _on_closed(self) -> None:
        self.cancel()
        self.template_combo.clear()
        self.key_combo.clear()
        self.evidence_list.clear()
        self.evidence_label.setText("")
        self.built = None
        self.preview_view.set_message(_("Open a workspace to build a pack."))

    def _on_changed(self, topics) -> None:
        if "evidence" in set(topics) or "tags" in set(topics):
            self._load_evidence()

    # --- scope ---------------------------------------------------------------------------------
    def _kind_changed(self, *_a) -> None:
        kind = self.kind_combo.currentData() or ""
        self.key_combo.clear()
        self.key_combo.setEnabled(bool(kind))
        if not kind or self.session.workspace is None:
            self._scope_changed()
            return
        if self._keys_job is not None:
            self._keys_job.cancel()
        self.key_combo.addItem(_("Loading…"), None)

        def work(ws, progress, kind=kind):
            from vocdesk.engine.reports.scopes import choices

            return kind, choices(ws, kind)

        self._keys_job = self.session.run_job(_("Loading the scope's choices"), work,
                                              on_done=self._keys_done,
                                              on_failed=self._keys_failed, topics=())

    def _keys_done(self, result) -> None:
        self._keys_job = None
        kind, keys = result
        if kind != self.kind_combo.currentData():
            return
        self.key_combo.blockSignals(True)
        self.key_combo.clear()
        zh = _lang() == "zh"
        for key, lzh, len_ in keys:
            self.key_combo.addItem(lzh if zh else len_, key)
        if not keys:
            self.key_combo.addItem(_("(nothing to choose)"), None)
        pending = self._pending_scope
        if pending and pending.partition(":")[0] == kind:
            self.key_combo.setCurrentIndex(max(0, self.key_combo.findData(
                pending.partition(":")[2])))
        self.key_combo.blockSignals(False)
        self._scope_changed()
        self.keys_loaded.emit()
        if pending:
            self._pending_scope = None
            self._autopreview = True

    def _keys_failed(self, msg: str) -> None:
        self._keys_job = None
        self.key_combo.clear()
        self._say(msg, error=True)

    def select_scope(self, kind: str, key: str) -> None:
        """Choose a scope as a user would (tests; the keys load in the background)."""
        self._pending_scope = None
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        idx = self.key_combo.findData(key)
        if idx >= 0:
            self.key_combo.setCurrentIndex(idx)

    def scope_text(self) -> str | None:
        kind, key = self.kind_combo.currentData(), self.key_combo.currentData()
        return f"{kind}:{key}" if kind and key else None

    def spec(self) -> ReportSpec:
        """The pack the form describes (quotes: the checked marked ones)."""
        ws = self.session.workspace
        return ReportSpec(
            workspace=ws.path.name if ws is not None else "",
            template=self.template_combo.currentData() or "defect",
            lang=self.lang_combo.currentData() or "zh",
            date_from=self.from_date.date().toString("yyyy-MM-dd")
            if self.from_check.isChecked() else None,
            date_to=self.to_date.date().toString("yyyy-MM-dd")
            if self.to_check.isChecked() else None,
            title=self.title_edit.text().strip() or None,
            # until the list is loaded: every mark in scope (what the list checks by default)
            quote_ids=self.checked_quotes() if self._evidence_ready else None,
            scope=self.scope_text())

    def _scope_changed(self, *_a) -> None:
        self._load_evidence()

    def _load_evidence(self) -> None:
        """The marked quotes inside the current scope, all checked (resolving a scope may
        run an engine, e.g. signal detection: a background job)."""
        self.evidence_list.clear()
        self._evidence_ready = False
        if self.session.workspace is None or self.key_combo.currentData() is None and \
                self.kind_combo.currentData():
            return
        if self._evidence_job is not None:
            self._evidence_job.cancel()
        spec = ReportSpec(**{**self.spec().to_dict(), "quote_ids": []})

        def work(ws, progress, spec=spec):
            from vocdesk.engine.reports.evidence import scope_filter

            return spec.scope, ws.evidence.list(scope_filter(ws, spec))

        self._evidence_job = self.session.run_job(
            _("Reading the marked quotes"), work, on_done=self._evidence_done,
            on_failed=self._evidence_failed, topics=())

    def _evidence_failed(self, msg: str) -> None:
        self._evidence_job = None
        self.evidence_label.setText(msg)

    def _evidence_done(self, result) -> None:
        self._evidence_job = None
        scope, marks = result
        if scope != self.scope_text():
            return
        self.evidence_list.clear()
        for m in marks:
            text = " ".join((m["text"] or "").split())
            short = text if len(text) <= 90 else text[:90] + "…"
            extra = " · ".join(x for x in (m.get("topic"), m.get("marked_by")) if x)
            item = QListWidgetItem(f"#{m['feedback_id']} {short}" + (f"\n{extra}" if extra
                                                                      else ""))
            item.setData(ID_ROLE, m["feedback_id"])
            item.setToolTip(text + (f"\n{m['note']}" if m.get("note") else ""))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.evidence_list.addItem(item)
        self.evidence_label.setText(
            _("{n} marked quotes in this scope; checked ones come first in the pack, the "
              "rest is chosen by rule (each customer's latest).").format(n=len(marks))
            if marks else _("No quote in this scope is marked as evidence: the pack chooses "
                            "each customer's latest. Mark quotes in the explorer (right-click)."))
        self._evidence_ready = True
        self.evidence_loaded.emit()
        if self._autopreview:
            self._autopreview = False
            QTimer.singleShot(0, self.preview)

    def checked_quotes(self) -> list[int]:
        out = []
        for i in range(self.evidence_list.count()):
            item = self.evidence_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(ID_ROLE)))
        return out

    def _show_rows(self) -> None:
        ws = self.session.workspace
        if ws is None:
            return
        from vocdesk.engine.reports.evidence import scope_filter

        try:
            ids = ws.browse.ids(scope_filter(ws, self.spec()), "id")
        except Exception as exc:   # noqa: BLE001
            self._say(str(exc), error=True)
            return
        self.rows_requested.emit([int(i) for i in ids], self.key_combo.currentText()
                                 or _("All feedback"))

    # --- build, preview, export ------------------------------------------------------------------
    def preview(self) -> None:
        """Build the pack in memory and show its pages (background job)."""
        if self.session.workspace is None or self._job is not None:
            return
        spec = self.spec()

        def work(ws, progress, spec=spec):
            progress.start(None, _("Selecting the rows and laying out the pages…"))
            try:
                built = ws.reports.build(spec)
            except PiiInPackError as exc:
                return {"refused": str(exc)}
            progress.check()
            return {"built": built, "pages": render_pages(built.pdf, progress=progress)}

        self.preview_view.set_message(_("Building the pack…"))
        self._start(_("Building the pack"), work, self._preview_done)

    def export_to(self, path: str | Path) -> None:
        """Write the pack and its manifest to ``path`` (background job)."""
        if self.session.workspace is None or self._job is not None:
            return
        spec = self.spec()

        def work(ws, progress, spec=spec, out=str(path)):
            progress.start(None, _("Laying out, checking for personal data, writing…"))
            try:
                return {"result": ws.reports.write(spec, out)}
            except PiiInPackError as exc:
                return {"refused": str(exc)}

        self._start(_("Writing the pack"), work, self._export_done)

    def _export_clicked(self) -> None:
        start = str(Path.home() / f"{self.template_combo.currentData() or 'pack'}.pdf")
        path, _f = QFileDialog.getSaveFileName(self, _("Export the pack"), start,
                                               _("PDF files (*.pdf)"))
        if path:
            self.export_to(path if path.lower().endswith(".pdf") else path + ".pdf")

    def _start(self, title: str, work, on_done) -> None:  # noqa: ANN001
        self._say("")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.preview_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self._job = self.session.run_job(title, work, on_done=on_done, on_failed=self._failed,
                                         on_cancelled=self._cancelled, topics=())
        self._job.signals.progress.connect(self._progress)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(message or "%p%")

    def _end(self) -> None:
        self._job = None
        self.progress.hide()
        self.cancel_button.setEnabled(False)
        self.preview_button.setEnabled(True)
        self.export_button.setEnabled(True)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _refused(self, result: dict) -> bool:
        if "refused" not in result:
            return False
        self.last_error = result["refused"]
        self._say(_("Refused: the pack would show personal data, so nothing was written. "
                    "Narrow the scope, uncheck the quote, or re-import the source with "
                    "redaction on.") + "\n" + result["refused"], error=True)
        self.preview_view.set_message(_("No preview: the PII check refused this pack."))
        return True

    def _preview_done(self, result: dict) -> None:
        self._end()
        if self._refused(result):
            return
        self.built = result["built"]
        man = self.built.manifest
        if result["pages"] is None:
            self.preview_view.set_message(_("The pack is built ({pages} pages); install "
                                            "pypdfium2 to see its pages here.").format(
                pages=self.built.pages))
        else:
            self.preview_view.set_pages(result["pages"])
        self._say(_("{pages} pages · {rows} rows · {figures} figures and tables with "
                    "lineage").format(pages=self.built.pages, rows=f"{man['rows']:,}",
                                      figures=len(man["figures"])))
        self.preview_ready.emit()

    def _export_done(self, result: dict) -> None:
        self._end()
        if self._refused(result):
            return
        res = self.last_result = result["result"]
        self._say(_("Wrote {out} ({pages} pages); manifest {manifest}").format(
            out=res.out, pages=res.pages, manifest=res.manifest_path.name))
        self.exported.emit(str(res.out))

    def _failed(self, msg: str) -> None:
        self._end()
        self.last_error = msg
        self._say(msg, error=True)

    def _cancelled(self) -> None:
        self._end()
        self._say(_("Cancelled."))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b3261e;" if error else "")
        self.message.setText(text)


def _day(ts: float, tz: str) -> str:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    return datetime.fromtimestamp(ts, UTC).astimezone(ZoneInfo(tz)).date().isoformat()
