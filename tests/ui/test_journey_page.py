"""The journey map page on empty, one-row and demo workspaces: the map, the curve, the
click-through to exactly a touchpoint's rows, concentration, compare mode and export."""

from __future__ import annotations

import pytest

from tests.ui.journey_fixtures import demo_session, demo_template  # noqa: F401 - fixtures
from tests.ui.pagetest import PageTest

ADDRESS = "地址填写与修改"


def wait_job(page) -> None:
    """The job's thread ends before its result reaches the page: wait for the delivery."""
    from PySide6.QtTest import QTest

    for _i in range(400):
        if page._job is None:
            return
        QTest.qWait(25)


def _page(session):
    from vocdesk.ui.pages.journey_page import JourneyPage

    return JourneyPage(session)


class TestJourneyPage(PageTest):
    page_module = "journey_page"

    def make_page(self, session, tmp_path):
        return _page(session)

    def check_page(self, page, session, n_rows):
        wait_job(page)
        assert page.result is not None, page.status.text()
        assert "v0" in page.version_label.text()
        jm = page.result["map"]
        assert sum(t.rows for t in jm.touchpoints()) <= n_rows
        # nothing flagged or ranked on a workspace this small
        assert not any(t.flag or t.worst for t in jm.touchpoints())
        assert set(page.cards.cards) == {t.name for t in jm.touchpoints()}


@pytest.fixture
def page(demo_session, open_page, qtbot):  # noqa: F811 - the fixture
    p = open_page(_page(demo_session), session=demo_session, size=(1366, 720))
    qtbot.waitUntil(lambda: p.result is not None, timeout=30000)
    return p


def _wait_map(qtbot, page, action):
    with qtbot.waitSignal(page.map_ready, timeout=30000):
        action()
    qtbot.waitUntil(lambda: not page.session.busy, timeout=30000)


def test_demo_map_marks_address_editing_low_and_worst(page):
    card = page.cards.cards[ADDRESS]
    assert "LOW" in card.marks and "worst" in card.marks
    assert "Address entry & change" in card.title.text()         # English label, not the id
    assert any(lab.startswith("Address entry & change: low") for lab in page.curve.labels)
    finals = [c for c in page.cards.cards.values() if "end" in c.marks]
    assert len(finals) == 1
    for c in page.cards.cards.values():                          # grey cells are never marked
        if c.tp.low_n:
            assert not {"LOW", "HIGH", "worst", "end"} & set(c.marks)
    body = card.body.text()
    assert "negative" in body and "[" in body and "customers" in body


def test_clicking_a_card_or_a_point_opens_exactly_its_rows_under_the_filter(page, qtbot):
    from vocdesk.engine.domain import FeedbackFilter

    ws = page.session.workspace
    flt = FeedbackFilter(date_from="2026-05-01", date_to="2026-10-31")
    _wait_map(qtbot, page, lambda: page.filter_bar.set_filter(flt))
    with qtbot.waitSignal(page.rows_requested) as sig:
        page.cards.cards[ADDRESS].clicked.emit(ADDRESS)
    ids, what = sig.args
    assert ids == ws.journey.touchpoint_ids(ADDRESS, page.filter_bar.filter())
    assert 0 < len(ids) < len(ws.journey.touchpoint_ids(ADDRESS))
    assert "Address entry" in what
    assert ADDRESS in page.details.toPlainText() or "Address entry" in page.details.toPlainText()
    # the curve: the same rows for the same touchpoint's point
    scatter = page.curve.scatters[0]
    point = next(p for p in scatter.points() if p.data() == ADDRESS)
    with qtbot.waitSignal(page.rows_requested) as sig2:
        scatter.sigClicked.emit(scatter, [point], None)
    assert sig2.args[0] == ids


def test_details_show_top_issues_and_representative_verbatims(page):
    page.select(ADDRESS)
    text = page.details.toPlainText()
    tp = page.result["map"].touchpoint(ADDRESS)
    assert 3 <= len(tp.verbatims) <= 5
    assert "Representative verbatims" in text and tp.verbatims[0][1][:20] in text


def test_where_it_concentrates_for_the_negatives(page, qtbot):
    from vocdesk.engine.domain import FeedbackFilter

    ws = page.session.workspace
    _wait_map(qtbot, page, lambda: page.filter_bar.set_filter(
        FeedbackFilter(facets={"sentiment": ["negative"]})))
    assert "%" in page.headline.text() and "selected rows" in page.headline.text()
    top = page.concentration.topLevelItem(0)
    item = top.child(0)
    facet, value = item.data(0, 0x0100)
    with qtbot.waitSignal(page.rows_requested) as sig:
        page._concentration_clicked(item, 0)
    assert sig.args[0] == ws.journey.ids_of(facet, value, page.filter_bar.filter())
    assert int(item.text(2).replace(",", "")) == len(sig.args[0])


def test_compare_two_periods_shows_both_curves_and_differences(page, qtbot):
    from PySide6.QtCore import QDate

    bar = page.compare_bar

    def go():
        for d, text in ((bar.a_from, "2025-11-01"), (bar.a_to, "2026-04-30"),
                        (bar.b_from, "2026-05-01"), (bar.b_to, "2026-10-31")):
            d.blockSignals(True)
            d.setDate(QDate.fromString(text, "yyyy-MM-dd"))
            d.blockSignals(False)
        bar.set_mode("period")

    _wait_map(qtbot, page, go)
    comp = page.result["compare"]
    assert comp is not None and len(page.curve.scatters) == 2
    assert set(comp["changes"]) == set(page.cards.cards)
    assert "Δ negative" in page.cards.cards[ADDRESS].body.text()
    assert "B − A" in page.status.text()
    assert "of A" in page.links_tree.headerItem().text(0)      # whose breakpoints are drawn
    ws = page.session.workspace
    a, b = bar.filters(page.filter_bar.filter())
    ch = comp["changes"][ADDRESS]
    assert ch.rows_a == len(ws.journey.touchpoint_ids(ADDRESS, a))
    assert ch.rows_b == len(ws.journey.touchpoint_ids(ADDRESS, b))


def test_export_png_and_svg(page, tmp_path):
    from PySide6.QtGui import QImage

    png = page.export_image(tmp_path / "map.png")
    img = QImage(str(png))
    assert not img.isNull() and img.width() > 500
    svg = page.export_image(tmp_path / "map.svg").read_text("utf-8")
    assert "<svg" in svg and "</svg>" in svg
    with pytest.raises(ValueError):
        page.export_image(tmp_path / "map.gif")


def test_broken_links_are_drawn_listed_and_open_exactly_their_rows(page, qtbot):
    links = page.result["links"]
    assert links, "the demo plants sales promise × after-sales"
    top = links[0]
    assert set(top.departments) == {"销售部", "售后服务部"} and top.q < 0.05
    assert page.links_tree.topLevelItemCount() == len(links)
    assert page.links_tree.topLevelItem(0).text(0).startswith("#1 ")
    assert len(page.curve.links) == sum(x.drawn for x in links) >= 1
    ws = page.session.workspace
    with qtbot.waitSignal(page.rows_requested) as sig:
        page.curve.links[0].sigClicked.emit(page.curve.links[0], None)
    ids, title = sig.args
    assert ids == ws.breakpoints.pair_ids(top.departments, page.result["filter"])
    assert len(ids) == top.n and "broken link" in title


def test_compare_two_customer_segments_from_the_customers_table(page, qtbot):
    from vocdesk.engine.domain import FeedbackFilter
    from vocdesk.ui.widgets.compare_bar import CUSTOMER_SEGMENT

    bar = page.compare_bar
    ws = page.session.workspace
    segments = ws.browse.filter_options()["segments"]
    assert bar.facet.itemData(0) == CUSTOMER_SEGMENT           # offered first
    bar.set_mode("segment")
    assert [bar.value_a.itemData(i) for i in range(bar.value_a.count())] == segments
    _wait_map(qtbot, page, lambda: bar.set_segments(CUSTOMER_SEGMENT, segments[0], segments[1]))
    a, b = bar.filters(page.filter_bar.filter())
    assert (a.segments, b.segments) == ([segments[0]], [segments[1]])
    comp = page.result["compare"]
    assert comp is not None and len(page.curve.scatters) == 2
    ch = comp["changes"][ADDRESS]
    assert ch.rows_a == len(ws.journey.touchpoint_ids(ADDRESS, FeedbackFilter(
        segments=[segments[0]])))
    assert ch.rows_b == len(ws.journey.touchpoint_ids(ADDRESS, FeedbackFilter(
        segments=[segments[1]])))
    assert bar.describe() == (segments[0], segments[1])
    assert "B − A" in page.status.text()
    bar.value_b.setCurrentIndex(0)                                 # A = B: no comparison
    assert bar.filters(FeedbackFilter())[1] is None
