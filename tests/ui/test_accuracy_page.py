"""Accuracy lab page: numbers as the engine says, heat map, reliability curve, cell → explorer."""

from __future__ import annotations

from tests.conftest import build_workspace
from tests.ui.pagetest import PageTest
from vocdesk.engine.domain import TagChange
from vocdesk.engine.workspace import Workspace
from vocdesk.ui.pages.accuracy_page import AccuracyPage


class TestAccuracyPage(PageTest):
    page_module = "accuracy_page"

    def make_page(self, session, tmp_path):
        return AccuracyPage(session)

    def check_page(self, page, session, n_rows):
        assert page.report is not None and page.report.rows == n_rows
        assert page.facet_combo.count() == 0            # nobody tagged anything yet
        assert "No facet has human tags yet" in page.summary.text()


def _coded(path):
    """60 analysed rows, sentiment coded by ann (as the auto tag says, but 6 flipped) and
    re-coded by bob on 20 rows."""
    build_workspace(path, n=60)
    with Workspace.open(path) as ws:
        auto = {i: t["sentiment"][0]["value"] for i, t in ws.effective_tags(list(range(1, 61))).items()}
        flip = {"positive": "negative", "negative": "positive", "neutral": "negative"}
        ann = {i: (flip[v] if i % 10 == 0 else v) for i, v in auto.items()}
        ws.apply_changes([TagChange(i, "sentiment", None, (v,)) for i, v in ann.items()], who="ann")
        bob = {i: ann[i] if i % 4 else flip[ann[i]] for i in range(1, 21)}
        ws.apply_changes([TagChange(i, "sentiment", (ann[i],), (v,)) for i, v in bob.items()],
                         who="bob")
    return path


def test_numbers_heat_map_curve_and_cell_opens_explorer(qtbot, open_page, tmp_path):
    from vocdesk.ui.main_window import MainWindow

    path = _coded(tmp_path / "a.vocdesk")
    with Workspace.open(path) as ws:
        want = ws.accuracy.report("sentiment").facet("sentiment")
    win = MainWindow()
    assert win.open_path(path)
    open_page(win, size=(1366, 768))
    page = win.accuracy_page
    win.actions["page_accuracy"].trigger()
    assert win.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.report is not None, timeout=30000)
    page.facet_combo.setCurrentIndex(page.facet_combo.findData("sentiment"))
    f = page.current()
    assert f.confusion == want.confusion and f.accuracy == want.accuracy
    assert f"{want.n:,} human-tagged rows" in page.summary.text()
    assert page.values_table.rowCount() == len(want.per_value)
    assert page.confusion.rowCount() == len(want.labels) == page.confusion.columnCount()
    assert page.confusion.item(0, 0).text() == f"{want.confusion[0][0]:,}"
    assert len(page.plot.getPlotItem().listDataItems()) == 2      # diagonal + reliability curve
    assert "ann × bob" in page.coding.text() and "κ" in page.coding.text()
    # an off-diagonal cell with rows opens exactly those rows in the explorer
    r, c = next((r, c) for r, row in enumerate(want.confusion) for c, n in enumerate(row)
                if n and r != c)
    ids = want.cell_ids(want.labels[r], want.labels[c])
    page.confusion.cellClicked.emit(r, c)
    assert win.stack.currentWidget() is win.explorer
    assert sorted(int(i) for i in win.explorer.model.ids) == sorted(ids)
    assert f"{len(ids)} of 60 rows" in win.explorer.filter_bar.count_label.text()
    win.session.jobs.shutdown()
    win.session.close()
