"""Turn a weak signal into a taxonomy rule: what was noticed once is tagged from now on.

A signal's parts become one AND of groups: a term part is that term, a ``facet=value`` part is
its value's dictionary terms (or the value's name) OR-ed together — so "R5 + 边刷 + 卡住"
becomes ``("扫地机器人R5" OR "R5") AND "边刷" AND "卡住"``. The rule is added to the chosen
value through :meth:`Workspace.set_taxonomy` (the same versioned path as every taxonomy edit:
validated, backed up, the taxonomy fingerprint changes) and the workspace is re-analysed so
the rows it matches carry the value.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from vocdesk.engine.domain.taxonomy import FacetValue, Rule, Taxonomy
from vocdesk.engine.errors import UsageError
from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.signals.combos import parts_of

if TYPE_CHECKING:
    from vocdesk.engine.workspace import Workspace


def _quote(term: str) -> str:
    return '"' + term.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rule_expression(taxonomy: Taxonomy, key: str) -> str:
    """The rule expression of a combination key (see module doc)."""
    _kind, parts = parts_of(key)
    groups = []
    for part in parts:
        facet, sep, value = part.partition("=")
        if sep and taxonomy.facet(facet) is not None:
            fv = taxonomy.facet(facet).value(value)
            terms = list(dict.fromkeys([*(fv.terms if fv else []), value]))
        else:
            terms = [part]
        alts = " OR ".join(_quote(t) for t in terms if t.strip())
        if alts:
            groups.append(f"({alts})" if len(terms) > 1 else alts)
    if not groups:
        raise UsageError(f"the signal {key!r} has no terms to make a rule of")
    return " AND ".join(groups)


def to_rule(ws: Workspace, key: str, facet: str, value: str, *, who: str | None = None,
            retag: bool = True, progress: Progress = NULL_PROGRESS) -> dict[str, Any]:
    """Add the signal's rule to ``facet=value`` (the value is created if new), re-tag, and
    mark the signal watched with a note naming the rule. Returns the rule and the rows it
    now tags."""
    from vocdesk.engine.store import signals as store_signals
    from vocdesk.engine.store.database import transaction

    tax = ws.taxonomy
    f = tax.facet(facet)
    if f is None:
        raise UsageError(f"no facet {facet!r} in the taxonomy "
                         f"(facets: {', '.join(tax.facet_names())})")
    if f.kind == "derived":
        raise UsageError(f"{facet} is derived from other facets: a rule cannot set it")
    if not value.strip():
        raise UsageError("a rule needs a value to tag")
    value = value.strip()
    expr = rule_expression(tax, key)
    fv = f.value(value)
    if fv is None:
        fv = FacetValue(value, added_by=who or "signal")
        f.values.append(fv)
    if any(r.expr == expr for r in fv.rules):
        raise UsageError(f"{facet}={value} already has the rule {expr}")
    taken = {r.id for x in tax.facets for v in x.values for r in v.rules}
    base = "signal-" + hashlib.sha1(key.encode()).hexdigest()[:8]
    rid, n = base, 1
    while rid in taken:
        n += 1
        rid = f"{base}-{n}"
    fv.rules.append(Rule(rid, expr, True, f"from weak signal {key}"))
    ws.set_taxonomy(tax)                 # validates the expression, backs up, versioned
    with transaction(ws.db):
        store_signals.set_state(ws.db, key, "watched", who, f"rule {rid} → {facet}={value}")
    analysed = 0
    if retag:
        analysed = ws.analyze(progress=progress).rows_analyzed
    return {"rule_id": rid, "expr": expr, "facet": facet, "value": value,
            "rows_analyzed": analysed}
