"""``ws.actions``: create, route, move and read closed-loop actions; calendar; alert rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vocdesk.engine.errors import UsageError
from vocdesk.engine.loop.actions import RESOLUTIONS, STATUSES, TRANSITIONS, derive
from vocdesk.engine.loop.calendar import WorkCalendar
from vocdesk.engine.store import actions as store_actions
from vocdesk.engine.store import settings as store_settings
from vocdesk.engine.store.database import transaction

if TYPE_CHECKING:
    from vocdesk.engine.workspace import Workspace

DEFAULT_SLA_HOURS = 24.0


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def workspace_calendar(db) -> WorkCalendar:  # noqa: ANN001
    """The workspace's calendar: its time zone and override table."""
    tz = store_settings.get_setting(db, "timezone", "Asia/Shanghai")
    return WorkCalendar(tz=tz, overrides={d: w for d, (w, _) in
                                          store_actions.calendar_overrides(db).items()})


#: The department that takes actions no taxonomy value routes (uncategorised rows, a signal
#: about a product): the setting ``triage_department``, else the default taxonomy's 客服中心.
DEFAULT_TRIAGE_DEPARTMENT = "客服中心"


def triage_department(db) -> str | None:  # noqa: ANN001
    """The triage department: the setting when it names a department value ("" turns triage
    off), else 客服中心 when the taxonomy has it."""
    chosen = store_settings.get_setting(db, "triage_department", None)
    if chosen is not None:
        return chosen or None
    known = store_actions.known_value(db, "department", DEFAULT_TRIAGE_DEPARTMENT)
    return DEFAULT_TRIAGE_DEPARTMENT if known else None


def create_action(db, *, title: str, targets: dict[str, list[str]] | None = None,  # noqa: ANN001
                  evidence: list[int] | None = None, department: str | None = None,
                  owner: str | None = None, routing: str | None = None,
                  sla_hours: float = DEFAULT_SLA_HOURS, who: str | None = None,
                  rule: tuple[str, str] | None = None, now: datetime | None = None) -> int:
    """Insert an action (call inside a transaction). Department defaults to the owner of the
    targeted values in the taxonomy; the owner to the department's person in the settings."""
    if not title.strip():
        raise UsageError("an action needs a title")
    if sla_hours <= 0:
        raise UsageError(f"SLA hours must be positive, not {sla_hours}")
    targets = targets or {}
    for facet, values in targets.items():
        if facet in ("channel", "region", "store", "segment"):    # row columns, not facets
            continue
        for v in values:
            if not store_actions.known_value(db, facet, v):
                raise UsageError(f"--where {facet}={v}: no such facet value in the taxonomy")
    triaged = None
    if department is None:
        depts = store_actions.owner_departments(db, targets)
        department = depts[0] if depts else None
        if department is None:
            # an action nobody owns is never answered: it goes to the triage department
            department = triaged = triage_department(db)
    if owner is None and department:
        owner = (store_settings.get_setting(db, "department_owners", {}) or {}).get(department)
    at = _now(now).isoformat(timespec="seconds")
    aid = store_actions.insert_action(
        db, title=title.strip(), created_at=at, created_by=who, targets=targets,
        department=department, owner=owner, routing=routing, sla_hours=float(sla_hours),
        rule_id=rule[0] if rule else None, rule_key=rule[1] if rule else None)
    store_actions.add_event(db, aid, at, who, "status", "new")
    if triaged:
        store_actions.add_event(db, aid, at, who, "triage", triaged)
    if owner:
        store_actions.add_event(db, aid, at, who, "assign", owner)
        store_actions.add_event(db, aid, at, who, "status", "assigned")
    if evidence:
        store_actions.add_evidence(db, aid, evidence)
    return aid


class ActionService:
    """Closed-loop actions of one workspace (``ws.actions``)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.db = ws.db

    # --- reading ---------------------------------------------------------------------------
    def calendar(self) -> WorkCalendar:
        return workspace_calendar(self.db)

    def get(self, action_id: int, now: datetime | None = None) -> dict[str, Any]:
        found = self.list(now=now, ids=[action_id])
        if not found:
            raise UsageError(f"no action {action_id}")
        return found[0]

    def list(self, now: datetime | None = None, *, department: str | None = None,
             owner: str | None = None, status: str | None = None,
             ids: list[int] | None = None, effect_check_due: bool = False
             ) -> list[dict[str, Any]]:
        """Actions with derived state, by due time (overdue first); filters optional.
        Each carries ``calendar_warning`` when a year had no holiday data, and
        ``effect_check_due`` (the month-later reminder; ``effect_check_due=True`` keeps only
        those)."""
        cal = self.calendar()
        rows = store_actions.actions(self.db, ids)
        evs = store_actions.events(self.db, [r["id"] for r in rows])
        out = []
        for r in rows:
            a = derive(r, evs[r["id"]], cal, _now(now))
            a["evidence"] = store_actions.evidence(self.db, r["id"])
            out.append(a)
        warning = cal.warning_text()
        for a in out:
            a["calendar_warning"] = warning
        out = [a for a in out if (department is None or a["department"] == department)
               and (owner is None or a["owner"] == owner)
               and (status is None or a["status"] == status)
               and (not effect_check_due or a["effect_check_due"])]
        return sorted(out, key=lambda a: (a["status"] not in ("new", "assigned", "in_progress"),
                                          a["due_at"], a["id"]))

    def breaches_by_department(self, now: datetime | None = None) -> dict[str, int]:
        out: dict[str, int] = {}
        for a in self.list(now=now):
            if a["breached"]:
                key = a["department"] or ""
                out[key] = out.get(key, 0) + 1
        return out

    def rule_precision(self, now: datetime | None = None) -> list[dict[str, Any]]:
        """Per alert rule: its actions, how many are still open, how many were closed as a
        real problem or dismissed as noise, and precision = real / (real + noise) (None
        before any was closed) — the number that says which rule to tune."""
        from vocdesk.engine.loop.alerts import effective_rules

        out = {r["id"]: {"rule_id": r["id"], "kind": r["kind"], "enabled": r["enabled"],
                         "actions": 0, "open": 0, "real": 0, "noise": 0}
               for r in effective_rules(self.db)}
        for a in self.list(now=now):
            if not a["rule_id"]:
                continue
            r = out.setdefault(a["rule_id"], {"rule_id": a["rule_id"], "kind": None,
                                              "enabled": False, "actions": 0, "open": 0,
                                              "real": 0, "noise": 0})
            r["actions"] += 1
            if a["resolution"] is None:
                r["open"] += 1
            else:
                r[a["resolution"]] += 1
        for r in out.values():
            closed = r["real"] + r["noise"]
            r["precision"] = r["real"] / closed if closed else None
        return list(out.values())

    # --- writing ---------------------------------------------------------------------------
    def add(self, title: str, *, where: dict[str, list[str]] | None = None,
            evidence: list[int] | None = None, department: str | None = None,
            owner: str | None = None, routing: str | None = None,
            sla_hours: float = DEFAULT_SLA_HOURS, fixed_on: str | None = None,
            who: str | None = None, now: datetime | None = None) -> int:
        """Create an action; returns its id."""
        with transaction(self.db):
            aid = create_action(self.db, title=title, targets=where, evidence=evidence,
                                department=department, owner=owner, routing=routing,
                                sla_hours=sla_hours, who=who, now=now)
            if fixed_on:
                self._event(aid, "fixed_on", _iso_date(fixed_on), who, None, now)
        return aid

    def _event(self, aid: int, kind: str, value: str | None, who: str | None,
               note: str | None, now: datetime | None) -> None:
        store_actions.add_event(self.db, aid, _now(now).isoformat(timespec="seconds"), who,
                                kind, value, note)

    def set_status(self, action_id: int, status: str, *, who: str | None = None,
                   note: str | None = None, fixed_on: str | None = None,
                   root_cause: str | None = None, resolution: str | None = None,
                   now: datetime | None = None) -> None:
        """Move an action along new → assigned → in_progress → resolved → verified.

        ``resolution`` (on resolving): ``real`` (default) or ``noise`` — the alert was a false
        one; it feeds the rule's precision (:meth:`rule_precision`)."""
        if resolution is not None and resolution not in RESOLUTIONS:
            raise UsageError(f"unknown resolution {resolution!r}; use real or noise")
        if status not in STATUSES:
            raise UsageError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        current = self.get(action_id, now)["status"]
        if status != current and status not in TRANSITIONS[current]:
            raise UsageError(f"action {action_id} is {current}: it cannot become {status} "
                             f"(allowed: {', '.join(TRANSITIONS[current]) or 'none'})")
        with transaction(self.db):
            if status != current:
                self._event(action_id, "status", status, who, note, now)
                if status == "resolved":
                    self._event(action_id, "resolution", resolution or "real", who, None, now)
            elif note:
                self._event(action_id, "note", None, who, note, now)
            if fixed_on:
                self._event(action_id, "fixed_on", _iso_date(fixed_on), who, None, now)
            if root_cause:
                self._event(action_id, "root_cause", root_cause, who, None, now)

    def dismiss(self, action_id: int, *, who: str | None = None, note: str | None = None,
                now: datetime | None = None) -> None:
        """Close an action as noise (a false alert): resolved with resolution ``noise``."""
        self.set_status(action_id, "resolved", who=who, note=note, resolution="noise", now=now)

    def assign(self, action_id: int, owner: str, *, who: str | None = None,
               now: datetime | None = None) -> None:
        current = self.get(action_id, now)["status"]
        with transaction(self.db):
            self._event(action_id, "assign", owner, who, None, now)
            if current == "new":
                self._event(action_id, "status", "assigned", who, None, now)

    def note(self, action_id: int, text: str, *, who: str | None = None,
             now: datetime | None = None) -> None:
        self.get(action_id, now)
        with transaction(self.db):
            self._event(action_id, "note", None, who, text, now)

    def pause(self, action_id: int, *, who: str | None = None, note: str | None = None,
              now: datetime | None = None) -> None:
        """Stop the SLA clock (e.g. waiting for the customer) until :meth:`resume`."""
        if self.get(action_id, now)["paused"]:
            raise UsageError(f"action {action_id} is already paused")
        with transaction(self.db):
            self._event(action_id, "pause", None, who, note, now)

    def resume(self, action_id: int, *, who: str | None = None,
               now: datetime | None = None) -> None:
        if not self.get(action_id, now)["paused"]:
            raise UsageError(f"action {action_id} is not paused")
        with transaction(self.db):
            self._event(action_id, "resume", None, who, None, now)

    def evaluate(self, action_id: int, *, fixed_on: str | None = None,
                 control: dict[str, list[str]] | None = None, record: bool = False,
                 who: str | None = None, now: datetime | None = None) -> dict[str, Any]:
        """The month-later effect check (:mod:`vocdesk.engine.loop.evaluate`).

        ``record`` (the CLI and the page do; a report never writes): append the result to the action's log (an ``evaluation`` event), which
        is what clears the "effect check due" reminder once the month has passed."""
        import json
        from zoneinfo import ZoneInfo

        from vocdesk.engine.loop.evaluate import evaluate

        today = _now(now).astimezone(ZoneInfo(self.calendar().tz)).date()
        r = evaluate(self.db, self.get(action_id, now),
                     _iso_date(fixed_on) if fixed_on else None, control, today=today)
        if record:
            keep = {k: r.get(k) for k in ("design", "effect", "ci_low", "ci_high", "p", "mde",
                                          "enough_data", "fixed_on", "before", "after")}
            with transaction(self.db):
                self._event(action_id, "evaluation", json.dumps(_finite(keep)), who, None, now)
        return r

    def outreach(self, *, action_id: int | None = None, signal: str | None = None,
                 out: str | None = None) -> list[dict[str, Any]]:
        """Customers to warn for an action (its evidence and targeted complaint rows) or a
        signal (the rows carrying its combination); written to ``out`` as CSV if given."""
        from vocdesk.engine.loop import outreach as outreach_mod
        from vocdesk.engine.signals.combos import parts_of

        if (action_id is None) == (signal is None):
            raise UsageError("outreach needs exactly one of an action id or a signal")
        if action_id is not None:
            a = self.get(action_id)
            products = a["targets"].get("product", [])
            complaint = {f: v for f, v in a["targets"].items()
                         if f not in ("product", "channel", "region", "store", "segment")}
            hits: set[int] = set()
            for facet, values in complaint.items():
                hits |= store_actions.ids_with_tag(self.db, facet, values)
            if products:     # the complaint about this product, or the product at all
                of_product = store_actions.ids_in_segment(self.db, "product", products)
                hits = hits & of_product if complaint else of_product
            ids = hits | set(a["evidence"])
        else:
            from vocdesk.engine.signals.service import SignalService

            ids = set(SignalService(db=self.db).affected_rows(signal))
            if not ids:
                raise UsageError(f"no row carries the signal {signal!r}")
            products = [p.split("=", 1)[1] for p in parts_of(signal)[1]
                        if p.startswith("product=")]
        rows = outreach_mod.outreach_list(self.db, sorted(ids), products)
        if out:
            outreach_mod.write_csv(rows, out)
        return rows

    # --- the corporate ticket tool ------------------------------------------------------------
    def export(self, out: str | Path, now: datetime | None = None, **filters: Any) -> int:
        """Write the queue (filters as :meth:`list`) to .csv or .xlsx; returns the row count."""
        from vocdesk.engine.loop import tickets

        return tickets.write(self.list(now=now, **filters), out)

    def import_status(self, path: str | Path, *, who: str | None = None,
                      now: datetime | None = None) -> dict[str, int]:
        """Read a sheet of ``action_id`` + ``status`` (…) back: events appended in one
        transaction, all or nothing (:mod:`vocdesk.engine.loop.tickets`). Returns counts."""
        from vocdesk.engine.loop import tickets

        frame = tickets.read(path)
        current = {a["id"]: a for a in self.list(now=now)}
        events = tickets.plan(path, frame, current)
        with transaction(self.db):
            for aid, kind, value, note, by in events:
                self._event(aid, kind, value, by or who, note, now)
        return {"rows": len(frame), "events": len(events),
                "actions": len({e[0] for e in events})}

    # --- calendar and rules ----------------------------------------------------------------
    def set_calendar_day(self, day: str | date, workday: bool | None,
                         note: str | None = None) -> None:
        """Override a day (True working, False closed, None back to the official calendar)."""
        with transaction(self.db):
            store_actions.set_calendar_override(self.db, date.fromisoformat(_iso_date(day)),
                                                workday, note)

    def calendar_overrides(self) -> dict[str, dict[str, Any]]:
        return {d.isoformat(): {"workday": w, "note": n}
                for d, (w, n) in sorted(store_actions.calendar_overrides(self.db).items())}

    def rules(self) -> list[dict[str, Any]]:
        from vocdesk.engine.loop.alerts import effective_rules

        return effective_rules(self.db)

    def set_rule(self, rule_id: str, kind: str, params: dict[str, Any],
                 enabled: bool = True) -> None:
        """Add or change an alert rule (e.g. the sensitive words list)."""
        from vocdesk.engine.loop.alerts import KINDS, save_rule

        if kind not in KINDS:
            raise UsageError(f"unknown alert rule kind {kind!r}; use {', '.join(KINDS)}")
        with transaction(self.db):
            save_rule(self.db, rule_id, kind, params, enabled)


def _finite(d: dict[str, Any]) -> dict[str, Any]:
    """Plain JSON values: numpy scalars unwrapped, NaN/inf as None."""
    import math

    out = {}
    for k, v in d.items():
        v = v.item() if hasattr(v, "item") else v
        out[k] = None if isinstance(v, float) and not math.isfinite(v) else v
    return out


def _iso_date(value: str | date) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise UsageError(f"{value!r} is not a date (YYYY-MM-DD)") from None
