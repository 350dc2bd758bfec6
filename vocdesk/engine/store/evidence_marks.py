"""Evidence marks: feedback rows an analyst picked as quotes for packs, with who and when.

Stored apart from tags (``evidence_marks``), so analysis, retraining and hand retagging never
change them; every mark and unmark is appended to ``evidence_log`` (provenance). Plain
functions; the caller (``ws.evidence``) holds the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from vocdesk.engine.store.ids import rows_in

_COLUMNS = "feedback_id, note, topic, marked_by, marked_at"


def existing_ids(db: Database, ids: Sequence[int]) -> set[int]:
    """Those of ``ids`` that are feedback rows."""
    return {r[0] for r in rows_in(db, "SELECT id FROM feedback WHERE id IN ({ids})", ids)}


def mark(db: Database, ids: Sequence[int], note: str | None, topic: str | None,
         who: str | None, at: str) -> None:
    """Mark rows (a marked row gets the new note and topic); logged."""
    db.conn.executemany(
        "INSERT INTO evidence_marks (feedback_id, note, topic, marked_by, marked_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(feedback_id) DO UPDATE SET note = excluded.note, "
        "topic = excluded.topic, marked_by = excluded.marked_by, marked_at = excluded.marked_at",
        [(i, note, topic, who, at) for i in ids])
    db.conn.executemany(
        "INSERT INTO evidence_log (feedback_id, kind, note, topic, who, at) "
        "VALUES (?, 'mark', ?, ?, ?, ?)", [(i, note, topic, who, at) for i in ids])


def unmark(db: Database, ids: Sequence[int], who: str | None, at: str) -> int:
    """Remove marks; returns how many rows were marked. Logged for those."""
    marked = sorted(marked_ids(db, ids))
    db.conn.executemany("DELETE FROM evidence_marks WHERE feedback_id = ?",
                        [(i,) for i in marked])
    db.conn.executemany(
        "INSERT INTO evidence_log (feedback_id, kind, who, at) VALUES (?, 'unmark', ?, ?)",
        [(i, who, at) for i in marked])
    return len(marked)


def marked_ids(db: Database, ids: Sequence[int] | None = None) -> set[int]:
    """The marked rows (among ``ids`` when given)."""
    if ids is None:
        return {r[0] for r in db.execute("SELECT feedback_id FROM evidence_marks").fetchall()}
    return {r[0] for r in rows_in(
        db, "SELECT feedback_id FROM evidence_marks WHERE feedback_id IN ({ids})", ids)}


def marks(db: Database, topic: str | None = None, who: str | None = None
          ) -> list[dict[str, Any]]:
    """Every mark (optionally of one topic / analyst), oldest mark first."""
    where, params = [], []
    if topic is not None:
        where.append("topic = ?")
        params.append(topic)
    if who is not None:
        where.append("marked_by = ?")
        params.append(who)
    sql = f"SELECT {_COLUMNS} FROM evidence_marks"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY marked_at, feedback_id"
    names = _COLUMNS.split(", ")
    return [dict(zip(names, r, strict=True)) for r in db.execute(sql, params).fetchall()]


def topics(db: Database) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT topic FROM evidence_marks WHERE topic IS NOT NULL AND topic != '' "
        "ORDER BY topic").fetchall()]


def log(db: Database, feedback_id: int | None = None) -> list[dict[str, Any]]:
    """The mark/unmark history (of one row), oldest first."""
    sql = "SELECT feedback_id, kind, note, topic, who, at FROM evidence_log"
    params: list[Any] = []
    if feedback_id is not None:
        sql += " WHERE feedback_id = ?"
        params.append(feedback_id)
    names = ("feedback_id", "kind", "note", "topic", "who", "at")
    return [dict(zip(names, r, strict=True)) for r in
            db.execute(sql + " ORDER BY id", params).fetchall()]
