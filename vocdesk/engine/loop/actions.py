"""An action's state derived from its append-only event log (status, owner, due, escalation).

Why on read: a stored status or due time drifts when the calendar is corrected or an event is
imported late; the log plus the calendar always give the honest answer at any ``now``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

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


def derive(action: dict[str, Any], events: list[dict[str, Any]], cal: WorkCalendar,
           now: datetime) -> dict[str, Any]:
    """The action with its current state at ``now``.

    Due = created + SLA hours of working time, extended by working time spent paused. While
    open and past due the escalation level is 1 (department head); past due by another SLA
    period it is 2 (the CX lead). Events after ``now`` are ignored (a fixed clock replays).
    """
    status, owner = "new", action["owner"]
    notes, root_cause, fixed_on, paused_at = [], None, None, None
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
    return {**action, "status": status, "owner": owner, "due_at": due.isoformat(),
            "overdue": is_open and now > due and paused_at is None, "paused": paused_at is not None,
            "breached": bool(breached), "escalation_level": level,
            "escalated_to": ESCALATION[level], "notes": notes, "root_cause": root_cause,
            "fixed_on": fixed_on, "closed_at": closed_at.isoformat() if closed_at else None,
            "events": [e for e in events if datetime.fromisoformat(e["at"]) <= now]}
