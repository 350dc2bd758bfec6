"""Read-only summaries and the paged export read of a workspace."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from vocdesk.engine.store.tags import effective_tags


def workspace_stats(db: Database) -> dict[str, Any]:
    """Counts per channel, per facet value (effective tags) and per tag origin."""
    one = lambda q, *p: db.execute(q, p).fetchone()[0]  # noqa: E731
    per_value: dict[str, dict[str, int]] = defaultdict(dict)
    for facet, value, n in db.execute(
            "SELECT facet, value, count(*) FROM effective_tags GROUP BY facet, value "
            "ORDER BY facet, count(*) DESC"):
        per_value[facet][value] = n
    origins: dict[str, dict[str, int]] = defaultdict(dict)
    for facet, kind, n in db.execute(
            "SELECT facet, origin_kind, count(DISTINCT feedback_id) FROM effective_tags "
            "GROUP BY facet, origin_kind"):
        origins[facet][kind] = n
    return {
        "feedback": one("SELECT count(*) FROM feedback"),
        "customers": one("SELECT count(*) FROM customers"),
        "sources": one("SELECT count(*) FROM sources"),
        "analyzed": one("SELECT count(*) FROM analysis"),
        "human_tagged_rows": one("SELECT count(DISTINCT feedback_id) FROM human_tags"),
        "date_range": list(db.execute("SELECT min(created_at), max(created_at) FROM feedback")
                           .fetchone()),
        "channels": dict(db.execute("SELECT coalesce(channel, ''), count(*) FROM feedback "
                                    "GROUP BY channel ORDER BY count(*) DESC").fetchall()),
        "languages": dict(db.execute("SELECT coalesce(language, ''), count(*) FROM feedback "
                                     "GROUP BY language ORDER BY count(*) DESC").fetchall()),
        "facets": dict(per_value),
        "tag_origins": dict(origins),
    }


EXPORT_BASE_COLUMNS = ("id", "external_id", "text", "created_at", "channel", "customer_id",
                       "rating", "nps", "csat", "ces", "language", "source_format")


def iter_export(db: Database, page: int = 5000) -> Iterator[list[dict[str, Any]]]:
    """Pages of export records: base columns, ``sentiment_score`` and ``tags`` (effective)."""
    last = 0
    cols = ", ".join(f"f.{c}" for c in EXPORT_BASE_COLUMNS)
    while True:
        cur = db.execute(f"SELECT {cols}, a.sentiment_score FROM feedback f LEFT JOIN analysis a "
                         f"ON a.feedback_id = f.id WHERE f.id > ? ORDER BY f.id LIMIT ?",
                         [last, page])
        rows = cur.fetchall()
        if not rows:
            return
        last = rows[-1][0]
        names = [*EXPORT_BASE_COLUMNS, "sentiment_score"]
        recs = [dict(zip(names, r, strict=True)) for r in rows]
        tags = effective_tags(db, [r["id"] for r in recs])
        for rec in recs:
            rec["tags"] = tags.get(rec["id"], {})
        yield recs


def iter_export_ids(db: Database, ids: Sequence[int], page: int = 5000
                    ) -> Iterator[list[dict[str, Any]]]:
    """Pages of export records of exactly ``ids``, in that order (the GUI's current view)."""
    cols = ", ".join(f"f.{c}" for c in EXPORT_BASE_COLUMNS)
    names = [*EXPORT_BASE_COLUMNS, "sentiment_score"]
    for start in range(0, len(ids), page):
        chunk = [int(i) for i in ids[start:start + page]]
        cur = db.execute(f"SELECT {cols}, a.sentiment_score FROM feedback f LEFT JOIN analysis a "
                         f"ON a.feedback_id = f.id WHERE f.id IN (SELECT value FROM json_each(?))",
                         [json.dumps(chunk)])
        got = {r[0]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}
        recs = [got[i] for i in chunk if i in got]
        tags = effective_tags(db, [r["id"] for r in recs])
        for rec in recs:
            rec["tags"] = tags.get(rec["id"], {})
        yield recs
