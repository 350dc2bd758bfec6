"""PDF evidence packs: read back what a reader gets — text, fonts, bookmarks, lineage, manifest."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader
from statsmodels.stats.proportion import proportion_confint

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.errors import UsageError
from vocdesk.engine.reports import PiiInPackError, ReportSpec
from vocdesk.engine.reports.lineage import ids_sha256
from vocdesk.engine.reports.manifest import attached, beside
from vocdesk.engine.workspace import Workspace

BASE_14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
           "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman",
           "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from vocdesk.engine.demo_workspace import build_demo_workspace

    path = tmp_path_factory.mktemp("reports") / "demo.vocdesk"
    build_demo_workspace(path, rows=2000)
    with Workspace.open(path, readonly=True) as ws:
        yield ws


def _text(pdf: bytes) -> str:
    """All page text without whitespace (wrapping inserts line breaks anywhere in CJK)."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def _page_texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _fonts(pdf: bytes) -> list[dict]:
    """Every font dictionary reachable from the pages (including form XObjects)."""
    out, seen = [], set()

    def walk(res) -> None:
        if not res:
            return
        res = res.get_object()
        for ref in (res.get("/Font") or {}).values():
            font = ref.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                out.append(font)
        for xo in (res.get("/XObject") or {}).values():
            walk(xo.get_object().get("/Resources"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return out


def _spec(ws, **kw) -> ReportSpec:
    return ReportSpec(workspace=str(ws.path), **kw)


def test_defect_pack_shows_the_customers_words_in_chinese_with_lineage(demo):
    spec = _spec(demo, template="defect", where={"category": ["产品质量"]})
    built = demo.reports.build(spec)
    text = _text(built.pdf)
    scope = demo.browse.ids(FeedbackFilter(facets={"category": ["产品质量"]}))
    assert built.manifest["rows"] == len(scope) > 100
    assert "缺陷证据包" in text and "客户原话" in text and "方法说明" in text
    # the verbatims are the customers' own words, read back from the PDF
    quotes = built.manifest["figures"][-1]
    assert quotes["kind"] == "table" and quotes["lineage"]["n"] == 60
    newest = demo.browse.rows(scope[:5])
    assert re.sub(r"\s+", "", newest[0]["text"]) in text
    # lineage under every figure: n and the hash of the sorted ids, recomputable from the ws
    assert ids_sha256(scope) == built.manifest["ids_sha256"]
    for fig in built.manifest["figures"]:
        lin = fig["lineage"]
        assert lin["ids_sha256"] in text
        assert f"n={lin['n']:,}" in text
        assert lin["taxonomy"] == demo.taxonomy.fingerprint()
        assert lin["filter"] == {"facets": {"category": ["产品质量"]}}
        assert lin["analysis"]                    # the analysis version of the rows behind it
        assert lin["sentiment"] and all(v.startswith(("zh-lex", "en-vader"))
                                        for v in lin["sentiment"])    # the sentiment models
    summary = built.manifest["figures"][0]["lineage"]
    assert summary["n"] == len(scope)


def test_summary_share_is_the_wilson_interval_of_the_scope(demo):
    built = demo.reports.build(_spec(demo, template="defect", where={"category": ["物流配送"]}))
    flt = FeedbackFilter(facets={"category": ["物流配送"]})
    n = demo.browse.count(flt)
    k = demo.browse.count(FeedbackFilter(facets={"category": ["物流配送"]},
                                          sentiment=["negative"]))
    lo, hi = proportion_confint(k, n, method="wilson")
    assert f"{100 * k / n:.1f}%({k:,}/{n:,});{100 * lo:.1f}%–{100 * hi:.1f}%" in _text(built.pdf)


def test_every_font_is_the_embedded_truetype_never_base14_or_cid(demo):
    for template in ("defect", "weekly"):
        built = demo.reports.build(_spec(demo, template=template))
        fonts = _fonts(built.pdf)
        assert fonts
        for font in fonts:
            name = str(font["/BaseFont"]).lstrip("/")
            assert name.split("+")[-1] not in BASE_14, name
            assert font["/Subtype"] == "/TrueType", (name, font["/Subtype"])   # not Type0/CID
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), name
            assert "WenQuanYi" in name


def test_bookmarks_metadata_page_numbers_and_repeated_table_headers(demo):
    built = demo.reports.build(_spec(demo, template="defect", where={"category": ["产品质量"]}))
    reader = PdfReader(io.BytesIO(built.pdf))
    meta = reader.metadata
    assert meta.title == "缺陷证据包" and meta.author and meta.subject
    titles = [o.title for o in reader.outline]
    assert titles == ["缺陷证据包", "概况", "涉及产品与版本", "每月反馈量", "客户原话", "方法说明"]
    # each bookmark opens the page its section starts on
    targets = [reader.get_destination_page_number(o) for o in reader.outline]
    starts = [next(i for i, p in enumerate(_page_texts(built.pdf)) if t in p) for t in titles]
    assert targets == starts and targets[-1] > 0
    pages = _page_texts(built.pdf)
    assert len(pages) == built.pages >= 3
    assert all(f"第{i}页/共{len(pages)}页" in p for i, p in enumerate(pages, 1))
    # the 60 verbatims split across pages, each continuation repeats the header row
    with_header = [p for p in pages if "编号日期渠道产品版本原话" in p]
    assert len(with_header) >= 2


def test_manifest_is_attached_and_beside_and_rebuild_is_byte_identical(demo, tmp_path):
    spec = _spec(demo, template="weekly", lang="en", where={"channel": ["ticket"]})
    out = tmp_path / "weekly.pdf"
    res = demo.reports.write(spec, out)
    assert res.manifest_path == beside(out) and res.manifest_path.is_file()
    side = json.loads(res.manifest_path.read_text("utf-8"))
    assert attached(out) == side
    assert side["spec"]["where"] == {"channel": ["ticket"]}
    assert side["rows"] == demo.browse.count(FeedbackFilter(channels=["ticket"]))
    again = demo.reports.rebuild(side, tmp_path / "again.pdf")
    assert again.changed == []
    assert (tmp_path / "again.pdf").read_bytes() == out.read_bytes()


def test_weekly_english_pack_counts_match_the_workspace(demo):
    built = demo.reports.build(_spec(demo, template="weekly", lang="en"))
    text = _text(built.pdf)
    assert "Weeklyreport" in text and "Negativeshare" in text and "Page1of" in text
    assert "产品质量" not in text and "Productquality" in text     # labels in the pack's language
    raw = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(built.pdf)).pages)
    weeks = {m[1]: (int(m[2].replace(",", "")), int(m[3].replace(",", "")))
             for m in re.finditer(r"(\d{4}-W\d{2})\n([\d,]+)\n([\d,]+)\n", raw)}
    total, neg = demo.browse.count(), demo.browse.count(FeedbackFilter(sentiment=["negative"]))
    assert len(weeks) >= 50
    assert sum(n for n, _ in weeks.values()) == total
    assert sum(k for _, k in weeks.values()) == neg
    # one ISO week, independently: 2026-W10 is Monday 2 March to Sunday 8 March
    week = FeedbackFilter(date_from="2026-03-02", date_to="2026-03-08")
    assert weeks["2026-W10"] == (demo.browse.count(week), demo.browse.count(
        FeedbackFilter(date_from="2026-03-02", date_to="2026-03-08",
                             sentiment=["negative"])))


def test_executive_pack_groups_by_month(demo):
    built = demo.reports.build(_spec(demo, template="executive", date_from="2026-01-01",
                                     date_to="2026-03-31"))
    text = _text(built.pdf)
    assert "管理层简报" in text
    for month in ("2026-01", "2026-02", "2026-03"):
        assert month in text
    assert "2025-12" not in text and "2026-04" not in text
    n = demo.browse.count(FeedbackFilter(date_from="2026-01-01", date_to="2026-03-31"))
    assert built.manifest["rows"] == n


def test_bad_scope_and_planned_templates_are_refused_clearly(demo):
    with pytest.raises(UsageError, match="no facet 'colour'.*category"):
        demo.reports.build(_spec(demo, where={"colour": ["red"]}))
    with pytest.raises(UsageError, match="category=物流太慢: no such value; known: .*物流配送"):
        demo.reports.build(_spec(demo, where={"category": ["物流太慢"]}))
    with pytest.raises(UsageError, match="channel=wechat: no such value; known: .*ticket"):
        demo.reports.build(_spec(demo, where={"channel": ["wechat"]}))
    with pytest.raises(UsageError, match="--from '2026-13-01': expected a day"):
        demo.reports.build(_spec(demo, date_from="2026-13-01"))
    with pytest.raises(UsageError, match="is after --to"):
        demo.reports.build(_spec(demo, date_from="2026-05-01", date_to="2026-04-01"))
    with pytest.raises(UsageError, match="no report template 'memo'"):
        demo.reports.build(_spec(demo, template="memo"))
    with pytest.raises(UsageError, match="zh or en"):
        demo.reports.build(_spec(demo, lang="fr"))


def test_empty_scope_still_builds_a_pack_saying_so(demo):
    built = demo.reports.build(_spec(demo, date_from="1990-01-01", date_to="1990-01-31"))
    assert built.manifest["rows"] == 0
    assert "此范围内没有反馈" in _text(built.pdf)


@pytest.fixture
def leaky(tmp_path):
    """A workspace imported with redaction OFF, one row carrying a mobile number."""
    path = tmp_path / "leaky.vocdesk"
    rows = [{"text": f"扫地机器人边刷坏了第{i}次", "created_at": f"2026-03-{1 + i % 27:02d} 10:00",
             "channel": "ticket", "customer_id": f"c{i}", "app_version": f"3.{i % 4}.1"}
            for i in range(40)]
    rows[7]["text"] = "扫地机器人边刷坏了，请打我电话 13812345678 联系"
    with Workspace.create(path) as ws:
        ws.imports.import_dataframe(pd.DataFrame(rows), "test:leaky", redact=False)
        ws.analyze(workers=1)
    return path


def test_a_planted_phone_number_refuses_the_pack_and_writes_nothing(leaky, tmp_path):
    out = tmp_path / "pack.pdf"
    with Workspace.open(leaky, readonly=True) as ws:
        with pytest.raises(PiiInPackError, match="mobile") as info:
            ws.reports.write(ReportSpec(workspace=str(leaky)), out)
        assert "13812345678" not in str(info.value)          # the error never repeats it
        assert not out.exists() and not beside(out).exists()
        assert list(tmp_path.glob("*.pdf*")) == []
        # without that row the same pack is fine, and shows the versions of the rows
        ids = [int(i) for i in ws.browse.ids() if "1381234" not in ws.feedback([int(i)])[0]["text"]]
        # (marked quotes come first and the rest is filled: as many as marked, no filling)
        spec = ReportSpec(workspace=str(leaky), quote_ids=ids, max_quotes=len(ids))
        res = ws.reports.write(spec, out)
        assert res.rows == 40 and out.is_file()
        assert "3.2.1" in _text(out.read_bytes())


def test_lineage_hash_is_the_documented_digest():
    import hashlib

    assert ids_sha256(np.array([3, 1, 2, 2])) == hashlib.sha256(b"1\n2\n3").hexdigest()
    assert ids_sha256([]) == hashlib.sha256(b"").hexdigest()


def test_the_cli_lists_exactly_the_templates_that_exist():
    from vocdesk.engine.reports import TEMPLATE_NAMES
    from vocdesk.engine.reports.templates import TEMPLATES

    assert tuple(TEMPLATES) == TEMPLATE_NAMES


def test_human_tags_win_in_the_pack_as_in_the_explorer(tmp_path):
    from tests.conftest import build_workspace

    path = build_workspace(tmp_path / "h.vocdesk", n=60)
    with Workspace.open(path) as ws:
        pos = ws.browse.ids(FeedbackFilter(sentiment=["positive"]), "id")[:6]
        ws.set_human_tags([int(i) for i in pos], "sentiment", ["negative"], who="ana")
        cats = ws.browse.ids(FeedbackFilter(facets={"category": ["物流配送"]}), "id")[:2]
        ws.set_human_tags([int(i) for i in cats], "category", ["客服服务"], who="ana")
        built = ws.reports.build(ReportSpec(workspace=str(path), template="executive"))
        n = ws.browse.count()
        k = ws.browse.count(FeedbackFilter(sentiment=["negative"]))
        assert f"({k:,}/{n:,})" in _text(built.pdf)
        assert "human" in built.manifest["figures"][0]["lineage"]["sentiment"]
        from vocdesk.engine.reports.evidence import Evidence

        ev = Evidence(ws, ReportSpec(workspace=str(path)))
        for value, count, ids in ev.facet_counts("category", top=20):
            flt = FeedbackFilter(facets={"category": [value]})
            assert count == ws.browse.count(flt), value
            assert list(ids) == sorted(ws.browse.ids(flt, "id")), value


def test_a_quiet_period_shows_as_zero_not_as_a_missing_point(tmp_path):
    path = tmp_path / "gap.vocdesk"
    rows = [{"text": f"快递太慢了第{i}次", "created_at": f"2026-{1 + 2 * (i % 2):02d}-10 10:00",
             "channel": "app"} for i in range(20)]                 # January and March only
    with Workspace.create(path) as ws:
        ws.imports.import_dataframe(pd.DataFrame(rows), "test:gap")
        ws.analyze(workers=1)
    with Workspace.open(path, readonly=True) as ws:
        from vocdesk.engine.reports.evidence import Evidence

        per = Evidence(ws, ReportSpec(workspace=str(path))).periods("M")
        assert list(per["period"]) == ["2026-01", "2026-02", "2026-03"]
        assert list(per["n"]) == [10, 0, 10]
        assert pd.isna(per["share"][1]) and pd.isna(per["lo"][1])
        weeks = Evidence(ws, ReportSpec(workspace=str(path))).periods("W")
        assert weeks["period"].iloc[0] == "2026-W02" and weeks["period"].iloc[-1] == "2026-W11"
        assert len(weeks) == 10 and weeks["n"].sum() == 20       # 10 Jan is W02, 10 Mar W11
        raw = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(ws.reports.build(
            ReportSpec(workspace=str(path), template="weekly")).pdf)).pages)
        assert "2026-W06\n0\n0\n—\n—" in raw


def test_names_are_checked_when_the_import_redacted_names(tmp_path):
    from vocdesk.engine.reports.redaction_check import scan

    text = "收件人王小明，地址写错了"
    assert scan([("cell", text)]) == []                   # the default patterns do not cover it
    assert [h.kind for h in scan([("cell", text)], names=True)] == ["name"]
    csv = tmp_path / "n.csv"
    pd.DataFrame([{"text": f"门锁坏了{i}", "created_at": "2026-01-05"} for i in range(5)]).to_csv(
        csv, index=False)
    path = tmp_path / "n.vocdesk"
    with Workspace.create(path) as ws:
        ws.imports.import_file(csv, redact_names=True)
        ws.imports.import_dataframe(pd.DataFrame([{"text": text, "created_at": "2026-01-06"}]), "raw",
                            redact=False)
        with pytest.raises(PiiInPackError, match="name"):
            ws.reports.build(ReportSpec(workspace=str(path)))


def test_a_very_long_quote_is_cut_and_markup_in_text_stays_text(tmp_path):
    path = tmp_path / "long.vocdesk"
    rows = [{"text": "很长的评论" * 1500, "created_at": "2026-01-05", "channel": "app"},
            {"text": "链接 https://example.com/" + "a" * 300 + " 看这里 & <b>x</b>",
             "created_at": "2026-01-06", "channel": "app"}]
    with Workspace.create(path) as ws:
        ws.imports.import_dataframe(pd.DataFrame(rows), "long")
        ws.analyze(workers=1)
        built = ws.reports.build(ReportSpec(workspace=str(path)))
    text = _text(built.pdf)
    assert "很长的评论很长的评论" in text and "…" in text
    assert text.count("很长的评论") < 200                    # cut at 600 characters
    assert "&<b>x</b>" in text                              # escaped, shown as typed


def test_weekly_pack_ends_with_the_last_weeks_words(demo):
    from datetime import date

    from vocdesk.engine.reports.evidence import Evidence

    spec = _spec(demo, template="weekly")
    built = demo.reports.build(spec)
    ev = Evidence(demo, spec)
    last = str(ev.periods("W")["period"].iloc[-1])
    assert f"最近一周（{last}）的客户原话" in _text(built.pdf)
    quotes = ev.quotes(15, within=ev.period_ids("W", last))
    assert 0 < len(quotes) <= 15
    year, week = int(last[:4]), int(last[-2:])
    for q in quotes:
        iso = date.fromisoformat(q["created_at"][:10]).isocalendar()
        assert (iso.year, iso.week) == (year, week)
    customers = [q["customer_id"] for q in quotes if q["customer_id"]]
    assert len(customers) == len(set(customers))          # one quote per customer
    table = built.manifest["figures"][-1]
    assert table["lineage"]["ids_sha256"] == ids_sha256([q["id"] for q in quotes])


def test_a_facet_value_may_be_given_by_its_label(demo):
    by_label = demo.reports.build(_spec(demo, lang="en", where={"category": ["product QUALITY"]}))
    by_value = demo.reports.build(_spec(demo, lang="en", where={"category": ["产品质量"]}))
    assert by_label.manifest["filter"] == by_value.manifest["filter"] == {
        "facets": {"category": ["产品质量"]}}
    assert by_label.manifest["ids_sha256"] == by_value.manifest["ids_sha256"]


def test_rows_not_analysed_are_not_counted_as_non_negative(tmp_path):
    from tests.conftest import build_workspace

    path = build_workspace(tmp_path / "raw.vocdesk", n=40, analyze=False)
    with Workspace.open(path, readonly=True) as ws:
        text = _text(ws.reports.build(ReportSpec(workspace=str(path), template="weekly")).pdf)
    assert "尚未分析" in text and "0.0%" not in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_reports_every_font_embedded(demo, tmp_path):
    out = tmp_path / "p.pdf"
    demo.reports.write(_spec(demo, template="weekly", lang="en"), out)
    lines = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:                      # name type encoding emb sub uni object ID
        cols = line.split()
        assert cols[-5] == "yes" and "TrueType" in line, line


def test_quotes_name_their_channel_in_the_pack_language(demo):
    """A quote's channel is the vocabulary's label (问卷调查 / Survey), never the stored code
    (``app_store``) a reader of either pack would not know."""
    from vocdesk.engine.importers.channels import CHANNELS
    from vocdesk.engine.reports.evidence import Evidence

    spec = _spec(demo, template="weekly")
    ev = Evidence(demo, spec)
    last = str(ev.periods("W")["period"].iloc[-1])
    codes = {q["channel"] for q in ev.quotes(15, within=ev.period_ids("W", last))}
    assert codes & set(CHANNELS)
    zh = _text(demo.reports.build(spec).pdf)
    en = _text(demo.reports.build(_spec(demo, template="weekly", lang="en")).pdf)
    for code in codes & set(CHANNELS):
        label_zh, label_en = CHANNELS[code]
        assert label_zh in zh
        assert re.sub(r"\s+", "", label_en) in en
    assert "app_store" not in zh and "app_store" not in en
