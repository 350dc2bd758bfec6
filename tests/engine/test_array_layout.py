"""The grouped aggregates' O(n) ordering (a cached sort by customer / respondent, then a
radix sort of the group codes) gives exactly — float for float — what the former per-call
argsort of (group << 42 | key) gave, for every kind of grouping and after human edits."""

from __future__ import annotations

import numpy as np
import pytest

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.store import array_aggregates as arr
from vocdesk.engine.store.facts import facts, selection_mask
from vocdesk.engine.workspace import Workspace

SHIFT = 42


def _sentiment_reference(db, sel, by):
    """The former ``_sentiment_layout`` + moments (argsort of the composite key)."""
    f = facts(db)
    ids, g, labels = arr._groups(db, f, selection_mask(db, sel), by)
    if len(ids) == 0:
        return None
    m = len(labels)
    key = (g << SHIFT) | f.cluster[ids]
    order = np.argsort(key, kind="stable")
    skey = key[order]
    start = np.ones(len(skey), dtype=bool)
    start[1:] = skey[1:] != skey[:-1]
    inv = np.empty(len(key), dtype=np.int64)
    inv[order] = np.cumsum(start) - 1
    pg = skey[start] >> SHIFT
    pair_cust = np.zeros(len(pg), dtype=bool)
    pair_cust[inv[f.has_customer[ids]]] = True
    score = f.score[ids]
    ok = ~np.isnan(score)
    n_scored = np.bincount(inv[ok], minlength=len(pg))
    total = np.bincount(inv[ok], weights=score[ok], minlength=len(pg))
    has = n_scored > 0
    means = total[has] / n_scored[has]
    pg = pg[has]
    return (labels, np.bincount(g, minlength=m).tolist(),
            np.bincount(pg, minlength=m).tolist(),
            np.bincount(pg, weights=means, minlength=m).tolist(),
            np.bincount(pg, weights=means * means, minlength=m).tolist(),
            np.bincount(g[ok], minlength=m).tolist(), means.tolist(),
            np.bincount((skey[start] >> SHIFT)[pair_cust], minlength=m).tolist())


def _sentiment_new(db, sel, by):
    f = facts(db)
    lay = arr._sentiment_layout(db, f, sel, by)
    if lay is None:
        return None
    ids, g, labels, rows, customers, means, pg, (k, s1, s2, scored) = lay
    return (labels, rows.tolist(), k.tolist(), s1.tolist(), s2.tolist(), scored.tolist(),
            means.tolist(), customers.tolist())


def _scores_reference(db, sel, by):
    """The former ``_group_scores`` (lexsort by (group, respondent, id))."""
    f = facts(db)
    ids, g, labels = arr._groups(db, f, selection_mask(db, sel), by)
    any_score = ~(np.isnan(f.nps[ids]) & np.isnan(f.csat[ids]) & np.isnan(f.ces[ids]))
    ids, g = ids[any_score], g[any_score]
    if len(ids) == 0:
        return {}
    key = (g << SHIFT) | f.respondent[ids]
    order = np.lexsort((ids, key))
    key, ids, g = key[order], ids[order], g[order]
    last = np.ones(len(key), dtype=bool)
    last[:-1] = key[1:] != key[:-1]
    ids, g = ids[last], g[last]
    m = len(labels)
    ces = f.ces[ids]
    ces0 = np.where(~np.isnan(ces), ces, 0.0)
    return {"ids": sorted(ids.tolist()), "n": np.bincount(g, minlength=m).tolist(),
            "s1": np.bincount(g, weights=ces0, minlength=m).tolist(),
            "s2": np.bincount(g, weights=ces0 * ces0, minlength=m).tolist()}


def _scores_new(db, sel, by):
    f = facts(db)
    ids, g, labels = arr._groups_sorted(db, f, arr._scored_mask(db, sel), by, "respondent")
    if len(ids) == 0:
        return {}
    r = f.respondent[ids]
    last = np.ones(len(ids), dtype=bool)
    last[:-1] = (g[1:] != g[:-1]) | (r[1:] != r[:-1])
    ids, g = ids[last], g[last]
    m = len(labels)
    ces = f.ces[ids]
    ces0 = np.where(~np.isnan(ces), ces, 0.0)
    return {"ids": sorted(ids.tolist()), "n": np.bincount(g, minlength=m).tolist(),
            "s1": np.bincount(g, weights=ces0, minlength=m).tolist(),
            "s2": np.bincount(g, weights=ces0 * ces0, minlength=m).tolist()}


BYS = [None, "month", "day", "channel", "touchpoint", "category", "sentiment"]


def _check(ws):
    db = ws.db
    seen = {"rows": 0, "customers": 0, "scores": 0}
    for flt in (None, FeedbackFilter(channels=["app_store", "survey"]),
                FeedbackFilter(sentiment=["negative"])):
        sel = ws.metrics.selection(flt)
        if "day" in BYS:
            ws.metrics.by("day", flt)                  # the periods filled
        for by in BYS:
            got = _sentiment_new(db, sel, by)
            assert got == _sentiment_reference(db, sel, by), by
            scores = _scores_new(db, sel, by)
            assert scores == _scores_reference(db, sel, by), by
            seen["rows"] += bool(got and sum(got[1]))
            seen["customers"] += bool(got and sum(got[7]))
            seen["scores"] += bool(scores and sum(scores["n"]))
    assert min(seen.values()) > 0, seen


def _with_scores(ws):
    """Scores and repeat respondents on the small workspace (it has none), then a new
    analysis token so the cached arrays reload."""
    import uuid

    from vocdesk.engine.store.settings import set_setting
    from vocdesk.engine.store.tags import AUTO_TAGS_GENERATION

    ws.db.execute("UPDATE feedback SET nps = CASE WHEN id % 5 THEN (id * 7) % 11 END, "
                  "csat = CASE WHEN id % 3 = 0 THEN 1 + id % 5 END, "
                  "ces = CASE WHEN id % 4 = 0 THEN 1 + id % 7 END, "
                  "respondent_id = CASE WHEN id % 2 = 0 THEN 'R' || (id % 50) END")
    set_setting(ws.db, AUTO_TAGS_GENERATION, uuid.uuid4().hex)
    ws.db.conn.commit()
    return ws


def test_sorted_groups_equal_the_argsort_reference(small_workspace):
    with Workspace.open(small_workspace) as ws:
        _check(_with_scores(ws))


@pytest.mark.parametrize("facet", ["touchpoint", "category"])
def test_sorted_groups_equal_the_reference_after_edits(small_workspace, facet):
    """After edits (an edited row's pair is re-inserted in value-then-row order) ties must still
    follow _groups."""
    with Workspace.open(small_workspace) as ws:
        _check(_with_scores(ws))
        values = [v.value for v in ws.taxonomy.facet(facet).values]
        ids = [i for i, in ws.db.execute("SELECT id FROM feedback WHERE nps IS NOT NULL "
                                         "OR customer_id IS NOT NULL LIMIT 12")]
        for step, fid in enumerate(ids):
            ws.set_human_tags([fid], facet, [values[step % len(values)]], who="test")
        _check(ws)


def test_trying_many_filters_keeps_the_selection_free_caches(small_workspace):
    """Per-selection entries are dropped past MAX_DERIVED; the sort orders and per-customer
    arrays (pinned) stay, so the next new filter does not re-sort a million codes."""
    from vocdesk.engine.store import facts as facts_mod

    with Workspace.open(small_workspace) as ws:
        ws.insights.loyalty()
        ws.metrics.summary()
        f = facts(ws.db)
        pinned = set(f.pinned)
        assert ("key-order", "cluster", None) in pinned and ("customer_names",) in pinned
        kept = {k: f.derived[k] for k in pinned}
        for day in range(1, 29):
            flt = FeedbackFilter(date_from=f"2025-01-{day:02d}")
            ws.metrics.summary(flt)
            ws.metrics.table("month", flt)
        assert len(f.derived) - len(f.pinned) <= facts_mod.MAX_DERIVED + 1
        assert all(f.derived.get(k) is v for k, v in kept.items())
