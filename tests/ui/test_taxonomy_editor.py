"""Taxonomy editor: live hit count of a rule, inline syntax errors, apply shows moved rows."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.ui.pagetest import PageTest
from vocdesk.ui.pages.taxonomy_page import TaxonomyPage
from vocdesk.ui.widgets.rule_editor import highlight_html


class TestTaxonomyPage(PageTest):
    page_module = "taxonomy_page"

    def make_page(self, session, tmp_path):
        return TaxonomyPage(session)

    def check_page(self, page, session, n_rows):
        names = [f.name for f in session.workspace.taxonomy.facets]
        assert page.facet_list.count() == len(names) > 0 and not page.dirty


@pytest.fixture
def page(open_page, review_session):
    p = open_page(TaxonomyPage(review_session))
    p.select("category", "物流配送", "cat-delivery-slow")
    assert p.current_rule().id == "cat-delivery-slow"
    return p


def _texts(session):
    return [r["text"] for r in session.workspace.feedback(list(range(1, 61)))]


def test_live_hit_count_and_samples(qtbot, page, review_session):
    ed = page.rule_editor
    with qtbot.waitSignal(ed.preview_ready, timeout=10000) as got:
        ed.expr_edit.setPlainText("物流 OR 快递")       # debounced, then a background scan
    preview = got.args[0]
    expected = sum(("物流" in t or "快递" in t) for t in _texts(review_session))
    assert preview.hits == expected > 0
    assert f"{expected}" in ed.hits_label.text() and "60" in ed.hits_label.text()
    html = ed.samples_view.toHtml()
    assert "物流" in html and "background-color:#ffd54f" in html.replace(" ", "")
    assert "<b>物流</b>" in highlight_html("物流太慢", [(0, 2)])


def test_syntax_error_is_shown_inline(qtbot, page):
    ed = page.rule_editor
    with qtbot.waitSignal(ed.syntax_checked, timeout=5000,
                          check_params_cb=lambda msg: bool(msg)):
        ed.expr_edit.setPlainText("(物流 AND")
    assert "column" in ed.error.lower() or "列" in ed.error
    assert ed.error_label.text() and ed.error_label.isVisible()
    assert ed.last_preview is None


def test_apply_shows_moved_rows_and_saves(qtbot, page, review_session, monkeypatch):
    asked = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if len(asked) == 1 else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    ws = review_session.workspace
    before_auto = {fid for fid, t in ws.effective_tags(list(range(1, 61))).items()
                   if any(x["value"] == "客服服务" for x in t.get("category", []))}
    page.select("category", "客服服务")
    rid = page.current_rule().id
    ed = page.rule_editor
    with qtbot.waitSignal(page.rule_applied, timeout=10000) as got:
        ed.expr_edit.setPlainText("物流")
        page.apply_button.click()
    preview = got.args[0]
    with_logistics = {i + 1 for i, t in enumerate(_texts(review_session)) if "物流" in t}
    assert preview.hits == len(with_logistics)
    assert preview.moved_in == len(with_logistics - before_auto) > 0
    assert asked and f"{preview.moved_in}" in asked[0]      # shown before saving
    assert not page.dirty
    assert f"add 客服服务 to {preview.moved_in} rows" in page.status_label.text()
    saved = ws.taxonomy.facet("category").value("客服服务")
    assert [r.expr for r in saved.rules if r.id == rid] == ["物流"]
    assert len(asked) == 2          # then it offered re-analysis (answered No here)


def test_value_edits_and_save(qtbot, page, review_session, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    page.select("touchpoint")
    v = page.current_value()
    page.department_combo.setEditText("客服中心")
    page.terms_edit.setPlainText("新词甲, 新词乙\n新词丙")
    assert page.dirty
    assert page.save(ask_reanalyse=False)
    saved = review_session.workspace.taxonomy.facet("touchpoint").value(v.value)
    assert saved.department == "客服中心"
    assert saved.terms == ["新词甲", "新词乙", "新词丙"]
    # a broken rule is refused with a dialog, not a traceback
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a)))
    page.current_value().rules[0].expr = "(坏 AND" if page.current_value().rules else "x"
    if page.current_value().rules:
        assert not page.save(ask_reanalyse=False) and warned
