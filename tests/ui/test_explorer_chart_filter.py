"""The explorer's chart counts the rows of the filter and the search (the same rows as the
table), and a click on a point opens exactly that point's rows."""

from __future__ import annotations

from datetime import UTC, datetime


def _wait_chart(ex, qtbot):
    qtbot.waitUntil(lambda: ex.chart.job is None and not ex.session.busy, timeout=20000)


def _chart_total(ex) -> int:
    return sum(sum(ys) for _xs, ys in ex.chart.series.values())


def _search(ex, qtbot, text):
    ex.filter_bar.search.setText(text)
    with qtbot.waitSignal(ex.filter_bar.changed, timeout=2000):
        pass
    _wait_chart(ex, qtbot)


def test_chart_follows_search_and_filter(window, qtbot):
    ex = window.explorer
    _wait_chart(ex, qtbot)
    assert _chart_total(ex) == ex.model.rowCount() == 600
    _search(ex, qtbot, "退款")
    assert 0 < ex.model.rowCount() < 600
    assert _chart_total(ex) == ex.model.rowCount()
    ex.filter_bar.facet_buttons["sentiment"].set_selected(["negative"])
    ex.filter_bar.changed.emit()
    _wait_chart(ex, qtbot)
    assert set(ex.chart.series) == {"negative"}
    assert _chart_total(ex) == ex.model.rowCount()


def test_a_click_on_a_point_opens_its_rows(window, qtbot):
    ex = window.explorer
    ws = window.session.workspace
    _search(ex, qtbot, "退款")
    searched = {ex.model.id_at(r) for r in range(ex.model.rowCount())}
    xs, ys = ex.chart.series["negative"]
    i = max(range(len(ys)), key=ys.__getitem__)
    ex.chart.click("negative", xs[i])
    shown = [ex.model.id_at(r) for r in range(ex.model.rowCount())]
    assert len(shown) == ys[i]
    assert set(shown) <= searched                        # the search still applies
    month = datetime.fromtimestamp(xs[i], UTC).strftime("%Y-%m")
    for fid in shown:
        info = ws.browse.detail(fid)
        assert info["tags"]["sentiment"][0]["value"] == "negative"
    months = {m for (m,) in ws.db.execute(
        f"SELECT month_n FROM feedback WHERE id IN ({','.join('?' * len(shown))})", shown)}
    y, mo = month.split("-")
    assert months == {int(y) * 12 + int(mo) - 1}
    assert month in ex.filter_bar.count_label.text()
