"""After a search or a filter the detail pane shows a row of the result (the one the user had,
else the first one shown), and the table stays in the order the user sees (newest first)."""

from __future__ import annotations


def _search(ex, qtbot, text):
    ex.filter_bar.search.setText(text)
    with qtbot.waitSignal(ex.filter_bar.changed, timeout=2000):
        pass


def _dates(ws, ids):
    marks = ",".join("?" * len(ids))
    return dict(ws.db.execute(f"SELECT id, created_ts FROM feedback WHERE id IN ({marks})",
                              list(ids)).fetchall())


def test_search_moves_the_pane_into_the_result_newest_first(window, qtbot):
    ex = window.explorer
    ws = window.session.workspace
    texts = dict(ws.db.execute("SELECT id, text FROM feedback").fetchall())
    outside = next(i for i, t in texts.items() if "退款" not in t)
    ex.table.selectRow(ex.model.row_of(outside))
    assert ex.detail.feedback_id == outside
    _search(ex, qtbot, "退款")
    shown = [ex.model.id_at(r) for r in range(ex.model.rowCount())]
    assert outside not in shown and shown
    assert ex.detail.feedback_id in shown                  # never a row outside the result
    assert ex.detail.feedback_id == shown[0]
    assert ex.table.currentIndex().row() == 0
    ts = _dates(ws, shown)
    assert ts[shown[0]] == max(ts.values())                # the newest row, not the oldest
    assert ex.table.verticalScrollBar().value() == 0


def test_the_row_the_user_had_stays_when_still_in_the_result(window, qtbot):
    ex = window.explorer
    ws = window.session.workspace
    texts = dict(ws.db.execute("SELECT id, text FROM feedback").fetchall())
    hits = [ex.model.id_at(r) for r in range(ex.model.rowCount()) if "退款" in texts[ex.model.id_at(r)]]
    keep = hits[len(hits) // 2]
    ex.table.selectRow(ex.model.row_of(keep))
    _search(ex, qtbot, "退款")
    assert ex.detail.feedback_id == keep
    assert ex.model.id_at(ex.table.currentIndex().row()) == keep


def test_an_empty_result_clears_the_pane(window, qtbot):
    ex = window.explorer
    _search(ex, qtbot, "zzzz-no-such-text")
    assert ex.model.rowCount() == 0
    assert ex.detail.feedback_id is None


def test_rows_opened_from_another_page_come_newest_first(window):
    ex = window.explorer
    ws = window.session.workspace
    ids = [int(i) for i, in ws.db.execute("SELECT id FROM feedback ORDER BY id LIMIT 40")]
    window.show_rows(ids, "test")
    shown = [ex.model.id_at(r) for r in range(ex.model.rowCount())]
    assert sorted(shown) == sorted(ids)
    ts = _dates(ws, shown)
    assert [ts[i] for i in shown] == sorted((ts[i] for i in shown), reverse=True)
    assert ex.detail.feedback_id == shown[0]
