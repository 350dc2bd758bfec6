"""Cross-department breakpoints placed on the journey map as "broken links" between touchpoints.

Why a separate step: the breakpoints engine (``ws.breakpoints``) works on departments, the map
on touchpoints. The taxonomy's ownership map joins them: each touchpoint value names its
owning ``department``. A department pair with evidence of a link (FDR q < ``alpha`` and
n ≥ the minimum) becomes a link from the busiest touchpoint on the map owned by one department
to the busiest owned by the other (journey order: the earlier first). A department that owns no
touchpoint on the map keeps its link in the list, with no end drawn (``None``) — never guessed.
Headless (no Qt): the GUI curve, the PNG/SVG export and the CLI JSON share these links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vocdesk.engine.analytics import metrics as m

MAX_LINKS = 8
ALPHA = 0.05


@dataclass
class BrokenLink:
    departments: tuple[str, str]
    touchpoints: tuple[str | None, str | None]   # the map ends (None: no owned touchpoint)
    n: int
    negative: m.Figure
    lift: float
    q: float
    handoffs: int = 0
    example_ids: list[int] = field(default_factory=list)

    @property
    def drawn(self) -> bool:
        """Both ends are on the map, so a line can join them."""
        return None not in self.touchpoints and self.touchpoints[0] != self.touchpoints[1]

    def to_dict(self) -> dict[str, Any]:
        return {"departments": list(self.departments), "touchpoints": list(self.touchpoints),
                "n": self.n, "negative_share": self.negative.value,
                "negative_ci": [self.negative.low, self.negative.high], "lift": self.lift,
                "q": self.q, "handoffs": self.handoffs, "example_ids": self.example_ids}


def place_links(pairs: list, owners: dict[str, str], order: list[str], rows: dict[str, int],
                *, alpha: float = ALPHA, limit: int = MAX_LINKS) -> list[BrokenLink]:
    """Links of the breakpoint ``pairs`` (ranked, ``breakpoints.Pair``) that show evidence.

    ``owners``: touchpoint → department; ``order``: touchpoints in journey order; ``rows``:
    touchpoint → rows on the map (picks a department's busiest touchpoint).
    """
    pos = {t: i for i, t in enumerate(order)}

    def home(dept: str) -> str | None:
        owned = [t for t in order if owners.get(t) == dept]
        return max(owned, key=lambda t: (rows.get(t, 0), -pos[t])) if owned else None

    out = []
    for p in pairs:
        if p.low_n or p.q >= alpha:
            continue
        ends = [(home(d), d) for d in p.departments]
        ends.sort(key=lambda e: pos.get(e[0], len(order)) if e[0] else len(order) + 1)
        out.append(BrokenLink((ends[0][1], ends[1][1]), (ends[0][0], ends[1][0]), p.n,
                              p.negative, p.lift, p.q, p.handoffs, list(p.example_ids)))
        if len(out) >= limit:
            break
    return out


def broken_links(ws, flt, jm) -> list[BrokenLink]:  # noqa: ANN001 - Workspace, filter, map
    """The broken links of journey map ``jm`` computed over ``flt`` (``ws.breakpoints``)."""
    tps = jm.touchpoints()
    if not tps:
        return []
    facet = ws.taxonomy.facet("touchpoint")
    if facet is None or ws.taxonomy.facet("department") is None:
        return []
    owners = {v.value: v.department for v in (facet.values if facet else [])
              if getattr(v, "department", None)}
    pairs = ws.breakpoints.compute(flt)["pairs"]
    return place_links(pairs, owners, [t.name for t in tps], {t.name: t.rows for t in tps})
