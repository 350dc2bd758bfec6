"""Scope kinds: each resolves to exactly the rows of the engine that defines it."""

from __future__ import annotations

import hashlib
import io
import json
import re

import pytest
from pypdf import PdfReader

from vocdesk.cli import main
from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.errors import UsageError
from vocdesk.engine.reports import ReportSpec, scopes
from vocdesk.engine.workspace import Workspace

TOUCHPOINT = "地址填写与修改"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from vocdesk.engine.demo_workspace import build_demo_workspace

    path = tmp_path_factory.mktemp("scopes") / "demo.vocdesk"
    build_demo_workspace(path, rows=3000)
    return path


@pytest.fixture
def demo(demo_path):
    with Workspace.open(demo_path) as ws:
        yield ws


def _ids(ws, text: str) -> set[int]:
    return {int(i) for i in scopes.ids_of(ws, scopes.resolve(ws, text))}


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_touchpoint_scope_is_the_journey_maps_rows(demo):
    got = _ids(demo, f"touchpoint:{TOUCHPOINT}")
    assert got == set(demo.journey.touchpoint_ids(TOUCHPOINT))
    assert len(got) == demo.journey.map(verbatims=0).touchpoint(TOUCHPOINT).rows > 30
    scope = scopes.resolve(demo, f"touchpoint:{TOUCHPOINT}")
    assert scope.title("zh") == f"触点：下单支付 › {TOUCHPOINT}"
    assert scope.title("en").startswith("Touchpoint: ")
    with pytest.raises(UsageError, match="not a touchpoint of the journey"):
        scopes.resolve(demo, "touchpoint:火星登陆")


def test_department_pair_scope_is_the_breakpoint_cell(demo):
    pair = demo.breakpoints.compute()["pairs"][0]
    a, b = pair.departments
    got = _ids(demo, f"departments:{b},{a}")          # either order
    assert len(got) == pair.n > 10
    tags = demo.effective_tags(sorted(got))
    for i in got:
        depts = {t["value"] for t in tags[i]["department"]}
        assert {a, b} <= depts
    assert set(pair.example_ids) <= got
    with pytest.raises(UsageError, match="two departments"):
        scopes.resolve(demo, f"departments:{a}")


def test_action_scope_is_its_targeted_complaint_in_its_segment_plus_evidence(demo):
    extra = int(demo.browse.ids(FeedbackFilter(channels=["chat"]), "id")[0])
    aid = demo.actions.add("发票开错", where={"category": ["物流配送"], "channel": ["ticket"]},
                           evidence=[extra])
    got = _ids(demo, f"action:{aid}")
    everything = [int(i) for i in demo.browse.ids(None, "id")]
    tags = demo.effective_tags(everything)
    rows = {r["id"]: r for r in demo.feedback(everything)}
    truth = {i for i in everything if rows[i]["channel"] == "ticket" and "物流配送" in
             {t["value"] for t in tags[i].get("category", [])}} | {extra}
    assert got == truth and len(truth) > 5
    assert scopes.resolve(demo, f"action:{aid}").title("zh") == f"行动 #{aid}：发票开错"
    with pytest.raises(UsageError, match="no action"):
        scopes.resolve(demo, "action:99999")


def test_category_view_and_facet_scopes_match_the_explorer(demo):
    cat = demo.browse.ids(FeedbackFilter(facets={"category": ["物流配送"]}))
    assert _ids(demo, "category:物流配送") == set(cat.tolist())
    flt = FeedbackFilter(channels=["chat"], sentiment=["negative"], date_from="2026-03-01")
    demo.browse.save_view("app 差评", flt)
    assert _ids(demo, "view:app 差评") == set(demo.browse.ids(flt).tolist())
    assert ("app 差评", "app 差评", "app 差评") in scopes.choices(demo, "view")
    with pytest.raises(UsageError, match="no saved view"):
        scopes.resolve(demo, "view:nope")
    with pytest.raises(UsageError, match="KIND:KEY"):
        scopes.resolve(demo, "planet:mars")


def test_where_narrows_a_scope_and_a_facet_named_twice_is_refused(demo):
    from vocdesk.engine.reports.evidence import scope_filter

    spec = ReportSpec(workspace="d", scope=f"touchpoint:{TOUCHPOINT}",
                      where={"channel": ["chat"]}, date_from="2026-04-01")
    got = set(demo.browse.ids(scope_filter(demo, spec)).tolist())
    both = demo.browse.ids(FeedbackFilter(facets={"touchpoint": [TOUCHPOINT]}, channels=["chat"],
                                          date_from="2026-04-01"))
    assert got == set(both.tolist())
    with pytest.raises(UsageError, match="give it once"):
        scope_filter(demo, ReportSpec(workspace="d", scope="category:物流配送",
                                      where={"category": ["产品质量"]}))


def test_cli_scope_pack_carries_the_scope_and_rebuilds_identically(demo_path, tmp_path, capsys):
    out = tmp_path / "tp.pdf"
    assert main(["report", str(demo_path), "--scope", f"touchpoint:{TOUCHPOINT}", "--out",
                 str(out), "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    man = json.loads((tmp_path / "tp.manifest.json").read_text("utf-8"))
    with Workspace.open(demo_path, readonly=True) as ws:
        assert res["rows"] == len(ws.journey.touchpoint_ids(TOUCHPOINT))
    assert man["spec"]["scope"] == f"touchpoint:{TOUCHPOINT}"
    assert man["scope"]["title_zh"] == f"触点：下单支付 › {TOUCHPOINT}"
    assert f"触点：下单支付›{TOUCHPOINT}" in _text(out.read_bytes())
    again = tmp_path / "again.pdf"
    assert main(["report", str(demo_path), "--from-manifest", str(out), "--out",
                 str(again)]) == 0
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(out.read_bytes()).digest()
    capsys.readouterr()
    assert main(["report", str(demo_path), "--scope", "touchpoint:火星", "--out",
                 str(tmp_path / "x.pdf")]) != 0
    assert "not a touchpoint" in capsys.readouterr().err


def test_department_pair_pack_keeps_the_manifest_small(demo_path, tmp_path):
    with Workspace.open(demo_path, readonly=True) as ws:
        a, b = ws.breakpoints.compute()["pairs"][0].departments
        built = ws.reports.build(ReportSpec(workspace="d", scope=f"departments:{a},{b}"))
        n = len(scopes.department_pair_ids(ws, a, b))
        meeting = ws.reports.build(ReportSpec(workspace="d", template="meeting",
                                              scope=f"departments:{a},{b}"))
    assert built.manifest["rows"] == n == meeting.manifest["rows"]
    assert built.manifest["filter"]["facets"]["department"] == [a, b]   # the pair, named
    assert built.manifest["filter"]["ids"]["n"] == n        # the ids by count and hash,
    assert all(isinstance(f["lineage"]["filter"]["ids"], dict)   # not thousands of numbers
               for f in built.manifest["figures"])


# --- signals: a workspace with a planted one (tests/engine/test_signals.py) ----------------
@pytest.fixture(scope="module")
def signal_ws(tmp_path_factory):
    from tests.engine.test_signals import _frame

    path = tmp_path_factory.mktemp("sig") / "planted.vocdesk"
    with Workspace.create(path) as ws:
        ws.imports.import_dataframe(_frame(True), "test:feedback")
        ws.analyze(workers=1)
    return path


def test_signal_scope_is_its_rows_within_its_weeks(signal_ws, tmp_path):
    with Workspace.open(signal_ws) as ws:
        top = ws.signals.detect()[0]
        scope = scopes.resolve(ws, "signal:1")
        assert scope.key == top["key"] and scopes.canonical(ws, "signal:1") == \
            f"signal:{top['key']}"
        got = {int(i) for i in scopes.ids_of(ws, scope)}
        # exactly the weekly counts the signal was found on, and only rows carrying it
        assert len(got) == sum(w["count"] for w in top["weekly"]) > 10
        assert got <= set(ws.signals.affected_rows(top["key"]))
        assert set(top["example_ids"]) <= got
        assert scopes.resolve(ws, f"signal:{top['key']}").ids == scope.ids
        with pytest.raises(UsageError, match="weak signals"):
            scopes.resolve(ws, "signal:99")
        built = ws.reports.build(ReportSpec(workspace="p", scope="signal:1"))
        assert built.manifest["spec"]["scope"] == f"signal:{top['key']}"
        assert built.manifest["rows"] == len(got)
