"""Cell values → typed values: dates with time zones, scores, booleans, sentiment labels.

Each parser raises ``ValueError`` with a reason a user understands; the importer adds the
file, row and column. Date parsing tries the forms feedback tools really write (ISO with Z or
offset, ``2026/3/2 9:05:07``, ``03/02/2026 09:15:04 AM``, epoch ms, Excel serials) quickly and
falls back to dateutil for the rest.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

from vocdesk.i18n import _

EMPTY = {"", "-", "--", "n/a", "na", "none", "null", "nan", "无", "空", "(空)", "(跳过)", "(skipped)"}

_FORMATS = (
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
    "%m/%d/%Y", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日",
    "%Y.%m.%d %H:%M:%S", "%Y.%m.%d", "%d.%m.%Y %H:%M", "%Y%m%d",
)
_EXCEL_EPOCH = datetime(1899, 12, 30)


def is_empty(raw: object) -> bool:
    if raw is None or raw == "":
        return True
    if raw.__class__ is str:
        return len(raw) <= 12 and raw.strip().lower() in EMPTY
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and raw.strip().lower() in EMPTY


@lru_cache(maxsize=8)
def _zone(name: str):
    return ZoneInfo(name)


def parse_datetime(raw: object, default_tz: str = "Asia/Shanghai") -> tuple[str, float]:
    """Return (ISO 8601 with offset, epoch seconds). Naive times are read in ``default_tz``."""
    iso, ts, _stamped = parse_datetime_zone(raw, default_tz)
    return iso, ts


def parse_datetime_zone(raw: object, default_tz: str = "Asia/Shanghai"
                        ) -> tuple[str, float, bool]:
    """Like :func:`parse_datetime`, plus whether the value had no zone of its own and was
    stamped with ``default_tz`` (imports say how many rows were, issue 9)."""
    if isinstance(raw, datetime):
        dt = raw
    elif isinstance(raw, date):
        dt = datetime(raw.year, raw.month, raw.day)
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        dt = _from_number(float(raw))
    else:
        s = str(raw).strip()
        if not s:
            raise ValueError(_("empty date"))
        dt = _parse_text(s)
    stamped = dt.tzinfo is None
    if stamped:
        dt = dt.replace(tzinfo=_zone(default_tz))
    if not (1990 <= dt.year <= 2100):
        raise ValueError(_("date {raw!r} is outside 1990–2100").format(raw=raw))
    return dt.isoformat(timespec="seconds"), dt.timestamp(), stamped


def _from_number(x: float) -> datetime:
    if 20000 <= x <= 80000:                       # Excel serial day number
        return _EXCEL_EPOCH + timedelta(days=x)
    if 1e11 <= x < 1e14:                          # epoch milliseconds
        return datetime.fromtimestamp(x / 1000, tz=UTC)
    if 6e8 <= x < 5e9:                            # epoch seconds
        return datetime.fromtimestamp(x, tz=UTC)
    raise ValueError(_("number {x:g} is not a date (not an Excel serial or epoch time)")
                     .format(x=x))


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _parse_text(s: str) -> datetime:
    if _NUMBER.match(s):
        if len(s) == 8 and s.isdigit():
            return datetime.strptime(s, "%Y%m%d")
        return _from_number(float(s))
    iso = s.replace("Z", "+00:00") if s.endswith("Z") else s
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    try:
        return dateutil_parser.parse(s)
    except (ValueError, OverflowError):
        raise ValueError(_("cannot read {s!r} as a date").format(s=s)) from None


_STARS = re.compile(r"^[★☆]+$")
_NUM_IN = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:分|星|颗星|stars?|points?|/\s*\d+)?\s*$", re.I)


def parse_number(raw: object, lo: float, hi: float, what: str) -> float | None:
    """A score in [lo, hi], or None for an empty cell. Accepts "4", "4.0", "4星", "★★★★☆"."""
    if is_empty(raw):
        return None
    if isinstance(raw, bool):
        raise ValueError(_("{what} {raw!r} is not a number").format(what=what, raw=raw))
    if isinstance(raw, (int, float)):
        x = float(raw)
    else:
        s = str(raw).strip()
        if _STARS.match(s):
            x = float(s.count("★"))
        else:
            m = _NUM_IN.match(s)
            if not m:
                raise ValueError(_("{what} {raw!r} is not a number").format(what=what, raw=s))
            x = float(m.group(1))
    if not (lo <= x <= hi):
        raise ValueError(_("{what} {x:g} is outside {lo:g}–{hi:g}").format(what=what, x=x, lo=lo,
                                                                            hi=hi))
    return x


_TRUE = {"1", "true", "yes", "y", "是", "有", "对", "t", "已流失", "复购"}
_FALSE = {"0", "false", "no", "n", "否", "无", "f", "未流失"}


def parse_bool(raw: object) -> int | None:
    if is_empty(raw):
        return None
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, (int, float)):
        return int(bool(raw))
    s = str(raw).strip().lower()
    if s in _TRUE:
        return 1
    if s in _FALSE:
        return 0
    raise ValueError(_("{raw!r} is not yes/no").format(raw=raw))


_SENTIMENT = {
    "positive": "positive", "pos": "positive", "正面": "positive", "积极": "positive",
    "好评": "positive", "正向": "positive", "正": "positive", "+1": "positive", "1": "positive",
    "neutral": "neutral", "neu": "neutral", "中性": "neutral", "中评": "neutral", "中立": "neutral",
    "一般": "neutral",
    "negative": "negative", "neg": "negative", "负面": "negative", "消极": "negative",
    "差评": "negative", "负向": "negative", "负": "negative", "-1": "negative",
}


def parse_sentiment(raw: object) -> str | None:
    """positive / neutral / negative, or "0" when a bare 0 needs the column to decide.

    A bare 0 means negative in two-class data (1/0) and neutral in three-class data (1/0/-1);
    the importer resolves it once it has seen the whole column.
    """
    if is_empty(raw):
        return None
    s = str(raw).strip().lower()
    if isinstance(raw, float) and raw.is_integer():
        s = str(int(raw))
    if s in ("0", "0.0"):
        return "0"
    if s.endswith(".0"):
        s = s[:-2]
    if s in _SENTIMENT:
        return _SENTIMENT[s]
    raise ValueError(_("{raw!r} is not a sentiment (positive/neutral/negative, 正面/中性/负面, "
                       "1/0/-1)").format(raw=raw))


def cell_text(raw: object) -> str:
    """The text of a cell as a user would read it (numbers without a spurious .0)."""
    if raw is None:
        return ""
    if isinstance(raw, float):
        if math.isnan(raw):
            return ""
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ", timespec="seconds")
    return str(raw)
