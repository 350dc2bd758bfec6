"""The command line contract: commands, exit codes, export columns, stats JSON."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import run
from vocdesk.cli import build_parser, main

REPO = Path(__file__).resolve().parents[2]




def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_init_import_analyze_stats(ws, tmp_path, capsys):
    data = _csv(tmp_path / "r.csv", "评论,渠道,评分\n快递太慢了，等了一周才到,app_store,1\n"
                                    "客服态度很好，问题很快解决,survey,5\n价格有点贵,survey,3\n")
    assert run("import", ws, data) == 0
    assert "3 imported" in capsys.readouterr().out
    assert run("analyze", ws) == 0
    assert "analysed 3 rows" in capsys.readouterr().out
    assert run("analyze", ws) == 0
    assert "already analysed" in capsys.readouterr().out
    assert run("stats", ws, "--json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["feedback"] == 3
    assert stats["channels"] == {"survey": 2, "app_store": 1}
    assert sum(stats["facets"]["sentiment"].values()) == 3
    assert stats["tag_origins"]["sentiment"] == {"auto": 3}


def test_export_columns_and_formula_neutralisation(ws, tmp_path, capsys):
    data = _csv(tmp_path / "r.csv", "id,text,label\n"
                                    "a1,=HYPERLINK(\"http://x\"),1\n"
                                    "a2,-_- 物流太慢了,0\n"
                                    "a3,@客服 退款什么时候到,\n"
                                    "a4,+1 好评,1\n")
    assert run("import", ws, data, "--map", "tag.sentiment=label") == 0
    assert run("analyze", ws) == 0
    out = tmp_path / "out.csv"
    assert run("export", ws, out) == 0
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    cols = list(rows[0])
    assert cols[:5] == ["id", "external_id", "text", "created_at", "channel"]
    for facet in ("sentiment", "category", "product", "stage", "touchpoint", "department"):
        assert facet in cols and f"{facet}_origin" in cols
    assert "sentiment_score" in cols
    by_id = {r["external_id"]: r for r in rows}
    assert by_id["a1"]["text"] == "'=HYPERLINK(\"http://x\")"
    assert by_id["a2"]["text"] == "'-_- 物流太慢了"
    assert by_id["a3"]["text"] == "'@客服 退款什么时候到"
    assert by_id["a4"]["text"] == "'+1 好评"
    assert by_id["a2"]["sentiment"] == "negative" and by_id["a2"]["sentiment_origin"] == "human"
    assert by_id["a3"]["sentiment"] in ("positive", "neutral", "negative")
    assert by_id["a3"]["sentiment_origin"] == "auto"
    assert 0.0 <= float(by_id["a3"]["sentiment_score"]) <= 1.0
    assert "物流配送" in by_id["a2"]["category"].split("|")


@pytest.mark.parametrize("suffix", ["xlsx", "jsonl"])
def test_export_xlsx_and_jsonl(ws, tmp_path, suffix):
    data = _csv(tmp_path / "r.csv", "text\n@客服 快递太慢\n")
    run("import", ws, data)
    run("analyze", ws)
    out = tmp_path / f"out.{suffix}"
    assert run("export", ws, out) == 0
    if suffix == "jsonl":
        rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
        assert rec["text"] == "@客服 快递太慢"           # JSON is not a spreadsheet
        assert rec["sentiment"] in ("positive", "neutral", "negative")
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(out).active
        header = [c.value for c in sheet[1]]
        row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
        assert row["text"] == "'@客服 快递太慢"


def test_exit_codes(ws, tmp_path, capsys):
    assert run("import", ws, tmp_path / "missing.csv") == 3
    assert "no such file" in capsys.readouterr().err
    bad = _csv(tmp_path / "bad.csv", "text,rating\n好,5\n坏,abc\n")
    assert run("import", ws, bad, "--strict") == 3
    err = capsys.readouterr().err
    assert "row 3" in err and "rating" in err and "nothing from this file was written" in err
    assert run("import", ws, bad) == 0
    assert "skipped" in capsys.readouterr().err
    assert run("import", ws, bad, "--map", "nonsense") == 2
    assert run("stats", tmp_path / "nope.vocdesk") == 3   # input error, as the README says
    with pytest.raises(SystemExit) as exc:
        run("frobnicate")
    assert exc.value.code == 2


def test_taxonomy_round_trip(ws, tmp_path, capsys):
    out = tmp_path / "tax.yaml"
    assert run("taxonomy", ws, "export", out) == 0
    text = out.read_text(encoding="utf-8")
    assert "vocdesk-taxonomy/1" in text and "物流配送" in text
    edited = text.replace("物流配送", "物流与配送")
    (tmp_path / "tax2.yaml").write_text(edited, encoding="utf-8")
    assert run("taxonomy", ws, "import", tmp_path / "tax2.yaml") == 0
    out_json = tmp_path / "tax.json"
    assert run("taxonomy", ws, "export", out_json) == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    cats = [v["value"] for f in data["facets"] if f["name"] == "category" for v in f["values"]]
    assert "物流与配送" in cats and "物流配送" not in cats
    broken = tmp_path / "broken.yaml"
    broken.write_text(edited.replace("NEAR/", "NEAR/x", 1), encoding="utf-8")
    assert run("taxonomy", ws, "import", broken) in (1, 3)
    assert "rule" in capsys.readouterr().err


def test_customers_import(ws, tmp_path, capsys):
    data = _csv(tmp_path / "c.csv", "customer_id,segment,orders,repurchase,churned,tier_note\n"
                                    "C1,gold,3,yes,no,vip\n")
    assert run("import", ws, data, "--as", "customers") == 0
    capsys.readouterr()
    assert run("stats", ws, "--json") == 0
    assert json.loads(capsys.readouterr().out)["customers"] == 1


def _subcommands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return list(sub.choices)


@pytest.mark.parametrize("command", _subcommands())
def test_every_command_has_help_and_is_documented(command):
    res = subprocess.run([sys.executable, "-m", "vocdesk", command, "--help"],
                         capture_output=True, text=True)
    assert res.returncode == 0 and "usage:" in res.stdout
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"vocdesk {command}\b", readme), f"README does not document {command}"


def test_journey_and_metrics_commands_give_the_json_contract(analysed_ws_path, capsys):
    import json


    assert main(["journey", str(analysed_ws_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 0 and data["stages"]
    tp = data["stages"][0]["touchpoints"][0]
    assert {"name", "n", "customers", "sentiment_mean", "ci_low", "ci_high", "negative_share",
            "nps", "csat", "ces", "top_issues", "flag"} <= set(tp)
    assert main(["metrics", str(analysed_ws_path), "--by", "channel", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert sum(r["n"] for r in rows) == 60
    assert {"value", "n", "nps", "nps_ci_low", "nps_ci_high", "csat", "ces"} <= set(rows[0])
    assert main(["metrics", str(analysed_ws_path), "--by", "nonsense"]) != 0
    assert main(["journey", str(analysed_ws_path), "--where", "oops"]) != 0


def test_journey_text_shows_every_figure_with_its_interval_and_n(analysed_ws_path, capsys):

    assert main(["journey", str(analysed_ws_path)]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if " customers " in ln]
    assert lines
    for ln in lines:
        # sentiment and negative share each with [low, high]; NPS with its own n when present
        assert ln.count("[") >= 2, ln
        assert "NPS —" in ln or re.search(r"NPS -?\d+ \[-?\d+, -?\d+\] \(n \d+", ln), ln
