"""``vocdesk signals`` and ``vocdesk actions``: the JSON contract and exit codes."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.engine.test_signals import _frame
from vocdesk.cli import main
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
