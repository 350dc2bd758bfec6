"""Charts of figures with intervals: a trend on a date axis with its CI band, and
horizontal bars with error bars (theme impact). Both emit the index of a clicked point or bar,
so the page can open exactly the rows behind it.

Why pyqtgraph items rather than a picture: a point must be clickable, and a greyed (under
min n) point drawn hollow so nobody reads a trend into ten respondents.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from vocdesk.ui.charts import adopt_plot_menus
from vocdesk.ui.charts.date_axis import DateAxis

BLUE, RED, GREEN, GREY = "#1f5fbf", "#d0453b", "#3a9d5d", "#9a9a9a"


def period_ts(label: str, tz: str = "Asia/Shanghai") -> float:
    """Epoch seconds of the start of a period label (``YYYY-MM`` or ``YYYY-MM-DD``)."""
    text = label if len(label) > 7 else label + "-01"
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).timestamp()


def _plot(owner: QWidget, date_axis: bool) -> pg.PlotWidget:
    axis = {"bottom": DateAxis(orientation="bottom")} if date_axis else {}
    plot = pg.PlotWidget(axisItems=axis)
    plot.setBackground("w")
    plot.setMenuEnabled(False)
    adopt_plot_menus(plot, owner)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.showGrid(x=False, y=True, alpha=0.3)
    for side in ("left", "bottom"):
        plot.getAxis(side).setTextPen("#333")     # pyqtgraph's default grey is too faint
    return plot


class TrendChart(QWidget):
    """A value per period with its 95 % band; ``point_clicked(index)``."""

    point_clicked = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.plot = _plot(self, True)
        self.plot.setTitle(title, size="9pt", color="#333")
        lay.addWidget(self.plot)
        self.xs: list[float] = []
        self.ys: list[float | None] = []

    def set_series(self, labels: list[str], values: list[float | None],
                   lows: list[float | None], highs: list[float | None],
                   low_n: list[bool], tz: str = "Asia/Shanghai", color: str = BLUE,
                   scale: float = 1.0) -> None:
        """One point per period label; ``scale`` multiplies values (100: shares as %)."""
        def sc(v):
            return None if v is None else v * scale

        values, lows, highs = [sc(v) for v in values], [sc(v) for v in lows], \
            [sc(v) for v in highs]
        self.plot.clear()
        self.xs = [period_ts(x, tz) for x in labels]
        self.ys = list(values)
        ok = [i for i, v in enumerate(values) if v is not None]
        if not ok:
            return
        x = np.array([self.xs[i] for i in ok])
        band = [i for i in ok if lows[i] is not None and highs[i] is not None]
        if len(band) >= 2:
            clear = pg.mkPen(0, 0, 0, 0)      # PlotCurveItem: a PlotDataItem without pen has no path
            lo = pg.PlotCurveItem([self.xs[i] for i in band], [lows[i] for i in band], pen=clear)
            hi = pg.PlotCurveItem([self.xs[i] for i in band], [highs[i] for i in band], pen=clear)
            tint = pg.mkColor(color)
            tint.setAlpha(45)
            self.plot.addItem(pg.FillBetweenItem(lo, hi, brush=pg.mkBrush(tint)))
        self.plot.plot(x, [values[i] for i in ok], pen=pg.mkPen(color, width=2))
        spots = [{"pos": (self.xs[i], values[i]), "data": i, "size": 9,
                  "brush": pg.mkBrush("w" if low_n[i] else color),
                  "pen": pg.mkPen(GREY if low_n[i] else color, width=1.5)} for i in ok]
        # explicit ranges: the fill item's bounds would otherwise pull the axis to 1970 / 0
        pad = 16 * 86400.0
        self.plot.setXRange(float(x.min()) - pad, float(x.max()) + pad, padding=0)
        ys_all = [values[i] for i in ok] + [lows[i] for i in band] + [highs[i] for i in band]
        lo_y, hi_y = min(ys_all), max(ys_all)
        span = (hi_y - lo_y) or max(abs(hi_y), 1.0)
        self.plot.setYRange(lo_y - 0.08 * span, hi_y + 0.08 * span, padding=0)
        scatter = pg.ScatterPlotItem(spots=spots, hoverable=True)
        scatter.sigClicked.connect(lambda _item, pts, *_: pts and self.activate(pts[0].data()))
        self.plot.addItem(scatter)
        self.scatter = scatter

    def activate(self, index: int) -> None:
        """What a click on point ``index`` does (tests call it directly)."""
        if 0 <= index < len(self.xs):
            self.point_clicked.emit(int(index))


class ImpactChart(QWidget):
    """Horizontal bars (negative red, positive green) with CI whiskers; ``bar_clicked(i)``."""

    bar_clicked = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.plot = _plot(self, False)
        self.plot.setTitle(title, size="9pt", color="#333")
        self.plot.showGrid(x=True, y=False, alpha=0.3)
        self.plot.scene().sigMouseClicked.connect(self._scene_clicked)
        lay.addWidget(self.plot)
        self.n = 0

    def set_bars(self, names: list[str], values: list[float], lows: list[float],
                 highs: list[float], low_n: list[bool]) -> None:
        self.plot.clear()
        self.n = len(names)
        if not names:
            return
        ys = np.arange(len(names))[::-1].astype(float)        # the first name at the top
        brushes = [pg.mkBrush(220, 220, 220) if g else pg.mkBrush(RED if v < 0 else GREEN)
                   for v, g in zip(values, low_n, strict=True)]
        bars = pg.BarGraphItem(x0=np.minimum(values, 0), y=ys, height=0.6,
                               width=np.abs(values), brushes=brushes, pens=[None] * len(names))
        self.plot.addItem(bars)
        err = pg.ErrorBarItem(x=np.array(values), y=ys,
                              left=np.array(values) - np.array(lows),
                              right=np.array(highs) - np.array(values),
                              beam=0.15, pen=pg.mkPen("#333", width=1))
        self.plot.addItem(err)
        self.plot.addItem(pg.InfiniteLine(0, angle=90, pen=pg.mkPen("#555")))
        axis = self.plot.getAxis("left")
        axis.setTicks([[(float(y), n) for y, n in zip(ys, names, strict=True)]])
        self.plot.setYRange(-0.6, len(names) - 0.4, padding=0)
        self._ys = ys

    def _scene_clicked(self, ev) -> None:
        if not self.n or ev.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        y = vb.mapSceneToView(ev.scenePos()).y()
        row = int(round(y))
        if 0 <= row < self.n and abs(y - row) <= 0.35:
            self.activate(self.n - 1 - row)

    def activate(self, index: int) -> None:
        if 0 <= index < self.n:
            self.bar_clicked.emit(int(index))
