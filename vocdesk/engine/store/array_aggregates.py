"""The grouped aggregates of :mod:`aggregates`, computed over the cached arrays of :mod:`facts`.

Same inputs (a :class:`Selection`, a grouping) and the same result shapes as the SQL versions
in ``aggregates.py``, which stay the reference: tests check both agree on real workspaces.
These are the ones the analytics use, because at a million rows they answer in tens of
milliseconds where the SQL versions sort a million (group, customer) keys.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sqlite_utils import Database

from vocdesk.engine.store.facts import (
    GROUP_COLUMNS,
    Facts,
    column_codes,
    dense_codes,
    facet_pairs,
    facts,
    memo,
    selection_deps,
    selection_mask,
)
from vocdesk.engine.store.filter_sql import Selection
from vocdesk.engine.store.periods import PERIOD_COLUMNS

CSAT_TOP2 = 4
_SHIFT = 42          # group code << 42 | cluster code (cluster codes stay below 2**41)


def _groups(db: Database, f: Facts, mask: np.ndarray, by: str | None
            ) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """(row ids, group code per row, label per code) of the selected rows."""
    if by is None:
        ids = np.flatnonzero(mask)
        return ids, np.zeros(len(ids), dtype=np.int64), [""]
    if by in PERIOD_COLUMNS:
        ids = np.flatnonzero(mask)
        per = f.periods[by][ids]
        ok = per >= 0
        labels, codes = np.unique(per[ok], return_inverse=True)
        return ids[ok], codes.astype(np.int64), [int(v) for v in labels]
    if by in GROUP_COLUMNS:
        code, labels = column_codes(db, by)
        ids = np.flatnonzero(mask & (code >= 0))
        return ids, code[ids], labels
    pairs = facet_pairs(db, by)
    keep = mask[pairs.ids]
    return pairs.ids[keep], pairs.codes[keep].astype(np.int64), list(pairs.values)


def _key_order(db: Database, key: str, facet: str | None) -> np.ndarray:
    """Row ids (or, for a facet, indexes into its pairs) stably sorted by ``key`` (the
    cluster or the respondent code), cached: the one full sort every grouping reuses."""
    def compute(f: Facts) -> np.ndarray:
        codes = getattr(f, key)
        if facet is None:
            got = np.argsort(codes, kind="stable")          # ties: ascending id
        elif key == "respondent":                           # ties: ascending id (newest last)
            ids = facet_pairs(db, facet).ids
            got = np.lexsort((ids, codes[ids]))
        else:                                               # ties: the pairs' own order
            got = np.argsort(codes[facet_pairs(db, facet).ids], kind="stable")
        got.flags.writeable = False
        return got

    return memo(db, ("key-order", key, facet), frozenset({facet} if facet else ()), compute,
                pinned=True)


def _small_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` for non-negative ints of a small range
    (day / week / month numbers) by counting instead of sorting."""
    if len(values) == 0:
        return values[:0], np.zeros(0, dtype=np.int64)
    lo = int(values.min())
    present = np.bincount(values - lo) > 0
    rank = np.cumsum(present) - 1
    return np.flatnonzero(present) + lo, rank[values - lo].astype(np.int64)


def _groups_sorted(db: Database, f: Facts, mask: np.ndarray, by: str | None, key: str
                   ) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """:func:`_groups`' (ids, group codes, labels) reordered by (group, ``key`` code), rows
    of one (group, key) in :func:`_groups`' own order.

    Why: the grouped aggregates used to argsort (group << 42 | key) per selection (~100 ms
    at a million rows each, several per dashboard); a cached sort by key filtered by the
    selection plus a radix sort of the small group codes gives the same order in O(n).
    Per-bin sums then run over the same rows in the same order: the same floats.
    """
    if by is None or by in PERIOD_COLUMNS or by in GROUP_COLUMNS:
        order = _key_order(db, key, None)
        if by is None:
            ids = order[mask[order]]
            return ids, np.zeros(len(ids), dtype=np.int64), [""]
        if by in PERIOD_COLUMNS:
            per = f.periods[by]
            ids = order[mask[order] & (per[order] >= 0)]
            labels, g = _small_unique(per[ids])
            labels = [int(v) for v in labels]
        else:
            code, labels = column_codes(db, by)
            ids = order[mask[order] & (code[order] >= 0)]
            g = code[ids]
    else:
        pairs = facet_pairs(db, by)
        order = _key_order(db, key, by)
        pick = order[mask[pairs.ids[order]]]
        ids, g, labels = pairs.ids[pick], pairs.codes[pick].astype(np.int64), list(pairs.values)
    if len(labels) > 1:
        by_group = np.argsort(g.astype(np.int16) if len(labels) < 1 << 15 else g,
                              kind="stable")
        ids, g = ids[by_group], g[by_group]
    return ids, g, labels


def _deps(db: Database, sel: Selection, *facets: str | None) -> frozenset[str]:
    """What a grouped result depends on: the selection's facets and the grouping facets
    (periods and feedback columns never change by a human edit)."""
    named = {x for x in facets if x and x not in PERIOD_COLUMNS and x not in GROUP_COLUMNS}
    return selection_deps(sel) | named


def _dense_codes(db: Database, f: Facts, facet: str) -> tuple[np.ndarray, list[str]]:
    return dense_codes(db, facet)


def _sentiment_layout(db: Database, f: Facts, sel: Selection, by: str | None):
    """The selection's rows grouped by ``by`` and sorted by (group, customer): the costly part
    of :func:`group_sentiment`, valid until the grouping or the selection changes."""
    ids, g, labels = _groups_sorted(db, f, selection_mask(db, sel), by, "cluster")
    if len(ids) == 0:
        return None
    m = len(labels)
    rows = np.bincount(g, minlength=m)
    # rows come grouped by (group, customer): distinct customers and per-customer means
    cl = f.cluster[ids]
    start = np.ones(len(ids), dtype=bool)
    start[1:] = (g[1:] != g[:-1]) | (cl[1:] != cl[:-1])
    inv = np.cumsum(start) - 1
    pg = g[start]                                   # group of each (group, customer) pair
    cust = f.has_customer[ids]
    pair_has_customer = np.zeros(len(pg), dtype=bool)
    pair_has_customer[inv[cust]] = True
    customers = np.bincount(pg[pair_has_customer], minlength=m)
    # sentiment scores come from analysis (a re-analysis reloads the facts): no edit moves them
    score = f.score[ids]
    ok = ~np.isnan(score)
    n_scored = np.bincount(inv[ok], minlength=len(pg))
    total = np.bincount(inv[ok], weights=score[ok], minlength=len(pg))
    has = n_scored > 0
    means = total[has] / n_scored[has]
    pg = pg[has]
    moments = (np.bincount(pg, minlength=m), np.bincount(pg, weights=means, minlength=m),
               np.bincount(pg, weights=means * means, minlength=m),
               np.bincount(g[ok], minlength=m))
    for a in (ids, g, rows, pg, customers, means, *moments):
        a.flags.writeable = False
    return ids, g, labels, rows, customers, means, pg, moments


def group_sentiment(db: Database, sel: Selection, by: str | None,
                    negative_value: str = "negative", keep_means_upto: int = 0
                    ) -> dict[Any, dict[str, Any]]:
    """As :func:`aggregates.group_sentiment`; plus ``means`` (the per-customer means) for
    groups with at most ``keep_means_upto`` customers (for a bootstrap)."""
    f = facts(db)
    layout = memo(db, ("sentiment-layout", sel, by), _deps(db, sel, by),
                  lambda f: _sentiment_layout(db, f, sel, by))
    if layout is None:
        return {}
    ids, g, labels, rows, customers, means, pg, (k, s1, s2, scored) = layout
    m = len(labels)
    # the only part an edit of sentiment changes: counted again on every call
    sent, values = _dense_codes(db, f, "sentiment")
    sc = sent[ids]
    neg_code = values.index(negative_value) if negative_value in values else -2
    tagged = np.bincount(g[sc >= 0], minlength=m)
    negative = np.bincount(g[sc == neg_code], minlength=m)
    out: dict[Any, dict[str, Any]] = {}
    for c in np.flatnonzero(rows):
        d = {"rows": int(rows[c]), "customers": int(customers[c]), "tagged": int(tagged[c]),
             "negative": int(negative[c]), "k": int(k[c]), "s1": float(s1[c]),
             "s2": float(s2[c]), "scored": int(scored[c])}
        if 0 < k[c] <= keep_means_upto:
            d["means"] = means[pg == c]
        out[labels[c]] = d
    return out


def group_scores(db: Database, sel: Selection, by: str | None) -> dict[Any, dict[str, float]]:
    """As :func:`aggregates.group_scores`: once per respondent (the latest answer)."""
    got = memo(db, ("scores", sel, by), _deps(db, sel, by), lambda f: _group_scores(db, f, sel, by))
    return {k: dict(v) for k, v in got.items()}


def _group_scores(db: Database, f: Facts, sel: Selection, by: str | None
                  ) -> dict[Any, dict[str, float]]:
    # by (group, respondent, id): a respondent's rows of a group end with their newest
    ids, g, labels = _groups_sorted(db, f, _scored_mask(db, sel), by, "respondent")
    if len(ids) == 0:
        return {}
    r = f.respondent[ids]
    last = np.ones(len(ids), dtype=bool)
    last[:-1] = (g[1:] != g[:-1]) | (r[1:] != r[:-1])   # the newest answer of each respondent
    ids, g = ids[last], g[last]
    m = len(labels)
    nps, csat, ces = f.nps[ids], f.csat[ids], f.ces[ids]

    def cnt(sel_: np.ndarray) -> np.ndarray:
        return np.bincount(g[sel_], minlength=m)

    has_n, has_c, has_e = ~np.isnan(nps), ~np.isnan(csat), ~np.isnan(ces)
    ces0 = np.where(has_e, ces, 0.0)
    res = {"nps_n": cnt(has_n), "promoters": cnt(has_n & (np.nan_to_num(nps, nan=-1) >= 9)),
           "detractors": cnt(has_n & (np.nan_to_num(nps, nan=99) <= 6)), "csat_n": cnt(has_c),
           "csat_top2": cnt(has_c & (np.nan_to_num(csat, nan=-1) >= CSAT_TOP2)),
           "ces_n": cnt(has_e), "ces_s1": np.bincount(g, weights=ces0, minlength=m),
           "ces_s2": np.bincount(g, weights=ces0 * ces0, minlength=m)}
    present = np.bincount(g, minlength=m)
    return {labels[c]: {k: (float(v[c]) if k.startswith("ces_s") else int(v[c]))
                        for k, v in res.items()} for c in np.flatnonzero(present)}


def _scored_mask(db: Database, sel: Selection) -> np.ndarray:
    """The selection's rows with any score (NPS, CSAT or CES)."""
    def compute(f: Facts) -> np.ndarray:
        got = selection_mask(db, sel) & ~(np.isnan(f.nps) & np.isnan(f.csat) & np.isnan(f.ces))
        got.flags.writeable = False
        return got

    return memo(db, ("scored-mask", sel), selection_deps(sel), compute)


def group_values(db: Database, sel: Selection, by: str, facet: str, limit: int = 5
                 ) -> dict[str, list[tuple[str, int]]]:
    """As :func:`aggregates.group_values`: a sparse (by × row) · (row × facet) product."""
    got = memo(db, ("values", sel, by, facet, limit), _deps(db, sel, by, facet),
               lambda f: _group_values(db, f, sel, by, facet, limit))
    return {k: list(v) for k, v in got.items()}


def _group_values(db: Database, f: Facts, sel: Selection, by: str, facet: str, limit: int
                  ) -> dict[str, list[tuple[str, int]]]:
    ids, g, labels = _groups(db, f, selection_mask(db, sel), by)
    other = facet_pairs(db, facet)
    if len(ids) == 0 or len(other.ids) == 0:
        return {}
    a = sparse.csr_matrix((np.ones(len(ids)), (g, ids)), shape=(len(labels), f.size))
    cross = (a @ value_matrix(db, facet)).toarray()
    out = {}
    for c in range(len(labels)):
        row = cross[c]
        top = [j for j in np.lexsort((np.array(other.values, dtype=object), -row))
               if row[j] > 0][:limit]
        if top:
            out[labels[c]] = [(other.values[j], int(row[j])) for j in top]
    return out


def value_matrix(db: Database, facet: str) -> sparse.csr_matrix:
    """Rows × values 0/1 matrix of ``facet``'s pairs, cached for the workspace until an edit
    of the facet (building it from a million pairs was half of a new filter's top issues)."""
    def compute(f: Facts) -> sparse.csr_matrix:
        pairs = facet_pairs(db, facet)
        b = sparse.csr_matrix((np.ones(len(pairs.ids)), (pairs.ids, pairs.codes)),
                              shape=(f.size, max(1, len(pairs.values))))
        b.data[:] = 1.0
        return b

    return memo(db, ("value-matrix", facet), frozenset({facet}), compute, pinned=True)


def newest_ids(db: Database, sel: Selection, by: str, value: str, limit: int) -> list[int]:
    """The ``limit`` newest (largest) ids of one group in the selection (verbatim candidates)."""
    f = facts(db)
    pairs = facet_pairs(db, by)
    code = pairs.code_of(value)
    ids = pairs.ids[pairs.codes == code] if code >= 0 else np.zeros(0, np.int64)
    ids = ids[selection_mask(db, sel)[ids]] if not sel.empty else ids[f.exists[ids]]
    return [int(i) for i in np.sort(ids)[::-1][:limit]]


def facet_counts(db: Database, sel: Selection, facet: str) -> list[tuple[str, int]]:
    """As :func:`aggregates.facet_counts`."""
    f = facts(db)
    ids, g, labels = _groups(db, f, selection_mask(db, sel), facet)
    n = np.bincount(g, minlength=len(labels))
    return sorted(((labels[c], int(n[c])) for c in np.flatnonzero(n)),
                  key=lambda t: (-t[1], t[0]))


def facet_by_period(db: Database, sel: Selection, facet: str, period: str = "month"
                    ) -> list[tuple[str, int, int]]:
    """As :func:`aggregates.facet_by_period`."""
    f = facts(db)
    ids, g, labels = _groups(db, f, selection_mask(db, sel), facet)
    per = f.periods[period][ids]
    ok = per >= 0
    keys, n = np.unique((g[ok] << _SHIFT) | per[ok], return_counts=True)
    return [(labels[int(k >> _SHIFT)], int(k & ((1 << _SHIFT) - 1)), int(c))
            for k, c in zip(keys, n, strict=True)]


def rows_with_all(db: Database, sel: Selection, facet: str, values: tuple[str, ...],
                  limit: int, prefer_negative: bool = True) -> list[int]:
    """Up to ``limit`` newest rows carrying every one of ``values`` (negative ones first)."""
    f = facts(db)
    pairs = facet_pairs(db, facet)
    mask = selection_mask(db, sel) & f.exists
    for v in values:
        hit = np.zeros(f.size, dtype=bool)
        hit[pairs.ids[pairs.codes == pairs.code_of(v)]] = True
        mask &= hit
    ids = np.flatnonzero(mask)[::-1]
    if prefer_negative:
        sent, labels = _dense_codes(db, f, "sentiment")
        neg_code = labels.index("negative") if "negative" in labels else -2
        ids = np.concatenate([ids[sent[ids] == neg_code], ids[sent[ids] != neg_code]])
    return [int(i) for i in ids[:limit]]
