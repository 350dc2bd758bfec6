"""``vocdesk signals`` and ``vocdesk actions``: the JSON contract and exit codes."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.engine.test_signals import _frame
from vocdesk.cli import main
from vocdesk.engine.domain.filters import FeedbackFilter
from vocdesk.engine.workspace import Workspace


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "p.vocdesk"
    with Workspace.create(path) as ws:
        ws.imports.import_dataframe(_frame(True), "t")
        ws.analyze(workers=1)
    return path


def test_signals_json_contract(planted, capsys):
    assert main(["signals", str(planted), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["signals"]
    for s in out["signals"]:
        assert {"terms", "recent", "baseline", "growth", "p", "q", "first_seen", "onset",
                "example_ids"} <= set(s)
    assert out["signals"][0]["q"] <= 0.05
    assert main(["signals", str(planted), "--window", "week", "--as-of", "2026-03-01",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"signals": []}   # before the onset
    assert main(["signals", str(planted), "--as-of", "tomorrow"]) == 2


def test_signals_dismiss_watch_and_to_rule_from_the_command_line(planted, tmp_path, capsys):
    ws_path = tmp_path / "copy.vocdesk"
    shutil.copy(planted, ws_path)
    assert main(["signals", str(ws_path), "--json"]) == 0
    first, second = json.loads(capsys.readouterr().out)["signals"][:2]
    assert main(["signals", str(ws_path), "--dismiss", "1", "--who", "ana"]) == 0
    assert "dismissed" in capsys.readouterr().out
    assert main(["signals", str(ws_path), "--json"]) == 0
    keys = [s["key"] for s in json.loads(capsys.readouterr().out)["signals"]]
    assert first["key"] not in keys and keys[0] == second["key"]    # hidden from the list
    assert main(["signals", str(ws_path), "--watch", second["key"]]) == 0
    capsys.readouterr()
    assert main(["signals", str(ws_path), "--json"]) == 0
    top = json.loads(capsys.readouterr().out)["signals"][0]
    assert top["key"] == second["key"] and top["state"] == "watched"
    assert main(["signals", str(ws_path), "--clear", first["key"]]) == 0
    capsys.readouterr()
    assert main(["signals", str(ws_path), "--to-rule", "1"]) == 2     # which tag?
    assert "--facet" in capsys.readouterr().err
    assert main(["signals", str(ws_path), "--to-rule", "1", "--facet", "category",
                 "--value", "新问题"]) == 0
    assert "新问题" in capsys.readouterr().out
    with Workspace.open(ws_path) as ws:
        value = ws.taxonomy.facet("category").value("新问题")
        assert value is not None and value.rules
        tagged = ws.browse.count(FeedbackFilter(facets={"category": ["新问题"]}))
        assert tagged >= first["recent"]         # the rule re-tagged the signal's rows
    assert main(["signals", str(ws_path), "--dismiss", "99"]) == 2


def test_actions_add_set_list_evaluate(planted, tmp_path, capsys):
    path = tmp_path / "a.vocdesk"
    shutil.copy(planted, path)
    assert main(["actions", str(path), "add", "--title", "边刷批次", "--where",
                 "product=扫地机器人 R5", "--fixed-on", "2026-07-01", "--json"]) == 0
    aid = json.loads(capsys.readouterr().out)["id"]
    assert main(["actions", str(path), "set", str(aid), "--status", "verified"]) == 2
    assert "cannot become verified" in capsys.readouterr().err
    assert main(["actions", str(path), "set", str(aid), "--status", "in_progress"]) == 0
    capsys.readouterr()
    assert main(["actions", str(path), "list", "--json"]) == 0
    listed = {a["id"]: a for a in json.loads(capsys.readouterr().out)["actions"]}
    assert listed[aid]["status"] == "in_progress"
    assert main(["actions", str(path), "evaluate", str(aid), "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert {"before", "after", "control_before", "control_after", "effect", "ci_low",
            "ci_high", "p", "mde", "enough_data"} <= set(r)
    assert r["after"] > r["before"]          # the planted complaints start after the fix date
    assert main(["actions", str(path), "add", "--title", "x", "--where", "nope"]) == 2


def test_actions_export_import_rules_and_outreach(planted, tmp_path, capsys):
    import csv

    path = tmp_path / "a.vocdesk"
    shutil.copy(planted, path)
    assert main(["actions", str(path), "add", "--title", "边刷批次", "--where",
                 "product=扫地机器人 R5", "--json"]) == 0
    aid = json.loads(capsys.readouterr().out)["id"]
    out = tmp_path / "q.csv"
    assert main(["actions", str(path), "export", str(out)]) == 0
    capsys.readouterr()
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert str(aid) in [r["action_id"] for r in rows]
    back = tmp_path / "back.csv"
    back.write_text(f"action_id,status,fixed_on\n{aid},resolved,2026-07-01\n", encoding="utf-8")
    assert main(["actions", str(path), "import", str(back), "--who", "itsm"]) == 0
    assert "appended" in capsys.readouterr().out
    assert main(["actions", str(path), "list", "--effect-check-due", "--json"]) == 0
    due = json.loads(capsys.readouterr().out)["actions"]
    assert [a["id"] for a in due] == [aid] and due[0]["effect_check_due"]   # 2026-07-01 + 30 d
    assert main(["actions", str(path), "list"]) == 0
    assert "EFFECT-CHECK-DUE" in capsys.readouterr().out
    back.write_text("action_id,status\n424242,resolved\n", encoding="utf-8")
    assert main(["actions", str(path), "import", str(back)]) != 0
    err = capsys.readouterr().err
    assert "row 2" in err and "action_id" in err and "424242" in err
    assert main(["actions", str(path), "rules", "--json"]) == 0
    rules = {r["rule_id"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert "sensitive-words" in rules and "precision" in rules["sensitive-words"]
    csv_out = tmp_path / "o.csv"
    assert main(["outreach", str(path), "--signal", "1", "--out", str(csv_out)]) == 0
    assert "customers" in capsys.readouterr().out
    with csv_out.open(encoding="utf-8-sig") as fh:
        listed = list(csv.DictReader(fh))
    assert listed and listed[0]["group"] == "mentioned"
    assert main(["outreach", str(path), "--action", str(aid), "--out", str(csv_out)]) == 0
    assert main(["outreach", str(path), "--signal", "99", "--out", str(csv_out)]) == 2
