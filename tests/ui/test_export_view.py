"""File → Export the current view writes exactly the rows the explorer lists, in its order,
through the engine's export, in a background job."""

from __future__ import annotations

import csv

import pytest


def _search(ex, qtbot, text):
    ex.filter_bar.search.setText(text)
    with qtbot.waitSignal(ex.filter_bar.changed, timeout=2000):
        pass


def _wait(window, qtbot):
    qtbot.waitUntil(lambda: not window.session.busy, timeout=20000)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_writes_exactly_the_rows_of_the_view(window, qtbot, tmp_path, suffix):
    ex = window.explorer
    _wait(window, qtbot)
    _search(ex, qtbot, "退款")
    ex.filter_bar.facet_buttons["sentiment"].set_selected(["negative"])
    ex.filter_bar.changed.emit()
    ex._header_clicked(0)                        # oldest first: the order shown is kept
    shown = [ex.model.id_at(r) for r in range(ex.model.rowCount())]
    assert 0 < len(shown) < 600
    out = tmp_path / f"view.{suffix}"
    job = window.export_view(str(out))
    assert job is not None
    qtbot.waitUntil(lambda: str(out) in window.statusBar().currentMessage(), timeout=20000)
    assert out.is_file() and not out.with_name(out.name + ".part").exists()
    if suffix == "csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(out, read_only=True)["feedback"]
        data = list(sheet.iter_rows(values_only=True))
        rows = [dict(zip(data[0], r, strict=True)) for r in data[1:]]
    assert [int(r["id"]) for r in rows] == shown
    ws = window.session.workspace
    stored = dict(ws.db.execute("SELECT id, text FROM feedback").fetchall())
    assert all(r["text"].lstrip("'") == stored[int(r["id"])] for r in rows)   # as stored (redacted)
    assert all(r["sentiment"] == "negative" for r in rows)
    qtbot.waitUntil(lambda: str(out) in window.statusBar().currentMessage(), timeout=5000)
