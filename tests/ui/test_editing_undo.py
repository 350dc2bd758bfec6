"""Edit a tag in the detail pane, undo, redo; the Edit menu says what; the log has it all."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel


def _select_row(win, row):
    ex = win.explorer
    ex.table.selectionModel().setCurrentIndex(
        ex.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    return ex.model.id_at(row)


def _sentiment(win, fid):
    tags = win.session.workspace.effective_tags([fid])[fid]["sentiment"]
    return [(t["value"], t["origin_kind"]) for t in tags]


def test_edit_undo_redo_through_detail_pane(window, qtbot):
    fid = _select_row(window, 0)
    editor = window.explorer.detail.editor
    assert editor.ids == [fid]
    before = _sentiment(window, fid)
    assert before and before[0][1] == "auto"
    new = "negative" if before[0][0] != "negative" else "positive"
    # pick the value from the facet's menu, as a user would
    btn = editor._buttons["sentiment"]
    editor._fill_menu("sentiment", btn.menu())
    action = next(a for a in btn.menu().actions() if a.text() == new.capitalize())
    with qtbot.waitSignal(editor.edited):
        action.trigger()
    assert _sentiment(window, fid) == [(new, "human")]
    undo = window.actions["undo"]
    assert undo.isEnabled() and "Sentiment" in undo.text() and new.capitalize() in undo.text()
    assert undo.text().startswith("&Undo Set")
    qtbot.wait(10)
    # the label of the row in the editor shows the human value in bold
    assert "<b>" in editor._labels["sentiment"].text()
    undo.trigger()
    assert _sentiment(window, fid) == before
    redo = window.actions["redo"]
    assert redo.isEnabled() and redo.text().startswith("&Redo Set")
    assert not window.actions["undo"].isEnabled()
    redo.trigger()
    assert _sentiment(window, fid) == [(new, "human")]
    log = window.session.workspace.tag_log(fid)
    assert len(log) == 3
    assert [e["note"].startswith("undo") for e in log] == [False, True, False]


def test_multi_facet_toggle_and_bulk_is_one_step(window, qtbot):
    ex = window.explorer
    ex.table.selectRow(0)
    ex.table.selectionModel().select(
        ex.model.index(3, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    editor = ex.detail.editor
    assert len(editor.ids) == 2
    facet = window.session.workspace.taxonomy.facet("category")
    assert facet.multi
    value = facet.values[0].value
    editor.toggle_value("category", value, True)
    ws = window.session.workspace
    for fid in editor.ids:
        vals = [t["value"] for t in ws.effective_tags([fid])[fid]["category"]]
        assert value in vals
    n_log = len(ws.tag_log())
    window.undo()
    assert not window.actions["undo"].isEnabled()       # one step undid the whole bulk edit
    assert len(ws.tag_log()) == 2 * n_log


def test_back_to_automatic(window):
    fid = _select_row(window, 1)
    editor = window.explorer.detail.editor
    editor.set_values("sentiment", ["neutral"])
    editor.set_values("sentiment", None)
    kinds = {k for _v, k in _sentiment(window, fid)}
    assert kinds == {"auto"}
    assert "automatic" in window.actions["undo"].text()


def test_undo_text_keeps_ampersands(window):
    from vocdesk.engine.commands import SetTags

    fid = _select_row(window, 2)
    window.session.do(SetTags([fid], "category", ["物流配送"], label="Set Category = A & B"))
    text = window.actions["undo"].text()
    assert text == "&Undo Set Category = A && B"
