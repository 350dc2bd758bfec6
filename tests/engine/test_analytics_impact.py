"""Theme impact, drivers, scorecards, loyalty and movers against hand values and planted truth."""

from __future__ import annotations

import numpy as np
import pytest

from vocdesk.engine.analytics import impact as imp
from vocdesk.engine.analytics import loyalty as loy
from vocdesk.engine.analytics import scorecards as sc
from vocdesk.engine.analytics.metrics import Figure, nps, proportion
from vocdesk.engine.analytics.movers import movers


def test_impact_matches_a_hand_computed_example():
    # 10 respondents: promoters 10,10,9,10; detractors 6,5,3,0 → NPS 0.
    # The theme sits on 6, 5, 3; without them 10,10,9,8,7,10,0: 4 promoters, 1 detractor of 7
    # → NPS 300/7 = 42.857; impact = 0 − 42.857.
    scores = np.array([10, 10, 9, 8, 7, 6, 5, 3, 10, 0], dtype=float)
    theme = np.zeros((10, 2), dtype=bool)
    theme[[5, 6, 7], 0] = True
    overall, rows = imp.theme_impact(scores, theme, ["late", "none"], resamples=300)
    assert overall == pytest.approx(0.0)
    by = {r.theme: r for r in rows}
    assert by["late"].impact == pytest.approx(-300 / 7)
    assert by["late"].n == 3 and by["late"].nps_theme == pytest.approx(-100.0)
    assert by["late"].ci_low <= by["late"].impact <= by["late"].ci_high
    assert by["none"].impact == 0.0 and by["none"].n == 0
    assert rows[0].theme == "late"                    # most negative first


def _survey(seed: int, n: int = 1500):
    """A planted theme (20 % of respondents) that lowers the score; a neutral one."""
    rng = np.random.default_rng(seed)
    planted = rng.random(n) < 0.2
    neutral = rng.random(n) < 0.2
    base = rng.normal(7.8, 1.8, n) - 2.5 * planted
    scores = np.clip(np.round(base), 0, 10)
    return scores, np.column_stack([planted, neutral])


def test_a_planted_theme_is_found_and_a_neutral_one_is_not():
    found = covered = 0
    for seed in range(20):
        scores, members = _survey(seed)
        _, rows = imp.theme_impact(scores, members, ["planted", "neutral"], resamples=400,
                                   seed=seed)
        by = {r.theme: r for r in rows}
        found += by["planted"].ci_high < 0
        covered += by["neutral"].ci_low <= 0 <= by["neutral"].ci_high
    assert found == 20
    assert covered >= 17                   # a 95 % interval: 17 of 20 or more


def test_lmg_shares_equal_squared_correlations_for_uncorrelated_themes_and_sum_to_r2():
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    n = 4000
    # a 2^2 full factorial: the two indicators are exactly uncorrelated
    x = np.array([[a, b] for a in (0, 1) for b in (0, 1)] * (n // 4), dtype=float)
    y = 1.5 * x[:, 0] + 0.5 * x[:, 1] + rng.normal(0, 1, n)
    values, r2 = imp.lmg(x, y)
    assert values.sum() == pytest.approx(sm.OLS(y, sm.add_constant(x)).fit().rsquared)
    assert r2 == pytest.approx(values.sum())
    for j in range(2):
        assert values[j] == pytest.approx(np.corrcoef(x[:, j], y)[0, 1] ** 2, rel=1e-6)


def test_drivers_rank_the_planted_theme_first_with_a_negative_effect():
    scores, members = _survey(5)
    out = imp.drivers(scores, members, ["planted", "neutral"])
    first = out["drivers"][0]
    assert first.theme == "planted" and first.share > 0.9
    assert first.coef_high < 0
    neutral = out["drivers"][1]
    assert neutral.coef_low <= 0 <= neutral.coef_high
    assert sum(d.share for d in out["drivers"]) == pytest.approx(1.0)


def test_drivers_skip_themes_under_min_n():
    scores, members = _survey(1, n=200)
    members[:, 1] = False
    members[:5, 1] = True
    out = imp.drivers(scores, members, ["planted", "rare"])
    assert [d.theme for d in out["drivers"]] == ["planted"]


def _fig(value, n):
    return Figure(value, value - 1, value + 1, n, "t")


def test_scorecard_ranks_only_units_with_enough_n_and_every_component():
    data = {
        "survey": {"A": {"nps": _fig(40, 100), "rows": _fig(100, 100)},
                   "B": {"nps": _fig(10, 100)}, "C": {"nps": _fig(90, 5)},
                   "D": {"nps": _fig(20, 100)}},
        "service": {"A": {"negative_share": _fig(0.5, 80)},
                    "B": {"negative_share": _fig(0.2, 80)},
                    "C": {"negative_share": _fig(0.1, 80)}},
        "reviews": {},
    }
    out = sc.build(lambda s: data[s], min_n=30)
    units = {u.name: u for u in out["units"]}
    assert units["C"].cells["survey_nps"].rank is None          # n 5: greyed, not ranked
    assert units["C"].rank is None                               # ... so not ranked overall
    assert units["D"].rank is None                               # no service figure
    assert units["A"].cells["survey_nps"].rank == 1
    assert units["B"].cells["service_negative"].rank == 2        # C has the lowest share
    assert units["C"].cells["service_negative"].rank == 1
    # NPS among A, B, D: A 1.0, D 0.5, B 0.0; service among A, B, C: C 1.0, B 0.5, A 0.0
    assert out["ranked_on"] == ["survey_nps", "service_negative"]
    assert units["A"].composite == pytest.approx((1.0 + 0.0) / 2)
    assert units["B"].composite == pytest.approx((0.0 + 0.5) / 2)
    assert [u.name for u in out["units"][:2]] == ["A", "B"]
    assert units["A"].rank == 1 and units["B"].rank == 2
    assert units["A"].cells["survey_rows"].rank is None           # volumes are never ranked


def test_loyalty_rates_and_lift_match_hand_values():
    outcomes = {f"c{i}": (int(i < 30), int(i % 4 == 0)) for i in range(100)}
    groups = {"g": {f"c{i}" for i in range(50)}}
    (row,) = loy.rates_by_group(groups, outcomes)
    # repurchase: 30 of 50 in the group, 0 of 50 in the rest → lift undefined
    assert row["repurchase"]["value"] == pytest.approx(0.6)
    assert row["repurchase"]["lift"]["value"] is None
    # churn: i % 4 == 0 → 13 of 50 (0..48) vs 12 of 50 → lift 13/12
    assert row["churn"]["value"] == pytest.approx(13 / 50)
    lift = row["churn"]["lift"]
    assert lift["value"] == pytest.approx(13 / 12)
    assert lift["ci_low"] < lift["value"] < lift["ci_high"]
    w = proportion(13, 50)
    assert row["churn"]["ci_low"] == pytest.approx(w.low)


def test_transition_matrix_counts_customers_answering_twice():
    first = {"a": 3, "b": 5, "c": 8, "d": 10, "e": 2}
    second = {"a": 9, "b": 4, "c": 10, "d": 10, "x": 0}
    out = loy.transitions(first, second, fixed={"a"})
    assert out["customers"] == 4
    assert out["all"]["matrix"] == [[1, 0, 1], [0, 0, 1], [0, 0, 1]]
    assert out["all"]["detractors_to_promoters"]["value"] == pytest.approx(0.5)
    assert out["fixed"]["matrix"] == [[0, 0, 1], [0, 0, 0], [0, 0, 0]]
    assert out["not_fixed"]["n"] == 3


def test_movers_rank_a_planted_change_first_and_leave_a_stable_theme_insignificant():
    before = {"grew": 100, "stable": 300, "rare": 3}
    now = {"grew": 220, "stable": 305, "rare": 9}
    out = movers(now, 2000, before, 2000)
    assert out[0]["theme"] == "grew" and out[0]["significant"]
    assert out[0]["ci_low"] > 0
    stable = next(r for r in out if r["theme"] == "stable")
    assert not stable["significant"]
    assert all(r["theme"] != "rare" for r in out)          # under min n in both periods


def test_nps_of_impact_equals_the_metrics_nps():
    scores, _ = _survey(2, n=300)
    overall, _ = imp.theme_impact(scores, np.zeros((300, 0), bool), [], resamples=10)
    p, d = int((scores >= 9).sum()), int((scores <= 6).sum())
    assert overall == pytest.approx(nps(p, d, 300).value)


def test_impact_interval_covers_the_true_impact_by_simulation():
    """Truth from two million respondents; 200 samples of 800 (percentile bootstrap: the
    coverage measured here was 0.925, so the band allows for its slight optimism)."""
    def draw(rng, n):
        planted = rng.random(n) < 0.2
        base = rng.normal(7.8, 1.8, n) - 2.5 * planted
        return np.clip(np.round(base), 0, 10), planted[:, None]

    s, m = draw(np.random.default_rng(0), 2_000_000)
    cls = imp.nps_class(s)
    truth = 100 * cls.mean() - 100 * cls[~m[:, 0]].mean()
    hits = 0
    for i in range(200):
        s, m = draw(np.random.default_rng(i + 1), 800)
        _, (r,) = imp.theme_impact(s, m, ["p"], resamples=500, seed=i)
        hits += r.ci_low <= truth <= r.ci_high
    assert 0.88 <= hits / 200 <= 0.99


def _respondent_bootstrap(scores, members, resamples, seed):
    """The former resampling (one multinomial count per respondent): the reference."""
    cls = imp.nps_class(scores)
    n = len(cls)
    out_m = (~members).astype(float)
    w = np.random.default_rng(seed).multinomial(n, np.full(n, 1.0 / n), size=resamples)
    d = 100.0 * ((w @ cls)[:, None] / n - (w @ (out_m * cls[:, None])) / (w @ out_m))
    return np.quantile(d, [0.025, 0.975], axis=0)


def test_pattern_bootstrap_matches_the_respondent_bootstrap():
    """Resampling the distinct (class, themes) patterns is the respondent multinomial summed
    within patterns: same point, and the same interval up to Monte-Carlo error."""
    scores, members = _survey(5, n=2000)
    _, rows = imp.theme_impact(scores, members, ["planted", "neutral"], resamples=4000)
    ref = _respondent_bootstrap(scores, members, 4000, seed=1)
    for j, theme in enumerate(["planted", "neutral"]):
        r = next(x for x in rows if x.theme == theme)
        assert r.ci_low == pytest.approx(ref[0, j], abs=0.8)
        assert r.ci_high == pytest.approx(ref[1, j], abs=0.8)


def test_patterns_group_identical_respondents_with_many_themes_too():
    rng = np.random.default_rng(0)
    for k in (3, 60):                      # one integer key, and the row-wise fallback
        members = rng.random((500, k)) < 0.02
        cls = imp.nps_class(rng.integers(0, 11, 500))
        first, counts = imp._patterns(cls, members)
        assert counts.sum() == 500
        keys = {(c, m.tobytes()) for c, m in zip(cls, members, strict=True)}
        assert len(first) == len(keys)
        got = {(cls[i], members[i].tobytes()): c for i, c in zip(first, counts, strict=True)}
        for key, c in got.items():
            assert c == sum(1 for x, m in zip(cls, members, strict=True)
                            if (x, m.tobytes()) == key)


def _lmg_reference(x, y):
    """The former LMG: one pinv per subset, Shapley sums over itertools.combinations."""
    import math
    from itertools import combinations

    k = x.shape[1]
    sd = x.std(0)
    z = np.zeros_like(x)
    z[:, sd > 0] = (x[:, sd > 0] - x[:, sd > 0].mean(0)) / sd[sd > 0]
    yz = (y - y.mean()) / (y.std() or 1.0)
    corr, r = (z.T @ z) / len(y), (z.T @ yz) / len(y)

    def r2(s):
        return float(r[list(s)] @ np.linalg.pinv(corr[np.ix_(s, s)]) @ r[list(s)]) if s else 0.0

    values = np.zeros(k)
    for j in range(k):
        others = [i for i in range(k) if i != j]
        for size in range(k):
            w = math.factorial(size) * math.factorial(k - size - 1) / math.factorial(k)
            for s in combinations(others, size):
                values[j] += w * (r2(tuple(sorted((*s, j)))) - r2(s))
    return values, r2(tuple(range(k)))


def test_batched_lmg_equals_the_per_subset_reference():
    rng = np.random.default_rng(7)
    n, k = 3000, 6
    x = (rng.random((n, k)) < rng.uniform(0.05, 0.4, k)).astype(float)
    x[:, 5] = x[:, 4]                          # a duplicate column: the pseudo-inverse path
    y = np.clip(np.round(8 - 2 * x[:, 0] - x[:, 1] + 0.5 * x[:, 2] + rng.normal(0, 2, n)),
                0, 10)
    values, r2 = imp.lmg(x, y)
    ref, ref_r2 = _lmg_reference(x, y)
    assert values == pytest.approx(ref, rel=1e-9, abs=1e-12)
    assert r2 == pytest.approx(ref_r2, rel=1e-9)


@pytest.mark.parametrize("k", [1, 4, 8])
def test_pattern_ols_hc1_equals_statsmodels(k):
    import statsmodels.api as sm

    rng = np.random.default_rng(k)
    n = 5000
    x = rng.random((n, k)) < rng.uniform(0.05, 0.5, k)
    y = np.clip(np.round(7.5 - 2 * x[:, 0] + rng.normal(0, 2, n)), 0, 10)
    params, ci = imp.ols_hc1(x, y)
    fit = sm.OLS(y, sm.add_constant(x.astype(float), has_constant="add")).fit(cov_type="HC1")
    assert params == pytest.approx(np.asarray(fit.params), rel=1e-9, abs=1e-10)
    assert ci == pytest.approx(np.asarray(fit.conf_int(alpha=0.05)), rel=1e-9, abs=1e-10)


def test_pattern_ols_splits_two_identical_themes_evenly():
    """Behaviour change: two themes always on the same rows. statsmodels' SVD of the full
    design keeps a ~1e-13 singular value there and returned coefficients of ±1e12; the
    pattern fit cuts it (the pseudo-inverse's minimum-norm solution): half each."""
    rng = np.random.default_rng(3)
    n = 4000
    a = rng.random(n) < 0.3
    y = np.clip(np.round(8 - 2 * a + rng.normal(0, 1.5, n)), 0, 10)
    one, _ = imp.ols_hc1(a[:, None], y)
    two, ci = imp.ols_hc1(np.column_stack([a, a]), y)
    assert two[0] == pytest.approx(one[0])
    assert two[1] == pytest.approx(one[1] / 2) and two[2] == pytest.approx(one[1] / 2)
    assert np.all(np.isfinite(ci)) and np.all(ci[:, 0] <= two) and np.all(two <= ci[:, 1])
