"""The taxonomy as data: facets, their values, rules and owning departments.

Plain dataclasses with dict round-tripping, at the bottom of the engine (the store persists
them, tagging reads them); file formats and the default taxonomy live in
:mod:`vocdesk.engine.tagging.taxonomy`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from vocdesk.engine.errors import InputError

FORMAT = "vocdesk-taxonomy/1"
KINDS = ("rules", "dictionary", "model", "derived")
#: Facets the engine computes in any workspace, whatever the taxonomy file says.
CORE_FACETS = ("sentiment", "category", "product", "feature", "stage", "touchpoint", "department")
SENTIMENT_VALUES = ("positive", "neutral", "negative")


@dataclass
class Rule:
    id: str
    expr: str
    enabled: bool = True
    note: str | None = None


@dataclass
class FacetValue:
    value: str
    label_zh: str | None = None
    label_en: str | None = None
    department: str | None = None
    parent: str | None = None
    terms: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    added_by: str = "default"


@dataclass
class Facet:
    name: str
    label_zh: str | None = None
    label_en: str | None = None
    multi: bool = False
    kind: str = "rules"
    values: list[FacetValue] = field(default_factory=list)

    def value(self, name: str) -> FacetValue | None:
        for v in self.values:
            if v.value == name:
                return v
        return None


@dataclass
class Taxonomy:
    facets: list[Facet] = field(default_factory=list)

    def facet(self, name: str) -> Facet | None:
        for f in self.facets:
            if f.name == name:
                return f
        return None

    def facet_names(self) -> list[str]:
        return [f.name for f in self.facets]

    def derived_facets(self) -> tuple[str, ...]:
        """Facets of ``kind: derived``: analysis computes them from other facets, so they are
        neither learned, nor accepted from auto tags, nor ranked in the review queue."""
        return tuple(f.name for f in self.facets if f.kind == "derived")

    def all_terms(self) -> set[str]:
        """Every dictionary term: jieba learns them so they are never cut apart."""
        return {t for f in self.facets for v in f.values for t in v.terms}

    def to_dict(self) -> dict[str, Any]:
        facets = []
        for f in self.facets:
            values = []
            for v in f.values:
                d: dict[str, Any] = {"value": v.value}
                label = {k: x for k, x in (("zh", v.label_zh), ("en", v.label_en)) if x}
                if label:
                    d["label"] = label
                for key in ("department", "parent"):
                    if getattr(v, key):
                        d[key] = getattr(v, key)
                if v.terms:
                    d["terms"] = list(v.terms)
                if v.rules:
                    d["rules"] = [{k: x for k, x in asdict(r).items()
                                   if not (k == "enabled" and x) and x is not None}
                                  for r in v.rules]
                if v.added_by != "default":
                    d["added_by"] = v.added_by
                values.append(d)
            facets.append({"name": f.name,
                           "label": {k: x for k, x in (("zh", f.label_zh), ("en", f.label_en)) if x},
                           "multi": f.multi, "kind": f.kind, "values": values})
        return {"format": FORMAT, "facets": facets}

    def fingerprint(self) -> str:
        """Changes whenever anything that affects tagging changes."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha1(blob).hexdigest()[:12]


def add_pointed_values(taxonomy: Taxonomy) -> list[str]:
    """Add to the derived ``department`` facet the owners values name but it lacks; return them.

    Why: a department typed in the taxonomy editor ("法务部" as the owner of a category) was
    silently ignored by analysis, which derives a row's department only from values of the
    department facet. Only the facet named ``department`` and only while it is derived: a
    workspace that made it a rule facet (or owns rows through a derived facet of another
    name) chose its values itself. Added values are marked ``added_by="analyst"``.
    """
    dest = taxonomy.facet("department")
    if dest is None or dest.kind != "derived":
        return []
    known = {v.value for f in taxonomy.facets if f.kind == "derived" for v in f.values}
    added: list[str] = []
    for facet in taxonomy.facets:
        for v in facet.values if facet.kind != "derived" else ():
            if v.department and v.department not in known:
                dest.values.append(FacetValue(v.department, added_by="analyst"))
                known.add(v.department)
                added.append(v.department)
    return added


def taxonomy_from_dict(data: Any, source: str = "<taxonomy>") -> Taxonomy:
    """Build and validate a taxonomy; errors name the facet/value at fault."""
    if not isinstance(data, dict) or not isinstance(data.get("facets"), list):
        raise InputError(source, reason="not a vocdesk taxonomy: a top-level 'facets' list is missing")
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        raise InputError(source, reason=f"unsupported taxonomy format {fmt!r} (expected {FORMAT})")
    facets: list[Facet] = []
    rule_ids: set[str] = set()
    for i, fd in enumerate(data["facets"], 1):
        if not isinstance(fd, dict) or not fd.get("name"):
            raise InputError(source, reason=f"facet #{i} has no name")
        label = fd.get("label") or {}
        kind = fd.get("kind", "rules")
        if kind not in KINDS:
            raise InputError(source, column=fd["name"], reason=f"unknown facet kind {kind!r}")
        facet = Facet(str(fd["name"]), label.get("zh"), label.get("en"), bool(fd.get("multi")),
                      kind)
        for vd in fd.get("values") or []:
            if isinstance(vd, str):
                vd = {"value": vd}
            if not vd.get("value"):
                raise InputError(source, column=facet.name, reason="a value without a name")
            vlabel = vd.get("label") or {}
            rules = []
            for rd in vd.get("rules") or []:
                rid = str(rd.get("id") or "")
                if not rid or not rd.get("expr"):
                    raise InputError(source, column=f"{facet.name}={vd['value']}",
                                     reason="a rule needs both 'id' and 'expr'")
                if rid in rule_ids:
                    raise InputError(source, column=f"{facet.name}={vd['value']}",
                                     reason=f"rule id {rid!r} is used twice")
                rule_ids.add(rid)
                rules.append(Rule(rid, str(rd["expr"]), bool(rd.get("enabled", True)),
                                  rd.get("note")))
            facet.values.append(FacetValue(
                str(vd["value"]), vlabel.get("zh"), vlabel.get("en"), vd.get("department"),
                vd.get("parent"), [str(t) for t in vd.get("terms") or []], rules,
                vd.get("added_by", "default")))
        facets.append(facet)
    return Taxonomy(facets)
