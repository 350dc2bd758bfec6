"""Store / region scorecards: survey scores, service contacts and public reviews in one table.

Why this shape: a chain's HQ compares stores on several sources at once, and each source has
its own n. Every cell keeps its own figure, n and 95 % interval (the metrics module's methods);
a cell under :data:`MIN_N` is greyed and gets no rank. The overall rank fuses the cells a
store has: per component, the eligible cells are ranked and turned into a percentile (1 =
best, 0 = worst); the composite is the mean percentile, and only units with an eligible cell
in *every* component that has eligible cells somewhere are ranked overall (a unit missing a
source would otherwise be compared on a different basis).

Sources are told apart by channel (:data:`SOURCES`); a workspace whose channels are named
otherwise passes its own mapping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vocdesk.engine.analytics.metrics import MIN_N, Figure

#: channel groups of the three sources
SOURCES: dict[str, tuple[str, ...]] = {
    "survey": ("survey", "nps", "csat"),
    "service": ("ticket", "email", "chat", "call", "phone", "hotline"),
    "reviews": ("app_store", "social", "forum", "review", "reviews", "ecommerce"),
}

#: (component key, source, metric name in ws.metrics, higher is better)
COMPONENTS: tuple[tuple[str, str, str, bool], ...] = (
    ("survey_nps", "survey", "nps", True),
    ("survey_csat", "survey", "csat", True),
    ("service_negative", "service", "negative_share", False),
    ("service_csat", "service", "csat", True),
    ("reviews_negative", "reviews", "negative_share", False),
)
#: volume columns (shown with n, never ranked: volume follows a store's size)
VOLUMES: tuple[tuple[str, str], ...] = (("survey_rows", "survey"), ("service_rows", "service"),
                                        ("reviews_rows", "reviews"))


@dataclass
class Cell:
    figure: Figure
    rank: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.figure.to_dict(), "rank": self.rank}


@dataclass
class Unit:
    name: str
    cells: dict[str, Cell] = field(default_factory=dict)
    composite: float | None = None
    rank: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.name, "rank": self.rank, "composite": self.composite,
                "cells": {k: c.to_dict() for k, c in self.cells.items()}}


def _rank_component(units: list[Unit], key: str, higher: bool, min_n: int) -> dict[str, float]:
    """Rank the eligible cells of one component; returns unit → percentile (1 = best)."""
    eligible = [u for u in units if key in u.cells and u.cells[key].figure.value is not None
                and u.cells[key].figure.n >= min_n]
    eligible.sort(key=lambda u: (-u.cells[key].figure.value if higher
                                 else u.cells[key].figure.value, u.name))
    pct = {}
    for i, u in enumerate(eligible):
        u.cells[key].rank = i + 1
        pct[u.name] = 1.0 - i / (len(eligible) - 1) if len(eligible) > 1 else 1.0
    return pct


def build(by_source: Callable[[str], dict[Any, dict[str, Figure]]], *,
          min_n: int = MIN_N) -> dict[str, Any]:
    """The scorecard from ``by_source(source) → {unit: {metric: Figure}}`` (ws.metrics.by).

    Returns ``{"units": [Unit…] ranked first, "components": [...], "min_n"}``.
    """
    per_source = {s: by_source(s) for s in SOURCES}
    names = sorted({str(k) for figs in per_source.values() for k in figs})
    units = {name: Unit(name) for name in names}
    for key, source in VOLUMES:
        for unit, figs in per_source[source].items():
            rows = figs.get("rows")
            if rows is not None and rows.n:
                units[str(unit)].cells[key] = Cell(rows)
    for key, source, metric, _higher in COMPONENTS:
        for unit, figs in per_source[source].items():
            fig = figs.get(metric)
            if fig is not None and fig.n:
                units[str(unit)].cells[key] = Cell(fig)
    pcts = {key: _rank_component(list(units.values()), key, higher, min_n)
            for key, _s, _m, higher in COMPONENTS}
    used = [k for k, p in pcts.items() if p]
    for u in units.values():
        if used and all(u.name in pcts[k] for k in used):
            u.composite = sum(pcts[k][u.name] for k in used) / len(used)
    ranked = sorted((u for u in units.values() if u.composite is not None),
                    key=lambda u: (-u.composite, u.name))
    for i, u in enumerate(ranked):
        u.rank = i + 1
    rest = sorted((u for u in units.values() if u.composite is None), key=lambda u: u.name)
    return {"units": ranked + rest, "components": [c[0] for c in COMPONENTS],
            "ranked_on": used, "min_n": min_n}
