"""Scans over every text of a workspace, for the rule preview (what a rule would match).

Paged by id (keyset), so a scan of a million rows holds one batch in memory at a time.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlite_utils import Database


def count_texts(db: Database) -> int:
    return db.execute("SELECT count(*) FROM feedback").fetchone()[0]


def iter_texts(db: Database, batch: int = 2000) -> Iterator[list[tuple[int, str]]]:
    """Every (id, text) of the workspace in batches, paged by id (keyset, no OFFSET)."""
    last = 0
    while True:
        rows = db.execute("SELECT id, text FROM feedback WHERE id > ? ORDER BY id LIMIT ?",
                          [last, batch]).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield [(r[0], r[1] or "") for r in rows]


def auto_value_origins(db: Database, facet: str, value: str) -> dict[int, str]:
    """Rows whose auto tags carry ``facet = value``, with the origin (rule ids or model)."""
    return dict(db.execute("SELECT feedback_id, origin FROM auto_tags WHERE facet = ? AND value = ?",
                           [facet, value]).fetchall())
