"""The role dashboards: the engine's numbers, saved layouts, every click opens its rows."""

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


class TestDashboardPage(PageTest):
    page_module = "dashboard_page"

    def make_page(self, session, tmp_path):
        from vocdesk.ui.pages.dashboard_page import DashboardPage

        return DashboardPage(session)

    def check_page(self, page, session, n_rows):
        if session.workspace is None:
            return
        assert page.data is not None
        assert page.data["summary"]["rows"]["n"] == n_rows
        tile = page.views["executive"].tiles["rows"]
        assert tile.value_text == f"{n_rows:,}"


def _open(qtbot, open_page, session_on, path, role):
    from vocdesk.ui.pages.dashboard_page import DashboardPage

    session = session_on(path)
    page = open_page(DashboardPage(session), session=session, size=(1366, 768))
    page.set_role(role)
    qtbot.waitUntil(lambda: page.data is not None and page.data["role"] == role
                    and not session.busy, timeout=60000)
    seen = []
    page.rows_requested.connect(lambda ids, what: seen.append(ids))
    return session, page, seen


def test_executive_tiles_and_trend_are_the_engines_and_open_their_rows(
        qtbot, open_page, session_on, demo_path, capsys):
    from vocdesk.cli import main

    session, page, seen = _open(qtbot, open_page, session_on, demo_path, "executive")
    view = page.views["executive"]
    capsys.readouterr()
    assert main(["metrics", str(demo_path), "--by", "month", "--json"]) == 0
    months = json.loads(capsys.readouterr().out)["rows"]
    nps = session.workspace.metrics.summary()["nps"]
    assert view.tiles["nps"].value_text == f"{nps.value:.0f}"
    sentiment = session.workspace.metrics.summary()["sentiment"]
    assert 0 <= sentiment.value <= 1          # a mean score on 0–1, shown without a sign
    assert view.tiles["sentiment"].value_text == f"{sentiment.value:.2f}"
    assert view.nps_chart.ys == [r["nps"] for r in months]
    view.tiles["nps"].click()
    assert len(seen[-1]) == nps.n
    view.nps_chart.activate(2)
    assert len(seen[-1]) == months[2]["nps_n"]
    view.neg_chart.activate(2)
    assert len(seen[-1]) == months[2]["n"]
    if view.movers.rowCount():
        view.movers.cellClicked.emit(0, 2)
        mv = page.data["movers"]["movers"][0]
        assert len(seen[-1]) == mv["now"]
    # loyalty: the first row is the detractors; a click opens their newest NPS answers
    det = page.data["loyalty"]["by_nps"][0]
    assert det["group"] == "detractor"
    assert view.loyalty.text(0, 1) == f"{det['customers']:,}"
    view.loyalty.cellClicked.emit(0, 0)
    assert len(seen[-1]) == det["customers"]


def test_product_dashboard_narrows_to_one_product(qtbot, open_page, session_on, demo_path):
    session, page, seen = _open(qtbot, open_page, session_on, demo_path, "product")
    product = page.param_combo.currentData()
    assert product
    from vocdesk.engine.domain import FeedbackFilter

    figs = session.workspace.metrics.summary(FeedbackFilter(facets={"product": [product]}))
    assert page.data["summary"]["rows"]["n"] == figs["rows"].n
    view = page.views["product"]
    view.issues.cellClicked.emit(0, 1)
    first = page.data["issues"][0]
    assert len(seen[-1]) == first["n"]


def test_region_scorecard_ranks_and_opens_cells_and_the_layout_is_saved(
        qtbot, open_page, session_on, demo_path):
    session, page, seen = _open(qtbot, open_page, session_on, demo_path, "region")
    page.param_combo.setCurrentIndex(page.param_combo.findData("region"))
    qtbot.waitUntil(lambda: page.data is not None and page.data["param"] == "region"
                    and not session.busy, timeout=60000)
    card = page.data["scorecard"]
    engine = session.workspace.insights.scorecard("region")
    assert [u["value"] for u in card["units"]] == [u["value"] for u in engine["units"]]
    view = page.views["region"]
    header = [view.card.horizontalHeaderItem(c).text() for c in range(view.card.columnCount())]
    col = header.index("Survey NPS")
    view.card.cellClicked.emit(0, col)
    assert len(seen[-1]) == card["units"][0]["cells"]["survey_nps"]["n"]
    for r, u in enumerate(card["units"]):
        assert view.card.is_grey(r, 0) == (u["rank"] is None)
    if view.touch.rowCount():
        view.touch.cellClicked.emit(0, 1)
        tp = page.data["touchpoints"][0]
        assert len(seen[-1]) == tp["n"]
    page.period_combo.setCurrentIndex(page.period_combo.findData(6))
    page.save_layout()
    assert session.workspace.insights.layouts()["region"] == {
        "param": "region", "months": 6, "use_explorer": True}


def test_every_string_of_the_metrics_and_dashboard_pages_has_a_chinese_translation():
    import ast
    from pathlib import Path

    from vocdesk import i18n
    from vocdesk.ui.pages import _dashboard_data, _dashboard_views, _insight_common, metrics_page

    catalog = i18n.load_catalog("zh_CN")
    ui = Path(i18n.__file__).parent / "ui"
    files = ["pages/metrics_page.py", "pages/dashboard_page.py", "pages/_dashboard_views.py",
             "pages/_dashboard_data.py", "pages/_insight_common.py", "widgets/figure_table.py"]
    msgids = set()
    for name in files:
        for node in ast.walk(ast.parse((ui / name).read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                msgids.add(node.args[0].value)
    # msgids kept in tables and translated where shown
    msgids |= {t for _m, t in _insight_common.PERIODS} | {t for _k, t in _dashboard_data.ROLES}
    msgids |= {t for _k, t, _p, _m in _dashboard_views.TILES}
    msgids |= {t for _c, t, _p in _dashboard_views.CARD}
    msgids |= set(_dashboard_views.LOYALTY_GROUPS.values())
    msgids |= {t for _m, t, _p in metrics_page.COLUMNS} | {"&Metrics", "&Dashboard"}
    missing = sorted(m for m in msgids if m not in catalog)
    assert not missing
