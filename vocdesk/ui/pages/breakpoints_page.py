"""The breakpoints page: department × department heat map, the pairs ranked by evidence of a
link, hand-offs between contacts, and example verbatims of the selected pair.

Computed by ``ws.breakpoints`` in a background job over the page's filter. A cell's colour is
the evidence of a link (the odds ratio's one-sided lower 95 % bound, for pairs with q < 0.05),
not its raw count: two unrelated complaints in one review co-occur often and stay pale.
Cells under the minimum n are grey and never ranked. Clicking a cell or a pair opens exactly
its rows (every row carrying both departments) in the explorer. Departments are shown by the
taxonomy's label in the UI language.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.analytics.metrics import MIN_N
from vocdesk.i18n import _
from vocdesk.ui.labels import value_label
from vocdesk.ui.widgets.filter_bar import FilterBar
from vocdesk.ui.widgets.journey_cards import fmt_ci, pct_ci
from vocdesk.ui.widgets.shown_reload import ReloadsWhenShown

FACET = "department"
PAIR_COLUMNS = ("Departments", "Rows", "Negative [95% CI]", "Lift", "q", "Hand-offs")


def _pct(f) -> str:
    return pct_ci(f)


def evidence(pair) -> float:
    """0–1 colour strength: log of the odds ratio's lower bound, only when q < 0.05."""
    if pair.low_n or pair.q >= 0.05 or pair.odds_low <= 1:
        return 0.0
    return min(1.0, math.log(pair.odds_low) / math.log(20))


class BreakpointsPage(ReloadsWhenShown, QWidget):
    rows_requested = Signal(list, str)
    data_ready = Signal()

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.pairs: list = []
        self.handoffs = None
        self.departments: list[str] = []
        self._filter = None
        self._job = None
        self._stale = True
        self._build()
        session.opened.connect(self._on_opened)
        session.closed.connect(self._on_closed)
        session.changed.connect(self._on_changed)
        if session.workspace is not None:
            self.reload()

    def _build(self) -> None:
        self.filter_bar = FilterBar(self.session)
        self.filter_bar.changed.connect(self.reload)
        self.days = QDoubleSpinBox()
        self.days.setRange(0.5, 90)
        self.days.setValue(7)
        self.days.setSuffix(_(" days"))
        self.days.valueChanged.connect(self.reload)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        tools = QHBoxLayout()
        tools.addWidget(QLabel(_("A hand-off is two contacts of one customer within")))
        tools.addWidget(self.days)
        tools.addStretch(1)
        tools.addWidget(self.progress)

        self.matrix = QTableWidget(0, 0)
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.setToolTip(_("Department × department: rows naming both. Colour = evidence "
                                 "of a link (not the count); grey = under the minimum n. Click "
                                 "a cell for its rows."))
        self.matrix.cellClicked.connect(self._cell_clicked)
        self.pair_table = QTableWidget(0, len(PAIR_COLUMNS))
        self.pair_table.setHorizontalHeaderLabels([_(c) for c in PAIR_COLUMNS])
        self.pair_table.verticalHeader().setDefaultSectionSize(22)
        self.pair_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pair_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pair_table.cellClicked.connect(lambda r, _c: self.open_pair(r))
        self.handoff_label = QLabel()
        self.handoff_label.setWordWrap(True)
        self.examples = QTextBrowser()
        self.examples.setOpenLinks(False)
        self.examples.anchorClicked.connect(
            lambda url: self.rows_requested.emit([int(url.toString()[4:])],
                                                 _("verbatim #{id}").format(id=url.toString()[4:])))
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("<b>" + _("Department × department") + "</b>"))
        ll.addWidget(self.matrix, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(QLabel("<b>" + _("Pairs ranked by evidence of a link") + "</b>"))
        tl.addWidget(self.pair_table, 1)
        tl.addWidget(self.handoff_label)
        right.addWidget(top)
        right.addWidget(self.examples)
        right.setSizes([330, 220])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([620, 700])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.filter_bar)
        lay.addLayout(tools)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(1200, 680)

    # --- loading -----------------------------------------------------------------------------
    def _on_opened(self, _path: str) -> None:
        self.filter_bar.reload_options()
        self.reload()

    def _on_closed(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.pairs, self.handoffs, self.departments = [], None, []
        self.matrix.setRowCount(0)
        self.matrix.setColumnCount(0)
        self.pair_table.setRowCount(0)
        self.examples.clear()
        self.summary.clear()
        self.handoff_label.clear()
        self.progress.hide()

    def _on_changed(self, topics) -> None:
        if topics & {"tags", "feedback", "taxonomy"}:
            if "taxonomy" in topics:
                self.filter_bar.reload_options()
            self.reload()

    def reload(self) -> None:
        if self.session.workspace is None:
            return
        if not self.isVisible():              # hidden pages compute when shown
            self._stale = True
            return
        self._stale = False
        if self._job is not None:
            self._job.cancel()
        flt, days = self.filter_bar.filter(), self.days.value()
        self.progress.show()
        self.summary.setText(_("Computing the breakpoints…"))

        def work(ws, progress):
            return flt, ws.breakpoints.compute(flt, days)

        self._job = self.session.run_job(_("Computing the breakpoints"), work,
                                         on_done=self._done, on_failed=self._failed, topics=())

    def _failed(self, message: str) -> None:
        self._job = None
        self.progress.hide()
        self.summary.setText(_("The breakpoints could not be computed: {error}").format(
            error=message))

    def _done(self, result) -> None:
        self._job = None
        self.progress.hide()
        if self.session.workspace is None:
            return
        self._filter, r = result
        self.pairs, self.handoffs = r["pairs"], r["handoffs"]
        self._show()
        self.data_ready.emit()

    # --- showing -----------------------------------------------------------------------------
    def dept_label(self, value: str) -> str:
        return value_label(self.session.workspace, FACET, value)

    def _show(self) -> None:
        ws = self.session.workspace
        spec = ws.taxonomy.facet(FACET)
        seen = {d for p in self.pairs for d in p.departments}
        order = [v.value for v in (spec.values if spec else []) if v.value in seen]
        self.departments = order + sorted(seen - set(order))
        self._fill_matrix()
        self._fill_pairs()
        ranked = [p for p in self.pairs if not p.low_n]
        self.summary.setText(_(
            "{n} department pairs share rows; {k} with a link (q < 0.05). Ranked by the odds "
            "ratio's lower 95% bound, not by count; pairs under n = {min_n} are grey and come "
            "last.").format(n=len(self.pairs), k=sum(p.q < 0.05 for p in ranked), min_n=MIN_N)
            if self.pairs else _("No row names two departments in this selection."))
        ho = self.handoffs
        if ho.note:
            self.handoff_label.setText(_("Hand-offs need customer ids: these rows carry none, "
                                         "so none are counted (nothing is guessed)."))
        else:
            r = ho.rate(ho.failures)
            self.handoff_label.setText(_(
                "Hand-offs: {h:,} among {c:,} customers; failures {f:,} = {rate} per 100 "
                "customers; ping-pong A → B → A {pp:,}.").format(
                h=ho.handoffs, c=ho.customers, f=ho.failures, pp=ho.ping_pong,
                rate=fmt_ci(r.value, r.low, r.high, "{:.1f}")))
        if self.pairs:
            self.pair_table.selectRow(0)
            self._show_examples(self.pairs[0])
        else:
            self.examples.clear()

    def _fill_matrix(self) -> None:
        names = [self.dept_label(d) for d in self.departments]
        m = self.matrix
        m.clear()
        m.setRowCount(len(names))
        m.setColumnCount(len(names))
        # numbered columns: eleven full department names side by side do not fit 1366 px
        m.setHorizontalHeaderLabels([str(i + 1) for i in range(len(names))])
        m.setVerticalHeaderLabels([f"{i + 1}  {n}" for i, n in enumerate(names)])
        for i, n in enumerate(names):
            m.horizontalHeaderItem(i).setToolTip(n)
        index = {d: i for i, d in enumerate(self.departments)}
        for p in self.pairs:
            i, j = index[p.departments[0]], index[p.departments[1]]
            for r, c in ((i, j), (j, i)):
                item = QTableWidgetItem(f"{p.n:,}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setData(Qt.ItemDataRole.UserRole, p.departments)
                item.setToolTip(_("{a} × {b}: {n:,} rows, negative {neg}, lift {lift:.2f}, "
                                  "q {q:.2g}").format(a=self.dept_label(p.departments[0]),
                                                      b=self.dept_label(p.departments[1]),
                                                      n=p.n, neg=_pct(p.negative),
                                                      lift=p.lift, q=p.q))
                if p.low_n:
                    item.setBackground(QBrush(QColor("#eeeeee")))
                    item.setForeground(QBrush(QColor("#999999")))
                else:
                    e = evidence(p)
                    item.setBackground(QBrush(QColor(208, 69, 59, int(20 + 200 * e))))
                m.setItem(r, c, item)
        for i, d in enumerate(self.departments):
            item = QTableWidgetItem("—")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setData(Qt.ItemDataRole.UserRole, (d,))
            item.setBackground(QBrush(QColor("#e8eef8")))
            m.setItem(i, i, item)
        m.resizeColumnsToContents()

    def _fill_pairs(self) -> None:
        t = self.pair_table
        t.setRowCount(len(self.pairs))
        for r, p in enumerate(self.pairs):
            cells = [f"{self.dept_label(p.departments[0])} × {self.dept_label(p.departments[1])}",
                     f"{p.n:,}", _pct(p.negative), f"{p.lift:.2f}", f"{p.q:.2g}",
                     f"{p.handoffs:,}"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if p.low_n:
                    item.setForeground(QBrush(QColor("#999999")))
                t.setItem(r, c, item)
        t.resizeColumnsToContents()

    def _show_examples(self, pair) -> None:
        ws = self.session.workspace
        rows = {r["id"]: r for r in ws.feedback(pair.example_ids)} if pair.example_ids else {}
        title = f"{self.dept_label(pair.departments[0])} × {self.dept_label(pair.departments[1])}"
        body = "".join(f"<p><a href='row:{i}'>#{i}</a> {html.escape((rows[i].get('text') or '')[:240])}</p>"
                       for i in pair.example_ids if i in rows)
        self.examples.setHtml(f"<h4>{html.escape(_('Examples: {pair}').format(pair=title))}</h4>"
                              + (body or html.escape(_("No examples kept for this pair; open "
                                                       "its rows instead."))))

    # --- click-through -----------------------------------------------------------------------
    def open_pair(self, row: int) -> None:
        """Show the pair's examples and emit exactly its rows."""
        if not (0 <= row < len(self.pairs)):
            return
        pair = self.pairs[row]
        self._show_examples(pair)
        self._emit(pair.departments)

    def _cell_clicked(self, row: int, col: int) -> None:
        item = self.matrix.item(row, col)
        depts = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not depts:
            return
        pair = next((p for p in self.pairs if p.departments == tuple(depts)), None)
        if pair is not None:
            self._show_examples(pair)
        self._emit(tuple(depts))

    def _emit(self, departments: tuple[str, ...]) -> None:
        ws = self.session.workspace
        if ws is None:
            return
        ids = ws.breakpoints.pair_ids(departments, self._filter)
        what = " × ".join(self.dept_label(d) for d in departments)
        self.rows_requested.emit(ids, _("departments {what}").format(what=what))
