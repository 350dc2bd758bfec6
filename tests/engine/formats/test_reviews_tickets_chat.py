"""App stores, review sites, ticket tools and chat archives: one record = one feedback."""

from __future__ import annotations

import pytest

from vocdesk.engine.importers.formats import read_source

from .conftest import grid_of, write_xlsx


def rows_of(t):
    return [r for _, r in t.rows]


@pytest.mark.parametrize("source", ["file", "google_play_utf16"])
def test_google_play(fixture_path, variant, source):
    path = fixture_path("google_play.csv") if source == "file" else variant(source)
    t = read_source(path)
    if source != "file":
        assert t.encoding == "utf-16"
    rows = rows_of(t)
    assert [r["external_id"] for r in rows] == ["gp:AOqpTOH1abc", "gp:AOqpTOH2def",
                                                "gp:AOqpTOH3ghi"]
    a, b, c = rows
    assert a["text"].replace("\r\n", "\n") == "更新后一直闪退，\n根本打不开"
    assert a["created_at"] == "2026-09-10T10:00:00Z"
    assert a["rating"] == "2" and a["language"] == "zh" and a["product"] == "com.example.shop"
    assert a["app_version"] == "4.2.0" and a["device"] == "star2qltechn"
    assert a["Developer Reply Text"] == "抱歉给您带来不便，请更新到4.2.1。"
    assert b["text"] == 'Great\n\nLove it, "fast" and simple 👍'   # title + body
    assert b["app_version"] == "2.1"                              # empty version code
    assert c["text"] == "" and c["rating"] == "4"                  # rating-only review


def test_google_play_older_header(fixture_path):
    t = read_source(fixture_path("google_play_old.csv"))
    (r,) = rows_of(t)
    assert r["created_at"] == "2026-03-05T06:07:08+00:00"      # from epoch milliseconds
    assert r.get("device") is None and r["app_version"] == "300"
    assert r["language"] == "fr" and r["rating"] == "1"


def test_app_store_connect_json(fixture_path):
    rows = rows_of(read_source(fixture_path("app_store.json")))
    a, b = rows
    assert a["external_id"] == "00000028-b08c-0014-729e-fbd500000000"
    assert a["text"] == "Works great\n\nSync is instant.\nWould love a widget."
    assert a["created_at"] == "2017-11-15T08:10:34-08:00"
    assert (a["rating"], a["region"], a["customer_id"]) == (5, "USA", "happyuser42")
    assert a["relationships.response.links.self"].startswith("https://")
    assert b["region"] == "CHN" and "<b>无法使用</b>" in b["text"]     # HTML kept raw


def test_app_review_csv_synonyms(fixture_path):
    a, b = rows_of(read_source(fixture_path("app_reviews_scraped.csv")))
    assert a["text"] == "まあまあ\n\n動作が少し重いです" and a["rating"] == "3"
    assert (a["store"], a["region"], a["app_version"]) == ("App Store", "JP", "4.2.0")
    assert b["Developer reply"] == "Thanks Jane!"


@pytest.mark.parametrize("name", ["trustpilot.csv", "trustpilot_v2.csv"])
def test_trustpilot_header_drift(fixture_path, name):
    rows = rows_of(read_source(fixture_path(name)))
    r = rows[0]
    assert r["external_id"] and len(r["external_id"]) == 24     # Review ID / Review Id
    assert r["created_at"].endswith("+00:00")                   # "(UTC)" in the header
    assert r["rating"] in ("1", "4")
    assert "\n\n" in r["text"]                                   # title + content
    if name == "trustpilot.csv":
        assert r["created_at"] == "2026-01-02T10:00:00+00:00"
        assert r["store"] == "London Store" and r["customer_id"] == "J. Smith"
        assert r["Source Of Review"] == "Organic"
    else:
        assert r["created_at"] == "2026-02-10T08:30:00+00:00"
        assert r["customer_id"] == "5e8f0000aa11bb22cc33dd44"
        assert r["Company Response"] == "Thank you Lena"


def test_yelp_current_and_old_dataset(fixture_path):
    rows = rows_of(read_source(fixture_path("yelp_reviews.jsonl")))
    assert len(rows) == 3
    assert rows[0]["text"].endswith("2 hours.\n\nThe food was good though.")
    assert rows[0]["rating"] == 3.0 and rows[0]["created_at"] == "2018-07-07 22:09:11"
    assert rows[0]["store"] == "XQfwVwDr-v0ZS3_CbbE5Xw" and rows[0]["useful"] == 0
    old = rows[2]
    assert old["created_at"] == "2007-05-17" and old["votes.useful"] == 2
    assert old["type"] == "review"


def test_zendesk_csv_export(fixture_path):
    rows = rows_of(read_source(fixture_path("zendesk.csv")))
    a, b, c = rows
    assert a["external_id"] == "1" and a["text"] == "Refund not received after 10 days"
    assert a["created_at"] == "2009-09-01 19:02"
    assert a["csat"] is None and a["Satisfaction Score"] == "Not Offered"
    assert a["Ticket Category [list]"] == "billing" and a["Order number [text]"] == "A-10023"
    assert a["customer_id"] == "361234567" and a["Requester email"] == "ann@example.com"
    assert b["csat"] == 5 and c["csat"] == 1                       # Good / Bad
    assert b["Reopens"] == "-"                                     # "-" metric: kept raw


def test_zendesk_incremental_json(fixture_path):
    t = read_source(fixture_path("zendesk_incremental.json"))
    rows = rows_of(t)
    assert [r["external_id"] for r in rows] == ["35436", "35437", "35438"]   # duplicate once
    assert any("repeated" in n for n in t.notes)
    a = rows[0]
    assert a["text"] == "Cannot reset my password\n\nI clicked the reset link three times.\n" \
                        "Nothing arrives."
    assert a["created_at"] == "2026-03-01T09:00:00Z" and a["csat"] == 1
    assert a["via.channel"] == "web" and a["tags"] == "password|login"
    assert '"id": 27642' in a["custom_fields"]
    assert rows[1]["external_id (original)"] == "ORD-88"           # clash with a canonical name
    assert "<p>请问电子发票在哪里下载？</p>" in rows[1]["text"]
    assert rows[2]["text"] == "" and rows[2]["csat"] is None       # carries nothing: bad row


def test_freshdesk(fixture_path):
    a, b = rows_of(read_source(fixture_path("freshdesk.csv")))
    assert a["external_id"] == "1001"
    assert a["text"] == "Wrong size delivered\n\n<div>I ordered size M and got <b>XL</b>." \
                        "<br>Please exchange.</div>"
    assert a["created_at"] == "2026-03-01 08:00:00"
    assert a["customer_id"] == "5001" and a["product"] == "Shoes"
    assert a["Time tracked"] == "00:15:00" and a["Due by Time"] == "2026-03-02 08:00:00"
    assert b["Source"] == "Chat" and b["Full name"] == "李雷"


def test_wecom_chat_archive(fixture_path):
    t = read_source(fixture_path("wecom_archive.jsonl"))
    rows = rows_of(t)
    assert [r["text"] for r in rows] == ["你好，我买的耳机左边没声音，能换吗？",
                                         "您好，可以的，请提供订单号。",
                                         "群里问一下：发票什么时候能开？"]
    assert rows[0]["created_at"] == "2026-03-05T06:07:08+00:00"     # msgtime epoch ms
    assert rows[0]["customer_id"] == "wmErxtDgAA9AW32YyyuYRimKr7D1KWlw"
    assert rows[0]["sender_kind"] == "external" and rows[1]["sender_kind"] == "internal"
    assert rows[2]["roomid"] == "wrAbC123" and rows[2]["tolist"] == "lisi|wangwu"
    assert any("image 1" in n and "recall 1" in n for n in t.notes)


def test_freshservice_is_told_apart(fixture_path):
    t = read_source(fixture_path("freshservice.csv"))
    assert t.source_format == "freshservice"
    (r,) = rows_of(t)
    assert r["external_id"] == "INC-77" and r["created_at"] == "2026-03-05 09:00:00"
    assert r["customer_id"] == "sam@example.com" and r["Department"] == "Finance"


def test_zendesk_account_export_lines_keep_comments(fixture_path):
    a, b = rows_of(read_source(fixture_path("zendesk_account_export.jsonl")))
    assert a["text"] == "Order arrived broken\n\nThe mug was in pieces."
    assert "A new one is on its way" in a["comments"]
    assert a["csat"] is None and a["satisfaction_rating.score"] == "offered"
    assert b["text"] == "退款进度\n\n申请退款一周了还没到账"


def test_yelp_fusion_api_in_pacific_time(fixture_path):
    (r,) = rows_of(read_source(fixture_path("yelp_fusion.json")))
    assert r["created_at"] == "2026-04-18T19:32:11-07:00"
    assert r["rating"] == 5.0 and r["user.name"] == "Ella A."


def test_trustpilot_product_reviews(fixture_path):
    a, b = rows_of(read_source(fixture_path("trustpilot_products.csv")))
    assert (a["external_id"], a["rating"], a["product"]) == ("p-1001", "2", "SKU-MUG-01")
    assert b["text"] == "保温效果很好" and b["customer_id"] == "王芳"


@pytest.mark.parametrize("name", ["surveymonkey.csv", "trustpilot.csv", "freshdesk.csv",
                                  "zendesk.csv", "tencent_survey.csv"])
def test_xlsx_export_reads_like_the_csv(fixture_path, tmp_path, name):
    grid = [[c if c != "" else None for c in row] for row in grid_of(name)]
    xlsx = write_xlsx(tmp_path / (name[:-4] + ".xlsx"), grid)
    from_csv, from_xlsx = read_source(fixture_path(name)), read_source(xlsx)
    assert from_xlsx.source_format == from_csv.source_format and from_xlsx.format == "xlsx"
    strip = lambda t: [{k: v for k, v in r.items() if v is not None} for r in rows_of(t)]  # noqa: E731
    assert strip(from_xlsx) == strip(from_csv)
