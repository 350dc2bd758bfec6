"""The taxonomy: facets, their values, rules and owning departments.

Plain dataclasses with YAML/JSON round-tripping; the store persists them in the workspace so
a taxonomy travels with the file, and a consultant can hand a client's coding scheme over.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from vocdesk import resources
from vocdesk.engine.errors import InputError, UsageError

FORMAT = "vocdesk-taxonomy/1"
DEFAULT_TAXONOMY_PATH = resources.path(resources.DEFAULT_TAXONOMY)
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


TAXONOMY_SUFFIXES = (".yaml", ".yml", ".json")


def _check_suffix(path: Path) -> None:
    """A taxonomy is YAML or JSON: say so instead of a YAML parser error about a README."""
    if path.is_dir():
        raise InputError(str(path), reason="is a directory, not a taxonomy file")
    if path.suffix.lower() not in TAXONOMY_SUFFIXES:
        raise InputError(str(path), reason="a taxonomy file is YAML (.yaml, .yml) or JSON "
                                           "(.json); this one is neither")


def load_taxonomy_file(path: str | Path) -> Taxonomy:
    """Read a taxonomy from YAML or JSON (by extension; YAML is a superset, so it is the fallback)."""
    path = Path(path)
    _check_suffix(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), reason=f"cannot read taxonomy: {exc}") from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(str(path), reason=f"not valid {path.suffix.lstrip('.') or 'YAML'}: {exc}") from exc
    return taxonomy_from_dict(data, str(path))


def save_taxonomy_file(taxonomy: Taxonomy, path: str | Path) -> None:
    """Write YAML or JSON by extension; any other extension is refused (nothing is written)."""
    path = Path(path)
    if path.suffix.lower() not in TAXONOMY_SUFFIXES:
        raise UsageError(f"{path}: export the taxonomy to .yaml, .yml or .json")
    data = taxonomy.to_dict()
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")


def default_taxonomy() -> Taxonomy:
    return load_taxonomy_file(DEFAULT_TAXONOMY_PATH)
