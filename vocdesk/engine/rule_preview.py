"""What a rule would do before it is saved: the preview's result types and rule set.

The taxonomy editor calls ``ws.review.preview_rule`` in a background job while a rule is
being typed. It scans every text of the workspace once with a ``RuleSet`` holding the edited
rule together with the value's other rules and dictionary terms (:func:`value_rules`), and
compares the result with the auto tags the value has now.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vocdesk.engine.domain.taxonomy import Taxonomy

PREVIEW_ID = "__preview__"


@dataclass
class RuleSample:
    feedback_id: int
    text: str
    spans: list[tuple[int, int]]


@dataclass
class RulePreview:
    """Result of a preview.

    ``hits``: rows the rule alone matches; ``samples``: the first of them with the matched
    spans; ``moved_in``: rows that would gain ``facet = value`` (the value's rules match them
    but they do not carry it as an auto tag now); ``moved_out``: rows that carry it now from
    rules and would lose it. ``total``: rows scanned.
    """

    expr: str
    facet: str
    value: str
    hits: int = 0
    samples: list[RuleSample] = field(default_factory=list)
    moved_in: int = 0
    moved_out: int = 0
    total: int = 0


def value_rules(taxonomy: Taxonomy | None, facet: str, value: str, expr: str,
                rule_id: str | None = None) -> list[tuple[str, str, str, str]]:
    """The value's rules as (id, facet, value, expr) with ``rule_id`` replaced by ``expr``.

    The edited rule gets the id :data:`PREVIEW_ID`; dictionary terms come as one rule.
    """
    out = [(PREVIEW_ID, facet, value, expr)]
    f = taxonomy.facet(facet) if taxonomy is not None else None
    v = f.value(value) if f is not None else None
    if v is None:
        return out
    if v.terms:
        terms = " OR ".join('"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'
                            for t in v.terms)
        out.append((f"{facet}:{value}:terms", facet, value, terms))
    for r in v.rules:
        if r.enabled and r.id != rule_id:
            out.append((r.id, facet, value, r.expr))
    return out
