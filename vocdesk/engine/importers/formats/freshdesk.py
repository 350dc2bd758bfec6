"""Freshdesk ticket exports (CSV/XLSX), and Freshservice's look-alike.

Freshdesk labels: ``Ticket ID, Subject, Description, Status, Priority, Source, Type, Agent,
Group, Created time, Due by Time, … Tags, Survey results, Product`` then contact fields
(``Full name, Email, Contact ID``) and custom fields. Freshservice writes ``Ticket Id, Created
Time, Requester Name, Requester Email …``; it is read the same way but named apart.
``Description`` may be HTML and is kept raw.
"""

from __future__ import annotations

from typing import Any

from vocdesk.engine.importers.formats.common import (
    Format,
    RawFile,
    join_title,
    score_value,
)
from vocdesk.engine.importers.formats.flat import (
    Cols,
    build_flat,
    header_rows,
)

FRESHDESK = ("Ticket ID", "Subject", "Description", "Status", "Priority", "Source", "Type",
             "Created time", "Due by Time", "Resolved time", "Survey results",
             "First response time (in hrs)", "Agent interactions")
FRESHSERVICE = ("Ticket Id", "Created Time", "Requester Name", "Requester Email",
                "First Response Time (in Hrs)")


SOURCES = {"text": "Subject + Description", "external_id": "Ticket ID",
           "created_at": "Created time", "customer_id": "Contact ID / Email",
           "product": "Product", "csat": "Survey results (when a number)"}

def sniff(raw: RawFile) -> float:
    head = set(raw.header())
    hits = sum(1 for h in FRESHDESK if h in head)
    if "Ticket ID" in head and hits >= 5:
        return 0.96
    return 0.0


def sniff_service(raw: RawFile) -> float:
    head = set(raw.header())
    return 0.9 if "Ticket Id" in head and sum(h in head for h in FRESHSERVICE) >= 3 else 0.0


def _convert(raw: RawFile, name: str) -> Any:
    names, rows = header_rows(raw)
    c = Cols(names)

    def row(v: dict[str, Any]) -> tuple[dict[str, Any] | None, set[str]]:
        survey = score_value(c.get(v, "Survey results"), "csat")
        canon = {"external_id": c.text(v, "Ticket ID", "Ticket Id"),
                 "text": join_title(c.get(v, "Subject"), c.get(v, "Description")),
                 "created_at": c.get(v, "Created time", "Created Time"),
                 "customer_id": c.text(v, "Contact ID", "Email", "Requester Email",
                                       "Full name", "Requester Name"),
                 "product": c.text(v, "Product"),
                 "csat": survey if isinstance(survey, (int, float)) and 0 <= survey <= 10
                 else None}
        return canon, {c.name(n) for n in ("Ticket ID", "Subject", "Description",
                                           "Created time", "Product")}

    return build_flat(raw, name, "ticket", rows, row, SOURCES)


FORMATS = [Format("freshdesk", "ticket", sniff, lambda raw: _convert(raw, "freshdesk"),
                  "Freshdesk ticket export"),
           Format("freshservice", "ticket", sniff_service,
                  lambda raw: _convert(raw, "freshservice"), "Freshservice ticket export")]
