"""Theme impact on NPS and the driver view (relative importance of themes).

Impact (Thematic's definition, ANALYTICS.md): NPS(all) − NPS(all without the respondents whose
scored answer carries the theme). A theme that drags NPS down has a negative impact: removing
its respondents would raise the score. The 95 % interval is a percentile bootstrap over
respondents (each respondent once, resampled with replacement, the same resamples for every
theme so themes can be compared); the computation is vectorised as multinomial resample
counts over the distinct (class, themes) patterns of respondents — exactly the respondent
multinomial summed within patterns — × the patterns' classes, in chunks so memory stays
bounded.

Drivers: the LMG / Shapley decomposition of the R² of an OLS of the score (0–10 NPS answer or
1–5 CSAT) on theme indicators — each theme's average gain in R² over all orders of entry, so
shares sum to the model's R² and correlated themes split what they explain. Computed from the
correlation matrix (R²(S) = r_Sᵀ R_SS⁻¹ r_S), exact over every subset, hence limited to the
:data:`MAX_DRIVERS` most frequent themes (2^k subsets). The full model's coefficients
(OLS with HC1 errors: statsmodels' algebra over the design's distinct rows,
:func:`ols_hc1`) give each theme's direction and its interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from vocdesk.engine.analytics.metrics import CONFIDENCE, MIN_N

RESAMPLES = 2000
MAX_DRIVERS = 10
_CELLS = 4_000_000      # resample × pattern counts held at once (32 MB)


@dataclass(frozen=True)
class Impact:
    theme: str
    n: int                   # respondents whose scored answer carries the theme
    nps_theme: float | None  # NPS of those respondents
    impact: float | None     # NPS(all) − NPS(without the theme), points
    ci_low: float | None
    ci_high: float | None

    @property
    def low_n(self) -> bool:
        return self.n < MIN_N

    def to_dict(self) -> dict[str, Any]:
        return {"theme": self.theme, "n": self.n, "nps_theme": self.nps_theme,
                "impact": self.impact, "ci_low": self.ci_low, "ci_high": self.ci_high,
                "low_n": self.low_n}


def nps_class(scores: np.ndarray) -> np.ndarray:
    """+1 promoter (9–10), −1 detractor (0–6), 0 passive."""
    s = np.asarray(scores, dtype=float)
    return np.where(s >= 9, 1.0, np.where(s <= 6, -1.0, 0.0))


def _patterns(cls: np.ndarray, members: np.ndarray, weights: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """(first respondent of each distinct (class, themes) pattern, respondents per pattern);
    with ``weights`` (rows that are already patterns, each standing for that many
    respondents) the counts are the weights summed within a pattern. Patterns come in the
    order of their key, whichever way the rows came, so both give the same resamples."""
    key = np.column_stack([(cls + 1).astype(np.uint8), np.packbits(members, axis=1)])
    if key.shape[1] <= 8:                   # up to 56 themes: one integer per respondent
        code = np.zeros(len(key), dtype=np.uint64)
        for col in key.T:
            code = (code << np.uint64(8)) | col.astype(np.uint64)
        _, first, inv = np.unique(code, return_index=True, return_inverse=True)
    else:
        _, first, inv = np.unique(key, axis=0, return_index=True, return_inverse=True)
    inv = np.asarray(inv).ravel()
    if weights is None:
        return first, np.bincount(inv, minlength=len(first))
    return first, np.bincount(inv, weights=np.asarray(weights, dtype=np.int64),
                              minlength=len(first)).astype(np.int64)


def _nps(cls: np.ndarray) -> float | None:
    return 100.0 * float(cls.mean()) if len(cls) else None


def theme_impact(scores: np.ndarray, members: np.ndarray, themes: list[str], *,
                 resamples: int = RESAMPLES, seed: int = 0,
                 weights: np.ndarray | None = None) -> tuple[float | None, list[Impact]]:
    """(NPS of all respondents, per theme its impact with a bootstrap interval).

    ``scores``: one 0–10 answer per respondent; ``members``: bool respondents × themes.
    ``weights``: when given, each row stands for that many identical respondents (the
    distinct (score, themes) rows of ``insight_queries.respondent_patterns``): the same
    statistic and the same resamples as the expanded rows, without a respondents × themes
    matrix. Sorted by impact, most negative first (themes without a defined impact last).
    """
    cls = nps_class(scores)
    members = np.asarray(members, dtype=bool).reshape(len(cls), len(themes))
    first, counts = _patterns(cls, members, weights)
    return _impact(cls[first], members[first], counts, themes, resamples, seed)


def _impact(p_cls: np.ndarray, p_members: np.ndarray, counts: np.ndarray, themes: list[str],
            resamples: int, seed: int) -> tuple[float | None, list[Impact]]:
    """:func:`theme_impact` over distinct (class, themes) patterns and their counts."""
    n = int(counts.sum())
    if n == 0:
        return None, [Impact(t, 0, None, None, None, None) for t in themes]
    wc = counts.astype(float)
    overall = 100.0 * float(p_cls @ wc) / n
    p_out = (~p_members).astype(float)                  # patterns without the theme
    out_n = wc @ p_out
    point_wo = ((p_cls * wc) @ p_out) / np.maximum(out_n, 1)
    k_theme = (wc @ p_members).astype(np.int64)
    s_theme = (p_cls * wc) @ p_members
    # The statistic only sees sums over respondents, so respondents with the same class and
    # the same themes are interchangeable: a multinomial over n respondents summed within
    # such patterns is exactly a multinomial over the patterns (same distribution, same
    # coverage), and there are a few hundred patterns where there are 10^5 respondents.
    p_out_cls = p_out * p_cls[:, None]
    probs = counts / n
    rng = np.random.default_rng(seed)
    diffs = []
    step = max(1, min(resamples, _CELLS // max(len(counts), 1)))
    for start in range(0, resamples, step):
        b = min(step, resamples - start)
        w = rng.multinomial(n, probs, size=b).astype(float)      # b × patterns counts
        all_ = (w @ p_cls) / n
        cnt = w @ p_out
        with np.errstate(invalid="ignore", divide="ignore"):
            wo = (w @ p_out_cls) / cnt
        diffs.append(100.0 * (all_[:, None] - wo))
    d = np.vstack(diffs)
    alpha = (1 - CONFIDENCE) / 2
    result = []
    for j, theme in enumerate(themes):
        k = int(k_theme[j])
        nps_theme = 100.0 * float(s_theme[j]) / k if k else None
        if k == n or k == 0:                           # nothing left, or nothing removed
            imp = 0.0 if k == 0 else None
            result.append(Impact(theme, k, nps_theme, imp, imp, imp))
            continue
        col = d[:, j]
        col = col[~np.isnan(col)]
        lo, hi = np.quantile(col, [alpha, 1 - alpha]) if len(col) else (None, None)
        result.append(Impact(theme, k, nps_theme, float(overall - 100.0 * point_wo[j]),
                             float(lo), float(hi)))
    result.sort(key=lambda r: (r.impact is None, r.impact if r.impact is not None else 0.0,
                               r.theme))
    return overall, result


@dataclass(frozen=True)
class Driver:
    theme: str
    n: int
    share: float            # of the model's R² (shares sum to 1)
    lmg: float              # R² points attributed to the theme (sum to R²)
    coef: float             # full-model effect on the score (points)
    coef_low: float
    coef_high: float

    def to_dict(self) -> dict[str, Any]:
        return {"theme": self.theme, "n": self.n, "share": self.share, "lmg": self.lmg,
                "coef": self.coef, "coef_ci_low": self.coef_low, "coef_ci_high": self.coef_high}


def _r2_all(corr: np.ndarray, r: np.ndarray) -> np.ndarray:
    """R² of every subset of columns, indexed by bitmask (bit i = column i): rᵀ R⁻¹ r with
    the pseudo-inverse, one batched ``pinv`` per subset size (it was one call per subset)."""
    k = len(r)
    out = np.zeros(1 << k)
    for size in range(1, k + 1):
        subsets = list(combinations(range(k), size))
        idx = np.array(subsets, dtype=np.int64)                     # subsets × size
        sub = corr[idx[:, :, None], idx[:, None, :]]                # subsets × size × size
        rs = r[idx]                                                 # subsets × size
        inv = np.linalg.pinv(sub)
        masks = (1 << idx).sum(1)
        out[masks] = np.einsum("si,sij,sj->s", rs, inv, rs)
    return out


def lmg(x: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None
        ) -> tuple[np.ndarray, float]:
    """(LMG share of R² per column, R²): Shapley values of R² over every subset of columns.

    ``weights``: rows standing for that many identical observations (the same correlations
    as the expanded rows)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    k = x.shape[1]
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    n = float(w.sum())
    mean = (w @ x) / n
    sd = np.sqrt((w @ (x - mean) ** 2) / n)
    ok = sd > 0
    z = np.zeros_like(x)
    z[:, ok] = (x[:, ok] - mean[ok]) / sd[ok]
    ym = float(w @ y) / n
    yz = (y - ym) / (float(np.sqrt((w @ (y - ym) ** 2) / n)) or 1.0)
    zw = z.T * w
    corr = (zw @ z) / n
    r = (zw @ yz) / n
    r2 = _r2_all(corr, r)
    masks = np.arange(1 << k)
    size = np.zeros(len(masks), dtype=np.int64)
    for i in range(k):
        size += (masks >> i) & 1
    weight = np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
                       for s in range(k)] + [0.0])
    values = np.zeros(k)
    for j in range(k):
        without = masks[(masks >> j) & 1 == 0]          # subsets not holding column j
        values[j] = float((weight[size[without]] * (r2[without | (1 << j)] - r2[without]))
                          .sum())
    return values, float(r2[-1]) if k else 0.0


def ols_hc1(x: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
    """(coefficients, their 95 % intervals) of the OLS of ``y`` on a constant and the 0/1
    columns ``x``, with HC1 errors: statsmodels ``OLS(y, add_constant(x)).fit(cov_type=
    "HC1")``'s algebra (pseudo-inverse, rank, normal quantiles), tested against it.

    Why not statsmodels itself: its SVD of the n × (k + 1) design was most of the drivers'
    time at a million rows. With 0/1 columns the design has at most 2^k distinct rows, so
    XᵀX, Xᵀy and the HC1 meat Σ eᵢ² xᵢxᵢᵀ are sums over those patterns (eᵢ per row).
    ``weights``: rows standing for that many identical observations (frequency weights,
    the same fit as the expanded rows).
    """
    from scipy import stats

    x = np.asarray(x, dtype=bool)
    y = np.asarray(y, dtype=float)
    rows, k = x.shape
    w = np.ones(rows) if weights is None else np.asarray(weights, dtype=float)
    n = float(w.sum())
    code = (x.astype(np.int64) << np.arange(k, dtype=np.int64)).sum(1) if k else \
        np.zeros(rows, dtype=np.int64)
    present, inv = np.unique(code, return_inverse=True)
    c = np.bincount(inv, weights=w, minlength=len(present))
    xp = np.column_stack([np.ones(len(present)),
                          (present[:, None] >> np.arange(k)) & 1]).astype(float)
    a = np.sqrt(c)[:, None] * xp                 # AᵀA = XᵀX, same singular values as X
    u, sv, vt = np.linalg.svd(a, full_matrices=False)
    cut = 1e-15 * sv.max()
    s_inv = np.where(sv > cut, 1.0 / np.where(sv > cut, sv, 1.0), 0.0)
    h = (vt.T * s_inv**2) @ vt                   # pinv(XᵀX)
    beta = h @ (xp.T @ np.bincount(inv, weights=w * y, minlength=len(present)))
    e2 = (y - (xp @ beta)[inv]) ** 2
    meat = (xp * np.bincount(inv, weights=w * e2, minlength=len(present))[:, None]).T @ xp
    rank = int(np.linalg.matrix_rank(np.diag(sv)))
    cov = n / (n - rank) * (h @ meat @ h)
    half = stats.norm.ppf(1 - (1 - CONFIDENCE) / 2) * np.sqrt(np.diag(cov))
    return beta, np.column_stack([beta - half, beta + half])


def drivers(scores: np.ndarray, members: np.ndarray, themes: list[str], *,
            max_themes: int = MAX_DRIVERS, weights: np.ndarray | None = None
            ) -> dict[str, Any]:
    """Relative importance of the most frequent themes (n ≥ MIN_N) for a score
    (``weights``: as in :func:`theme_impact`, rows standing for identical respondents)."""
    y = np.asarray(scores, dtype=float)
    members = np.asarray(members, dtype=bool).reshape(len(y), len(themes))
    w = None if weights is None else np.asarray(weights, dtype=np.int64)
    n = int(len(y) if w is None else w.sum())
    counts = members.sum(0) if w is None else w @ members
    keep = [j for j in np.argsort(-counts, kind="stable")
            if MIN_N <= counts[j] < n][:max_themes]
    if len(keep) == 0 or n < MIN_N:
        return {"r2": None, "n": n, "drivers": [], "method": "lmg"}
    x = members[:, keep].astype(float)
    values, r2 = lmg(x, y, w)
    params, ci = ols_hc1(members[:, keep], y, w)
    out = [Driver(themes[j], int(counts[j]), float(values[i] / r2) if r2 > 0 else 0.0,
                  float(values[i]), float(params[i + 1]), float(ci[i + 1, 0]),
                  float(ci[i + 1, 1])) for i, j in enumerate(keep)]
    out.sort(key=lambda d: (-d.share, d.theme))
    return {"r2": float(r2), "n": n, "drivers": out, "method": "lmg"}
