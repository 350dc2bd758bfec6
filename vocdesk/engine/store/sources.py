"""Import sources: one row per imported file, with mapping and counts (provenance)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database


def add_source(db: Database, *, kind: str, file_name: str, file_path: str | None,
               file_hash: str | None, file_size: int | None, fmt: str | None,
               encoding: str | None, channel: str | None, mapping: dict[str, Any],
               options: dict[str, Any], imported_by: str | None = None) -> int:
    cur = db.execute(
        "INSERT INTO sources (kind, file_name, file_path, file_hash, file_size, format, encoding, "
        "channel, mapping, options, imported_at, imported_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [kind, file_name, file_path, file_hash, file_size, fmt, encoding, channel,
         json.dumps(mapping, ensure_ascii=False), json.dumps(options, ensure_ascii=False),
         datetime.now(UTC).isoformat(timespec="seconds"), imported_by])
    return cur.lastrowid


def finish_source(db: Database, source_id: int, *, rows_read: int, rows_imported: int,
                  rows_duplicate: int, rows_bad: int, redactions: dict[str, int],
                  problems: list[str]) -> None:
    db.execute(
        "UPDATE sources SET rows_read = ?, rows_imported = ?, rows_duplicate = ?, rows_bad = ?, "
        "redactions = ?, problems = ? WHERE id = ?",
        [rows_read, rows_imported, rows_duplicate, rows_bad,
         json.dumps(redactions, ensure_ascii=False),
         json.dumps(problems[:200], ensure_ascii=False), source_id])


def list_sources(db: Database) -> list[dict[str, Any]]:
    cur = db.execute("SELECT * FROM sources ORDER BY id")
    cols = [d[0] for d in cur.description]
    out = []
    for row in cur.fetchall():
        rec = dict(zip(cols, row, strict=True))
        for key in ("mapping", "options", "redactions", "problems"):
            rec[key] = json.loads(rec[key]) if rec[key] else None
        out.append(rec)
    return out


def same_file_source(db: Database, source_id: int) -> tuple[int, int] | None:
    """``(id, rows_read)`` of an earlier import of the same bytes as ``source_id`` with the
    same kind, mapping, options and channel and no bad row, or None.

    Rows are never deleted, so every row of that import is still in the workspace.
    """
    return db.execute(
        "SELECT s.id, s.rows_read FROM sources s JOIN sources c ON c.id = ? "
        "WHERE s.id < c.id AND c.file_hash IS NOT NULL AND s.file_hash = c.file_hash "
        "AND s.file_size IS c.file_size AND s.kind = c.kind AND s.mapping IS c.mapping "
        "AND s.options IS c.options AND s.channel IS c.channel AND s.rows_bad = 0 "
        "AND s.rows_read > 0 ORDER BY s.id DESC LIMIT 1", [source_id]).fetchone()
