"""Proactive outreach: who to warn before they call.

For a signal or an action: the customers who mentioned it, and — through their product — the
customers of the same product who have not (yet). Texts in the export are the stored ones
(redacted at import) passed through the redactor once more, so an import made with redaction
off does not leak numbers into a list meant for phone calls; cells are formula-neutralised.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vocdesk.engine.export import neutralise
from vocdesk.engine.store import actions as store_actions
from vocdesk.engine.text.redact import redact

COLUMNS = ("customer_id", "group", "segment", "region", "lifetime_value", "feedback_ids",
           "latest_text", "latest_at")


def outreach_list(db, mentioned_ids: Sequence[int],  # noqa: ANN001
                  products: Sequence[str]) -> list[dict[str, Any]]:
    """Customers who mentioned it (``group`` = mentioned) first, then same-product customers
    who did not (``group`` = same_product); high lifetime value first within a group."""
    rows = store_actions.customer_rows(db, mentioned_ids)
    by_cust: dict[str, list[tuple]] = {}
    for fid, cid, text, at in rows:
        by_cust.setdefault(cid, []).append((fid, text, at))
    others: dict[str, list[tuple]] = {}
    if products:
        same = store_actions.ids_in_segment(db, "product", list(products))
        for fid, cid, text, at in store_actions.customer_rows(db, sorted(same)):
            if cid not in by_cust:
                others.setdefault(cid, []).append((fid, text, at))
    profiles = store_actions.customer_profiles(db, [*by_cust, *others])
    out = []
    for group, data in (("mentioned", by_cust), ("same_product", others)):
        part = []
        for cid, items in data.items():
            items.sort(key=lambda x: (x[2] or "", x[0]))
            seg, reg, ltv = profiles.get(cid, (None, None, None))
            fid, text, at = items[-1]
            part.append({"customer_id": cid, "group": group, "segment": seg, "region": reg,
                         "lifetime_value": ltv, "feedback_ids": [i[0] for i in items],
                         "latest_text": redact(text or "").text if group == "mentioned"
                         else "", "latest_at": at})
        part.sort(key=lambda r: (-(r["lifetime_value"] or 0), r["customer_id"]))
        out += part
    return out


def write_csv(rows: list[dict[str, Any]], path: str | Path) -> int:
    """Write the list as UTF-8 CSV with a BOM (Excel in China opens it right)."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([neutralise(" ".join(map(str, r[c])) if c == "feedback_ids" else r[c])
                        for c in COLUMNS])
    return len(rows)
