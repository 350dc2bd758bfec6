"""Volume per month by sentiment of the explorer's current filter and search (pyqtgraph,
DateAxisItem), loaded in the background through ``ws.browse.volume`` (the one filter → SQL
layer); a click on a point asks for exactly its rows (``point_clicked``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from vocdesk.i18n import _
from vocdesk.ui.charts import adopt_plot_menus
from vocdesk.ui.charts.date_axis import DateAxis

COLORS = {"positive": "#3a9d5d", "neutral": "#9a9a9a", "negative": "#d0453b", "": "#c8b35a"}


class VolumeChart(QWidget):
    point_clicked = Signal(str, str)     # month (YYYY-MM), sentiment value ("" = not analysed)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.job = None
        self.filter = None               # the FeedbackFilter the chart shows (None: all rows)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.plot = pg.PlotWidget(axisItems={"bottom": DateAxis(orientation="bottom")})
        self.plot.setBackground("w")
        self.plot.setMenuEnabled(False)
        adopt_plot_menus(self.plot, self)
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.showGrid(x=False, y=True, alpha=0.3)
        self.plot.setTitle(_("Feedback per month by sentiment"), size="9pt")
        self.legend = self.plot.addLegend(offset=(-10, 5), colCount=4)
        lay.addWidget(self.plot)
        self.series: dict[str, tuple[list[float], list[int]]] = {}

    def reload(self, flt=None) -> None:
        """Recompute for the filter ``flt`` (the explorer's filter and search) in the
        background; None keeps the filter shown."""
        if flt is not None:
            self.filter = flt
        if self.session.workspace is None:
            self.plot.clear()
            return
        if self.job is not None:
            self.job.cancel()
        shown = self.filter

        def work(ws, progress):
            return ws.browse.volume(shown, "sentiment", "month")

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
            item = self.plot.plot(xs, ys, pen=pg.mkPen(COLORS[value], width=2), symbol="o",
                                  symbolSize=7, symbolBrush=COLORS[value], symbolPen=None,
                                  name=labels[value])
            item.sigPointsClicked.connect(lambda _i, pts, _ev, v=value: self._clicked(v, pts))

    def _clicked(self, value: str, points) -> None:
        if len(points):
            self.click(value, float(points[0].pos().x()))

    def click(self, value: str, x: float) -> None:
        """Ask for the rows of the point at timestamp ``x`` of series ``value``."""
        month = datetime.fromtimestamp(x, UTC).strftime("%Y-%m")
        self.point_clicked.emit(month, value)
