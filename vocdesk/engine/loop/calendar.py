"""Working time in mainland China: holidays and make-up working days (调休), with overrides.

``chinese-calendar`` knows each year's official schedule (a Saturday can be a working day);
the workspace's override table wins over it, so a company closed on its founding day or a
year not yet published can be fixed by hand. For a year the package has no data for, days
fall back to Monday–Friday and the calendar records a warning that callers show.
pandas' CustomBusinessHour cannot express a working Saturday, hence this small module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar


@dataclass
class WorkCalendar:
    """Working days and hours in a time zone.

    ``start``/``end``: the working hours of a working day (default the whole day, so a 24 h
    SLA means 24 hours counted on working days; set 09:00–18:00 for office hours).
    """

    tz: str = "Asia/Shanghai"
    overrides: dict[date, bool] = field(default_factory=dict)
    start: time = time(0, 0)
    end: time | None = None                 # None: midnight at the end of the day
    warnings: set[int] = field(default_factory=set)

    def is_workday(self, d: date) -> bool:
        if d in self.overrides:
            return self.overrides[d]
        try:
            return bool(chinese_calendar.is_workday(d))
        except NotImplementedError:
            self.warnings.add(d.year)
            return d.weekday() < 5

    def warning_text(self) -> str | None:
        """The visible warning for years without official data (None when all were known)."""
        if not self.warnings:
            return None
        years = ", ".join(str(y) for y in sorted(self.warnings))
        return (f"no holiday data for {years}: Monday–Friday assumed; add the official "
                f"holidays and make-up working days to the calendar overrides "
                f"({years} 年无节假日数据：按周一至周五计算，请在日历例外中补充)")

    def _interval(self, d: date) -> tuple[datetime, datetime]:
        zone = ZoneInfo(self.tz)
        a = datetime.combine(d, self.start, zone)
        b = datetime.combine(d + timedelta(days=1), time(0), zone) if self.end is None \
            else datetime.combine(d, self.end, zone)
        return a, b

    def add_hours(self, at: datetime, hours: float) -> datetime:
        """The moment ``hours`` of working time after ``at`` (an aware datetime)."""
        left = timedelta(hours=hours)
        local = at.astimezone(ZoneInfo(self.tz))
        d = local.date()
        for _ in range(3700):       # ten years of days: a calendar with no working day stops
            if self.is_workday(d):
                a, b = self._interval(d)
                a = max(a, local)
                if a < b:
                    if b - a >= left:
                        return a + left
                    left -= b - a
            d += timedelta(days=1)
        raise ValueError("the calendar has no working time in the next ten years")

    def hours_between(self, a: datetime, b: datetime) -> float:
        """Working hours from ``a`` to ``b`` (0 when b ≤ a)."""
        if b <= a:
            return 0.0
        zone = ZoneInfo(self.tz)
        a, b = a.astimezone(zone), b.astimezone(zone)
        total = timedelta()
        d = a.date()
        while d <= b.date():
            if self.is_workday(d):
                x, y = self._interval(d)
                x, y = max(x, a), min(y, b)
                if x < y:
                    total += y - x
            d += timedelta(days=1)
        return total.total_seconds() / 3600
