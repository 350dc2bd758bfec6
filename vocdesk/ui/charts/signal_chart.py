"""A weak signal's weekly count over time (pyqtgraph bars on a date axis); a click on a week
asks for exactly that week's rows of the signal."""

from __future__ import annotations

from datetime import UTC, datetime

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from vocdesk.i18n import _
from vocdesk.ui.charts import adopt_plot_menus
from vocdesk.ui.charts.date_axis import DateAxis

WEEK = 7 * 86400


def _ts(day: str) -> float:
    return datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()


class SignalChart(QWidget):
    week_clicked = Signal(int)          # index into the shown signal's ``weekly`` list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.plot = pg.PlotWidget(axisItems={"bottom": DateAxis(orientation="bottom")})
        self.plot.setBackground("w")
        self.plot.setMenuEnabled(False)
        adopt_plot_menus(self.plot, self)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.showGrid(x=False, y=True, alpha=0.3)
        self.plot.setLabel("left", _("rows a week"))
        self.plot.setTitle(_("Weekly count of the selected signal (click a week for its rows)"),
                           size="9pt")
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        lay.addWidget(self.plot)
        self.weeks: list[float] = []
        self.counts: list[int] = []
        self.onset: float | None = None

    def show_signal(self, signal: dict | None) -> None:
        self.plot.clear()
        self.weeks, self.counts, self.onset = [], [], None
        if not signal:
            return
        self.weeks = [_ts(w["week_start"]) + WEEK / 2 for w in signal["weekly"]]
        self.counts = [w["count"] for w in signal["weekly"]]
        recent_from = _ts(signal["weekly"][-1]["week_start"]) + WEEK - \
            signal["window_days"] * 86400
        brushes = [pg.mkBrush("#d0453b" if x >= recent_from else "#8fa7c9") for x in self.weeks]
        self.plot.addItem(pg.BarGraphItem(x=self.weeks, height=self.counts, width=WEEK * 0.8,
                                          brushes=brushes, pen=None))
        self.onset = _ts(signal["onset"])
        self.plot.addItem(pg.InfiniteLine(self.onset, angle=90, label=_("onset"),
                                          pen=pg.mkPen("#555", dash=[4, 4]),
                                          labelOpts={"position": 0.9, "color": "#555"}))
        self.plot.setYRange(0, max(self.counts + [1]) * 1.15)

    def week_at(self, x: float) -> int | None:
        """The index of the week under an x position (epoch seconds), if any."""
        for i, mid in enumerate(self.weeks):
            if abs(x - mid) <= WEEK / 2:
                return i
        return None

    def _clicked(self, ev) -> None:  # noqa: ANN001 - pyqtgraph's MouseClickEvent
        vb = self.plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        i = self.week_at(vb.mapSceneToView(ev.scenePos()).x())
        if i is not None:
            self.week_clicked.emit(i)
