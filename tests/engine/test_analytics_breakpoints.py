"""Breakpoints: a planted linked department pair ranks first; hand-offs counted exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vocdesk.engine.analytics.breakpoints import NO_CUSTOMERS, count_handoffs

DAY = 86400.0


def test_handoffs_on_a_hand_written_contact_log():
    t0 = 1.75e9
    contacts = [
        (1, "A", t0, "销售部"), (2, "A", t0 + DAY, "售后服务部"),      # hand-off, negative
        (3, "A", t0 + 2 * DAY, "销售部"),                              # back: ping-pong, repeat
        (4, "B", t0, "物流部"), (5, "B", t0 + 10 * DAY, "客服中心"),   # beyond 7 days
        (6, "C", t0, "物流部"), (7, "C", t0 + 3600, "物流部"),          # same department
        (8, "D", t0, "物流部"), (9, "D", t0 + DAY, "客服中心"),         # hand-off, fine
    ]
    cats = {2: {"退换售后"}, 3: {"退换售后"}, 9: {"物流配送"}, 8: {"产品质量"}}
    h = count_handoffs(contacts, negative={2}, categories=cats)
    assert (h.customers, h.handoffs, h.failures, h.ping_pong) == (4, 3, 2, 1)
    assert h.failure_ids == [2, 3]
    assert h.per_pair[("销售部", "售后服务部")] == 1 and h.per_pair[("售后服务部", "销售部")] == 1
    r = h.rate(h.failures)
    assert r.value == 50.0 and r.low < 50.0 < r.high
    assert count_handoffs(contacts, {2}, cats, window_days=30).handoffs == 4


def test_handoffs_agree_with_a_pandas_count_on_a_generated_log():
    rng = np.random.default_rng(4)
    n = 3000
    log = pd.DataFrame({"id": np.arange(1, n + 1), "customer": rng.integers(0, 400, n).astype(str),
                        "ts": rng.uniform(0, 120 * DAY, n),
                        "dept": rng.choice(["A", "B", "C"], n, p=[0.6, 0.3, 0.1])})
    log = log.sort_values(["customer", "ts", "id"])
    negative = set(log.id[rng.random(n) < 0.3])
    h = count_handoffs(list(log.itertuples(index=False, name=None)), negative, {})
    prev = log.groupby("customer").shift(1)
    hand = (prev.dept.notna() & (prev.dept != log.dept) & (log.ts - prev.ts <= 7 * DAY))
    assert h.handoffs == int(hand.sum())
    assert h.failures == int((hand & log.id.isin(negative)).sum())
    prev2 = log.groupby("customer").shift(2)
    pp = hand & (prev.ts - prev2.ts <= 7 * DAY) & (prev2.dept == log.dept) & (prev2.dept != prev.dept)
    assert h.ping_pong == int(pp.sum())


def _workspace(path, dept_sets, customers=None, negative=()):
    from vocdesk.engine.store import feedback as store_feedback
    from vocdesk.engine.store import sources as store_sources
    from vocdesk.engine.store import tags as store_tags
    from vocdesk.engine.store import transaction
    from vocdesk.engine.workspace import Workspace

    ws = Workspace.create(path)
    recs, tags = [], []
    for i, ds in enumerate(dept_sets, start=1):
        cust = customers[i - 1] if customers else None
        recs.append((1, i, None, i, f"反馈{i}", None, 1.75e9 + i * 3600.0, "app", cust, None,
                     None, None, None, None, None, None, None, "zh", f"h{i}", None, None, None))
        tags += [(i, "department", d, 0.9 - 0.1 * k, "t", None) for k, d in enumerate(ds)]
        tags.append((i, "sentiment", "negative" if i in negative else "positive", 0.9, "t", None))
    with transaction(ws.db):
        store_sources.add_source(ws.db, kind="feedback", file_name="gen", file_path=None,
                                 file_hash=None, file_size=None, fmt="gen", encoding=None,
                                 channel=None, mapping={}, options={})
        store_feedback.insert_feedback(ws.db, recs)
        store_tags.replace_auto_tags(ws.db, list(range(1, len(recs) + 1)), tags, [])
    return ws


def _generated(seed: int):
    """Common P and Q co-occur by chance; rare X and Y co-occur far beyond it."""
    rng = np.random.default_rng(seed)
    sets = []
    for _ in range(3000):
        ds = {d for d, p in (("P", 0.4), ("Q", 0.35), ("R", 0.2)) if rng.random() < p}
        if rng.random() < 0.03:
            ds |= {"X", "Y"}
        elif rng.random() < 0.03:
            ds.add(rng.choice(["X", "Y"]))
        sets.append(sorted(ds) or ["R"])
    return sets


def test_a_linked_pair_outranks_a_frequent_chance_pair(tmp_path):
    found, chance_flagged = 0, 0
    for seed in range(5):
        ws = _workspace(tmp_path / f"w{seed}.vocdesk", _generated(seed))
        with ws:
            pairs = ws.breakpoints.compute()["pairs"]
        top = pairs[0]
        found += top.departments == ("X", "Y") and top.q < 0.05
        pq = next(p for p in pairs if p.departments == ("P", "Q"))
        assert pq.n > top.n                       # the chance pair is the more frequent one
        chance_flagged += pq.q < 0.05
    assert found == 5 and chance_flagged <= 1


def test_breakpoints_without_customer_ids_say_so_and_with_them_count(tmp_path):
    sets = [["销售部", "售后服务部"], ["售后服务部"], ["物流部"]] * 20
    with _workspace(tmp_path / "a.vocdesk", sets) as ws:
        d = ws.breakpoints.to_dict()
        assert d["handoffs"]["note"] == NO_CUSTOMERS and d["handoffs"]["handoffs"] == 0
        assert d["pairs"][0]["departments"] == ["售后服务部", "销售部"]
        assert d["pairs"][0]["n"] == 20 and d["pairs"][0]["example_ids"]
    custs = [f"c{i // 3}" for i in range(60)]
    with _workspace(tmp_path / "b.vocdesk", sets, custs, negative={2, 5}) as ws:
        ho = ws.breakpoints.to_dict()["handoffs"]
        # per customer: 销售部 (primary of row 1) → 售后服务部 → 物流部, an hour apart
        assert ho["note"] is None and ho["customers"] == 20 and ho["handoffs"] == 40
        assert ho["failures"] == 2


def test_vectorised_handoffs_equal_the_reference_loop(tmp_path):
    from vocdesk.engine.analytics.breakpoints import handoffs, handoffs_reference
    from vocdesk.engine.domain import FeedbackFilter

    rng = np.random.default_rng(2)
    depts = ["销售部", "售后服务部", "物流部", "客服中心"]
    sets = [list(rng.choice(depts, size=int(rng.integers(1, 3)), replace=False))
            for _ in range(900)]
    custs = [f"c{int(c)}" for c in rng.integers(0, 150, 900)]
    negative = {int(i) for i in np.flatnonzero(rng.random(900) < 0.3) + 1}
    with _workspace(tmp_path / "v.vocdesk", sets, custs, negative=negative) as ws:
        ws.set_human_tags([5, 6, 7], "department", ["物流部"], who="t")     # patched arrays
        sel = ws.metrics.selection()
        for days in (7, 0.05, 60):
            a, b = handoffs(ws.db, sel, days), handoffs_reference(ws.db, sel, days)
            assert (a.customers, a.handoffs, a.failures, a.ping_pong) == (
                b.customers, b.handoffs, b.failures, b.ping_pong)
            assert a.per_pair == b.per_pair and sorted(a.failure_ids) == sorted(b.failure_ids)
            assert b.handoffs > 0 or days < 1
        sel = ws.metrics.selection(FeedbackFilter(sentiment=["negative"]))
        a, b = handoffs(ws.db, sel), handoffs_reference(ws.db, sel)
        assert (a.handoffs, a.failures, a.ping_pong) == (b.handoffs, b.failures, b.ping_pong)
        # edits after the cached contact arrays were built: department and sentiment
        ws.set_human_tags([10, 11, 12], "department", ["客服中心"], who="t")
        ws.set_human_tags([13, 14, 15], "sentiment", ["negative"], who="t")
        for s in (ws.metrics.selection(), sel):
            a, b = handoffs(ws.db, s), handoffs_reference(ws.db, s)
            assert (a.customers, a.handoffs, a.failures, a.ping_pong, a.per_pair) == (
                b.customers, b.handoffs, b.failures, b.ping_pong, b.per_pair)


def test_bitmask_cooccurrence_and_examples_equal_the_sparse_and_per_pair_paths(tmp_path,
                                                                             monkeypatch):
    """The bitmask patterns (pair_arrays) give the sparse products' counts and the same
    example rows as ``rows_with_all`` per pair, also after a human edit and under a filter."""
    from vocdesk.engine.domain import FeedbackFilter
    from vocdesk.engine.store import array_aggregates as arr
    from vocdesk.engine.store import pair_arrays as pa

    monkeypatch.setattr(pa, "EXAMPLE_CHUNK", 3)        # the widening search, on small data
    rng = np.random.default_rng(7)
    depts = ["销售部", "售后服务部", "物流部", "客服中心", "技术部"]
    sets = [list(rng.choice(depts, size=int(rng.integers(1, 4)), replace=False))
            for _ in range(700)]
    negative = {int(i) for i in np.flatnonzero(rng.random(700) < 0.4) + 1}
    with _workspace(tmp_path / "b.vocdesk", sets, negative=negative) as ws:
        ws.set_human_tags([3, 4], "department", ["物流部", "技术部"], who="t")
        for flt in (None, FeedbackFilter(sentiment=["negative"]),
                    FeedbackFilter(facets={"department": ["物流部"]})):
            sel = ws.metrics.selection(flt)
            fast = pa.cooccurrence(ws.db, sel, "department")
            slow = pa._cooccurrence_sparse(ws.db, sel, "department", "negative")
            assert fast["values"] == slow["values"] and fast["total"] == slow["total"]
            for k in ("single", "both", "both_negative"):
                assert np.array_equal(fast[k], slow[k]), k
            pairs = [("物流部", "技术部"), ("销售部", "售后服务部"), ("客服中心",), ("无", "物流部")]
            for limit in (1, 5, 40, 10_000):
                assert pa.pair_examples(ws.db, sel, "department", pairs, limit) == [
                    arr.rows_with_all(ws.db, sel, "department", p, limit) for p in pairs]
            assert pa.has_customers(ws.db, sel) is False
