"""Review queue page: orders, keyboard edits, bulk replace as one undo step, retrain."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.conftest import build_workspace, write_controlled_tags
from tests.ui.pagetest import PageTest
from vocdesk.engine.commands import SetTags
from vocdesk.engine.workspace import Workspace
from vocdesk.ui.pages.review_page import ReviewPage

N = 40


@pytest.fixture
def controlled(session_on, tmp_path):
    path = build_workspace(tmp_path / "q.vocdesk", n=N, analyze=False)
    with Workspace.open(path) as ws:
        scores = write_controlled_tags(ws, N)
    return session_on(path), scores


class TestReviewPage(PageTest):
    page_module = "review_page"

    def make_page(self, session, tmp_path):
        return ReviewPage(session)

    def check_page(self, page, session, n_rows):
        assert len(page.model.ids) == n_rows and page.counts == (0, n_rows)
        assert page.counts_label.text() == f"Reviewed: 0 · Remaining: {n_rows}"
        assert page.current_id() == (1 if n_rows else None)


def _page(qtbot, open_page, session) -> ReviewPage:
    page = ReviewPage(session)
    open_page(page, size=(1100, 700))
    qtbot.waitUntil(lambda: len(page.model.ids) > 0, timeout=10000)
    return page


def _human(session, fid, facet):
    tags = session.workspace.effective_tags([fid])[fid].get(facet, [])
    return [t["value"] for t in tags if t["origin_kind"] == "human"]


def test_uncertainty_and_impact_order(qtbot, open_page, controlled):
    session, scores = controlled
    page = _page(qtbot, open_page, session)
    expected = sorted(scores, key=lambda i: (min(scores[i][1], scores[i][3]), i))
    assert page.model.ids == expected
    assert page.current_id() == expected[0]
    assert page.counts_label.text().endswith(f"{N}")

    with qtbot.waitSignal(page.queue_loaded, timeout=10000):
        page.mode_combo.setCurrentIndex(page.mode_combo.findData("impact"))
    negatives = {i for i in scores if scores[i][0] == "negative"}
    head = page.model.ids[:len(negatives)]
    assert set(head) == negatives
    # the first row is a negative one from the most valuable customer (c0, ¥20,000)
    first = session.workspace.feedback([head[0]])[0]
    assert first["customer_id"] == "c0"
    assert "¥20,000" in page.model.index(0, 4).data()


def test_keys_set_sentiment_accept_and_navigate(qtbot, open_page, controlled):
    session, _scores = controlled
    page = _page(qtbot, open_page, session)
    view = page.view
    ids = list(page.model.ids)

    qtbot.keyClick(view, Qt.Key.Key_J)
    assert page.current_id() == ids[1]
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert page.current_id() == ids[0]

    for key, value, row in ((Qt.Key.Key_1, "positive", 0), (Qt.Key.Key_2, "neutral", 1),
                            (Qt.Key.Key_3, "negative", 2)):
        qtbot.keyClick(view, key)
        assert _human(session, ids[row], "sentiment") == [value]
        assert page.current_id() == ids[row + 1]          # advanced to the next row

    qtbot.keyClick(view, Qt.Key.Key_A)                    # accept all auto tags of row 3
    assert _human(session, ids[3], "category") == ["物流配送"]
    assert _human(session, ids[3], "sentiment")
    assert _human(session, ids[3], "department") == []    # derived facets stay automatic
    assert session.stack.undo_label.startswith("Accept") or session.stack.undo_label
    session.undo()                                        # one step undoes the whole row
    assert _human(session, ids[3], "category") == [] and _human(session, ids[3], "sentiment") == []

    qtbot.waitUntil(lambda: page.counts == (3, N - 3), timeout=10000)
    assert "3" in page.counts_label.text()
    # the queue keeps its order while reviewing (rows do not jump away under the cursor)
    assert page.model.ids == ids

    qtbot.keyClick(view, Qt.Key.Key_T)
    assert page._picker is not None and page._picker.isVisible()
    if page._picker.editor is not None:
        assert page._picker.editor.ids == [page.current_id()]
    page._picker.close()


def test_bulk_replace_is_one_undo_step(qtbot, open_page, controlled):
    session, _scores = controlled
    page = _page(qtbot, open_page, session)
    ids = page.model.ids[:10]
    sel = page.view.selectionModel()
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection = QItemSelection(page.model.index(0, 0), page.model.index(9, 4))
    sel.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert page.selected_ids() == ids
    page.bulk_facet.setCurrentIndex(page.bulk_facet.findData("category"))
    page.bulk_old.setCurrentIndex(page.bulk_old.findData("物流配送"))
    page.bulk_new.setCurrentIndex(page.bulk_new.findData("客服服务"))
    depth = len(session.stack._undo)
    page.bulk_button.click()
    assert len(session.stack._undo) == depth + 1
    assert all(_human(session, i, "category") == ["客服服务"] for i in ids)
    assert "Delivery & logistics" in session.stack.undo_label   # the label, not 物流配送
    session.undo()
    assert all(_human(session, i, "category") == [] for i in ids)


def test_reviewed_rows_leave_the_queue_on_reload(qtbot, open_page, controlled):
    session, _scores = controlled
    page = _page(qtbot, open_page, session)
    first = page.model.ids[0]
    qtbot.keyClick(page.view, Qt.Key.Key_1)
    with qtbot.waitSignal(page.queue_loaded, timeout=10000):
        page.reload()
    assert first not in page.model.ids
    with qtbot.waitSignal(page.queue_loaded, timeout=10000):
        page.reviewed_check.setChecked(True)
    assert first in page.model.ids


def test_retrain_shows_accuracy_before_and_after(qtbot, open_page, review_session):
    session = review_session
    page = _page(qtbot, open_page, session)
    ids = session.workspace.feedback(list(range(1, 61)))
    tags = session.workspace.effective_tags([r["id"] for r in ids])
    for r in ids[:45]:
        value = tags[r["id"]]["sentiment"][0]["value"]
        session.do(SetTags([r["id"]], "sentiment", [value]))
    with qtbot.waitSignal(page.retrained, timeout=120000) as blocker:
        page.retrain_button.click()
    result = blocker.args[0]
    assert "sentiment" in result.facets
    text = page.retrain_label.text()
    assert "→" in text and "%" in text
    learned = result.facets["sentiment"]["learned"]
    assert f"{learned:.0%}" in text
    qtbot.waitUntil(lambda: page._job is None, timeout=10000)
    assert page.retrain_button.isEnabled()


def test_every_string_of_these_pages_has_a_chinese_translation():
    import ast
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    catalog = json.loads((root / "resources/i18n/zh_CN.json").read_text("utf-8"))
    files = ["vocdesk/ui/pages/import_wizard.py", "vocdesk/ui/pages/_import_preview.py",
             "vocdesk/ui/pages/review_page.py", "vocdesk/ui/models/review_queue.py",
             "vocdesk/ui/pages/taxonomy_page.py", "vocdesk/ui/widgets/rule_editor.py"]
    missing = []
    for f in files:
        for node in ast.walk(ast.parse((root / f).read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_" \
                    and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                if node.args[0].value not in catalog:
                    missing.append((f, node.args[0].value))
    assert not missing
