"""Queries behind the review queue: ordering and counts (the rule preview's scans are in
:mod:`vocdesk.engine.store.text_scan`).

Two orders of the queue:

* ``uncertainty``: rows whose least confident auto tag is least confident come first (the
  sentiment tag's score is its confidence, so a 0.5 sentiment and a weak rule hit both rise).
  Derived facets (``kind: derived`` in the taxonomy) are left out: they only echo their
  sources.
* ``impact``: negative rows first (effective sentiment), then by the customer's value: the
  customer's own ``lifetime_value`` or, failing that, the average value of their segment, so a
  VIP row from a customer with no value on file still ranks high; then by how negative.

Rows not yet analysed come last in both orders. Reviewed rows (any human tag) are left out
unless ``include_reviewed``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from vocdesk.engine.store.ids import rows_in

MODES = ("uncertainty", "impact")

_NOT_REVIEWED = "NOT EXISTS (SELECT 1 FROM human_tags h WHERE h.feedback_id = f.id)"


def review_queue_ids(db: Database, mode: str = "uncertainty", limit: int = 500,
                     offset: int = 0, include_reviewed: bool = False,
                     derived: Sequence[str] = ()) -> list[int]:
    """Feedback ids in review order (see the module docstring); ValueError for a bad mode.

    ``derived``: the taxonomy's derived facets, left out of the uncertainty order."""
    where = "" if include_reviewed else f"WHERE {_NOT_REVIEWED}"
    if mode == "uncertainty":
        sql = (
            "WITH u AS (SELECT feedback_id, min(score) AS s FROM auto_tags "
            f"WHERE facet NOT IN ({', '.join('?' * len(derived))}) GROUP BY feedback_id) "
            f"SELECT f.id FROM feedback f LEFT JOIN u ON u.feedback_id = f.id {where} "
            "ORDER BY u.s IS NULL, u.s, f.id LIMIT ? OFFSET ?")
        params = [*derived, limit, offset]
    elif mode == "impact":
        sql = (
            "WITH seg AS (SELECT segment, avg(lifetime_value) AS v FROM customers "
            "WHERE segment IS NOT NULL GROUP BY segment), "
            "neg AS (SELECT feedback_id FROM effective_tags "
            "WHERE facet = 'sentiment' AND value = 'negative') "
            "SELECT f.id FROM feedback f "
            "LEFT JOIN analysis a ON a.feedback_id = f.id "
            "LEFT JOIN customers c ON c.customer_id = f.customer_id "
            "LEFT JOIN seg ON seg.segment = c.segment "
            f"{where} "
            "ORDER BY f.id IN (SELECT feedback_id FROM neg) DESC, "
            "coalesce(c.lifetime_value, seg.v, 0) DESC, a.sentiment_score IS NULL, "
            "a.sentiment_score, f.id LIMIT ? OFFSET ?")
        params = [limit, offset]
    else:
        raise ValueError(f"unknown review order {mode!r}; expected one of {', '.join(MODES)}")
    return [r[0] for r in db.execute(sql, params).fetchall()]


def review_counts(db: Database) -> tuple[int, int]:
    """(reviewed, remaining): rows with at least one human tag, and the others."""
    total = db.execute("SELECT count(*) FROM feedback").fetchone()[0]
    reviewed = db.execute("SELECT count(DISTINCT feedback_id) FROM human_tags").fetchone()[0]
    return reviewed, total - reviewed


def reviewed_among(db: Database, ids: list[int]) -> set[int]:
    """Which of ``ids`` carry a human tag."""
    return {r[0] for r in rows_in(
        db, "SELECT DISTINCT feedback_id FROM human_tags WHERE feedback_id IN ({ids})", ids)}


def customer_values(db: Database, ids: list[int]) -> dict[int, tuple[str | None, float | None]]:
    """Per feedback id: the customer's (segment, lifetime_value), for the queue's columns."""
    return {fid: (seg, ltv) for fid, seg, ltv in rows_in(
        db, "SELECT f.id, c.segment, c.lifetime_value FROM feedback f "
        "JOIN customers c ON c.customer_id = f.customer_id WHERE f.id IN ({ids})", ids)}
