"""Volume per month by sentiment (pyqtgraph, DateAxisItem), loaded in the background."""

from __future__ import annotations

from datetime import UTC, datetime

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from vocdesk.i18n import _
from vocdesk.ui.charts import adopt_plot_menus

COLORS = {"positive": "#3a9d5d", "neutral": "#9a9a9a", "negative": "#d0453b", "": "#c8b35a"}


class VolumeChart(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.job = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.plot.setBackground("w")
        self.plot.setMenuEnabled(False)
        adopt_plot_menus(self.plot, self)
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.showGrid(x=False, y=True, alpha=0.3)
        self.plot.setTitle(_("Feedback per month by sentiment"), size="9pt")
        self.legend = self.plot.addLegend(offset=(-10, 5), colCount=4)
        lay.addWidget(self.plot)
        self.series: dict[str, tuple[list[float], list[int]]] = {}

    def reload(self) -> None:
        """Recompute in a background job (a full scan on big workspaces)."""
        if self.session.workspace is None:
            self.plot.clear()
            return
        if self.job is not None:
            self.job.cancel()

        def work(ws, progress):

            return ws.browse.monthly_volume("sentiment")

        self.job = self.session.run_job(_("Computing the chart"), work, on_done=self.show_data,
                                        topics=())

    def show_data(self, data: list[tuple[str, str, int]]) -> None:
        self.job = None
        series: dict[str, dict[float, int]] = {}
        for month, value, n in data:
            if not month:
                continue
            ts = datetime.strptime(month + "-15", "%Y-%m-%d").replace(tzinfo=UTC)
            series.setdefault(value, {})[ts.timestamp()] = n
        self.plot.clear()
        self.legend.clear()
        labels = {"positive": _("positive"), "neutral": _("neutral"), "negative": _("negative"),
                  "": _("not analysed")}
        self.series = {}
        for value in ("negative", "neutral", "positive", ""):
            pts = series.get(value)
            if not pts:
                continue
            xs = sorted(pts)
            ys = [pts[x] for x in xs]
            self.series[value] = (xs, ys)
            self.plot.plot(xs, ys, pen=pg.mkPen(COLORS[value], width=2), symbol="o",
                           symbolSize=4, symbolBrush=COLORS[value], symbolPen=None,
                           name=labels[value])
