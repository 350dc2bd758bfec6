"""Filters and search update the count and the table; the lazy model never loads all rows."""

from __future__ import annotations

from tests.ui.pagetest import PageTest
from vocdesk.engine.domain import FeedbackFilter


class TestExplorerPage(PageTest):
    page_module = "explorer_page"

    def make_page(self, session, tmp_path):
        from vocdesk.ui.pages.explorer_page import ExplorerPage

        return ExplorerPage(session)

    def check_page(self, page, session, n_rows):
        assert page.model.rowCount() == n_rows
        assert f"{n_rows} of {n_rows}" in page.filter_bar.count_label.text()
        page.filter_bar.search.setText("物流")       # a search on a tiny table finds or shows none
        page.filter_bar.flush()
        assert page.model.rowCount() <= n_rows
        page.filter_bar.reset()


def _texts(win):
    ws = win.session.workspace
    return {i: t for i, t in ws.db.execute("SELECT id, text FROM feedback")}


def test_opens_on_explorer_with_all_rows(window):
    ex = window.explorer
    assert window.stack.currentWidget() is ex
    assert ex.model.rowCount() == 600
    assert "600 of 600" in ex.filter_bar.count_label.text()
    assert ex.model.columnCount() == 3 + len(window.session.workspace.taxonomy.facets)


def test_search_updates_count_and_table(window, qtbot):
    ex = window.explorer
    texts = _texts(window)
    for q in ("退款", "不满意", "客", "refund"):
        ex.filter_bar.search.setText(q)
        with qtbot.waitSignal(ex.filter_bar.changed, timeout=2000):
            pass
        expected = {i for i, t in texts.items() if q.lower() in t.lower()}
        assert ex.model.rowCount() == len(expected) > 0
        assert f"{len(expected):,} of 600" in ex.filter_bar.count_label.text()
        shown = {ex.model.id_at(r) for r in range(ex.model.rowCount())}
        assert shown == expected
        assert q.lower() in ex.model.index(0, 2).data().lower()


def test_facet_channel_filters(window, qtbot):
    ex = window.explorer
    fb = ex.filter_bar
    fb.facet_buttons["sentiment"].set_selected(["negative"])
    fb.channel.set_selected(["app_store"])   # "app" in the file, normalised
    fb.changed.emit()
    ws = window.session.workspace
    exp = ws.browse.count(FeedbackFilter(sentiment=["negative"], channels=["app_store"]))
    assert 0 < ex.model.rowCount() == exp < 600
    fb.reset()
    assert ex.model.rowCount() == 600


def test_saved_view_roundtrip(window):
    fb = window.explorer.filter_bar
    fb.search.setText("物流")
    fb.flush()
    n = window.explorer.model.rowCount()
    fb.save_view("物流视图")
    fb.reset()
    assert window.explorer.model.rowCount() == 600
    fb.load_view("物流视图")
    assert window.explorer.model.rowCount() == n < 600


def test_lazy_model_fetches_blocks_only(window, qtbot):
    ex = window.explorer
    model = ex.model
    model.set_ids(model.ids)                      # fresh cache
    model.rows_fetched = 0
    assert model.index(0, 2).data()
    assert model.rows_fetched == 256               # one block for the first row
    assert model.index(599, 2).data()
    assert model.rows_fetched == 256 + (600 - 512)  # the last block only
    assert model.index(10, 3).data()                # row 10's first facet, from the cached block
    assert model.rows_fetched == 256 + (600 - 512)  # ... at no extra fetch
    ex.table.scrollToBottom()
    qtbot.wait(50)
    assert model.rows_fetched < 600


def test_auto_and_human_told_apart(window):
    from PySide6.QtCore import Qt

    ex = window.explorer
    col = 3 + [f for f, _l in ex.model.facets].index("sentiment")
    fid = ex.model.id_at(0)
    font = ex.model.index(0, col).data(Qt.ItemDataRole.FontRole)
    assert font.italic()
    window.session.workspace.set_human_tags([fid], "sentiment", ["neutral"])
    ex.model.invalidate()
    font = ex.model.index(0, col).data(Qt.ItemDataRole.FontRole)
    assert font.bold() and not font.italic()


def test_ctrl_f_focuses_search(window, qtbot):
    window.activateWindow()
    window.actions["find"].trigger()
    assert window.explorer.filter_bar.search.hasFocus() or \
        window.focusWidget() is window.explorer.filter_bar.search


def test_import_job_updates_explorer_and_search_index(window, qtbot):
    import pandas as pd

    from vocdesk.engine.store import search as store_search

    ex = window.explorer
    frame = pd.DataFrame({"text": ["独一无二的退款投诉甲", "独一无二的物流问题乙"],
                          "created_at": ["2026-01-02T10:00:00+08:00"] * 2})
    done = []
    window.session.run_job("import", lambda ws, p: ws.imports.import_dataframe(frame, "more"),
                           on_done=lambda r: done.append(r))
    qtbot.waitUntil(lambda: bool(done) and not window.session.busy, timeout=10000)
    qtbot.waitUntil(lambda: ex.total == 602, timeout=5000)
    assert ex.model.rowCount() == 602
    # the job indexed the new rows for search in its own thread
    assert store_search.pending_count(window.session.workspace.db) == 0
    ex.filter_bar.search.setText("独一无二")
    ex.filter_bar.flush()
    assert ex.model.rowCount() == 2


def test_date_header_toggles_order(window):
    ex = window.explorer
    first = ex.model.index(0, 0).data()
    ex._header_clicked(0)
    assert ex.order == "date_asc"
    assert ex.model.index(0, 0).data() <= first
    assert ex.model.index(0, 0).data() <= ex.model.index(599, 0).data()
    ex._header_clicked(0)
    assert ex.order == "date_desc" and ex.model.index(0, 0).data() == first


def test_origin_filters(window):
    ex = window.explorer
    fb = ex.filter_bar
    ids = [ex.model.id_at(r) for r in (0, 5, 9)]
    window.session.workspace.set_human_tags(ids, "sentiment", ["neutral"])
    fb.origin.setCurrentIndex(fb.origin.findData("has_human"))
    fb.flush()
    assert sorted(ex.model.ids.tolist()) == sorted(ids)
    fb.origin.setCurrentIndex(fb.origin.findData("no_human"))
    fb.flush()
    assert ex.model.rowCount() == 597
    fb.origin.setCurrentIndex(fb.origin.findData("human"))
    fb.facet_buttons["sentiment"].set_selected(["neutral"])
    fb.flush()
    assert sorted(ex.model.ids.tolist()) == sorted(ids)
    flt = fb.filter()
    fb.reset()
    fb.set_filter(flt)
    assert fb.origin.currentData() == "human" and ex.model.rowCount() == 3
