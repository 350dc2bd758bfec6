"""The emotion curve along the journey (pyqtgraph): mean sentiment per touchpoint with its 95 %
band, points sized by volume, statistical highs/lows and the peak-end marks labelled.

Touchpoints under the minimum n are drawn hollow and grey (never flagged); a click on a point
emits ``touchpoint_clicked(name)``, which the page turns into exactly that touchpoint's rows.
In compare mode a second series (B) is drawn over the first (A).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QVBoxLayout, QWidget

from vocdesk.i18n import _
from vocdesk.ui.charts import adopt_plot_menus

LABELLED_FLAGS = 3
Y_TOP = 1.08                                   # the sentiment axis ends here
COLORS = {"a": "#1f5fbf", "b": "#e07b00", "low": "#d0453b", "high": "#3a9d5d", "grey": "#b0b0b0"}
LABEL_FILL = (255, 255, 255, 215)             # labels on a light backing (mkBrush colour)
#: Heights tried above (or below) a point, in text heights; the x range's margin (touchpoints).
RISES, X_PAD = 8, -0.6
#: Horizontal anchors tried after the preferred one: centred, growing right, growing left; then
#: slid past the point on either side (tied to it by a line).
ANCHORS_OVER, ANCHORS_PAST = (0.5, 0.0, 1.0), (-0.35, 1.35)


@dataclass(frozen=True)
class CurvePoint:
    name: str
    label: str
    mean: float | None
    low: float | None
    high: float | None
    rows: int
    low_n: bool = False
    flag: str | None = None
    worst: bool = False
    final: bool = False
    strength: float = 0.0       # |difference from the rest|: which flags get a name label


Box = tuple[float, float, float, float]       # x from, x to, y from, y to (data units)


def _overlap(a: Box, b: Box) -> float:
    """The area two boxes share (0 when they only touch or are apart)."""
    w = min(a[1], b[1]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[2], b[2])
    return w * h if w > 0 and h > 0 else 0.0


def place_label(placed: list[Box], candidates: list[Box]) -> int:
    """Which of ``candidates`` (boxes in order of preference) a label takes so that it does not
    overlap a label already ``placed``: neighbouring touchpoints' names ran into each other
    when every label sat at the same offset from its point. The first free box; if none is
    free, the one overlapping the least area."""
    cost = [sum(_overlap(c, p) for p in placed) for c in candidates]
    return next((k for k, c in enumerate(cost) if c == 0), min(range(len(cost)), key=cost.__getitem__))


def is_free(placed: list[Box], box: Box) -> bool:
    """True when ``box`` overlaps nothing ``placed`` (what :func:`place_label` looks for first)."""
    return not any(_overlap(box, p) for p in placed)


def _nan(x: float | None) -> float:
    return math.nan if x is None else float(x)


@dataclass(frozen=True)
class CurveLink:
    """A broken link (cross-department breakpoint) between two points of the curve."""
    key: int                    # the page's index of the link
    first: int                  # point indices along the curve
    second: int
    label: str


class JourneyCurve(QWidget):
    touchpoint_clicked = Signal(str)
    link_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.plot = pg.PlotWidget()
        self.plot.setBackground("w")
        self.plot.setMenuEnabled(False)
        adopt_plot_menus(self.plot, self)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.plot.setLabel("left", _("mean sentiment (0–1)"))
        lay.addWidget(self.plot)
        self.scatters: list[pg.ScatterPlotItem] = []
        self.labels: list[str] = []          # texts of the marks drawn (tests read them)
        self.links: list[pg.PlotCurveItem] = []
        self.leaders: list[pg.PlotCurveItem] = []   # lines from moved labels to their points
        self._means: list[float] = []
        # labels are placed in pixels: drawn again at the chart's real size once it is shown or
        # resized (placed for a guessed size, they ran over points on a laptop screen)
        self._shown: tuple | None = None
        self._shown_links: list[CurveLink] = []
        self._laid_for: tuple[int, int] | None = None
        self._relayout = QTimer(self, singleShot=True, interval=120)
        self._relayout.timeout.connect(self._replay)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().resizeEvent(event)
        if self._shown is not None:
            self._relayout.start()

    def _replay(self) -> None:
        size = (self.plot.width(), self.plot.height())
        if self._shown is None or size == self._laid_for:
            return
        links = self._shown_links
        self.show_points(*self._shown)
        self.show_links(links)

    def clear(self) -> None:
        self.plot.clear()
        self._shown, self._shown_links = None, []
        self.scatters, self.labels, self.links, self._means = [], [], [], []
        self.leaders = []

    def show_points(self, points: list[CurvePoint], stages: list[tuple[str, int, int]],
                    compare: list[CurvePoint] | None = None) -> None:
        """``stages``: (label, first index, last index) along ``points``."""
        self.clear()
        self._shown, self._shown_links = (points, stages, compare), []
        self._laid_for = (self.plot.width(), self.plot.height()) if self.plot.isVisible() else None
        if not points:
            return
        for i, (_label, first, _last) in enumerate(stages):
            if i:
                self.plot.addItem(pg.InfiniteLine(first - 0.5, angle=90, pen=pg.mkPen(
                    "#cccccc", style=Qt.PenStyle.DashLine)))
        axis = self.plot.getAxis("bottom")
        axis.setTicks([[((a + b) / 2, text) for text, a, b in stages], []])
        self._means = [0.5 if p.mean is None else p.mean for p in points]
        self._series(points, COLORS["a"], marks=True)
        if compare:
            self._series(compare, COLORS["b"], marks=False)
        self.plot.setXRange(-0.6, len(points) - 0.4, padding=0)
        self.plot.setYRange(0, Y_TOP, padding=0)

    def show_links(self, links: list[CurveLink]) -> None:
        """Broken links as dashed red arcs under the curve joining their two touchpoints.

        Drawn after :meth:`show_points`; a click on an arc emits ``link_clicked(key)``.
        """
        self._shown_links = list(links)
        for k, link in enumerate(links):
            a, b = sorted((link.first, link.second))
            if a == b or b >= len(self._means):
                continue
            ya, yb = self._means[a], self._means[b]
            depth = 0.12 + 0.05 * (k % 3)
            ts = [i / 40 for i in range(41)]
            xs = [a + (b - a) * t for t in ts]
            bottom = max(0.04, min(ya, yb) - depth - 0.04 * (b - a))
            # a quadratic Bezier from (a, ya) to (b, yb) through a control point below both
            ctrl = 2 * bottom - (ya + yb) / 2
            ys = [(1 - t) ** 2 * ya + 2 * (1 - t) * t * ctrl + t ** 2 * yb for t in ts]
            arc = pg.PlotCurveItem(xs, ys, pen=pg.mkPen(COLORS["low"], width=2,
                                                       style=Qt.PenStyle.DashLine))
            arc.setClickable(True, width=8)
            arc.setToolTip(link.label)
            arc.sigClicked.connect(lambda _item, _ev=None, key=link.key:
                                   self.link_clicked.emit(key))
            self.plot.addItem(arc)
            self.links.append(arc)
            mid = pg.TextItem("#" + str(link.key + 1), color=COLORS["low"], anchor=(0.5, 0.5),
                              fill=LABEL_FILL)
            mid.setZValue(5)
            mid.setPos((a + b) / 2, ys[20])
            self.plot.addItem(mid)

    def _series(self, points: list[CurvePoint], color: str, *, marks: bool) -> None:
        xs = list(range(len(points)))
        means = [_nan(p.mean) for p in points]
        with_ci = [i for i, p in enumerate(points) if p.low is not None and p.high is not None]
        if len(with_ci) >= 2:
            lo = pg.PlotDataItem([xs[i] for i in with_ci], [points[i].low for i in with_ci])
            hi = pg.PlotDataItem([xs[i] for i in with_ci], [points[i].high for i in with_ci])
            band = pg.FillBetweenItem(lo, hi, brush=pg.mkBrush(pg.mkColor(color).red(),
                                                               pg.mkColor(color).green(),
                                                               pg.mkColor(color).blue(), 45))
            self.plot.addItem(band)
        self.plot.plot(xs, means, pen=pg.mkPen(color, width=2), connect="finite")
        biggest = max((p.rows for p in points), default=1) or 1
        spots = []
        for x, p in zip(xs, points, strict=True):
            if p.mean is None:
                continue
            fill = COLORS["grey"] if p.low_n else COLORS.get(p.flag or "", color)
            spots.append({"pos": (x, p.mean), "size": 7 + 18 * math.sqrt(p.rows / biggest),
                          "brush": None if p.low_n else pg.mkBrush(fill),
                          "pen": pg.mkPen(fill, width=1.5), "data": p.name})
        scatter = pg.ScatterPlotItem(spots=spots, hoverable=True)
        scatter.setZValue(10)           # points stay on top, even of a label's backing (z 5)
        scatter.setToolTip(_("Click a point to open its rows in the explorer"))
        scatter.sigClicked.connect(self._clicked)
        self.plot.addItem(scatter)
        self.scatters.append(scatter)
        if marks:
            # names for the worst, the end and the strongest flags only: a dozen labels on a
            # 1366-pixel chart overlap (the colour still marks every high/low)
            flagged = sorted((p for p in points if p.flag and not p.worst and not p.final),
                             key=lambda p: -p.strength)[:LABELLED_FLAGS]
            # the points are obstacles too: a marker drawn over a name hides it.  A label's box
            # holds its text's margins (6 px across, 4 px up and down), so a marker may touch
            # the backing as long as it stays off the text
            x_px, y_px = self._text_scale()
            self._placed = [(x - (r - 6) / x_px, x + (r - 6) / x_px,
                             sp["pos"][1] - (r - 4) / y_px, sp["pos"][1] + (r - 4) / y_px)
                            for x, r, sp in ((sp["pos"][0], max(sp["size"] / 2, 7), sp)
                                             for sp in spots)]
            self._obstacles = len(self._placed)
            # the worst and the end are named first and always; a flag's name only where it
            # finds a free place, strongest first (its colour marks it anyway)
            at = dict(zip((p.name for p in points), xs, strict=True))
            for p in [p for p in points if p.worst or p.final] + flagged:
                self._marks(at[p.name], p, above=len(self.labels) % 2 == 0,
                            optional=not (p.worst or p.final))

    def _text_scale(self) -> tuple[float, float]:
        """(pixels per touchpoint along x, pixels per sentiment unit along y): the chart's size,
        or a laptop's before it is shown."""
        shown = self.plot.isVisible() and self.plot.width() > 200
        width, height = (self.plot.width(), self.plot.height()) if shown else (1200, 200)
        return (max(width - 80, 200) / max(len(self._means), 1),
                max(height - 40, 80) / Y_TOP)

    def _marks(self, x: int, p: CurvePoint, above: bool = True, optional: bool = False) -> None:
        words = []
        if p.flag == "low":
            words.append(_("low"))
        elif p.flag == "high":
            words.append(_("high"))
        if p.worst:
            words.append(_("worst"))
        if p.final:
            words.append(_("end"))
        if not words or p.mean is None:
            return
        text = f"{p.label}: {' · '.join(words)}"
        color = COLORS["low"] if p.flag == "low" or p.worst else "#333333"
        # the first / last point's label grows inwards: centred, it was cut at the plot's edge
        last = len(self._means) - 1
        ax = 0.0 if x == 0 else 1.0 if x == last and last > 0 else 0.5
        metrics = QFontMetrics(self.plot.font())
        x_px, y_px = self._text_scale()
        width = (metrics.horizontalAdvance(text) + 12) / x_px
        h = (metrics.height() + 8) / y_px        # QGraphicsTextItem's document margins
        # offsets in text heights from the point (TextItem anchor y), nearest first: above
        # first unless the point is near the top; nothing may leave the plot
        rises = [1.4 + 1.15 * k for k in range(RISES)]
        sides = [above, not above] if 0.15 <= p.mean <= 0.85 else [p.mean < 0.15]
        options = []
        # over the point at any height first (a short vertical tie reads as "this point's"),
        # slid past it only when nothing above or below is free
        for anchors in (list(dict.fromkeys([ax, *ANCHORS_OVER])), ANCHORS_PAST):
            for k, rise in enumerate(rises):
                for side in sides:
                    top = p.mean + (rise if side else 0.9 - rise) * h
                    if top > Y_TOP + 1e-9 or top - h < -0.02:
                        continue
                    for a in anchors:
                        x0 = x - a * width
                        if x0 < X_PAD or x0 + width > last - X_PAD:
                            continue
                        options.append((k, a, rise if side else 0.9 - rise,
                                        (x0, x0 + width, top - h, top)))
        if not options:
            x0 = x - ax * width
            options = [(0, ax, 1.4 if above else -0.5, (x0, x0 + width, p.mean, p.mean + h))]
        k, ax, anchor_y, box = options[place_label(self._placed, [o[3] for o in options])]
        if optional and not is_free(self._placed, box):
            return
        self._placed.append(box)
        if k or not 0.0 <= ax <= 1.0:
            # a label moved away from its point is tied to it by a thin line
            near_y = box[2] if box[2] > p.mean else box[3]
            leader = pg.PlotCurveItem([x, min(max(x, box[0]), box[1])], [p.mean, near_y],
                                      pen=pg.mkPen(color, width=1))
            leader.setZValue(4)
            self.plot.addItem(leader)
            self.leaders.append(leader)
        # a light backing keeps the label readable where the curve or a broken link runs
        item = pg.TextItem(text, color=color, anchor=(ax, anchor_y), fill=LABEL_FILL)
        item.setZValue(5)
        item.setPos(x, p.mean)
        self.plot.addItem(item)
        self.labels.append(text)

    def _clicked(self, _item, points, _ev=None) -> None:
        if len(points):
            self.touchpoint_clicked.emit(points[0].data())
