"""The column arrays of :mod:`facts` saved inside the workspace file (table ``saved_arrays``).

Why in the file: the first aggregate of a session read every column of a million rows
(6–10 s at 1M rows). :mod:`facts_disk` keeps the arrays in the user's cache folder, keyed by
the file's path — so a copied workspace, one handed to a colleague, or the same file opened
from another machine paid the full read again. One workspace is one file a user can hand
over; its saved arrays now travel with it. Measured at 1M rows (2 busy cores): reading the
columns 6–10 s; loading the saved base arrays from the file ~0.15–0.3 s, about what the
``.npz`` of the user's cache takes (82 MB of arrays take ~40 MB in the file: see
:func:`_encode`).

Never stale, as :mod:`facts_disk`: a bundle is used only when its key equals the workspace's
(largest feedback id, the analysis generation, the periods' zone), the feedback row count is
the same, and the human-tag log still holds the entry it was written at (a file restored to an
older state lacks it); edits logged since are patched in from the log. Written only when the
connection is writable and outside any transaction, without waiting for a lock (the arrays
are a speed-up: a busy or read-only workspace falls back to :mod:`facts_disk`).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlite_utils import Database

from vocdesk.engine.store import facts_disk as disk

TABLE = "saved_arrays"
BUNDLES = "saved_array_bundles"


def _has_tables(db: Database) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                      [BUNDLES]).fetchone() is not None


def _rows(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM feedback").fetchone()[0])


def _writable(db: Database) -> bool:
    return (not db.conn.in_transaction
            and not db.execute("PRAGMA query_only").fetchone()[0] and _has_tables(db))


def _encode(a: np.ndarray) -> tuple[str, str, str, bytes]:
    """(dtype, shape, codec, bytes), the codec chosen for loading fast (measured at 1M rows:
    zlib inflates ~25 ms per 8 MB even of a constant array, about what reading it raw costs):
    ``zlib`` for flags, ``int32`` for integer codes that fit, ``sparse`` (positions, values)
    for mostly-NaN scores, ``raw`` for the rest."""
    a = np.ascontiguousarray(a)
    meta = (a.dtype.str, json.dumps(list(a.shape)))
    if a.dtype == bool:
        return (*meta, "zlib", zlib.compress(a.tobytes(), 1))
    if a.dtype.kind in "iu" and a.dtype.itemsize > 4 and a.size and \
            int(a.min()) >= -(2**31) and int(a.max()) < 2**31:
        return (*meta, "int32", a.astype("<i4").tobytes())
    if a.dtype.kind == "f" and a.ndim == 1 and len(a) < 2**31:
        pos = np.flatnonzero(~np.isnan(a))
        if len(pos) * 2 < len(a):
            return (*meta, "sparse", pos.astype("<i4").tobytes() + a[pos].tobytes())
    return (*meta, "raw", a.tobytes())


def _decode(dtype: str, shape: str, codec: str, data: bytes) -> np.ndarray:
    kind, dims = np.dtype(dtype), json.loads(shape)
    if codec == "zlib":
        return np.frombuffer(zlib.decompress(data), dtype=kind).reshape(dims).copy()
    if codec == "int32":
        return np.frombuffer(data, dtype="<i4").astype(kind).reshape(dims)
    if codec == "sparse":
        k = len(data) // (4 + kind.itemsize)
        out = np.full(int(np.prod(dims)), np.nan, dtype=kind)
        out[np.frombuffer(data[:4 * k], dtype="<i4")] = np.frombuffer(data[4 * k:], dtype=kind)
        return out.reshape(dims)
    if codec == "raw":
        return np.frombuffer(data, dtype=kind).reshape(dims).copy()
    raise ValueError(f"unknown codec {codec!r}")


def save(db: Database, bundle: str, meta: str, arrays: dict[str, np.ndarray]) -> bool:
    """Replace ``bundle`` with ``arrays``; False when it cannot be written now (read-only, in
    a transaction, locked, an old file without the table) — the caller may keep it elsewhere."""
    if not _writable(db):
        return False
    rows = [(bundle, name, *_encode(a)) for name, a in arrays.items()]
    meta = json.dumps({**json.loads(meta), "rows": _rows(db)}, ensure_ascii=False)
    timeout = db.execute("PRAGMA busy_timeout").fetchone()[0]
    try:
        db.execute("PRAGMA busy_timeout = 0")          # never wait for a writer: skip
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute(f"DELETE FROM {TABLE} WHERE bundle = ?", [bundle])
            db.conn.executemany(f"INSERT INTO {TABLE} (bundle, name, dtype, shape, codec, data) "
                                "VALUES (?, ?, ?, ?, ?, ?)", rows)
            db.execute(f"INSERT OR REPLACE INTO {BUNDLES} (bundle, meta, saved_at) "
                       "VALUES (?, ?, ?)",
                       [bundle, meta, datetime.now(UTC).isoformat(timespec="seconds")])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    except sqlite3.Error:          # locked, full disk, a constraint of another version
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    return True


def load(db: Database, bundle: str, key: tuple) -> tuple[dict, dict[str, np.ndarray]] | None:
    """(meta, arrays) of a valid ``bundle`` for ``key``, or None."""
    if not _has_tables(db):
        return None
    row = db.execute(f"SELECT meta FROM {BUNDLES} WHERE bundle = ?", [bundle]).fetchone()
    if row is None:
        return None
    try:
        meta = json.loads(row[0])
    except ValueError:
        return None
    if not disk._valid(db, meta, key) or meta.get("rows") != _rows(db):
        return None
    try:
        arrays = {name: _decode(*rest) for name, *rest in db.execute(
            f"SELECT name, dtype, shape, codec, data FROM {TABLE} WHERE bundle = ?", [bundle])}
    except (ValueError, TypeError, zlib.error):
        return None
    return meta, arrays


# --- the bundles facts.py keeps ----------------------------------------------------------------

def save_base(db: Database, facts) -> bool:
    """The per-row arrays of ``facts`` (a :class:`facts.Facts`)."""
    arrays = {name: getattr(facts, name) for name in disk.BASE_ARRAYS}
    arrays.update({f"period_{p}": facts.periods[p] for p in disk.PERIODS})
    return save(db, "base", disk._meta(db, facts.key, facts.log_mark, size=facts.size), arrays)


def load_base(db: Database, key: tuple) -> dict[str, Any] | None:
    """The saved per-row arrays for ``key`` as keyword arguments of ``Facts``, or None."""
    got = load(db, "base", key)
    if got is None:
        return None
    meta, arrays = got
    try:
        out: dict[str, Any] = {name: arrays[name] for name in disk.BASE_ARRAYS}
        out["periods"] = {p: arrays[f"period_{p}"] for p in disk.PERIODS}
    except KeyError:
        return None
    out.update(key=key, size=int(meta["size"]), log_mark=int(meta["mark"]))
    return out


def save_facet(db: Database, key: tuple, mark: int, facet: str, pairs) -> bool:
    """One facet's (row, value code) pairs as read at log entry ``mark``."""
    ids = pairs.ids.astype(np.int32) if len(pairs.ids) and pairs.ids.max() < 2**31 else pairs.ids
    return save(db, f"facet:{facet}", disk._meta(db, key, mark, facet=facet,
                                                  values=pairs.values),
                {"ids": ids, "codes": pairs.codes})


def load_facet(db: Database, key: tuple, facet: str
               ) -> tuple[np.ndarray, np.ndarray, list[str], int] | None:
    """(ids, codes, values, log mark) of a saved facet for ``key``, or None."""
    got = load(db, f"facet:{facet}", key)
    if got is None or got[0].get("facet") != facet:
        return None
    meta, arrays = got
    if "ids" not in arrays or "codes" not in arrays:
        return None
    return (arrays["ids"].astype(np.int64), arrays["codes"].astype(np.int32),
            list(meta["values"]), int(meta["mark"]))


def save_column(db: Database, key: tuple, column: str, code: np.ndarray, labels: list[str]
                ) -> bool:
    """A grouping column's codes (feedback columns are not changed by tag edits)."""
    return save(db, f"column:{column}", disk._meta(db, key, 0, labels=labels),
                {"code": code.astype(np.int32) if len(labels) < 2**31 else code})


def load_column(db: Database, key: tuple, column: str) -> tuple[np.ndarray, list[str]] | None:
    got = load(db, f"column:{column}", key)
    if got is None or "code" not in got[1]:
        return None
    return got[1]["code"].astype(np.int64), [str(v) for v in got[0]["labels"]]
