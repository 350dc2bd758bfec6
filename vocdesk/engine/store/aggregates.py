"""Aggregates over one filtered selection (:mod:`filter_sql`): counts, periods, group moments.

Every function takes a :class:`Selection` and returns plain tuples or dicts; the statistics
(intervals, tests) live in ``engine/analytics``. Queries group over covering indexes:
``tag_effective(facet, value, feedback_id)`` for facet counts and ``feedback(month_n)`` /
``feedback(day_n)`` for periods, so a count over a million rows is one index scan instead of
the ``effective_tags`` view's anti-join. The grouped ones (``group_*``, per customer or
respondent) are the reference for ``array_aggregates.py``, which the analytics use at scale.

Grouping units:
- a *cluster* is a customer (``customer_id``), or the row itself when it has none: mean
  sentiment is the mean over clusters of each cluster's mean, so one customer writing 50 rows
  counts once;
- scores (NPS, CSAT, CES) count once per respondent (``respondent_id``; the latest answer),
  or once per row when the source names no respondent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from vocdesk.engine.store.facts import GROUP_COLUMNS
from vocdesk.engine.store.filter_sql import Selection
from vocdesk.engine.store.ids import rows_in
from vocdesk.engine.store.periods import PERIOD_COLUMNS

CLUSTER = "coalesce(f.customer_id, '#' || f.id)"
RESPONDENT = "coalesce(f.respondent_id, '#' || f.id)"
#: CSAT answers at or above this (on the usual 1–5 scale) are "satisfied" (top-2-box).
CSAT_TOP2 = 4


def total_rows(db: Database) -> int:
    """Every feedback row (the benchmark's baseline: SQLite's cheapest full count)."""
    return db.execute("SELECT count(*) FROM feedback").fetchone()[0]


def scan_rows(db: Database) -> int:
    """Rows read through the table itself (the benchmark's baseline: one full table scan)."""
    return db.execute("SELECT count(*) FROM feedback WHERE length(channel) >= 0").fetchone()[0]


def selected_ids(db: Database, sel: Selection) -> list[int]:
    """The ids of the selection, ascending (to check it against the explorer's snapshot)."""
    return [r[0] for r in db.execute(sel.ids_sql() + " ORDER BY f.id", list(sel.params))]


def count(db: Database, sel: Selection) -> int:
    """Rows in the selection."""
    return db.execute("SELECT count(*) FROM feedback f" + sel.where(), list(sel.params)
                      ).fetchone()[0]


def facet_counts(db: Database, sel: Selection, facet: str) -> list[tuple[str, int]]:
    """(effective value, rows) of ``facet`` in the selection, most frequent first."""
    cond, params = sel.member("e.feedback_id")
    return db.execute(f"SELECT e.value, count(*) AS n FROM tag_effective e WHERE e.facet = ? "
                      f"AND {cond} GROUP BY e.value ORDER BY n DESC, e.value",
                      [facet, *params]).fetchall()


def period_counts(db: Database, sel: Selection, period: str = "month"
                  ) -> list[tuple[int, int]]:
    """(period number, rows) in the selection, oldest first (see ``store/periods.py``)."""
    col = PERIOD_COLUMNS[period]
    return db.execute(f"SELECT f.{col} AS p, count(*) FROM feedback f"
                      f"{sel.where()}{' AND' if not sel.empty else ' WHERE'} f.{col} IS NOT NULL "
                      f"GROUP BY p ORDER BY p", list(sel.params)).fetchall()


def facet_by_period(db: Database, sel: Selection, facet: str, period: str = "month"
                    ) -> list[tuple[str, int, int]]:
    """(value of ``facet``, period number, rows) in the selection."""
    col = PERIOD_COLUMNS[period]
    return db.execute(f"SELECT e.value, f.{col} AS p, count(*) FROM tag_effective e "
                      f"JOIN feedback f ON f.id = e.feedback_id WHERE e.facet = ? "
                      f"AND f.{col} IS NOT NULL{sel.where('AND')} GROUP BY e.value, p",
                      [facet, *sel.params]).fetchall()


def facet_cross(db: Database, sel: Selection, facet_a: str, facet_b: str
                ) -> list[tuple[str, str, int]]:
    """(value of a, value of b, rows carrying both) in the selection."""
    cond, params = sel.member("a.feedback_id")
    return db.execute(f"SELECT a.value, b.value, count(*) FROM tag_effective a "
                      f"JOIN tag_effective b ON b.feedback_id = a.feedback_id AND b.facet = ? "
                      f"WHERE a.facet = ? AND {cond} GROUP BY a.value, b.value",
                      [facet_b, facet_a, *params]).fetchall()


def _group(by: str | None) -> tuple[str, str, list[Any]]:
    """(SELECT expression, JOIN clause, params) for grouping rows by a facet's values."""
    if by is None:
        return "''", "", []
    if by in PERIOD_COLUMNS:
        return f"f.{PERIOD_COLUMNS[by]}", "", []
    if by in GROUP_COLUMNS:
        return f"nullif(f.{by}, '')", "", []
    return "g.value", "JOIN tag_effective g ON g.feedback_id = f.id AND g.facet = ?", [by]


def group_sentiment(db: Database, sel: Selection, by: str | None,
                    negative_value: str = "negative") -> dict[Any, dict[str, float]]:
    """Per group: rows, distinct customers, negatives, and cluster moments of sentiment.

    Keys of each dict: ``rows``, ``customers`` (distinct customer ids), ``tagged`` (rows with a
    sentiment tag), ``negative``, ``k`` (clusters with a score), ``s1`` / ``s2`` (sum of the
    clusters' mean score and of its square), ``scored`` (rows with a score).
    """
    key, join, jp = _group(by)
    params = [negative_value, *jp, *sel.params]   # in placeholder order
    rows = db.execute(
        f"SELECT grp, sum(r), count(DISTINCT cust), sum(t), sum(neg), count(m), sum(m), "
        f"sum(m * m), sum(sc) FROM ("
        f" SELECT {key} AS grp, {CLUSTER} AS c, f.customer_id AS cust, count(*) AS r,"
        f" count(s.value) AS t, sum(s.value = ?) AS neg, avg(a.sentiment_score) AS m,"
        f" count(a.sentiment_score) AS sc"
        f" FROM feedback f {join}"
        f" LEFT JOIN tag_effective s ON s.feedback_id = f.id AND s.facet = 'sentiment'"
        f" LEFT JOIN analysis a ON a.feedback_id = f.id"
        f"{sel.where()} GROUP BY grp, c) GROUP BY grp", params).fetchall()
    return {g: {"rows": r, "customers": cu, "tagged": t or 0, "negative": ng or 0, "k": k,
                "s1": s1 or 0.0, "s2": s2 or 0.0, "scored": sc or 0}
            for g, r, cu, t, ng, k, s1, s2, sc in rows}


def group_scores(db: Database, sel: Selection, by: str | None
                 ) -> dict[Any, dict[str, float]]:
    """Per group, once per respondent: NPS counts, CSAT top-2-box counts, CES moments.

    Keys: ``nps_n``, ``promoters``, ``detractors``, ``csat_n``, ``csat_top2``, ``ces_n``,
    ``ces_s1``, ``ces_s2``.
    """
    key, join, jp = _group(by)
    rows = db.execute(
        f"SELECT grp, count(nps), sum(nps >= 9), sum(nps <= 6), count(csat), sum(csat >= ?),"
        f" count(ces), sum(ces), sum(ces * ces) FROM ("
        f" SELECT {key} AS grp, f.nps AS nps, f.csat AS csat, f.ces AS ces, max(f.id)"
        f" FROM feedback f {join}"
        f" WHERE (f.nps IS NOT NULL OR f.csat IS NOT NULL OR f.ces IS NOT NULL)"
        f"{sel.where('AND')} GROUP BY grp, {RESPONDENT}) GROUP BY grp",
        [CSAT_TOP2, *jp, *sel.params]).fetchall()
    return {g: {"nps_n": a, "promoters": p or 0, "detractors": d or 0, "csat_n": cn,
                "csat_top2": ct or 0, "ces_n": en, "ces_s1": e1 or 0.0, "ces_s2": e2 or 0.0}
            for g, a, p, d, cn, ct, en, e1, e2 in rows}


def group_values(db: Database, sel: Selection, by: str, facet: str, limit: int = 5
                 ) -> dict[str, list[tuple[str, int]]]:
    """Per value of ``by``: the most frequent values of ``facet`` among its rows."""
    cond, params = sel.member("g.feedback_id")
    out: dict[str, list[tuple[str, int]]] = {}
    for grp, value, n in db.execute(
            f"SELECT g.value, e.value, count(*) AS n FROM tag_effective g "
            f"JOIN tag_effective e ON e.feedback_id = g.feedback_id AND e.facet = ? "
            f"WHERE g.facet = ? AND {cond} GROUP BY g.value, e.value "
            f"ORDER BY g.value, n DESC, e.value", [facet, by, *params]).fetchall():
        lst = out.setdefault(grp, [])
        if len(lst) < limit:
            lst.append((value, n))
    return out


def texts(db: Database, ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, text) of some rows, in the order given."""
    got = dict(rows_in(db, "SELECT id, text FROM feedback WHERE id IN ({ids})", ids))
    return [(i, got[i]) for i in ids if i in got]


def group_ids(db: Database, sel: Selection, by: str, group: str) -> list[int]:
    """The ids of a group's rows (what a click on a touchpoint opens in the explorer)."""
    return [r[0] for r in db.execute(
        f"SELECT g.feedback_id FROM tag_effective g JOIN feedback f ON f.id = g.feedback_id "
        f"WHERE g.facet = ? AND g.value = ?{sel.where('AND')} ORDER BY g.feedback_id",
        [by, group, *sel.params]).fetchall()]


def facet_value_sets(db: Database, sel: Selection, facets: Sequence[str]
                     ) -> list[tuple[int, str, str]]:
    """(feedback id, facet, value) of some facets in the selection (breakpoints' row sets)."""
    cond, params = sel.member("e.feedback_id")
    return db.execute(f"SELECT e.feedback_id, e.facet, e.value FROM tag_effective e WHERE "
                      f"e.facet IN ({', '.join('?' * len(facets))}) AND {cond}",
                      [*facets, *params]).fetchall()


def primary_contacts(db: Database, sel: Selection, facet: str = "department"
                     ) -> list[tuple[int, str, float, str]]:
    """(id, customer, created_ts, most confident value of ``facet``) of the selected rows that
    have a customer, a date and a value, in customer and time order (hand-off sequences)."""
    return db.execute(
        f"SELECT f.id, f.customer_id, f.created_ts, e.value, max(e.score) FROM feedback f "
        f"JOIN tag_effective e ON e.feedback_id = f.id AND e.facet = ? "
        f"WHERE f.customer_id IS NOT NULL AND f.created_ts IS NOT NULL{sel.where('AND')} "
        f"GROUP BY f.id ORDER BY f.customer_id, f.created_ts, f.id",
        [facet, *sel.params]).fetchall()


def has_customer_ids(db: Database, sel: Selection) -> int:
    """Distinct customers in the selection."""
    return db.execute(f"SELECT count(DISTINCT f.customer_id) FROM feedback f WHERE "
                      f"f.customer_id IS NOT NULL{sel.where('AND')}", list(sel.params)
                      ).fetchone()[0]


def period_value_ids(db: Database, sel: Selection, facet: str, period: str, p: int,
                     value: str) -> list[int]:
    """Ids of the selected rows of period number ``p`` whose effective ``facet`` is ``value``
    (``""``: rows without that facet) — what a click on a point of the explorer's chart opens."""
    col = PERIOD_COLUMNS[period]
    has = "SELECT feedback_id FROM tag_effective WHERE facet = ?"
    cond = f"f.id IN ({has} AND value = ?)" if value else f"f.id NOT IN ({has})"
    params = [facet, value] if value else [facet]
    return [r[0] for r in db.execute(
        f"SELECT f.id FROM feedback f WHERE f.{col} = ? AND {cond}{sel.where('AND')} "
        f"ORDER BY f.id", [p, *params, *sel.params]).fetchall()]
