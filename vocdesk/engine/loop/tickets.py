"""Actions out to a corporate ticket tool (CSV/XLSX) and their status back in, by action id.

Why a round trip and not a sync: ticket tools differ, but all of them export a sheet. The
export carries every action's derived state; the import reads ``action_id`` + ``status``
(and optionally owner, note, fixed_on, root_cause, resolution, who) and *appends* events to
each action's log — history is never overwritten, and a re-import of the same sheet adds
nothing (unchanged cells are no events). A status the workflow cannot reach directly is
reached through the steps between (new → resolved → verified); one it cannot reach at all, an
unknown id or status, or a duplicated id is an error naming file, row and column, and nothing
is written unless every row is right.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from vocdesk.engine.errors import InputError, InputProblem, UsageError
from vocdesk.engine.export import neutralise, xlsx_cell
from vocdesk.engine.loop.actions import RESOLUTIONS, STATUSES, TRANSITIONS

EXPORT_COLUMNS = ("action_id", "title", "status", "department", "owner", "routing",
                  "created_at", "due_at", "overdue", "breached", "escalation_level",
                  "escalated_to", "targets", "evidence_ids", "fixed_on", "root_cause",
                  "resolution", "effect_check_due", "rule_id", "note")
IMPORT_COLUMNS = ("action_id", "status", "owner", "note", "fixed_on", "root_cause",
                  "resolution", "who")
#: Spellings a ticket tool may use, normalised (lower case, spaces/hyphens as underscores).
STATUS_ALIASES = {"新建": "new", "已分配": "assigned", "处理中": "in_progress",
                  "进行中": "in_progress", "已解决": "resolved", "已验证": "verified",
                  "open": "new", "in_work": "in_progress", "done": "resolved",
                  "closed": "verified"}


def normalise_status(text: str) -> str | None:
    """Our status name for a ticket tool's spelling, or None if it is not one."""
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    key = STATUS_ALIASES.get(text.strip(), STATUS_ALIASES.get(key, key))
    return key if key in STATUSES else None


def path_to(current: str, target: str) -> list[str] | None:
    """The shortest chain of allowed moves from ``current`` to ``target`` ([] if equal)."""
    if current == target:
        return []
    seen, queue = {current}, deque([(current, [])])
    while queue:
        s, chain = queue.popleft()
        for nxt in TRANSITIONS[s]:
            if nxt == target:
                return [*chain, nxt]
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, [*chain, nxt]))
    return None


def export_rows(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for a in actions:
        targets = "; ".join(f"{f}={v}" for f, vs in a["targets"].items() for v in vs)
        out.append({"action_id": a["id"], "title": a["title"], "status": a["status"],
                    "department": a["department"], "owner": a["owner"],
                    "routing": a["routing"], "created_at": a["created_at"],
                    "due_at": a["due_at"], "overdue": a["overdue"], "breached": a["breached"],
                    "escalation_level": a["escalation_level"],
                    "escalated_to": a["escalated_to"], "targets": targets,
                    "evidence_ids": " ".join(map(str, a["evidence"])),
                    "fixed_on": a["fixed_on"], "root_cause": a["root_cause"],
                    "resolution": a["resolution"], "effect_check_due": a["effect_check_due"],
                    "rule_id": a["rule_id"], "note": ""})
    return out


def write(actions: list[dict[str, Any]], out: str | Path) -> int:
    """Write the actions as .csv (UTF-8 with BOM, for Excel in China) or .xlsx."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(f"{out}: export actions as .csv or .xlsx")
    frame = pd.DataFrame(export_rows(actions), columns=list(EXPORT_COLUMNS))
    if suffix == ".csv":
        frame.map(neutralise).to_csv(out, index=False, encoding="utf-8-sig")
    else:
        frame.map(xlsx_cell).to_excel(out, index=False, sheet_name="actions")
    return len(frame)


def read(path: str | Path) -> pd.DataFrame:
    """The sheet as strings ('' for empty cells); columns named in lower case."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), reason="no such file")
    try:
        if path.suffix.lower() in (".xlsx", ".xls"):
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="calamine")
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except Exception as exc:   # noqa: BLE001 - any unreadable file is the user's input error
        raise InputError(str(path), reason=f"cannot read it as a table: {exc}") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    for col in ("action_id", "status"):
        if col not in frame.columns:
            raise InputError(str(path), column=col,
                             reason=f"the column {col!r} is missing (found: "
                                    f"{', '.join(frame.columns) or 'none'})")
    return frame


def plan(path: str | Path, frame: pd.DataFrame, current: dict[int, dict[str, Any]]
         ) -> list[tuple[int, str, str | None, str | None, str | None]]:
    """Every event the import will append, as (action id, kind, value, note, who) — or an
    :class:`InputError` listing every bad cell (nothing is written then)."""
    problems: list[InputProblem] = []
    events: list[tuple[int, str, str | None, str | None, str | None]] = []
    seen: dict[int, int] = {}

    def bad(row: int, col: str, reason: str) -> None:
        problems.append(InputProblem(str(path), row, col, reason))

    for i, rec in enumerate(frame.to_dict("records")):
        row = i + 2                                  # the header is row 1
        cell = {c: str(rec.get(c, "") or "").strip() for c in IMPORT_COLUMNS}
        if not any(cell.values()):
            continue
        try:
            aid = int(float(cell["action_id"]))
        except (ValueError, OverflowError):
            bad(row, "action_id", f"{cell['action_id']!r} is not an action id")
            continue
        if aid not in current:
            bad(row, "action_id", f"no action {aid} in this workspace")
            continue
        if aid in seen:
            bad(row, "action_id", f"action {aid} is already on row {seen[aid]}")
            continue
        seen[aid] = row
        a, who = current[aid], cell["who"] or None
        status = a["status"]
        if cell["status"]:
            target = normalise_status(cell["status"])
            if target is None:
                bad(row, "status", f"{cell['status']!r} is not a status (use "
                                   f"{', '.join(STATUSES)})")
                continue
            chain = path_to(status, target)
            if chain is None:
                bad(row, "status", f"action {aid} is {status}: it cannot become {target}")
                continue
            res = cell["resolution"].lower() or None
            if res is not None and res not in RESOLUTIONS:
                bad(row, "resolution", f"{cell['resolution']!r}: use real or noise")
                continue
            for step in chain:
                events.append((aid, "status", step, None, who))
                if step == "resolved":
                    events.append((aid, "resolution", res or "real", None, who))
        if cell["owner"] and cell["owner"] != a["owner"]:
            events.append((aid, "assign", cell["owner"], None, who))
        if cell["fixed_on"]:
            try:
                fixed = date.fromisoformat(cell["fixed_on"][:10]).isoformat()
            except ValueError:
                bad(row, "fixed_on", f"{cell['fixed_on']!r} is not a date (YYYY-MM-DD)")
                continue
            if fixed != a["fixed_on"]:
                events.append((aid, "fixed_on", fixed, None, who))
        if cell["root_cause"] and cell["root_cause"] != a["root_cause"]:
            events.append((aid, "root_cause", cell["root_cause"], None, who))
        if cell["note"] and cell["note"] not in {n["text"] for n in a["notes"]}:
            events.append((aid, "note", None, cell["note"], who))
    if problems:
        raise InputError(str(path), problems[0].row, problems[0].column,
                         f"{problems[0].reason}" + (f" (and {len(problems) - 1} more problems)"
                                                    if len(problems) > 1 else ""),
                         problems=problems)
    return events
