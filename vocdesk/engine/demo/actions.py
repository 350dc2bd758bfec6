"""The demo's closed-loop history: the delivery action that the new warehouse resolved.

A CX lead opening the demo should meet the loop already run once — an action about slow
delivery, assigned to logistics, resolved on the day the new Jiaxing warehouse opened — so the
actions page shows the month-later reminder and the effect check has something real to measure
(the demo plants a drop of about 70 % in delivery-delay complaints from that day).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

#: Marks the planted action so that reusing a demo workspace never adds it twice.
DEMO_ACTION_SETTING = "demo_action_id"


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def plant_delivery_action(ws: Any, stories: list[dict[str, Any]]) -> int | None:
    """Add the resolved delivery action once; returns its id (None when the demo has no
    warehouse story, e.g. an old demo file)."""
    from vocdesk.engine.store import settings as store_settings

    existing = store_settings.get_setting(ws.db, DEMO_ACTION_SETTING)
    if existing is not None:
        return int(existing)
    story = next((s["markers"] for s in stories if "change_date" in s.get("markers", {})), None)
    if story is None:
        return None
    from vocdesk.engine.store.database import transaction

    with transaction(ws.db):        # the whole history or none of it
        aid = _plant(ws.actions, story)
        store_settings.set_setting(ws.db, DEMO_ACTION_SETTING, aid)
    return aid


def _plant(acts: Any, story: dict[str, Any]) -> int:
    fixed = date.fromisoformat(story["change_date"])
    opened = fixed - timedelta(days=45)
    aid = acts.add("发货慢、物流延迟投诉偏多（华东仓容量不足） / Slow dispatch and delivery "
                   "complaints (East China warehouse at capacity)",
                   where={"category": [story["category"]]}, department="物流部",
                   who="demo", now=_at(opened, 2))
    acts.assign(aid, "物流部 · 王经理", who="demo", now=_at(opened, 5))
    acts.set_status(aid, "in_progress", who="demo", note="华东新仓（嘉兴）选址与投产计划",
                    now=_at(opened + timedelta(days=1), 3))
    acts.set_status(aid, "resolved", who="demo", fixed_on=fixed.isoformat(),
                    root_cause=story.get("cause", "华东新仓（嘉兴）投产 / new Jiaxing warehouse"),
                    note="嘉兴新仓投产，华东订单改由新仓发货 / the Jiaxing warehouse ships East "
                         "China orders from today", now=_at(fixed, 2))
    return aid
