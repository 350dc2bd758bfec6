"""The exact test for "this combination grows", FDR control, onset dating (pure numpy/scipy).

For a combination, recent window R and baseline B before it: k_R, k_B its counts, N_R, N_B all
rows. Under "no growth" k_R ~ Binomial(k_R + k_B, N_R / (N_R + N_B)) — the conditional test
of two Poisson rates (statsmodels' ``test_poisson_2indep(method="exact-cond")``), honest at
small counts. Only combinations whose n could reach significance are tested (selection on n
keeps the conditional test valid); Benjamini–Hochberg runs over everything tested in every
window. A flag also needs a minimum support and a growth floor, so a significant but small
drift of a common pair is not news.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binom
from statsmodels.stats.multitest import multipletests

#: window name -> (recent lengths in days, baseline length in days)
WINDOWS: dict[str, tuple[tuple[int, ...], int]] = {
    "day": ((1,), 28),
    "week": ((7, 14, 28), 182),
    "month": ((28,), 364),
}


@dataclass(frozen=True)
class Params:
    """Thresholds of a detection run."""

    alpha: float = 0.05          # FDR level (q)
    min_support: int = 5         # recent count needed to flag
    min_growth: float = 2.0      # rate ratio floor to flag


def rate_test(k_r: np.ndarray, k_b: np.ndarray, n_r: np.ndarray | float, n_b: np.ndarray | float
              ) -> tuple[np.ndarray, np.ndarray]:
    """One-sided exact conditional p of growth, and the growth (rate ratio).

    Growth uses k_B + 0.5 so a combination new in the recent window has a finite ratio.
    """
    k_r = np.asarray(k_r, float)
    k_b = np.asarray(k_b, float)
    p0 = np.asarray(n_r, float) / (np.asarray(n_r, float) + np.asarray(n_b, float))
    p = binom.sf(k_r - 1, k_r + k_b, p0)
    growth = (k_r / n_r) / ((k_b + 0.5) / n_b)
    return p, growth


def feasible(k_r: np.ndarray, k_b: np.ndarray, n_r, n_b, alpha: float) -> np.ndarray:
    """Whether n = k_R + k_B could reach p ≤ alpha at all (p0^n ≤ alpha), chosen on n only."""
    p0 = np.asarray(n_r, float) / (np.asarray(n_r, float) + np.asarray(n_b, float))
    n = np.asarray(k_r, float) + np.asarray(k_b, float)
    return (n > 0) & (n * np.log(p0) <= np.log(alpha))


def testable(k_r: np.ndarray, k_b: np.ndarray, n_r, n_b, alpha: float) -> np.ndarray:
    """Tarone's selection: test only what could still be significant after correction.

    A combination of total n can reach at best p = p0^n. With m tests the bar is alpha/m, and
    m is the number of combinations whose best p clears it: the smallest consistent m is
    found by sorting. Selection depends on n only (not on k_R), so each conditional test
    stays valid, and far fewer tests make BH much less harsh on the rest.
    """
    p0 = np.asarray(n_r, float) / (np.asarray(n_r, float) + np.asarray(n_b, float))
    n = np.asarray(k_r, float) + np.asarray(k_b, float)
    log_min_p = np.where(n > 0, n * np.log(p0), 0.0)
    order = np.sort(log_min_p)
    for m in range(1, len(order) + 1):
        if np.searchsorted(order, np.log(alpha / m), side="right") <= m:
            return log_min_p <= np.log(alpha / m)
    return np.zeros(len(n), bool)


def dispersion(weekly: np.ndarray, totals: np.ndarray, min_per_week: float = 2.0) -> float:
    """Over-dispersion α of weekly counts (Var = μ + α μ²), from baseline weeks.

    Real topics swing from week to week more than Poisson allows; the exact test alone then
    flags ordinary swings of common pairs. Moment estimate per combination with at least
    ``min_per_week`` a week on average, expected counts following the weekly volume; the
    median over combinations is robust to the few that truly change.
    """
    weekly = np.asarray(weekly, float)
    totals = np.asarray(totals, float)
    if weekly.ndim != 2 or weekly.shape[1] < 4 or totals.sum() <= 0:
        return 0.0
    k = weekly.sum(axis=1)
    keep = k >= min_per_week * weekly.shape[1]
    if keep.sum() < 5:
        return 0.0
    e = np.outer(k[keep], totals / totals.sum())
    w = weekly[keep]
    a = (((w - e) ** 2 - w).sum(axis=1)) / (e ** 2).sum(axis=1)
    return float(max(0.0, np.median(a)))


def deflate(k_r: np.ndarray, k_b: np.ndarray, alpha: float, baseline_weeks: float
            ) -> tuple[np.ndarray, np.ndarray]:
    """Counts scaled by the quasi-Poisson factor φ = 1 + α·μ (μ: baseline weekly mean), so the
    exact test sees the information an over-dispersed count really carries."""
    if alpha <= 0:
        return np.asarray(k_r, float), np.asarray(k_b, float)
    phi = 1 + alpha * np.asarray(k_b, float) / baseline_weeks
    return np.round(np.asarray(k_r, float) / phi), np.round(np.asarray(k_b, float) / phi)


def flag(p: np.ndarray, k_r: np.ndarray, growth: np.ndarray, params: Params
         ) -> tuple[np.ndarray, np.ndarray]:
    """BH q-values over all tested p, and which tests are flagged."""
    if len(p) == 0:
        return np.array([]), np.array([], bool)
    q = multipletests(p, method="fdr_bh")[1]
    ok = (q <= params.alpha) & (np.asarray(k_r) >= params.min_support) & \
        (growth >= params.min_growth)
    return q, ok


def scan_matrix(counts: np.ndarray, totals: np.ndarray, t: int, recent: tuple[int, ...],
                baseline: int, params: Params = Params()) -> dict[str, np.ndarray]:
    """Test every row of ``counts`` (combinations × periods) at period ``t`` (inclusive).

    For benchmarks and tests over period matrices. Returns per combination the best window's
    p, q, growth, k_R and whether it is flagged.
    """
    m = counts.shape[0]
    csum = np.concatenate([np.zeros((m, 1)), np.cumsum(counts, axis=1)], axis=1)
    tsum = np.concatenate([[0.0], np.cumsum(totals)])
    cand: list[tuple[np.ndarray, ...]] = []
    for r in recent:
        r0, b0 = t + 1 - r, t + 1 - r - baseline
        if b0 < 0:
            continue
        k_r = csum[:, t + 1] - csum[:, r0]
        k_b = csum[:, r0] - csum[:, b0]
        n_r, n_b = tsum[t + 1] - tsum[r0], tsum[r0] - tsum[b0]
        sel = np.flatnonzero(feasible(k_r, k_b, n_r, n_b, params.alpha))
        cand.append((sel, k_r[sel], k_b[sel], np.full(len(sel), n_r), np.full(len(sel), n_b)))
    out = {"p": np.ones(m), "q": np.ones(m), "growth": np.zeros(m), "k_r": np.zeros(m),
           "flagged": np.zeros(m, bool), "alpha": 0.0}
    if not cand:
        return out
    sel, k_r, k_b, n_r, n_b = (np.concatenate(x) for x in zip(*cand, strict=True))
    b_end = t + 1 - max(r for r in recent if t + 1 - r - baseline >= 0)
    alpha = dispersion(counts[:, b_end - baseline:b_end], totals[b_end - baseline:b_end])
    k_r, k_b = deflate(k_r, k_b, alpha, baseline)
    keep = testable(k_r, k_b, n_r, n_b, params.alpha)
    sel, k_r, k_b, n_r, n_b = sel[keep], k_r[keep], k_b[keep], n_r[keep], n_b[keep]
    p, g = rate_test(k_r, k_b, n_r, n_b)
    out["alpha"] = alpha
    q, ok = flag(p, k_r, g, params)
    order = np.argsort(-p)          # assign best (smallest p) last so it wins
    for j in order:
        i = sel[j]
        out["p"][i], out["q"][i], out["growth"][i], out["k_r"][i] = p[j], q[j], g[j], k_r[j]
        out["flagged"][i] |= ok[j]
    return out


def onset_index(k: np.ndarray, n: np.ndarray) -> int:
    """Period where the combination's share most likely stepped up (binomial change point).

    Maximum likelihood over every split of the series into two constant shares, keeping only
    splits where the later share is higher. Returns the first period of the higher share.
    """
    k = np.asarray(k, float)
    n = np.asarray(n, float)
    if len(k) < 2 or k.sum() == 0:
        return 0

    def ll(kk: float, nn: float) -> float:
        if nn <= 0 or kk <= 0 or kk >= nn:
            return 0.0
        p = kk / nn
        return kk * np.log(p) + (nn - kk) * np.log1p(-p)

    ck, cn = np.cumsum(k), np.cumsum(n)
    best, best_t = -np.inf, 0
    for t in range(1, len(k)):
        kb, nb = ck[t - 1], cn[t - 1]
        ka, na = ck[-1] - kb, cn[-1] - nb
        if na <= 0 or nb <= 0 or ka / na <= kb / nb:
            continue
        v = ll(kb, nb) + ll(ka, na)
        if v > best:
            best, best_t = v, t
    return best_t
