"""Import wizard: choose files, check the preview and mapping, import and analyse in the
background with a progress bar, a rate and a Cancel button; problems listed by file, row and
column. Cancel leaves the workspace as it was: the whole job is one transaction.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.services.imports import ImportSpec
from vocdesk.i18n import _, label
from vocdesk.ui.pages._import_preview import (
    CUSTOMER_FIELDS,
    FIELDS,
    ErrorsModel,
    exact_overrides,
    field_label,
    preview_model,
)

FILE_FILTER = "Feedback (*.csv *.tsv *.txt *.xlsx *.xls *.json *.jsonl *.ndjson);;All files (*)"
NONE = None


class ImportWizard(QDialog):
    """``ImportWizard(session, files=None, parent=None)``; ``files`` come from a drop."""

    preview_ready = Signal(str)          # path whose preview is shown
    import_finished = Signal(object)     # ImportOutcome
    import_cancelled = Signal()
    import_failed = Signal(str)

    def __init__(self, session, files: list[str] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Import feedback"))
        self.resize(1000, 720)
        self.plans: dict[str, object] = {}            # path → ImportPlan
        self.chosen: dict[str, dict[str, str | None]] = {}   # path → field → column (edited)
        self.job = None
        self.outcome = None
        self._current: str | None = None
        self._filling = False
        self._rate_start: tuple[float, int, str] | None = None
        self._build()
        for f in files or []:
            self.add_file(f)

    # --- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        files_box = QGroupBox(_("Files"))
        fl = QVBoxLayout(files_box)
        self.file_list = QListWidget()
        self.file_list.currentTextChanged.connect(self._on_file_selected)
        fl.addWidget(self.file_list)
        row = QHBoxLayout()
        add = QPushButton(_("Add files…"))
        add.clicked.connect(self._choose_files)
        remove = QPushButton(_("Remove"))
        remove.clicked.connect(self._remove_file)
        row.addWidget(add)
        row.addWidget(remove)
        fl.addLayout(row)

        opts_box = QGroupBox(_("Options"))
        of = QFormLayout(opts_box)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(_("Feedback"), "feedback")
        self.kind_combo.addItem(_("Customer data (segment, value, orders)"), "customers")
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        of.addRow(_("Import as"), self.kind_combo)
        self.channel_combo = QComboBox()
        self.channel_combo.setEditable(True)
        self.channel_combo.addItem(_("(from the file or automatic)"), "")
        for ch in ("app_store", "ecommerce", "survey", "ticket", "email", "social", "other"):
            self.channel_combo.addItem(ch, ch)
        of.addRow(_("Channel"), self.channel_combo)
        self.redact_check = QCheckBox(_("Mask personal data (phone numbers, e-mail, ID numbers)"))
        self.redact_check.setChecked(True)
        of.addRow(_("Redaction"), self.redact_check)
        self.analyze_check = QCheckBox(_("Analyse after import"))
        self.analyze_check.setChecked(True)
        of.addRow(_("Analysis"), self.analyze_check)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(files_box, 1)
        ll.addWidget(opts_box)

        self.info_label = QLabel(_("Add a file to see a preview."))
        self.info_label.setWordWrap(True)
        self.preview_view = QTableView()
        self.preview_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_view.horizontalHeader().setDefaultSectionSize(140)

        map_box = QGroupBox(_("Column mapping"))
        self._map_form = QFormLayout()
        self.field_combos: dict[str, QComboBox] = {}
        self._build_field_combos()
        host = QWidget()
        host.setLayout(self._map_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(host)
        map_layout = QVBoxLayout(map_box)
        map_layout.addWidget(scroll)
        kept = QLabel(_("Columns that feed no field are kept with each row as attributes: "
                        "nothing in the file is lost."))
        kept.setWordWrap(True)
        map_layout.addWidget(kept)

        right_split = QSplitter(Qt.Orientation.Vertical)
        pv = QWidget()
        pl = QVBoxLayout(pv)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.info_label)
        pl.addWidget(self.preview_view, 1)
        right_split.addWidget(pv)
        right_split.addWidget(map_box)
        right_split.setSizes([330, 300])

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(right_split)
        top.setStretchFactor(1, 3)

        self.errors_model = ErrorsModel(self)
        self.errors_view = QTableView()
        self.errors_view.setModel(self.errors_model)
        self.errors_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors_view.horizontalHeader().setStretchLastSection(True)
        self.errors_view.horizontalHeader().setDefaultSectionSize(120)
        self.errors_view.setWordWrap(False)
        self.errors_view.setMaximumHeight(150)
        self.errors_view.setVisible(False)

        bottom = QHBoxLayout()
        self.progress_bar = QProgressBar()
        self.progress_bar.setVisible(False)
        self.rate_label = QLabel()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.import_button = QPushButton(_("Import"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        bottom.addWidget(self.result_label, 1)
        bottom.addWidget(self.progress_bar, 1)
        bottom.addWidget(self.rate_label)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.close_button)
        self.cancel_button.setEnabled(False)

        lay = QVBoxLayout(self)
        lay.addWidget(top, 1)
        lay.addWidget(self.errors_view)
        lay.addLayout(bottom)
        self._update_buttons()

    @property
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def _build_field_combos(self) -> None:
        while self._map_form.rowCount():
            self._map_form.removeRow(0)
        self.field_combos = {}
        if self.kind == "customers":
            for f in CUSTOMER_FIELDS:
                self._add_field_combo(f, field_label(f))
            return
        for f in FIELDS:
            self._add_field_combo(f, field_label(f))
        self._map_form.addRow(QLabel(_("Existing human coding (imported as human tags):")))
        tax = self.session.workspace.taxonomy if self.session.workspace is not None else None
        for facet in tax.facets if tax is not None else []:
            self._add_field_combo(f"tag.{facet.name}", label(facet))

    def _kind_changed(self) -> None:
        """Feedback and customer files map different fields: re-read with the new kind."""
        self.plans.clear()
        self.chosen.clear()
        self._build_field_combos()
        is_feedback = self.kind == "feedback"
        for w in (self.channel_combo, self.redact_check, self.analyze_check):
            w.setEnabled(is_feedback)
        if self._current:
            self._on_file_selected(self._current)

    def _add_field_combo(self, fieldname: str, text: str) -> None:
        combo = QComboBox()
        combo.setObjectName(f"map-{fieldname}")
        combo.currentIndexChanged.connect(lambda _i, f=fieldname: self._on_mapping_edited(f))
        self.field_combos[fieldname] = combo
        self._map_form.addRow(text, combo)

    # --- files and preview ---------------------------------------------------------------------
    def add_file(self, path: str) -> None:
        path = os.path.abspath(path)
        if self.file_list.findItems(path, Qt.MatchFlag.MatchExactly):
            return
        self.file_list.addItem(path)
        if self.file_list.currentRow() < 0:
            self.file_list.setCurrentRow(0)
        self._update_buttons()

    def _choose_files(self) -> None:
        files, _f = QFileDialog.getOpenFileNames(self, _("Choose feedback files"), "",
                                                 FILE_FILTER)
        for f in files:
            self.add_file(f)

    def _remove_file(self) -> None:
        item = self.file_list.currentItem()
        if item is None:
            return
        self.plans.pop(item.text(), None)
        self.chosen.pop(item.text(), None)
        self.file_list.takeItem(self.file_list.row(item))
        self._update_buttons()

    def files(self) -> list[str]:
        return [self.file_list.item(i).text() for i in range(self.file_list.count())]

    def _on_file_selected(self, path: str) -> None:
        self._current = path or None
        if not path:
            return
        if path in self.plans:
            self._show_plan(path)
            return
        if self.session.workspace is None:
            self.info_label.setText(_("Open or create a workspace first."))
            return
        self.info_label.setText(_("Reading {name}…").format(name=os.path.basename(path)))
        self.session.run_job(
            _("Reading {name}").format(name=os.path.basename(path)),
            lambda ws, p, path=path, kind=self.kind: ws.imports.plan(path, kind=kind),
            on_done=lambda plan, path=path: self._plan_ready(path, plan),
            on_failed=lambda msg, path=path: self._plan_failed(path, msg), topics=())

    def _plan_ready(self, path: str, plan) -> None:
        if plan.kind != self.kind:
            return          # read for the other kind before the user switched
        self.plans[path] = plan
        if path == self._current:
            self._show_plan(path)

    def _plan_failed(self, path: str, message: str) -> None:
        if path == self._current:
            self.info_label.setText(_("Cannot read this file: {msg}").format(msg=message))
        QMessageBox.warning(self, _("Cannot read the file"), message)

    def _show_plan(self, path: str) -> None:
        plan = self.plans[path]
        t = plan.table
        parts = [_("Format: {fmt}").format(fmt=t.format.upper()),
                 _("Encoding: {enc}").format(enc=t.encoding or "—"),
                 _("{n} rows, {c} columns").format(n=f"{len(t.rows):,}", c=len(t.columns))]
        if t.source_format and t.source_format != "generic":
            parts.append(_("Recognised source: {s} (confidence {c:.0%})").format(
                s=t.source_format, c=getattr(t, "confidence", 1.0)))
        text = " · ".join(parts)
        if t.notes:
            text += "\n" + "\n".join(t.notes)
        self.info_label.setText(text)
        self.info_label.setWordWrap(True)
        self.preview_view.setModel(preview_model(t, self.preview_view))
        chosen = self.chosen.setdefault(path, dict(plan.mapping))
        self._filling = True
        try:
            for fieldname, combo in self.field_combos.items():
                combo.clear()
                combo.addItem(_("(no column)"), NONE)
                for c in t.columns:
                    combo.addItem(c, c)
                col = chosen.get(fieldname)
                combo.setCurrentIndex(max(0, combo.findData(col)) if col else 0)
        finally:
            self._filling = False
        self._update_buttons()
        self.preview_ready.emit(path)

    def _on_mapping_edited(self, fieldname: str) -> None:
        if self._filling or self._current not in self.chosen:
            return
        col = self.field_combos[fieldname].currentData()
        chosen = self.chosen[self._current]
        if col:   # one column feeds one field: taking it away from another field
            for other, c in list(chosen.items()):
                if other != fieldname and c == col:
                    chosen[other] = None
                    combo = self.field_combos.get(other)
                    if combo is not None:
                        self._filling = True
                        combo.setCurrentIndex(0)
                        self._filling = False
        chosen[fieldname] = col
        self._update_buttons()

    def mapping(self, path: str | None = None) -> dict[str, str]:
        """The mapping that will be used for a file (fields → columns)."""
        path = path or self._current
        chosen = self.chosen.get(path) or (dict(self.plans[path].mapping)
                                           if path in self.plans else {})
        return {f: c for f, c in chosen.items() if c}

    def set_mapping(self, fieldname: str, column: str | None) -> None:
        """Point a field at a column of the current file (None: not imported)."""
        combo = self.field_combos[fieldname]
        combo.setCurrentIndex(max(0, combo.findData(column)) if column else 0)

    # --- import --------------------------------------------------------------------------------
    def specs(self) -> list[ImportSpec]:
        out = []
        for path in self.files():
            if path in self.chosen and path in self.plans:
                out.append(ImportSpec(path, exact_overrides(self.chosen[path],
                                                            self.plans[path].mapping)))
            else:
                out.append(ImportSpec(path, None))
        return out

    def start_import(self) -> None:
        if self.job is not None or not self.files() or self.session.workspace is None:
            return
        specs = self.specs()
        kind = self.kind
        need = ("customer_id",) if kind == "customers" else ("text", "rating", "nps", "csat", "ces")
        missing = [s.path for s in specs if s.path in self.chosen
                   and not any(self.chosen[s.path].get(f) for f in need)]
        if missing:
            msg = _("Choose the column with the customer id for {name}.") if kind == "customers" \
                else _("Choose the column with the feedback text for {name}.")
            QMessageBox.warning(self, _("A required column is missing"),
                                msg.format(name=os.path.basename(missing[0])))
            return
        text = self.channel_combo.currentText().strip()
        idx = self.channel_combo.findText(text)
        channel = (self.channel_combo.itemData(idx) if idx >= 0 else text) or None
        redact, analyze = self.redact_check.isChecked(), self.analyze_check.isChecked()
        self.errors_model.clear_problems()
        self.errors_view.setVisible(False)
        self.result_label.setText("")
        self.progress_bar.setVisible(True)
        self.progress_bar.setRange(0, 0)
        self.rate_label.setText("")
        self._rate_start = None
        self.job = self.session.run_job(
            _("Importing {n} file(s)").format(n=len(specs)),
            lambda ws, p: ws.imports.import_files(specs, channel=channel, redact=redact,
                                                  analyze=analyze and kind == "feedback",
                                                  kind=kind, progress=p),
            on_done=self._done, on_failed=self._failed, on_cancelled=self._cancelled)
        self.job.signals.progress.connect(self._on_progress)
        self.job.signals.finished.connect(self._finished)
        self._update_buttons()

    def cancel(self) -> None:
        """Cancel the running import (the workspace stays as it was) or close the dialog."""
        if self.job is not None:
            self.job.cancel()
            self.result_label.setText(_("Cancelling…"))
        self._update_buttons()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if self._rate_start is None or self._rate_start[2] != message:
            self._rate_start = (now, done, message)
        self.progress_bar.setRange(0, total or 0)
        if total:
            self.progress_bar.setValue(min(done, total))
        t0, d0, _m = self._rate_start
        rate = (done - d0) / (now - t0) if now > t0 and done > d0 else 0.0
        phase = {"importing": _("Importing"), "analysing": _("Analysing"),
                 "indexing text": _("Indexing text")}.get(message, message)
        text = f"{phase}: {done:,}" + (f" / {total:,}" if total else "")
        if rate:
            text += " · " + _("{rate} rows/s").format(rate=f"{rate:,.0f}")
        self.rate_label.setText(text)

    def _done(self, outcome) -> None:
        self.outcome = outcome
        problems = outcome.problems
        dup = sum(r.rows_duplicate for r in outcome.reports)
        text = _("Imported {n} rows ({d} duplicates skipped, {b} with problems) in {s:.1f} s.").format(
            n=f"{outcome.rows_imported:,}", d=f"{dup:,}", b=f"{len(problems):,}", s=outcome.seconds)
        if outcome.analysis is not None:
            text += " " + _("Analysed {n} rows.").format(
                n=f"{getattr(outcome.analysis, 'rows_analyzed', 0):,}")
        self.result_label.setText(text)
        if problems:
            self.errors_model.add_problems(problems)
            self.errors_view.setVisible(True)
        self.import_finished.emit(outcome)

    def _failed(self, message: str) -> None:
        self.result_label.setText(_("The import failed; the workspace is unchanged."))
        self.import_failed.emit(message)
        QMessageBox.warning(self, _("Import failed"), message)

    def _cancelled(self) -> None:
        self.result_label.setText(_("Import cancelled; the workspace is unchanged."))
        self.import_cancelled.emit()

    def _finished(self) -> None:
        self.job = None
        self.progress_bar.setVisible(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.job is not None
        self.import_button.setEnabled(not running and bool(self.files()))
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)

    # --- closing -------------------------------------------------------------------------------
    def reject(self) -> None:
        if self.job is not None:   # Esc or the window's close: cancel first, never leave a job
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.job is not None:
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)
