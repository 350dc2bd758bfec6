"""Actions: SLA on China's working-day calendar, escalation with a fixed clock, workflow,
append-only log, alert rules that never duplicate an action."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pandas as pd
import pytest

from vocdesk.engine.errors import UsageError
from vocdesk.engine.loop.calendar import WorkCalendar
from vocdesk.engine.workspace import Workspace

SH = ZoneInfo("Asia/Shanghai")


def t(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=SH)


OFFICE = {"start": time(9), "end": time(18)}
# (calendar kwargs, created, hours, expected due, overrides) — worked out by hand from the
# official 2025/2026 schedules.
HAND = [
    ({}, "2026-09-30 10:00", 24, "2026-10-08 10:00", {}),      # National Day week skipped
    ({}, "2026-02-13 20:00", 24, "2026-02-14 20:00", {}),      # make-up Saturday works
    ({}, "2026-02-14 20:00", 24, "2026-02-24 20:00", {}),      # Spring Festival skipped
    ({}, "2025-12-31 12:00", 24, "2026-01-04 12:00", {}),      # year end; Sunday 4 Jan works
    ({}, "2026-03-02 00:00", 24, "2026-03-03 00:00", {}),      # midnight to midnight
    ({}, "2026-03-06 23:30", 24, "2026-03-09 23:30", {}),      # across a weekend
    ({}, "2026-10-01 09:00", 24, "2026-10-09 00:00", {}),      # created on a holiday
    ({}, "2026-03-06 23:30", 24, "2026-03-10 23:30", {date(2026, 3, 9): False}),
    ({}, "2026-03-06 23:30", 24, "2026-03-07 23:30", {date(2026, 3, 7): True}),
    (OFFICE, "2026-03-06 17:00", 24, "2026-03-11 14:00", {}),  # office hours, weekend
    (OFFICE, "2026-03-02 20:00", 24, "2026-03-05 15:00", {}),  # created after hours
    (OFFICE, "2026-03-02 07:00", 9, "2026-03-02 18:00", {}),   # before opening
    (OFFICE, "2026-09-30 17:30", 1, "2026-10-08 09:30", {}),
]


@pytest.mark.parametrize("kw, created, hours, due, overrides", HAND)
def test_sla_due_by_hand(kw, created, hours, due, overrides):
    cal = WorkCalendar(overrides=overrides, **kw)
    assert cal.add_hours(t(created), hours) == t(due)
    assert cal.hours_between(t(created), t(due)) == pytest.approx(hours)
    assert cal.warning_text() is None


def test_year_without_data_falls_back_to_weekdays_with_a_warning():
    cal = WorkCalendar()
    assert cal.add_hours(t("2028-01-07 12:00"), 24) == t("2028-01-10 12:00")
    assert "2028" in cal.warning_text()
    fixed = WorkCalendar(overrides={date(2028, 1, 10): False})
    assert fixed.add_hours(t("2028-01-07 12:00"), 24) == t("2028-01-11 12:00")


def _oracle(start: datetime, hours: float, office: bool, step: int = 15) -> datetime:
    """Walk in 15-minute steps over the official calendar (independent of the module)."""
    left = int(hours * 60 / step)
    cur = start
    while left > 0:
        d = cur.date()
        work = chinese_calendar.is_workday(d) and (not office or 9 <= cur.hour < 18)
        cur += timedelta(minutes=step)
        if work:
            left -= 1
    # the due moment is the end of the last working step; skip nothing further
    return cur


def _cases(n: int = 220):
    rnd = random.Random(11)
    base = datetime(2025, 1, 1, tzinfo=SH)
    for _ in range(n):
        start = base + timedelta(minutes=15 * rnd.randrange(4 * 24 * 700))
        yield start, rnd.choice([0.25, 1, 8, 24, 48, 72]), rnd.random() < 0.4


@pytest.mark.parametrize("start, hours, office", list(_cases()))
def test_sla_table_against_step_oracle(start, hours, office):
    cal = WorkCalendar(**(OFFICE if office else {}))
    assert cal.add_hours(start, hours) == _oracle(start, hours, office)


# --- actions in a workspace ----------------------------------------------------------------------

ALERT_TEXTS = ["再不退款我就去12315投诉", "快递太慢了，要投诉", "东西不错，物流也快", "客服说话很耐心"]


@pytest.fixture
def ws(tmp_path):
    frame = pd.DataFrame({
        "text": ALERT_TEXTS * 3,
        "created_at": [f"2026-03-0{1 + i % 3}T10:00:00+08:00" for i in range(12)],
        "customer_id": [f"C{i % 5}" for i in range(12)],
    })
    with Workspace.create(tmp_path / "a.vocdesk") as w:
        w.imports.import_dataframe(frame, "t")
        yield w


def test_alert_rules_create_actions_once(ws):
    ws.analyze(workers=1)
    first = ws.actions.list()
    sensitive = [a for a in first if a["rule_id"] == "sensitive-words"]
    hit_rows = [i for i, r in enumerate(ALERT_TEXTS * 3) if "投诉" in r or "退款" in r]
    assert sensitive and sum(len(a["evidence"]) for a in sensitive) == len(hit_rows)
    ws.analyze(force=True, workers=1)
    again = ws.actions.list()
    assert [(a["id"], a["evidence"]) for a in again] == [(a["id"], a["evidence"]) for a in first]


def test_edited_sensitive_words_apply(ws):
    ws.actions.set_rule("sensitive-words", "sensitive_words", {"words": ["耐心"]})
    ws.analyze(workers=1)
    titles = [a["title"] for a in ws.actions.list() if a["rule_id"] == "sensitive-words"]
    assert titles and all("耐心" in x for x in titles)
    with pytest.raises(UsageError):
        ws.actions.set_rule("x", "weather", {})


def test_department_from_ownership_map_and_escalation_with_fixed_clock(ws):
    cat = next(v for v in ws.taxonomy.facet("category").values if v.department)
    t0 = t("2026-03-02 10:00")
    aid = ws.actions.add("Fix it", where={"category": [cat.value]}, now=t0)
    a = ws.actions.get(aid, now=t0)
    assert a["department"] == cat.department and a["status"] == "new"
    assert a["due_at"] == t("2026-03-03 10:00").isoformat()
    assert ws.actions.get(aid, now=t("2026-03-03 09:59"))["escalation_level"] == 0
    late = ws.actions.get(aid, now=t("2026-03-03 10:01"))
    assert late["overdue"] and late["escalated_to"] == "department_head"
    assert ws.actions.get(aid, now=t("2026-03-04 10:01"))["escalated_to"] == "cx_lead"
    ws.actions.set_status(aid, "resolved", now=t("2026-03-04 11:00"), root_cause="批次不良")
    done = ws.actions.get(aid, now=t("2026-03-05 10:00"))
    assert done["escalation_level"] == 0 and done["breached"] and done["root_cause"] == "批次不良"
    assert ws.actions.breaches_by_department(now=t("2026-03-05 10:00")) == {cat.department: 1}


def test_pause_extends_due_and_workflow_is_checked(ws):
    t0 = t("2026-03-02 10:00")
    aid = ws.actions.add("Call back", now=t0)
    ws.actions.pause(aid, now=t("2026-03-02 12:00"))
    assert not ws.actions.get(aid, now=t("2026-03-04 12:00"))["overdue"]   # paused
    ws.actions.resume(aid, now=t("2026-03-02 18:00"))
    assert ws.actions.get(aid, now=t("2026-03-03 12:00"))["due_at"] == \
        t("2026-03-03 16:00").isoformat()
    with pytest.raises(UsageError, match="cannot become verified"):
        ws.actions.set_status(aid, "verified", now=t("2026-03-03 12:00"))
    ws.actions.assign(aid, "王五", now=t("2026-03-03 12:00"))
    a = ws.actions.get(aid, now=t("2026-03-03 12:01"))
    assert a["owner"] == "王五" and a["status"] == "assigned"
    ws.actions.set_status(aid, "resolved", now=t("2026-03-03 13:00"))
    ws.actions.set_status(aid, "in_progress", now=t("2026-03-03 14:00"))   # reopened
    assert ws.actions.get(aid, now=t("2026-03-03 15:00"))["status"] == "in_progress"
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ws.db.execute("UPDATE action_events SET who = 'x'")


def test_log_times_are_shown_in_the_calendars_zone_like_the_due_time(ws):
    """An action made at 19:00 UTC on a Friday is made at 03:00 on Saturday in Shanghai: the
    pane showed "19:00" for it beside a due time of Tuesday 00:00 local."""
    made = datetime(2026, 12, 4, 19, 0, tzinfo=ZoneInfo("UTC"))
    aid = ws.actions.add("Call back", now=made)
    ws.actions.assign(aid, "王五", now=made + timedelta(hours=1))
    ws.actions.note(aid, "已致电", now=made + timedelta(hours=2))
    a = ws.actions.get(aid, now=made + timedelta(hours=3))
    assert [e["at"][:16] for e in a["events"]][-2:] == ["2026-12-05T04:00", "2026-12-05T05:00"]
    assert a["events"][0]["at"].startswith("2026-12-05T03:00") and a["events"][0]["at"].endswith("+08:00")
    assert a["notes"][0]["at"].startswith("2026-12-05T05:00")
    assert a["due_at"] == t("2026-12-08 00:00").isoformat()     # Sat + Sun skipped, Monday counted


def test_calendar_override_recomputes_due(ws):
    aid = ws.actions.add("x", now=t("2026-03-06 23:30"))
    assert ws.actions.get(aid, now=t("2026-03-07 00:00"))["due_at"] == \
        t("2026-03-09 23:30").isoformat()
    ws.actions.set_calendar_day("2026-03-09", False, "公司年会")
    assert ws.actions.get(aid, now=t("2026-03-07 00:00"))["due_at"] == \
        t("2026-03-10 23:30").isoformat()
    assert ws.actions.calendar_overrides() == {"2026-03-09": {"workday": False,
                                                              "note": "公司年会"}}


def test_bad_action_input_is_refused(ws):
    with pytest.raises(UsageError, match="no such facet value"):
        ws.actions.add("x", where={"category": ["不存在的类别"]})
    with pytest.raises(UsageError, match="title"):
        ws.actions.add("  ")
    with pytest.raises(UsageError, match="no action"):
        ws.actions.get(999)
    assert ws.actions.list() == []


def test_an_action_no_value_routes_goes_to_the_triage_department(ws):
    """14 of the demo's 53 actions had no department (uncategorised rows, signals about a
    product): nobody owned them. They go to the triage department, and the log says why."""
    assert ws.settings()["triage_department"] == "客服中心"
    aid = ws.actions.add("Call back")
    a = ws.actions.get(aid)
    assert a["department"] == "客服中心"
    assert [(e["kind"], e["value"]) for e in a["events"]][:2] == [("status", "new"), ("triage", "客服中心")]
    cat = next(v for v in ws.taxonomy.facet("category").values if v.department)
    routed = ws.actions.get(ws.actions.add("Fix it", where={"category": [cat.value]}))
    assert routed["department"] == cat.department and "triage" not in {e["kind"] for e in routed["events"]}
    ws.set_setting("triage_department", "质量部")
    assert ws.actions.get(ws.actions.add("x"))["department"] == "质量部"
    ws.set_setting("triage_department", "")
    assert ws.actions.get(ws.actions.add("y"))["department"] is None
    with pytest.raises(UsageError, match="not a department"):
        ws.set_setting("triage_department", "行政部")
