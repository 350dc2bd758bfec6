"""Zendesk tickets: the CSV view export and the incremental-export JSON (and JSON Lines).

CSV: one header row ``Summation column, Id, Requester, … Satisfaction Score …`` then custom
fields ``<Title> [<type>]``; dates ``2009-09-01 19:02`` in the account's time zone; ``-`` for an
empty metric; ``Not Offered`` satisfaction. There is no description in the CSV, so the
subject is the text. JSON: ``{"tickets": […]}`` with ``created_at`` in UTC (``Z``),
``subject``, ``description`` (first comment), ``satisfaction_rating.score`` (good / bad).
Satisfaction good / bad is stored as CSAT 5 / 1 on a 1–5 scale.
"""

from __future__ import annotations

import json
from typing import Any

from vocdesk.engine.importers.formats.common import (
    Format,
    RawFile,
    join_title,
    nfkc,
)
from vocdesk.engine.importers.formats.flat import (
    Cols,
    build_flat,
    flatten,
    header_rows,
    json_rows,
)
from vocdesk.engine.importers.values import cell_text

SATISFACTION = {"good": 5, "bad": 1, "good, i'm satisfied": 5, "bad, i'm unsatisfied": 1}
CSV_SIGNATURE = ("summation column", "id", "requester", "requester id", "via", "subject",
                 "satisfaction score", "created at", "ticket type", "group stations")


def csat(raw: Any) -> int | None:
    return SATISFACTION.get(cell_text(raw).strip().lower())


def _is_ticket(r: dict[str, Any]) -> bool:
    return isinstance(r, dict) and "id" in r and ("requester_id" in r or "via" in r) and \
        ("subject" in r or "description" in r)


def sniff(raw: RawFile) -> float:
    if raw.kind in ("json", "jsonl"):
        data = raw.json()
        if isinstance(data, dict) and isinstance(data.get("tickets"), list):
            return 0.97
        recs = raw.sample(50)
        return 0.9 if recs and sum(map(_is_ticket, recs)) >= max(1, len(recs) // 2) else 0.0
    head = {nfkc(h) for h in raw.header()}
    hits = sum(1 for s in CSV_SIGNATURE if s in head)
    if "summation column" in head and hits >= 4:
        return 0.97
    return 0.85 if hits >= 6 else 0.0


def convert(raw: RawFile) -> Any:
    if raw.kind in ("json", "jsonl"):
        return _convert_json(raw)
    names, rows = header_rows(raw)
    c = Cols(names)

    def row(v: dict[str, Any]) -> tuple[dict[str, Any] | None, set[str]]:
        canon = {"external_id": c.text(v, "Id"),
                 "text": c.text(v, "Subject") or "",
                 "created_at": c.get(v, "Created at"),
                 "customer_id": c.text(v, "Requester id", "Requester external id",
                                       "Requester email", "Requester"),
                 "csat": csat(c.get(v, "Satisfaction Score"))}
        return canon, {c.name("Id"), c.name("Subject"), c.name("Created at")}

    return build_flat(raw, "zendesk", "ticket", rows, row,
                      {"text": "Subject (the CSV has no description)", "external_id": "Id",
                       "created_at": "Created at", "customer_id": "Requester id",
                       "csat": "Satisfaction Score (Good 5 / Bad 1)"})


def _convert_json(raw: RawFile) -> Any:
    seen: set[Any] = set()
    rows = []
    dup = 0
    for n, r in json_rows(raw):
        if not _is_ticket(r):
            continue
        if r.get("id") in seen:        # time-based pages repeat tickets
            dup += 1
            continue
        seen.add(r.get("id"))
        flat = flatten({k: v for k, v in r.items() if k not in ("comments",)})
        if isinstance(r.get("comments"), list):
            flat["comments"] = json.dumps(r["comments"], ensure_ascii=False)
        rows.append((n, flat))

    def row(v: dict[str, Any]) -> tuple[dict[str, Any] | None, set[str]]:
        canon = {"external_id": cell_text(v.get("id")) or None,
                 "text": join_title(v.get("subject") or v.get("raw_subject"),
                                    v.get("description")),
                 "created_at": v.get("created_at"),
                 "customer_id": cell_text(v.get("requester_id")) or None,
                 "csat": csat(v.get("satisfaction_rating.score"))}
        return canon, {"id", "subject", "description", "created_at"}

    table = build_flat(raw, "zendesk", "ticket", rows, row,
                       {"text": "subject + description", "external_id": "id",
                        "created_at": "created_at", "customer_id": "requester_id",
                        "csat": "satisfaction_rating.score (good 5 / bad 1)"})
    if dup:
        table.notes.append(f"{dup} repeated tickets (incremental export pages) read once")
    return table


FORMATS = [Format("zendesk", "ticket", sniff, convert,
                  "Zendesk tickets (CSV view export or incremental-export JSON)")]
