"""The explorer's filter bar: text search, dates, channel, every facet, scores, segment,
origin; the live match count; saved views.

It only builds a :class:`FeedbackFilter` and emits ``changed`` (debounced); the explorer runs
the query. Values come from the taxonomy and ``ws.browse.filter_options``.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.i18n import _, label
from vocdesk.ui.labels import channel_text
from vocdesk.ui.widgets.dialogs import error_text, show_error

SCORES = (("rating", "Rating", 0, 5), ("nps", "NPS", 0, 10), ("csat", "CSAT", 0, 5),
          ("ces", "CES", 0, 7))


class MultiSelectButton(QToolButton):
    """A button whose popup is a list of check boxes; the text shows how many are chosen."""

    changed = Signal()

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.title = title
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.list = QListWidget()
        self.list.setMinimumWidth(220)
        self.list.itemChanged.connect(self._changed)
        act = QWidgetAction(menu)
        act.setDefaultWidget(self.list)
        menu.addAction(act)
        self.setMenu(menu)
        self._update_text()

    def set_options(self, options: list[tuple[str, str]]) -> None:
        """(value, label) pairs; keeps the choice where it still applies."""
        keep = set(self.selected())
        self.list.blockSignals(True)
        self.list.clear()
        for value, text in options:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if value in keep else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setFixedHeight(min(24 * max(len(options), 1) + 8, 360))
        self.list.blockSignals(False)
        self._update_text()

    def selected(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_selected(self, values) -> None:
        values = set(values or ())
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in values else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._update_text()

    def _changed(self, *_a) -> None:
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        n = len(self.selected())
        self.setText(f"{self.title} ({n})" if n else self.title)
        self.setStyleSheet("font-weight: bold;" if n else "")


class FilterBar(QWidget):
    changed = Signal()              # debounced: the filter differs from before

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.changed.emit)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row1 = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Search text (exact substring, e.g. 退款)…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._schedule)
        self.search.returnPressed.connect(self.flush)
        row1.addWidget(self.search, 3)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.count_label.setMinimumWidth(150)
        row1.addWidget(self.count_label)
        self.views = QComboBox()
        self.views.setMinimumWidth(140)
        self.views.activated.connect(self._load_view)
        row1.addWidget(self.views)
        save = QPushButton(_("Save view…"))
        save.clicked.connect(self.save_view)
        row1.addWidget(save)
        self.delete_button = QPushButton(_("Delete view"))
        self.delete_button.clicked.connect(self.delete_view)
        row1.addWidget(self.delete_button)
        reset = QPushButton(_("Reset"))
        reset.clicked.connect(self.reset)
        row1.addWidget(reset)
        outer.addLayout(row1)
        self.row2 = QHBoxLayout()
        outer.addLayout(self.row2)
        self._build_dates()
        self.channel = MultiSelectButton(_("Channel"))
        self.channel.changed.connect(self._schedule)
        self.segment = MultiSelectButton(_("Segment"))
        self.segment.changed.connect(self._schedule)
        self.row2.addWidget(self.channel)
        self.facet_buttons: dict[str, MultiSelectButton] = {}
        self._facet_host = QHBoxLayout()
        self.row2.addLayout(self._facet_host)
        self.row2.addWidget(self.segment)
        self._build_scores()
        self.origin = QComboBox()
        for text, value in ((_("Any origin"), None), (_("Auto tags only"), "auto"),
                            (_("Human tags only"), "human"),
                            (_("Rows with a human tag"), "has_human"),
                            (_("Rows without a human tag"), "no_human")):
            self.origin.addItem(text, value)
        self.origin.currentIndexChanged.connect(self._schedule)
        self.row2.addWidget(self.origin)
        self.row2.addStretch(1)
        self.reload_options()

    # --- building ----------------------------------------------------------------------------
    def _build_dates(self) -> None:
        self.dates = QToolButton()
        self.dates.setText(_("Dates"))
        self.dates.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.dates)
        host = QWidget()
        form = QFormLayout(host)
        self.date_on = QCheckBox(_("Only between"))
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.dateChanged.connect(self._schedule)
        self.date_on.toggled.connect(self._schedule)
        form.addRow(self.date_on)
        form.addRow(_("From"), self.date_from)
        form.addRow(_("To"), self.date_to)
        act = QWidgetAction(menu)
        act.setDefaultWidget(host)
        menu.addAction(act)
        self.dates.setMenu(menu)
        self.row2.addWidget(self.dates)

    def _build_scores(self) -> None:
        self.scores = QToolButton()
        self.scores.setText(_("Scores"))
        self.scores.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.scores)
        host = QWidget()
        form = QFormLayout(host)
        self.score_edits: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        for key, title, lo, hi in SCORES:
            pair = []
            line = QHBoxLayout()
            for _i in range(2):
                sb = QDoubleSpinBox()
                sb.setRange(lo - 1, hi)
                sb.setDecimals(0 if key == "nps" else 1)
                sb.setSpecialValueText("—")
                sb.setValue(lo - 1)
                sb.valueChanged.connect(self._schedule)
                line.addWidget(sb)
                pair.append(sb)
            form.addRow(_(title), line)
            self.score_edits[key] = (pair[0], pair[1])
        act = QWidgetAction(menu)
        act.setDefaultWidget(host)
        menu.addAction(act)
        self.scores.setMenu(menu)
        self.row2.addWidget(self.scores)

    def reload_options(self) -> None:
        """Refill channels, segments, facets and views from the open workspace."""
        ws = self.session.workspace
        while self._facet_host.count():
            w = self._facet_host.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.facet_buttons.clear()
        if ws is None:
            return
        opts = ws.browse.filter_options()
        self.channel.set_options([(c, channel_text(c)) for c in opts["channels"]])
        self.segment.set_options([(s, s) for s in opts["segments"]])
        self.segment.setVisible(bool(opts["segments"]))
        lo, hi = opts["date_range"]
        if lo is not None and not self.date_on.isChecked():
            for d, ts in ((self.date_from, lo), (self.date_to, hi)):
                d.blockSignals(True)
                dt = datetime.fromtimestamp(ts)
                d.setDate(QDate(dt.year, dt.month, dt.day))
                d.blockSignals(False)
        for f in ws.taxonomy.facets:
            btn = MultiSelectButton(label(f))
            btn.setObjectName(f"facet-{f.name}")
            btn.set_options([(v.value, label(v, v.value)) for v in f.values])
            btn.changed.connect(self._schedule)
            self._facet_host.addWidget(btn)
            self.facet_buttons[f.name] = btn
        self._reload_views()

    def _reload_views(self, current: str | None = None) -> None:
        ws = self.session.workspace
        self.views.blockSignals(True)
        self.views.clear()
        self.views.addItem(_("Saved views…"), None)
        for name in (ws.browse.list_views() if ws is not None else []):
            self.views.addItem(name, name)
        if current:
            self.views.setCurrentIndex(max(self.views.findData(current), 0))
        self.views.blockSignals(False)

    # --- the filter --------------------------------------------------------------------------
    def _schedule(self, *_a) -> None:
        self._mark_active()
        self._timer.start()

    def _mark_active(self) -> None:
        """Bold the Dates / Scores buttons while they filter."""
        scores = any(lo.value() != lo.minimum() or hi.value() != hi.minimum()
                     for lo, hi in self.score_edits.values()) if hasattr(self, "score_edits") else False
        for btn, on in ((self.dates, self.date_on.isChecked()), (getattr(self, "scores", None), scores)):
            if btn is not None:
                btn.setStyleSheet("font-weight: bold;" if on else "")

    def flush(self) -> None:
        """Emit now instead of after the debounce (tests, Enter key)."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def filter(self) -> FeedbackFilter:
        origin = self.origin.currentData()
        flt = FeedbackFilter(text=self.search.text().strip(), channels=self.channel.selected(),
                             segments=self.segment.selected(),
                             origin=origin if origin in ("auto", "human") else None,
                             has_human={"has_human": True, "no_human": False}.get(origin))
        flt.facets = {k: b.selected() for k, b in self.facet_buttons.items() if b.selected()}
        if self.date_on.isChecked():
            flt.date_from = self.date_from.date().toString("yyyy-MM-dd")
            flt.date_to = self.date_to.date().toString("yyyy-MM-dd")
        for key, (lo, hi) in self.score_edits.items():
            a = None if lo.value() == lo.minimum() else lo.value()
            b = None if hi.value() == hi.minimum() else hi.value()
            if a is not None or b is not None:
                setattr(flt, key, [a, b])
        return flt

    def set_filter(self, flt: FeedbackFilter) -> None:
        widgets = [self.search, self.origin, self.date_on, self.date_from, self.date_to,
                   *[w for pair in self.score_edits.values() for w in pair]]
        for w in widgets:
            w.blockSignals(True)
        self.search.setText(flt.text or "")
        self.channel.set_selected(flt.channels)
        self.segment.set_selected(flt.segments)
        facets = flt.facet_filters()
        for k, b in self.facet_buttons.items():
            b.set_selected(facets.get(k, []))
        key = flt.origin or {True: "has_human", False: "no_human"}.get(flt.has_human)
        self.origin.setCurrentIndex(max(self.origin.findData(key), 0))
        self.date_on.setChecked(bool(flt.date_from or flt.date_to))
        if flt.date_from:
            self.date_from.setDate(QDate.fromString(flt.date_from[:10], "yyyy-MM-dd"))
        if flt.date_to:
            self.date_to.setDate(QDate.fromString(flt.date_to[:10], "yyyy-MM-dd"))
        for key, (lo, hi) in self.score_edits.items():
            rng = getattr(flt, key) or [None, None]
            lo.setValue(lo.minimum() if rng[0] is None else rng[0])
            hi.setValue(hi.minimum() if rng[1] is None else rng[1])
        for w in widgets:
            w.blockSignals(False)
        self._mark_active()
        self._timer.stop()
        self.changed.emit()

    def reset(self) -> None:
        self.set_filter(FeedbackFilter())
        self.views.setCurrentIndex(0)

    def set_count(self, n: int, total: int, ms: float | None = None) -> None:
        text = _("{n:,} of {total:,} rows").format(n=n, total=total)
        self.count_label.setText(text)
        if ms is not None:
            self.count_label.setToolTip(_("query took {ms:.0f} ms").format(ms=ms))

    # --- views -------------------------------------------------------------------------------
    def save_view(self, name: str | None = None) -> None:
        ws = self.session.workspace
        if ws is None:
            return
        if not name:
            name, ok = QInputDialog.getText(self, _("Save view"), _("Name of the view:"))
            if not ok or not name.strip():
                return
        try:
            ws.browse.save_view(name.strip(), self.filter())
        except Exception as exc:   # noqa: BLE001
            show_error(self, error_text(exc))
            return
        self._reload_views(name.strip())

    def _load_view(self, index: int) -> None:
        name = self.views.itemData(index)
        ws = self.session.workspace
        if name and ws is not None:
            flt = ws.browse.load_view(name)
            if flt is not None:
                self.set_filter(flt)

    def load_view(self, name: str) -> None:
        self.views.setCurrentIndex(max(self.views.findData(name), 0))
        self._load_view(self.views.currentIndex())

    def delete_view(self) -> None:
        name = self.views.currentData()
        ws = self.session.workspace
        if name and ws is not None:
            ws.browse.delete_view(name)
            self._reload_views()
