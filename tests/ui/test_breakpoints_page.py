"""The breakpoints page: on empty / one-row workspaces, and on the demo the planted
sales-promise × after-sales pair first, in English labels, each cell and pair opening exactly
its rows."""

from __future__ import annotations

import pytest

from tests.ui.journey_fixtures import demo_session, demo_template  # noqa: F401 - fixtures
from tests.ui.pagetest import PageTest
from tests.ui.test_journey_page import wait_job


def _page(session):
    from vocdesk.ui.pages.breakpoints_page import BreakpointsPage

    return BreakpointsPage(session)


class TestBreakpointsPage(PageTest):
    page_module = "breakpoints_page"

    def make_page(self, session, tmp_path):
        return _page(session)

    def check_page(self, page, session, n_rows):
        wait_job(page)
        assert page.handoffs is not None
        if n_rows == 0:
            assert page.pairs == [] and page.pair_table.rowCount() == 0
            assert "No row names two departments" in page.summary.text()


@pytest.fixture
def page(demo_session, open_page, qtbot):  # noqa: F811 - the fixture
    p = open_page(_page(demo_session), session=demo_session, size=(1366, 720))
    wait_job(p)
    assert p.handoffs is not None
    return p


def test_the_planted_pair_ranks_first_with_english_labels(page):
    first = page.pair_table.item(0, 0).text()
    assert "Sales" in first and "After-sales service" in first
    assert set(page.pairs[0].departments) == {"销售部", "售后服务部"}
    headers = [page.matrix.verticalHeaderItem(i).text()
               for i in range(page.matrix.rowCount())]
    assert headers and not any("部" in h or "中心" in h for h in headers)
    assert "Examples" in page.examples.toPlainText()
    assert "Hand-offs:" in page.handoff_label.text()


def test_a_pair_and_a_cell_open_exactly_their_rows(page, qtbot):
    ws = page.session.workspace
    pair = page.pairs[0]
    with qtbot.waitSignal(page.rows_requested) as sig:
        page.pair_table.cellClicked.emit(0, 1)
    ids = sig.args[0]
    assert len(ids) == pair.n and ids == ws.breakpoints.pair_ids(pair.departments)
    i = page.departments.index(pair.departments[0])
    j = page.departments.index(pair.departments[1])
    with qtbot.waitSignal(page.rows_requested) as sig2:
        page.matrix.cellClicked.emit(j, i)
    assert sig2.args[0] == ids
    assert page.matrix.item(i, j).text() == f"{pair.n:,}"


def test_low_n_pairs_are_grey_and_last(page):
    flags = [p.low_n for p in page.pairs]
    assert flags == sorted(flags)                      # ranked pairs first, then the small ones
    small = [r for r, p in enumerate(page.pairs) if p.low_n]
    if small:
        assert page.pair_table.item(small[0], 0).foreground().color().name() == "#999999"


def test_without_customer_ids_handoffs_say_so(session_on, open_page, tmp_path, qtbot):
    import pandas as pd

    from vocdesk.engine.workspace import Workspace

    path = tmp_path / "nocust.vocdesk"
    ws = Workspace.create(path)
    ws.imports.import_dataframe(pd.DataFrame({"text": ["客服不回复，退款也不给", "快递太慢了"] * 20}),
                                "test:nocust")
    ws.analyze(workers=1)
    ws.close()
    session = session_on(path)
    p = open_page(_page(session), session=session)
    wait_job(p)
    assert "Hand-offs need customer ids" in p.handoff_label.text()
