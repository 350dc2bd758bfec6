"""What a rule would do before it is saved: hits, sample matches, rows moving between values.

The taxonomy editor calls :func:`preview_rule` in a background job while a rule is being
typed. It scans every text of the workspace once with a :class:`RuleSet` holding the edited
rule together with the value's other rules and dictionary terms, and compares the result
with the auto tags the value has now.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.store import review as store_review
from vocdesk.engine.tagging.rules import RuleSet, parse_rule
from vocdesk.engine.tagging.taxonomy import Taxonomy
from vocdesk.engine.text.placeholders import mask_placeholders

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


def preview_rule(ws, expr: str, facet: str, value: str, sample: int = 20,
                 progress: Progress = NULL_PROGRESS, *, rule_id: str | None = None,
                 taxonomy: Taxonomy | None = None, batch: int = 2000) -> RulePreview:
    """Scan every text of the workspace with the edited rule; see :class:`RulePreview`.

    ``rule_id``: the rule being edited (its stored expression is replaced by ``expr``);
    ``taxonomy``: the taxonomy being edited (default: the workspace's). Raises
    RuleSyntaxError before scanning if ``expr`` does not parse, Cancelled on cancel.
    """
    parse_rule(expr)
    tax = copy.deepcopy(taxonomy) if taxonomy is not None else ws.taxonomy
    rules = RuleSet(value_rules(tax, facet, value, expr, rule_id))
    current = store_review.auto_value_origins(ws.db, facet, value)
    from_rules = {fid for fid, origin in current.items()
                  if origin and not str(origin).startswith("learned:")}
    out = RulePreview(expr, facet, value)
    total = store_review.count_texts(ws.db)
    progress.start(total, "rule preview")
    matched: set[int] = set()
    for rows in store_review.iter_texts(ws.db, batch):
        progress.check()
        for fid, text in rows:
            found = rules.match(mask_placeholders(text))
            if not found:
                continue
            matched.add(fid)
            mine = next((m for m in found if m.rule_id == PREVIEW_ID), None)
            if mine is not None:
                out.hits += 1
                if len(out.samples) < sample:
                    out.samples.append(RuleSample(fid, text, list(mine.spans)))
        out.total += len(rows)
        progress.update(out.total, total)
    out.moved_in = len(matched - set(current))
    out.moved_out = len(from_rules - matched)
    progress.finish()
    return out
