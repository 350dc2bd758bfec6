"""The journey map, generated from the data over one filtered selection.

Per touchpoint of the journey definition: volume (rows, distinct customers), mean sentiment
over customers with a 95 % interval, negative share (Wilson), NPS / CSAT / CES where rows carry
them, top issues (category values), 3–5 representative verbatims, and a statistical high/low
flag (:mod:`highs_lows`). The worst touchpoint and the final one are marked (peak-end rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from vocdesk.engine.analytics import metrics as m
from vocdesk.engine.analytics.highs_lows import EFFECT_FLOOR, FlagResult, Moments, flag_groups
from vocdesk.engine.analytics.journey_def import JourneyDefinition
from vocdesk.engine.analytics.verbatims import representative
from vocdesk.engine.store import aggregates as agg
from vocdesk.engine.store import array_aggregates as arr
from vocdesk.engine.store.filter_sql import Selection

FACET = "touchpoint"
ISSUE_FACET = "category"
VERBATIM_CANDIDATES = 100


@dataclass
class TouchpointStats:
    name: str
    stage: str
    rows: int
    customers: int
    sentiment: m.Figure
    negative: m.Figure
    nps: m.Figure
    csat: m.Figure
    ces: m.Figure
    top_issues: list[tuple[str, int]] = field(default_factory=list)
    verbatims: list[tuple[int, str]] = field(default_factory=list)
    test: FlagResult | None = None
    worst: bool = False
    final: bool = False

    @property
    def flag(self) -> str | None:
        return self.test.flag if self.test else None

    @property
    def low_n(self) -> bool:
        return self.sentiment.n < m.MIN_N

    def to_dict(self) -> dict[str, Any]:
        def val(f: m.Figure, scale: float = 1.0) -> float | None:
            return None if f.value is None else f.value * scale

        return {
            "name": self.name, "stage": self.stage, "n": self.rows, "customers": self.customers,
            "sentiment_mean": val(self.sentiment), "ci_low": self.sentiment.low,
            "ci_high": self.sentiment.high, "sentiment_n": self.sentiment.n,
            "sentiment_method": self.sentiment.method,
            "negative_share": val(self.negative), "negative_ci": [self.negative.low,
                                                                  self.negative.high],
            "negative_n": self.negative.n,
            "nps": val(self.nps), "nps_ci": [self.nps.low, self.nps.high], "nps_n": self.nps.n,
            "csat": val(self.csat), "csat_ci": [self.csat.low, self.csat.high],
            "csat_n": self.csat.n,
            "ces": val(self.ces), "ces_ci": [self.ces.low, self.ces.high], "ces_n": self.ces.n,
            "top_issues": [{"value": v, "n": n} for v, n in self.top_issues],
            "verbatims": [{"id": i, "text": t} for i, t in self.verbatims],
            "flag": self.flag, "low_n": self.low_n, "worst": self.worst, "final": self.final,
            "p_holm": self.test.p_holm if self.test else None,
            "difference_from_rest": self.test.diff if self.test else None,
            "cohen_d": self.test.cohen_d if self.test else None,
        }


@dataclass
class JourneyMap:
    version: int
    stages: list[tuple[str, list[TouchpointStats]]]
    min_n: int = m.MIN_N
    effect_floor: float = EFFECT_FLOOR

    def touchpoints(self) -> list[TouchpointStats]:
        return [t for _, tps in self.stages for t in tps]

    def touchpoint(self, name: str) -> TouchpointStats | None:
        return next((t for t in self.touchpoints() if t.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "min_n": self.min_n, "effect_floor": self.effect_floor,
                "stages": [{"name": s, "touchpoints": [t.to_dict() for t in tps]}
                           for s, tps in self.stages]}


def _sentiment(g: dict[str, Any]) -> m.Figure:
    """Bootstrap over customers when their means are at hand (few enough), else t."""
    if "means" in g and g["k"] >= 3:
        return m.mean_bootstrap(np.asarray(g["means"]))
    return m.mean_from_moments(int(g["k"]), g["s1"], g["s2"])


_EMPTY = {"rows": 0, "customers": 0, "tagged": 0, "negative": 0, "k": 0, "s1": 0.0, "s2": 0.0,
          "scored": 0}
_NO_SCORES = {"nps_n": 0, "promoters": 0, "detractors": 0, "csat_n": 0, "csat_top2": 0,
              "ces_n": 0, "ces_s1": 0.0, "ces_s2": 0.0}


def build_map(db, definition: JourneyDefinition, sel: Selection, *, verbatims: int = 5
              ) -> JourneyMap:
    """Compute the journey map of the selection (see the module docstring)."""
    sent = arr.group_sentiment(db, sel, FACET, keep_means_upto=m.BOOTSTRAP_MAX_CLUSTERS)
    scores = arr.group_scores(db, sel, FACET)
    issues = arr.group_values(db, sel, FACET, ISSUE_FACET)
    stages: list[tuple[str, list[TouchpointStats]]] = []
    for stage in definition.stages:
        tps = []
        for name in stage.touchpoints:
            g = sent.get(name, _EMPTY)
            sc = scores.get(name, _NO_SCORES)
            quotes = []
            if verbatims and g["rows"]:
                newest = arr.newest_ids(db, sel, FACET, name, VERBATIM_CANDIDATES)
                quotes = representative(agg.texts(db, newest), verbatims)
            tps.append(TouchpointStats(
                name=name, stage=stage.name, rows=int(g["rows"]), customers=int(g["customers"]),
                sentiment=_sentiment(g),
                negative=m.proportion(int(g["negative"]), int(g["tagged"])),
                nps=m.nps(int(sc["promoters"]), int(sc["detractors"]), int(sc["nps_n"])),
                csat=m.csat(int(sc["csat_top2"]), int(sc["csat_n"])),
                ces=m.ces(int(sc["ces_n"]), sc["ces_s1"], sc["ces_s2"]),
                top_issues=issues.get(name, []), verbatims=quotes))
        stages.append((stage.name, tps))
    jm = JourneyMap(definition.version, stages)
    _mark(jm, sent)
    return jm


def _mark(jm: JourneyMap, sent: dict[str, dict[str, float]]) -> None:
    """Highs/lows by test; the worst and the final touchpoint with enough data (peak-end)."""
    tps = jm.touchpoints()
    groups = [Moments(t.name, int(sent[t.name]["k"]), sent[t.name]["s1"], sent[t.name]["s2"])
              for t in tps if t.name in sent and sent[t.name]["k"] > 0]
    results = flag_groups(groups)
    for t in tps:
        t.test = results.get(t.name)
    ranked = [t for t in tps if not t.low_n and t.sentiment.value is not None]
    if ranked:
        min(ranked, key=lambda t: t.sentiment.value).worst = True
        ranked[-1].final = True
