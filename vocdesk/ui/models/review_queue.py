"""Table model of the review queue: a list of ids, rows fetched lazily in small blocks."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from vocdesk.i18n import _
from vocdesk.ui.labels import value_text

BLOCK = 100
HUMAN = QColor("#1f5fbf")
AUTO = QColor("#777777")
SENTIMENT_COLORS = {"positive": "#2e7d32", "neutral": "#757575", "negative": "#c62828"}


class ReviewQueueModel(QAbstractTableModel):
    """Rows of the queue in queue order. ``set_ids`` resets; ``refresh_rows`` re-reads."""

    COLUMNS = ("sentiment", "confidence", "text", "category", "customer")

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.ids: list[int] = []
        self._cache: dict[int, dict] = {}
        self._taxonomy = None

    def value_label(self, facet: str, value: str) -> str:
        """A value's display label from the taxonomy (the value itself if unknown)."""
        return value_text(self._taxonomy, facet, value)

    def headers(self) -> list[str]:
        return [_("Sentiment"), _("Confidence"), _("Text"), _("Category"), _("Customer")]

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids = list(ids)
        self._cache.clear()
        ws = self.session.workspace
        self._taxonomy = ws.taxonomy if ws is not None else None
        self.endResetModel()

    def refresh_rows(self) -> None:
        """Forget cached rows (tags changed) and repaint; the order stays as it is."""
        self._cache.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.ids) - 1, len(self.COLUMNS) - 1))

    def row_data(self, row: int) -> dict | None:
        if not 0 <= row < len(self.ids):
            return None
        fid = self.ids[row]
        if fid not in self._cache and self.session.workspace is not None:
            start = row - row % BLOCK
            block = self.ids[start:start + BLOCK]
            for rec in self.session.workspace.review.queue_rows(block):
                self._cache[rec["id"]] = rec
        return self._cache.get(fid)

    # --- Qt API --------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return str(section + 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rec = self.row_data(index.row())
        if rec is None:
            return None
        col = self.COLUMNS[index.column()]
        senti = rec["sentiment"]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "sentiment":
                return self.value_label("sentiment", senti["value"]) if senti else "—"
            if col == "confidence":
                s = rec["min_score"]
                return f"{s:.0%}" if s is not None else ("✓" if rec["reviewed"] else "—")
            if col == "text":
                return rec["text"].replace("\n", " ")[:200]
            if col == "category":
                return ", ".join(self.value_label("category", t["value"])
                                 for t in rec["category"]) or "—"
            if col == "customer":
                parts = [rec["segment"] or ""]
                if rec["lifetime_value"] is not None:
                    parts.append(f"¥{rec['lifetime_value']:,.0f}")
                return " ".join(p for p in parts if p) or (rec["customer_id"] or "")
        elif role == Qt.ItemDataRole.ForegroundRole:
            if col == "sentiment" and senti:
                return QBrush(QColor(SENTIMENT_COLORS.get(senti["value"], "#000")))
            if col == "category" and rec["category"]:
                human = rec["category"][0]["origin_kind"] == "human"
                return QBrush(HUMAN if human else AUTO)
        elif role == Qt.ItemDataRole.FontRole:
            if col in ("sentiment", "category"):
                items = [senti] if col == "sentiment" and senti else rec["category"]
                if items and items[0]["origin_kind"] == "human":
                    f = QFont()
                    f.setBold(True)
                    return f
                if items:
                    f = QFont()
                    f.setItalic(True)
                    return f
        elif role == Qt.ItemDataRole.ToolTipRole and col == "text":
            return rec["text"]
        elif role == Qt.ItemDataRole.UserRole:
            return rec["id"]
        return None
