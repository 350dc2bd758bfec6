""""Where does it concentrate": which touchpoint, attribute or owner holds what share of a selection.

For a selection (e.g. negative feedback about online ordering) and a facet, each value's share
of the selected rows with a Wilson interval — "70 % of the negatives point to address editing"
is the sentence a meeting needs. A row with two values of a multi-valued facet counts for both,
so shares of one facet may add up to more than 100 %; the denominator is always the selection.
Values under ``MIN_N`` rows are kept but marked (greyed in the GUI, never ranked first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vocdesk.engine.analytics import metrics as m
from vocdesk.engine.store import aggregates as agg
from vocdesk.engine.store import array_aggregates as arr
from vocdesk.engine.store.filter_sql import Selection

#: Facets looked at first: where on the journey, who owns it.
DEFAULT_FACETS = ("touchpoint", "department", "category")
TOP = 5


@dataclass(frozen=True)
class Share:
    facet: str
    value: str
    share: m.Figure          # value's rows / selected rows, Wilson

    def to_dict(self) -> dict[str, Any]:
        return {"facet": self.facet, "value": self.value, "n": self.share.n,
                "rows": round((self.share.value or 0) * self.share.n),
                "share": self.share.value, "ci": [self.share.low, self.share.high],
                "low_n": round((self.share.value or 0) * self.share.n) < m.MIN_N}


def concentration(db, sel: Selection, facets: tuple[str, ...] | list[str] = DEFAULT_FACETS,
                  top: int = TOP) -> dict[str, Any]:
    """``{"total": rows selected, "facets": {facet: [Share…] largest first}}``."""
    total = agg.count(db, sel)
    out: dict[str, list[Share]] = {}
    for facet in facets:
        counts = arr.facet_counts(db, sel, facet) if total else []
        shares = [Share(facet, v, m.proportion(n, total)) for v, n in counts]
        # enough rows first, then by size: a 3-row value is never the headline
        shares.sort(key=lambda s: (round(s.share.value * total) < m.MIN_N, -s.share.value))
        out[facet] = shares[:top]
    return {"total": total, "facets": out}


def headline(result: dict[str, Any]) -> Share | None:
    """The largest share with enough rows over all facets (the meeting's sentence), or None."""
    best = [s for shares in result["facets"].values() for s in shares
            if round((s.share.value or 0) * s.share.n) >= m.MIN_N]
    return max(best, key=lambda s: s.share.value, default=None)
