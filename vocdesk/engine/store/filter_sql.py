"""A :class:`FeedbackFilter` compiled once to SQL: the one selection every aggregate runs over.

Modelled on datasette's ``Filters.build_where_clauses``: each filter field becomes one WHERE
clause over ``feedback f`` with bound parameters, and every aggregate (facet counts, periods,
journey, metrics, breakpoints) reads ``… WHERE f.id IN ({selection})`` or adds the clauses to
its own ``FROM feedback f``. Facet conditions use the materialised ``tag_effective`` table (a
human tag of a facet hides its auto tags), so the explorer's counts, the charts and the journey
count exactly the same rows as the explorer's id snapshot (``store/browse_queries.ids``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.store import search as store_search
from vocdesk.engine.store.browse_queries import SCORE_FIELDS


@dataclass(frozen=True)
class Selection:
    """WHERE clauses over ``feedback f`` and their parameters (empty: every row)."""

    clauses: tuple[str, ...] = ()
    params: tuple[Any, ...] = field(default_factory=tuple)
    #: The facet conditions again as (facet, values), with the clauses and parameters *without*
    #: them: the cached arrays (``store/facts.py``) evaluate facet conditions from memory.
    facet_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rest_clauses: tuple[str, ...] = ()
    rest_params: tuple[Any, ...] = ()
    #: The channel and date conditions again, likewise evaluated from the cached arrays
    #: (not in ``rest_clauses``): (column, values) and ``(from_ts, to_ts)`` or None.
    column_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    ts_range: tuple[float, float] | None = None

    @property
    def empty(self) -> bool:
        return not self.clauses

    def where(self, prefix: str = "WHERE") -> str:
        """`` WHERE a AND b`` (or ``""``): to append to a query over ``feedback f``."""
        return f" {prefix} " + " AND ".join(self.clauses) if self.clauses else ""

    def ids_sql(self) -> str:
        """A subquery returning the selected ids (``SELECT f.id FROM feedback f WHERE …``)."""
        return "SELECT f.id FROM feedback f" + self.where()

    def member(self, column: str) -> tuple[str, list[Any]]:
        """A condition ``column IN (selection)`` (``1`` when nothing is filtered) and params."""
        if self.empty:
            return "1", []
        return f"{column} IN ({self.ids_sql()})", list(self.params)


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _day_ts(day: str, tz: str, end: bool) -> float:
    ts = datetime.fromisoformat(day[:10]).replace(tzinfo=ZoneInfo(tz)).timestamp()
    return ts + 86400 if end else ts


def compile_filter(db, flt: FeedbackFilter | None, tz: str) -> Selection:
    """Compile ``flt`` to a :class:`Selection` (the same rows as ``browse.ids(db, flt)``).

    A text search runs the full-text index once here; its ids are bound as one JSON array.
    """
    flt = flt or FeedbackFilter()
    clauses: list[str] = []
    params: list[Any] = []
    ts_range = None
    column_terms = []
    kept: list[str] = []          # date / channel clauses the cached arrays cannot evaluate
    kept_params: list[Any] = []
    if flt.date_from or flt.date_to:
        ts_range = (_day_ts(flt.date_from, tz, False) if flt.date_from else -1e18,
                    _day_ts(flt.date_to, tz, True) if flt.date_to else 1e18)
        clauses.append("f.created_ts >= ? AND f.created_ts < ?")
        params += list(ts_range)
    if flt.channels:
        clauses.append(f"f.channel IN ({_marks(len(flt.channels))})")
        params += list(flt.channels)
        if "" in flt.channels:             # the cached codes have no '' (see column_codes)
            kept.append(clauses[-1])
            kept_params += list(flt.channels)
        else:
            column_terms.append(("channel", tuple(flt.channels)))
    n_mem, p_mem = len(clauses), len(params)
    for name in SCORE_FIELDS:
        rng = getattr(flt, name)
        if rng:
            lo, hi = (list(rng) + [None, None])[:2]
            clauses.append(f"f.{name} IS NOT NULL")
            if lo is not None:
                clauses.append(f"f.{name} >= ?")
                params.append(lo)
            if hi is not None:
                clauses.append(f"f.{name} <= ?")
                params.append(hi)
    if flt.segments:
        clauses.append("f.customer_id IN (SELECT customer_id FROM customers WHERE segment IN "
                       f"({_marks(len(flt.segments))}))")
        params += list(flt.segments)
    facet_filters = flt.facet_filters()
    rest_clauses = kept + clauses[n_mem:]
    rest_params = kept_params + params[p_mem:]
    terms = []
    for facet, values in facet_filters.items():
        origin = " AND origin_kind = ?" if flt.origin in ("human", "auto") else ""
        clause = (f"f.id IN (SELECT feedback_id FROM tag_effective WHERE facet = ? AND "
                  f"value IN ({_marks(len(values))}){origin})")
        clauses.append(clause)
        params += [facet, *values] + ([flt.origin] if origin else [])
        if origin:
            rest_clauses.append(clause)
            rest_params += [facet, *values, flt.origin]
        else:
            terms.append((facet, tuple(values)))
    n_before, p_before = len(clauses), len(params)
    human_rows = "f.id IN (SELECT feedback_id FROM human_tags)"
    if not facet_filters and flt.origin in ("human", "auto"):
        clauses.append(human_rows if flt.origin == "human" else f"NOT {human_rows}")
    if flt.has_human is not None:
        clauses.append(human_rows if flt.has_human else f"NOT {human_rows}")
    if flt.text:
        found = store_search.search_ids(db, flt.text)
        clauses.append("f.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([int(i) for i in found]))
    if flt.ids is not None:
        clauses.append("f.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([int(i) for i in flt.ids]))
    rest_clauses += clauses[n_before:]
    rest_params += params[p_before:]
    return Selection(tuple(clauses), tuple(params), tuple(terms), tuple(rest_clauses),
                     tuple(rest_params), tuple(column_terms), ts_range)
