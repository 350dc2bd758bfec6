"""Vector charts for the packs (reportlab.graphics: headless, no Qt).

Every label is set to the bundled font explicitly, on top of the graphics default set in
:mod:`fonts`: a chart label left at its default would be a non-embedded Helvetica with no CJK
glyphs.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from vocdesk.engine.reports.fonts import FONT, register_font

LINE = colors.HexColor("#1f4e79")
BAR = colors.HexColor("#4a7fb0")
WIDTH = 480


def _thin(labels: Sequence[str], keep: int = 12) -> list[str]:
    """Every k-th category label, so at most ``keep`` are drawn (the rest left blank)."""
    step = max(1, -(-len(labels) // keep))
    return [lab if i % step == 0 else "" for i, lab in enumerate(labels)]


def _runs(vals: list[float | None]) -> list[list[float | None]]:
    """One series per unbroken run of values, so the line never bridges a period without data
    (reportlab would join across a None)."""
    runs: list[list[float | None]] = []
    current: list[float | None] | None = None
    for i, v in enumerate(vals):
        if v is None:
            current = None
            continue
        if current is None:
            current = [None] * len(vals)
            runs.append(current)
        current[i] = v
    return runs or [[0.0] * max(1, len(vals))]


def trend_chart(periods: Sequence[str], values: Sequence[float], *, percent: bool = False,
                height: int = 170, y_title: str = "") -> Drawing:
    """A line over periods (weeks or months); ``percent`` for shares in 0..1."""
    register_font()
    d = Drawing(WIDTH, height)
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 48, 34, WIDTH - 64, height - 52
    # a period without rows has no share: None leaves a gap in the line instead of a false 0
    vals = [None if v is None or v != v else float(v) * (100 if percent else 1)
            for v in values] or [0.0]
    c.data = _runs(vals)
    c.joinedLines = 1
    for i in range(len(c.data)):
        c.lines[i].strokeColor = LINE
        c.lines[i].strokeWidth = 1.6
        c.lines[i].symbol = makeMarker("FilledCircle", size=2.6, fillColor=LINE,
                                       strokeColor=LINE)
    c.categoryAxis.categoryNames = _thin(list(periods)) or [""]
    c.categoryAxis.labels.fontName = FONT
    c.categoryAxis.labels.fontSize = 6.5
    c.categoryAxis.labels.angle = 30
    c.categoryAxis.labels.boxAnchor = "ne"
    c.valueAxis.labels.fontName = FONT
    c.valueAxis.labels.fontSize = 7
    c.valueAxis.valueMin = 0
    top = max((v for v in vals if v is not None), default=1)
    c.valueAxis.valueMax = (min(100.0, top * 1.15) if percent else top * 1.15) or 1
    c.valueAxis.labelTextFormat = "%.0f%%" if percent else "%.0f"
    if not percent and top <= 8:
        c.valueAxis.valueStep = 1          # small counts: whole-number ticks only
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    d.add(c)
    if y_title:
        d.add(String(4, height - 10, y_title, fontName=FONT, fontSize=7.5,
                     fillColor=colors.HexColor("#555555")))
    return d


def bar_chart(labels: Sequence[str], values: Sequence[float], *, height: int | None = None
              ) -> Drawing:
    """Horizontal bars, largest on top (labels may be Chinese)."""
    register_font()
    n = max(1, len(labels))
    height = height or 30 + 18 * n
    d = Drawing(WIDTH, height)
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 130, 14, WIDTH - 170, height - 24
    # reportlab draws the first category at the bottom: reverse so the largest is on top
    c.data = [[float(v) for v in reversed(values)] or [0.0]]
    c.categoryAxis.categoryNames = list(reversed(labels)) or [""]
    c.categoryAxis.labels.fontName = FONT
    c.categoryAxis.labels.fontSize = 7.5
    c.categoryAxis.labels.boxAnchor = "e"
    c.categoryAxis.labels.dx = -4
    c.valueAxis.labels.fontName = FONT
    c.valueAxis.labels.fontSize = 7
    c.valueAxis.valueMin = 0
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    c.bars[0].fillColor = BAR
    c.bars[0].strokeColor = None
    c.barLabelFormat = "%.0f"
    c.barLabels.fontName = FONT
    c.barLabels.fontSize = 6.5
    c.barLabels.boxAnchor = "w"
    c.barLabels.dx = 3
    d.add(c)
    return d
