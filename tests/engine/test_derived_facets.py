"""Derived facets come from the taxonomy (``kind: derived``), whatever their name."""

from __future__ import annotations

import json

from tests.conftest import build_workspace
from vocdesk.engine.domain import Facet, FacetValue, TagChange
from vocdesk.engine.store import tags as store_tags
from vocdesk.engine.store import transaction
from vocdesk.engine.workspace import Workspace


def _with_team_facet(ws: Workspace) -> None:
    """Rename the default ``department`` facet to ``team`` and add a derived ``squad``."""
    tax = ws.taxonomy
    for f in tax.facets:
        if f.name == "department":
            f.kind = "rules"        # no longer derived: analysis may tag it from its rules
    tax.facets.append(Facet("squad", "小组", "Squad", False, "derived",
                            [FacetValue("物流组"), FacetValue("客服组")]))
    ws.set_taxonomy(tax)


def test_the_taxonomy_says_which_facets_are_derived(tmp_path):
    with Workspace.open(build_workspace(tmp_path / "d.vocdesk", n=40, analyze=False)) as ws:
        assert set(ws.review.derived_facets()) == {"stage", "department"}
        _with_team_facet(ws)
        assert set(ws.review.derived_facets()) == {"stage", "squad"}


def test_a_derived_facet_of_another_name_is_skipped_by_review_and_training(tmp_path):
    with Workspace.open(build_workspace(tmp_path / "d.vocdesk", n=40, analyze=False)) as ws:
        _with_team_facet(ws)
        ids = [r["id"] for r in ws.browse.rows(ws.browse.ids(None, "id"))]
        tags, analysis = [], []
        for k, fid in enumerate(ids):
            # squad is least sure on the last rows: counted, it would reverse the queue
            tags.append((fid, "squad", "物流组", (len(ids) - k) / 1000, "derived:x", None))
            tags.append((fid, "department", "物流部", 0.99, "rule-x", None))
            tags.append((fid, "category", "物流配送", (k + 1) / 100, "r", json.dumps([[0, 1]])))
            analysis.append((fid, "test", "2026-01-01T00:00:00+00:00", 0.5, "[]"))
        with transaction(ws.db):
            store_tags.replace_auto_tags(ws.db, ids, tags, analysis)
        # the uncertainty order ignores squad (derived) but not department (no longer derived)
        assert ws.review.queue("uncertainty", limit=5) == ids[:5]
        # accepting auto tags keeps department, leaves the derived squad to analysis
        cmd = ws.review.accept_auto_tags(ids[:2])
        assert {c.facet for c in cmd.commands} == {"department", "category"}
        # human labels on a derived facet are never trained on
        ws.apply_changes([TagChange(i, "squad", None, ("客服组" if i % 2 else "物流组",))
                          for i in ids], who="a")
        assert [r for r in ws.train(force=True) if r.get("facet") == "squad"] == []


def test_analysis_derives_a_derived_facet_of_another_name(tmp_path):
    """A touchpoint's parent and a category's owner name values of *any* derived facet."""
    from vocdesk.engine.domain.taxonomy import Rule

    with Workspace.open(build_workspace(tmp_path / "d.vocdesk", n=10, analyze=False)) as ws:
        tax = ws.taxonomy
        cat = tax.facet("category")
        logistics = cat.value("物流配送")
        logistics.department = "物流组"
        logistics.rules.append(Rule("test-slow", "太慢"))
        tax.facets.append(Facet("squad", "小组", "Squad", True, "derived",
                                [FacetValue("物流组"), FacetValue("客服组")]))
        ws.set_taxonomy(tax)
        ws.imports.import_dataframe(__import__("pandas").DataFrame(
            {"text": ["快递太慢了，等了一周"], "channel": ["app_store"]}), "t")
        ws.analyze()
        fid = max(r["id"] for r in ws.browse.rows(ws.browse.ids(None, "id")))
        tags = ws.effective_tags([fid])[fid]
        assert "物流配送" in [t["value"] for t in tags.get("category", [])]
        squad = tags.get("squad", [])
        assert [t["value"] for t in squad] == ["物流组"]
        assert squad[0]["origin"] == "derived:category=物流配送"


def test_a_department_typed_as_an_owner_becomes_a_value_rows_are_routed_to(tmp_path):
    """An owner typed in the taxonomy editor that the department facet lacked was ignored by
    analysis; saving the taxonomy now adds it, and analysis routes the category's rows there."""
    with Workspace.open(build_workspace(tmp_path / "d.vocdesk", n=40, analyze=False)) as ws:
        tax = ws.taxonomy
        tax.facet("category").value("物流配送").department = "法务部"
        ws.set_taxonomy(tax)
        dept = ws.taxonomy.facet("department")
        assert dept.value("法务部") is not None and dept.value("法务部").added_by == "analyst"
        ws.analyze()
        rows = ws.db.execute(
            "SELECT count(*) FROM tag_effective d JOIN tag_effective c ON c.feedback_id = "
            "d.feedback_id AND c.facet = 'category' AND c.value = '物流配送' "
            "WHERE d.facet = 'department' AND d.value = '法务部'").fetchone()[0]
        assert rows > 0


def test_a_workspace_that_made_department_a_rule_facet_gets_no_values_added(tmp_path):
    with Workspace.open(build_workspace(tmp_path / "d.vocdesk", n=10, analyze=False)) as ws:
        _with_team_facet(ws)
        tax = ws.taxonomy
        tax.facet("category").value("物流配送").department = "法务部"
        ws.set_taxonomy(tax)
        assert ws.taxonomy.facet("department").value("法务部") is None
        assert ws.taxonomy.facet("squad").value("法务部") is None
