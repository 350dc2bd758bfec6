"""Pieces of the import wizard: field labels, the mapping overrides, preview and error models.

The import itself is ``ws.imports.import_files`` (engine, Qt-free): every file and the
analysis in one transaction, so a cancel (or a failure) at any point leaves the workspace
exactly as it was.
"""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel

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
