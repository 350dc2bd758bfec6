"""Pieces of the import wizard: the import job function, the preview and error models.

``run_import`` is the job: plain engine calls on the job's own workspace connection, with no
Qt object in sight. It wraps every file and the analysis in one outer transaction, so a cancel
(or a failure) at any point leaves the workspace exactly as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtGui import QStandardItem, QStandardItemModel

from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.store import transaction
from vocdesk.i18n import _

#: Canonical feedback fields offered in the mapping, in display order.
FIELDS = ("text", "created_at", "external_id", "rating", "nps", "csat", "ces", "channel",
          "store", "region", "customer_id", "product", "language")
#: Fields of a customer data file (``kind="customers"``).
CUSTOMER_FIELDS = ("customer_id", "segment", "region", "orders", "repurchase", "churned",
                   "lifetime_value", "first_seen")
PREVIEW_ROWS = 20


def field_label(name: str) -> str:
    labels = {
        "text": _("Feedback text"), "created_at": _("Date / time"), "external_id": _("Source id"),
        "rating": _("Rating"), "nps": _("NPS"), "csat": _("CSAT"), "ces": _("CES"),
        "channel": _("Channel"), "store": _("Store"), "region": _("Region"),
        "customer_id": _("Customer id"), "product": _("Product"), "language": _("Language"),
        "segment": _("Segment"), "orders": _("Orders"), "repurchase": _("Repurchased"),
        "churned": _("Churned"), "lifetime_value": _("Lifetime value"),
        "first_seen": _("First seen"),
    }
    return labels.get(name, name)


@dataclass
class ImportSpec:
    path: str
    mapping: dict[str, str] | None = None   # exact overrides (fields → columns)


@dataclass
class ImportOutcome:
    reports: list = field(default_factory=list)
    analysis: object = None
    seconds: float = 0.0

    @property
    def rows_imported(self) -> int:
        return sum(r.rows_imported for r in self.reports)

    @property
    def problems(self) -> list:
        return [p for r in self.reports for p in r.problems]


def run_import(ws, specs: list[ImportSpec], *, channel: str | None, redact: bool,
               analyze: bool = True, kind: str = "feedback",
               progress: Progress = NULL_PROGRESS) -> ImportOutcome:
    """Import every file then analyse, all in one transaction (job function, Qt-free)."""
    started = time.perf_counter()
    out = ImportOutcome()
    with transaction(ws.db):
        for spec in specs:
            out.reports.append(ws.import_file(spec.path, mapping=spec.mapping, channel=channel,
                                              redact=redact, kind=kind, progress=progress))
        if analyze:
            out.analysis = ws.analyze(progress=progress)
    out.seconds = time.perf_counter() - started
    return out


def exact_overrides(chosen: dict[str, str | None], detected: dict[str, str]) -> dict[str, str]:
    """Overrides for ``Workspace.import_file`` that yield exactly ``chosen``.

    The engine merges overrides over its own detection; a detected field the user set to
    "not imported" would come back, so its column is claimed by an ``attr.COLUMN`` entry.
    """
    out = {f: c for f, c in chosen.items() if c}
    used = set(out.values())
    for f, c in detected.items():
        if chosen.get(f, c) is None and c not in used:
            out[f"attr.{c}"] = c
            used.add(c)
    return out


def preview_model(table, parent=None) -> QStandardItemModel:
    """The first rows of a read table, for the wizard's preview."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(list(table.columns))
    for rowno, values in table.rows[:PREVIEW_ROWS]:
        items = []
        for c in table.columns:
            v = values.get(c)
            text = "" if v is None else str(v)
            item = QStandardItem(text.replace("\n", " ")[:200])
            item.setToolTip(text[:2000])
            item.setEditable(False)
            items.append(item)
        model.appendRow(items)
        model.setVerticalHeaderItem(model.rowCount() - 1, QStandardItem(str(rowno)))
    return model


class ErrorsModel(QStandardItemModel):
    """Problems found in the files: one row each with file, row, column and reason."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.clear_problems()

    def clear_problems(self) -> None:
        self.clear()
        self.setHorizontalHeaderLabels([_("File"), _("Row"), _("Column"), _("Problem")])

    def add_problems(self, problems) -> None:
        import os

        for p in problems:
            row = [QStandardItem(os.path.basename(p.path)),
                   QStandardItem("" if p.row is None else str(p.row)),
                   QStandardItem(p.column or ""), QStandardItem(p.reason)]
            row[0].setToolTip(p.path)
            row[3].setToolTip(p.reason)
            for it in row:
                it.setEditable(False)
            self.appendRow(row)

    def rows(self) -> list[tuple[str, str, str, str]]:
        return [tuple(self.item(r, c).text() for c in range(4)) for r in range(self.rowCount())]
