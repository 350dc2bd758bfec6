"""Persisting the taxonomy (facets, values, rules) inside the workspace."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlite_utils import Database

from vocdesk.engine.domain.taxonomy import Facet, FacetValue, Rule, Taxonomy


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def replace_taxonomy(db: Database, taxonomy: Taxonomy) -> None:
    """Replace the stored taxonomy with ``taxonomy`` (call inside a transaction).

    Tags already stored keep their values: a value that disappears from the taxonomy still
    shows on the rows that carry it until they are re-analysed or re-tagged.
    """
    db.execute("DELETE FROM rules")
    db.execute("DELETE FROM facet_values")
    db.execute("DELETE FROM facets")
    now = _now()
    for fpos, f in enumerate(taxonomy.facets):
        db.execute("INSERT INTO facets (name, label_zh, label_en, multi, kind, position) "
                   "VALUES (?,?,?,?,?,?)", [f.name, f.label_zh, f.label_en, int(f.multi), f.kind, fpos])
        for vpos, v in enumerate(f.values):
            db.execute(
                "INSERT INTO facet_values (facet, value, label_zh, label_en, department, parent, "
                "terms, position, added_by, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [f.name, v.value, v.label_zh, v.label_en, v.department, v.parent,
                 json.dumps(v.terms, ensure_ascii=False), vpos, v.added_by, now])
            for r in v.rules:
                db.execute("INSERT INTO rules (id, facet, value, expr, enabled, note, updated_at) "
                           "VALUES (?,?,?,?,?,?,?)",
                           [r.id, f.name, v.value, r.expr, int(r.enabled), r.note, now])


def load_taxonomy(db: Database) -> Taxonomy:
    facets: dict[str, Facet] = {}
    for name, lzh, len_, multi, kind in db.execute(
            "SELECT name, label_zh, label_en, multi, kind FROM facets ORDER BY position").fetchall():
        facets[name] = Facet(name, lzh, len_, bool(multi), kind)
    values: dict[tuple[str, str], FacetValue] = {}
    for facet, value, lzh, len_, dept, parent, terms, added_by in db.execute(
            "SELECT facet, value, label_zh, label_en, department, parent, terms, added_by "
            "FROM facet_values ORDER BY facet, position").fetchall():
        fv = FacetValue(value, lzh, len_, dept, parent, json.loads(terms or "[]"), [], added_by)
        values[(facet, value)] = fv
        facets[facet].values.append(fv)
    for rid, facet, value, expr, enabled, note in db.execute(
            "SELECT id, facet, value, expr, enabled, note FROM rules ORDER BY rowid").fetchall():
        fv = values.get((facet, value))
        if fv is not None:
            fv.rules.append(Rule(rid, expr, bool(enabled), note))
    return Taxonomy(list(facets.values()))


def add_facet_value(db: Database, facet: str, value: str, added_by: str,
                    department: str | None = None, parent: str | None = None) -> bool:
    """Add a value to a facet if it is missing (creating the facet too). True if added."""
    if db.execute("SELECT 1 FROM facets WHERE name = ?", [facet]).fetchone() is None:
        pos = db.execute("SELECT coalesce(max(position), -1) + 1 FROM facets").fetchone()[0]
        db.execute("INSERT INTO facets (name, label_zh, label_en, multi, kind, position) "
                   "VALUES (?, ?, ?, 1, 'model', ?)", [facet, facet, facet, pos])
    if db.execute("SELECT 1 FROM facet_values WHERE facet = ? AND value = ?",
                  [facet, value]).fetchone():
        return False
    pos = db.execute("SELECT coalesce(max(position), -1) + 1 FROM facet_values WHERE facet = ?",
                     [facet]).fetchone()[0]
    db.execute("INSERT INTO facet_values (facet, value, label_zh, label_en, department, parent, "
               "terms, position, added_by, added_at) VALUES (?,?,?,?,?,?,'[]',?,?,?)",
               [facet, value, value, value, department, parent, pos, added_by, _now()])
    return True
