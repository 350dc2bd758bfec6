"""Evidence marks: kept apart with who/when, survive re-analysis, preferred by packs in scope."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import UTC, datetime

import pandas as pd
import pytest
from pypdf import PdfReader

from tests.conftest import build_workspace
from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.errors import UsageError
from vocdesk.engine.reports import PiiInPackError, ReportSpec
from vocdesk.engine.reports import manifest as manifest_mod
from vocdesk.engine.workspace import Workspace

T0 = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def ws(tmp_path):
    path = build_workspace(tmp_path / "ev.vocdesk", n=60)
    with Workspace.open(path) as w:
        yield w


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_mark_unmark_and_list_keep_who_when_note_and_topic(ws):
    ids = [int(i) for i in ws.browse.ids(None, "id")[:3]]
    assert ws.evidence.mark(ids[:2], note="客户说得最清楚", topic="物流", who="li", now=T0) == 2
    assert ws.evidence.mark([ids[2]], topic="价格", who="wang", now=T0) == 1
    got = ws.evidence.list()
    assert [m["feedback_id"] for m in got] == ids
    first = got[0]
    assert (first["note"], first["topic"], first["marked_by"], first["marked_at"]) == (
        "客户说得最清楚", "物流", "li", "2026-05-01T09:30:00+00:00")
    assert first["text"] == ws.feedback([ids[0]])[0]["text"]
    assert [m["feedback_id"] for m in ws.evidence.list(topic="价格")] == [ids[2]]
    assert [m["feedback_id"] for m in ws.evidence.list(who="li")] == ids[:2]
    assert ws.evidence.topics() == ["价格", "物流"]
    # marking again changes note and topic, one mark per row
    ws.evidence.mark([ids[0]], note="更新", topic="价格", who="wang", now=T0)
    assert len(ws.evidence.list()) == 3 and ws.evidence.list(topic="价格")[0]["note"] == "更新"
    assert ws.evidence.unmark([ids[0], ids[1]], who="li", now=T0) == 2
    assert ws.evidence.ids() == [ids[2]]
    assert ws.evidence.is_marked(ids) == {ids[2]}
    kinds = [(e["kind"], e["who"]) for e in ws.evidence.log(ids[0])]
    assert kinds == [("mark", "li"), ("mark", "wang"), ("unmark", "li")]


def test_list_filter_keeps_only_marks_inside_the_filter(ws):
    neg = [int(i) for i in ws.browse.ids(FeedbackFilter(sentiment=["negative"]), "id")[:2]]
    pos = [int(i) for i in ws.browse.ids(FeedbackFilter(sentiment=["positive"]), "id")[:2]]
    assert neg and pos
    ws.evidence.mark(neg + pos, who="li")
    assert set(ws.evidence.ids(FeedbackFilter(sentiment=["negative"]))) == set(neg)
    assert set(ws.evidence.ids()) == set(neg + pos)


def test_bad_ids_are_refused_and_nothing_is_written(ws):
    good = int(ws.browse.ids(None, "id")[0])
    with pytest.raises(UsageError, match="no feedback row 999999"):
        ws.evidence.mark([good, 999999], who="li")
    with pytest.raises(UsageError, match="at most"):
        ws.evidence.mark([good], note="x" * 501)
    with pytest.raises(UsageError, match="no rows"):
        ws.evidence.mark([])
    assert ws.evidence.ids() == [] and ws.evidence.log() == []


def test_marks_survive_reanalysis_and_retagging(ws):
    ids = [int(i) for i in ws.browse.ids(None, "id")[:4]]
    ws.evidence.mark(ids, note="n", topic="t", who="li", now=T0)
    before = ws.evidence.list()
    ws.analyze(force=True, workers=1)
    ws.set_human_tags(ids, "sentiment", ["negative"], who="li")
    assert ws.evidence.list() == [{**m, "text": ws.feedback([m["feedback_id"]])[0]["text"]}
                                  for m in before]


def test_pack_prefers_marked_quotes_inside_its_scope_and_rebuilds_byte_identical(ws, tmp_path):
    inside = [int(i) for i in ws.browse.ids(FeedbackFilter(sentiment=["negative"]), "id")]
    outside = [int(i) for i in ws.browse.ids(FeedbackFilter(sentiment=["positive"]), "id")]
    # the oldest rows: the rule alone (each customer's latest) would not put them first
    marked = inside[:2]
    ws.evidence.mark(marked + outside[:1], who="li")
    out = tmp_path / "p.pdf"
    spec = ReportSpec(workspace=ws.path.name, where={"sentiment": ["negative"]}, max_quotes=5)
    ev_quotes = _quotes(ws, spec)
    assert [q["id"] for q in ev_quotes[:2]] == marked and ev_quotes[0]["marked"]
    assert outside[0] not in [q["id"] for q in ev_quotes]
    assert len(ev_quotes) == 5 and not any(q["marked"] for q in ev_quotes[2:])   # then filled
    res = ws.reports.write(spec, out)
    man = manifest_mod.load(res.manifest_path)
    assert man["spec"]["quote_ids"] == marked + outside[:1]
    text = _text(out.read_bytes())
    for q in ev_quotes:
        assert re.sub(r"\s+", "", q["text"])[:12] in text
    # unmarking afterwards does not change a rebuild from the manifest
    ws.evidence.unmark(marked, who="li")
    again = tmp_path / "again.pdf"
    ws.reports.rebuild(man, again)
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(out.read_bytes()).digest()
    # a new build without the marks no longer puts those rows first
    assert [q["id"] for q in _quotes(ws, spec)[:2]] != marked


def _quotes(ws, spec):
    from vocdesk.engine.reports.evidence import Evidence

    return Evidence(ws, spec).quotes()


def test_a_marked_quote_with_pii_is_still_refused(tmp_path):
    path = tmp_path / "leaky.vocdesk"
    rows = [{"text": f"扫地机器人边刷坏了第{i}次", "created_at": f"2026-03-{1 + i:02d} 10:00",
             "customer_id": f"c{i}"} for i in range(20)]
    rows[0]["text"] = "边刷坏了，请打我电话 13812345678 联系"      # the oldest row
    with Workspace.create(path) as w:
        w.imports.import_dataframe(pd.DataFrame(rows), "test:leaky", redact=False)
        w.analyze(workers=1)
        leak = next(int(i) for i in w.browse.ids(None, "id")
                    if "138" in w.feedback([int(i)])[0]["text"])
        spec = ReportSpec(workspace=path.name, max_quotes=3)
        w.reports.build(spec)                     # not among the 3 newest: fine
        w.evidence.mark([leak], who="li")
        with pytest.raises(PiiInPackError, match="mobile"):
            w.reports.write(spec, tmp_path / "p.pdf")
        assert not (tmp_path / "p.pdf").exists()


def test_cli_marks_lists_and_unmarks(tmp_path, capsys):
    import json as _json

    from vocdesk.cli import main

    path = build_workspace(tmp_path / "cli.vocdesk", n=30)
    with Workspace.open(path, readonly=True) as w:
        ids = [int(i) for i in w.browse.ids(None, "id")[:2]]
    assert main(["evidence", str(path), "mark", *map(str, ids), "--topic", "物流",
                 "--note", "典型", "--who", "li"]) == 0
    assert "marked 2 rows" in capsys.readouterr().out
    assert main(["evidence", str(path), "list", "--json"]) == 0
    got = _json.loads(capsys.readouterr().out)["evidence"]
    assert [(m["feedback_id"], m["topic"], m["marked_by"]) for m in got] == [
        (ids[0], "物流", "li"), (ids[1], "物流", "li")]
    assert main(["evidence", str(path), "unmark", str(ids[0])]) == 0
    assert main(["evidence", str(path), "mark", "999999"]) != 0
    assert "no feedback row 999999" in capsys.readouterr().err
    with Workspace.open(path, readonly=True) as w:
        assert w.evidence.ids() == [ids[1]]
