"""Feedback rows: batch inserts with de-duplication, reads by id, analysis work lists."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import compress
from typing import Any

import pandas as pd
from sqlite_utils import Database

from vocdesk.engine.store.ids import rows_in
from vocdesk.engine.store.keyset import SortedKeys

#: Columns written by importers, in insert order.
FEEDBACK_COLUMNS = (
    "source_id", "source_row", "external_id", "dedupe_key", "text", "created_at", "created_ts",
    "channel", "customer_id", "respondent_id", "store", "region", "product", "rating", "nps",
    "csat", "ces", "language", "content_hash", "source_format", "question", "attributes",
)


#: The period columns (see :mod:`periods`), computed by the importer along with the row.
PERIOD_COLUMNS = ("day_n", "week_n", "month_n")


_KEY = FEEDBACK_COLUMNS.index("dedupe_key")


def insert_feedback_periods(db: Database, rows: Sequence[tuple],
                            known: SortedKeys | None = None) -> int:
    """:func:`insert_feedback` of rows that carry their periods (FEEDBACK_COLUMNS then
    PERIOD_COLUMNS): no ``UPDATE`` of every new row afterwards. Returns how many were new.

    ``known`` is the key set :func:`bulk_indexes` yields while the unique key index is
    dropped: rows whose key is in it are skipped (as ``INSERT OR IGNORE`` would: the first
    row of a key wins) and the new keys are added to it.
    """
    if known is not None:
        k = _KEY
        mask = known.add_new([r[k] for r in rows])
        if not mask.all():
            rows = list(compress(rows, mask.tolist()))
    before = db.conn.total_changes
    _insert_present(db, FEEDBACK_COLUMNS + PERIOD_COLUMNS, rows)
    return db.conn.total_changes - before


def insert_feedback_columns(db: Database, columns: dict[str, list[Any]],
                            known: SortedKeys | None = None) -> int:
    """:func:`insert_feedback_periods` of rows given as columns (name → one value per row,
    names from FEEDBACK_COLUMNS + PERIOD_COLUMNS; a missing column is NULL). Only columns
    holding a value are bound (see :func:`_insert_present`). Returns how many were new."""
    keys = columns["dedupe_key"]
    n = len(keys)
    if not n:
        return 0
    names = [c for c, v in columns.items() if v.count(None) != n]
    if not set(names) <= _ROW_COLUMNS:
        raise ValueError(f"not feedback columns: {sorted(set(names) - _ROW_COLUMNS)}")
    rows: Any = zip(*[columns[c] for c in names], strict=True)
    sql = (f"INSERT OR IGNORE INTO feedback ({', '.join(names)}) "
           f"VALUES ({', '.join('?' * len(names))})")
    if known is not None:
        mask = known.add_new(keys)
        if not mask.all():
            rows = compress(rows, mask.tolist())
    before = db.conn.total_changes
    db.conn.executemany(sql, rows)
    return db.conn.total_changes - before


_ROW_COLUMNS = frozenset(FEEDBACK_COLUMNS + PERIOD_COLUMNS)


def _insert_present(db: Database, columns: tuple[str, ...], rows: Sequence[tuple]) -> None:
    """``INSERT OR IGNORE`` the rows naming only the columns some row has a value in.

    Why: Python's sqlite3 binds None through its adapter lookup, which raises and catches
    two AttributeErrors per cell (``__adapt__``, ``__conform__``): the nine columns a typical
    file never fills cost as much as the rest of the insert (0.5 µs a cell). A column left
    out is NULL, exactly what binding None stores.
    """
    if not rows:
        return
    n = len(rows)
    cols = list(zip(*rows, strict=True))
    keep = [i for i, c in enumerate(cols) if c.count(None) != n]
    if len(keep) == len(columns):
        values: Any = rows
    else:
        values = zip(*[cols[i] for i in keep], strict=True)
    names = [columns[i] for i in keep]
    db.conn.executemany(f"INSERT OR IGNORE INTO feedback ({', '.join(names)}) "
                        f"VALUES ({', '.join('?' * len(names))})", values)


def insert_feedback(db: Database, rows: Sequence[tuple]) -> int:
    """Insert rows (tuples in FEEDBACK_COLUMNS order); duplicates by dedupe_key are skipped.

    Returns how many rows were new.
    """
    before = db.conn.total_changes
    _insert_present(db, FEEDBACK_COLUMNS, rows)
    return db.conn.total_changes - before


#: Appending at least this many rows (and at least as many as the table holds) rebuilds the
#: secondary indexes once at the end instead of updating them row by row.
BULK_MIN_ROWS = 20_000


#: The unique index that de-duplicates (migration m0014); dropped for a bulk append too.
KEY_INDEX = "feedback_dedupe_key"


@contextmanager
def bulk_indexes(db: Database, expected_rows: int, idle: Collection[str] = ()
                 ) -> Iterator[SortedKeys | None]:
    """Drop feedback's indexes for a large append and recreate them afterwards.

    Why: keeping nine indexes up to date on every insert was most of a big import's write
    time; building each once, sorted, is faster. The same ``CREATE INDEX`` statements are
    read back from ``sqlite_master``, so the schema is exactly what the migrations made.
    The caller holds the import's transaction: if the import fails or is killed, the drop
    rolls back with it. The unique ``dedupe_key`` index goes too: the caller passes the
    yielded set of stored keys to :func:`insert_feedback_periods`, which skips what the
    index would have refused (a bulk append is at least as large as the table, so the set
    is at most twice the new keys, 8 bytes each: :mod:`keyset`; rebuilding the index
    re-checks uniqueness).
    ``idle`` names partial indexes the caller knows no new row enters (a score column the
    file does not map): they stay, since keeping them costs nothing per row while each
    rebuild is a scan of the whole table. Yields the key set, or None when nothing was
    dropped (insert as usual).
    Measured at 1M rows (11 indexes, 334 MB file; the rebuild alone, CPU-bound): 6.3 s as
    it is; ``temp_store = MEMORY`` 8.4 s, ``cache_size`` 256 MB 6.0 s, ``threads = 2`` with
    memory temp 8.3 s: the sorts do not spill, so none of these pragmas is set.
    """
    if expected_rows < BULK_MIN_ROWS or expected_rows < count_feedback(db):
        yield None
        return
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                         "tbl_name = 'feedback' AND sql IS NOT NULL").fetchall()
    indexes = [(name, sql) for name, sql in indexes if name not in idle]
    known: SortedKeys | None = None
    if any(name == KEY_INDEX for name, _sql in indexes):
        known = SortedKeys(k for (k,) in db.execute("SELECT dedupe_key FROM feedback"))
    else:       # an index that is not there or stays (cannot happen after m0014)
        indexes = [(n, s) for n, s in indexes if n != KEY_INDEX]
    for name, _sql in indexes:
        db.execute(f'DROP INDEX "{name}"')
    yield known
    for _name, sql in indexes:
        db.execute(sql)


def ids_for_dedupe_keys(db: Database, keys: Sequence[int]) -> dict[int, int]:
    """Map dedupe keys to feedback ids (for rows just inserted or already present)."""
    return dict(rows_in(db, "SELECT dedupe_key, id FROM feedback WHERE dedupe_key IN ({ids})",
                        keys))


def count_feedback(db: Database) -> int:
    return db.execute("SELECT count(*) FROM feedback").fetchone()[0]


def feedback_columns(db: Database) -> list[str]:
    """The feedback table's columns in table order (``SELECT *`` without the star)."""
    return [r[1] for r in db.execute("PRAGMA table_info(feedback)").fetchall()]


def feedback_by_ids(db: Database, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Full rows for the given ids, in the order asked."""
    got: dict[int, dict] = {}
    cols = feedback_columns(db)
    for row in rows_in(db, f"SELECT {', '.join(cols)} FROM feedback WHERE id IN ({{ids}})", ids):
        rec = dict(zip(cols, row, strict=True))
        rec["attributes"] = json.loads(rec["attributes"]) if rec["attributes"] else {}
        got[rec["id"]] = rec
    return [got[i] for i in ids if i in got]


def iter_analysis_work(db: Database, version: str, force: bool, batch_size: int
                       ) -> Iterator[pd.DataFrame]:
    """Batches of rows whose analysis is missing or from another version (all rows if forced).

    Paging is by id (keyset), so rows written by earlier batches never shift later pages.
    """
    last = 0
    cond = "" if force else "AND (a.version IS NULL OR a.version <> ?)"
    while True:
        params: list[Any] = [last] + ([] if force else [version]) + [batch_size]
        cur = db.execute(
            f"SELECT f.id, f.text, f.language, f.product, f.store, f.region FROM feedback f "
            f"LEFT JOIN analysis a ON a.feedback_id = f.id "
            f"WHERE f.id > ? {cond} ORDER BY f.id LIMIT ?", params)
        rows = cur.fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield pd.DataFrame(rows, columns=["id", "text", "language", "product", "store", "region"])


def count_analysis_work(db: Database, version: str, force: bool) -> int:
    if force:
        return count_feedback(db)
    return db.execute(
        "SELECT count(*) FROM feedback f LEFT JOIN analysis a ON a.feedback_id = f.id "
        "WHERE a.version IS NULL OR a.version <> ?", [version]).fetchone()[0]


def texts_for_ids(db: Database, ids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
    return {r[0]: (r[1], r[2]) for r in
            rows_in(db, "SELECT id, text, language FROM feedback WHERE id IN ({ids})", ids)}


def all_feedback_ids(db: Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM feedback ORDER BY id").fetchall()]
