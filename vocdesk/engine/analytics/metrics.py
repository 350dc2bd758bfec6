"""NPS, CSAT, CES, shares and mean sentiment, each with n and a 95 % interval.

Methods (see ANALYTICS.md in the shared notes):
- proportions (negative share, CSAT top-2-box): Wilson, statsmodels ``proportion_confint``;
- NPS = 100 · (promoters − detractors) / n with the adjusted-Wald interval (n + 3, promoters
  + ¾, detractors + ¾, Var = [p + d − (p − d)²] / n), which Rocks (2016) found among the best;
- CES and other means: Student t (``scipy.stats.t.interval``, via :func:`t_interval`);
- mean sentiment over customers: the mean of the per-customer means; its interval is a BCa
  bootstrap over customers (``scipy.stats.bootstrap``) up to :data:`BOOTSTRAP_MAX_CLUSTERS`
  customers, beyond which the t interval on the same per-customer means is used (BCa's
  jackknife costs n² and, with thousands of independent customers, the two agree).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special, stats
from statsmodels.stats.proportion import proportion_confint

CONFIDENCE = 0.95
#: Below this n a figure is greyed out and never ranked or flagged.
MIN_N = 30
BOOTSTRAP_MAX_CLUSTERS = 2000
BOOTSTRAP_RESAMPLES = 2000


@dataclass(frozen=True)
class Figure:
    """A number with its n and 95 % interval; ``low_n`` when n is under :data:`MIN_N`."""

    value: float | None
    low: float | None
    high: float | None
    n: int
    method: str = ""

    @property
    def low_n(self) -> bool:
        return self.n < MIN_N

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "ci_low": self.low, "ci_high": self.high, "n": self.n,
                "low_n": self.low_n, "method": self.method}


def _none(n: int, method: str) -> Figure:
    return Figure(None, None, None, n, method)


@functools.cache
def _z() -> float:
    return float(stats.norm.ppf(0.5 + CONFIDENCE / 2))


def t_interval(df: int, loc: float, scale: float) -> tuple[float, float]:
    """``scipy.stats.t.interval(CONFIDENCE, df, loc, scale)`` for scale > 0, by its own
    quantile function (``special.stdtrit``) without the distribution object's overhead."""
    q1 = (1.0 - CONFIDENCE) / 2
    q2 = (1.0 + CONFIDENCE) / 2
    return (float(special.stdtrit(df, q1) * scale + loc),
            float(special.stdtrit(df, q2) * scale + loc))


def proportion(k: int, n: int) -> Figure:
    """Share k/n with the Wilson interval (None when n = 0)."""
    if n <= 0:
        return _none(0, "wilson")
    lo, hi = proportion_confint(k, n, alpha=1 - CONFIDENCE, method="wilson")
    return Figure(k / n, float(lo), float(hi), int(n), "wilson")


def proportions(k: np.ndarray, n: np.ndarray) -> list[Figure]:
    """:func:`proportion` of many shares in one ``proportion_confint`` call (its arrays);
    a matrix of pairs paid ~0.7 ms of call overhead per cell."""
    k, n = np.asarray(k, dtype=np.int64), np.asarray(n, dtype=np.int64)
    ok = n > 0
    lo = np.full(len(n), np.nan)
    hi = np.full(len(n), np.nan)
    if ok.any():
        lo[ok], hi[ok] = proportion_confint(k[ok], n[ok], alpha=1 - CONFIDENCE,
                                            method="wilson")
    return [Figure(int(k[i]) / int(n[i]), float(lo[i]), float(hi[i]), int(n[i]), "wilson")
            if ok[i] else _none(0, "wilson") for i in range(len(n))]


def nps(promoters: int, detractors: int, n: int) -> Figure:
    """NPS on −100…100 with the adjusted-Wald interval (clipped to the scale).

    The interval is centred on the *adjusted* estimate, so for a few answers all alike it
    can miss the NPS shown beside it (1 promoter: NPS 100, interval −48…98); it is widened
    to hold the NPS, which only adds coverage, and a reader never sees "100 [−48, 98]".
    """
    if n <= 0:
        return _none(0, "adjusted-wald")
    lo, hi = _nps_interval(promoters, detractors, n)
    value = 100.0 * (promoters - detractors) / n
    return Figure(value, min(lo, value), max(hi, value), int(n), "adjusted-wald")


def _adjusted(promoters: int, detractors: int, n: int) -> tuple[float, float]:
    """(adjusted NPS as a fraction, its variance)."""
    na = n + 3
    p, d = (promoters + 0.75) / na, (detractors + 0.75) / na
    return p - d, (p + d - (p - d) ** 2) / na


def _nps_interval(promoters: int, detractors: int, n: int) -> tuple[float, float]:
    est, var = _adjusted(promoters, detractors, n)
    half = _z() * math.sqrt(var)
    return 100.0 * max(-1.0, est - half), 100.0 * min(1.0, est + half)


def nps_difference(a: tuple[int, int, int], b: tuple[int, int, int]) -> Figure:
    """NPS(a) − NPS(b) (each ``(promoters, detractors, n)``); the variances add."""
    if a[2] <= 0 or b[2] <= 0:
        return _none(min(a[2], b[2]), "adjusted-wald")
    ea, va = _adjusted(*a)
    eb, vb = _adjusted(*b)
    half = _z() * math.sqrt(va + vb)
    raw = 100.0 * ((a[0] - a[1]) / a[2] - (b[0] - b[1]) / b[2])
    return Figure(raw, 100.0 * (ea - eb - half), 100.0 * (ea - eb + half), min(a[2], b[2]),
                  "adjusted-wald")


def mean_from_moments(n: int, s1: float, s2: float) -> Figure:
    """Mean with the t interval, from n, Σx and Σx² (what SQL returns without moving rows)."""
    if n <= 0:
        return _none(0, "t")
    mean = s1 / n
    if n < 2:
        return Figure(mean, None, None, int(n), "t")
    var = max(0.0, (s2 - n * mean * mean) / (n - 1))
    if var == 0.0:
        return Figure(mean, mean, mean, int(n), "t")
    lo, hi = t_interval(n - 1, mean, math.sqrt(var / n))
    return Figure(mean, float(lo), float(hi), int(n), "t")


def mean_bootstrap(values: np.ndarray, seed: int = 0) -> Figure:
    """Mean of ``values`` (one per customer) with a BCa bootstrap interval."""
    x = np.asarray(values, dtype=float)
    n = len(x)
    if n == 0:
        return _none(0, "bootstrap-bca")
    mean = float(x.mean())
    if n < 3 or np.ptp(x) == 0:
        return Figure(mean, mean if n >= 3 else None, mean if n >= 3 else None, n,
                      "bootstrap-bca")
    res = stats.bootstrap((x,), np.mean, confidence_level=CONFIDENCE, method="BCa",
                          n_resamples=BOOTSTRAP_RESAMPLES, rng=np.random.default_rng(seed))
    lo, hi = res.confidence_interval
    return Figure(mean, float(lo), float(hi), n, "bootstrap-bca")


def csat(top2: int, n: int) -> Figure:
    """CSAT as the top-2-box share (4 or 5 of 5) with Wilson."""
    return proportion(top2, n)


def ces(n: int, s1: float, s2: float) -> Figure:
    """Customer effort: mean with a t interval."""
    return mean_from_moments(n, s1, s2)
