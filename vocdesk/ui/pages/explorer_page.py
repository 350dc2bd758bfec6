"""Explorer: filter bar, a monthly chart, the lazy feedback table, and the detail pane."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.i18n import _
from vocdesk.ui.charts.volume_chart import VolumeChart
from vocdesk.ui.models.feedback_table import FeedbackTableModel
from vocdesk.ui.widgets import evidence_actions
from vocdesk.ui.widgets.detail_pane import DetailPane
from vocdesk.ui.widgets.dialogs import error_text, show_error
from vocdesk.ui.widgets.filter_bar import FilterBar
from vocdesk.ui.widgets.focus import mark_focus

MAX_EDIT_SELECTION = 5_000   # the tag editor reads every selected row's tags


class ExplorerPage(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.total = 0
        self.last_query_ms = 0.0
        self.order = "date_desc"
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        self.filter_bar = FilterBar(session)
        self.filter_bar.changed.connect(self.apply_filter)
        lay.addWidget(self.filter_bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        lay.addWidget(split, 1)
        left = QSplitter(Qt.Orientation.Vertical)
        self.chart = VolumeChart(session)
        self.chart.setMinimumHeight(120)
        self.chart.point_clicked.connect(self.open_point)
        left.addWidget(self.chart)
        self.model = FeedbackTableModel(session, self)
        self.table = QTableView()
        self.table.setObjectName("feedback-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        mark_focus(self.table)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(24)
        vh.setVisible(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        hh.setSortIndicatorShown(True)
        hh.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        hh.sectionClicked.connect(self._header_clicked)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        evidence_actions.install(self)          # right-click: mark as evidence (★ in Text)
        left.addWidget(self.table)
        left.setStretchFactor(0, 0)
        left.setStretchFactor(1, 1)
        left.setSizes([170, 600])
        split.addWidget(left)
        self.detail = DetailPane(session)
        self.detail.setMinimumWidth(340)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([860, 480])
        session.opened.connect(self._opened)
        session.closed.connect(self._closed)
        session.changed.connect(self._on_changed)
        if session.workspace is not None:
            self._opened()

    # --- public ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()

    def current_filter(self) -> FeedbackFilter:
        return self.filter_bar.filter()

    def apply_filter(self) -> None:
        """Run the filter (one indexed query for ids) and show the new snapshot."""
        ws = self.session.workspace
        if ws is None:
            return
        t0 = time.perf_counter()
        flt = self.filter_bar.filter()
        try:
            ids = ws.browse.ids(flt, self.order)
        except Exception as exc:   # noqa: BLE001
            show_error(self, error_text(exc))
            return
        self.last_query_ms = (time.perf_counter() - t0) * 1000
        if flt.is_empty():
            self.total = len(ids)     # the unfiltered snapshot is the count: no second scan
        self._show_snapshot(ids)
        self.filter_bar.set_count(len(ids), self.total, self.last_query_ms)
        self.chart.reload(flt)           # the chart counts the rows the table lists

    def _show_snapshot(self, ids) -> None:
        """Swap the table's ids and keep the pane truthful: the row the user had if it is
        still in the result, else the first row in the order shown (newest first), else an
        empty pane — never a row outside the result, never the oldest rows at the bottom."""
        current = self.detail.feedback_id
        self.model.set_ids(ids)
        row = self.model.row_of(current) if current is not None and len(ids) < 2_000_000 else -1
        if row < 0 and len(ids):
            row = 0
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(self.model.index(row, 0),
                                QAbstractItemView.ScrollHint.PositionAtCenter if row
                                else QAbstractItemView.ScrollHint.PositionAtTop)
            self.detail.show_feedback(self.model.id_at(row))
        else:
            self.table.scrollToTop()
            self.detail.show_feedback(None)

    def show_ids(self, ids: list[int], what: str, follow_chart: bool = True) -> None:
        """Show exactly these rows (e.g. a confusion cell of the accuracy lab) until the
        filter changes, in the order the table shows (newest first unless the user flipped
        it); the count line says what they are."""
        ws = self.session.workspace
        arr = np.asarray(sorted(int(i) for i in ids), dtype=np.int64)
        if ws is not None and len(arr):
            arr = np.asarray(ws.browse.ids(FeedbackFilter(ids=[int(i) for i in arr]),
                                           self.order), dtype=np.int64)
        self._show_snapshot(arr)
        if follow_chart:
            self.chart.reload(FeedbackFilter(ids=[int(i) for i in arr]))
        self.filter_bar.set_count(len(arr), self.total or len(arr))
        self.filter_bar.count_label.setText(self.filter_bar.count_label.text() + f" · {what}")

    def open_point(self, month: str, value: str) -> None:
        """A click on a point of the chart: exactly its rows (the chart's filter, that month,
        that sentiment)."""
        ws = self.session.workspace
        if ws is None:
            return
        ids = ws.browse.volume_ids(self.chart.filter, "sentiment", month, value)
        what = _("{month}, sentiment {value}").format(
            month=month, value=_(value) if value else _("not analysed"))
        self.show_ids(ids, what, follow_chart=False)   # the chart keeps its context

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows (from selection ranges: cheap even for big selections)."""
        out: list[np.ndarray] = []
        for rng in self.table.selectionModel().selection():
            out.append(self.model.ids[rng.top():rng.bottom() + 1])
        if not out:
            return []
        return [int(i) for i in np.unique(np.concatenate(out))[:MAX_EDIT_SELECTION]]

    # --- reactions ---------------------------------------------------------------------------
    def _opened(self, *_a) -> None:
        self.model.load_taxonomy()
        self.filter_bar.reload_options()
        if not self.filter_bar.filter().is_empty():
            self.total = self.session.workspace.browse.count()
        self.apply_filter()
        self._size_columns()
        if self.model.rowCount():
            self.table.selectRow(0)

    def _closed(self) -> None:
        self.model.set_ids(np.zeros(0, dtype=np.int64))
        self.detail.show_feedback(None)

    def _size_columns(self) -> None:
        self.table.setColumnWidth(0, 130)
        self.table.setColumnWidth(1, 80)
        self.table.setColumnWidth(2, 380)
        for c in range(3, self.model.columnCount()):
            self.table.setColumnWidth(c, 96)

    def _on_changed(self, topics) -> None:
        ws = self.session.workspace
        if ws is None:
            return
        topics = set(topics)
        if "taxonomy" in topics:
            self.model.load_taxonomy()
            self.filter_bar.reload_options()
            self._size_columns()
        if "feedback" in topics and ws.browse.count() != self.total:
            # rows were added (an import): every jobs announces "feedback", most add nothing
            self.total = ws.browse.count()
            self.filter_bar.reload_options()
            self.apply_filter()
        elif "tags" in topics or "taxonomy" in topics:
            self.model.invalidate()
            self.chart.reload()          # an edited sentiment moves a point

    def _header_clicked(self, section: int) -> None:
        """The date column sorts (newest or oldest first); other columns keep the order."""
        hh = self.table.horizontalHeader()
        if section != 0:
            hh.setSortIndicator(0, Qt.SortOrder.DescendingOrder if self.order == "date_desc"
                                else Qt.SortOrder.AscendingOrder)
            return
        self.order = "date_asc" if self.order == "date_desc" else "date_desc"
        hh.setSortIndicator(0, Qt.SortOrder.DescendingOrder if self.order == "date_desc"
                            else Qt.SortOrder.AscendingOrder)
        self.apply_filter()

    def _selection_changed(self, *_a) -> None:
        idx = self.table.selectionModel().currentIndex()
        ids = self.selected_ids()
        if len(ids) > 1:
            self.detail.editor.set_rows(ids)
            return
        if idx.isValid():
            self.detail.show_feedback(self.model.id_at(idx.row()))
