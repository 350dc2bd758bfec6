"""The English UI shows departments, taxonomy values and rule ids by their English label; the
stored values (物流部, category:物流配送:terms) stay as they are."""

from __future__ import annotations

from PySide6.QtCore import Qt

from vocdesk.ui.labels import origin_text
from vocdesk.ui.models.feedback_table import ID_ROLE


def test_rule_ids_read_in_english(window):
    tax = window.session.workspace.taxonomy
    text = origin_text(tax, "category:物流配送:terms,cat-delivery-guy")
    assert text == "Delivery & logistics terms, cat-delivery-guy"
    assert origin_text(tax, "derived:touchpoint=门店导购").startswith("from Touchpoint = ")
    assert "门店导购" not in origin_text(tax, "derived:touchpoint=门店导购")
    assert origin_text(tax, "source") == ""        # "from the source file" says it already


def test_detail_pane_shows_derived_department_by_label(window):
    ex = window.explorer
    ws = window.session.workspace
    fid, = ws.db.execute("SELECT feedback_id FROM auto_tags WHERE facet = 'department' AND "
                         "origin LIKE 'derived:%' LIMIT 1").fetchone()
    ex.detail.show_feedback(fid)
    shown = ex.detail.evidence.text()
    assert "derived:" not in shown and "Department:" in shown
    assert ":terms" not in shown


def test_taxonomy_editor_shows_owner_department_by_label_and_stores_the_value(window, qtbot):
    page = window.taxonomy_page
    window.show_taxonomy()
    tax = window.session.workspace.taxonomy
    facet = tax.facet("category")
    row = next(i for i, v in enumerate(facet.values) if v.department == "物流部")
    page.facet_list.setCurrentRow(next(i for i in range(page.facet_list.count())
                                       if page.facet_list.item(i).text().endswith("(category)")))
    page.value_list.setCurrentRow(row)
    assert page.department_combo.currentText() == "Logistics"
    i = page.department_combo.findText("Customer service center")
    page.department_combo.setCurrentIndex(i)
    assert page.current_value().department == "客服中心"      # the stored value, not the label


def test_channels_read_by_their_label_and_filter_by_their_code(window, qtbot):
    """Table, detail pane and filter say "App store"; the filter still selects the stored code."""
    from vocdesk.engine.importers.channels import CHANNELS

    ex = window.explorer
    codes = window.session.workspace.browse.filter_options()["channels"]
    known = [c for c in codes if c in CHANNELS]
    assert known
    shown = {ex.filter_bar.channel.list.item(i).text(): ex.filter_bar.channel.list.item(i).data(
        Qt.ItemDataRole.UserRole) for i in range(ex.filter_bar.channel.list.count())}
    for code in known:
        assert shown[CHANNELS[code][1]] == code
    assert not any("_" in text for text in shown)
    cells = {ex.model.data(ex.model.index(r, 1)) for r in range(min(ex.model.rowCount(), 50))}
    assert cells and cells <= {CHANNELS[c][1] for c in known} | set(codes) - set(known)
    ex.detail.show_feedback(ex.model.data(ex.model.index(0, 0), ID_ROLE))
    assert any(CHANNELS[c][1] in ex.detail.meta.text() for c in known)
