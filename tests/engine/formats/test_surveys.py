"""Survey exports: one feedback row per answered open question, scores on the respondent's
first row, dates with the zone the file names, choices and metadata kept as attributes."""

from __future__ import annotations

import pytest

from vocdesk.engine.importers.formats import read_source


def rows_of(t):
    return [r for _, r in t.rows]


def by_id(t):
    return {r["external_id"]: r for r in rows_of(t)}


# --- Qualtrics -----------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["file", "qualtrics_tsv_utf16", "qualtrics_crlf",
                                    "qualtrics_xlsx"])
def test_qualtrics_current_all_file_forms(fixture_path, variant, source):
    path = fixture_path("qualtrics_current.csv") if source == "file" else variant(source)
    t = read_source(path)
    assert t.source_format == "qualtrics" and t.channel == "survey"
    rows = by_id(t)
    # 2 open answers + 1 open answer + 1 score-only response; the empty preview is left out
    assert sorted(rows) == ["R_1aBcDeFgHiJkLmN#QID3", "R_1aBcDeFgHiJkLmN#QID5",
                            "R_2ZyXwVuTsRqPoNm#QID3", "R_3QwErTyUiOpAsDf"]
    first = rows["R_1aBcDeFgHiJkLmN#QID3"]
    assert first["text"] == "The sync is fast,\nbut the widget crashes sometimes."
    assert first["question"] == "What is the main reason for your score?"
    assert first["respondent_id"] == "R_1aBcDeFgHiJkLmN"
    assert first["created_at"] == "2026-03-02T09:05:07-05:00"   # timeZone from row 3 JSON
    assert (first["nps"], first["csat"]) == (9, 4)
    assert first["customer_id"] == "C-1001" and first["language"] == "en"
    assert first["Q4"] == "1,3" and first["plan"] == "pro"       # choice codes, embedded data
    assert first["Q2_NPS_GROUP"] == "3"
    second = rows["R_1aBcDeFgHiJkLmN#QID5"]
    assert second["respondent_id"] == "R_1aBcDeFgHiJkLmN"
    assert second["nps"] is None and second["Q2"] == "9"          # counted once, kept as attr
    assert second["question"].startswith("<p>Is there <b>anything else</b>")   # HTML raw
    zh = rows["R_2ZyXwVuTsRqPoNm#QID3"]
    assert zh["language"] == "zh" and zh["nps"] == 3 and zh["Q4_5_TEXT"] == "导出PDF"
    scores_only = rows["R_3QwErTyUiOpAsDf"]
    assert scores_only["text"] == "" and scores_only["nps"] == 10 and scores_only["csat"] == 5
    assert any("left out" in n for n in t.notes)
    assert any("preview" in n for n in t.notes)
    assert not any(c == "" or c.startswith("column_") for c in t.columns)  # trailing comma


def test_qualtrics_legacy_two_header_rows_with_bom(fixture_path):
    t = read_source(fixture_path("qualtrics_legacy.csv"))
    assert t.encoding == "utf-8-sig"
    rows = rows_of(t)
    assert [r["external_id"] for r in rows] == ["R_0ab12CdEfGh3IjK#Q2", "R_9zY87XwVuT6SrQp#Q2"]
    assert rows[0]["text"] == "Hello World!"
    assert rows[0]["question"] == "Was sollen wir verbessern?"
    assert rows[0]["csat"] == 2 and rows[1]["csat"] == 4          # "Wie zufrieden …"
    assert rows[0]["created_at"] == "2017-07-18 08:28:48"          # no zone in the file
    assert rows[0]["ResponseSet"] == "Standard-Antwortsatz"       # V2 named from row 2
    assert rows[0]["LocationAccuracy"] == "-1"
    assert "V1" not in t.columns


def test_qualtrics_choice_text_localised_labels_excel_dates(fixture_path):
    t = read_source(fixture_path("qualtrics_choice_text_de.csv"))
    rows = rows_of(t)
    assert len(rows) == 2
    r = rows[0]
    assert r["text"] == "Zu viele Abstürze.\nBitte beheben!"
    assert r["nps"] == 0 and r["csat"] == 1     # "0 - Überhaupt nicht …", "Sehr unzufrieden"
    assert r["Net_NPS_GROUP"] == "Detractor"    # renamed NPS tag "Net"
    # multi-select choice text with a comma inside stays one attribute, not feedback
    assert r["Q10"] == "Write a comment,I want to talk about this sign - contact me"
    assert r["created_at"] == "9/11/2022 17:58"   # Excel re-save form, read by the importer
    assert r["customer_id"] == "kunde@example.com" and r["language"] == "de"
    assert rows[1]["text"] == "" and rows[1]["nps"] == 10 and rows[1]["csat"] == 5


# --- SurveyMonkey --------------------------------------------------------------------------

def test_surveymonkey_two_rows_merged_and_forward_filled(fixture_path):
    t = read_source(fixture_path("surveymonkey.csv"))
    rows = by_id(t)
    assert sorted(rows) == ["118052219061#Q4", "118052219062#Q3_14", "118052219062#Q4",
                            "118052219063"]
    a = rows["118052219061#Q4"]
    assert a["text"].startswith("Delivery was quick, but the box was damaged.\n")
    assert a["question"].startswith("What should we do better?\n(Be as specific")
    assert (a["nps"], a["csat"], a["ces"]) == (9, 5, 7)   # choice text → scores
    assert a["customer_id"] == "ana@example.com"
    assert a["created_at"] == "03/02/2026 09:19:40 AM"
    assert a["Which of these did you buy? | Shoes"] == "Shoes"
    assert a["Contact information | Email"] == "ana@example.com"   # contact field, not text
    other = rows["118052219062#Q3_14"]      # "Other (please specify)" answers are feedback
    assert other["text"] == "a scarf" and other["question"] == "Which of these did you buy?"
    assert (other["nps"], other["csat"], other["ces"]) == (4, 2, 2)   # first row of respondent
    b = rows["118052219062#Q4"]
    assert b["text"] == "尺码偏小，退货流程太复杂" and b.get("nps") is None
    c = rows["118052219063"]
    assert c["text"] == "" and c["nps"] == 10
    assert not any(col.startswith("Unnamed") or col.startswith("column_") for col in t.columns)


# --- 问卷星 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["file", "wjx_xlsx"])
def test_wjx_by_text(fixture_path, variant, source):
    path = fixture_path("wjx_text.csv") if source == "file" else variant(source)
    t = read_source(path)
    assert t.source_format == "wjx"
    assert any("按选项文本" in n for n in t.notes)
    rows = rows_of(t)
    assert len(rows) == 4        # respondent 5 answered nothing (-2/-3 only)
    r1 = rows[0]
    assert r1["text"] == "物流很快，包装也好。\n希望多一些优惠。"
    assert r1["question"] == "您对本项⽬的意⻅和建议："            # raw text kept for display
    assert r1["created_at"] == "2017-09-14T19:16:53+08:00"
    assert r1["nps"] == 9 and r1["csat"] == 5                        # 非常满意 → 5
    assert r1["region"] == "上海-上海"
    assert r1["duration_seconds"] == 67 and r1["所用时间"] == "67秒"
    assert r1["2、您购买过哪些品类？"] == "服装┋鞋靴"
    assert r1["来自IP"] == "112.65.48.10(上海-上海)"
    r2 = rows[1]
    assert r2["region"] == "北京-北京" and r2["duration_seconds"] == 65     # 1分5秒
    assert "6.其他想说的话[填空题]" not in r2            # -3 skip code: no second row
    assert [r["respondent_id"] for r in rows].count(r2["respondent_id"]) == 1
    assert r2["created_at"] == ("2026-03-02T09:05:07+08:00" if source == "file"
                                else "2024-01-01T12:00:00+08:00")   # Excel serial in xlsx
    r3 = rows[2]
    assert r3["text"] == "页面加载有点慢，希望优化一下APP的速度"
    assert r3["question"] == "其他想说的话[填空题]"
    assert r3["nps"] is None and r3["csat"] == 3                     # (跳过)
    r4 = rows[3]
    assert r4["text"] == "" and r4["csat"] == 4 and r4["nps"] is None   # -2 → empty


@pytest.mark.parametrize("source", ["file", "wjx_gb18030"])
def test_wjx_by_number(fixture_path, variant, source):
    path = fixture_path("wjx_number.csv") if source == "file" else variant(source)
    t = read_source(path)
    if source != "file":
        assert t.encoding == "gb18030"
    assert any("按选项序号" in n for n in t.notes)
    rows = rows_of(t)
    assert [r["text"].replace("\r\n", "\n") for r in rows] == [
        "物流很快，包装也好。\n希望多一些优惠。", "客服态度差，退货等了两周。"]
    assert [r["nps"] for r in rows] == [10, 3]       # 11 options numbered 1–11
    assert rows[0]["csat"] is None                   # option number 1 is not a score
    assert rows[0]["3、您对本次购物的整体满意度"] == "1"
    assert rows[0]["2、(服装)"] == "1" and rows[0]["2、(家电)"] == "0"
    assert rows[0]["respondent_id"] != rows[1]["respondent_id"]


def test_wjx_ids_differ_between_surveys(fixture_path):
    a = rows_of(read_source(fixture_path("wjx_text.csv")))[0]["respondent_id"]
    b = rows_of(read_source(fixture_path("wjx_number.csv")))[0]["respondent_id"]
    assert a.endswith("-1") and b.endswith("-1") and a != b     # 序号 1 in two surveys


# --- 腾讯问卷 --------------------------------------------------------------------------------

def test_tencent_survey(fixture_path):
    t = read_source(fixture_path("tencent_survey.csv"))
    rows = rows_of(t)
    assert len(rows) == 3
    assert rows[0]["text"] == "希望增加夜间客服，周末也能及时回复"
    assert rows[0]["question"] == "您最希望我们改进哪些方面？"
    assert rows[0]["csat"] == 4 and rows[1]["csat"] == 1 and rows[2]["csat"] == 3
    assert rows[0]["customer_id"] == "oAbc123xyz" and rows[0]["region"] == "广东省"
    assert rows[0]["created_at"] == "2026-03-01T10:03:12+08:00"
    assert rows[0]["duration_seconds"] == 192                 # 3分12秒
    assert rows[0]["3.您的职业"] == "学生"
    assert rows[2]["text"] == ""
