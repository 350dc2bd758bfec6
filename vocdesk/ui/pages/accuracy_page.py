"""The accuracy lab page: the same numbers as ``vocdesk accuracy``, a confusion heat map and the
reliability curve; clicking a confusion cell opens the rows behind it in the explorer.

The report is computed in a background job (out-of-fold predictions train small models).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vocdesk.i18n import _, label
from vocdesk.ui.charts import adopt_plot_menus
from vocdesk.ui.labels import value_label


def _pct(x) -> str:
    return "—" if x is None else f"{x:.1%}"


def _num(x) -> str:
    return "—" if x is None else f"{x:.2f}"


class AccuracyPage(QWidget):
    rows_requested = Signal(list, str)     # ids, what they are (for the explorer's count line)
    report_ready = Signal()

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.report = None
        self.agreement: dict = {}
        self._job = None
        self._build()
        session.opened.connect(self._on_opened)    # bound methods: disconnected when deleted
        session.closed.connect(self._on_closed)
        if session.workspace is not None:
            self.reload()

    def _build(self) -> None:
        top = QHBoxLayout()
        self.facet_combo = QComboBox()
        self.facet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.facet_combo.setMinimumContentsLength(12)   # "Sentiment" / 情感 never cut off
        self.facet_combo.currentIndexChanged.connect(self._show_facet)
        self.refresh_button = QPushButton(_("Recompute"))
        self.refresh_button.clicked.connect(self.reload)
        top.addWidget(QLabel(_("Facet:")))
        top.addWidget(self.facet_combo)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.values_table = QTableWidget(0, 5)
        self.values_table.setHorizontalHeaderLabels(
            [_("Value"), _("Precision"), _("Recall"), _("F1"), _("Support")])
        self.values_table.verticalHeader().hide()
        self.confusion = QTableWidget(0, 0)
        self.confusion.setToolTip(_("Rows: human tag · columns: auto tag. Click a cell to open "
                                    "its rows in the explorer."))
        self.confusion.cellClicked.connect(self._cell_clicked)
        self.plot = pg.PlotWidget()
        self.plot.setBackground("w")
        self.plot.setMenuEnabled(False)
        adopt_plot_menus(self.plot, self)
        self.plot.setTitle(_("Reliability: mean score vs observed accuracy"), size="9pt")
        self.plot.setXRange(0, 1)
        self.plot.setYRange(0, 1)
        self.plot.setLabel("bottom", _("mean score"))
        self.plot.setLabel("left", _("observed accuracy"))

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("<b>" + _("Per value") + "</b>"))
        ll.addWidget(self.values_table, 1)
        ll.addWidget(QLabel("<b>" + _("Confusion matrix") + "</b>  " +
                            _("rows: the analysts' tag · columns: the automatic tag · "
                              "click a cell for its rows")))
        ll.addWidget(self.confusion, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.plot)
        split.setSizes([700, 500])
        self.coding = QLabel()
        self.coding.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.coding)          # above the split: always on screen at 1366×768
        lay.addWidget(split, 1)

    # --- loading -------------------------------------------------------------------------------
    def _on_opened(self, _path: str) -> None:
        self.reload()

    def _on_closed(self) -> None:
        self.report, self.agreement = None, {}
        self._fill_facets()

    def reload(self) -> None:
        if self.session.workspace is None:
            return
        if self._job is not None:
            self._job.cancel()
        self.summary.setText(_("Computing the accuracy report…"))

        def work(ws, progress):
            return ws.accuracy.report(), ws.accuracy.agreement()

        self._job = self.session.run_job(_("Computing the accuracy report"), work,
                                         on_done=self._done, topics=())

    def _done(self, result) -> None:
        self._job = None
        self.report, self.agreement = result
        self._fill_facets()
        self.report_ready.emit()

    def _fill_facets(self) -> None:
        keep = self.facet_combo.currentData()
        self.facet_combo.blockSignals(True)
        self.facet_combo.clear()
        ws = self.session.workspace
        for f in self.report.facets if self.report else []:
            spec = ws.taxonomy.facet(f.facet) if ws is not None else None
            self.facet_combo.addItem(label(spec) if spec else f.facet, f.facet)
        idx = self.facet_combo.findData(keep)
        self.facet_combo.setCurrentIndex(max(idx, 0))
        self.facet_combo.blockSignals(False)
        self._show_facet()

    def current(self):
        if self.report is None:
            return None
        return self.report.facet(self.facet_combo.currentData() or "")

    # --- showing -------------------------------------------------------------------------------
    def _value_label(self, facet: str, value: str) -> str:
        return value_label(self.session.workspace, facet, value)

    def _show_facet(self, *_a) -> None:
        f = self.current()
        self.values_table.setRowCount(0)
        self.confusion.clear()
        self.confusion.setRowCount(0)
        self.confusion.setColumnCount(0)
        self.plot.clear()
        self.plot.plot([0, 1], [0, 1], pen=pg.mkPen("#999", style=Qt.PenStyle.DashLine))
        if f is None:
            self.summary.setText(_("No facet has human tags yet: tag rows in the review queue "
                                   "(or import coded data), then recompute.")
                                 if self.session.workspace is not None else "")
            self.coding.setText("")
            return
        how = (_("out of fold (a model never scores its own training rows)")
               if f.scored_on == "out-of-fold" else _("stored auto tags"))
        self.summary.setText(_(
            "{n} human-tagged rows, scored on {how}. Accuracy {acc} · κ {kappa} · coverage "
            "{cov} · expected calibration error {ece}").format(
            n=f"{f.n:,}", how=how, acc=_pct(f.accuracy), kappa=_num(f.kappa),
            cov=_pct(f.coverage), ece=_num(f.calibration["ece"])))
        self.values_table.setRowCount(len(f.per_value))
        for r, v in enumerate(f.per_value):
            cells = [self._value_label(f.facet, v["value"]), f"{v['precision']:.2f}",
                     f"{v['recall']:.2f}", f"{v['f1']:.2f}", f"{v['support']:,}"]
            for c, text in enumerate(cells):
                self.values_table.setItem(r, c, QTableWidgetItem(text))
        self.values_table.resizeColumnsToContents()
        names = [self._value_label(f.facet, x) for x in f.labels]
        self.confusion.setRowCount(len(names))
        self.confusion.setColumnCount(len(names))
        self.confusion.setHorizontalHeaderLabels(names)
        self.confusion.setVerticalHeaderLabels(names)
        for r, row in enumerate(f.confusion):
            total = sum(row) or 1
            for c, n in enumerate(row):
                item = QTableWidgetItem(f"{n:,}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                share = n / total
                base = (58, 157, 93) if r == c else (208, 69, 59)
                item.setBackground(QBrush(QColor(*base, int(30 + 200 * share) if n else 0)))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.confusion.setItem(r, c, item)
        self.confusion.resizeColumnsToContents()
        bins = f.calibration["bins"]
        if bins:
            xs = [b["mean_score"] for b in bins]
            ys = [b["accuracy"] for b in bins]
            sizes = [6 + 14 * (b["n"] / max(x["n"] for x in bins)) for b in bins]
            self.plot.plot(xs, ys, pen=pg.mkPen("#1f5fbf", width=2), symbol="o",
                           symbolSize=sizes, symbolBrush="#1f5fbf")
        self.coding.setText(self._coding_text(f.facet))

    def _coding_text(self, facet: str) -> str:
        ag = self.agreement.get(facet) or {}
        parts = []
        for p in ag.get("pairs", []):
            a, b = p["coders"]
            parts.append(_("Double coding {a} × {b}: {n} rows, κ {kappa}, {d} to settle").format(
                a=a, b=b, n=f"{p['n']:,}", kappa=_num(p["kappa"]), d=f"{len(p['disagreements']):,}"))
        for who, m in (ag.get("vs_model") or {}).items():
            parts.append(_("{who} vs model: κ {kappa} on {n} rows").format(
                who=who, kappa=_num(m["kappa"]), n=f"{m['n']:,}"))
        return " · ".join(parts) or _("No rows coded by two analysts yet (vocdesk accuracy "
                                      "--sample-for-double-coding draws a sample).")

    def _cell_clicked(self, row: int, col: int) -> None:
        f = self.current()
        if f is None:
            return
        human, auto = f.labels[row], f.labels[col]
        ids = f.cell_ids(human, auto)
        if ids:
            self.rows_requested.emit(ids, _("human {h}, auto {a}").format(
                h=self._value_label(f.facet, human), a=self._value_label(f.facet, auto)))
