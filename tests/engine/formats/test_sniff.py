"""The sniffer names every tool's export with a confidence; plain files stay generic."""

from __future__ import annotations

import pytest

from vocdesk.engine.errors import InputError, UsageError
from vocdesk.engine.importers.formats import FORMAT_NAMES, read_source, sniff
from vocdesk.engine.importers.formats.common import CANONICAL

EXPECTED = {
    "qualtrics_current.csv": "qualtrics",
    "qualtrics_legacy.csv": "qualtrics",
    "qualtrics_choice_text_de.csv": "qualtrics",
    "surveymonkey.csv": "surveymonkey",
    "wjx_text.csv": "wjx",
    "wjx_number.csv": "wjx",
    "tencent_survey.csv": "tencent_survey",
    "google_play.csv": "google_play",
    "google_play_old.csv": "google_play",
    "app_store.json": "app_store",
    "app_reviews_scraped.csv": "app_review_csv",
    "zendesk.csv": "zendesk",
    "zendesk_incremental.json": "zendesk",
    "freshdesk.csv": "freshdesk",
    "trustpilot.csv": "trustpilot",
    "trustpilot_v2.csv": "trustpilot",
    "yelp_reviews.jsonl": "yelp",
    "wecom_archive.jsonl": "wecom",
    "freshservice.csv": "freshservice",
    "zendesk_account_export.jsonl": "zendesk",
    "yelp_fusion.json": "yelp",
    "trustpilot_products.csv": "trustpilot_product",
}
CHANNEL = {"qualtrics": "survey", "surveymonkey": "survey", "wjx": "survey",
           "tencent_survey": "survey", "google_play": "app_store", "app_store": "app_store",
           "app_review_csv": "app_store", "zendesk": "ticket", "freshdesk": "ticket",
           "trustpilot": "review", "yelp": "review", "wecom": "chat", "freshservice": "ticket",
           "trustpilot_product": "review"}


@pytest.mark.parametrize("name,fmt", sorted(EXPECTED.items()))
def test_sniffed_name_confidence_and_canonical_table(fixture_path, name, fmt):
    cands = sniff(fixture_path(name))
    assert cands[0][0] == fmt
    assert cands[0][1] >= 0.6
    assert all(c[1] < cands[0][1] for c in cands[1:])     # no tie with another tool
    t = read_source(fixture_path(name))
    assert t.source_format == fmt
    assert t.channel == CHANNEL[fmt]
    assert t.confidence == cands[0][1] and t.candidates == cands
    assert t.columns[: len(CANONICAL)] == list(CANONICAL)
    assert t.mapping_hint == {f: f for f in CANONICAL}
    assert t.rows


@pytest.mark.parametrize("kind,fmt", [("qualtrics_tsv_utf16", "qualtrics"),
                                      ("qualtrics_crlf", "qualtrics"),
                                      ("qualtrics_xlsx", "qualtrics"),
                                      ("wjx_gb18030", "wjx"), ("wjx_xlsx", "wjx"),
                                      ("google_play_utf16", "google_play"),
                                      ("wecom_encrypted", "wecom")])
def test_sniffs_encoded_and_binary_variants(variant, kind, fmt):
    assert sniff(variant(kind))[0][0] == fmt


def test_plain_csv_stays_generic(fixture_path):
    assert sniff(fixture_path("generic_reviews.csv")) == []
    t = read_source(fixture_path("generic_reviews.csv"))
    assert t.source_format == "generic"
    assert t.columns == ["label", "review"]
    assert t.mapping_hint == {}


def test_generic_names_still_go_to_read_table(fixture_path):
    t = read_source(fixture_path("zendesk.csv"), "csv")
    assert t.source_format == "generic"
    assert "Summation column" in t.columns


def test_format_override_and_unknown_name(fixture_path):
    t = read_source(fixture_path("trustpilot.csv"), "app_review_csv")
    assert t.source_format == "app_review_csv"
    assert any("does not look like it" in n for n in t.notes)
    with pytest.raises(UsageError, match="unknown format"):
        read_source(fixture_path("trustpilot.csv"), "surveymonkee")
    assert "qualtrics" in FORMAT_NAMES and "csv" in FORMAT_NAMES


def test_encrypted_wecom_page_is_refused_with_advice(variant):
    with pytest.raises(InputError, match="encrypted"):
        read_source(variant("wecom_encrypted"))


def test_empty_and_missing_files(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_text("")
    with pytest.raises(InputError, match="empty"):
        read_source(p)
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.csv")


def test_broken_json_lines_line_is_reported(tmp_path):
    p = tmp_path / "yelp.jsonl"
    p.write_text('{"review_id":"a","business_id":"b","stars":4,"text":"ok","date":"2020-01-01"}\n'
                 '{"review_id":"c", broken\n', encoding="utf-8")
    # a truncated last line is one bad row (issue 9), reported with its line number
    t = read_source(p)
    assert [r.get("__bad__") is not None for _, r in t.rows] == [False, True]
    assert t.rows[1][0] == 2


@pytest.mark.parametrize("fmt", ["qualtrics", "surveymonkey", "wjx", "tencent_survey",
                                 "google_play", "app_store", "zendesk", "freshdesk",
                                 "trustpilot", "yelp", "wecom", "app_review_csv"])
@pytest.mark.parametrize("name", ["yelp_reviews.jsonl", "generic_reviews.csv"])
def test_forcing_the_wrong_format_never_crashes(fixture_path, fmt, name):
    try:
        t = read_source(fixture_path(name), fmt)
    except InputError:
        return
    assert t.source_format == fmt
