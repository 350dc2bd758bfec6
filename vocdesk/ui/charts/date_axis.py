"""The one date axis of every vocdesk chart: pyqtgraph's ``DateAxisItem`` with month names in
the interface language.

Why: pyqtgraph labels ticks with ``strftime`` (``%b`` → "Mar"), i.e. in the C locale whatever
the interface language, so a Chinese window showed "Jan Feb Mar". In zh_CN a tick reads "3月",
January (where the year changes) "2026年1月", a day "3月5日" / "5日", a weekday "周四 5日",
a year "2026年"; times stay "14:30". In English pyqtgraph's labels are kept, except that
January also names its year ("Jan 2026"), as the Chinese axis does.
"""

from __future__ import annotations

from datetime import datetime

import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import (
    adjustTimestampToPreferredUtcOffset,
    utcfromtimestamp,
)

from vocdesk import i18n

WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def zh_label(d: datetime, fmt: str) -> str | None:
    """The Chinese label of ``d`` for pyqtgraph's tick format ``fmt`` (None: keep strftime)."""
    if fmt == "%Y":
        return f"{d.year}年"
    if fmt == "%b":
        return f"{d.year}年1月" if d.month == 1 else f"{d.month}月"
    if fmt == "%d":
        return f"{d.month}月{d.day}日" if d.day == 1 else f"{d.day}日"
    if fmt == "%a %d":
        return f"{WEEKDAYS_ZH[d.weekday()]} {d.day}日"
    if fmt == "%b %d":
        return f"{d.month}月{d.day}日"
    return None


def en_label(d: datetime, fmt: str) -> str | None:
    """English: January carries its year ("Jan 2026"); the rest as pyqtgraph writes it."""
    if fmt == "%b" and d.month == 1:
        return f"Jan {d.year}"
    return None


class DateAxis(pg.DateAxisItem):
    """``DateAxisItem`` whose month, day and year labels follow ``vocdesk.i18n.language()``."""

    def __init__(self, orientation: str = "bottom", **kwargs) -> None:
        super().__init__(orientation=orientation, **kwargs)

    def tickStrings(self, values, scale, spacing):  # noqa: N802, ANN001, ANN201 - pyqtgraph API
        base = super().tickStrings(values, scale, spacing)
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        if spec is None:
            return base
        local = zh_label if i18n.language().startswith("zh") else en_label
        out = []
        for v, text in zip(values, base, strict=True):
            try:
                d = utcfromtimestamp(adjustTimestampToPreferredUtcOffset(v, self.utcOffset))
            except (OverflowError, ValueError, OSError):
                out.append(text)
                continue
            mine = local(d, spec.format)
            out.append(text if mine is None else mine)
        return out
