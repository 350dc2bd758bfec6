"""`vocdesk demo`: builds, analyses and summarises a realistic workspace, reusable twice."""

from __future__ import annotations

from collections import Counter, defaultdict

from vocdesk.cli import main
from vocdesk.engine.store.feedback import all_feedback_ids
from vocdesk.engine.workspace import Workspace


def test_demo_builds_an_analysed_workspace_with_the_planted_stories(tmp_path, capsys):
    path = tmp_path / "demo.vocdesk"
    assert main(["demo", "--workspace", str(path), "--rows", "6000"]) == 0
    out = capsys.readouterr().out
    assert "6,000 feedback rows from 7 channels" in out
    assert "sentiment:" in out and "top category:" in out

    with Workspace.open(path) as ws:
        stats = ws.stats()
        assert stats["analyzed"] == stats["feedback"] == 6000
        assert stats["customers"] > 1000
        ids = all_feedback_ids(ws.db)
        tags = ws.effective_tags(ids)
        # touchpoint low: address editing is the most negative touchpoint with enough rows
        by_tp: dict[str, list[float]] = defaultdict(list)
        score = {"positive": 1, "neutral": 0, "negative": -1}
        for t in tags.values():
            s = score[t["sentiment"][0]["value"]]
            for tp in t.get("touchpoint", []):
                by_tp[tp["value"]].append(s)
        means = {k: sum(v) / len(v) for k, v in by_tp.items() if len(v) >= 30}
        assert min(means, key=means.get) == "地址填写与修改"
        # cross-department breakpoint: sales and after-sales on the same complaints
        pairs = Counter(frozenset(d["value"] for d in t.get("department", []))
                        >= {"销售部", "售后服务部"} for t in tags.values())
        assert pairs[True] >= 30

    assert main(["demo", "--workspace", str(path)]) == 0
    assert "reusing" in capsys.readouterr().out
