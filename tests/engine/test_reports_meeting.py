"""Meeting, consultant and executive packs read back: every number, quote and lineage hash
equals what the engines give for the same scope (the JSON of ``vocdesk journey / breakpoints
/ metrics / signals / actions``), computed here independently where it can be."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from pypdf import PdfReader

from vocdesk.cli import main
from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.reports import ReportSpec
from vocdesk.engine.reports.lineage import ids_sha256
from vocdesk.engine.workspace import Workspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo with three actions of known state: the warehouse fix (measurable), a fix
    last week (too early to measure) and an action ten days overdue."""
    from vocdesk.engine.demo_workspace import build_demo_workspace

    path = tmp_path_factory.mktemp("meeting") / "demo.vocdesk"
    build_demo_workspace(path, rows=8000)     # enough rows for the planted weak signal
    with Workspace.open(path) as ws:
        stories = json.loads(ws.db.execute(
            "SELECT value FROM settings WHERE key = 'demo_stories'").fetchone()[0])
        story = next(s["markers"] for s in stories if "change_date" in s["markers"])
        cat = story["category"]
        ev = [int(i) for i in ws.browse.ids(FeedbackFilter(facets={"category": [cat]}))[:3]]
        now = datetime.now(UTC)
        ws.actions.add("华东新仓上线", where={"category": [cat]}, evidence=ev,
                       fixed_on=story["change_date"], owner="李娜", department="物流部")
        ws.actions.add("新包装", where={"category": [cat]}, evidence=ev[:1],
                       fixed_on=(now - timedelta(days=3)).date().isoformat())
        ws.actions.add("十天前的投诉", where={"category": [cat]}, evidence=ev[1:2],
                       sla_hours=8, now=now - timedelta(days=10))
    with Workspace.open(path) as ws:
        yield ws


def _raw(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _flat(pdf: bytes) -> str:
    return re.sub(r"\s+", "", _raw(pdf))


def _nows(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _ci(v: float, lo: float, hi: float, n: int) -> str:
    return f"{_pct(v)}[{_pct(lo)},{_pct(hi)}]" + ("n<30" if n < 30 else "")


def _cli_json(capsys, *argv: str) -> dict:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def _figure(built, title_part: str) -> dict:
    return next(f for f in built.manifest["figures"] if title_part in f["title"])


def _label(ws, facet: str, value: str, lang: str = "zh") -> str:
    fv = next(v for v in ws.taxonomy.facet(facet).values if v.value == value)
    return (fv.label_zh if lang == "zh" else fv.label_en) or value


@pytest.fixture(scope="module")
def meeting(demo):
    return demo.reports.build(ReportSpec(workspace="demo.vocdesk", template="meeting"))


def test_journey_map_equals_the_journey_json_with_the_rows_behind_it(demo, meeting, capsys):
    data = _cli_json(capsys, "journey", str(demo.path), "--json")
    text = _flat(meeting.pdf)
    shown, behind = 0, set()
    for stage in data["stages"]:
        for t in stage["touchpoints"]:
            if not t["n"]:
                continue
            shown += 1
            row = (f"{_label(demo, 'touchpoint', t['name'])}{t['n']:,}"
                   f"{t['sentiment_mean']:.2f}[{t['ci_low']:.2f},{t['ci_high']:.2f}]"
                   f"{_ci(t['negative_share'], *t['negative_ci'], t['negative_n'])}")
            assert _nows(row) in text, row
            behind |= set(demo.journey.touchpoint_ids(t["name"]))
    assert shown >= 10
    fig = _figure(meeting, "旅程情感曲线")
    assert fig["lineage"]["n"] == len(behind)
    assert fig["lineage"]["ids_sha256"] == ids_sha256(behind) and \
        fig["lineage"]["ids_sha256"] in text
    worst = next(t for s in data["stages"] for t in s["touchpoints"] if t["worst"])
    assert _nows(f"{_label(demo, 'touchpoint', worst['name'])}") + "" in text
    assert "最差" in text and "末端" in text


def test_the_scope_touchpoint_is_highlighted_among_all_touchpoints(demo, capsys):
    built = demo.reports.build(ReportSpec(workspace="demo.vocdesk", template="meeting",
                                          lang="en", where={"touchpoint": ["配送"]}))
    text = _flat(built.pdf)
    assert "▶" + _nows(_label(demo, "touchpoint", "配送", "en")) in text
    data = _cli_json(capsys, "journey", str(demo.path), "--json")   # the map without the filter
    names = [t for s in data["stages"] for t in s["touchpoints"] if t["n"]]
    for t in names:
        assert _nows(_label(demo, "touchpoint", t["name"], "en")) in text
    fig = _figure(built, "Emotion curve")
    assert "touchpoint" not in fig["lineage"]["filter"].get("facets", {})
    assert fig["lineage"]["extra"]["scope"].startswith("touchpoint=配送")
    # the rest of the pack is the scope: n of the summary is the touchpoint's rows
    n = demo.browse.count(FeedbackFilter(facets={"touchpoint": ["配送"]}))
    assert built.manifest["rows"] == n == built.manifest["figures"][0]["lineage"]["n"]


def test_breakpoint_matrix_equals_the_breakpoints_json(demo, meeting, capsys):
    data = _cli_json(capsys, "breakpoints", str(demo.path), "--json")
    text = _flat(meeting.pdf)
    behind: set[int] = set()
    for p in data["pairs"][:15]:
        a, b = p["departments"]
        row = (f"{_label(demo, 'department', a)}×{_label(demo, 'department', b)}{p['n']:,}"
               f"{_ci(p['negative_share'], *p['negative_ci'], p['n'])}{p['lift']:.2f}"
               f"{p['q']:.2g}{p['handoffs']:,}")
        assert _nows(row) in text, row
        both = set(demo.browse.ids(FeedbackFilter(facets={"department": [a]}))) & \
            set(demo.browse.ids(FeedbackFilter(facets={"department": [b]})))
        assert len(both) == p["n"]
        behind |= both
    fig = next(f for f in meeting.manifest["figures"] if f["title"] == "部门组合")
    assert fig["lineage"]["ids_sha256"] == ids_sha256(behind) and \
        fig["lineage"]["ids_sha256"] in text
    ho = data["handoffs"]
    r = ho["failures_per_100"]
    assert _nows(f"{ho['handoffs']:,}次；失败") in text
    assert _nows(f"{r['value']:.1f}[{r['ci_low']:.1f},{r['ci_high']:.1f}]") in text


def test_actions_show_owner_sla_escalation_and_measured_effect(demo, meeting, capsys):
    listed = {a["id"]: a for a in _cli_json(capsys, "actions", str(demo.path), "list",
                                            "--json")["actions"]}
    text = _flat(meeting.pdf)
    fix = next(a for a in listed.values() if a["title"] == "华东新仓上线")
    r = _cli_json(capsys, "actions", str(demo.path), "evaluate", str(fix["id"]), "--json")
    assert r["enough_data"] and r["effect"] < 0
    effect = (f"{100 * r['effect']:+.1f}pp[{100 * r['ci_low']:+.1f}pp,"
              f"{100 * r['ci_high']:+.1f}pp]")
    assert _nows(f"{fix['id']}华东新仓上线物流部李娜") in text and effect in text
    early = next(a for a in listed.values() if a["title"] == "新包装")
    assert _nows(f"{early['id']}新包装") in text and "数据尚不足" in text
    late = next(a for a in listed.values() if a["title"] == "十天前的投诉")
    assert late["overdue"] and late["escalation_level"] == 2
    due = late["due_at"][:16].replace("T", " ")
    assert _nows(f"超时，截止{due}客户体验负责人") in text
    # the per-department counts are the action list's, as of the pack's clock
    open_n = sum(a["status"] in ("new", "assigned", "in_progress") for a in listed.values())
    assert f"共{len(listed):,}" not in text          # (no such phrase: the intro says it)
    assert _nows(f"与本范围相关的行动{len(listed):,}项，其中未关闭{open_n:,}项") in text
    assert meeting.manifest["spec"]["as_of"]


def test_top_issues_with_their_verbatims_and_lineage(demo, meeting):
    from vocdesk.engine.reports.evidence import Evidence

    text = _flat(meeting.pdf)
    ev = Evidence(demo, ReportSpec(workspace="demo.vocdesk", template="meeting"))
    n = demo.browse.count()
    for value, count, ids in ev.facet_counts("category", top=5):
        assert count == demo.browse.count(FeedbackFilter(facets={"category": [value]}))
        neg = demo.browse.count(FeedbackFilter(facets={"category": [value]},
                                               sentiment=["negative"]))
        from statsmodels.stats.proportion import proportion_confint

        lo, hi = proportion_confint(neg, count, method="wilson")
        head = (f"{_label(demo, 'category', value)}：{count:,}条（占范围{_pct(count / n)}），"
                f"负面占比{_ci(neg / count, lo, hi, count)}")
        assert _nows(head) in text, head
        from vocdesk.engine.reports.sections.issues import voices

        quotes = ev.quotes(3, within=voices(ev, ids, 3))
        assert quotes
        for q in quotes:
            assert _nows(q["text"])[:40] in text
        sha = ids_sha256([q["id"] for q in quotes])
        assert sha in text


def test_one_page_summary_headline_numbers_and_asks(demo, meeting, capsys):
    pages = [re.sub(r"^第\d+页/共\d+页", "", re.sub(r"\s+", "", p.extract_text()))
             for p in PdfReader(io.BytesIO(meeting.pdf)).pages]
    summary = pages[1]
    assert summary.startswith("一页摘要") and "请各部门" in summary
    assert pages[2].startswith("反馈量趋势")          # the summary is a page of its own
    m = _cli_json(capsys, "metrics", str(demo.path), "--by", "channel", "--json")["rows"]
    nps_n = sum(r["nps_n"] for r in m)
    s = demo.metrics.summary()["nps"]
    assert s.n == nps_n
    assert _nows(f"{s.value:.1f}[{s.low:.1f},{s.high:.1f}](n{s.n:,})") in summary
    depts = demo.stats()["facets"]["department"]
    top = max(depts, key=depts.get)
    assert _nows(f"{_label(demo, 'department', top)}{depts[top]:,}") in summary


def test_trend_charts_carry_their_bands(meeting):
    assert "负面占比趋势（95%Wilson区间带）" in _flat(meeting.pdf)
    from vocdesk.engine.reports.band_chart import band_chart

    d = band_chart(["a", "b", "c"], [0.5, 0.6, None], [0.4, 0.5, None], [0.6, 0.7, None],
                   scale=100)
    from reportlab.graphics.shapes import Polygon

    bands = [s for s in d.contents if isinstance(s, Polygon)]
    assert len(bands) == 1 and len(bands[0].points) == 8     # a, b on top and back below


def test_executive_is_two_pages_with_nps_trend_and_movers(demo, capsys):
    built = demo.reports.build(ReportSpec(workspace="demo.vocdesk", template="executive"))
    assert built.pages == 2
    text = _flat(built.pdf)
    assert "NPS趋势（95%区间带）" in text and "变化最大的问题" in text
    rows = _cli_json(capsys, "metrics", str(demo.path), "--by", "month", "--json")["rows"]
    fig = _figure(built, "NPS")
    assert fig["lineage"]["n"] == sum(r["nps_n"] for r in rows)
    assert fig["lineage"]["ids_sha256"] == ids_sha256(demo.browse.ids(FeedbackFilter(
        nps=[0, 10])))
    # the pack's biggest movers are the dashboard's (same themes, same evidence order)
    movers = _cli_json(capsys, "metrics", str(demo.path), "--movers", "--json")["movers"]
    tax = demo.taxonomy.facet("category")
    names = [tax.value(m["theme"]).label_zh for m in movers["movers"][:3]]
    at = [text.index(name, text.index("变化最大的问题")) for name in names]
    assert at == sorted(at), names


def test_consultant_pack_names_the_consultant_and_carries_signals(demo, tmp_path, capsys):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 20), (31, 78, 121)).save(logo)
    out = tmp_path / "client.pdf"
    assert main(["report", str(demo.path), "--template", "consultant", "--consultant",
                 "明德咨询", "--logo", str(logo), "--out", str(out), "--lang", "en"]) == 0
    reader = PdfReader(str(out))
    assert reader.metadata.author == "明德咨询"
    pages = [p.extract_text() for p in reader.pages]
    assert all("Prepared by 明德咨询" in p for p in pages)
    assert any("/XObject" in p.get("/Resources", {}) and any(
        x.get_object().get("/Subtype") == "/Image"
        for x in p["/Resources"]["/XObject"].values()) for p in reader.pages)
    text = _nows("".join(pages))
    found = _cli_json(capsys, "signals", str(demo.path), "--json", "--limit", "40")["signals"]
    assert found, "the demo plants a weak signal"
    for s in found[:10]:
        assert _nows(f"{s['recent']:,}{s['baseline']:,}×{s['growth']:.2f}{s['q']:.2g}"
                     f"{s['onset']}{s['first_seen']}") in text
    rows = set()
    for s in found[:10]:
        rows |= set(demo.signals.affected_rows(s["key"]))
    man = json.loads(out.with_name("client.manifest.json").read_text("utf-8"))
    fig = next(f for f in man["figures"] if f["title"] == "Combination")
    assert fig["lineage"]["ids_sha256"] == ids_sha256(rows) and fig["lineage"]["n"] == len(rows)
    # rebuilt from the manifest alone (the logo is inside it): the same bytes
    assert man["spec"]["consultant"] == "明德咨询" and man["spec"]["logo_png"]
    logo.unlink()
    again = tmp_path / "again.pdf"
    assert main(["report", str(demo.path), "--from-manifest", str(out), "--out",
                 str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_meeting_rebuild_from_the_manifest_is_byte_identical(demo, tmp_path):
    out = tmp_path / "m.pdf"
    res = demo.reports.write(ReportSpec(workspace="demo.vocdesk", template="meeting",
                                        where={"category": ["物流配送"]}), out)
    man = json.loads(res.manifest_path.read_text("utf-8"))
    again = demo.reports.rebuild(man, tmp_path / "again.pdf")
    assert again.changed == []
    assert (tmp_path / "again.pdf").read_bytes() == out.read_bytes()


def test_consultant_needs_a_name_and_a_readable_logo_and_is_redaction_checked(demo, tmp_path,
                                                                             capsys):
    from vocdesk.engine.errors import UsageError
    from vocdesk.engine.reports import PiiInPackError

    with pytest.raises(UsageError, match="--consultant NAME"):
        demo.reports.build(ReportSpec(workspace="d", template="consultant"))
    with pytest.raises(UsageError, match="not a readable PNG"):
        demo.reports.build(ReportSpec(workspace="d", template="consultant", consultant="A",
                                      logo_png="aGVsbG8="))
    bad = tmp_path / "x.png"
    bad.write_bytes(b"GIF89a")
    capsys.readouterr()
    assert main(["report", str(demo.path), "--template", "consultant", "--consultant", "A",
                 "--logo", str(bad), "--out", str(tmp_path / "x.pdf")]) != 0
    assert "x.png: not a PNG file" in capsys.readouterr().err
    assert main(["report", str(demo.path), "--consultant", "A", "--out",
                 str(tmp_path / "x.pdf")]) != 0
    assert "belong to --template consultant" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    out = tmp_path / "leak.pdf"
    with pytest.raises(PiiInPackError, match="mobile"):
        demo.reports.write(ReportSpec(workspace="d", template="consultant",
                                      consultant="张三 13812345678"), out)
    assert not out.exists()


BASE_14 = {"Courier", "Helvetica", "Times-Roman", "Symbol", "ZapfDingbats"}


@pytest.mark.parametrize("template", ["meeting", "consultant", "executive"])
def test_every_font_is_embedded_truetype(demo, template, tmp_path):
    import shutil
    import subprocess

    spec = ReportSpec(workspace="d", template=template, consultant="A" if template ==
                      "consultant" else None, lang="en")
    out = tmp_path / "p.pdf"
    demo.reports.write(spec, out)
    reader = PdfReader(str(out))
    seen = 0
    for page in reader.pages:
        res = page["/Resources"]
        stack = [res]
        while stack:
            r = stack.pop().get_object()
            for ref in (r.get("/Font") or {}).values():
                font = ref.get_object()
                seen += 1
                assert font["/Subtype"] == "/TrueType"
                assert "/FontFile2" in font["/FontDescriptor"].get_object()
                assert str(font["/BaseFont"]).split("+")[-1] not in BASE_14
            for xo in (r.get("/XObject") or {}).values():
                if xo.get_object().get("/Resources"):
                    stack.append(xo.get_object()["/Resources"])
    assert seen
    if shutil.which("pdffonts"):
        lines = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert lines and all(line.split()[-5] == "yes" for line in lines)


def test_the_same_numbers_in_english(demo, capsys):
    built = demo.reports.build(ReportSpec(workspace="d", template="meeting", lang="en"))
    text = _flat(built.pdf)
    assert "Cross-departmentmeetingpack" in text and "Appendix:methodnotes" in text
    data = _cli_json(capsys, "breakpoints", str(demo.path), "--json")
    p = data["pairs"][0]
    a, b = p["departments"]
    assert _nows(f"{_label(demo, 'department', a, 'en')}×{_label(demo, 'department', b, 'en')}"
                 f"{p['n']:,}") in text
    assert not np.isnan(p["lift"])
