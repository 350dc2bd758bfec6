"""`vocdesk import WS FILE --dry-run` names the tool, its confidence and the mapping;
`--format NAME` overrides the guess."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.cli import run

FIXTURES = Path(__file__).resolve().parents[1] / "engine" / "formats" / "fixtures"




def test_dry_run_shows_detected_format_confidence_mapping_rows(ws, capsys):
    capsys.readouterr()
    assert run("import", ws, FIXTURES / "qualtrics_current.csv", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "format csv (qualtrics)" in out
    assert "detected: qualtrics (confidence 0.98)" in out
    assert "candidates: qualtrics 0.98" in out
    assert "text           ← text" in out and "nps            ← nps" in out
    assert "kept as attributes:" in out and "Q2_NPS_GROUP" in out
    assert "R_1aBcDeFgHiJkLmN#QID3" in out and "2026-03-02T09:05:07-05:00" in out
    assert "4 rows" in out
    assert "note: Qualtrics current export (3 header rows), times in America/New_York" in out
    # nothing was written
    assert run("export", ws, ws.parent / "out.csv") == 0
    with (ws.parent / "out.csv").open(encoding="utf-8-sig") as fh:
        assert list(csv.DictReader(fh)) == []


def test_dry_run_chinese_survey_and_generic(ws, capsys):
    capsys.readouterr()
    assert run("import", ws, FIXTURES / "wjx_text.csv", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "(wjx)" in out and "encoding utf-8-sig" in out
    assert "物流很快" in out and "+08:00" in out
    assert run("import", ws, FIXTURES / "generic_reviews.csv", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "detected: generic" in out and "text           ← review" in out


def test_format_override(ws, capsys):
    capsys.readouterr()
    assert run("import", ws, FIXTURES / "zendesk.csv", "--dry-run", "--format", "csv") == 0
    out = capsys.readouterr().out
    assert "(zendesk)" not in out and "detected: generic" in out
    assert run("import", ws, FIXTURES / "trustpilot.csv", "--dry-run",
               "--format", "app_review_csv") == 0
    out = capsys.readouterr().out
    assert "(app_review_csv)" in out and "does not look like it" in out
    assert run("import", ws, FIXTURES / "trustpilot.csv", "--format", "nonsense") == 2
    assert "unknown format" in capsys.readouterr().err


def test_import_then_export_has_score_columns(ws, capsys, tmp_path):
    assert run("import", ws, FIXTURES / "surveymonkey.csv") == 0
    out = capsys.readouterr().out
    assert "4 imported" in out and "format surveymonkey" in out   # incl. an "Other" answer
    assert run("export", ws, tmp_path / "out.csv") == 0
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["nps"] for r in rows) == ["", "10", "4", "9"]   # once per respondent
    assert sorted(r["ces"] for r in rows) == ["", "", "2.0", "7.0"]
    assert {r["source_format"] for r in rows} == {"surveymonkey"}
