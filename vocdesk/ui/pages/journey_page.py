"""The journey map page: the map generated from the data, its emotion curve, "where does it
concentrate", two periods or segments compared, and export as PNG / SVG.

Everything is computed by ``ws.journey`` in a background job over the page's filter (the
explorer's filter bar, reused) and recomputed when the filter, the tags or the definition
change. Every card, curve point and concentration line opens exactly its rows in the explorer
through ``rows_requested`` (the same filter and the ids ``ws.journey`` counts).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.analytics.concentrate import headline
from vocdesk.engine.analytics.journey_links import broken_links
from vocdesk.i18n import _
from vocdesk.ui.charts.journey_curve import CurveLink, CurvePoint, JourneyCurve
from vocdesk.ui.labels import stage_label, touchpoint_label, value_label
from vocdesk.ui.widgets.compare_bar import CompareBar
from vocdesk.ui.widgets.dialogs import error_text, show_error
from vocdesk.ui.widgets.filter_bar import FilterBar
from vocdesk.ui.widgets.journey_cards import JourneyCards, card_lines, fmt_ci, pct_ci
from vocdesk.ui.widgets.shown_reload import ReloadsWhenShown

FACET_TITLES = {"touchpoint": "Touchpoint", "department": "Owner (department)",
                "category": "Issue category"}


class JourneyPage(ReloadsWhenShown, QWidget):
    rows_requested = Signal(list, str)
    map_ready = Signal()

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.result: dict | None = None
        self.selected: str | None = None
        self._job = None
        self._stale = True
        self._build()
        session.opened.connect(self._on_opened)
        session.closed.connect(self._on_closed)
        session.changed.connect(self._on_changed)
        if session.workspace is not None:
            self.reload()

    # --- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.filter_bar = FilterBar(self.session)
        self.filter_bar.changed.connect(self.reload)
        self.compare_bar = CompareBar(self.session)
        self.compare_bar.changed.connect(self.reload)
        self.version_label = QLabel()
        self.edit_button = QPushButton(_("Edit journey…"))
        self.edit_button.clicked.connect(self.edit_definition)
        self.export_button = QPushButton(_("Export map…"))
        self.export_button.clicked.connect(self._export_clicked)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        tools = QHBoxLayout()
        tools.addWidget(self.compare_bar)
        tools.addStretch(1)
        tools.addWidget(self.progress)
        tools.addWidget(self.version_label)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.export_button)

        self.curve = JourneyCurve()
        self.curve.touchpoint_clicked.connect(self.open_touchpoint)
        self.curve.link_clicked.connect(self.open_link)
        self.curve.setMinimumHeight(150)
        self.cards = JourneyCards()
        self.cards.touchpoint_clicked.connect(self.open_touchpoint)
        self.export_area = QSplitter(Qt.Orientation.Vertical)
        self.export_area.addWidget(self.curve)
        self.export_area.addWidget(self.cards)
        self.export_area.setSizes([210, 400])

        side = QSplitter(Qt.Orientation.Vertical)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(lambda url: self._open_ids_link(url.toString()))
        self.open_button = QPushButton(_("Open these rows"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.open_touchpoint(self.selected))
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.details, 1)
        tl.addWidget(self.open_button)
        self.concentration = QTreeWidget()
        self.concentration.setHeaderLabels([_("Where it concentrates"), _("share [95% CI]"),
                                            _("rows")])
        self.concentration.itemClicked.connect(self._concentration_clicked)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.headline)
        bl.addWidget(self.concentration, 1)
        self.links_tree = QTreeWidget()
        self.links_tree.setHeaderLabels([_("Broken links (cross-department)")])
        self.links_tree.setRootIsDecorated(False)
        self.links_tree.setWordWrap(True)
        self.links_tree.itemClicked.connect(
            lambda item, _c: self.open_link(item.data(0, Qt.ItemDataRole.UserRole)))
        side.addWidget(top)
        side.addWidget(self.links_tree)
        side.addWidget(bottom)
        side.setSizes([240, 110, 240])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.export_area)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setSizes([960, 380])
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.filter_bar)
        lay.addLayout(tools)
        lay.addWidget(self.status)
        lay.addWidget(split, 1)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(1200, 680)

    # --- loading -----------------------------------------------------------------------------
    def _on_opened(self, _path: str) -> None:
        self.filter_bar.reload_options()
        self.compare_bar.reload_options()
        self.reload()

    def _on_closed(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.result = None
        self.selected = None
        self.curve.clear()
        self.cards.show_map([], str)
        self.details.clear()
        self.concentration.clear()
        self.links_tree.clear()
        self.headline.clear()
        self.version_label.clear()
        self.status.clear()
        self.progress.hide()

    def _on_changed(self, topics) -> None:
        if topics & {"tags", "feedback", "taxonomy", "journey"}:
            if topics & {"taxonomy"}:
                self.filter_bar.reload_options()
                self.compare_bar.reload_options()
            self.reload()

    def reload(self) -> None:
        """Recompute the map (and the comparison) over the current filter, in the background."""
        if self.session.workspace is None:
            return
        if not self.isVisible():              # hidden pages compute when shown
            self._stale = True
            return
        self._stale = False
        if self._job is not None:
            self._job.cancel()
        flt_a, flt_b = self.compare_bar.filters(self.filter_bar.filter())
        self.progress.setRange(0, 4)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(_("Computing the journey map…"))

        def work(ws, progress):
            progress.update(0, 4, _("journey map"))
            definition = ws.journey.definition()
            jm = ws.journey.map(flt_a)
            progress.update(1, 4, _("where it concentrates"))
            conc = ws.journey.concentration(flt_a)
            out = {"definition": definition, "map": jm, "concentration": conc,
                   "filter": flt_a, "compare": None, "links": broken_links(ws, flt_a, jm)}
            if flt_b is not None:
                progress.update(2, 4, _("comparison"))
                out["compare"] = {"map": ws.journey.map(flt_b, verbatims=0),
                                  "changes": {c.name: c for c in
                                              ws.journey.compare(flt_a, flt_b)},
                                  "filter": flt_b}
            progress.update(4, 4, "")
            return out

        self._job = self.session.run_job(_("Computing the journey map"), work,
                                         on_done=self._done, on_failed=self._failed, topics=())
        self._job.signals.progress.connect(self._progress)

    def _progress(self, done: int, total: int, _message: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _failed(self, message: str) -> None:
        self._job = None
        self.progress.hide()
        self.status.setText(_("The journey map could not be computed: {error}").format(
            error=message))

    def _done(self, result) -> None:
        self._job = None
        self.progress.hide()
        if self.session.workspace is None:
            return
        self.result = result
        self._show()
        self.map_ready.emit()

    # --- showing -----------------------------------------------------------------------------
    def tp_label(self, name: str) -> str:
        d = self.result["definition"] if self.result else None
        return touchpoint_label(self.session.workspace, d, name)

    def _show(self) -> None:
        ws, r = self.session.workspace, self.result
        jm, d = r["map"], r["definition"]
        stages_by_name = {s.name: s for s in d.stages}
        stage_names = [stage_label(ws, stages_by_name[s]) if s in stages_by_name else s
                       for s, _t in jm.stages]
        self.version_label.setText(
            _("definition v{v}").format(v=jm.version) if jm.version else
            _("definition v0 (from the taxonomy)"))
        comp = r["compare"]
        changes = comp["changes"] if comp else None
        self.cards.show_map([(n, tps) for n, (_s, tps) in zip(stage_names, jm.stages,
                                                             strict=True)],
                            self.tp_label, changes)
        self.curve.show_points(self._points(jm), self._stage_spans(jm, stage_names),
                               self._points(comp["map"]) if comp else None)
        total = sum(t.rows for t in jm.touchpoints())
        text = _("{n:,} rows on the journey. Cells under n = {min_n} are grey and never "
                 "ranked; a high/low needs Holm-corrected p < 0.05 and a difference of at "
                 "least {floor:.2f} from the rest.").format(n=total, min_n=jm.min_n,
                                                            floor=jm.effect_floor)
        if comp:
            a, b = self.compare_bar.describe()
            text += " " + _("Comparing A ({a}, blue) with B ({b}, orange): differences are "
                            "B − A with Newcombe (negative share) and Welch (sentiment) "
                            "intervals.").format(a=a, b=b)
        self.status.setText(text)
        # the arcs and the list are the breakpoints of the map drawn: A's, when comparing
        self.links_tree.setHeaderLabels([_("Broken links of A (cross-department)") if comp
                                         else _("Broken links (cross-department)")])
        self._show_links(jm, r.get("links") or [])
        self._show_concentration(r["concentration"])
        keep = self.selected if self.selected and jm.touchpoint(self.selected) else None
        self.select(keep)

    def _points(self, jm) -> list[CurvePoint]:
        return [CurvePoint(t.name, self.tp_label(t.name), t.sentiment.value, t.sentiment.low,
                           t.sentiment.high, t.rows, t.low_n, t.flag, t.worst, t.final,
                           abs(t.test.diff) if t.test is not None else 0.0)
                for t in jm.touchpoints()]

    @staticmethod
    def _stage_spans(jm, names: list[str]) -> list[tuple[str, int, int]]:
        spans, i = [], 0
        for name, (_s, tps) in zip(names, jm.stages, strict=True):
            if tps:
                spans.append((name, i, i + len(tps) - 1))
            i += len(tps)
        return spans

    def select(self, name: str | None) -> None:
        """Show a touchpoint's details (figures, top issues, verbatims) in the side panel."""
        self.selected = name
        self.cards.select(name)
        self.open_button.setEnabled(name is not None)
        tp = self.result["map"].touchpoint(name) if (self.result and name) else None
        if tp is None:
            self.details.setHtml("<p>" + html.escape(_("Click a touchpoint (card or point) for "
                                                       "its issues and verbatims; it opens "
                                                       "its rows in the explorer.")) + "</p>")
            return
        comp = self.result["compare"]
        change = comp["changes"].get(name) if comp else None
        ws = self.session.workspace
        parts = [f"<h3>{html.escape(self.tp_label(name))}</h3>",
                 "<br>".join(html.escape(x) for x in card_lines(tp, change))]
        if tp.test is not None:
            parts.append("<br>" + html.escape(_("vs the rest of the journey: {d} (Holm p "
                                                "{p:.2g})").format(
                d=fmt_ci(tp.test.diff, None, None, "{:+.2f}"), p=tp.test.p_holm)))
        if tp.top_issues:
            parts.append("<h4>" + html.escape(_("Top issues")) + "</h4><ul>" + "".join(
                f"<li>{html.escape(value_label(ws, 'category', v))} ({n:,})</li>"
                for v, n in tp.top_issues) + "</ul>")
        if tp.verbatims:
            parts.append("<h4>" + html.escape(_("Representative verbatims")) + "</h4>" + "".join(
                f"<p><a href='row:{i}'>#{i}</a> {html.escape(t[:220])}</p>"
                for i, t in tp.verbatims))
        self.details.setHtml("".join(parts))

    def link_text(self, link) -> str:
        """``门店导购 ↔ 退换货 (销售部 · 售后服务部)``; an end off the map says so."""
        ws = self.session.workspace
        ends = [self.tp_label(t) if t else _("(no touchpoint on the map)")
                for t in link.touchpoints]
        depts = " · ".join(value_label(ws, "department", d) for d in link.departments)
        return f"{ends[0]} ↔ {ends[1]} ({depts})"

    def _show_links(self, jm, links: list) -> None:
        """Breakpoint pairs with evidence (FDR q < 0.05, n ≥ min) as arcs and as a list."""
        self.links_tree.clear()
        order = {t.name: i for i, t in enumerate(jm.touchpoints())}
        curve_links = []
        for k, link in enumerate(links):
            text = self.link_text(link)
            item = QTreeWidgetItem([f"#{k + 1} {text}\n" + _(
                "{n:,} rows · negative {neg} · lift {lift:.1f}×").format(
                n=link.n, neg=pct_ci(link.negative), lift=link.lift)])
            tip = _("{n:,} rows carry both departments; negative {neg}; lift {lift:.1f}× over "
                    "independence, FDR q {q:.2g}; {h} customer hand-offs. Click to open the "
                    "rows.").format(n=link.n, neg=pct_ci(link.negative), lift=link.lift,
                                    q=link.q, h=link.handoffs)
            item.setToolTip(0, tip)
            item.setData(0, Qt.ItemDataRole.UserRole, k)
            self.links_tree.addTopLevelItem(item)
            if link.drawn:
                curve_links.append(CurveLink(k, order[link.touchpoints[0]],
                                             order[link.touchpoints[1]], text + "\n" + tip))
        if not links:
            item = QTreeWidgetItem([_("No cross-department link with evidence (FDR q < 0.05)")])
            item.setForeground(0, Qt.GlobalColor.gray)
            self.links_tree.addTopLevelItem(item)
        self.curve.show_links(curve_links)

    def open_link(self, key) -> None:
        """Exactly the rows carrying both departments of link ``key``, under the map's filter."""
        ws = self.session.workspace
        links = (self.result or {}).get("links") or []
        if ws is None or key is None or not 0 <= int(key) < len(links):
            return
        link = links[int(key)]
        ids = ws.breakpoints.pair_ids(link.departments, self.result["filter"])
        self.rows_requested.emit(ids, _("broken link {text}").format(text=self.link_text(link)))

    def _show_concentration(self, conc: dict) -> None:
        ws = self.session.workspace
        self.concentration.clear()
        for facet, shares in conc["facets"].items():
            top = QTreeWidgetItem([_(FACET_TITLES.get(facet, facet)), "", ""])
            self.concentration.addTopLevelItem(top)
            for s in shares:
                name = (self.tp_label(s.value) if facet == "touchpoint"
                        else value_label(ws, facet, s.value))
                rows = round(s.share.value * conc["total"])
                item = QTreeWidgetItem([name, pct_ci(s.share), f"{rows:,}"])
                item.setData(0, Qt.ItemDataRole.UserRole, (facet, s.value))
                if rows < 30:
                    for c in range(3):
                        item.setForeground(c, Qt.GlobalColor.gray)
                top.addChild(item)
            top.setExpanded(True)
        self.concentration.setColumnWidth(0, 150)
        self.concentration.resizeColumnToContents(1)
        best = headline(conc)
        if best is None:
            self.headline.setText(_("Too few rows to say where the selection concentrates."))
            return
        name = (self.tp_label(best.value) if best.facet == "touchpoint"
                else value_label(ws, best.facet, best.value))
        self.headline.setText("<b>" + html.escape(_(
            "{share} of the {n:,} selected rows point to {name} (95% CI {lo}–{hi}).").format(
            share=f"{best.share.value:.0%}", n=conc["total"], name=name,
            lo=f"{best.share.low:.0%}", hi=f"{best.share.high:.0%}")) + "</b>")

    # --- click-through -----------------------------------------------------------------------
    def open_touchpoint(self, name: str | None) -> None:
        """Select a touchpoint and emit exactly its rows under the map's filter."""
        ws = self.session.workspace
        if not name or ws is None or self.result is None:
            return
        self.select(name)
        ids = ws.journey.touchpoint_ids(name, self.result["filter"])
        self.rows_requested.emit(ids, _("touchpoint {name}").format(name=self.tp_label(name)))

    def _concentration_clicked(self, item: QTreeWidgetItem, _col: int) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        ws = self.session.workspace
        if not key or ws is None or self.result is None:
            return
        facet, value = key
        ids = ws.journey.ids_of(facet, value, self.result["filter"])
        self.rows_requested.emit(ids, f"{item.text(0)}")

    def _open_ids_link(self, link: str) -> None:
        if link.startswith("row:"):
            self.rows_requested.emit([int(link[4:])], _("verbatim #{id}").format(id=link[4:]))

    # --- editor and export -------------------------------------------------------------------
    def edit_definition(self) -> None:
        from vocdesk.ui.widgets.journey_editor import JourneyEditor

        if self.session.workspace is None:
            return
        dlg = JourneyEditor(self.session, self)
        if dlg.exec():
            self.after_edit(dlg)

    def after_edit(self, dlg) -> None:
        """Recompute with the new version; re-analyse first when rules or touchpoints changed."""
        if dlg.taxonomy_changed:
            self.session.notify("taxonomy")
            self.session.run_job(_("Re-analysing"), lambda ws, p: ws.analyze(progress=p),
                                 topics=("feedback", "tags"))
        else:
            self.session.notify("journey")

    def _export_clicked(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("Export the journey map"), "journey.png",
                                               _("PNG image (*.png);;SVG drawing (*.svg)"))
        if path:
            try:
                self.export_image(path)
            except (OSError, ValueError) as exc:
                show_error(self, error_text(exc))

    def export_image(self, path: str | Path) -> Path:
        """The curve and the map as they are on screen, to PNG or SVG (by extension)."""
        path = Path(path)
        area = self.export_area
        if path.suffix.lower() == ".svg":
            from PySide6.QtSvg import QSvgGenerator

            gen = QSvgGenerator()
            gen.setFileName(str(path))
            gen.setSize(area.size())
            gen.setViewBox(QRectF(0, 0, area.width(), area.height()))
            gen.setTitle(_("Journey map"))
            painter = QPainter(gen)
            try:
                area.render(painter, QPoint(0, 0))
            finally:
                painter.end()
        elif path.suffix.lower() == ".png":
            if not area.grab().save(str(path), "PNG"):
                raise OSError(f"{path}: could not write the PNG")
        else:
            raise ValueError(f"{path}: export the map as .png or .svg")
        return path
