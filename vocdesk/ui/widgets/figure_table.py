"""A read-only table of figures: greyed cells under min n, a payload per cell for drill-down.

The metrics page, the scorecards and the dashboards all show "a number, its interval, its n"
and open the rows behind a cell on click; one widget keeps the greying and the click the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from vocdesk.i18n import _

GREY_TEXT = QColor(150, 150, 150)
GREY_BACK = QColor(242, 242, 242)


@dataclass
class Cell:
    text: str
    low_n: bool = False
    payload: Any = None           # what a click opens (None: nothing)
    tip: str = ""
    align_right: bool = True


def fmt(value, pattern: str) -> str:
    return "—" if value is None else pattern.format(value)


def figure_text(fig: dict | None, pattern: str = "{:.0f}") -> str:
    """``value [low, high]`` of a figure dict (``value``, ``ci_low``, ``ci_high``)."""
    if not fig or fig.get("value") is None:
        return "—"
    v = fmt(fig["value"], pattern)
    if fig.get("ci_low") is None or fig.get("ci_high") is None:
        return v
    return f"{v} [{fmt(fig['ci_low'], pattern)}, {fmt(fig['ci_high'], pattern)}]"


class FigureTable(QTableWidget):
    cell_activated = Signal(object)          # the payload of the clicked cell

    def __init__(self, parent=None) -> None:
        super().__init__(0, 0, parent)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(False)
        self.cellClicked.connect(self._clicked)
        self.payloads: dict[tuple[int, int], Any] = {}

    def set_rows(self, headers: list[str], rows: list[list[Cell]]) -> None:
        self.clearContents()
        self.payloads = {}
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                item = QTableWidgetItem(cell.text)
                align = Qt.AlignmentFlag.AlignRight if cell.align_right else \
                    Qt.AlignmentFlag.AlignLeft
                item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
                tip = cell.tip
                if cell.low_n:
                    item.setForeground(QBrush(GREY_TEXT))
                    item.setBackground(QBrush(GREY_BACK))
                    tip = (tip + "\n" if tip else "") + _("Too few respondents: not ranked")
                if cell.payload is not None:
                    self.payloads[(r, c)] = cell.payload
                    tip = (tip + "\n" if tip else "") + _("Click to open these rows")
                if tip:
                    item.setToolTip(tip)
                self.setItem(r, c, item)
        self.resizeColumnsToContents()

    def text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text() if item is not None else ""

    def is_grey(self, row: int, col: int) -> bool:
        item = self.item(row, col)
        return item is not None and item.foreground().color() == GREY_TEXT

    def _clicked(self, row: int, col: int) -> None:
        payload = self.payloads.get((row, col))
        if payload is not None:
            self.cell_activated.emit(payload)
