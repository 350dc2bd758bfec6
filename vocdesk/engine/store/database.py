"""Opening and creating workspace files: WAL, foreign keys, migrations, backups, version checks."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from vocdesk.engine.errors import SchemaTooNew, WorkspaceError, WorkspaceFileError
from vocdesk.engine.store import integrity
from vocdesk.engine.store.migrations import MIGRATIONS, known_names

SQLITE_MAGIC = b"SQLite format 3\x00"


BUSY_TIMEOUT_MS = 10_000
#: How long a write waits for another process's write (an import in the GUI and one in a CLI).
LOCK_WAIT_SECONDS = 600
_wait_notices: list[Callable[[str], None]] = []


def on_lock_wait(fn: Callable[[str], None]) -> None:
    """Call ``fn(message)`` when a write has to wait for another process (CLI: a stderr line)."""
    _wait_notices.append(fn)


def _connect(path: Path, readonly: bool = False) -> Database:
    if readonly:
        # mode=ro never writes; immutable=1 when no -shm can be created next to the file
        # (a read-only mount or folder): SQLite then reads the main file only.
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        if not os.access(path.parent, os.W_OK):
            uri += "&immutable=1"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if readonly:
        db.execute("PRAGMA query_only = ON")
        return db
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


def writable(path: Path) -> bool:
    """Whether the workspace can be written: the file and (for the WAL) its folder."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_database(path: str | Path, *, migrate: bool = True, readonly: bool = False,
                  check: bool | None = None) -> Database:
    """Open an existing workspace, refusing files from a newer vocdesk, empty and damaged ones.

    ``readonly`` opens without ever writing (stats, export, check, backup): this works on a
    read-only file or mount. A file with pending migrations is first backed up beside itself
    (``NAME.backup-YYYYmmdd-HHMMSS-migration.vocdesk``). ``check`` runs ``quick_check``
    (default: when a crash is suspected or the file is small enough for it to be cheap,
    see :mod:`integrity`).
    """
    path = Path(path)
    if path.is_dir():
        raise WorkspaceFileError(f"{path} is a directory, not a workspace file")
    if not path.is_file():
        raise WorkspaceFileError(f"{path}: no such workspace file; `vocdesk init {path}` "
                                 "creates one")
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise WorkspaceError(f"{path} cannot be read: {exc.strerror}") from None
    if not head:
        raise WorkspaceFileError(f"{path} is empty (0 bytes), not a workspace; it was left "
                             f"unchanged. {integrity.backup_hint(path)}")
    if head != SQLITE_MAGIC:
        raise WorkspaceFileError(f"{path} is not a vocdesk workspace (not an SQLite file)")
    if not readonly and not writable(path):
        raise WorkspaceError(f"{path} is read-only (file permissions or a read-only disk); "
                             "stats, export, check and backup work on it, changes need a "
                             "writable copy")
    crashed = integrity.crash_suspected(path)
    try:
        db = _connect(path, readonly)
        tables = db.table_names()
    except sqlite3.DatabaseError as exc:
        raise integrity.WorkspaceDamaged(
            f"{path} cannot be read: {exc}. {integrity.backup_hint(path)}") from None
    if check is None:
        check = crashed or path.stat().st_size <= integrity.CHECK_ON_OPEN_BYTES
    if check:
        try:
            integrity.ensure_sound(db, path)
        except WorkspaceError:
            db.close()
            raise
    if tables and not _is_vocdesk(db):
        db.close()
        raise WorkspaceFileError(f"{path} is an SQLite file but not a vocdesk workspace")
    applied = applied_migrations(db)
    unknown = [name for name in applied if name not in known_names()]
    if unknown:
        db.close()
        raise SchemaTooNew(
            f"{path} was written by a newer version of vocdesk (schema step {unknown[-1]}); "
            "update vocdesk to open it"
        )
    pending = MIGRATIONS.pending(db)
    if readonly:
        if pending and applied:
            db.close()
            raise WorkspaceError(f"{path} needs upgrading to this vocdesk version, which "
                                 "cannot be done on a read-only file; open a writable copy once")
        return db
    if pending and migrate:
        before = backup_file(db, path) if applied else None
        db.enable_wal()
        MIGRATIONS.apply(db)
        if before is not None and PRIVACY_MIGRATIONS & {m.name for m in pending}:
            _scrub_after_privacy_migration(db, path, before)
    elif db.journal_mode != "wal":
        db.enable_wal()
    return db


#: Migrations that remove personal data the file held (raw ids, hashes of raw text). The
#: backup taken before them would keep that data beside the workspace, and SQLite's free
#: pages would keep the old values inside it; after such a migration both are cleaned.
PRIVACY_MIGRATIONS = {"m0006_hashes_of_redacted_text"}


def _scrub_after_privacy_migration(db: Database, path: Path, before: Path) -> None:
    """Rewrite the file without freed pages and replace the raw pre-migration backup."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before.unlink(missing_ok=True)
    backup_file(db, path)


def backup_file(db: Database, path: Path, reason: str = "migration") -> Path:
    """Copy the workspace (consistently, through SQLite's backup API) beside itself."""
    return integrity.auto_backup(db, path, reason)


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
    """All-or-nothing: commit at the end, roll back on any exception (including Cancelled).

    The outermost level takes the write lock up front (``BEGIN IMMEDIATE``): a deferred
    transaction that upgrades to a writer while another process writes fails at once with
    "database is locked" instead of waiting. If the lock is taken, waiters are told
    (:func:`on_lock_wait`) and the write waits up to ``LOCK_WAIT_SECONDS``.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    _begin_immediate(db)
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _begin_immediate(db: Database) -> None:
    conn = db.conn
    try:
        conn.execute("PRAGMA busy_timeout = 250")
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        for fn in _wait_notices:
            fn("waiting for another import or edit of this workspace to finish…")
        conn.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_SECONDS * 1000}")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise WorkspaceError(f"another process has been writing to the workspace for "
                                 f"{LOCK_WAIT_SECONDS} s; try again when it has finished") from None
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def remove_wal_files(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.unlink()


__all__ = ["create_database", "open_database", "transaction", "copy_database", "backup_file",
           "applied_migrations", "remove_wal_files", "on_lock_wait", "writable"]
