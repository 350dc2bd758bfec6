"""Saved journey definitions: append-only versions (a map names the version it used)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database


def save_version(db: Database, definition: dict[str, Any], note: str | None = None) -> int:
    """Append a definition; returns its version number (1, 2, …). Call inside a transaction."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    cur = db.execute("INSERT INTO journey_versions (definition, saved_at, note) VALUES (?, ?, ?)",
                     [json.dumps(definition, ensure_ascii=False), at, note])
    return int(cur.lastrowid)


def latest_version(db: Database) -> tuple[int, dict[str, Any]] | None:
    """(version, definition) of the newest saved definition, or None."""
    row = db.execute("SELECT version, definition FROM journey_versions ORDER BY version DESC "
                     "LIMIT 1").fetchone()
    return (int(row[0]), json.loads(row[1])) if row else None


def get_version(db: Database, version: int) -> dict[str, Any] | None:
    row = db.execute("SELECT definition FROM journey_versions WHERE version = ?",
                     [version]).fetchone()
    return json.loads(row[0]) if row else None


def list_versions(db: Database) -> list[dict[str, Any]]:
    return [{"version": v, "saved_at": at, "note": note} for v, at, note in db.execute(
        "SELECT version, saved_at, note FROM journey_versions ORDER BY version").fetchall()]
