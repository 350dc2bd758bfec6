"""Facets analysis derives from others, read from the taxonomy (``kind: derived``).

Why here and generic: the journey stage and the owning department used to be computed by
name in the pipeline, so a workspace whose taxonomy named them differently (or added a
derived facet of its own) got nothing. The taxonomy already says everything needed: a
value's ``parent`` (a touchpoint's stage) or ``department`` (a category's owner) names a
value of a derived facet. A derived facet takes those values from the row's tags of the
facets that point at it, and its own rules add explicit mentions ("销售部说…").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from vocdesk.engine.domain.taxonomy import Taxonomy
from vocdesk.engine.tagging.rules import merge_spans

#: The value attributes that point at a value of a derived facet.
POINTERS = ("parent", "department")


def rule_score(n_spans: int) -> float:
    """The score of a rule tag with ``n_spans`` matches (0.7 for one, up to 0.99)."""
    return round(min(0.99, 0.7 + 0.1 * (n_spans - 1)), 3)


@dataclass
class Derivation:
    """How one taxonomy's derived facets are computed (built once per analysis)."""

    #: (source facet, value) -> [(derived facet, derived value)]
    links: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    #: derived facet -> its values' order (ties of single-valued facets go to the earlier)
    order: dict[str, dict[str, int]] = field(default_factory=dict)
    multi: dict[str, bool] = field(default_factory=dict)

    @property
    def facets(self) -> list[str]:
        return list(self.order)

    @property
    def sources(self) -> tuple[str, ...]:
        """Facets whose values point at a derived facet (their human tags count too)."""
        return tuple(dict.fromkeys(f for f, _ in self.links))

    def derive(self, fid: int, effective: dict[str, list[tuple[str, float]]],
               found: dict[str, dict[str, list]]) -> list[tuple]:
        """Tag rows ``(fid, facet, value, score, origin, spans)`` of every derived facet."""
        out: list[tuple] = []
        for facet in self.order:
            cands: dict[str, tuple[float, str, list]] = {}
            for src in self.sources:
                for value, score in effective.get(src, []):
                    for dfacet, dvalue in self.links.get((src, value), ()):
                        if dfacet == facet and (dvalue not in cands or cands[dvalue][0] < score):
                            cands[dvalue] = (score, f"derived:{src}={value}", [])
            multi = self.multi[facet]
            for value, slot in found.get(facet, {}).items():
                spans = merge_spans(slot[1])
                score = rule_score(len(spans))
                if multi:       # a department named outright is owner whatever else says
                    cands[value] = (max(score, 0.9), ",".join(slot[0]), spans)
                elif value not in cands or cands[value][0] < score:
                    cands[value] = (score, ",".join(slot[0]), spans)
            if not cands:
                continue
            order = self.order[facet]
            ranked = sorted(cands.items(), key=lambda kv: (-kv[1][0], order.get(kv[0], 99)))
            for value, (score, origin, spans) in (ranked if multi else ranked[:1]):
                out.append((fid, facet, value, round(score, 4), origin,
                            json.dumps(spans) if spans else None))
        return out


def derivation_for(taxonomy: Taxonomy) -> Derivation:
    """Read the derived facets and the values pointing at them from ``taxonomy``."""
    derived = [f for f in taxonomy.facets if f.kind == "derived"]
    d = Derivation(order={f.name: {v.value: i for i, v in enumerate(f.values)} for f in derived},
                   multi={f.name: f.multi for f in derived})
    owner_of = {}
    for f in derived:
        for v in f.values:
            owner_of.setdefault(v.value, f.name)
    for facet in taxonomy.facets:
        if facet.kind == "derived":
            continue
        for v in facet.values:
            for attr in POINTERS:
                target = getattr(v, attr, None)
                if target and target in owner_of:
                    d.links.setdefault((facet.name, v.value), []).append(
                        (owner_of[target], target))
    return d
