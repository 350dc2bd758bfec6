"""Full Workspace import + export of every fixture, with no --map."""

from __future__ import annotations

import csv
import json

import pytest

from vocdesk.engine.workspace import Workspace

from .test_sniff import EXPECTED

# (rows imported, rows bad) per fixture
COUNTS = {"qualtrics_current.csv": (4, 0), "qualtrics_legacy.csv": (2, 0),
          "qualtrics_choice_text_de.csv": (2, 0), "surveymonkey.csv": (4, 0),
          "wjx_text.csv": (4, 0), "wjx_number.csv": (2, 0), "tencent_survey.csv": (3, 0),
          "google_play.csv": (3, 0), "google_play_old.csv": (1, 0), "app_store.json": (2, 0),
          "app_reviews_scraped.csv": (2, 0), "zendesk.csv": (3, 0),
          "zendesk_incremental.json": (2, 1), "freshdesk.csv": (2, 0),
          "trustpilot.csv": (2, 0), "trustpilot_v2.csv": (1, 0), "yelp_reviews.jsonl": (3, 0),
          "wecom_archive.jsonl": (3, 0), "freshservice.csv": (1, 0),
          "zendesk_account_export.jsonl": (2, 0), "yelp_fusion.json": (1, 0),
          "trustpilot_products.csv": (2, 0)}


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.vocdesk") as w:
        yield w


def export_rows(ws, tmp_path):
    out = tmp_path / "out.csv"
    ws.export(out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_import_every_fixture_without_map(ws, tmp_path, fixture_path, name):
    report = ws.imports.import_file(fixture_path(name))
    assert report.source_format == EXPECTED[name]
    assert (report.rows_imported, report.rows_bad) == COUNTS[name], report.problems
    rows = export_rows(ws, tmp_path)
    assert len(rows) == COUNTS[name][0]
    for col in ("rating", "nps", "csat", "ces", "customer_id", "language", "source_format"):
        assert col in rows[0]
    assert {r["source_format"] for r in rows} == {EXPECTED[name]}
    assert all(r["created_at"][:4].isdigit() and ("+" in r["created_at"][10:] or
                                                  "-" in r["created_at"][10:])
               for r in rows)                                   # every date has an offset
    # importing the same file again adds nothing (stable external ids)
    again = ws.imports.import_file(fixture_path(name))
    assert again.rows_imported == 0


def test_qualtrics_round_trip_values(ws, tmp_path, fixture_path):
    ws.imports.import_file(fixture_path("qualtrics_current.csv"))
    rows = {r["external_id"]: r for r in export_rows(ws, tmp_path)}
    r = rows["R_1aBcDeFgHiJkLmN#QID3"]
    assert (r["nps"], r["csat"], r["ces"], r["rating"]) == ("9", "4.0", "", "")
    assert r["customer_id"] == "C-1001" and r["language"] == "en"
    assert r["created_at"] == "2026-03-02T09:05:07-05:00" and r["channel"] == "survey"
    only = rows["R_3QwErTyUiOpAsDf"]
    assert only["text"] == "" and only["nps"] == "10"         # score-only response kept
    # each respondent counts once in NPS
    nps = [x["nps"] for x in rows.values() if x["nps"]]
    assert sorted(nps) == ["10", "3", "9"]
    stored = ws.db.execute("select respondent_id, question, attributes from feedback "
                           "where external_id = ?", ["R_1aBcDeFgHiJkLmN#QID5"]).fetchone()
    assert stored[0] == "R_1aBcDeFgHiJkLmN"
    assert stored[1].startswith("<p>Is there")
    attrs = json.loads(stored[2])
    assert attrs["Q2"] == "9" and attrs["plan"] == "pro" and attrs["Q4"] == "1,3"


def test_wjx_and_reviews_round_trip_values(ws, tmp_path, fixture_path):
    ws.imports.import_file(fixture_path("wjx_text.csv"))
    ws.imports.import_file(fixture_path("google_play.csv"))
    ws.imports.import_file(fixture_path("trustpilot.csv"))
    rows = export_rows(ws, tmp_path)
    wjx = [r for r in rows if r["source_format"] == "wjx"]
    assert [r["created_at"] for r in wjx][:2] == ["2017-09-14T19:16:53+08:00",
                                                  "2026-03-02T09:05:07+08:00"]
    assert [r["csat"] for r in wjx] == ["5.0", "2.0", "3.0", "4.0"]
    assert wjx[0]["language"] == "zh"
    play = {r["external_id"]: r for r in rows if r["source_format"] == "google_play"}
    assert play["gp:AOqpTOH1abc"]["rating"] == "2.0"
    assert play["gp:AOqpTOH1abc"]["created_at"] == "2026-09-10T10:00:00+00:00"
    assert play["gp:AOqpTOH3ghi"]["text"] == ""
    assert {r["channel"] for r in rows} == {"survey", "app_store", "review"}


def test_generic_csv_still_generic(ws, tmp_path, fixture_path):
    report = ws.imports.import_file(fixture_path("generic_reviews.csv"))
    assert report.source_format == "generic" and report.rows_imported == 2
    assert report.mapping["text"] == "review"
    assert {r["source_format"] for r in export_rows(ws, tmp_path)} == {"generic"}


def test_format_override_in_workspace(ws, fixture_path):
    plan = ws.imports.plan(fixture_path("zendesk.csv"), fmt="csv")
    assert plan.table.source_format == "generic"
    plan = ws.imports.plan(fixture_path("zendesk.csv"))
    assert plan.table.source_format == "zendesk"
    assert plan.mapping["text"] == "text" and plan.mapping["csat"] == "csat"


def test_customers_import_unchanged(ws, tmp_path):
    p = tmp_path / "customers.csv"
    p.write_text("customer_id,segment\nC-1001,VIP\n", encoding="utf-8")
    report = ws.imports.import_file(p, kind="customers")
    assert report.rows_imported == 1
