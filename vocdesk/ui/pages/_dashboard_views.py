"""The three role layouts of the dashboard page, each a widget filled from one data dict.

Every tile, table cell and chart point emits ``open_rows(payload)``; the page turns a payload
``(by, value, metric, what, extra_filter)`` into exactly the rows behind it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.analytics.metrics import MIN_N
from vocdesk.i18n import _
from vocdesk.ui.charts.figure_charts import RED, TrendChart
from vocdesk.ui.labels import value_label
from vocdesk.ui.pages._insight_common import THEMES, facet_label
from vocdesk.ui.widgets.figure_table import Cell, FigureTable, figure_text, fmt

#: (summary key, title msgid, pattern, metric for the ids).  Sentiment is a mean score on
#: 0–1 as on the journey map: "+0.47" beside 55 % negative read as leaning positive.
TILES = (("rows", "Volume", "{:,.0f}", None), ("negative_share", "Negative", "{:.0%}", None),
         ("sentiment", "Sentiment (0–1)", "{:.2f}", None), ("nps", "NPS", "{:.0f}", "nps"),
         ("csat", "CSAT", "{:.0%}", "csat"))


LOYALTY_GROUPS = {"detractor": "Detractors", "passive": "Passives", "promoter": "Promoters",
                  "negative": "Mostly negative", "positive": "Mostly positive",
                  "mixed": "Mixed"}


class Tile(QToolButton):
    """A number with its interval and n; greyed under min n; a click opens its rows."""

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.title = title
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(64)
        self.setAutoRaise(False)
        self.value_text = "—"

    def set_figure(self, fig: dict | None, pattern: str) -> None:
        value = fmt(fig.get("value") if fig else None, pattern)
        self.value_text = value
        ci = ""
        if fig and fig.get("ci_low") is not None and fig.get("ci_high") is not None:
            ci = f"[{fmt(fig['ci_low'], pattern)}, {fmt(fig['ci_high'], pattern)}]  "
        n = fig.get("n", 0) if fig else 0
        self.setText(f"{self.title}\n{value}\n{ci}n {n:,}")
        grey = bool(fig) and 0 < n < MIN_N
        self.setStyleSheet("QToolButton { font-size: 11pt; padding: 4px; %s }"
                           % ("color: #999; background: #f2f2f2;" if grey else ""))
        self.setToolTip(_("Too few respondents: not ranked") if grey
                        else _("Click to open these rows"))


class _View(QWidget):
    open_rows = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.tiles: dict[str, Tile] = {}
        self.trend_rows: list[dict] = []

    def _tiles(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for key, title, _p, metric in TILES:
            t = Tile(_(title))
            t.clicked.connect(lambda _c=False, m=metric, tt=title: self.open_rows.emit(
                (None, None, m, _(tt), None)))
            self.tiles[key] = t
            row.addWidget(t)
        return row

    def _fill_tiles(self, summary: dict) -> None:
        for key, _t, pattern, _m in TILES:
            self.tiles[key].set_figure(summary.get(key), pattern)

    def _trend(self, chart: TrendChart, rows: list[dict], metric: str, tz: str) -> None:
        self.trend_rows = rows
        chart.set_series([r["value"] for r in rows], [r[metric] for r in rows],
                         [r[f"{metric}_ci_low"] for r in rows],
                         [r[f"{metric}_ci_high"] for r in rows],
                         [bool(r[f"{metric}_low_n"]) for r in rows], tz,
                         RED if metric == "negative_share" else "#1f5fbf",
                         100.0 if metric == "negative_share" else 1.0)

    def _trend_clicked(self, index: int, metric: str | None, title: str) -> None:
        r = self.trend_rows[index]
        self.open_rows.emit(("month", r["value"], metric, f"{title} · {r['value']}", None))


class ExecutiveView(_View):
    """Brand health: volume, sentiment, NPS trend with its band, biggest movers."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self._tiles())
        charts = QHBoxLayout()
        self.nps_chart = TrendChart(_("NPS per month (95% interval)"))
        self.nps_chart.point_clicked.connect(lambda i: self._trend_clicked(i, "nps", "NPS"))
        self.neg_chart = TrendChart(_("Negative share per month, % (95% interval)"))
        self.neg_chart.point_clicked.connect(
            lambda i: self._trend_clicked(i, None, _("Negative")))
        charts.addWidget(self.nps_chart)
        charts.addWidget(self.neg_chart)
        lay.addLayout(charts, 3)
        bottom = QGridLayout()
        self.movers_title = QLabel()
        self.movers = FigureTable()
        self.movers.cell_activated.connect(self.open_rows.emit)
        self.loyalty_title = QLabel()
        self.loyalty_title.setWordWrap(True)
        self.loyalty = FigureTable()
        self.loyalty.cell_activated.connect(self.open_rows.emit)
        bottom.addWidget(self.movers_title, 0, 0)
        bottom.addWidget(self.movers, 1, 0)
        bottom.addWidget(self.loyalty_title, 0, 1)
        bottom.addWidget(self.loyalty, 1, 1)
        lay.addLayout(bottom, 2)

    def fill(self, ws, d: dict) -> None:
        self._fill_tiles(d["summary"])
        self._trend(self.neg_chart, d["trend"], "negative_share", d["tz"])
        self._trend(self.nps_chart, d["trend"], "nps", d["tz"])
        mv = d["movers"]
        self.movers_title.setText("<b>" + _("Biggest movers") + "</b> " + (_(
            "share of feedback, {before} → {now}; ranked by evidence, * = the interval "
            "excludes 0").format(before=mv["previous"], now=mv["period"])
            if mv["period"] else _("need two months of data")))
        rows = []
        for m in mv["movers"]:
            name = value_label(ws, THEMES, m["theme"])
            pay = ("month", mv["period"], None, f"{name} · {mv['period']}",
                   {THEMES: [m["theme"]]})
            rows.append([Cell(name + (" *" if m["significant"] else ""), payload=pay,
                              align_right=False),
                         Cell(f"{m['share_before']:.1%} ({m['before']:,})"),
                         Cell(f"{m['share_now']:.1%} ({m['now']:,})", payload=pay),
                         Cell(f"{m['change']:+.1%} [{m['ci_low']:+.1%}, {m['ci_high']:+.1%}]",
                              payload=pay)])
        self.movers.set_rows([_("Theme"), _("Before"), _("Now"), _("Change [95%]")], rows)
        self._fill_loyalty(d.get("loyalty") or {})

    def _fill_loyalty(self, loy: dict) -> None:
        t = loy.get("transitions")
        line = ""
        if t and t["all"]["detractors_to_promoters"]["n"]:
            f = t["all"]["detractors_to_promoters"]
            line = _("detractors who became promoters: {share} [{lo}, {hi}] of {n} (answers "
                     "before and from {split})").format(
                share=fmt(f["value"], "{:.0%}"), lo=fmt(f["ci_low"], "{:.0%}"),
                hi=fmt(f["ci_high"], "{:.0%}"), n=f"{f['n']:,}", split=t["split"])
        self.loyalty_title.setText("<b>" + _("Loyalty") + "</b> " + (
            line or _("needs customers with outcomes (import a customers file)")))
        rows = []
        for kind, key in (("nps", "by_nps"), ("sentiment", "by_sentiment")):
            for g in loy.get(key, []):
                name = _(LOYALTY_GROUPS.get(g["group"], g["group"]))
                pay = ("loyalty", kind, g["group"], name, None)
                row = [Cell(name, g["low_n"], pay, align_right=False),
                       Cell(f"{g['customers']:,}", g["low_n"], pay)]
                for outcome in ("churn", "repurchase"):
                    o = g[outcome]
                    row += [Cell(figure_text(o, "{:.0%}"), g["low_n"]),
                            Cell(figure_text(o["lift"], "{:.2f}"), g["low_n"])]
                rows.append(row)
        self.loyalty.set_rows([_("Customers"), "n", _("Churn [95%]"), _("Lift"),
                               _("Repurchase [95%]"), _("Lift")], rows)


def _figure_rows(ws, facet: str, table: list[dict], extra=None) -> list[list[Cell]]:
    rows = []
    for r in table[:12]:
        name = value_label(ws, facet, r["value"])
        pay = (facet, r["value"], None, name, extra)
        neg = {"value": r["negative_share"], "ci_low": r["negative_share_ci_low"],
               "ci_high": r["negative_share_ci_high"]}
        nps = {"value": r["nps"], "ci_low": r["nps_ci_low"], "ci_high": r["nps_ci_high"]}
        rows.append([Cell(name, payload=pay, align_right=False),
                     Cell(f"{r['n']:,}", payload=pay),
                     Cell(figure_text(neg, "{:.0%}"), bool(r["negative_share_low_n"]), pay),
                     Cell(figure_text(nps, "{:.0f}"), bool(r["nps_low_n"]) and r["nps_n"] > 0,
                          (facet, r["value"], "nps", name + " · NPS", extra)
                          if r["nps_n"] else None)])
    return rows


class ProductView(_View):
    """One product's issues, features and trend."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self._tiles())
        split = QSplitter(Qt.Orientation.Horizontal)
        self.issues, self.features = FigureTable(), FigureTable()
        for title, table in ((_("Issues"), self.issues), (_("Features"), self.features)):
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            bl.addWidget(QLabel("<b>" + title + "</b>"))
            bl.addWidget(table)
            table.cell_activated.connect(self.open_rows.emit)
            split.addWidget(box)
        lay.addWidget(split, 3)
        self.neg_chart = TrendChart(_("Negative share per month, % (95% interval)"))
        self.neg_chart.point_clicked.connect(
            lambda i: self._trend_clicked(i, None, _("Negative")))
        lay.addWidget(self.neg_chart, 2)

    def fill(self, ws, d: dict) -> None:
        self._fill_tiles(d["summary"])
        self._trend(self.neg_chart, d["trend"], "negative_share", d["tz"])
        heads = [_("Value"), _("Rows"), _("Negative [95%]"), _("NPS [95%]")]
        self.issues.set_rows([facet_label(ws, THEMES)] + heads[1:],
                             _figure_rows(ws, THEMES, d["issues"]))
        self.features.set_rows([facet_label(ws, "feature")] + heads[1:],
                               _figure_rows(ws, "feature", d["features"]))


#: scorecard columns: (component, header msgid, pattern)
CARD = (("survey_nps", "Survey NPS", "{:.0f}"), ("survey_csat", "Survey CSAT", "{:.0%}"),
        ("service_negative", "Service negative", "{:.0%}"),
        ("service_csat", "Service CSAT", "{:.0%}"),
        ("reviews_negative", "Reviews negative", "{:.0%}"))


class RegionView(_View):
    """Scorecards (ranked), the weakest touchpoints, the NPS trend."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lay = QGridLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.card_title = QLabel()
        self.card_title.setWordWrap(True)
        self.card = FigureTable()
        self.card.cell_activated.connect(self.open_rows.emit)
        self.touch = FigureTable()
        self.touch.cell_activated.connect(self.open_rows.emit)
        self.nps_chart = TrendChart(_("NPS per month (95% interval)"))
        self.nps_chart.point_clicked.connect(lambda i: self._trend_clicked(i, "nps", "NPS"))
        lay.addWidget(self.card_title, 0, 0, 1, 2)
        lay.addWidget(self.card, 1, 0, 1, 2)
        lay.addWidget(QLabel("<b>" + _("Weakest touchpoints") + "</b>"), 2, 0)
        lay.addWidget(self.touch, 3, 0)
        lay.addWidget(self.nps_chart, 2, 1, 2, 1)
        lay.setRowStretch(1, 3)
        lay.setRowStretch(3, 2)

    def fill(self, ws, d: dict) -> None:
        card = d["scorecard"]
        by = card["by"]
        self.card_title.setText("<b>" + _("Scorecard by {by}").format(
            by=facet_label(ws, by)) + "</b> " + _(
            "rank = mean rank percentile over the sources every ranked unit has; cells under "
            "n = {n} are greyed and not ranked").format(n=card["min_n"]))
        shown = [c for c in CARD if any(c[0] in u["cells"] for u in card["units"])]
        rows = []
        for u in card["units"]:
            name = u["value"]
            row = [Cell(str(u["rank"]) if u["rank"] else "—", u["rank"] is None),
                   Cell(name, u["rank"] is None, (by, name, None, name, "card:survey_rows"),
                        align_right=False)]
            for comp, title, pattern in shown:
                c = u["cells"].get(comp)
                if c is None:
                    row.append(Cell("—"))
                    continue
                pay = (by, name, None, f"{name} · {_(title)}", "card:" + comp)
                text = figure_text(c, pattern) + f"  n {c['n']:,}"
                row.append(Cell(text, c["rank"] is None, pay))
            rows.append(row)
        self.card.set_rows([_("Rank"), facet_label(ws, by)] + [_(t) for _c, t, _p in shown],
                           rows)
        trows = []
        for t in d["touchpoints"]:
            name = value_label(ws, "touchpoint", t["name"])
            pay = ("touchpoint", t["name"], None, name, None)
            neg = {"value": t["negative_share"], "ci_low": t["negative_ci"][0],
                   "ci_high": t["negative_ci"][1]}
            trows.append([Cell(name + ("  ▼" if t["flag"] == "low" else ""), t["low_n"], pay,
                               align_right=False),
                          Cell(f"{t['n']:,}", t["low_n"], pay),
                          Cell(figure_text(neg, "{:.0%}"), t["low_n"], pay)])
        self.touch.set_rows([_("Touchpoint"), _("Rows"), _("Negative [95%]")], trows)
        self._trend(self.nps_chart, d["trend"], "nps", d["tz"])
