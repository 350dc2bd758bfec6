"""Reads the accuracy lab needs: auto tags of a facet, codings per analyst, coverage counts.

Kept apart from ``store/tags.py`` (which writes tags): these are read-only scans over whole
facets, each one query.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC
from typing import Any

from sqlite_utils import Database

from vocdesk.engine.store.ids import rows_in


def auto_values(db: Database, facet: str) -> dict[int, list[tuple[str, float | None, str]]]:
    """Per row: the facet's auto tags as (value, score, origin), most confident first."""
    out: dict[int, list[tuple[str, float | None, str]]] = defaultdict(list)
    for fid, value, score, origin in db.execute(
            "SELECT feedback_id, value, score, origin FROM auto_tags WHERE facet = ? "
            "ORDER BY feedback_id, score DESC, value", [facet]).fetchall():
        out[fid].append((value, score, origin))
    return dict(out)


def human_facets(db: Database) -> list[str]:
    """Facets with at least one human tag that names a value."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT facet FROM human_tags WHERE value != '' ORDER BY facet").fetchall()]


def latest_codings(db: Database, facet: str | None = None) -> list[dict[str, Any]]:
    """Each analyst's last coding of each row (from the append-only log; ``who`` set).

    Why the log: ``human_tags`` holds one effective coding per row, so when a second analyst
    codes a row the first one's values survive only in the log.
    """
    q = ("SELECT l.feedback_id, l.facet, l.who, l.new_values, l.at FROM human_tag_log l "
         "JOIN (SELECT max(id) AS id FROM human_tag_log WHERE who IS NOT NULL AND who != '' "
         "{where} GROUP BY feedback_id, facet, who) m ON m.id = l.id "
         "WHERE l.new_values IS NOT NULL ORDER BY l.facet, l.feedback_id, l.id")
    params: list[Any] = []
    where = ""
    if facet is not None:
        where = "AND facet = ?"
        params.append(facet)
    out = []
    for fid, fct, who, new, at in db.execute(q.format(where=where), params).fetchall():
        values = [v for v in json.loads(new) if v]
        if values:
            out.append({"feedback_id": fid, "facet": fct, "who": who, "values": values, "at": at})
    return out


def coverage_counts(db: Database) -> tuple[int, dict[str, int], int]:
    """(rows, rows with an effective tag per facet, rows with any tag of any facet)."""
    total = db.execute("SELECT count(*) FROM feedback").fetchone()[0]
    per = dict(db.execute("SELECT facet, count(DISTINCT feedback_id) FROM effective_tags "
                          "WHERE value != '' GROUP BY facet").fetchall())
    anyt = db.execute("SELECT count(DISTINCT feedback_id) FROM effective_tags "
                      "WHERE value != ''").fetchone()[0]
    return total, per, anyt


def rows_coded_by(db: Database, feedback_ids: Sequence[int], facet: str, who: str) -> set[int]:
    """The rows among ``feedback_ids`` whose facet ``who`` has already coded (in the log)."""
    return {r[0] for r in rows_in(
        db, "SELECT DISTINCT feedback_id FROM human_tag_log WHERE facet = ? AND who = ? "
        "AND new_values IS NOT NULL AND feedback_id IN ({ids})", feedback_ids, [facet, who])}


def log_confirmations(db: Database, feedback_ids: Sequence[int], facet: str,
                      values: Sequence[str], who: str, batch: str | None = None) -> None:
    """Record that ``who`` coded rows with the values they already hold (no tag changes).

    Why: a second analyst who agrees with the first changes nothing in ``human_tags``, but
    their coding is what double coding measures; without this entry agreement looked like
    the second analyst had not coded those rows at all.
    """
    from datetime import datetime

    at = datetime.now(UTC).isoformat(timespec="seconds")
    vals = json.dumps(list(values), ensure_ascii=False)
    db.conn.executemany(
        "INSERT INTO human_tag_log (feedback_id, facet, old_values, new_values, who, at, "
        "origin, batch, note) VALUES (?,?,?,?,?,?,?,?,?)",
        [(i, facet, vals, vals, who, at, "analyst", batch, "confirmed") for i in feedback_ids])
