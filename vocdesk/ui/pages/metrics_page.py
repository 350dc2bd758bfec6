"""The metrics page: NPS, CSAT, CES, negative share by a chosen facet and period, each with n
and its interval (greyed under min n), the theme impact on NPS with bootstrap intervals, and
loyalty by theme (repurchase / churn of the customers mentioning a theme, lift over the other
customers with its interval — ``vocdesk metrics --loyalty``).

The same engine calls as ``vocdesk metrics --by X --json`` and ``--impact --drivers``; the
computation runs in a background job. Every cell and every impact bar opens exactly the rows
behind it (``rows_requested``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.analytics.metrics import MIN_N
from vocdesk.i18n import _
from vocdesk.ui.charts.figure_charts import ImpactChart
from vocdesk.ui.labels import value_label
from vocdesk.ui.pages._insight_common import (
    PERIODS,
    THEMES,
    FollowsExplorerFilter,
    facet_label,
    groupings,
    tell,
    with_period,
)
from vocdesk.ui.widgets.figure_table import Cell, FigureTable, figure_text, fmt

#: (metric, header msgid, number pattern)
COLUMNS = (("nps", "NPS", "{:.0f}"), ("csat", "CSAT", "{:.0%}"), ("ces", "CES", "{:.2f}"),
           ("negative_share", "Negative", "{:.0%}"))


def compute(ws, by: str, months: int, flt, progress=None) -> dict:
    """Everything the page shows (runs in the background job)."""
    flt = with_period(ws, flt, months)
    out = {"flt": flt, "by": by, "table": ws.metrics.table(by, flt)}
    tell(progress, 1, 3, _("Theme impact"))
    if ws.taxonomy.facet(THEMES) is None:
        out["impact"] = {"nps": None, "n": 0, "themes": []}
        out["drivers"] = {"r2": None, "drivers": []}
        out["loyalty"] = {"note": None, "by_theme": [], "customers": 0}
        return out
    out["impact"] = ws.insights.impact(flt, THEMES)
    tell(progress, 2, 4, _("Drivers"))
    out["drivers"] = ws.insights.drivers(flt, THEMES, "nps")
    tell(progress, 3, 4, _("Loyalty"))
    out["loyalty"] = ws.insights.loyalty(flt, THEMES)
    return out


def lift_text(lift: dict) -> str:
    """``1.42× [1.10, 1.83]`` (a ratio of shares, the log-adjusted interval)."""
    return "—" if lift.get("value") is None else figure_text(lift, "{:.2f}") + "×"


class MetricsPage(FollowsExplorerFilter, QWidget):
    rows_requested = Signal(list, str)
    data_ready = Signal()

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.data: dict | None = None
        self._job = None
        self._used_filter: dict = {}
        self._stale = False
        self._build()
        session.opened.connect(self._on_opened)
        session.closed.connect(self._on_closed)
        if session.workspace is not None:
            self._on_opened("")

    # --- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        self.by_combo = QComboBox()
        self.by_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.by_combo.setMinimumContentsLength(8)
        self.period_combo = QComboBox()
        for months, text in PERIODS:
            self.period_combo.addItem(_(text), months)
        self.use_explorer = QCheckBox(_("Explorer's filter"))
        self.use_explorer.setChecked(True)
        self.use_explorer.setToolTip(_("Compute over the rows the explorer's filter and "
                                       "search select"))
        self.refresh_button = QPushButton(_("Recompute"))
        self.refresh_button.clicked.connect(self.reload)
        self.by_combo.currentIndexChanged.connect(self.reload)
        self.period_combo.currentIndexChanged.connect(self.reload)
        self.use_explorer.toggled.connect(self.reload)
        top.addWidget(QLabel(_("By:")))
        top.addWidget(self.by_combo)
        top.addWidget(QLabel(_("Period:")))
        top.addWidget(self.period_combo)
        top.addWidget(self.use_explorer)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = FigureTable()
        self.table.cell_activated.connect(self._open)
        self.impact_chart = ImpactChart(_("Theme impact on NPS (points, 95% bootstrap "
                                          "interval)"))
        self.impact_chart.bar_clicked.connect(self._impact_clicked)
        self.drivers = FigureTable()
        self.drivers.cell_activated.connect(self._open)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.impact_chart, 3)
        self.drivers_title = QLabel()
        self.drivers_title.setWordWrap(True)
        self.loyalty_title = QLabel()
        self.loyalty_title.setWordWrap(True)
        self.loyalty = FigureTable()
        self.loyalty.cell_activated.connect(self._open)
        # drivers and loyalty share the space under the chart as tabs: stacked, neither table
        # had room for its columns on a 1366-pixel screen
        self.tabs = QTabWidget()
        for title, label_, table in ((_("Drivers of NPS"), self.drivers_title, self.drivers),
                                     (_("Loyalty by theme"), self.loyalty_title, self.loyalty)):
            tab = QWidget()
            tl = QVBoxLayout(tab)
            tl.setContentsMargins(2, 2, 2, 2)
            tl.addWidget(label_)
            tl.addWidget(table, 1)
            self.tabs.addTab(tab, title)
        rl.addWidget(self.tabs, 3)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([820, 500])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)

    # --- loading -------------------------------------------------------------------------------
    def _on_opened(self, _path: str) -> None:
        ws = self.session.workspace
        self.by_combo.blockSignals(True)
        keep = self.by_combo.currentData()
        self.by_combo.clear()
        for name in groupings(ws):
            self.by_combo.addItem(facet_label(ws, name), name)
        idx = self.by_combo.findData(keep or "touchpoint")
        self.by_combo.setCurrentIndex(max(idx, 0))
        self.by_combo.blockSignals(False)
        self.reload()

    def _on_closed(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.data = None
        self.by_combo.clear()
        self._show()

    def reload(self, *_a) -> None:
        if not self.isVisible():
            self._stale = True                 # computed when shown
            return
        self._stale = False
        ws = self.session.workspace
        by = self.by_combo.currentData()
        if ws is None or not by:
            return
        if self._job is not None:
            self._job.cancel()
        months = int(self.period_combo.currentData() or 0)
        flt = self.current_filter()
        self._used_filter = flt.to_dict()
        self.summary.setText(_("Computing the metrics…"))

        def work(ws, progress):
            return compute(ws, by, months, flt, progress)

        self._job = self.session.run_job(_("Computing the metrics"), work, on_done=self._done,
                                         topics=())

    def _done(self, data: dict) -> None:
        self._job = None
        self.data = data
        self._show()
        self.data_ready.emit()

    # --- showing -------------------------------------------------------------------------------
    def _show(self) -> None:
        ws = self.session.workspace
        d = self.data
        if d is None or ws is None:
            self.table.set_rows([], [])
            self.drivers.set_rows([], [])
            self.loyalty.set_rows([], [])
            self.loyalty_title.setText("")
            self.impact_chart.set_bars([], [], [], [], [])
            self.summary.setText("")
            self.drivers_title.setText("")
            return
        by = d["by"]
        headers = [facet_label(ws, by), _("Rows")]
        for _m, title, _p in COLUMNS:
            headers += [_(title) + " [95%]", "n"]
        rows = []
        for r in d["table"]:
            name = value_label(ws, by, r["value"])
            row = [Cell(name, payload=(by, r["value"], None, name), align_right=False),
                   Cell(f"{r['n']:,}", payload=(by, r["value"], None, name))]
            for metric, title, pattern in COLUMNS:
                fig = {"value": r[metric], "ci_low": r[f"{metric}_ci_low"],
                       "ci_high": r[f"{metric}_ci_high"]}
                grey = bool(r[f"{metric}_low_n"]) and r[f"{metric}_n"] > 0
                pay = (by, r["value"], metric if metric != "negative_share" else None,
                       f"{name} · {_(title)}") if r[f"{metric}_n"] else None
                row += [Cell(figure_text(fig, pattern), grey, pay),
                        Cell(f"{r[f'{metric}_n']:,}", grey, pay)]
            rows.append(row)
        self.table.set_rows(headers, rows)
        imp = d["impact"]
        themes = [t for t in imp["themes"] if t["impact"] is not None]
        self.impact_themes = themes
        self.impact_chart.set_bars([value_label(ws, THEMES, t["theme"]) for t in themes],
                                   [t["impact"] for t in themes], [t["ci_low"] for t in themes],
                                   [t["ci_high"] for t in themes], [t["low_n"] for t in themes])
        self.summary.setText(_(
            "{rows} groups · NPS {nps} over {n} respondents · cells under n = {min_n} are "
            "greyed and never ranked · click a number or a bar to open its rows").format(
            rows=len(d["table"]), nps=fmt(imp["nps"], "{:.0f}"), n=f"{imp['n']:,}",
            min_n=MIN_N))
        dr = d["drivers"]
        self.drivers_title.setText(_(
            "share of the explained variance (LMG), R² {r2}").format(
            r2=fmt(dr["r2"], "{:.3f}")))
        drows = []
        for x in dr["drivers"]:
            name = value_label(ws, THEMES, x["theme"])
            pay = ("impact", x["theme"], None, name)
            drows.append([Cell(name, payload=pay, align_right=False),
                          Cell(f"{x['share']:.0%}", payload=pay),
                          Cell(f"{x['coef']:+.2f} [{x['coef_ci_low']:+.2f}, "
                               f"{x['coef_ci_high']:+.2f}]", payload=pay),
                          Cell(f"{x['n']:,}", payload=pay)])
        self.drivers.set_rows([_("Theme"), _("Share"), _("Effect on the 0–10 answer"), "n"],
                              drows)
        self._show_loyalty(d.get("loyalty") or {})

    def _show_loyalty(self, loy: dict) -> None:
        """Loyalty by theme: churn and repurchase share (Wilson) and lift over the rest."""
        ws = self.session.workspace
        themes = loy.get("by_theme") or []
        if loy.get("note"):
            head = _("loyalty needs imported customers (the customers table is empty)")
        else:
            head = _("customers mentioning a theme vs the other {n} customers; lift = their "
                     "share ÷ the others' (95% interval); under n = {min_n} greyed").format(
                n=f"{loy.get('customers', 0):,}", min_n=MIN_N)
        self.loyalty_title.setText(head)
        rows = []
        for t in themes:
            name = value_label(ws, THEMES, t["group"])
            pay = ("loyalty", t["group"], None, _("customers mentioning {theme}").format(
                theme=name))
            grey = bool(t["low_n"])
            rows.append([Cell(name, grey, pay, align_right=False),
                         Cell(f"{t['customers']:,}", grey, pay),
                         Cell(figure_text(t["churn"], "{:.0%}"), grey, pay),
                         Cell(lift_text(t["churn"]["lift"]), grey, pay),
                         Cell(figure_text(t["repurchase"], "{:.0%}"), grey, pay),
                         Cell(lift_text(t["repurchase"]["lift"]), grey, pay)])
        self.loyalty.set_rows([_("Theme"), _("Customers"), _("Churn [95%]"), _("lift"),
                               _("Repurchase [95%]"), _("lift")], rows)

    # --- drill-down ----------------------------------------------------------------------------
    def ids_for(self, payload) -> list[int]:
        ws = self.session.workspace
        if ws is None or self.data is None:
            return []
        by, value, metric, _what = payload
        if by == "impact":
            return ws.insights.impact_ids(value, self.data["flt"], THEMES)
        if by == "loyalty":
            return ws.insights.loyalty_ids("theme", value, self.data["flt"], THEMES)
        return ws.insights.ids(self.data["flt"], by, value, metric)

    def _open(self, payload) -> None:
        ids = self.ids_for(payload)
        if ids:
            self.rows_requested.emit(ids, payload[3])

    def _impact_clicked(self, index: int) -> None:
        t = self.impact_themes[index]
        ws = self.session.workspace
        self._open(("impact", t["theme"], None, _("NPS respondents mentioning {theme}").format(
            theme=value_label(ws, THEMES, t["theme"]))))
