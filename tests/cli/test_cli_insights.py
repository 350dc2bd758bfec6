"""``vocdesk metrics --impact/--drivers/--scorecard/--loyalty/--movers``: JSON contract."""

from __future__ import annotations

import json

import pytest

from tests.cli import run


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "d.vocdesk"
    assert run("demo", "--rows=1500", "--workspace", path) == 0
    return path


def test_metrics_json_carries_impact_scorecard_loyalty_and_movers(demo_path, capsys):
    capsys.readouterr()
    assert run("metrics", demo_path, "--impact", "--scorecard", "region", "--loyalty",
               "--movers", "--drivers", "--min-n", "10", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"impact", "scorecard", "loyalty", "movers", "drivers"}
    t = data["impact"]["themes"][0]
    assert {"theme", "n", "impact", "ci_low", "ci_high", "low_n"} <= set(t)
    u = data["scorecard"]["units"][0]
    assert u["rank"] == 1 and "survey_nps" in u["cells"]
    assert {"by_sentiment", "by_nps", "by_theme", "transitions"} <= set(data["loyalty"])


def test_metrics_impact_json_equals_the_engine(demo_path, capsys):
    from vocdesk.engine.workspace import Workspace

    capsys.readouterr()
    assert run("metrics", demo_path, "--impact", "--where", "channel=survey", "--json") == 0
    data = json.loads(capsys.readouterr().out)["impact"]
    with Workspace.open(demo_path) as ws:
        from vocdesk.engine.domain import FeedbackFilter

        engine = ws.insights.impact(FeedbackFilter(channels=["survey"]))
    assert data["nps"] == pytest.approx(engine["nps"])
    assert [t["theme"] for t in data["themes"]] == [t["theme"] for t in engine["themes"]]


def test_metrics_text_output_and_usage_errors(demo_path, capsys):
    capsys.readouterr()
    assert run("metrics", demo_path, "--scorecard", "store") == 0
    assert "scorecard by store" in capsys.readouterr().out
    assert run("metrics", demo_path) == 2
    assert "--by" in capsys.readouterr().err
    assert run("metrics", demo_path, "--impact", "--facet", "nope") == 2
    assert "no facet 'nope'" in capsys.readouterr().err
