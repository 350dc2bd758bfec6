"""Metrics against hand-computed values, and their intervals by simulated coverage."""

from __future__ import annotations

import numpy as np
import pytest

from vocdesk.engine.analytics import metrics as m


def test_nps_adjusted_wald_matches_hand_computation():
    # 50 promoters, 20 detractors of 100. By hand: n' = 103, p' = 50.75/103 = 0.492718,
    # d' = 20.75/103 = 0.201456, NPS' = 0.291262, Var = (0.694175 − 0.084834)/103 = 0.0059159,
    # SE = 0.076915, ±1.959964·SE = ±0.150752 → [14.05, 44.20]; the estimate stays 30.
    f = m.nps(50, 20, 100)
    assert f.value == pytest.approx(30.0)
    assert f.low == pytest.approx(14.05, abs=0.01)
    assert f.high == pytest.approx(44.20, abs=0.01)
    assert f.n == 100 and not f.low_n


def test_nps_interval_is_clipped_to_the_scale_and_small_n_is_flagged():
    f = m.nps(10, 0, 10)
    assert f.value == 100.0 and f.high == 100.0 and f.low < 100.0
    assert f.low_n


def test_the_nps_interval_always_holds_the_nps_shown_beside_it():
    # one promoter: adjusted-Wald by hand is 25 ± 73.5 → [−48.5, 98.5], which misses 100
    f = m.nps(1, 0, 1)
    assert f.value == 100.0 and f.high == 100.0
    assert f.low == pytest.approx(-48.5, abs=0.1)
    g = m.nps(0, 2, 2)
    assert g.value == -100.0 and g.low == -100.0 and g.high > g.value
    for p_, d_, n_ in [(0, 0, 3), (3, 0, 3), (5, 5, 10), (40, 2, 45)]:
        h = m.nps(p_, d_, n_)
        assert h.low <= h.value <= h.high


def test_nps_difference_adds_variances():
    a, b = m.nps(50, 20, 100), m.nps(30, 30, 100)
    d = m.nps_difference((50, 20, 100), (30, 30, 100))
    assert d.value == pytest.approx(30.0)
    half_a, half_b = (a.high - a.low) / 2, (b.high - b.low) / 2
    assert (d.high - d.low) / 2 == pytest.approx(np.hypot(half_a, half_b), rel=1e-3)


def test_wilson_matches_hand_computation():
    # 8 of 20: centre (0.4 + 1.9208/20)/(1 + 3.8416/20) = 0.416113,
    # half 1.96·sqrt(0.012 + 0.0024010)/1.19208 = 0.197310 → [0.2188, 0.6134]
    f = m.proportion(8, 20)
    assert f.value == pytest.approx(0.4)
    assert f.low == pytest.approx(0.2188, abs=1e-3)
    assert f.high == pytest.approx(0.6134, abs=1e-3)
    assert m.proportion(0, 0).value is None


def test_many_wilson_intervals_in_one_call_equal_one_by_one():
    ks, ns = [0, 8, 3, 0, 30, 7], [5, 20, 3, 0, 1000, 9]
    assert m.proportions(ks, ns) == [m.proportion(k, n) for k, n in zip(ks, ns, strict=True)]
    assert m.proportions([], []) == []


def test_ces_t_interval_matches_hand_computation():
    # 1..5: mean 3, sd 1.5811, SE 0.7071, t(4, .975) = 2.7764 → [1.0368, 4.9632]
    x = np.arange(1, 6, dtype=float)
    f = m.ces(5, x.sum(), (x * x).sum())
    assert f.value == pytest.approx(3.0)
    assert f.low == pytest.approx(1.0368, abs=1e-3)
    assert f.high == pytest.approx(4.9632, abs=1e-3)


@pytest.mark.parametrize("n", [30, 100, 500, 2000])
def test_nps_interval_covers_the_truth_93_to_97_percent(n):
    rng = np.random.default_rng(n)
    p, d = 0.45, 0.25
    truth = 100 * (p - d)
    counts = rng.multinomial(n, [p, d, 1 - p - d], size=2000)
    hits = 0
    for pr, de, _ in counts:
        f = m.nps(int(pr), int(de), n)
        hits += f.low <= truth <= f.high
    assert 0.93 <= hits / len(counts) <= 0.97


def test_wilson_interval_covers_the_truth():
    rng = np.random.default_rng(1)
    n, p = 100, 0.3
    ks = rng.binomial(n, p, size=2000)
    cover = np.mean([(f := m.proportion(int(k), n)).low <= p <= f.high for k in ks])
    assert 0.93 <= cover <= 0.97


def test_bootstrap_over_customers_covers_the_truth_when_customers_write_many_rows():
    """Customers write 1–15 rows that share a customer effect: the interval is over customers.

    The target is the mean over customers of their mean score (each customer counts once);
    a row-level t interval would be far too narrow here (rows are not independent).
    """
    rng = np.random.default_rng(3)
    mu, hits, naive_hits, sims = 0.5, 0, 0, 200
    for _ in range(sims):
        k = 60
        effect = rng.normal(mu, 0.15, k)
        sizes = rng.integers(1, 16, k)
        rows = [np.clip(rng.normal(e, 0.05, s), 0, 1) for e, s in zip(effect, sizes, strict=True)]
        means = np.array([r.mean() for r in rows])
        f = m.mean_bootstrap(means, seed=int(rng.integers(1 << 30)))
        hits += f.low <= mu <= f.high
        flat = np.concatenate(rows)
        t = m.mean_from_moments(len(flat), flat.sum(), (flat * flat).sum())
        naive_hits += t.low <= mu <= t.high
    assert 0.90 <= hits / sims <= 0.99
    assert naive_hits / sims < 0.85       # why the bootstrap is over customers


def test_empty_and_constant_inputs_give_no_interval_or_a_point():
    assert m.mean_bootstrap(np.array([])).value is None
    f = m.mean_bootstrap(np.full(40, 0.3))
    assert f.value == pytest.approx(0.3) and f.low == pytest.approx(0.3)


def test_t_interval_gives_the_very_floats_of_scipy():
    """The t interval uses scipy's t quantile without the distribution object (its per-call
    overhead was most of a scorecard's time): the same floats, not approximately."""
    from scipy import stats

    from vocdesk.engine.analytics import metrics as mm

    rng = np.random.default_rng(0)
    for df in np.concatenate([np.arange(1, 200), rng.integers(200, 2_000_000, 300)]):
        loc, scale = float(rng.normal(3, 2)), float(rng.uniform(1e-4, 5))
        lo, hi = stats.t.interval(mm.CONFIDENCE, int(df), loc=loc, scale=scale)
        assert mm.t_interval(int(df), loc, scale) == (float(lo), float(hi)), df
