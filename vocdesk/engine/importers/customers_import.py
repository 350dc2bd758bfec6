"""Business data (segment, orders, churn …) keyed by customer id: upserted, never duplicated."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from vocdesk.engine.errors import InputError, InputProblem
from vocdesk.engine.importers.feedback_import import ImportReport, _RowProblem, field_columns
from vocdesk.engine.importers.readers import SourceTable
from vocdesk.engine.importers.values import cell_text, is_empty, parse_bool, parse_number
from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.store import customers as store_customers
from vocdesk.engine.text.pii_fields import make_protector
from vocdesk.i18n import _


def import_customers_table(db: Database, table: SourceTable, mapping: dict[str, str], *,
                           source_id: int, strict: bool, progress: Progress = NULL_PROGRESS,
                           secret: str | None = None) -> ImportReport:
    """Upsert business data keyed by customer_id; other columns are kept as attributes."""
    report = ImportReport(path=table.path, kind="customers", source_id=source_id,
                          format=table.format, encoding=table.encoding, mapping=dict(mapping))
    if "customer_id" not in mapping:
        raise InputError(table.path, reason=_("no customer id column recognised; name it with "
                                              "--map customer_id=COLUMN"))
    mapped = field_columns(mapping)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = []
    progress.start(len(table.rows), "importing customers")
    for rowno, values in table.rows:
        report.rows_read += 1
        try:
            cid = cell_text(values.get(mapping["customer_id"])).strip()
            if not cid:
                raise _RowProblem(mapping["customer_id"], _("empty customer id"))
            rec: dict[str, Any] = {"customer_id": cid}
            for f in ("segment", "region", "first_seen"):
                col = mapping.get(f)
                rec[f] = cell_text(values.get(col)).strip() or None if col else None
            for f, parse in (("repurchase", parse_bool), ("churned", parse_bool)):
                col = mapping.get(f)
                try:
                    rec[f] = parse(values.get(col)) if col else None
                except ValueError as exc:
                    raise _RowProblem(col, str(exc)) from None
            for f in ("orders", "lifetime_value"):
                col = mapping.get(f)
                try:
                    x = parse_number(values.get(col), 0, 1e12, f) if col else None
                except ValueError as exc:
                    raise _RowProblem(col, str(exc)) from None
                rec[f] = int(x) if (f == "orders" and x is not None) else x
        except _RowProblem as prob:
            if strict:
                raise InputError(table.path, rowno, prob.column, prob.reason) from None
            report.problems.append(InputProblem(table.path, rowno, prob.column, prob.reason))
            report.rows_bad += 1
            continue
        attrs = {k: cell_text(v) for k, v in values.items() if k not in mapped and not is_empty(v)}
        if secret is not None:
            rec["attrs"] = attrs
            make_protector(secret)(rec, report.redactions_counter)
            attrs = rec["attrs"]
        rows.append((rec["customer_id"], rec["segment"], rec["region"], rec["orders"],
                     rec["repurchase"], rec["churned"], rec["lifetime_value"], rec["first_seen"],
                     json.dumps(attrs, ensure_ascii=False) if attrs else None, source_id, now))
    report.rows_imported = store_customers.upsert_customers(db, rows)
    report.redactions = dict(report.redactions_counter)
    progress.update(report.rows_read)
    progress.finish()
    return report
