"""The column arrays of :mod:`facts` kept in the user's cache folder: the fallback of
:mod:`facts_saved` (which keeps them inside the workspace file, so a copy carries them) for a
workspace that cannot be written — read-only, or busy with another writer when they were read.

Why: the first aggregate after opening a workspace read every column of a million rows through
Python tuples (4–5 s, more on a busy machine), and the GUI opens a connection per background
job, so every job paid it again. The arrays are derived data: written once, as plain ``.npz``
files in the user's cache folder, they load in a fraction of that.

Never stale: a file is used only when its key equals the workspace's (largest feedback id, the
analysis generation, the periods' zone — the same key the in-memory cache uses), its workspace
identity matches (the file's real path and a hash of the workspace's own secret, so a copy or a
new workspace at the same path never reads another's arrays) and the human-tag log still holds
the entry it was written at (the log is append-only; a restored older file lacks it). Human
edits made since are then patched in from the log as in memory. Any problem (no cache folder,
a broken or foreign file) falls back to reading the workspace: the cache can only speed up.

Folder: ``$VOCDESK_CACHE_DIR``, else ``$XDG_CACHE_HOME/vocdesk``, else ``~/.cache/vocdesk``.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from sqlite_utils import Database

from vocdesk.engine.store.settings import get_setting

VERSION = 1
BASE_ARRAYS = ("exists", "cluster", "has_customer", "respondent", "score", "nps", "csat", "ces",
               "ts")
PERIODS = ("day", "week", "month")


def cache_root() -> Path:
    env = os.environ.get("VOCDESK_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "vocdesk"


def _folder(db: Database) -> Path | None:
    """This workspace's cache folder (None: an in-memory or unnamed database)."""
    rows = db.execute("PRAGMA database_list").fetchall()
    path = next((r[2] for r in rows if r[1] == "main"), "")
    if not path:
        return None
    secret = str(get_setting(db, "pseudonym_secret") or "")
    ident = hashlib.sha256(f"{os.path.realpath(path)}\0{secret}".encode()).hexdigest()[:32]
    return cache_root() / "facts" / ident


def _mark_row(db: Database, mark: int) -> list[Any] | None:
    row = db.execute("SELECT feedback_id, facet, at FROM human_tag_log WHERE id = ?",
                     [mark]).fetchone()
    return list(row) if row else None


def _meta(db: Database, key: tuple, mark: int, **extra: Any) -> str:
    return json.dumps({"version": VERSION, "key": list(key), "mark": mark,
                       "mark_row": _mark_row(db, mark), **extra}, ensure_ascii=False)


def _valid(db: Database, meta: dict, key: tuple) -> bool:
    if meta.get("version") != VERSION or meta.get("key") != list(key):
        return False
    mark = int(meta.get("mark", -1))
    return mark == 0 or (mark > 0 and _mark_row(db, mark) == meta.get("mark_row"))


def _write(target: Path, meta: str, arrays: dict[str, np.ndarray]) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.part")
        with tmp.open("wb") as fh:
            np.savez(fh, meta=np.array(meta), **arrays)
        tmp.replace(target)
    except OSError:
        return                 # a read-only or full disk: the cache is only a speed-up


def _read(target: Path) -> tuple[dict, dict[str, np.ndarray]] | None:
    if not target.is_file():
        return None
    try:
        with np.load(target, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        return json.loads(str(arrays.pop("meta"))), arrays
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None


def save_base(db: Database, facts) -> None:
    """Write the per-row arrays of ``facts`` (a :class:`facts.Facts`)."""
    folder = _folder(db)
    if folder is None:
        return
    arrays = {name: getattr(facts, name) for name in BASE_ARRAYS}
    arrays.update({f"period_{p}": facts.periods[p] for p in PERIODS})
    _write(folder / "base.npz", _meta(db, facts.key, facts.log_mark, size=facts.size), arrays)


def load_base(db: Database, key: tuple) -> dict[str, Any] | None:
    """The saved per-row arrays for ``key`` as keyword arguments of ``Facts``, or None."""
    folder = _folder(db)
    got = _read(folder / "base.npz") if folder is not None else None
    if got is None or not _valid(db, got[0], key):
        return None
    meta, arrays = got
    try:
        out: dict[str, Any] = {name: arrays[name] for name in BASE_ARRAYS}
        out["periods"] = {p: arrays[f"period_{p}"] for p in PERIODS}
    except KeyError:
        return None
    out.update(key=key, size=int(meta["size"]), log_mark=int(meta["mark"]))
    return out


def _facet_file(folder: Path, facet: str) -> Path:
    return folder / f"facet-{hashlib.sha256(facet.encode()).hexdigest()[:16]}.npz"


def save_facet(db: Database, key: tuple, mark: int, facet: str, pairs) -> None:
    """Write one facet's (row, value code) pairs, as read at log entry ``mark``."""
    folder = _folder(db)
    if folder is None:
        return
    _write(_facet_file(folder, facet), _meta(db, key, mark, facet=facet, values=pairs.values),
           {"ids": pairs.ids, "codes": pairs.codes})


def load_facet(db: Database, key: tuple, facet: str
               ) -> tuple[np.ndarray, np.ndarray, list[str], int] | None:
    """(ids, codes, values, log mark) of a saved facet for ``key``, or None."""
    folder = _folder(db)
    got = _read(_facet_file(folder, facet)) if folder is not None else None
    if got is None or not _valid(db, got[0], key) or got[0].get("facet") != facet:
        return None
    meta, arrays = got
    if "ids" not in arrays or "codes" not in arrays:
        return None
    return arrays["ids"], arrays["codes"], list(meta["values"]), int(meta["mark"])
