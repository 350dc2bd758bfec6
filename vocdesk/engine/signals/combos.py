"""Candidate combinations of one analysed row (pure functions, no store).

Kinds, each a key ``kind:part|part…`` (parts sorted where order means nothing):
- ``terms``: pairs of the row's top-5 keywords and triples of its top-4 (jieba terms);
- ``facet_term``: a product / feature / category value with one of the top-3 keywords;
- ``ppt``: product × part (feature) and product × part × symptom (a keyword).
Keywords that merely repeat a tagged value are left out of that value's combinations.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

FACETS = ("product", "feature", "category")
KINDS = ("terms", "facet_term", "ppt")
_EPOCH = datetime(1970, 1, 1).date()


def _clean(s: str) -> str:
    return s.replace("|", "/").replace("\n", " ").strip()


def combos_of(keywords: list[str], tags: dict[str, list[str]]) -> list[str]:
    """Combination keys for one row, from its keywords (most salient first) and its tags."""
    kws = [_clean(k) for k in keywords if k and _clean(k)]
    out: list[str] = []
    for pair in combinations(sorted(set(kws[:5])), 2):
        out.append("terms:" + "|".join(pair))
    for triple in combinations(sorted(set(kws[:4])), 3):
        out.append("terms:" + "|".join(triple))
    for facet in FACETS:
        for value in tags.get(facet, []):
            for k in kws[:3]:
                if k not in value:
                    out.append(f"facet_term:{facet}={_clean(value)}|{k}")
    for product in tags.get("product", []):
        for feature in tags.get("feature", []):
            base = f"ppt:product={_clean(product)}|feature={_clean(feature)}"
            out.append(base)
            for k in kws[:5]:
                if k not in product and k not in feature and feature not in k:
                    out.append(f"{base}|{k}")
    return list(dict.fromkeys(out))


def parts_of(key: str) -> tuple[str, list[str]]:
    """(kind, parts) of a combination key."""
    kind, _, rest = key.partition(":")
    return kind, rest.split("|")


def local_day(ts: float, tz: str) -> int:
    """Day number (days since 1970-01-01) of an epoch time in the workspace's time zone."""
    d = datetime.fromtimestamp(ts, UTC).astimezone(ZoneInfo(tz)).date()
    return (d - _EPOCH).days


def day_date(day: int):
    """The calendar date of a day number."""
    return _EPOCH + timedelta(days=day)


def day_of(date) -> int:
    return (date - _EPOCH).days
