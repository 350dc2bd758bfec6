"""Biggest movers: which themes changed their share of feedback between two periods.

A theme "moves" when its share of the rows changes from the previous period to the latest one.
The difference of the two shares gets a Newcombe interval (statsmodels
``confint_proportions_2indep(method="newcomb")``) and movers are ranked by evidence
(|difference| / its standard error), not by raw change, so a rare theme jumping from 1 to 3
rows does not top the list; themes under :data:`MIN_N` rows in both periods are left out.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from statsmodels.stats.proportion import confint_proportions_2indep

from vocdesk.engine.analytics.metrics import CONFIDENCE, MIN_N


def movers(counts_now: dict[str, int], total_now: int, counts_before: dict[str, int],
           total_before: int, limit: int = 8) -> list[dict[str, Any]]:
    """Themes ranked by the evidence their share changed (most evidence first)."""
    if total_now <= 0 or total_before <= 0:
        return []
    out = []
    for theme in sorted(set(counts_now) | set(counts_before)):
        k1, k0 = int(counts_now.get(theme, 0)), int(counts_before.get(theme, 0))
        if max(k1, k0) < MIN_N:
            continue
        p1, p0 = k1 / total_now, k0 / total_before
        lo, hi = confint_proportions_2indep(k1, total_now, k0, total_before,
                                            method="newcomb", compare="diff",
                                            alpha=1 - CONFIDENCE)
        se = np.sqrt(p1 * (1 - p1) / total_now + p0 * (1 - p0) / total_before) or 1e-12
        out.append({"theme": theme, "now": k1, "before": k0, "share_now": p1,
                    "share_before": p0, "change": p1 - p0, "ci_low": float(lo),
                    "ci_high": float(hi), "z": float((p1 - p0) / se),
                    "significant": bool(lo > 0 or hi < 0)})
    out.sort(key=lambda r: (-abs(r["z"]), r["theme"]))
    return out[:limit]
