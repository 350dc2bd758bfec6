"""Compare two periods or two segments on one journey map: what A and B are.

Off: one map over the page's filter. Two periods: A and B are the page's filter with their own
date ranges. Two segments: A and B are the page's filter plus FACET = value A (resp. value B),
or — the first choice when the workspace has customers with segments — the customers of
segment A (resp. B) of the customers table (``compare.segment_filters``).
The bar only builds the two filters; the page computes.
"""

from __future__ import annotations

import copy
from datetime import datetime

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QWidget,
)

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.errors import UsageError
from vocdesk.i18n import _, label

MODES = ("off", "period", "segment")
#: The facet combo's entry for the customers table's ``segment`` column (not a tag facet).
CUSTOMER_SEGMENT = "__customer_segment__"


def _date_edit() -> QDateEdit:
    d = QDateEdit()
    d.setCalendarPopup(True)
    d.setDisplayFormat("yyyy-MM-dd")
    return d


class CompareBar(QWidget):
    changed = Signal()

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.mode = QComboBox()
        for key, text in zip(MODES, (_("No comparison"), _("Compare two periods"),
                                     _("Compare two segments")), strict=True):
            self.mode.addItem(text, key)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        lay.addWidget(self.mode)
        self.stack = QStackedWidget()
        self.stack.addWidget(QWidget())
        period = QWidget()
        pl = QHBoxLayout(period)
        pl.setContentsMargins(0, 0, 0, 0)
        self.a_from, self.a_to, self.b_from, self.b_to = (_date_edit() for _i in range(4))
        for text, w in ((_("A"), self.a_from), ("–", self.a_to), (_("B"), self.b_from),
                        ("–", self.b_to)):
            pl.addWidget(QLabel(text))
            pl.addWidget(w)
            w.dateChanged.connect(lambda _d: self.changed.emit())
        self.stack.addWidget(period)
        seg = QWidget()
        sl = QHBoxLayout(seg)
        sl.setContentsMargins(0, 0, 0, 0)
        self.facet = QComboBox()
        self.value_a, self.value_b = QComboBox(), QComboBox()
        for w in (self.value_a, self.value_b):
            w.setMinimumContentsLength(10)
            w.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.facet.currentIndexChanged.connect(self._fill_values)
        for text, w in ((None, self.facet), (_("A"), self.value_a), (_("B"), self.value_b)):
            if text:
                sl.addWidget(QLabel(text))
            sl.addWidget(w)
        self.stack.addWidget(seg)
        lay.addWidget(self.stack)
        self.reload_options()

    @property
    def active(self) -> bool:
        return self.mode.currentData() != "off"

    def reload_options(self) -> None:
        ws = self.session.workspace
        self.facet.blockSignals(True)
        self.facet.clear()
        self.customer_segments: list[str] = []
        if ws is not None:
            self.customer_segments = list(ws.browse.filter_options()["segments"])
            if len(self.customer_segments) >= 2:
                self.facet.addItem(_("Customer segment"), CUSTOMER_SEGMENT)
            for f in ws.taxonomy.facets:
                if f.name not in ("touchpoint", "stage") and f.values:
                    self.facet.addItem(label(f), f.name)
            lo, hi = ws.browse.filter_options()["date_range"]
            if lo is not None:
                mid = lo + (hi - lo) / 2
                for d, ts in ((self.a_from, lo), (self.a_to, mid), (self.b_from, mid + 86400),
                              (self.b_to, hi)):
                    dt = datetime.fromtimestamp(ts)
                    d.blockSignals(True)
                    d.setDate(QDate(dt.year, dt.month, dt.day))
                    d.blockSignals(False)
        self.facet.blockSignals(False)
        self._fill_values()

    def _fill_values(self, *_a) -> None:
        ws = self.session.workspace
        key = self.facet.currentData() or ""
        spec = ws.taxonomy.facet(key) if ws is not None and key != CUSTOMER_SEGMENT else None
        for i, w in enumerate((self.value_a, self.value_b)):
            w.blockSignals(True)
            w.clear()
            if key == CUSTOMER_SEGMENT:
                for seg in self.customer_segments:
                    w.addItem(seg, seg)
            for v in (spec.values if spec else []):
                w.addItem(label(v, v.value), v.value)
            w.setCurrentIndex(min(i, w.count() - 1))
            w.blockSignals(False)
        self.changed.emit()

    def _mode_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.changed.emit()

    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(MODES.index(mode))

    def set_segments(self, facet: str, a: str, b: str) -> None:
        """Segment mode on ``facet`` (or :data:`CUSTOMER_SEGMENT`) with values A and B."""
        self.blockSignals(True)                 # one ``changed``, not one per combo
        try:
            self.set_mode("segment")
            self.facet.setCurrentIndex(self.facet.findData(facet))
            for w, v in ((self.value_a, a), (self.value_b, b)):
                w.setCurrentIndex(w.findData(v))
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def filters(self, base: FeedbackFilter) -> tuple[FeedbackFilter, FeedbackFilter | None]:
        """(A, B) over ``base``; B is None when not comparing."""
        mode = self.mode.currentData()
        if mode == "off":
            return base, None
        a, b = copy.deepcopy(base), copy.deepcopy(base)
        if mode == "period":
            a.date_from, a.date_to = (d.date().toString("yyyy-MM-dd") for d in
                                      (self.a_from, self.a_to))
            b.date_from, b.date_to = (d.date().toString("yyyy-MM-dd") for d in
                                      (self.b_from, self.b_to))
        elif self.facet.currentData() == CUSTOMER_SEGMENT:
            from vocdesk.engine.analytics.compare import segment_filters  # scipy: lazily

            try:
                return segment_filters(base, self.value_a.currentData(),
                                       self.value_b.currentData())
            except UsageError:          # A = B: nothing to compare yet
                return base, None
        else:
            facet = self.facet.currentData()
            if facet:
                a.facets[facet] = [self.value_a.currentData()]
                b.facets[facet] = [self.value_b.currentData()]
        return a, b

    def describe(self) -> tuple[str, str]:
        """Short names of A and B for the legend."""
        if self.mode.currentData() == "period":
            return (f"{self.a_from.date().toString('yyyy-MM-dd')} – "
                    f"{self.a_to.date().toString('yyyy-MM-dd')}",
                    f"{self.b_from.date().toString('yyyy-MM-dd')} – "
                    f"{self.b_to.date().toString('yyyy-MM-dd')}")
        return self.value_a.currentText(), self.value_b.currentText()
