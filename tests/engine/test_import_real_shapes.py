"""Export shapes that came in wrong with no --map (issue 9): fixtures of our own making."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vocdesk.engine.errors import InputError
from vocdesk.engine.importers.formats import read_source
from vocdesk.engine.workspace import Workspace


@pytest.fixture
def ws(tmp_path):
    w = Workspace.create(tmp_path / "w.vocdesk")
    yield w
    w.close()


def _rows(ws):
    return ws.feedback([r[0] for r in ws.db.execute("SELECT id FROM feedback ORDER BY id")])


QUALTRICS_2016 = (
    'StartDate,EndDate,Status,ResponseId,Q1,Q2\n'
    'Start Date,End Date,Response Type,Response ID,How likely are you to recommend us? (0-10),'
    'What should we improve?\n'
    "\"{'ImportId': 'startDate', 'timeZone': 'America/Denver'}\",\"{'ImportId': 'endDate'}\","
    "\"{'ImportId': 'status'}\",\"{'ImportId': '_recordId'}\",\"{'ImportId': 'QID1'}\","
    "\"{'ImportId': 'QID2-TEXT'}\"\n"
    '2016-10-06 14:28:12,2016-10-06 14:30:00,0,R_abc123def456ghi,9,The checkout page is slow\n'
    '2016-10-07 09:00:00,2016-10-07 09:05:00,0,R_xyz987wvu654tsr,3,Delivery took two weeks\n'
)


@pytest.mark.parametrize("fmt", [None, "qualtrics"])
def test_qualtrics_2016_single_quoted_import_ids(ws, tmp_path, fmt):
    p = tmp_path / "q2016.csv"
    p.write_text(QUALTRICS_2016, encoding="utf-8")
    t = read_source(p, fmt)
    assert t.source_format == "qualtrics"
    rep = ws.imports.import_file(p, fmt=fmt)
    assert rep.rows_imported == 2 and rep.rows_bad == 0
    a, b = _rows(ws)
    assert a["text"] == "The checkout page is slow" and a["nps"] == 9
    assert b["text"] == "Delivery took two weeks" and b["nps"] == 3
    assert a["created_at"] == "2016-10-06T14:30:00-06:00"       # zone from the ImportId row


def test_qualtrics_legacy_text_entry_without_text_suffix(ws, tmp_path):
    p = tmp_path / "legacy.csv"
    p.write_bytes("\ufeffV1,V2,V8,V9,V10,Q1,Q2,\n"
                  "ResponseID,ResponseSet,StartDate,EndDate,Finished,"
                  "How satisfied are you?,This is a free text question.,\n"
                  "R_1aaaaaaaaaaaaaa,Default Response Set,2017-07-18 08:28:09,"
                  "2017-07-18 08:28:48,1,2,\"Hello World, the app is nice!\",\n"
                  "R_2bbbbbbbbbbbbbb,Default Response Set,2017-07-19 10:00:00,"
                  "2017-07-19 10:01:00,1,4,Too many ads in the feed.,\n".encode("utf-8"))
    rep = ws.imports.import_file(p)
    assert rep.source_format == "qualtrics" and rep.rows_imported == 2
    a, b = _rows(ws)
    assert a["text"] == "Hello World, the app is nice!"
    assert b["text"] == "Too many ads in the feed."
    assert a["created_at"].startswith("2017-07-18T08:28:48")
    assert (a["csat"], b["csat"]) == (2, 4)                    # the score column is a score
    assert a["question"] == "This is a free text question."


def test_json_lines_in_a_json_file_and_a_truncated_last_line(ws, tmp_path):
    recs = [{"review_id": f"r{i:021d}", "user_id": f"u{i}", "business_id": "b1",
             "stars": 4.0 + (i % 2), "text": f"Great tacos number {i}", "date":
             f"2016-04-1{i} 20:23:24"} for i in range(3)]
    body = "\n".join(json.dumps(r) for r in recs) + '\n{"review_id": "r9", "text": "cut o'
    p = tmp_path / "review.json"
    p.write_text(body, encoding="utf-8")
    t = read_source(p)
    assert t.format == "jsonl" and t.source_format == "yelp"
    rep = ws.imports.import_file(p)
    assert rep.rows_imported == 3 and rep.rows_bad == 1
    assert rep.problems[0].row == 4 and "not valid JSON" in rep.problems[0].reason
    rows = _rows(ws)
    assert [r["text"] for r in rows] == [f"Great tacos number {i}" for i in range(3)]
    assert [r["rating"] for r in rows] == [4.0, 5.0, 4.0]
    assert rows[0]["created_at"].startswith("2016-04-10T20:23:24")


def test_generic_json_lines_named_json(ws, tmp_path):
    p = tmp_path / "plain.json"
    p.write_text('{"text": "物流很快", "rating": 5}\n{"text": "包装破损", "rating": 1}\n'
                 '{"text": "还行", "rat', encoding="utf-8")
    rep = ws.imports.import_file(p)
    assert rep.format == "jsonl" and rep.rows_imported == 2 and rep.rows_bad == 1
    assert [r["text"] for r in _rows(ws)] == ["物流很快", "包装破损"]


def test_google_play_2018_review_link(tmp_path):
    head = ("Package Name,App Version Code,Reviewer Language,Review Submit Date and Time,"
            "Review Submit Millis Since Epoch,Star Rating,Review Title,Review Text,Review Link\n")
    row = ("com.example.app,12,en,2018-03-01T10:00:00Z,1519898400000,2,,Crashes on start,"
           "http://play.google.com/apps/publish?account=123#ReviewDetailsPlace:"
           "p=com.example.app&reviewid=gp:AOqpTOGabc123\n")
    p = tmp_path / "reviews_com.example.app_201803.csv"
    p.write_bytes(b"\xff\xfe" + (head + row).encode("utf-16-le"))
    (r,) = [v for _, v in read_source(p).rows]
    assert r["external_id"] == "gp:AOqpTOGabc123"
    assert r["text"] == "Crashes on start" and r["rating"] == "2"
    assert str(r["created_at"]).startswith("2018-03-01T10:00:00")


def test_trustpilot_title_not_repeated(tmp_path):
    p = tmp_path / "tp.csv"
    p.write_text("Review Id,Review Created (UTC),Review Stars,Review Title,Review Content\n"
                 "a1,2024-01-02 10:00:00,5,Fast delivery,Fast delivery\n"
                 "a2,2024-01-03 10:00:00,2,The parcel arrived broken and…,"
                 "The parcel arrived broken and nobody answered my emails\n"
                 "a3,2024-01-04 10:00:00,4,Good value,Cheaper than the shop next door\n",
                 encoding="utf-8")
    rows = [v for _, v in read_source(p).rows]
    assert [r["text"] for r in rows] == [
        "Fast delivery", "The parcel arrived broken and nobody answered my emails",
        "Good value\n\nCheaper than the shop next door"]
    assert rows[0]["created_at"].startswith("2024-01-02T10:00:00+00:00")
    assert [r["rating"] for r in rows] == ["5", "2", "4"]


def _wrong_guess_file(tmp_path: Path) -> Path:
    lines = ["备注,评分,重要"] + [f"{'很好' if i % 2 else '一般'},{i + 6},非常重要" for i in range(30)]
    p = tmp_path / "wrong.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_mapping_that_rejects_nearly_every_row_writes_nothing(ws, tmp_path):
    p = _wrong_guess_file(tmp_path)
    with pytest.raises(InputError, match="format or the mapping looks wrong") as exc:
        ws.imports.import_file(p, mapping={"text": "重要", "rating": "评分"})
    assert "--format" in str(exc.value) and "rating" in str(exc.value)
    assert ws.stats()["feedback"] == 0 and ws.sources() == []


def test_a_few_bad_rows_still_import(ws, tmp_path):
    p = tmp_path / "ok.csv"
    p.write_text("text,rating\n" + "".join(f"row {i},{i % 5 + 1}\n" for i in range(25))
                 + "bad,abc\n", encoding="utf-8")
    rep = ws.imports.import_file(p)
    assert rep.rows_imported == 25 and rep.rows_bad == 1


def test_cli_exits_3_on_a_wrong_guess(tmp_path):
    wsp = tmp_path / "c.vocdesk"
    Workspace.create(wsp).close()
    p = _wrong_guess_file(tmp_path)
    r = subprocess.run([sys.executable, "-m", "vocdesk", "import", str(wsp), str(p),
                        "--map", "text=重要", "--map", "rating=评分"],
                       capture_output=True, text=True)
    assert r.returncode == 3
    assert "looks wrong" in r.stderr and "--map" in r.stderr


def test_times_without_a_zone_are_counted_and_the_zone_is_a_setting(tmp_path):
    wsp = tmp_path / "tz.vocdesk"
    Workspace.create(wsp).close()
    p = tmp_path / "tz.csv"
    p.write_text("text,date\n好评,2026-03-01 10:00:00\n差评,2026-03-02T10:00:00Z\n"
                 "一般,2026-03-03 09:30\n", encoding="utf-8")
    run = [sys.executable, "-m", "vocdesk"]
    r = subprocess.run([*run, "settings", str(wsp), "timezone", "Europe/Berlin"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "timezone = Europe/Berlin" in r.stdout
    bad = subprocess.run([*run, "settings", str(wsp), "timezone", "Mars/Base"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown time zone" in bad.stderr
    dry = subprocess.run([*run, "import", str(wsp), str(p), "--dry-run"],
                         capture_output=True, text=True)
    assert "2 row(s) have times without a time zone: read as Europe/Berlin" in dry.stdout
    with Workspace.open(wsp) as ws:
        rep = ws.imports.import_file(p)
        assert rep.rows_default_zone == 2
        assert any("read as Europe/Berlin" in n for n in rep.notes)
        rows = _rows(ws)
    assert [r["created_at"] for r in rows] == ["2026-03-01T10:00:00+01:00",
                                               "2026-03-02T10:00:00+00:00",
                                               "2026-03-03T09:30:00+01:00"]


def test_channels_are_normalised_to_one_vocabulary(ws, tmp_path):
    from vocdesk.engine.importers.channels import channel_label, normalize_channel

    p = tmp_path / "ch.csv"
    p.write_text("text,渠道\n问卷里的意见,问卷\n工单里的投诉,工单\n应用商店的差评,App\n"
                 "微博吐槽,微博\n小红书笔记,小红书\n邮件反馈,邮件\n企业微信聊天,企业微信\n"
                 "调查结果,调查\n已经是代码,survey\n自定义渠道,线下活动\n", encoding="utf-8")
    ws.imports.import_file(p)
    assert [r["channel"] for r in _rows(ws)] == [
        "survey", "ticket", "app_store", "social", "social", "email", "chat", "survey",
        "survey", "线下活动"]
    assert normalize_channel(" 客服聊天 ") == "chat" and normalize_channel("") is None
    assert channel_label("ticket", "zh_CN") == "工单" and channel_label("ticket") == "Ticket"


def test_surveymonkey_audience_trimmed_export(ws, tmp_path):
    p = tmp_path / "audience.csv"
    p.write_text(
        "RespondentID,Which brand do you use most?,,,How likely are you to recommend it? (0-10)\n"
        ",Response,Brand B,Other (please specify),Response\n"
        "11223344556,Brand A,,,9\n"
        "11223344557,,Brand B,,6\n"
        "11223344558,,,My local bakery's own label,10\n"
        "11223344559,,,Whatever is on sale that week,4\n",
        encoding="utf-8")
    t = read_source(p)
    assert t.source_format == "surveymonkey"
    rep = ws.imports.import_file(p)
    rows = _rows(ws)
    texts = [r["text"] for r in rows if r["text"]]
    assert texts == ["My local bakery's own label", "Whatever is on sale that week"]
    assert rep.rows_imported == 4                        # two score-only respondents kept
    assert sorted(r["nps"] for r in rows) == [4, 6, 9, 10]
    assert {r["respondent_id"] for r in rows} == {"11223344556", "11223344557", "11223344558",
                                                  "11223344559"}
    assert all(r["created_at"] is None for r in rows)   # the trimmed export has no dates


def test_wjx_with_meta_columns_removed(ws, tmp_path):
    p = tmp_path / "wjx_trimmed.csv"
    p.write_text("序号,1、您对本次购物的满意度,2、您向朋友推荐我们的可能性有多大？(0-10分),"
                 "3、重要,4、您对我们的意见和建议：\n"
                 "1,非常满意,9,价格,希望配送再快一点，包装也要结实\n"
                 "2,不满意,3,质量,收到的杯子有裂纹，客服半天不回复\n"
                 "3,一般,7,服务,(跳过)\n", encoding="utf-8")
    t = read_source(p)
    assert t.source_format == "wjx"
    rep = ws.imports.import_file(p)
    assert rep.rows_bad == 0 and rep.rows_imported == 3
    rows = _rows(ws)
    assert [r["text"] for r in rows] == ["希望配送再快一点，包装也要结实",
                                         "收到的杯子有裂纹，客服半天不回复", ""]
    assert [r["nps"] for r in rows] == [9, 3, 7]
    assert [r["csat"] for r in rows] == [5, 2, 3]
    assert all(r["created_at"] is None for r in rows)   # 提交答卷时间 was removed too


def test_unsure_sniff_keeps_the_candidate_with_most_valid_rows(ws, tmp_path):
    # three of 问卷星's fixed columns (a weak 问卷星 guess) but no N、题干 question: as 问卷星
    # nothing is feedback, as a plain table the 评论 column is
    p = tmp_path / "weak.csv"
    p.write_text("序号,来源,来源详情,评论,评分\n1,手机提交,微信,物流很快，包装完好,5\n"
                 "2,链接,直接访问,客服态度差,1\n", encoding="utf-8")
    t = read_source(p)
    assert t.source_format == "generic"
    assert any("wjx (0 valid" in n and "generic (2 valid" in n and "kept generic" in n
               for n in t.notes)
    rep = ws.imports.import_file(p)
    assert rep.rows_imported == 2
    assert [(r["text"], r["rating"]) for r in _rows(ws)] == [("物流很快，包装完好", 5.0),
                                                             ("客服态度差", 1.0)]


def _auto_wrong_file(tmp_path: Path) -> Path:
    # the detected mapping reads 评分 as the rating, but it holds words: every row rejected
    p = tmp_path / "auto_wrong.csv"
    p.write_text("评论,评分\n" + "".join(f"第{i}条意见,很好\n" for i in range(25)),
                 encoding="utf-8")
    return p


def test_the_dry_run_says_a_wrong_guess_before_the_import_refuses_it(ws, tmp_path):
    p = _auto_wrong_file(tmp_path)
    (note,) = [n for n in read_source(p).notes if "looks wrong" in n]
    assert "25 of the first 25 rows" in note and "rating \u2190 评分" in note
    assert "--format" in note and "--map" in note
    with pytest.raises(InputError, match="looks wrong"):
        ws.imports.import_file(p)
    assert ws.stats()["feedback"] == 0
    assert not [n for n in read_source(_wrong_guess_ok(tmp_path)).notes if "looks wrong" in n]


def _wrong_guess_ok(tmp_path: Path) -> Path:
    p = tmp_path / "fine.csv"
    p.write_text("评论,评分\n" + "".join(f"第{i}条意见,{i % 5 + 1}\n" for i in range(25))
                 + "坏的一行,很好\n", encoding="utf-8")
    return p
