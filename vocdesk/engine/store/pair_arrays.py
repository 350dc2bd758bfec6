"""Arrays behind the breakpoint matrix: value pairs within rows, and customer hand-offs.

Why a module of its own: the breakpoint matrix was the slowest page at a million rows (1–3 s).
Its inputs are now read in one pass each and kept per selection or per workspace:

- :func:`value_bits`: per selected row, the set of its facet values as one bitmask (values are
  at most one per (row, facet, value): ``tag_effective``'s primary key). Co-occurrence counts
  are then sums over the few hundred distinct (bitmask, negative) patterns instead of two
  sparse products over a million rows, and a pair's example rows are one mask test.
- :func:`handoff_arrays`: the (customer, time, id) order of contacts is a property of the
  workspace, not of the selection, so it is sorted once (pinned) and filtered per selection.

``np.unique`` without ``return_counts`` / ``return_inverse`` takes numpy 2.4's hash path,
0.3–0.7 s per million distinct integers; nothing here calls it on a row-sized array (the sort
path, taken when counts are asked for, is 15–60 ms; a boolean mask over ids is 3 ms).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sqlite_utils import Database

from vocdesk.engine.store.array_aggregates import rows_with_all, value_matrix
from vocdesk.engine.store.facts import (
    dense_codes,
    facet_pairs,
    facts,
    memo,
    primary_codes,
    selection_deps,
    selection_mask,
)
from vocdesk.engine.store.filter_sql import Selection

#: Values a bitmask holds exactly (float64 sums of distinct powers of two stay exact to 2^53).
MAX_BITS = 52
#: Newest candidate rows an example search looks at first (widened ×8 until enough are found).
EXAMPLE_CHUNK = 4096


def has_customers(db: Database, sel: Selection) -> bool:
    """Whether any selected row carries a customer id (``customer_id IS NOT NULL``)."""
    f = facts(db)
    return bool((selection_mask(db, sel) & f.has_customer).any())


def value_bits(db: Database, sel: Selection, facet: str
               ) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    """(ids ascending, bitmask of value codes per id, values) of the selected rows carrying
    ``facet``, cached per selection; None when the facet has more than :data:`MAX_BITS`
    values (callers fall back to sparse products)."""
    def compute(f) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
        pairs = facet_pairs(db, facet)
        if len(pairs.values) > MAX_BITS:
            return None
        keep = selection_mask(db, sel)[pairs.ids]
        ids, codes = pairs.ids[keep], pairs.codes[keep]
        weights = np.ldexp(1.0, codes.astype(np.int32))          # 2 ** code, exact
        bits = np.bincount(ids, weights=weights, minlength=f.size)
        rows = np.flatnonzero(bits)
        out = bits[rows].astype(np.int64)
        for a in (rows, out):
            a.flags.writeable = False
        return rows, out, list(pairs.values)

    return memo(db, ("value-bits", sel, facet), selection_deps(sel) | {facet}, compute)


def _negative(db: Database, ids: np.ndarray, negative_value: str) -> np.ndarray:
    sent, values = dense_codes(db, "sentiment")
    code = values.index(negative_value) if negative_value in values else -2
    return sent[ids] == code


def cooccurrence(db: Database, sel: Selection, facet: str, negative_value: str = "negative"
                 ) -> dict[str, Any]:
    """Pairwise co-occurrence of a facet's values within rows of the selection.

    Returns ``values``, ``single`` (rows per value), ``both`` (value × value rows with both),
    ``both_negative`` (of those, negative rows) and ``total`` (rows with any value).
    """
    got = value_bits(db, sel, facet)
    if got is None:
        return _cooccurrence_sparse(db, sel, facet, negative_value)
    rows, bits, labels = got
    m = len(labels)
    if len(rows) == 0:
        z = np.zeros((m, m), dtype=np.int64)
        return {"values": labels, "single": np.zeros(m, np.int64), "both": z,
                "both_negative": z.copy(), "total": 0}
    key = (bits << 1) | _negative(db, rows, negative_value)
    patterns, counts = np.unique(key, return_counts=True)       # a few hundred patterns
    member = ((patterns[:, None] >> (np.arange(m) + 1)) & 1).astype(np.int64)
    neg = (patterns & 1).astype(bool)
    both = (member * counts[:, None]).T @ member
    both_neg = (member[neg] * counts[neg, None]).T @ member[neg]
    return {"values": labels, "single": np.diag(both).copy(), "both": both,
            "both_negative": both_neg, "total": int(len(rows))}


def _cooccurrence_sparse(db: Database, sel: Selection, facet: str, negative_value: str
                         ) -> dict[str, Any]:
    """:func:`cooccurrence` for facets with too many values for a bitmask."""
    f = facts(db)
    pairs = facet_pairs(db, facet)
    keep = selection_mask(db, sel)[pairs.ids]
    ids, g, m = pairs.ids[keep], pairs.codes[keep].astype(np.int64), len(pairs.values)
    d = sparse.csr_matrix((np.ones(len(ids)), (ids, g)), shape=(f.size, m))
    d.data[:] = 1.0
    neg_rows = np.zeros(f.size, dtype=bool)
    neg_rows[ids] = _negative(db, ids, negative_value)
    dn = d[np.flatnonzero(neg_rows)]
    both = (d.T @ d).toarray().astype(np.int64)
    present = np.zeros(f.size, dtype=bool)
    present[ids] = True
    return {"values": list(pairs.values), "single": np.diag(both).copy(), "both": both,
            "both_negative": (dn.T @ dn).toarray().astype(np.int64),
            "total": int(present.sum())}


def pair_examples(db: Database, sel: Selection, facet: str,
                  pairs: list[tuple[str, ...]], limit: int) -> list[list[int]]:
    """Per entry of ``pairs``, up to ``limit`` newest selected rows carrying every one of its
    values, negative rows first — what ``array_aggregates.rows_with_all`` returns, for many
    pairs over one bitmask pass."""
    got = value_bits(db, sel, facet)
    if got is None:
        return [rows_with_all(db, sel, facet, tuple(p), limit) for p in pairs]
    rows, bits, labels = got
    index = {v: i for i, v in enumerate(labels)}
    multi = bits & (bits - 1) != 0              # rows with two values or more
    newest = {True: (rows[multi][::-1], bits[multi][::-1]), False: (rows[::-1], bits[::-1])}
    neg = {k: _negative(db, c, "negative") for k, (c, _) in newest.items()}
    out = []
    for p in pairs:
        if any(v not in index for v in p):
            out.append([])
            continue
        two = len(set(p)) >= 2                  # a pair can only be on a multi-value row
        cand, cand_bits = newest[two]
        want = np.int64(sum(1 << index[v] for v in set(p)))
        # the newest rows first, widening until ``limit`` negative hits are found (then no
        # older row can enter the answer) or every row was looked at
        size = EXAMPLE_CHUNK
        while True:
            hit = (cand_bits[:size] & want) == want
            first = cand[:size][hit & neg[two][:size]][:limit]
            if len(first) >= limit or size >= len(cand):
                break
            size *= 8
        rest = cand[:size][hit & ~neg[two][:size]][:max(0, limit - len(first))]
        out.append([int(i) for i in np.concatenate([first, rest])])
    return out


def _contacts(db: Database) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids, customer codes, times) of every row with a customer and a date, by (customer,
    time, id), cached: neither an edit nor a filter changes it (the arrays reload after an
    import or analysis). Gathered once, so a selection only compresses them."""
    def compute(f) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        ids = np.flatnonzero(f.exists & f.has_customer & ~np.isnan(f.ts))
        ids = ids[np.lexsort((ids, f.ts[ids], f.cluster[ids]))]
        got = ids, f.cluster[ids], f.ts[ids]
        for a in got:
            a.flags.writeable = False
        return got

    return memo(db, ("contacts",), frozenset(), compute, pinned=True)


def _in_contact_order(db: Database, facet: str, what: str) -> np.ndarray:
    """Per contact (:func:`_contacts` order): its primary ``facet`` code (``what`` =
    "primary") or whether its ``facet`` dense value is "negative"; cached until an edit of
    ``facet``."""
    def compute(f) -> np.ndarray:
        ids = _contacts(db)[0]
        got = primary_codes(db, facet)[0][ids] if what == "primary" else \
            _negative(db, ids, "negative")
        got.flags.writeable = False
        return got

    return memo(db, ("contact-" + what, facet), frozenset({facet}), compute, pinned=True)


def handoff_arrays(db: Database, sel: Selection, facet: str, window_seconds: float,
                   repeat_facet: str = "category", negative_value: str = "negative"
                   ) -> dict[str, Any]:
    """Hand-offs between consecutive contacts of each customer, vectorised.

    Same definition as ``analytics.breakpoints.count_handoffs`` (the reference, tested
    against it): contacts are the selected rows with a customer, a date and a value of
    ``facet`` (its most confident one), in customer and time order.
    """
    labels = primary_codes(db, facet)[1]
    all_ids, all_cust, all_ts = _contacts(db)
    dept = _in_contact_order(db, facet, "primary")
    keep = selection_mask(db, sel)[all_ids] & (dept >= 0)
    ids, cust, ts, dept = all_ids[keep], all_cust[keep], all_ts[keep], dept[keep]
    same = np.zeros(len(ids), dtype=bool)
    same[1:] = cust[1:] == cust[:-1]
    hand = same.copy()
    hand[1:] &= (dept[1:] != dept[:-1]) & (ts[1:] - ts[:-1] <= window_seconds)
    neg = (_in_contact_order(db, "sentiment", "negative")[keep] if negative_value == "negative"
           else _negative(db, ids, negative_value))
    hi = np.flatnonzero(hand)
    repeat = np.zeros(len(ids), dtype=bool)
    if len(hi) and len(facet_pairs(db, repeat_facet).ids):
        c = value_matrix(db, repeat_facet)
        overlap = np.asarray(c[ids[hi]].multiply(c[ids[hi - 1]]).sum(axis=1)).ravel() > 0
        repeat[hi[overlap]] = True
    failure = hand & (neg | repeat)
    ping = np.zeros(len(ids), dtype=bool)
    ping[2:] = hand[2:] & hand[1:-1] & (dept[2:] == dept[:-2])
    k = max(1, len(labels))
    per = np.bincount(dept[hi - 1] * k + dept[hi], minlength=k * k) if len(hi) else \
        np.zeros(k * k, np.int64)
    return {"customers": int(len(ids) - same.sum()), "handoffs": int(hand.sum()),
            "failures": int(failure.sum()), "ping_pong": int(ping.sum()),
            "per_pair": {(labels[int(c) // k], labels[int(c) % k]): int(per[c])
                         for c in np.flatnonzero(per)},
            "failure_ids": [int(i) for i in ids[failure]]}
