"""Date axes name months in the interface language: "3月" / "2026年1月" in zh_CN, English
otherwise; every date chart uses the one axis class."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest


@pytest.fixture
def lang():
    from vocdesk import i18n

    before = i18n.language()
    yield i18n.set_language
    i18n.set_language(before)


def _month_ticks(axis) -> list[str]:
    """The labels the axis draws over Nov 2025 – Apr 2026 at month spacing."""
    from pyqtgraph.graphicsItems.DateAxisItem import YEAR_MONTH_ZOOM_LEVEL

    values = [datetime(y, m, 1, tzinfo=UTC).timestamp()
              for y, m in ((2025, 11), (2025, 12), (2026, 1), (2026, 2), (2026, 3))]
    axis.zoomLevel = YEAR_MONTH_ZOOM_LEVEL             # the level a year of data shows
    spec = next(s for s in axis.zoomLevel.tickSpecs if s.format == "%b")
    return axis.tickStrings([v - (axis.utcOffset or 0) for v in values], 1.0, spec.spacing)


def test_months_in_chinese_and_in_english(qtbot, lang):
    from vocdesk.ui.charts.date_axis import DateAxis

    axis = DateAxis()
    axis.utcOffset = 0
    lang("zh_CN")
    assert _month_ticks(axis) == ["11月", "12月", "2026年1月", "2月", "3月"]
    lang("en")
    assert _month_ticks(axis) == ["Nov", "Dec", "Jan 2026", "Feb", "Mar"]


def test_day_and_year_labels_in_chinese():
    from vocdesk.ui.charts.date_axis import en_label, zh_label

    d = datetime(2026, 3, 5)
    assert zh_label(d, "%d") == "5日" and zh_label(datetime(2026, 3, 1), "%d") == "3月1日"
    assert zh_label(d, "%a %d") == "周四 5日" and zh_label(d, "%Y") == "2026年"
    assert zh_label(d, "%H:%M") is None and en_label(d, "%b") is None


def test_every_date_chart_uses_the_one_axis():
    root = Path(__file__).resolve().parents[2] / "vocdesk" / "ui"
    users = []
    for f in root.rglob("*.py"):
        text = f.read_text("utf-8")
        assert "pg.DateAxisItem(" not in text and "DateAxisItem(orientation" not in text, f
        if "DateAxis(" in text and f.name != "date_axis.py":
            users.append(f.name)
    assert {"figure_charts.py", "signal_chart.py", "volume_chart.py"} <= set(users)
