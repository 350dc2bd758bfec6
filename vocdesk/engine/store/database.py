"""Opening and creating workspace files: WAL, foreign keys, migrations, backups, version checks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from vocdesk.engine.errors import SchemaTooNew, WorkspaceError
from vocdesk.engine.store.migrations import MIGRATIONS, known_names

SQLITE_MAGIC = b"SQLite format 3\x00"


def _connect(path: Path) -> Database:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    # WAL + NORMAL: still atomic and never corrupt; a power cut may lose the last commit.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -65536")   # 64 MB: big imports stop spilling pages
    return db


def _is_vocdesk(db: Database) -> bool:
    return "_sqlite_migrations" in db.table_names()


def applied_migrations(db: Database) -> list[str]:
    """Names of the migrations recorded in the file, oldest first."""
    return [m.name for m in MIGRATIONS.applied(db)]


def create_database(path: str | Path) -> Database:
    """Create a new workspace file and lay out the current schema.

    Raises WorkspaceError if the file already exists: a new workspace never overwrites a file.
    """
    path = Path(path)
    if path.exists():
        raise WorkspaceError(f"{path} already exists; open it instead of creating it")
    path.parent.mkdir(parents=True, exist_ok=True)
    db = _connect(path)
    db.enable_wal()
    MIGRATIONS.apply(db)
    return db


def open_database(path: str | Path, *, migrate: bool = True) -> Database:
    """Open an existing workspace, refusing files from a newer vocdesk.

    A file with pending migrations is first copied to ``NAME.backup-YYYYmmdd-HHMMSS.vocdesk``
    beside it, so a user can always go back to what they had.
    """
    path = Path(path)
    if not path.is_file():
        raise WorkspaceError(f"{path}: no such workspace file")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head and head != SQLITE_MAGIC:
        raise WorkspaceError(f"{path} is not a vocdesk workspace (not an SQLite file)")
    try:
        db = _connect(path)
        tables = db.table_names()
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(f"{path} cannot be read: {exc}") from exc
    if tables and not _is_vocdesk(db):
        db.close()
        raise WorkspaceError(f"{path} is an SQLite file but not a vocdesk workspace")
    applied = applied_migrations(db)
    unknown = [name for name in applied if name not in known_names()]
    if unknown:
        db.close()
        raise SchemaTooNew(
            f"{path} was written by a newer version of vocdesk (schema step {unknown[-1]}); "
            "update vocdesk to open it"
        )
    pending = MIGRATIONS.pending(db)
    if pending and migrate:
        if applied:
            backup_file(db, path)
        db.enable_wal()
        MIGRATIONS.apply(db)
    elif db.journal_mode != "wal":
        db.enable_wal()
    return db


def backup_file(db: Database, path: Path) -> Path:
    """Copy the workspace (consistently, through SQLite's backup API) beside itself."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    return target


def copy_database(db: Database, target: str | Path) -> Path:
    """Write a consistent single-file copy of an open workspace ("Save a copy as")."""
    target = Path(target)
    if target.exists():
        target.unlink()
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    return target


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """All-or-nothing: commit at the end, roll back on any exception (including Cancelled)."""
    with db.atomic():
        yield db


def remove_wal_files(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.unlink()


__all__ = ["create_database", "open_database", "transaction", "copy_database", "backup_file",
           "applied_migrations", "remove_wal_files"]
