"""Browsing feedback: filters → id snapshots, pages of display rows, saved views.

The explorer never loads rows in bulk: :func:`ids` runs one indexed query that returns only
the matching ids (a numpy int64 array, ~8 MB per million rows); :func:`rows` then reads one
page of display data for a slice of those ids.
"""

from __future__ import annotations

import json
import weakref
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlite_utils import Database

from vocdesk.engine.domain.filters import FeedbackFilter
from vocdesk.engine.store import search as store_search
from vocdesk.engine.store.ids import id_array, rows_in

SCORE_FIELDS = ("rating", "nps", "csat", "ces")
ORDERS = {
    "date_desc": "f.created_ts DESC, f.id DESC",
    "date_asc": "f.created_ts ASC, f.id ASC",
    "id": "f.id ASC",
}


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _day_ts(day: str, tz: str, end: bool) -> float:
    d = datetime.fromisoformat(day[:10]).replace(tzinfo=ZoneInfo(tz))
    ts = d.timestamp()
    return ts + 86400 if end else ts


# Ordered id snapshots of the whole table, per connection. Feedback rows are only ever
# appended (imports; nothing deletes them), so the largest id identifies the table's state.
_BASE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _base_order(db: Database, order: str) -> np.ndarray:
    max_id = db.execute("SELECT max(id) FROM feedback").fetchone()[0] or 0
    cache = _BASE.get(db)
    if cache is None or cache["max_id"] != max_id:
        cache = {"max_id": max_id, "orders": {}}
        _BASE[db] = cache
    arr = cache["orders"].get(order)
    if arr is None:
        if order == "date_asc":    # exactly the reverse of date_desc (ties broken by id)
            arr = _base_order(db, "date_desc")[::-1].copy()
        else:
            arr = _saved_order(db, max_id) if order == "date_desc" else None
            if arr is None:
                arr = _ordered_ids(db, order)
        arr.flags.writeable = False
        cache["orders"][order] = arr
    return arr


def _ordered_ids(db: Database, order: str) -> np.ndarray:
    return id_array(db, f"SELECT f.id AS id FROM feedback f ORDER BY {ORDERS[order]}")


def _saved_order(db: Database, max_id: int) -> np.ndarray | None:
    row = db.execute("SELECT max_id, ids FROM order_cache WHERE name = 'date_desc'").fetchone()
    if row is None or row[0] != max_id:
        return None
    return np.frombuffer(row[1], dtype="<i8").astype(np.int64)


def save_order_cache(db: Database) -> None:
    """Store the date-ordered id snapshot in the file (after imports; a write)."""
    max_id = db.execute("SELECT max(id) FROM feedback").fetchone()[0] or 0
    arr = _ordered_ids(db, "date_desc")
    db.execute("INSERT OR REPLACE INTO order_cache (name, max_id, ids) VALUES ('date_desc', ?, ?)",
               [max_id, arr.astype("<i8").tobytes()])


def _conditions(flt: FeedbackFilter, tz: str) -> list[tuple[str, list[Any], bool]]:
    """Each condition as (SQL returning matching ids, params, negate)."""
    out: list[tuple[str, list[Any], bool]] = []
    if flt.date_from or flt.date_to:
        lo = _day_ts(flt.date_from, tz, False) if flt.date_from else -1e18
        hi = _day_ts(flt.date_to, tz, True) if flt.date_to else 1e18
        out.append(("SELECT id FROM feedback WHERE created_ts >= ? AND created_ts < ?",
                    [lo, hi], False))
    if flt.channels:
        out.append((f"SELECT id FROM feedback WHERE channel IN ({_marks(len(flt.channels))})",
                    list(flt.channels), False))
    for name in SCORE_FIELDS:
        rng = getattr(flt, name)
        if rng:
            lo, hi = (list(rng) + [None, None])[:2]
            conds, params = [f"{name} IS NOT NULL"], []
            if lo is not None:
                conds.append(f"{name} >= ?")
                params.append(lo)
            if hi is not None:
                conds.append(f"{name} <= ?")
                params.append(hi)
            out.append((f"SELECT id FROM feedback WHERE {' AND '.join(conds)}", params, False))
    if flt.segments:
        out.append(("SELECT f.id AS id FROM customers c JOIN feedback f "
                    "ON f.customer_id = c.customer_id "
                    f"WHERE c.segment IN ({_marks(len(flt.segments))})", list(flt.segments), False))
    facet_filters = flt.facet_filters()
    if not facet_filters and flt.origin in ("human", "auto"):
        out.append(("SELECT DISTINCT feedback_id AS id FROM human_tags", [],
                    flt.origin == "auto"))
    if flt.has_human is not None:
        out.append(("SELECT DISTINCT feedback_id AS id FROM human_tags", [], not flt.has_human))
    return out


def _facet_mask(db: Database, facet: str, values: list[str], origin: str | None,
                size: int) -> np.ndarray:
    """Rows whose *effective* tags of ``facet`` include one of ``values``.

    A human tag of a facet hides every auto tag of that facet (as the effective_tags view).
    """
    vm = _marks(len(values))
    m = np.zeros(size, dtype=bool)
    if origin != "human":
        auto = id_array(db, "SELECT feedback_id AS id FROM auto_tags WHERE facet = ? AND value "
                            f"IN ({vm})", [facet, *values])
        m[auto[auto < size]] = True
        hidden = id_array(db, "SELECT feedback_id AS id FROM human_tags WHERE facet = ?", [facet])
        m[hidden[hidden < size]] = False
    if origin != "auto":
        human = id_array(db, "SELECT feedback_id AS id FROM human_tags WHERE facet = ? AND value "
                             f"IN ({vm})", [facet, *values])
        m[human[human < size]] = True
    return m


def ids(db: Database, flt: FeedbackFilter | None = None, order: str = "date_desc",
        tz: str = "Asia/Shanghai") -> np.ndarray:
    """The ids of the rows matching ``flt``, in ``order`` (a key of ORDERS), as int64 array.

    Never loads rows. The ordered snapshot of the whole table is cached per connection; each
    condition is one indexed query returning only ids, and conditions combine as boolean
    masks over the id space, so a filter on a million rows costs a few array operations.
    """
    flt = flt or FeedbackFilter()
    base = _base_order(db, order)
    sets: list[tuple[np.ndarray, bool]] = [(id_array(db, sql, params), neg)
                                           for sql, params, neg in _conditions(flt, tz)]
    if flt.text:
        sets.append((store_search.search_ids(db, flt.text), False))
    if flt.ids is not None:
        sets.append((np.asarray(flt.ids, dtype=np.int64), False))
    facet_filters = flt.facet_filters()
    if not sets and not facet_filters:
        return base
    size = int(base.max()) + 1 if len(base) else 1
    mask = np.ones(size, dtype=bool)
    for facet, values in facet_filters.items():
        mask &= _facet_mask(db, facet, values, flt.origin, size)
    for arr, neg in sets:
        arr = arr[(arr >= 0) & (arr < size)]
        if neg:
            mask[arr] = False
        else:
            m = np.zeros(size, dtype=bool)
            m[arr] = True
            mask &= m
    return base[mask[base]]


def count(db: Database, flt: FeedbackFilter | None = None, tz: str = "Asia/Shanghai") -> int:
    """How many rows match ``flt``."""
    flt = flt or FeedbackFilter()
    if flt.is_empty():
        return db.execute("SELECT count(*) FROM feedback").fetchone()[0]
    return len(ids(db, flt, "id", tz))


DISPLAY_COLUMNS = ("id", "created_at", "created_ts", "channel", "text", "customer_id",
                   "rating", "nps", "csat", "ces", "product", "store", "region")


def rows(db: Database, row_ids) -> list[dict[str, Any]]:
    """Display rows for one page of ids, in the order given, with effective tags per facet.

    ``row["tags"][facet]`` is ``{"values": [...], "origin_kind": "human"|"auto",
    "scores": [...]}``; ``row["sentiment_score"]`` comes from the analysis.
    """
    id_list = [int(i) for i in row_ids]
    got: dict[int, dict[str, Any]] = {}
    cols = ", ".join(f"f.{c}" for c in DISPLAY_COLUMNS)
    for r in rows_in(db, f"SELECT {cols}, a.sentiment_score FROM feedback f LEFT JOIN analysis a "
                     "ON a.feedback_id = f.id WHERE f.id IN ({ids})", id_list):
        rec = dict(zip(DISPLAY_COLUMNS + ("sentiment_score",), r, strict=True))
        rec["tags"] = {}
        got[rec["id"]] = rec
    for fid, facet, value, score, kind in rows_in(
            db, "SELECT feedback_id, facet, value, score, origin_kind FROM effective_tags "
            "WHERE feedback_id IN ({ids}) ORDER BY feedback_id, facet, score DESC, value",
            id_list):
        rec = got.get(fid)
        if rec is None:
            continue
        t = rec["tags"].setdefault(facet, {"values": [], "origin_kind": kind, "scores": []})
        t["values"].append(value)
        t["scores"].append(score)
        if kind == "human":
            t["origin_kind"] = "human"
    return [got[i] for i in id_list if i in got]


def human_tags_of(db: Database, row_ids) -> dict[int, dict[str, tuple[str, ...]]]:
    """Human values per row and facet ('' entries mean "explicitly none")."""
    out: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    id_list = [int(i) for i in row_ids]
    for fid, facet, value in rows_in(
            db, "SELECT feedback_id, facet, value FROM human_tags WHERE feedback_id IN ({ids}) "
            "ORDER BY feedback_id, facet, value", id_list):
        out[fid][facet].append(value)
    return {k: {f: tuple(v) for f, v in d.items()} for k, d in out.items()}


def analysis_of(db: Database, feedback_id: int) -> dict[str, Any] | None:
    """Sentiment score and keywords of one analysed row (None if not analysed)."""
    row = db.execute("SELECT version, analyzed_at, sentiment_score, keywords FROM analysis "
                     "WHERE feedback_id = ?", [feedback_id]).fetchone()
    if row is None:
        return None
    return {"version": row[0], "analyzed_at": row[1], "sentiment_score": row[2],
            "keywords": json.loads(row[3]) if row[3] else []}


def customer_feedback_ids(db: Database, customer_id: str, limit: int = 50) -> list[int]:
    """The customer's feedback, newest first."""
    return [r[0] for r in db.execute(
        "SELECT id FROM feedback WHERE customer_id = ? ORDER BY created_ts DESC LIMIT ?",
        [customer_id, limit]).fetchall()]


def _distinct(db: Database, table: str, column: str) -> list[Any]:
    """Distinct non-null values of an indexed column, by hopping through the index.

    A plain SELECT DISTINCT reads every index entry (a million for a big workspace, most of a
    cold first paint); each hop here is one index seek, so the cost follows the number of
    distinct values instead.
    """
    return [r[0] for r in db.execute(
        f"WITH RECURSIVE hop(v) AS ("
        f"  SELECT min({column}) FROM {table}"
        f"  UNION ALL"
        f"  SELECT (SELECT min({column}) FROM {table} WHERE {column} > hop.v) FROM hop"
        f"  WHERE hop.v IS NOT NULL"
        f") SELECT v FROM hop WHERE v IS NOT NULL")]


def filter_options(db: Database) -> dict[str, Any]:
    """Values the filter bar offers: channels, customer segments and the date range."""
    channels = _distinct(db, "feedback", "channel")
    segments = _distinct(db, "customers", "segment")
    # two queries: SQLite answers a lone min() or max() from the index in one seek, but
    # min() and max() together in one SELECT scan the whole table
    lo = db.execute("SELECT min(created_ts) FROM feedback").fetchone()[0]
    hi = db.execute("SELECT max(created_ts) FROM feedback").fetchone()[0]
    return {"channels": channels, "segments": segments, "date_range": (lo, hi)}


def monthly_volume(db: Database, facet: str = "sentiment") -> list[tuple[str, str, int]]:
    """(YYYY-MM, effective value of ``facet`` or '', count) over the whole workspace.

    Months are those of the local time the source wrote (``created_at`` keeps its offset), so a
    review written at 00:30 on 1 November in Shanghai counts in November, not October (UTC).

    Meant for single-value facets (sentiment): a row with several values counts once per value.
    """
    return db.execute(
        "SELECT substr(f.created_at, 1, 7) AS month, "
        "coalesce(nullif(h.value, ''), a.value, '') AS v, count(*) "
        "FROM feedback f "
        "LEFT JOIN human_tags h ON h.feedback_id = f.id AND h.facet = ? "
        "LEFT JOIN auto_tags a ON a.feedback_id = f.id AND a.facet = ? AND h.feedback_id IS NULL "
        "WHERE f.created_ts IS NOT NULL GROUP BY month, v ORDER BY month", [facet, facet]).fetchall()


# --- saved views -----------------------------------------------------------------------------

def save_view(db: Database, name: str, flt: FeedbackFilter) -> None:
    """Save (or replace) a named view."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    with db.atomic():
        db.execute("INSERT INTO saved_views (name, filter, created_at) VALUES (?, ?, ?) "
                   "ON CONFLICT(name) DO UPDATE SET filter = excluded.filter, "
                   "created_at = excluded.created_at",
                   [name, json.dumps(flt.to_dict(), ensure_ascii=False), at])


def list_views(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM saved_views ORDER BY name")]


def load_view(db: Database, name: str) -> FeedbackFilter | None:
    row = db.execute("SELECT filter FROM saved_views WHERE name = ?", [name]).fetchone()
    return FeedbackFilter.from_dict(json.loads(row[0])) if row else None


def delete_view(db: Database, name: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM saved_views WHERE name = ?", [name])
