"""Loyalty through the customers table: repurchase and churn by experience, NPS transitions.

- Rates by group: for each group of customers (by sentiment of their feedback, by NPS class of
  their newest answer, by theme mentioned), the repurchase and churn shares with Wilson
  intervals, and the lift over the other customers (risk ratio group / rest) with a
  log-adjusted interval (statsmodels ``confint_proportions_2indep(compare="ratio")``).
  A customer counts once per group; groups under :data:`MIN_N` customers are flagged.
- Transitions: customers with NPS answers before and from a split date; their class in the
  first period (newest answer there) against the second (newest answer there), split by
  whether an action their first-period feedback is evidence of was resolved before their
  second-period answer ("what share of detractors became promoters", with Wilson).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from statsmodels.stats.proportion import confint_proportions_2indep

from vocdesk.engine.analytics.metrics import CONFIDENCE, MIN_N, proportion

CLASSES = ("detractor", "passive", "promoter")


def nps_label(score: float) -> str:
    return "promoter" if score >= 9 else ("detractor" if score <= 6 else "passive")


def _lift(k1: int, n1: int, k0: int, n0: int) -> dict[str, Any]:
    if n1 == 0 or n0 == 0 or k0 == 0:
        return {"value": None, "ci_low": None, "ci_high": None}
    ratio = (k1 / n1) / (k0 / n0)
    try:
        lo, hi = confint_proportions_2indep(k1, n1, k0, n0, method="log-adjusted",
                                            compare="ratio", alpha=1 - CONFIDENCE)
        lo, hi = float(lo), float(hi)
    except (ValueError, ZeroDivisionError, FloatingPointError):
        lo = hi = None
    return {"value": ratio, "ci_low": lo, "ci_high": hi}


def rates_by_group(groups: dict[str, set[str]], outcomes: dict[str, tuple[int | None, int | None]],
                   population: set[str] | None = None) -> list[dict[str, Any]]:
    """Per group: repurchase / churn share (Wilson) and lift over the rest, with n customers.

    ``groups``: name → customer ids (a customer may be in several); customers without a known
    outcome are left out of that outcome's counts. The rest is ``population`` (default: every
    customer with an outcome) minus the group.
    """
    everyone = (set(outcomes) if population is None else set(population)) & set(outcomes)
    # (events, known) over everyone once; the rest of a group is everyone minus the group
    totals = []
    for i in range(2):
        known = [outcomes[c][i] for c in everyone if outcomes[c][i] is not None]
        totals.append((int(sum(known)), len(known)))
    out = []
    for name, members in groups.items():
        members = members & everyone
        counts = []
        for i in range(2):
            g = [outcomes[c][i] for c in members if outcomes[c][i] is not None]
            counts.append((int(sum(g)), len(g)))
        out.append(_rate_row(name, len(members), counts, totals))
    return out


def _rate_row(name: str, customers: int, counts: list[tuple[int, int]],
              totals: list[tuple[int, int]]) -> dict[str, Any]:
    """One group's row from its (events, known) per outcome and everyone's."""
    row: dict[str, Any] = {"group": name, "customers": customers, "low_n": customers < MIN_N}
    for i, outcome in enumerate(("repurchase", "churn")):
        k1, n1 = counts[i]
        fig = proportion(k1, n1)
        row[outcome] = {**fig.to_dict(), "lift": _lift(k1, n1, totals[i][0] - k1,
                                                       totals[i][1] - n1)}
    return row


def rates_by_codes(groups: dict[str, np.ndarray], outcomes: tuple[np.ndarray, np.ndarray],
                   everyone: np.ndarray) -> list[dict[str, Any]]:
    """:func:`rates_by_group` over customer codes, vectorised (same rows, same order).

    ``groups``: name → distinct customer codes; ``outcomes``: (repurchase, churn) per code,
    0 / 1 and -1 unknown; ``everyone``: bool per code, the population (customers with an
    outcome row).
    """
    known = [everyone & (o >= 0) for o in outcomes]
    event = [k & (o == 1) for k, o in zip(known, outcomes, strict=True)]
    totals = [(int(e.sum()), int(k.sum())) for e, k in zip(event, known, strict=True)]
    out = []
    for name, codes in groups.items():
        codes = np.asarray(codes, dtype=np.int64)
        counts = [(int(e[codes].sum()), int(k[codes].sum()))
                  for e, k in zip(event, known, strict=True)]
        out.append(_rate_row(name, int(everyone[codes].sum()), counts, totals))
    return out


def transitions(first: dict[str, float], second: dict[str, float], fixed: set[str]
                ) -> dict[str, Any]:
    """The 3 × 3 class transition counts of customers answering in both periods.

    ``first`` / ``second``: customer → NPS answer in each period; ``fixed``: customers whose
    issue was resolved between their answers. Matrices are ``[from][to]`` in CLASSES order.
    """
    both = sorted(set(first) & set(second))
    return transition_counts(np.array([CLASSES.index(nps_label(first[c])) for c in both],
                                      dtype=np.int64),
                             np.array([CLASSES.index(nps_label(second[c])) for c in both],
                                      dtype=np.int64),
                             np.array([c in fixed for c in both], dtype=bool))


def class_codes(scores: np.ndarray) -> np.ndarray:
    """CLASSES index of each NPS answer (0 detractor, 1 passive, 2 promoter)."""
    s = np.asarray(scores, dtype=float)
    return np.where(s >= 9, 2, np.where(s <= 6, 0, 1)).astype(np.int64)


def transition_counts(a: np.ndarray, b: np.ndarray, fixed: np.ndarray) -> dict[str, Any]:
    """:func:`transitions` from class codes of the customers answering in both periods
    (``a`` first, ``b`` second, ``fixed`` whose issue was resolved in between)."""
    def matrix(keep: np.ndarray) -> dict[str, Any]:
        m = np.bincount(a[keep] * 3 + b[keep], minlength=9).reshape(3, 3).astype(int)
        det = int(m[0].sum())
        became = proportion(int(m[0, 2]), det)
        return {"n": int(keep.sum()), "matrix": m.tolist(),
                "detractors_to_promoters": became.to_dict()}

    every = np.ones(len(a), dtype=bool)
    return {"classes": list(CLASSES), "customers": int(len(a)), "all": matrix(every),
            "fixed": matrix(fixed), "not_fixed": matrix(~fixed)}
