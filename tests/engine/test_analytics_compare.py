"""Two periods / segments on one map: Newcombe and Welch against hand-computed values, a planted
change found and no change found when the two sides are the same population."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from vocdesk.engine.analytics.compare import compare_groups, newcombe_difference, welch_difference
from vocdesk.engine.analytics.concentrate import headline
from vocdesk.engine.analytics.highs_lows import Moments


def _wilson(k: int, n: int) -> tuple[float, float]:
    z = stats.norm.ppf(0.975)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_newcombe_matches_the_hybrid_score_formula_by_hand():
    kb, nb, ka, na = 30, 100, 18, 120
    p1, p2 = kb / nb, ka / na
    l1, u1 = _wilson(kb, nb)
    l2, u2 = _wilson(ka, na)
    d = p1 - p2
    lo = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    f = newcombe_difference(kb, nb, ka, na)
    assert f.value == pytest.approx(d)
    assert (f.low, f.high) == (pytest.approx(lo, abs=1e-9), pytest.approx(hi, abs=1e-9))
    assert newcombe_difference(3, 10, 0, 0).value is None


def _moments(x: np.ndarray) -> Moments:
    return Moments("x", len(x), float(x.sum()), float((x * x).sum()))


def test_welch_interval_and_p_match_scipy():
    rng = np.random.default_rng(1)
    a, b = rng.normal(0.6, 0.2, 80), rng.normal(0.5, 0.35, 50)
    f, p = welch_difference(_moments(b), _moments(a))
    ref = stats.ttest_ind(b, a, equal_var=False)
    lo, hi = ref.confidence_interval(0.95)
    assert f.value == pytest.approx(b.mean() - a.mean())
    assert (f.low, f.high) == (pytest.approx(lo), pytest.approx(hi))
    assert p == pytest.approx(ref.pvalue)


TPS = [("s1", f"t{i}") for i in range(8)]


def _groups(rng, shift: dict[str, float], n: int = 200) -> dict[str, dict]:
    out = {}
    for _s, name in TPS:
        base = 0.55 + 0.03 * int(name[1:]) + shift.get(name, 0.0)
        x = np.clip(rng.normal(base, 0.25, n), 0, 1)
        neg = int((x < 0.35).sum())
        out[name] = {"rows": n, "tagged": n, "negative": neg, "k": n, "s1": float(x.sum()),
                     "s2": float((x * x).sum())}
    return out


def test_a_planted_change_is_found_and_nothing_else():
    found, others = 0, 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        res = compare_groups(TPS, _groups(rng, {}), _groups(rng, {"t3": -0.15}))
        by = {c.name: c for c in res}
        found += by["t3"].flag == "worse" and by["t3"].negative_diff.value > 0
        others += any(c.flag for c in res if c.name != "t3")
    assert found >= 19 and others <= 1


def test_no_change_is_found_between_samples_of_one_population():
    alarms = 0
    for seed in range(20):
        rng = np.random.default_rng(100 + seed)
        res = compare_groups(TPS, _groups(rng, {}), _groups(rng, {}))
        alarms += any(c.flag for c in res)
    assert alarms <= 1


def test_small_touchpoints_are_not_tested():
    rng = np.random.default_rng(5)
    a, b = _groups(rng, {}, n=20), _groups(rng, {"t1": -0.4}, n=20)
    assert all(c.p_holm is None and c.flag is None for c in compare_groups(TPS, a, b))


# --- on a real workspace ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from vocdesk.engine.demo_workspace import build_demo_workspace
    from vocdesk.engine.workspace import Workspace

    path = tmp_path_factory.mktemp("demo") / "demo.vocdesk"
    build_demo_workspace(path, rows=3000)
    ws = Workspace.open(path)
    yield ws
    ws.close()


def test_concentration_of_the_negatives_points_at_address_editing(demo):
    from vocdesk.engine.domain import FeedbackFilter

    flt = FeedbackFilter(facets={"sentiment": ["negative"], "touchpoint": ["地址填写与修改", "优惠券"]})
    res = demo.journey.concentration(flt)
    tps = {s.value: s for s in res["facets"]["touchpoint"]}
    total = res["total"]
    assert total > 0
    addr = tps["地址填写与修改"]
    ids = demo.journey.touchpoint_ids("地址填写与修改", flt)
    assert round(addr.share.value * total) == len(ids)
    assert addr.share.low <= addr.share.value <= addr.share.high
    top = headline(res)
    assert top is not None and top.share.value >= addr.share.value


def test_compare_on_the_demo_gives_every_touchpoint(demo):
    from vocdesk.engine.domain import FeedbackFilter

    a = FeedbackFilter(date_to="2026-06-30")
    b = FeedbackFilter(date_from="2026-07-01")
    res = demo.journey.compare(a, b)
    assert [c.name for c in res] == [t for _s, t in demo.journey.definition().touchpoints()]
    assert all(c.rows_a + c.rows_b == len(demo.journey.touchpoint_ids(c.name)) for c in res)


def test_headline_of_an_empty_selection():
    assert headline({"total": 0, "facets": {"touchpoint": []}}) is None


def test_two_customer_segments_compare_exactly_their_customers_rows(demo):
    from vocdesk.engine.analytics.compare import segment_filters
    from vocdesk.engine.domain import FeedbackFilter
    from vocdesk.engine.errors import UsageError

    segments = demo.browse.filter_options()["segments"]
    assert len(segments) >= 2
    base = FeedbackFilter(date_from="2026-01-01")
    a, b = segment_filters(base, segments[0], segments[1])
    assert (a.segments, b.segments, a.date_from) == ([segments[0]], [segments[1]], "2026-01-01")
    assert base.segments == []                                      # the base is untouched
    res = demo.journey.compare(a, b)
    assert sum(c.rows_a for c in res) > 0 and sum(c.rows_b for c in res) > 0
    for c in res:
        assert c.rows_a == len(demo.journey.touchpoint_ids(c.name, a))
        assert c.rows_b == len(demo.journey.touchpoint_ids(c.name, b))
    every = [segment_filters(base, s, segments[0] if s != segments[0] else segments[1])[0]
             for s in segments]
    total = sum(len(demo.journey.touchpoint_ids(res[0].name, f)) for f in every)
    with_customer = len(demo.journey.touchpoint_ids(res[0].name, base))
    assert total <= with_customer                                   # segments are disjoint
    with pytest.raises(UsageError):
        segment_filters(base, segments[0], segments[0])
