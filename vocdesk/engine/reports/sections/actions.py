"""Actions: owner, SLA status and escalation at the pack's clock, and the measured effect of
a fix with its interval — or "not enough data yet" when the engine says so."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from vocdesk.engine.loop.alerts import title_in
from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import Evidence
from vocdesk.engine.reports.lineage import sorted_unique
from vocdesk.engine.reports.sections import data
from vocdesk.engine.reports.sections.fmt import points

SHOWN = 15
OPEN = ("new", "assigned", "in_progress")


def _evidence(acts: list[dict[str, Any]]) -> np.ndarray:
    parts = [np.asarray(a.get("evidence") or [], dtype=np.int64) for a in acts]
    return sorted_unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)


def sla_text(w: dict[str, str], a: dict[str, Any]) -> str:
    due = (a.get("due_at") or "")[:16].replace("T", " ")
    if a.get("paused"):
        return w["sla_paused"]
    if a.get("overdue"):
        return w["sla_overdue"].format(due=due)
    if a.get("breached"):
        return w["sla_breached"]
    return w["sla_ok"].format(due=due)


def effect_text(w: dict[str, str], r: dict[str, Any] | None) -> str:
    """The effect with its interval, or why there is none yet."""
    if r is None:
        return w["effect_none"]
    if not r.get("enough_data") or r.get("effect") is None:
        return w["effect_wait"]
    return f"{points(r['effect'])} [{points(r['ci_low'])}, {points(r['ci_high'])}]"


def priority(a: dict[str, Any]) -> tuple:
    """Overdue, then escalated, then measured, then by due time."""
    return (not a.get("overdue"), -int(a.get("escalation_level") or 0),
            not a.get("fixed_on"), a.get("due_at") or "", a["id"])


def department_counts(acts: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"open": 0, "overdue": 0,
                                                          "escalated": 0, "total": 0})
    for a in acts:
        c = out[a.get("department") or ""]
        c["total"] += 1
        c["open"] += a["status"] in OPEN
        c["overdue"] += bool(a.get("overdue"))
        c["escalated"] += int(a.get("escalation_level") or 0) > 0
    return dict(out)


def dept_label(ev: Evidence, w: dict[str, str], dept: str) -> str:
    return ev.label("department", dept) if dept else w["unassigned"]


def actions_section(pack: Pack, ev: Evidence) -> None:
    w = pack.words
    acts = data.actions(ev)
    pack.section(w["actions"])
    if not acts:
        pack.para(w["no_actions"])
        return
    counts = department_counts(acts)
    shown = sorted(acts, key=priority)[:SHOWN]
    pack.para(w["actions_intro"].format(
        total=len(acts), open=sum(c["open"] for c in counts.values()),
        overdue=sum(c["overdue"] for c in counts.values()),
        as_of=data.clock_text(ev), shown=len(shown)))
    by_dept = sorted(counts.items(), key=lambda kv: (-kv[1]["open"], -kv[1]["total"], kv[0]))
    rows = [[dept_label(ev, w, d), f"{c['open']:,}", f"{c['overdue']:,}", f"{c['escalated']:,}",
             f"{c['total']:,}"] for d, c in by_dept]
    pack.table(w["actions_by_dept"], [w["col_department"], w["col_open"], w["col_overdue"],
                                      w["col_escalated"], w["col_total"]], rows,
               ev.lineage.of(_evidence(acts)), widths=[170, 80, 80, 80, 83])
    rows = []
    for a in shown:
        rows.append([str(a["id"]), title_in(a, ev.spec.lang), dept_label(ev, w, a.get("department") or ""),
                     a.get("owner") or "—", w.get(f"status_{a['status']}", a["status"]),
                     sla_text(w, a), w[f"esc_{int(a.get('escalation_level') or 0)}"],
                     effect_text(w, data.effect(ev, a))])
    pack.table(None, [w["col_id"], w["col_action"], w["col_department"], w["col_owner"],
                      w["col_status"], w["col_sla"], w["col_escalation"], w["col_effect"]],
               rows, ev.lineage.of(_evidence(shown)),
               widths=[26, 102, 62, 40, 46, 96, 50, 71])
