"""Knowing a workspace file is sound, and keeping copies to go back to.

Why: 64 random bytes written into the middle of a workspace, or one zeroed page, went
unnoticed — ``stats``, ``export`` and ``import`` all "succeeded" and the export carried
altered text. SQLite notices damage only on pages it happens to read, so we ask it to look:

* ``integrity_check`` (``vocdesk check``): every page, index and constraint; says what is wrong.
* ``quick_check``: the same without cross-checking index contents; run before an export or a
  report and when a crash is suspected.

How a crash is detected: in WAL mode the last connection to close checkpoints and deletes
``NAME.vocdesk-wal``. A non-empty ``-wal`` present when we open the file therefore means a
process died with the file open (kill -9, power cut) — or that another process has it open
right now, which is harmless: the check is then merely redundant.

Backups are made through SQLite's online backup API (``Connection.backup``), which gives a
consistent copy even while another connection writes.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from vocdesk.engine.errors import WorkspaceError

#: Files up to this size get a ``quick_check`` on every open (tens of ms at this size); bigger
#: ones only after a suspected crash and before an export.
CHECK_ON_OPEN_BYTES = 256 * 1024 * 1024
#: Automatic backups kept per workspace (older ones are removed); manual ones are never pruned.
KEEP_AUTO_BACKUPS = 3


class WorkspaceDamaged(WorkspaceError):
    """The workspace file failed an integrity check."""


def crash_suspected(path: Path) -> bool:
    """A non-empty write-ahead log beside the file: the last writer did not close it."""
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def run_check(db: Database, quick: bool = False, limit: int = 50) -> list[str]:
    """Problems SQLite finds in the file (empty when it is sound)."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = [r[0] for r in db.execute(f"PRAGMA {pragma}({int(limit)})").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def backups_of(path: Path) -> list[Path]:
    """Backups of a workspace beside it, newest first."""
    return sorted(path.parent.glob(f"{path.stem}.backup-*{path.suffix}"),
                  key=lambda p: p.stat().st_mtime, reverse=True)


def backup_hint(path: Path) -> str:
    found = backups_of(path)
    if found:
        return f"the newest backup is {found[0]} (copy it over the damaged file to go back)"
    return "no backup was found beside it; `vocdesk backup WS` makes one next time"


def ensure_sound(db: Database, path: Path, quick: bool = True) -> None:
    """Raise :class:`WorkspaceDamaged` with what is wrong and where the backup is."""
    problems = run_check(db, quick=quick, limit=5)
    if problems:
        raise WorkspaceDamaged(f"{path} is damaged ({'; '.join(problems[:3])}); it was not "
                               f"changed or exported. Run `vocdesk check {path}` for details; "
                               f"{backup_hint(path)}")


def backup_to(db: Database, target: Path) -> Path:
    """Write a consistent single-file copy of the open workspace to ``target``."""
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            db.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def auto_backup(db: Database, path: Path, reason: str) -> Path:
    """A timestamped backup beside the workspace (before a migration or a destructive action);
    only the newest ``KEEP_AUTO_BACKUPS`` automatic ones are kept."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}-{reason}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.backup-{stamp}-{reason}-{n}{path.suffix}")
    backup_to(db, target)
    autos = [p for p in backups_of(path) if _AUTO.search(p.stem)]
    for old in autos[KEEP_AUTO_BACKUPS:]:
        old.unlink(missing_ok=True)
    return target


_AUTO = re.compile(r"\.backup-\d{8}-\d{6}-(?:migration|taxonomy|retag)(?:-\d+)?$")

__all__ = ["WorkspaceDamaged", "crash_suspected", "run_check", "backups_of", "backup_hint",
           "ensure_sound", "backup_to", "auto_backup", "KEEP_AUTO_BACKUPS"]
