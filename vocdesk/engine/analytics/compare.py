"""Two periods or two segments on one journey map: per touchpoint, B minus A.

Why these intervals: the negative share of two independent samples differs by
``p_B − p_A`` with Newcombe's hybrid score interval (statsmodels
``confint_proportions_2indep(method="newcomb")``), which keeps its coverage near 0 and 1 where
Wald fails; mean sentiment (one mean per customer, as on the map) differs with a Welch
interval (unequal variances, Welch–Satterthwaite degrees of freedom; scipy's t). A touchpoint
is called "better"/"worse" only when the sentiment test rejects after Holm's correction over
the touchpoints where both sides have at least ``MIN_N`` customers — the same discipline as the
highs and lows, so twelve touchpoints do not give a change by chance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep

from vocdesk.engine.analytics import metrics as m
from vocdesk.engine.analytics.highs_lows import ALPHA, Moments

CONFIDENCE = m.CONFIDENCE


def newcombe_difference(k_b: int, n_b: int, k_a: int, n_a: int) -> m.Figure:
    """``k_b/n_b − k_a/n_a`` with Newcombe's hybrid score interval (None when a side is empty)."""
    if n_a <= 0 or n_b <= 0:
        return m.Figure(None, None, None, min(n_a, n_b), "newcombe")
    lo, hi = confint_proportions_2indep(k_b, n_b, k_a, n_a, method="newcomb", compare="diff",
                                        alpha=1 - CONFIDENCE)
    return m.Figure(k_b / n_b - k_a / n_a, float(lo), float(hi), min(n_a, n_b), "newcombe")


def welch_difference(b: Moments, a: Moments) -> tuple[m.Figure, float]:
    """(mean_b − mean_a with the Welch interval, two-sided p); None values under 2 per side."""
    if a.n < 2 or b.n < 2:
        return m.Figure(None, None, None, min(a.n, b.n), "welch"), 1.0
    va, vb = a.sd ** 2 / a.n, b.sd ** 2 / b.n
    diff = b.mean - a.mean
    se = math.sqrt(va + vb)
    if se == 0.0:
        return m.Figure(diff, diff, diff, min(a.n, b.n), "welch"), 0.0 if diff else 1.0
    df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1))
    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, df)) * se
    p = float(2 * stats.t.sf(abs(diff) / se, df))
    return m.Figure(diff, diff - half, diff + half, min(a.n, b.n), "welch"), p


@dataclass
class TouchpointChange:
    name: str
    stage: str
    rows_a: int
    rows_b: int
    negative_a: m.Figure
    negative_b: m.Figure
    negative_diff: m.Figure
    sentiment_a: m.Figure
    sentiment_b: m.Figure
    sentiment_diff: m.Figure
    p: float = 1.0
    p_holm: float | None = None      # None: not tested (a side under MIN_N customers)
    flag: str | None = None          # "better" | "worse" | None

    def to_dict(self) -> dict[str, Any]:
        def fig(f: m.Figure) -> list[float | None]:
            return [f.value, f.low, f.high]

        return {"name": self.name, "stage": self.stage, "n_a": self.rows_a, "n_b": self.rows_b,
                "negative_share_a": self.negative_a.value,
                "negative_share_b": self.negative_b.value,
                "negative_diff": self.negative_diff.value,
                "negative_diff_ci": [self.negative_diff.low, self.negative_diff.high],
                "sentiment_a": self.sentiment_a.value, "sentiment_b": self.sentiment_b.value,
                "sentiment_a_ci": fig(self.sentiment_a)[1:],
                "sentiment_b_ci": fig(self.sentiment_b)[1:],
                "sentiment_diff": self.sentiment_diff.value,
                "sentiment_diff_ci": [self.sentiment_diff.low, self.sentiment_diff.high],
                "customers_a": self.sentiment_a.n, "customers_b": self.sentiment_b.n,
                "p": self.p, "p_holm": self.p_holm, "flag": self.flag}


_EMPTY = {"rows": 0, "tagged": 0, "negative": 0, "k": 0, "s1": 0.0, "s2": 0.0}


def compare_groups(touchpoints: list[tuple[str, str]], group_a: dict[str, dict],
                   group_b: dict[str, dict], *, min_n: int = m.MIN_N, alpha: float = ALPHA
                   ) -> list[TouchpointChange]:
    """Per (stage, touchpoint): B − A from the groups' counts and per-customer moments
    (``rows``, ``tagged``, ``negative``, ``k``, ``s1``, ``s2`` as ``group_sentiment`` gives)."""
    out: list[TouchpointChange] = []
    for stage, name in touchpoints:
        a, b = group_a.get(name, _EMPTY), group_b.get(name, _EMPTY)
        ma = Moments("a", int(a["k"]), float(a["s1"]), float(a["s2"]))
        mb = Moments("b", int(b["k"]), float(b["s1"]), float(b["s2"]))
        diff, p = welch_difference(mb, ma)
        out.append(TouchpointChange(
            name, stage, int(a["rows"]), int(b["rows"]),
            m.proportion(int(a["negative"]), int(a["tagged"])),
            m.proportion(int(b["negative"]), int(b["tagged"])),
            newcombe_difference(int(b["negative"]), int(b["tagged"]), int(a["negative"]),
                                int(a["tagged"])),
            m.mean_from_moments(ma.n, ma.s1, ma.s2), m.mean_from_moments(mb.n, mb.s1, mb.s2),
            diff, p))
    tested = [c for c in out if c.sentiment_a.n >= min_n and c.sentiment_b.n >= min_n]
    if tested:
        reject, p_holm, _, _ = multipletests([c.p for c in tested], alpha=alpha,
                                             method="holm")
        for c, rej, ph in zip(tested, reject, p_holm, strict=True):
            c.p_holm = float(ph)
            if rej and c.sentiment_diff.value is not None:
                c.flag = "better" if c.sentiment_diff.value > 0 else "worse"
    return out


def segment_filters(base: Any, segment_a: str, segment_b: str) -> tuple[Any, Any]:
    """(A, B): ``base`` (a ``FeedbackFilter``) restricted to the customers of segment A / B.

    Segments come from the customers table (``customers.segment``): each customer is in one,
    so A and B are independent samples, as Newcombe and Welch assume. Comparing a segment
    with itself is refused rather than reported as "no change".
    """
    import copy

    from vocdesk.engine.errors import UsageError

    if not segment_a or not segment_b:
        raise UsageError("compare two customer segments: name both A and B")
    if segment_a == segment_b:
        raise UsageError(f"segment A and B are both {segment_a!r}: name two segments")
    a, b = copy.deepcopy(base), copy.deepcopy(base)
    a.segments, b.segments = [segment_a], [segment_b]
    return a, b
