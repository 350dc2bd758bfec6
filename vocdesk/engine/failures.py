"""One clear line for failures that come from the machine, not from vocdesk: permission
denied, a read-only file or disk, a full disk, a damaged file, memory exhausted.

Why: each of these ended in a raw traceback. The CLI prints :func:`describe`'s line and exits
with its code; the GUI can show the same line in a dialog. Every write is one transaction,
so the line can truthfully say that nothing was half-written.
"""

from __future__ import annotations

import errno
import sqlite3

EXIT_OTHER, EXIT_INPUT = 1, 3

_UNCHANGED = "nothing was half-written"


def describe(exc: BaseException) -> tuple[str, int] | None:
    """``(message, exit code)`` for a known machine failure, ``None`` for anything else."""
    if isinstance(exc, MemoryError):
        return ("out of memory; the file is too large to read at once — split it or close "
                f"other programs ({_UNCHANGED})", EXIT_INPUT)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
            return f"the disk is full{where}; free some space and retry ({_UNCHANGED})", \
                EXIT_OTHER
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"permission denied{where}", EXIT_INPUT
        if exc.errno == errno.EROFS:
            return f"read-only file system{where}; write somewhere else", EXIT_OTHER
        if exc.errno == errno.EISDIR:
            return f"is a folder, not a file{where}", EXIT_INPUT
        if exc.errno == errno.ENOENT:
            return f"no such file or folder{where}", EXIT_INPUT
        return f"{exc.strerror or exc}{where}", EXIT_OTHER
    if isinstance(exc, sqlite3.DatabaseError):
        msg = str(exc).lower()
        if "full" in msg:
            return f"the disk is full; free some space and retry ({_UNCHANGED})", EXIT_OTHER
        if "readonly" in msg or "read-only" in msg:
            return ("the workspace is read-only (file permissions or a read-only disk); "
                    "stats, export, check and backup still work"), EXIT_OTHER
        if "locked" in msg or "busy" in msg:
            return "another process is writing to the workspace; try again when it is done", \
                EXIT_OTHER
        if "malformed" in msg or "not a database" in msg or "corrupt" in msg:
            return (f"the workspace file is damaged ({exc}); run `vocdesk check` on it and "
                    "restore the newest NAME.backup-*.vocdesk beside it"), EXIT_OTHER
        if "disk i/o" in msg or "unable to open" in msg:
            return f"the workspace cannot be read or written ({exc})", EXIT_OTHER
    return None


__all__ = ["describe"]
