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
        row: dict[str, Any] = {"group": name, "customers": len(members),
                               "low_n": len(members) < MIN_N}
        for i, outcome in enumerate(("repurchase", "churn")):
            g = [outcomes[c][i] for c in members if outcomes[c][i] is not None]
            k1, n1 = int(sum(g)), len(g)
            fig = proportion(k1, n1)
            row[outcome] = {**fig.to_dict(), "lift": _lift(k1, n1, totals[i][0] - k1,
                                                           totals[i][1] - n1)}
        out.append(row)
    return out


def transitions(first: dict[str, float], second: dict[str, float], fixed: set[str]
                ) -> dict[str, Any]:
    """The 3 × 3 class transition counts of customers answering in both periods.

    ``first`` / ``second``: customer → NPS answer in each period; ``fixed``: customers whose
    issue was resolved between their answers. Matrices are ``[from][to]`` in CLASSES order.
    """
    both = sorted(set(first) & set(second))

    def matrix(customers: list[str]) -> dict[str, Any]:
        m = np.zeros((3, 3), dtype=int)
        for c in customers:
            m[CLASSES.index(nps_label(first[c])), CLASSES.index(nps_label(second[c]))] += 1
        det = int(m[0].sum())
        became = proportion(int(m[0, 2]), det)
        return {"n": len(customers), "matrix": m.tolist(),
                "detractors_to_promoters": became.to_dict()}

    return {"classes": list(CLASSES), "customers": len(both), "all": matrix(both),
            "fixed": matrix([c for c in both if c in fixed]),
            "not_fixed": matrix([c for c in both if c not in fixed])}
