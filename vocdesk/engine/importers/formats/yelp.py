"""Yelp reviews: the Open Dataset ``review.json`` (JSON Lines, current and ≤2016 forms) and
Fusion API review JSON.

Dataset: ``review_id, user_id, business_id, stars (3.0), useful, funny, cool, text, date``;
the old form has ``votes{…}``, ``type: "review"`` and a bare ``YYYY-MM-DD`` date. Fusion:
``{"reviews": [{id, url, text, rating, time_created (Pacific time), user{…}}]}``.
"""

from __future__ import annotations

from typing import Any

from vocdesk.engine.importers.formats.common import (
    Format,
    RawFile,
    with_zone,
)
from vocdesk.engine.importers.formats.flat import (
    build_flat,
    flatten,
    json_rows,
)


def _kind(r: dict[str, Any]) -> str | None:
    if "review_id" in r and "business_id" in r and ("stars" in r or "text" in r):
        return "dataset"
    if "time_created" in r and "rating" in r and isinstance(r.get("user"), dict):
        return "fusion"
    return None


def sniff(raw: RawFile) -> float:
    if raw.kind not in ("json", "jsonl"):
        return 0.0
    recs = raw.sample(50)
    kinds = [_kind(r) for r in recs]
    if recs and sum(k is not None for k in kinds) >= max(1, len(recs) // 2):
        return 0.97 if "dataset" in kinds else 0.9
    return 0.0


def convert(raw: RawFile) -> Any:
    rows = [(n, {"__kind": _kind(r), **flatten(r)}) for n, r in json_rows(raw) if _kind(r)]

    def row(v: dict[str, Any]) -> tuple[dict[str, Any] | None, set[str]]:
        kind = v.pop("__kind")
        if kind == "fusion":
            return ({"external_id": v.get("id"), "text": v.get("text") or "",
                     "rating": v.get("rating"),
                     "created_at": with_zone(v.get("time_created"), "America/Los_Angeles"),
                     "customer_id": v.get("user.id")},
                    {"id", "text", "rating", "time_created", "user.id"})
        return ({"external_id": v.get("review_id"), "text": v.get("text") or "",
                 "rating": v.get("stars"), "created_at": v.get("date"),
                 "customer_id": v.get("user_id"), "store": v.get("business_id")},
                {"review_id", "text", "stars", "date", "user_id", "business_id"})

    return build_flat(raw, "yelp", "review", rows, row,
                      {"text": "text", "rating": "stars / rating", "created_at": "date / "
                       "time_created (Pacific time)", "external_id": "review_id / id",
                       "customer_id": "user_id / user.id", "store": "business_id"})


FORMATS = [Format("yelp", "review", sniff, convert,
                  "Yelp Open Dataset review.json (JSON Lines) or Fusion API reviews")]
