"""On the demo: the planted weak signal ranks in the top 5, the warehouse fix shows a drop,
and alert rules created actions that a second analysis does not duplicate."""

from __future__ import annotations

import json

import pytest

from vocdesk.engine.workspace import Workspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from vocdesk.engine.demo_workspace import build_demo_workspace

    path = tmp_path_factory.mktemp("demo") / "demo.vocdesk"
    build_demo_workspace(path)
    with Workspace.open(path) as ws:
        yield ws


def _story(ws, key: str) -> dict:
    stories = json.loads(ws.db.execute("SELECT value FROM settings WHERE key = 'demo_stories'")
                         .fetchone()[0])
    return next(s["markers"] for s in stories if key in s["markers"])


def test_planted_product_part_symptom_signal_in_top_five(demo):
    story = _story(demo, "feature_terms")
    top = demo.signals.detect()[:5]
    joined = ["|".join(s["terms"]) for s in top]
    assert any(story["product"] in j and story["feature"] in j for j in joined), joined
    weekly = top[0]["weekly"][-1]
    assert weekly["count"] < 0.05 * weekly["total"]     # still a small share of the week


def test_warehouse_fix_shows_a_significant_drop(demo):
    story = _story(demo, "change_date")
    aid = demo.actions.add("华东新仓", where={"category": [story["category"]]},
                           fixed_on=story["change_date"])
    r = demo.actions.evaluate(aid)
    assert r["enough_data"] and r["effect"] < 0 and r["ci_high"] < 0 and r["p"] < 0.05
    aid = demo.actions.add("华东新仓（工单渠道）", where={"category": [story["category"]],
                                                "channel": ["ticket"]},
                           fixed_on=story["change_date"])
    r = demo.actions.evaluate(aid)
    assert r["design"] == "difference-in-differences" and r["effect"] < 0


def test_alerts_on_demo_are_not_duplicated(demo):
    before = demo.db.execute("SELECT rule_id, COUNT(*) FROM actions WHERE rule_id IS NOT NULL "
                             "GROUP BY 1 ORDER BY 1").fetchall()
    assert {r for r, _ in before} >= {"sensitive-words", "vip-negative", "new-signal"}
    demo.analyze(force=True)
    after = demo.db.execute("SELECT rule_id, COUNT(*) FROM actions WHERE rule_id IS NOT NULL "
                            "GROUP BY 1 ORDER BY 1").fetchall()
    assert after == before


def test_demo_queue_is_manageable(demo):
    """The year of demo history gave 978 sensitive-word actions before the rule was tuned
    (fresh rows only, strong words alone, weak words on negative rows grouped by week)."""
    by_rule = dict(demo.db.execute("SELECT rule_id, COUNT(*) FROM actions WHERE rule_id IS NOT "
                                   "NULL GROUP BY 1").fetchall())
    assert 1 <= by_rule["sensitive-words"] <= 40
    assert sum(by_rule.values()) < 100
    strong = [a for a in demo.actions.list() if a["rule_id"] == "sensitive-words"
              and "12315" in a["title"]]
    assert strong and all(len(a["evidence"]) >= 1 for a in strong)


def test_demo_ships_the_resolved_warehouse_action_with_its_reminder_and_effect(demo):
    """A new user meets the loop already run once: the delivery action resolved on the day
    the warehouse opened, its month-later check due, and the check showing the drop."""
    from vocdesk.engine.demo.actions import DEMO_ACTION_SETTING
    from vocdesk.engine.store import settings as store_settings

    story = _story(demo, "change_date")
    planted = [a for a in demo.actions.list() if a["fixed_on"] == story["change_date"]
               and a["status"] == "resolved"]
    assert len(planted) == 1
    action = planted[0]
    assert action["targets"] == {"category": [story["category"]]}
    assert action["root_cause"] and action["department"] == "物流部"
    due = demo.actions.list(effect_check_due=True)
    assert action["id"] in [a["id"] for a in due]
    r = demo.actions.evaluate(action["id"])
    assert r["enough_data"] and r["effect"] < 0 and r["ci_high"] < 0 and r["p"] < 0.05
    # reusing the demo file (the README command run twice) never adds it again
    assert store_settings.get_setting(demo.db, DEMO_ACTION_SETTING) == action["id"]
    from vocdesk.engine.demo.actions import plant_delivery_action

    assert plant_delivery_action(demo, []) == action["id"]
    assert len([a for a in demo.actions.list() if a["fixed_on"] == story["change_date"]
                and a["status"] == "resolved"]) == 1
