"""Role dashboards: executive (brand health), product line, region / store.

Each role is a saved layout (its choices — the product, store or region grouping, the period —
kept in the workspace through ``ws.insights.save_layout``) over the current filter (the
explorer's, unless unticked). Trends are on date axes with their 95 % bands; every tile, cell
and chart point opens exactly its rows (``rows_requested``). Computed in a background job.

``VOCDESK_DASHBOARD=executive|product|region`` picks the role a new page opens on (for
screenshots and docs); otherwise it opens on the executive one.
"""

from __future__ import annotations

import copy
import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vocdesk.i18n import _
from vocdesk.ui.labels import value_label
from vocdesk.ui.pages._dashboard_data import ROLES, compute, products
from vocdesk.ui.pages._dashboard_views import ExecutiveView, ProductView, RegionView
from vocdesk.ui.pages._insight_common import PERIODS, FollowsExplorerFilter
from vocdesk.ui.widgets.dialogs import error_text, show_error


class DashboardPage(FollowsExplorerFilter, QWidget):
    rows_requested = Signal(list, str)
    data_ready = Signal()

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.data: dict | None = None
        self._job = None
        self._used_filter: dict = {}
        self._stale = False
        self._loading = False
        self._build()
        session.opened.connect(self._on_opened)
        session.closed.connect(self._on_closed)
        if session.workspace is not None:
            self._on_opened("")

    def _build(self) -> None:
        top = QHBoxLayout()
        self.role_combo = QComboBox()
        for key, text in ROLES:
            self.role_combo.addItem(_(text), key)
        self.param_label = QLabel()
        self.param_combo = QComboBox()
        self.param_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.param_combo.setMinimumContentsLength(10)
        self.period_combo = QComboBox()
        for months, text in PERIODS:
            self.period_combo.addItem(_(text), months)
        self.use_explorer = QCheckBox(_("Explorer's filter"))
        self.use_explorer.setChecked(True)
        self.save_button = QPushButton(_("Save layout"))
        self.save_button.setToolTip(_("Keep this dashboard's choices in the workspace file"))
        self.save_button.clicked.connect(self.save_layout)
        self.refresh_button = QPushButton(_("Recompute"))
        self.refresh_button.clicked.connect(self.reload)
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        self.param_combo.currentIndexChanged.connect(self._choice_changed)
        self.period_combo.currentIndexChanged.connect(self._choice_changed)
        self.use_explorer.toggled.connect(self._choice_changed)
        top.addWidget(QLabel(_("Dashboard:")))
        top.addWidget(self.role_combo)
        top.addWidget(self.param_label)
        top.addWidget(self.param_combo)
        top.addWidget(QLabel(_("Period:")))
        top.addWidget(self.period_combo)
        top.addWidget(self.use_explorer)
        top.addWidget(self.save_button)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.views = {"executive": ExecutiveView(), "product": ProductView(),
                      "region": RegionView()}
        self.stack = QStackedWidget()
        for view in self.views.values():
            view.open_rows.connect(self._open)
            self.stack.addWidget(view)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.status)
        lay.addWidget(self.stack, 1)

    # --- roles and layouts -----------------------------------------------------------------------
    @property
    def role(self) -> str:
        return self.role_combo.currentData() or "executive"

    def set_role(self, role: str) -> None:
        idx = self.role_combo.findData(role)
        if idx >= 0:
            self.role_combo.setCurrentIndex(idx)

    def _layouts(self) -> dict:
        ws = self.session.workspace
        return ws.insights.layouts() if ws is not None else {}

    def _on_opened(self, _path: str) -> None:
        role = os.environ.get("VOCDESK_DASHBOARD") or self.role
        self._loading = True
        self.set_role(role if role in dict(ROLES) else "executive")
        self._loading = False
        self._role_changed()

    def _on_closed(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.data = None
        self.param_combo.clear()
        self.status.setText("")

    def _fill_params(self, layout: dict) -> None:
        ws = self.session.workspace
        self.param_combo.blockSignals(True)
        self.param_combo.clear()
        if self.role == "product":
            self.param_label.setText(_("Product:"))
            for p in products(ws):
                self.param_combo.addItem(value_label(ws, "product", p), p)
        elif self.role == "region":
            self.param_label.setText(_("Scorecard by:"))
            self.param_combo.addItem(_("Store"), "store")
            self.param_combo.addItem(_("Region"), "region")
        idx = self.param_combo.findData(layout.get("param"))
        self.param_combo.setCurrentIndex(max(idx, 0))
        self.param_combo.blockSignals(False)
        visible = self.role != "executive"
        self.param_label.setVisible(visible)
        self.param_combo.setVisible(visible)
        self.period_combo.blockSignals(True)
        idx = self.period_combo.findData(layout.get("months", 0))
        self.period_combo.setCurrentIndex(max(idx, 0))
        self.period_combo.blockSignals(False)
        self.use_explorer.blockSignals(True)
        self.use_explorer.setChecked(bool(layout.get("use_explorer", True)))
        self.use_explorer.blockSignals(False)

    def _role_changed(self, *_a) -> None:
        if self._loading or self.session.workspace is None:
            return
        self.stack.setCurrentWidget(self.views[self.role])
        self._fill_params(self._layouts().get(self.role, {}))
        self.reload()

    def _choice_changed(self, *_a) -> None:
        if not self._loading:
            self.reload()

    def layout_now(self) -> dict:
        return {"param": self.param_combo.currentData(),
                "months": int(self.period_combo.currentData() or 0),
                "use_explorer": self.use_explorer.isChecked()}

    def save_layout(self) -> None:
        ws = self.session.workspace
        if ws is None:
            return
        try:
            ws.insights.save_layout(self.role, self.layout_now())
        except Exception as exc:   # noqa: BLE001 - shown to the user
            show_error(self, error_text(exc))
            return
        self.status.setText(_("Layout saved in the workspace."))

    # --- computing ---------------------------------------------------------------------------
    def reload(self, *_a) -> None:
        if not self.isVisible():
            self._stale = True                 # computed when shown
            return
        self._stale = False
        ws = self.session.workspace
        if ws is None:
            return
        if self._job is not None:
            self._job.cancel()
        role, param = self.role, self.param_combo.currentData()
        months = int(self.period_combo.currentData() or 0)
        flt = self.current_filter()
        self._used_filter = flt.to_dict()
        self.status.setText(_("Computing the dashboard…"))

        def work(ws, progress):
            return compute(ws, role, param, months, flt, progress)

        self._job = self.session.run_job(_("Computing the dashboard"), work,
                                         on_done=self._done, topics=())

    def _done(self, data: dict) -> None:
        self._job = None
        ws = self.session.workspace
        if ws is None or data["role"] != self.role:
            return
        self.data = data
        self.views[data["role"]].fill(ws, data)
        n = data["summary"].get("rows", {}).get("n", 0)
        self.status.setText(_("{n} rows in the current filter · click any number or point to "
                              "open its rows").format(n=f"{n:,}"))
        self.data_ready.emit()

    # --- drill-down ----------------------------------------------------------------------------
    def ids_for(self, payload) -> list[int]:
        ws = self.session.workspace
        if ws is None or self.data is None:
            return []
        by, value, metric, _what, extra = payload
        flt = self.data["flt"]
        if by == "loyalty":
            return ws.insights.loyalty_ids(value, metric, flt)
        if isinstance(extra, str) and extra.startswith("card:"):
            return ws.insights.scorecard_ids(by, value, extra[5:], flt)
        if isinstance(extra, dict):
            flt = copy.deepcopy(flt)
            flt.facets = {**flt.facets, **extra}
        return ws.insights.ids(flt, by, value, metric)

    def _open(self, payload) -> None:
        ids = self.ids_for(payload)
        if ids:
            self.rows_requested.emit(ids, payload[3])
