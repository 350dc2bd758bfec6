"""The actions page: the closed-loop queue by due time (overdue marked), filters, SLA breaches
per department, each action's append-only log, its workflow moves, and the month-later effect
check; export to and status import from a corporate ticket tool.

Reads run in a background job (``ws.actions.list`` derives every action's state from its log
and the calendar); a move appends an event through ``ws.actions`` and the queue re-reads.
Evidence rows open in the explorer through ``rows_requested``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vocdesk.i18n import _
from vocdesk.ui.labels import value_label
from vocdesk.ui.pages._action_detail import (
    ActionDetail,
    effect_text,
    rule_label,
    status_label,
    title_text,
)
from vocdesk.ui.session import _user
from vocdesk.ui.widgets.shown_reload import ReloadsWhenShown

COLUMNS = ("ID", "Due", "Status", "Escalation", "Department", "Owner", "Title", "Evidence",
           "Effect check")
OVERDUE = QColor(208, 69, 59, 60)
DUE_CHECK = QColor(222, 170, 40, 60)


def escalation_label(a: dict) -> str:
    return {0: "", 1: _("department head"), 2: _("CX lead")}[a["escalation_level"]]


class ActionsPage(ReloadsWhenShown, QWidget):
    rows_requested = Signal(list, str)
    actions_ready = Signal()

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.actions: list[dict] = []
        self.shown: list[dict] = []
        self.precision: list[dict] = []
        self._job = None
        self._build()
        session.opened.connect(self._on_opened)
        session.closed.connect(self._on_closed)
        session.changed.connect(self._on_changed)
        if session.workspace is not None:
            self.reload()

    # --- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        self.filters: dict[str, QComboBox] = {}
        for key, text in (("department", _("Department:")), ("owner", _("Owner:")),
                          ("status", _("Status:"))):
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(self._fill_table)
            top.addWidget(QLabel(text))
            top.addWidget(combo)
            self.filters[key] = combo
        self.due_only = QCheckBox(_("Effect check due only"))
        self.due_only.toggled.connect(self._fill_table)
        top.addWidget(self.due_only)
        top.addStretch(1)
        for key, text, slot in (("refresh", _("Refresh"), self.reload),
                                ("export", _("Export…"), self.export),
                                ("import", _("Import status…"), self.import_status)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            top.addWidget(b)
            setattr(self, f"{key}_button", b)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.breaches = QLabel()
        self.breaches.setWordWrap(True)
        self.rules_label = QLabel()
        self.rules_label.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #a33;")

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setToolTip(_("Double-click an action to open its evidence rows."))
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.detail = ActionDetail()
        self.detail.move_requested.connect(self.move)
        self.detail.note_requested.connect(self.add_note)
        self.detail.evaluate_requested.connect(self.evaluate)
        self.detail.evidence_requested.connect(self.open_evidence)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([800, 560])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.breaches)
        lay.addWidget(self.rules_label)
        lay.addWidget(self.warning)
        lay.addWidget(split, 1)

    # --- loading -------------------------------------------------------------------------------
    def _on_opened(self, _path: str) -> None:
        self.reload()

    def _on_closed(self) -> None:
        self.actions, self.precision = [], []
        self._fill_filters()
        self._fill_table()

    def _on_changed(self, topics) -> None:  # noqa: ANN001
        if {"actions", "tags", "feedback"} & set(topics):
            self.reload_when_seen()

    def reload(self) -> None:
        if self.session.workspace is None:
            return
        if self._job is not None:
            self._job.cancel()
        self.summary.setText(_("Reading the actions…"))

        def work(ws, progress):
            return ws.actions.list(), ws.actions.rule_precision()

        self._job = self.session.run_job(_("Reading the actions"), work, on_done=self._done,
                                         on_failed=self._failed, topics=())

    def _failed(self, msg: str) -> None:
        self._job = None
        self.summary.setText(msg)

    def _done(self, result) -> None:  # noqa: ANN001
        self._job = None
        self.actions, self.precision = result
        self._fill_filters()
        self._fill_table()
        self.actions_ready.emit()

    def _fill_filters(self) -> None:
        values = {"department": sorted({a["department"] or "" for a in self.actions} - {""}),
                  "owner": sorted({a["owner"] or "" for a in self.actions} - {""}),
                  "status": [s for s in ("new", "assigned", "in_progress", "resolved",
                                         "verified") if any(a["status"] == s
                                                            for a in self.actions)]}
        for key, combo in self.filters.items():
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("all"), None)
            for v in values[key]:
                combo.addItem(status_label(v) if key == "status" else
                              self._dept(v) if key == "department" else v, v)
            combo.setCurrentIndex(max(combo.findData(keep), 0))
            combo.blockSignals(False)

    def _dept(self, value: str | None) -> str:
        """A department by its label in the UI language (stored values stay as written)."""
        return value_label(self.session.workspace, "department", value) if value else ""

    def set_filter(self, key: str, value: str | None) -> None:
        combo = self.filters[key]
        combo.setCurrentIndex(max(combo.findData(value), 0))

    # --- showing -------------------------------------------------------------------------------
    def _fill_table(self, *_a) -> None:
        keep = self.current()["id"] if self.current() else None
        f = {k: c.currentData() for k, c in self.filters.items()}
        self.shown = [a for a in self.actions
                      if all(v is None or a[k] == v for k, v in f.items())
                      and (not self.due_only.isChecked() or a["effect_check_due"])]
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.shown))
        for r, a in enumerate(self.shown):
            due = a["due_at"][:16].replace("T", " ")
            if a["overdue"]:
                due = "⚠ " + due + " " + _("overdue")
            check = _("due") if a["effect_check_due"] else (
                effect_text(a["evaluation"], short=True) if a["evaluation"] else "")
            cells = [str(a["id"]), due, status_label(a["status"]), escalation_label(a),
                     self._dept(a["department"]), a["owner"] or "", title_text(a),
                     str(len(a["evidence"])), check]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 6:
                    item.setToolTip(text)
                if a["overdue"]:
                    item.setBackground(QBrush(OVERDUE))
                elif a["effect_check_due"]:
                    item.setBackground(QBrush(DUE_CHECK))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(6, min(self.table.columnWidth(6), 240))
        self._fill_summary()
        ids = [a["id"] for a in self.shown]
        if keep in ids:
            self.table.selectRow(ids.index(keep))
        elif ids:
            self.table.selectRow(0)
        else:
            self._show_selected()

    def _fill_summary(self) -> None:
        if self.session.workspace is None:
            for w in (self.summary, self.breaches, self.rules_label, self.warning):
                w.setText("")
            return
        overdue = sum(a["overdue"] for a in self.actions)
        due = sum(a["effect_check_due"] for a in self.actions)
        opened = sum(a["status"] in ("new", "assigned", "in_progress") for a in self.actions)
        self.summary.setText(_("{n} actions ({shown} shown): {open} open, {overdue} overdue, "
                               "{due} with the month-later effect check due.").format(
            n=len(self.actions), shown=len(self.shown), open=opened, overdue=overdue, due=due))
        per: dict[str, int] = {}
        for a in self.actions:
            if a["breached"]:
                name = self._dept(a["department"]) or _("no department")
                per[name] = per.get(name, 0) + 1
        self.breaches.setText(_("SLA breaches by department: {list}").format(
            list=" · ".join(f"{d} {n}" for d, n in sorted(per.items(), key=lambda x: -x[1]))
            or _("none")))
        parts = []
        for r in self.precision:
            if not r["actions"]:
                continue
            prec = "—" if r["precision"] is None else f"{r['precision']:.0%}"
            parts.append(_("{rule}: {n} actions, precision {p} ({real} real / {noise} "
                           "noise)").format(rule=rule_label(r["rule_id"]), n=r["actions"], p=prec,
                                            real=r["real"], noise=r["noise"]))
        self.rules_label.setText(_("Alert rules: {list}").format(list=" · ".join(parts))
                                 if parts else "")
        warn = next((a["calendar_warning"] for a in self.actions if a["calendar_warning"]), None)
        self.warning.setText(warn or "")

    def current(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    def _show_selected(self) -> None:
        ws = self.session.workspace
        self.detail.show_action(self.current(), ws.taxonomy if ws is not None else None)

    def _double_clicked(self, row: int, _col: int) -> None:
        self.table.selectRow(row)
        self.open_evidence()

    # --- acting --------------------------------------------------------------------------------
    def _write(self, fn, done: str) -> bool:  # noqa: ANN001
        try:
            fn(self.session.workspace.actions)
        except Exception as exc:   # noqa: BLE001 - a workflow refusal is a dialog
            QMessageBox.warning(self, _("Cannot change the action"), str(exc))
            return False
        self.summary.setText(done)
        self.reload()
        return True

    def move(self, status: str, note: str, root_cause: str, fixed_on: str,
             resolution: str) -> bool:
        a = self.current()
        if a is None or self.session.workspace is None:
            return False
        return self._write(lambda svc: svc.set_status(
            a["id"], status, who=_user(), note=note or None, root_cause=root_cause or None,
            fixed_on=fixed_on or None, resolution=resolution or None),
            _("Action #{id} is now {status}.").format(id=a["id"], status=status_label(status)))

    def add_note(self, text: str) -> bool:
        a = self.current()
        if a is None or not text.strip() or self.session.workspace is None:
            return False
        return self._write(lambda svc: svc.note(a["id"], text.strip(), who=_user()),
                           _("Note added to action #{id}.").format(id=a["id"]))

    def evaluate(self):  # noqa: ANN201 - the Job
        a = self.current()
        if a is None or self.session.workspace is None:
            return None
        who = _user()
        self.summary.setText(_("Checking the effect of action #{id}…").format(id=a["id"]))

        def done(r: dict) -> None:
            self.detail.show_effect(r)
            self.reload()

        def failed(msg: str) -> None:
            self.detail.show_effect_error(msg)
            self._failed(msg)

        return self.session.run_job(
            _("Checking the effect"), lambda ws, p: ws.actions.evaluate(a["id"], who=who, record=True),
            on_done=done, on_failed=failed, topics=())

    def open_evidence(self) -> None:
        a = self.current()
        if a is not None and a["evidence"]:
            self.rows_requested.emit(list(a["evidence"]), _("evidence of action #{id}").format(
                id=a["id"]))

    def export(self, path: str | None = None) -> int | None:
        ws = self.session.workspace
        if ws is None:
            return None
        if not path:
            path, _f = QFileDialog.getSaveFileName(
                self, _("Export actions for the ticket tool"), f"actions-{date.today()}.xlsx",
                "Excel (*.xlsx);;CSV (*.csv)")
        if not path:
            return None
        try:
            n = ws.actions.export(path)
        except Exception as exc:   # noqa: BLE001
            QMessageBox.warning(self, _("Cannot export"), str(exc))
            return None
        self.summary.setText(_("{n} actions written to {path}.").format(n=n, path=path))
        return n

    def import_status(self, path: str | None = None) -> dict | None:
        ws = self.session.workspace
        if ws is None:
            return None
        if not path:
            path, _f = QFileDialog.getOpenFileName(
                self, _("Import statuses from the ticket tool"), "",
                _("Sheets (*.xlsx *.csv)"))
        if not path:
            return None
        try:
            r = ws.actions.import_status(path, who=_user())
        except Exception as exc:   # noqa: BLE001 - names file, row and column
            QMessageBox.warning(self, _("Cannot import"), str(exc))
            return None
        self.summary.setText(_("{rows} rows read: {events} events appended to {n} "
                               "actions.").format(rows=r["rows"], events=r["events"],
                                                  n=r["actions"]))
        self.reload()
        return r
