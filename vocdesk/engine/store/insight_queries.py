"""Row sets behind the theme-impact, scorecard, loyalty and dashboard figures.

Why one module: every figure these views show must open exactly its rows, so the same
functions give the analytics their inputs (respondents, members of a group, customers) and the
GUI the ids behind a number. Grouping follows ``array_aggregates`` (facts arrays indexed by
feedback id); "once per respondent" is the newest scored answer, as ``group_scores`` counts it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sqlite_utils import Database

from vocdesk.engine.store.customers import CUSTOMERS_GENERATION
from vocdesk.engine.store.facts import (
    GROUP_COLUMNS,
    column_codes,
    facet_pairs,
    facts,
    memo,
    selection_mask,
)
from vocdesk.engine.store.filter_sql import Selection
from vocdesk.engine.store.periods import PERIOD_COLUMNS, PERIOD_LABELS
from vocdesk.engine.store.settings import get_setting, set_setting

_SHIFT = 42


def group_mask(db: Database, by: str, value: Any) -> np.ndarray:
    """Rows whose ``by`` (facet, feedback column or period) is ``value``."""
    f = facts(db)
    mask = np.zeros(f.size, dtype=bool)
    if by in PERIOD_COLUMNS:
        per = f.periods[by]
        label = PERIOD_LABELS[by]
        codes = np.unique(per[per >= 0])
        hit = [c for c in codes if label(int(c)) == str(value)]
        if hit:
            mask[per == hit[0]] = True
        return mask
    if by in GROUP_COLUMNS:
        code, labels = column_codes(db, by)
        if value in labels:
            mask[code == labels.index(value)] = True
        return mask
    pairs = facet_pairs(db, by)
    c = pairs.code_of(value)
    if c >= 0:
        mask[pairs.ids[pairs.codes == c]] = True
    return mask


def selected_ids(db: Database, sel: Selection, by: str | None = None, value: Any = None
                 ) -> np.ndarray:
    """Ids of the selection (optionally only one group's rows), ascending."""
    mask = selection_mask(db, sel) & facts(db).exists
    if by is not None:
        mask = mask & group_mask(db, by, value)
    return np.flatnonzero(mask)


def respondent_rows(db: Database, sel: Selection, score: str = "nps",
                    by: str | None = None, value: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """(row ids, scores): each respondent's newest answer carrying ``score``.

    The same rows ``group_scores`` counts: among a respondent's rows with any score, the
    newest one, kept when it has ``score``.
    """
    f = facts(db)
    mask = selection_mask(db, sel) & f.exists
    if by is not None:
        mask = mask & group_mask(db, by, value)
    order, key = _scored_by_respondent(db)
    keep = mask[order]
    ids, key = order[keep], key[keep]
    if len(ids) == 0:
        return ids, np.zeros(0)
    last = np.ones(len(key), dtype=bool)
    last[:-1] = key[1:] != key[:-1]             # a respondent's rows end with the newest
    ids = ids[last]
    ids = ids[~np.isnan(getattr(f, score)[ids])]
    out = np.zeros(f.size, dtype=bool)          # ascending ids by a mask, not a sort
    out[ids] = True
    ids = np.flatnonzero(out)
    return ids, getattr(f, score)[ids]


def _scored_by_respondent(db: Database) -> tuple[np.ndarray, np.ndarray]:
    """(ids, respondent codes) of every row with any score (NPS, CSAT or CES), by
    (respondent, id), cached for the workspace: a selection only filters it (the sort per
    call was a third of theme impact's time at a million rows)."""
    def compute(f) -> tuple[np.ndarray, np.ndarray]:
        ids = np.flatnonzero(f.exists & ~(np.isnan(f.nps) & np.isnan(f.csat) & np.isnan(f.ces)))
        ids = ids[np.argsort(f.respondent[ids], kind="stable")]    # ties: ascending id
        got = ids, f.respondent[ids]
        for a in got:
            a.flags.writeable = False
        return got

    return memo(db, ("scored-by-respondent",), frozenset(), compute, pinned=True)


def theme_members(db: Database, ids: np.ndarray, facet: str
                  ) -> tuple[np.ndarray, list[str]]:
    """(bool matrix rows × values, values): which of ``ids`` carry each value of ``facet``."""
    pairs = facet_pairs(db, facet)
    size = facts(db).size
    pos = np.full(size, -1, dtype=np.int64)
    pos[ids] = np.arange(len(ids))
    out = np.zeros((len(ids), len(pairs.values)), dtype=bool)
    if len(ids) and len(pairs.ids):
        p = pos[pairs.ids]
        keep = p >= 0
        out[p[keep], pairs.codes[keep]] = True
    return out, list(pairs.values)


#: Themes a per-row bitmask holds exactly (float64 sums of distinct powers of two).
_MAX_BITS = 52


def respondent_patterns(db: Database, ids: np.ndarray, scores: np.ndarray, facet: str
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]] | None:
    """(scores, bool patterns × values, respondents per pattern, values): the distinct
    (score, themes) rows of respondents ``ids`` (ascending) answering ``scores``.

    Why: theme impact and drivers only see sums over respondents, and 2·10^5 respondents
    fall into a few hundred such patterns; built from one bitmask per row (the ``facet``
    pairs summed as powers of two) instead of a respondents × values matrix. None when the
    facet has too many values for a bitmask (use :func:`theme_members`).
    """
    pairs = facet_pairs(db, facet)
    values = list(pairs.values)
    s_values, s_code = np.unique(np.asarray(scores, dtype=float), return_inverse=True)
    width = max(1, len(s_values))
    if len(values) > _MAX_BITS or (1 << len(values)) * width >= 1 << 62:
        return None
    ids = np.asarray(ids, dtype=np.int64)
    chosen = np.zeros(facts(db).size, dtype=bool)
    chosen[ids] = True
    keep = chosen[pairs.ids]
    bits = np.bincount(pairs.ids[keep], weights=np.ldexp(1.0, pairs.codes[keep].astype(np.int32)),
                       minlength=len(chosen))[ids].astype(np.int64)
    key, counts = np.unique(bits * width + np.asarray(s_code).ravel(), return_counts=True)
    p_bits = key // width
    members = ((p_bits[:, None] >> np.arange(len(values))) & 1).astype(bool)
    return s_values[key % width], members, counts, values


def row_customers(db: Database, ids: np.ndarray) -> list[str | None]:
    """The customer id of each row of ``ids`` (None without one).

    Why cached: loyalty asked for this up to five times per call, each a full scan of
    ``feedback`` (most of the executive dashboard's 1.9 s loyalty time at 200k rows); the
    id → customer array lives with the facts (customer ids are not changed by tag edits).
    """
    return _customer_by_id(db)[np.asarray(ids, dtype=np.int64)].tolist()


def _customer_by_id(db: Database) -> np.ndarray:
    def compute(f) -> np.ndarray:
        rows = db.execute("SELECT id, customer_id FROM feedback "
                          "WHERE customer_id IS NOT NULL").fetchall()
        out = np.full(f.size, None, dtype=object)
        if rows:
            got = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            vals = np.empty(len(rows), dtype=object)
            vals[:] = [r[1] for r in rows]
            out[got] = vals
        out.flags.writeable = False
        return out

    return memo(db, ("customer_by_id",), frozenset(), compute, pinned=True)


def customer_outcomes(db: Database) -> dict[str, tuple[int | None, int | None]]:
    """customer id → (repurchase, churned) as 0/1 (None where the table has no value)."""
    return {r[0]: (None if r[1] is None else int(bool(r[1])),
                   None if r[2] is None else int(bool(r[2])))
            for r in db.execute("SELECT customer_id, repurchase, churned FROM customers")}


def has_customers(db: Database) -> bool:
    """Whether the customers table has any row."""
    return db.execute("SELECT 1 FROM customers LIMIT 1").fetchone() is not None


def customer_names(db: Database) -> np.ndarray:
    """The customer id of each customer code (``facts.cluster`` of rows with a customer)."""
    def compute(f) -> np.ndarray:
        ids = np.flatnonzero(f.has_customer)
        out = np.empty(int(f.cluster[ids].max()) + 1 if len(ids) else 0, dtype=object)
        out[f.cluster[ids]] = _customer_by_id(db)[ids]
        out.flags.writeable = False
        return out

    return memo(db, ("customer_names",), frozenset(), compute, pinned=True)


def customer_outcome_codes(db: Database) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per customer code: (in the customers table, repurchase, churned), outcomes as
    0 / 1 and -1 where the table has no value — :func:`customer_outcomes` as arrays.

    Why cached: reading the table into a dict took most of the loyalty time at scale; the
    arrays are kept with the facts until the customers table is written again (its token).
    """
    token = (get_setting(db, CUSTOMERS_GENERATION),
             db.execute("SELECT count(*) FROM customers").fetchone()[0])

    def compute(f) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        names = customer_names(db)
        rows = db.execute("SELECT customer_id, repurchase, churned FROM customers").fetchall()
        known = np.zeros(len(names), dtype=bool)
        out = [np.full(len(names), -1, dtype=np.int8) for _ in range(2)]
        if rows and len(names):
            code = pd.Index(names).get_indexer(pd.Index([r[0] for r in rows], dtype=object))
            hit = code >= 0
            known[code[hit]] = True
            for i, arr in enumerate(out):
                vals = np.array([-1 if r[i + 1] is None else int(bool(r[i + 1])) for r in rows],
                                dtype=np.int8)
                arr[code[hit]] = vals[hit]
        for a in (known, *out):
            a.flags.writeable = False
        return known, out[0], out[1]

    return memo(db, ("customer_outcomes", token), frozenset(), compute, pinned=True)


def resolved_ts_by_row(db: Database) -> dict[int, float]:
    """feedback id → the earliest time (UTC epoch s) an action it is evidence of was resolved."""
    rows = db.execute(
        "SELECT v.feedback_id, min(CAST(strftime('%s', e.at) AS REAL)) FROM action_evidence v "
        "JOIN action_events e ON e.action_id = v.action_id AND e.kind = 'status' AND "
        "e.value IN ('resolved', 'verified') GROUP BY v.feedback_id").fetchall()
    return {int(r[0]): float(r[1]) for r in rows if r[1] is not None}


def row_times(db: Database, ids: np.ndarray) -> np.ndarray:
    """created_ts of each row (NaN without a date)."""
    return facts(db).ts[ids]


DASHBOARD_KEY = "dashboard_layouts"


def dashboard_layouts(db: Database) -> dict[str, Any]:
    """The saved dashboard layouts of this workspace (role → layout dict)."""
    return get_setting(db, DASHBOARD_KEY, {}) or {}


def save_dashboard_layouts(db: Database, layouts: dict[str, Any]) -> None:
    set_setting(db, DASHBOARD_KEY, layouts)
