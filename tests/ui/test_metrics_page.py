"""The metrics page: the numbers of ``vocdesk metrics --json``, greyed cells, clicks open the
rows behind a number or an impact bar."""

from __future__ import annotations

import json

import pytest

from tests.ui.pagetest import PageTest


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from vocdesk.engine.demo_workspace import build_demo_workspace

    path = tmp_path_factory.mktemp("demo") / "demo.vocdesk"
    build_demo_workspace(path, rows=3000)
    return path


def _wait(qtbot, page, session):
    qtbot.waitUntil(lambda: page.data is not None and not session.busy, timeout=60000)


class TestMetricsPage(PageTest):
    page_module = "metrics_page"

    def make_page(self, session, tmp_path):
        from vocdesk.ui.pages.metrics_page import MetricsPage

        return MetricsPage(session)

    def check_page(self, page, session, n_rows):
        if session.workspace is None:
            return
        assert page.data is not None
        assert page.table.rowCount() == len(page.data["table"])
        if n_rows == 0:
            assert page.table.rowCount() == 0


def _cli_json(capsys, *args) -> dict:
    from vocdesk.cli import main

    capsys.readouterr()
    assert main([str(a) for a in args] + ["--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_metrics_page_shows_the_cli_numbers_and_clicks_open_their_rows(
        qtbot, open_page, session_on, demo_path, capsys):
    from vocdesk.ui.pages.metrics_page import MetricsPage

    session = session_on(demo_path)
    page = open_page(MetricsPage(session), session=session, size=(1366, 768))
    page.by_combo.setCurrentIndex(page.by_combo.findData("region"))
    qtbot.waitUntil(lambda: page.data is not None and page.data["by"] == "region"
                    and not session.busy, timeout=60000)
    cli = _cli_json(capsys, "metrics", demo_path, "--by", "region")["rows"]
    assert page.table.rowCount() == len(cli)
    col = {page.table.horizontalHeaderItem(c).text(): c for c in range(page.table.columnCount())}
    nps_col = col["NPS [95%]"]
    for r, row in enumerate(cli):
        assert page.table.text(r, 0) == row["value"]
        assert page.table.text(r, 1) == f"{row['n']:,}"
        if row["nps"] is not None:
            assert page.table.text(r, nps_col) == (
                f"{row['nps']:.0f} [{row['nps_ci_low']:.0f}, {row['nps_ci_high']:.0f}]")
            assert page.table.is_grey(r, nps_col) == row["nps_low_n"]
    # a click on an NPS cell opens exactly the respondents that NPS counted
    seen = []
    page.rows_requested.connect(lambda ids, what: seen.append((ids, what)))
    page.table.cellClicked.emit(0, nps_col)
    ids = seen[-1][0]
    assert len(ids) == cli[0]["nps_n"]
    ws = session.workspace
    assert all(ws.db.execute("SELECT region FROM feedback WHERE id = ?", [i]).fetchone()[0]
               == cli[0]["value"] for i in ids[:50])
    # the impact bars are the CLI's impact, and a bar opens its respondents
    impact = _cli_json(capsys, "metrics", demo_path, "--impact")["impact"]
    shown = [t["theme"] for t in page.impact_themes]
    assert shown == [t["theme"] for t in impact["themes"] if t["impact"] is not None]
    page.impact_chart.activate(0)
    assert len(seen[-1][0]) == page.impact_themes[0]["n"]


def test_the_page_follows_the_explorers_filter_in_the_main_window(qtbot, open_page, demo_path):
    from vocdesk.ui.main_window import MainWindow

    win = MainWindow()
    assert win.open_path(demo_path)
    open_page(win, size=None)
    qtbot.waitUntil(lambda: not win.session.busy, timeout=60000)
    from vocdesk.engine.domain import FeedbackFilter

    page = win.pages["metrics"]
    assert page.data is None and not page.isVisible()      # hidden: nothing computed yet
    win.show_page("metrics")
    qtbot.waitUntil(lambda: page.data is not None and not win.session.busy, timeout=60000)
    assert page.data["flt"].channels == []
    win.show_explorer()
    win.explorer.filter_bar.set_filter(FeedbackFilter(channels=["survey"]))
    win.show_page("metrics")                 # shown again: recomputed over the new filter
    qtbot.waitUntil(lambda: page.data is not None and page.data["flt"].channels == ["survey"]
                    and not win.session.busy, timeout=60000)
    ws = win.session.workspace
    assert page.data["impact"]["n"] == ws.metrics.summary(page.data["flt"])["nps"].n
    expected = ws.metrics.table(page.data["by"], FeedbackFilter(channels=["survey"]))
    assert [(r["value"], r["n"]) for r in page.data["table"]] == \
        [(r["value"], r["n"]) for r in expected]
    win.session.jobs.shutdown()
    win.session.close()


def test_loyalty_by_theme_shows_the_engine_numbers_and_opens_the_customers_rows(
        qtbot, open_page, session_on, demo_path):
    from vocdesk.ui.pages._insight_common import THEMES
    from vocdesk.ui.pages.metrics_page import MetricsPage

    session = session_on(demo_path)
    page = open_page(MetricsPage(session), session=session, size=(1366, 768))
    _wait(qtbot, page, session)
    ws = session.workspace
    expect = ws.insights.loyalty(page.data["flt"], THEMES)["by_theme"]
    assert expect and page.loyalty.rowCount() == len(expect)
    assert "other" in page.loyalty_title.text()
    assert page.tabs.tabText(1) == "Loyalty by theme"
    first = expect[0]
    churn = first["churn"]
    assert page.loyalty.text(0, 1) == f"{first['customers']:,}"
    assert page.loyalty.text(0, 2) == (f"{churn['value']:.0%} [{churn['ci_low']:.0%}, "
                                       f"{churn['ci_high']:.0%}]")
    if churn["lift"]["value"] is not None:
        assert page.loyalty.text(0, 3).startswith(f"{churn['lift']['value']:.2f}")
    for r, t in enumerate(expect):
        assert page.loyalty.is_grey(r, 2) == t["low_n"]
    seen = []
    page.rows_requested.connect(lambda ids, what: seen.append((ids, what)))
    page.loyalty.cellClicked.emit(0, 2)
    ids = seen[-1][0]
    assert ids == ws.insights.loyalty_ids("theme", first["group"], page.data["flt"], THEMES)
    assert len(ids) >= first["customers"] > 0
