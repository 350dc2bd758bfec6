"""The journey map as a picture without a GUI: SVG (reportlab.graphics) and PNG (Pillow).

Why two back-ends over one scene: reportlab's PNG renderer needs the cairo binding
(``rlPyCairo``), which is not installed, while Pillow (a reportlab dependency) draws PNG with
the bundled CJK font. So the picture is first laid out as a list of primitives (rectangles,
lines, circles, polygons, text; top-left origin, pixels) and each back-end draws that list —
the SVG and the PNG show the same thing. The layout follows the GUI: the emotion curve with
its 95 % band and points sized by volume, then the stages as columns of touchpoint cards with
n, sentiment [CI], negative share [CI] and the high/low, worst and end marks.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from vocdesk.engine.errors import UsageError
from vocdesk.i18n import _

W, CURVE_TOP, CURVE_H, CARD_W, CARD_H = 1400, 50, 260, 0, 92
COLORS = {"line": "#1f5fbf", "band": "#c9d8f0", "low": "#d0453b", "high": "#3a9d5d",
          "grey": "#b0b0b0", "text": "#222222", "muted": "#888888", "stage": "#e8eef8",
          "border": "#c8c8c8"}


def _pct(v, lo, hi) -> str:
    if v is None:
        return "—"
    if lo is None or hi is None:
        return f"{100 * v:.0f}%"
    return f"{100 * v:.0f}% [{100 * lo:.0f}, {100 * hi:.0f}]"


def _num(v, lo, hi) -> str:
    if v is None:
        return "—"
    if lo is None or hi is None:
        return f"{v:.2f}"
    return f"{v:.2f} [{lo:.2f}, {hi:.2f}]"


def scene(data: dict[str, Any], labels: dict[str, str] | None = None
          ) -> tuple[int, int, list[tuple]]:
    """(width, height, primitives) of a journey map dict (``JourneyMap.to_dict()``)."""
    labels = labels or {}
    stages = data["stages"]
    tps = [t for s in stages for t in s["touchpoints"]]
    rows = max((len(s["touchpoints"]) for s in stages), default=0)
    links = data.get("broken_links") or []
    height = (CURVE_TOP + CURVE_H + 60 + 30 + rows * (CARD_H + 8) + 20
              + (30 + 18 * len(links) if links else 0))
    out: list[tuple] = [("rect", 0, 0, W, height, "#ffffff", None)]
    out.append(("text", 20, 28, _("Journey map — definition v{v}").format(v=data["version"])
                + "   " + _("cells under n = {n} are grey and never ranked").format(
                    n=data["min_n"]), 15, COLORS["text"], "start"))
    n = max(len(tps), 1)
    left, right = 70, W - 30
    step = (right - left) / n

    def x_of(i: float) -> float:
        return left + step * (i + 0.5)

    def y_of(v: float) -> float:
        return CURVE_TOP + CURVE_H - v * CURVE_H

    for v in (0.0, 0.25, 0.5, 0.75, 1.0):
        out.append(("line", left, y_of(v), right, y_of(v), "#eeeeee", 1))
        out.append(("text", left - 8, y_of(v) + 4, f"{v:.2f}", 11, COLORS["muted"], "end"))
    i = 0
    for s in stages:
        k = len(s["touchpoints"])
        if not k:
            continue
        if i:
            out.append(("line", left + step * i, CURVE_TOP, left + step * i, CURVE_TOP + CURVE_H,
                        "#cccccc", 1))
        out.append(("text", left + step * (i + k / 2), CURVE_TOP + CURVE_H + 22,
                    labels.get(s["name"], s["name"]), 13, COLORS["text"], "middle"))
        i += k
    band = [(x_of(j), y_of(t["ci_high"])) for j, t in enumerate(tps) if t["ci_high"] is not None]
    band += [(x_of(j), y_of(t["ci_low"])) for j, t in reversed(list(enumerate(tps)))
             if t["ci_low"] is not None]
    if len(band) >= 4:
        out.append(("poly", band, COLORS["band"]))
    line = [(x_of(j), y_of(t["sentiment_mean"])) for j, t in enumerate(tps)
            if t["sentiment_mean"] is not None]
    if len(line) >= 2:
        out.append(("polyline", line, COLORS["line"], 2))
    biggest = max((t["n"] for t in tps), default=1) or 1
    for j, t in enumerate(tps):
        if t["sentiment_mean"] is None:
            continue
        color = (COLORS["grey"] if t["low_n"] else COLORS.get(t["flag"] or "", COLORS["line"]))
        r = 4 + 9 * math.sqrt(t["n"] / biggest)
        out.append(("circle", x_of(j), y_of(t["sentiment_mean"]), r,
                    None if t["low_n"] else color, color))
        words = [w for w, on in ((_("low"), t["flag"] == "low"), (_("high"), t["flag"] == "high"),
                                 (_("worst"), t["worst"]), (_("end"), t["final"])) if on]
        if words and (t["worst"] or t["final"]):
            out.append(("text", x_of(j), y_of(t["sentiment_mean"]) - r - 6,
                        f"{labels.get(t['name'], t['name'])}: {' · '.join(words)}", 12,
                        COLORS["low"] if t["worst"] else COLORS["text"], "middle"))
    _links(out, links, tps, labels, x_of, y_of, height - 18 * len(links) - 20)
    top = CURVE_TOP + CURVE_H + 60
    col_w = (W - 40) / max(len(stages), 1)
    for c, s in enumerate(stages):
        x = 20 + c * col_w
        out.append(("rect", x + 2, top, col_w - 4, 24, COLORS["stage"], None))
        out.append(("text", x + col_w / 2, top + 17, labels.get(s["name"], s["name"]), 13,
                    COLORS["text"], "middle"))
        for r_, t in enumerate(s["touchpoints"]):
            y = top + 30 + r_ * (CARD_H + 8)
            grey = t["low_n"]
            border = COLORS.get(t["flag"] or "", COLORS["low"] if t["worst"] else COLORS["border"])
            out.append(("rect", x + 2, y, col_w - 4, CARD_H, "#f0f0f0" if grey else "#ffffff",
                        border))
            marks = " ".join(w for w, on in ((_("LOW"), t["flag"] == "low"),
                                             (_("HIGH"), t["flag"] == "high"),
                                             (_("worst"), t["worst"]), (_("end"), t["final"]),
                                             (_("n too small"), grey and t["n"] > 0)) if on)
            color = COLORS["muted"] if grey else COLORS["text"]
            out.append(("text", x + 8, y + 18, labels.get(t["name"], t["name"]), 13, color,
                        "start"))
            lines = [marks, _("{n:,} rows · {c:,} customers").format(n=t["n"], c=t["customers"]),
                     _("sentiment {v}").format(v=_num(t["sentiment_mean"], t["ci_low"],
                                                      t["ci_high"])),
                     _("negative {v}").format(v=_pct(t["negative_share"], *t["negative_ci"]))]
            for k, text in enumerate(lines):
                if text:
                    out.append(("text", x + 8, y + 36 + 15 * k, text, 11,
                                COLORS["low"] if k == 0 and not grey else color, "start"))
    return W, height, out


def _links(out: list, links: list[dict], tps: list[dict], labels: dict[str, str], x_of, y_of,
           list_top: float) -> None:
    """Broken links (``journey_links``): dashed-red arcs under the curve, and a list below the
    cards with n, negative share [CI], lift and FDR q."""
    if not links:
        return
    pos = {t["name"]: j for j, t in enumerate(tps)}
    for k, link in enumerate(links):
        ends = [pos.get(t) for t in link["touchpoints"]]
        if None not in ends and ends[0] != ends[1]:
            a, b = sorted(ends)
            ya = tps[a]["sentiment_mean"] if tps[a]["sentiment_mean"] is not None else 0.5
            yb = tps[b]["sentiment_mean"] if tps[b]["sentiment_mean"] is not None else 0.5
            bottom = max(0.04, min(ya, yb) - 0.12 - 0.05 * (k % 3) - 0.04 * (b - a))
            ctrl = 2 * bottom - (ya + yb) / 2
            ts = [i / 24 for i in range(25)]
            pts = [(x_of(a + (b - a) * t), y_of((1 - t) ** 2 * ya + 2 * (1 - t) * t * ctrl
                                               + t ** 2 * yb)) for t in ts]
            out.append(("polyline", pts, COLORS["low"], 2))
            out.append(("text", pts[12][0], pts[12][1] + 14, f"#{k + 1}", 12, COLORS["low"],
                        "middle"))
    out.append(("text", 20, list_top, _("Broken links (cross-department breakpoints, FDR q < "
                                        "0.05)"), 13, COLORS["text"], "start"))
    for k, link in enumerate(links):
        ends = [labels.get(t, t) if t else _("(no touchpoint on the map)")
                for t in link["touchpoints"]]
        da, db = (labels.get(d, d) for d in link["departments"])
        # "#" is kept out of the msgid: catalog keys starting with "#" are comments
        text = f"#{k + 1} " + _(
            "{a} ↔ {b} ({da} · {db}): {n:,} rows, negative {neg}, lift {lift:.1f}×, "
            "q {q:.2g}").format(a=ends[0], b=ends[1], da=da, db=db, n=link["n"],
                                neg=_pct(link["negative_share"], *link["negative_ci"]),
                                lift=link["lift"], q=link["q"])
        out.append(("text", 20, list_top + 18 * (k + 1), text, 12, COLORS["low"], "start"))


def _svg(width: int, height: int, prims: list[tuple], path: Path) -> None:
    from reportlab.graphics import renderSVG
    from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
    from reportlab.lib.colors import HexColor

    from vocdesk.engine.reports.fonts import register_font

    font = register_font()
    d = Drawing(width, height)

    def col(c):
        return HexColor(c) if c else None

    for p in prims:
        kind = p[0]
        if kind == "rect":
            _k, x, y, w, h, fill, stroke = p
            d.add(Rect(x, height - y - h, w, h, fillColor=col(fill), strokeColor=col(stroke),
                       strokeWidth=1 if stroke else 0))
        elif kind == "line":
            _k, x1, y1, x2, y2, color, width_ = p
            d.add(Line(x1, height - y1, x2, height - y2, strokeColor=col(color),
                       strokeWidth=width_))
        elif kind == "circle":
            _k, x, y, r, fill, stroke = p
            d.add(Circle(x, height - y, r, fillColor=col(fill), strokeColor=col(stroke),
                         strokeWidth=1.5))
        elif kind == "poly":
            pts = [v for x, y in p[1] for v in (x, height - y)]
            d.add(Polygon(pts, fillColor=col(p[2]), strokeColor=None, strokeWidth=0))
        elif kind == "polyline":
            pts = [v for x, y in p[1] for v in (x, height - y)]
            d.add(PolyLine(pts, strokeColor=col(p[2]), strokeWidth=p[3]))
        elif kind == "text":
            _k, x, y, text, size, color, anchor = p
            d.add(String(x, height - y, text, fontName=font, fontSize=size,
                         fillColor=col(color), textAnchor=anchor))
    renderSVG.drawToFile(d, str(path))


def _png(width: int, height: int, prims: list[tuple], path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    from vocdesk.engine.reports.fonts import FONT_FILE

    img = Image.new("RGB", (width, height), "#ffffff")
    draw = ImageDraw.Draw(img)
    fonts: dict[int, Any] = {}

    def font(size: int):
        if size not in fonts:
            fonts[size] = ImageFont.truetype(str(FONT_FILE), size, index=0)
        return fonts[size]

    for p in prims:
        kind = p[0]
        if kind == "rect":
            _k, x, y, w, h, fill, stroke = p
            draw.rectangle([x, y, x + w, y + h], fill=fill, outline=stroke)
        elif kind == "line":
            _k, x1, y1, x2, y2, color, w = p
            draw.line([x1, y1, x2, y2], fill=color, width=int(w))
        elif kind == "circle":
            _k, x, y, r, fill, stroke = p
            draw.ellipse([x - r, y - r, x + r, y + r], fill=fill, outline=stroke, width=2)
        elif kind == "poly":
            draw.polygon(p[1], fill=p[2])
        elif kind == "polyline":
            draw.line(p[1], fill=p[2], width=int(p[3]))
        elif kind == "text":
            _k, x, y, text, size, color, anchor = p
            pil_anchor = {"start": "ls", "middle": "ms", "end": "rs"}[anchor]
            draw.text((x, y), text, fill=color, font=font(size), anchor=pil_anchor)
    img.save(path, "PNG")


def render_map(data: dict[str, Any], path: str | Path, labels: dict[str, str] | None = None
               ) -> Path:
    """Write the map to ``path`` (.svg or .png, by extension); ``labels``: id → display name."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise UsageError(f"{path}: --out writes .svg or .png")
    width, height, prims = scene(data, labels)
    (_svg if suffix == ".svg" else _png)(width, height, prims, path)
    return path
