"""A trend line with its 95 % interval drawn as a shaded band (reportlab.graphics shapes).

Why not ``HorizontalLineChart``: it has no band, and mapping its internal scale to draw one is
fragile. This chart lays out its own axes: categories evenly spaced (periods or journey
touchpoints), values on a linear scale, the band a polygon per unbroken run (a period without
data leaves a gap, never a bridge), one highlighted category drawn in the accent colour. Every
label is in the bundled font, so it is embedded like the rest of the pack.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors

from vocdesk.engine.reports.fonts import FONT, register_font

LINE = colors.HexColor("#1f4e79")
BAND = colors.HexColor("#c9d8e8")
MARK = colors.HexColor("#c0392b")
GRIDC = colors.HexColor("#dddddd")
WIDTH = 480


def _ok(v: float | None) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering lo..hi (1, 2, 2.5 or 5 times a power of ten)."""
    span = (hi - lo) or abs(hi) or 1.0
    raw = span / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    out, v = [], first
    while v <= hi + step * 1e-9:
        out.append(round(v, 10))
        v += step
    return out


def _runs(vals: Sequence[float | None]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i, v in enumerate(vals):
        if not _ok(v):
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def band_chart(labels: Sequence[str], values: Sequence[float | None],
               lows: Sequence[float | None] = (), highs: Sequence[float | None] = (), *,
               scale: float = 1.0, fmt: str = "{:.0f}", height: int = 160,
               y_range: tuple[float | None, float | None] = (None, None),
               highlight: Sequence[int] = (), angle: int = 30, keep_labels: int = 14
               ) -> Drawing:
    """``values`` with their band ``lows``..``highs`` (both optional) over ``labels``.

    ``scale`` multiplies every value (100 for shares shown as %); ``fmt`` formats the axis
    ticks; ``y_range`` pins either end of the axis (e.g. 0 for counts); ``highlight`` marks
    categories (the scope's touchpoint) with a shaded column and a red marker.
    """
    register_font()
    n = max(1, len(labels))
    vals = [v * scale if _ok(v) else None for v in values] or [None]
    lo = [v * scale if _ok(v) else None for v in lows] if lows else [None] * len(vals)
    hi = [v * scale if _ok(v) else None for v in highs] if highs else [None] * len(vals)
    seen = [v for v in (*vals, *lo, *hi) if v is not None] or [0.0, 1.0]
    ymin = y_range[0] if y_range[0] is not None else min(seen)
    ymax = y_range[1] if y_range[1] is not None else max(seen)
    if ymax <= ymin:
        ymax = ymin + 1
    ticks = _ticks(ymin, ymax)
    ymin, ymax = min(ticks[0], ymin), max(ticks[-1], ymax)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    d = Drawing(WIDTH, height)
    longest = max((stringWidth(str(lab), FONT, 6.5) for lab in labels), default=0)
    # room under the axis for the longest (rotated) category label
    x0 = 48
    y0 = min(90, 14 + longest * math.sin(math.radians(angle))) if angle else 22
    w, h = WIDTH - x0 - 12, height - y0 - 10
    step = w / n

    def px(i: int) -> float:
        return x0 + step * (i + 0.5)

    def py(v: float) -> float:
        return y0 + h * (v - ymin) / (ymax - ymin)

    for i in highlight:
        if 0 <= i < n:
            d.add(Rect(x0 + step * i, y0, step, h, fillColor=colors.HexColor("#fdecea"),
                       strokeColor=None))
    for t in ticks:
        d.add(Line(x0, py(t), x0 + w, py(t), strokeColor=GRIDC, strokeWidth=0.4))
        d.add(String(x0 - 4, py(t) - 2.5, fmt.format(t), fontName=FONT, fontSize=7,
                     textAnchor="end"))
    d.add(Line(x0, y0, x0 + w, y0, strokeColor=colors.black, strokeWidth=0.6))
    d.add(Line(x0, y0, x0, y0 + h, strokeColor=colors.black, strokeWidth=0.6))
    every = max(1, -(-n // keep_labels))
    for i, lab in enumerate(labels):
        if i % every:
            continue
        s = String(0, 0, str(lab), fontName=FONT, fontSize=6.5,
                   textAnchor="end" if angle else "middle",
                   fillColor=MARK if i in highlight else colors.black)
        if angle:
            from reportlab.graphics.shapes import Group

            g = Group(s)
            g.translate(px(i) + 2, y0 - 4)
            g.rotate(angle)
            d.add(g)
        else:
            s.x, s.y = px(i), y0 - 10
            d.add(s)
    for run in _runs([v if (lo[i] is not None and hi[i] is not None) else None
                      for i, v in enumerate(vals)]):
        if len(run) == 1:
            i = run[0]
            d.add(Line(px(i), py(lo[i]), px(i), py(hi[i]), strokeColor=BAND, strokeWidth=4))
            continue
        pts = [c for i in run for c in (px(i), py(hi[i]))] + \
              [c for i in reversed(run) for c in (px(i), py(lo[i]))]
        d.add(Polygon(pts, fillColor=BAND, strokeColor=None))
    for run in _runs(vals):
        if len(run) > 1:
            d.add(PolyLine([c for i in run for c in (px(i), py(vals[i]))], strokeColor=LINE,
                           strokeWidth=1.5))
        for i in run:
            mark = i in highlight
            d.add(Circle(px(i), py(vals[i]), 2.8 if mark else 1.6,
                         fillColor=MARK if mark else LINE, strokeColor=None))
    return d
