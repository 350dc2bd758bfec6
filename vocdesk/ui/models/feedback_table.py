"""A lazy table of feedback for any number of rows.

``rowCount`` is the length of an id snapshot (a numpy array from ``ws.browse.ids``);
``data`` reads from an LRU cache of 256-row blocks, each fetched with one ``IN (...)`` query.
Filtering or re-ordering swaps the snapshot and resets the model; nothing else is loaded.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from vocdesk.i18n import _, label
from vocdesk.ui.labels import channel_text

BLOCK = 256
MAX_BLOCKS = 64
HUMAN = QColor("#1f5fbf")
AUTO = QColor("#777777")
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class FeedbackTableModel(QAbstractTableModel):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.ids = np.zeros(0, dtype=np.int64)
        self._blocks: OrderedDict[int, list[dict]] = OrderedDict()
        self.rows_fetched = 0          # for tests and benchmarks: never the whole table
        self.facets: list[tuple[str, str]] = []
        self._value_labels: dict[tuple[str, str], str] = {}
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)
        self.load_taxonomy()

    # --- snapshot ----------------------------------------------------------------------------
    def load_taxonomy(self) -> None:
        ws = self.session.workspace
        self.beginResetModel()
        self.facets, self._value_labels = [], {}
        if ws is not None:
            for f in ws.taxonomy.facets:
                self.facets.append((f.name, label(f)))
                for v in f.values:
                    self._value_labels[(f.name, v.value)] = label(v, v.value)
        self._blocks.clear()
        self.endResetModel()

    def set_ids(self, ids) -> None:
        self.beginResetModel()
        self.ids = np.asarray(ids, dtype=np.int64)
        self._blocks.clear()
        self.endResetModel()

    def invalidate(self) -> None:
        """Re-read visible rows (after edits) without changing the snapshot."""
        self._blocks.clear()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def id_at(self, row: int) -> int:
        return int(self.ids[row])

    def row_of(self, feedback_id: int) -> int:
        hits = np.nonzero(self.ids == feedback_id)[0]
        return int(hits[0]) if len(hits) else -1

    # --- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 3 + len(self.facets)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if section < 3:
            return (_("Date"), _("Channel"), _("Text"))[section]
        return self.facets[section - 3][1]

    def _row(self, row: int) -> dict | None:
        block = row // BLOCK
        data = self._blocks.get(block)
        if data is None:
            ws = self.session.workspace
            if ws is None:
                return None
            part = self.ids[block * BLOCK:(block + 1) * BLOCK]
            fetched = {r["id"]: r for r in ws.browse.rows(part)}
            for i in ws.evidence.is_marked(part):       # ★ marked as evidence for packs
                if i in fetched:
                    fetched[i] = {**fetched[i], "evidence": True}
            data = [fetched.get(int(i)) for i in part]
            self.rows_fetched += len(part)
            self._blocks[block] = data
            while len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block)
        off = row - block * BLOCK
        return data[off] if off < len(data) else None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._row(index.row())
        if r is None:
            return None
        col = index.column()
        if role == ID_ROLE:
            return r["id"]
        if col < 3:
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return (r["created_at"] or "")[:16].replace("T", " ")
                if col == 1:
                    return channel_text(r["channel"])
                text = (r["text"] or "").replace("\n", " ")
                text = text if len(text) <= 160 else text[:160] + "…"
                return "★ " + text if r.get("evidence") else text
            if role == Qt.ItemDataRole.ToolTipRole and col == 2:
                return r["text"]
            return None
        facet = self.facets[col - 3][0]
        tag = r["tags"].get(facet)
        if tag is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return ", ".join(self._value_labels.get((facet, v), v) for v in tag["values"])
        human = tag["origin_kind"] == "human"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if human else self._italic
        if role == Qt.ItemDataRole.ForegroundRole:
            return HUMAN if human else AUTO
        if role == Qt.ItemDataRole.ToolTipRole:
            who = _("set by a person") if human else _("automatic")
            scores = ", ".join(f"{s:.0%}" for s in tag["scores"] if s is not None)
            return f"{who} {scores}".strip()
        return None
