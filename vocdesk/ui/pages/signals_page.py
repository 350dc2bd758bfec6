"""The weak-signals page: the same ranked list as ``vocdesk signals``, the selected signal's
weekly counts, example verbatims, and what to do about it (dismiss, watch, turn into a taxonomy
rule, create an action, export the customers to warn).

Detection runs in a background job; double-clicking a signal (or clicking a week of its chart,
or an example) opens exactly those rows in the explorer through ``rows_requested``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vocdesk.i18n import _, label
from vocdesk.ui.charts.signal_chart import SignalChart
from vocdesk.ui.session import _user
from vocdesk.ui.widgets.shown_reload import ReloadsWhenShown

COLUMNS = ("Signal", "Recent", "Baseline", "Growth", "p", "q", "First seen", "Onset",
           "Customers", "State")


def terms_text(s: dict, taxonomy=None) -> str:  # noqa: ANN001
    """The signal's parts for people: a facet value with its facet's name ("产品: R5"), so
    a product × feature pair and a product × keyword pair never read the same."""
    out = []
    for part in s["terms"]:
        facet, sep, value = part.partition("=")
        f = taxonomy.facet(facet) if sep and taxonomy is not None else None
        out.append(f"{label(f)}: {value}" if f is not None else value if sep else part)
    return " + ".join(out)


def _num_item(value, text: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text if text is not None else str(value))
    item.setData(Qt.ItemDataRole.UserRole + 1, value)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class RuleDialog(QDialog):
    """Pick the facet value a signal's rule should tag (an existing value or a new one)."""

    def __init__(self, taxonomy, signal: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Turn the signal into a rule"))
        self.taxonomy = taxonomy
        self.facet_combo = QComboBox()
        for f in taxonomy.facets:
            if f.kind != "derived" and f.name != "sentiment":
                self.facet_combo.addItem(label(f), f.name)
        self.value_combo = QComboBox()
        self.value_combo.setEditable(True)
        self.value_combo.setMinimumContentsLength(16)
        self.facet_combo.currentIndexChanged.connect(self._fill_values)
        i = self.facet_combo.findData("category")
        self.facet_combo.setCurrentIndex(max(i, 0))
        self._fill_values()
        form = QFormLayout(self)
        form.addRow(QLabel(_("Rows matching {terms} will be tagged with:").format(
            terms=terms_text(signal, taxonomy))))
        form.addRow(_("Facet:"), self.facet_combo)
        form.addRow(_("Value (pick one or type a new one):"), self.value_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _fill_values(self, *_a) -> None:
        self.value_combo.clear()
        f = self.taxonomy.facet(self.facet_combo.currentData() or "")
        for v in f.values if f else []:
            self.value_combo.addItem(label(v, v.value), v.value)

    def choice(self) -> tuple[str, str]:
        text = self.value_combo.currentText().strip()
        i = self.value_combo.findText(text)
        value = self.value_combo.itemData(i) if i >= 0 else text
        return self.facet_combo.currentData(), value


class SignalsPage(ReloadsWhenShown, QWidget):
    rows_requested = Signal(list, str)
    signals_ready = Signal()

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.signals: list[dict] = []
        self._taxonomy = None           # for facet names in the signal texts
        self._job = None
        self._build()
        session.opened.connect(self._on_opened)
        session.closed.connect(self._on_closed)
        session.changed.connect(self._on_changed)
        if session.workspace is not None:
            self._default_as_of()
            self.reload()

    # --- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        self.window_combo = QComboBox()
        for key, text in (("day", _("day")), ("week", _("week")), ("month", _("month"))):
            self.window_combo.addItem(text, key)
        self.window_combo.setCurrentIndex(1)
        self.as_of_check = QCheckBox(_("As of:"))
        self.as_of_edit = QDateEdit()
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_edit.setEnabled(False)
        self.as_of_check.toggled.connect(self.as_of_edit.setEnabled)
        self.show_dismissed = QCheckBox(_("Show dismissed"))
        self.detect_button = QPushButton(_("Detect"))
        self.detect_button.clicked.connect(self.reload)
        top.addWidget(QLabel(_("Window:")))
        top.addWidget(self.window_combo)
        top.addWidget(self.as_of_check)
        top.addWidget(self.as_of_edit)
        top.addWidget(self.show_dismissed)
        top.addWidget(self.detect_button)
        top.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setToolTip(_("Double-click a signal to open its recent rows in the explorer."))
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.table.cellDoubleClicked.connect(self._double_clicked)

        self.chart = SignalChart()
        self.chart.week_clicked.connect(self.open_week)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.examples = QListWidget()
        self.examples.setWordWrap(True)
        self.examples.itemClicked.connect(self._example_clicked)
        buttons = QHBoxLayout()
        self.buttons = {}
        for key, text, slot in (("open", _("Open rows"), self.open_recent_rows),
                                ("dismiss", _("Dismiss"), lambda: self.set_state("dismissed")),
                                ("watch", _("Watch"), lambda: self.set_state("watched")),
                                ("rule", _("Turn into rule…"), self.turn_into_rule),
                                ("action", _("Create action"), self.create_action),
                                ("outreach", _("Outreach CSV…"), self.export_outreach)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            self.buttons[key] = b
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.chart, 3)
        rl.addWidget(self.detail)
        rl.addWidget(QLabel("<b>" + _("Example verbatims") + "</b>"))
        rl.addWidget(self.examples, 2)
        rl.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([760, 600])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.status)
        lay.addWidget(split, 1)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for b in self.buttons.values():
            b.setEnabled(on)

    # --- loading -------------------------------------------------------------------------------
    def _on_opened(self, _path: str) -> None:
        self._default_as_of()
        self.reload()

    def _default_as_of(self) -> None:
        """Put the last day with data in the as-of box (used once ticked)."""
        ws = self.session.workspace
        last = (ws.stats().get("date_range") or [None, None])[-1] if ws is not None else None
        if last:
            self.as_of_edit.setDate(QDate.fromString(str(last)[:10], "yyyy-MM-dd"))

    def _on_closed(self) -> None:
        self.signals = []
        self._fill()

    def _on_changed(self, topics) -> None:  # noqa: ANN001
        if {"tags", "taxonomy", "feedback"} & set(topics):
            self.reload_when_seen()

    def reload(self) -> None:
        if self.session.workspace is None:
            return
        if self._job is not None:
            self._job.cancel()
        window = self.window_combo.currentData()
        as_of = self.as_of_edit.date().toString("yyyy-MM-dd") if self.as_of_check.isChecked() \
            else None
        dismissed = self.show_dismissed.isChecked()
        self.status.setText(_("Detecting weak signals…"))

        def work(ws, progress):
            return ws.signals.detect(window=window, as_of=as_of, limit=50,
                                     include_dismissed=dismissed)

        self._job = self.session.run_job(_("Detecting weak signals"), work, on_done=self._done,
                                         on_failed=self._failed, topics=())

    def _failed(self, msg: str) -> None:
        self._job = None
        self.status.setText(msg)

    def _done(self, found: list[dict]) -> None:
        self._job = None
        self.signals = found
        ws = self.session.workspace
        self._taxonomy = ws.taxonomy if ws is not None else None
        self._fill()
        self.signals_ready.emit()

    def _terms(self, s: dict) -> str:
        return terms_text(s, self._taxonomy)

    def _fill(self) -> None:
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.signals))
        for r, s in enumerate(self.signals):
            cust = "—" if s["customers_recent"] is None else \
                f"{s['customers_recent']} / {s['customers_baseline']}"
            state = {"watched": _("watched"), "dismissed": _("dismissed")}.get(s["state"], "")
            cells = [QTableWidgetItem(self._terms(s)), _num_item(s["recent"]),
                     _num_item(s["baseline"]), _num_item(s["growth"], f"×{s['growth']:.1f}"),
                     _num_item(s["p"], f"{s['p']:.2g}"), _num_item(s["q"], f"{s['q']:.2g}"),
                     QTableWidgetItem(s["first_seen"]), QTableWidgetItem(s["onset"]),
                     _num_item(s["customers_recent"] or 0, cust), QTableWidgetItem(state)]
            cells[0].setToolTip(s["key"])
            cells[8].setToolTip(_("distinct customers: recent / baseline"))
            for c, item in enumerate(cells):
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 320))
        if self.session.workspace is None:
            self.status.setText("")
        elif not self.signals:
            self.status.setText(_("No weak signal at this window: nothing grows abnormally from "
                                  "a small base."))
        else:
            self.status.setText(_("{n} signals, ranked by evidence (q ≤ 0.05 after "
                                  "false-discovery-rate control) and growth.").format(
                n=len(self.signals)))
        if self.signals:
            self.table.selectRow(0)
        else:
            self._show_selected()

    # --- the selected signal ---------------------------------------------------------------------
    def current(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.signals):
            return None
        return self.signals[rows[0].row()]

    def _show_selected(self) -> None:
        s = self.current()
        self._enable(s is not None and self.session.workspace is not None)
        self.chart.show_signal(s)
        self.examples.clear()
        if s is None:
            self.detail.setText("")
            return
        self.detail.setText(_(
            "{terms}: {k} rows in the last {d} days vs {b} in the baseline — growth ×{g}, "
            "q = {q}. First seen {first}, onset {onset}.").format(
            terms=self._terms(s), k=s["recent"], d=s["window_days"], b=s["baseline"],
            g=f"{s['growth']:.1f}", q=f"{s['q']:.2g}", first=s["first_seen"], onset=s["onset"]))
        ws = self.session.workspace
        for row in ws.feedback(s["example_ids"]) if ws is not None else []:
            item = QListWidgetItem(f"#{row['id']}  {row['text']}")
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.examples.addItem(item)

    def open_recent_rows(self) -> None:
        s = self.current()
        if s is not None and s["recent_ids"]:
            self.rows_requested.emit(list(s["recent_ids"]), _("signal {terms}, last {d} days")
                                     .format(terms=self._terms(s), d=s["window_days"]))

    def open_week(self, i: int) -> None:
        s = self.current()
        if s is None or i >= len(s["weekly"]) or not s["weekly"][i]["ids"]:
            return
        w = s["weekly"][i]
        self.rows_requested.emit(list(w["ids"]), _("signal {terms}, week of {week}").format(
            terms=self._terms(s), week=w["week_start"]))

    def _example_clicked(self, item: QListWidgetItem) -> None:
        self.rows_requested.emit([item.data(Qt.ItemDataRole.UserRole)], _("example verbatim"))

    def _double_clicked(self, row: int, _col: int) -> None:
        self.table.selectRow(row)
        self.open_recent_rows()

    # --- acting on it --------------------------------------------------------------------------
    def set_state(self, state: str | None) -> None:
        s = self.current()
        if s is None or self.session.workspace is None:
            return
        self.session.workspace.signals.set_state(s["key"], state, who=_user())
        self.status.setText(_("Signal {terms}: {state}.").format(
            terms=self._terms(s), state={"watched": _("watched"),
                                        "dismissed": _("dismissed")}[state]))
        self.reload()

    def turn_into_rule(self) -> None:
        s = self.current()
        ws = self.session.workspace
        if s is None or ws is None:
            return
        dlg = RuleDialog(ws.taxonomy, s, self)
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return
            facet, value = dlg.choice()
        finally:
            dlg.deleteLater()
        self.make_rule(s, facet, value)

    def make_rule(self, s: dict, facet: str, value: str):  # noqa: ANN201 - the Job
        """Add the signal's rule to ``facet=value`` and re-tag, in the background."""
        who = _user()
        self.status.setText(_("Adding the rule and re-tagging…"))

        def work(ws, progress):
            return ws.signals.to_rule(s["key"], facet, value, who=who, progress=progress)

        def done(r: dict) -> None:
            self.status.setText(_("Rule {id} added to {facet}={value}: {expr} · {n} rows "
                                  "re-tagged.").format(id=r["rule_id"], facet=r["facet"],
                                                       value=r["value"], expr=r["expr"],
                                                       n=f"{r['rows_analyzed']:,}"))

        return self.session.run_job(_("Turning the signal into a rule"), work, on_done=done,
                                    on_failed=self._failed, topics=("tags", "taxonomy"))

    def create_action(self) -> int | None:
        s = self.current()
        ws = self.session.workspace
        if s is None or ws is None:
            return None
        where: dict[str, list[str]] = {}
        for part in s["terms"]:
            facet, sep, value = part.partition("=")
            if sep and ws.taxonomy.facet(facet) is not None:
                where.setdefault(facet, []).append(value)
        aid = ws.actions.add(_("Weak signal: {terms}").format(terms=self._terms(s)), where=where,
                             evidence=list(s["recent_ids"]), who=_user())
        self.status.setText(_("Action #{id} created with {n} evidence rows.").format(
            id=aid, n=len(s["recent_ids"])))
        self.session.notify("actions")
        return aid

    def export_outreach(self, path: str | None = None) -> int | None:
        s = self.current()
        ws = self.session.workspace
        if s is None or ws is None:
            return None
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export the customers to warn"), f"outreach-{date.today()}.csv",
                "CSV (*.csv)")
        if not path:
            return None
        try:
            rows = ws.actions.outreach(signal=s["key"], out=path)
        except Exception as exc:   # noqa: BLE001 - a dialog, never a traceback
            QMessageBox.warning(self, _("Cannot export"), str(exc))
            return None
        self.status.setText(_("{n} customers written to {path}.").format(n=len(rows),
                                                                           path=path))
        return len(rows)

    def set_as_of(self, day: str | None) -> None:
        """Detect as of a day (None: the last day with data)."""
        self.as_of_check.setChecked(day is not None)
        if day:
            self.as_of_edit.setDate(QDate.fromString(day, "yyyy-MM-dd"))
