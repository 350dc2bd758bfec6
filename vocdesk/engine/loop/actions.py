"""An action's state derived from its append-only event log (status, owner, due, escalation).

Why on read: a stored status or due time drifts when the calendar is corrected or an event is
imported late; the log plus the calendar always give the honest answer at any ``now``.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from vocdesk.engine.loop.calendar import WorkCalendar

STATUSES = ("new", "assigned", "in_progress", "resolved", "verified")
#: Allowed moves: forward along the workflow (steps may be skipped), and reopening.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("assigned", "in_progress", "resolved"),
    "assigned": ("in_progress", "resolved"),
    "in_progress": ("resolved",),
    "resolved": ("verified", "in_progress"),
    "verified": (),
}
#: Escalation level -> who is told.
ESCALATION = {0: None, 1: "department_head", 2: "cx_lead"}
OPEN = ("new", "assigned", "in_progress")
#: How a closed action ended: the problem was real (and fixed) or the alert was noise.
RESOLUTIONS = ("real", "noise")
#: The effect check is due this many days after the fix date.
CHECK_AFTER_DAYS = 30


def effect_check_due(status: str, fixed_on: str | None, evaluation: dict[str, Any] | None,
                     today: date) -> bool:
    """The month-later reminder: resolved (or verified) with a fix date at least
    :data:`CHECK_AFTER_DAYS` ago, and no evaluation that settled it — one with enough data,
    or one run once the month had passed (an earlier "not enough data yet" does not count)."""
    if status not in ("resolved", "verified") or not fixed_on:
        return False
    check_after = date.fromisoformat(fixed_on) + timedelta(days=CHECK_AFTER_DAYS)
    if today < check_after:
        return False
    if evaluation is None:
        return True
    done_on = datetime.fromisoformat(evaluation["at"]).date()
    return not (evaluation.get("enough_data") or done_on >= check_after)


def derive(action: dict[str, Any], events: list[dict[str, Any]], cal: WorkCalendar,
           now: datetime) -> dict[str, Any]:
    """The action with its current state at ``now``.

    Due = created + SLA hours of working time, extended by working time spent paused. While
    open and past due the escalation level is 1 (department head); past due by another SLA
    period it is 2 (the CX lead). Events after ``now`` are ignored (a fixed clock replays).
    """
    status, owner = "new", action["owner"]
    notes, root_cause, fixed_on, paused_at = [], None, None, None
    resolution, evaluation = None, None
    paused_hours = 0.0
    closed_at = None
    for ev in events:
        at = datetime.fromisoformat(ev["at"])
        if at > now:
            break
        kind, value = ev["kind"], ev["value"]
        if kind == "status":
            status = value
            closed_at = at if value in ("resolved", "verified") else None
            if value in OPEN:
                resolution = None
        elif kind == "resolution":
            resolution = value
        elif kind == "evaluation":
            evaluation = {**json.loads(value or "{}"), "at": ev["at"], "who": ev["who"]}
        elif kind == "assign":
            owner = value
        elif kind == "note":
            notes.append({"at": ev["at"], "who": ev["who"], "text": ev["note"]})
        elif kind == "root_cause":
            root_cause = value
        elif kind == "fixed_on":
            fixed_on = value
        elif kind == "pause" and paused_at is None:
            paused_at = at
        elif kind == "resume" and paused_at is not None:
            paused_hours += cal.hours_between(paused_at, at)
            paused_at = None
    created = datetime.fromisoformat(action["created_at"])
    until = min(now, closed_at) if closed_at else now
    if paused_at is not None:
        paused_hours += cal.hours_between(paused_at, until)
    due = cal.add_hours(created, action["sla_hours"] + paused_hours)
    second = cal.add_hours(due, action["sla_hours"])
    is_open = status in OPEN
    level = 0
    if is_open and paused_at is None:
        level = 2 if now > second else 1 if now > due else 0
    breached = (closed_at or now) > due if (is_open or closed_at) else False
    tz = ZoneInfo(cal.tz)

    def local(iso: str) -> str:
        """A stored UTC stamp in the calendar's zone, as the due time is: the action pane
        showed 19:00 (UTC) for an event at 03:00 in Shanghai, beside a due time in local."""
        return datetime.fromisoformat(iso).astimezone(tz).isoformat()

    notes = [{**n, "at": local(n["at"])} for n in notes]
    if evaluation is not None:
        evaluation = {**evaluation, "at": local(evaluation["at"])}
    return {**action, "status": status, "owner": owner, "due_at": due.isoformat(),
            "overdue": is_open and now > due and paused_at is None, "paused": paused_at is not None,
            "breached": bool(breached), "escalation_level": level,
            "escalated_to": ESCALATION[level], "notes": notes, "root_cause": root_cause,
            "fixed_on": fixed_on, "closed_at": closed_at.astimezone(tz).isoformat() if closed_at else None,
            "resolution": (resolution or "real") if status in ("resolved", "verified") else None,
            "evaluation": evaluation,
            "effect_check_due": effect_check_due(
                status, fixed_on, evaluation, now.astimezone(tz).date()),
            "events": [{**e, "at": local(e["at"])} for e in events
                       if datetime.fromisoformat(e["at"]) <= now]}
