"""Closed-loop actions: the action row, its evidence, its append-only event log; calendar
overrides and alert rules. State (status, owner, due, escalation) is derived from the events
by :mod:`vocdesk.engine.loop.actions`; nothing here stores it twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from vocdesk.engine.store.ids import rows_in

_ACTION_COLS = ("id", "title", "created_at", "created_by", "targets", "department", "owner",
                "routing", "sla_hours", "rule_id", "rule_key")


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def insert_action(db: Database, *, title: str, created_at: str, created_by: str | None,
                  targets: dict[str, list[str]], department: str | None, owner: str | None,
                  routing: str | None, sla_hours: float, rule_id: str | None = None,
                  rule_key: str | None = None) -> int:
    cur = db.execute(
        "INSERT INTO actions (title, created_at, created_by, targets, department, owner, "
        "routing, sla_hours, rule_id, rule_key) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [title, created_at, created_by, json.dumps(targets, ensure_ascii=False), department,
         owner, routing, sla_hours, rule_id, rule_key])
    return int(cur.lastrowid)


def action_for_rule(db: Database, rule_id: str, rule_key: str) -> int | None:
    row = db.execute("SELECT id FROM actions WHERE rule_id = ? AND rule_key = ?",
                     [rule_id, rule_key]).fetchone()
    return row[0] if row else None


def add_evidence(db: Database, action_id: int, feedback_ids: Sequence[int]) -> None:
    db.conn.executemany("INSERT OR IGNORE INTO action_evidence (action_id, feedback_id) "
                        "VALUES (?, ?)", [(action_id, int(f)) for f in feedback_ids])


def evidence(db: Database, action_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT feedback_id FROM action_evidence WHERE action_id = ? "
                                     "ORDER BY feedback_id", [action_id]).fetchall()]


def add_event(db: Database, action_id: int, at: str, who: str | None, kind: str,
              value: str | None = None, note: str | None = None) -> None:
    db.execute("INSERT INTO action_events (action_id, at, who, kind, value, note) "
               "VALUES (?,?,?,?,?,?)", [action_id, at, who, kind, value, note])


def events(db: Database, action_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {int(i): [] for i in action_ids}
    for aid, at, who, kind, value, note in rows_in(
            db, "SELECT action_id, at, who, kind, value, note FROM action_events WHERE "
                "action_id IN ({ids}) ORDER BY id", list(out)):
        out[aid].append({"at": at, "who": who, "kind": kind, "value": value, "note": note})
    return out


def actions(db: Database, ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    sql = f"SELECT {', '.join(_ACTION_COLS)} FROM actions"
    params: list[Any] = []
    if ids is not None:
        sql += f" WHERE id IN ({_marks(len(ids))})"
        params = list(ids)
    rows = [dict(zip(_ACTION_COLS, r, strict=True)) for r in
            db.execute(sql + " ORDER BY id", params).fetchall()]
    for r in rows:
        r["targets"] = json.loads(r["targets"] or "{}")
    return rows


def owner_departments(db: Database, targets: dict[str, list[str]]) -> list[str]:
    """Owning departments of the targeted facet values (the taxonomy's ownership map)."""
    out: list[str] = []
    for facet, values in targets.items():
        if facet == "department":
            out += list(values)
            continue
        for v in values:
            row = db.execute("SELECT department FROM facet_values WHERE facet = ? AND value = ?",
                             [facet, v]).fetchone()
            if row and row[0]:
                out.append(row[0])
    return list(dict.fromkeys(out))


def known_value(db: Database, facet: str, value: str) -> bool:
    return db.execute("SELECT 1 FROM facet_values WHERE facet = ? AND value = ?",
                      [facet, value]).fetchone() is not None


# --- calendar overrides ------------------------------------------------------------------------

def calendar_overrides(db: Database) -> dict[date, tuple[bool, str | None]]:
    return {date.fromisoformat(d): (bool(w), n) for d, w, n in
            db.execute("SELECT day, workday, note FROM calendar_overrides").fetchall()}


def set_calendar_override(db: Database, day: date, workday: bool | None,
                          note: str | None = None) -> None:
    if workday is None:
        db.execute("DELETE FROM calendar_overrides WHERE day = ?", [day.isoformat()])
        return
    db.execute("INSERT INTO calendar_overrides (day, workday, note) VALUES (?,?,?) "
               "ON CONFLICT(day) DO UPDATE SET workday = excluded.workday, note = excluded.note",
               [day.isoformat(), int(workday), note])


# --- alert rules ------------------------------------------------------------------------------

def alert_rules(db: Database) -> list[dict[str, Any]]:
    return [{"id": i, "kind": k, "params": json.loads(p or "{}"), "enabled": bool(e)}
            for i, k, p, e in db.execute("SELECT id, kind, params, enabled FROM alert_rules "
                                         "ORDER BY id").fetchall()]


def save_alert_rule(db: Database, rule_id: str, kind: str, params: dict[str, Any],
                    enabled: bool) -> None:
    db.execute("INSERT INTO alert_rules (id, kind, params, enabled) VALUES (?,?,?,?) "
               "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, params = excluded.params, "
               "enabled = excluded.enabled",
               [rule_id, kind, json.dumps(params, ensure_ascii=False), int(enabled)])


def rows_for_alerts(db: Database, ids: Sequence[int]) -> list[tuple]:
    """(id, text, customer_id, created_ts, lifetime_value, segment) of rows."""
    return list(rows_in(
        db, "SELECT f.id, f.text, f.customer_id, f.created_ts, c.lifetime_value, c.segment "
            "FROM feedback f LEFT JOIN customers c ON c.customer_id = f.customer_id "
            "WHERE f.id IN ({ids})", ids))


def negative_share(db: Database, start_ts: float, end_ts: float) -> tuple[int, int]:
    """(negative rows, rows) by effective sentiment among rows created in [start, end)."""
    row = db.execute(
        "SELECT SUM(CASE WHEN t.value = 'negative' THEN 1 ELSE 0 END), COUNT(*) FROM feedback f "
        "JOIN effective_tags t ON t.feedback_id = f.id AND t.facet = 'sentiment' "
        "WHERE f.created_ts >= ? AND f.created_ts < ?", [start_ts, end_ts]).fetchone()
    return int(row[0] or 0), int(row[1] or 0)


def last_created_ts(db: Database) -> float | None:
    return db.execute("SELECT MAX(created_ts) FROM feedback").fetchone()[0]


# --- effect evaluation ------------------------------------------------------------------------

#: Keys that name a segment of rows (a column or the customer's segment), not a complaint.
SEGMENT_COLUMNS = ("channel", "region", "store", "product")


def dated_rows(db: Database) -> list[tuple[int, float]]:
    return db.execute("SELECT id, created_ts FROM feedback WHERE created_ts IS NOT NULL"
                      ).fetchall()


def ids_with_tag(db: Database, facet: str, values: Sequence[str]) -> set[int]:
    return {r[0] for r in db.execute(
        f"SELECT DISTINCT feedback_id FROM effective_tags WHERE facet = ? AND value IN "
        f"({_marks(len(values))})", [facet, *values]).fetchall()}


def ids_in_segment(db: Database, key: str, values: Sequence[str]) -> set[int]:
    """Rows whose column (channel, region, store, product) or customer segment is one of
    ``values``; a product also matches the product tag."""
    if key == "segment":
        sql = (f"SELECT f.id FROM feedback f JOIN customers c ON c.customer_id = f.customer_id "
               f"WHERE c.segment IN ({_marks(len(values))})")
    elif key in SEGMENT_COLUMNS:
        sql = f"SELECT id FROM feedback WHERE {key} IN ({_marks(len(values))})"
    else:
        raise ValueError(key)
    out = {r[0] for r in db.execute(sql, list(values)).fetchall()}
    return out | ids_with_tag(db, "product", values) if key == "product" else out


# --- outreach ----------------------------------------------------------------------------------

def customer_rows(db: Database, ids: Sequence[int]) -> list[tuple]:
    """(feedback id, customer_id, text, created_at) of rows that name a customer."""
    return list(rows_in(db, "SELECT id, customer_id, text, created_at FROM feedback WHERE "
                            "customer_id IS NOT NULL AND id IN ({ids})", ids))


def customers_of_rows(db: Database, ids: Sequence[int]) -> set[str]:
    return {r[1] for r in customer_rows(db, ids)}


def customer_profiles(db: Database, customer_ids: Sequence[str]) -> dict[str, tuple]:
    """customer_id -> (segment, region, lifetime_value) for customers in the table."""
    return {cid: (seg, reg, ltv) for cid, seg, reg, ltv in rows_in(
        db, "SELECT customer_id, segment, region, lifetime_value FROM customers WHERE "
            "customer_id IN ({ids})", customer_ids)}
