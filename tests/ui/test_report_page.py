"""The report builder page: engine-listed templates and scopes, marked quotes, preview, export,
the PII refusal shown; and the explorer's "Mark as evidence"."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from tests.ui.pagetest import PageTest
from vocdesk.engine.workspace import Workspace
from vocdesk.ui.pages.report_page import ReportPage

TOUCHPOINT = "地址填写与修改"


class TestReportPage(PageTest):
    page_module = "report_page"

    def make_page(self, session, tmp_path):
        return ReportPage(session)

    def check_page(self, page, session, n_rows: int) -> None:
        names = [page.template_combo.itemData(i) for i in range(page.template_combo.count())]
        assert "defect" in names
        assert page.kind_combo.findData("touchpoint") >= 0


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    from vocdesk.engine.demo_workspace import build_demo_workspace

    path = tmp_path_factory.mktemp("report-page") / "demo.vocdesk"
    build_demo_workspace(path, rows=3000)
    return path


@pytest.fixture
def demo_path(demo_template, tmp_path):
    from tests.conftest import copy_workspace

    return copy_workspace(demo_template, tmp_path / "demo.vocdesk")


def _choose(qtbot, page, kind: str, key: str) -> None:
    with qtbot.waitSignal(page.keys_loaded, timeout=30000):
        page.kind_combo.setCurrentIndex(page.kind_combo.findData(kind))
    page.select_scope(kind, key)
    qtbot.waitUntil(lambda: page._evidence_ready, timeout=30000)


def test_defect_pack_for_a_touchpoint_with_a_marked_quote(qtbot, open_page, session_on,
                                                          demo_path, tmp_path):
    session = session_on(demo_path)
    ws = session.workspace
    tp_ids = ws.journey.touchpoint_ids(TOUCHPOINT)
    # the oldest row of the touchpoint: the rule alone (each customer's latest) skips it
    inside = [i for i in ws.browse.ids(None, "date_asc") if int(i) in set(tp_ids)]
    marked = int(inside[0])
    outside = next(int(i) for i in ws.browse.ids(None, "id") if int(i) not in set(tp_ids))
    ws.evidence.mark([marked, outside], topic="地址", who="li")
    page = open_page(ReportPage(session), session=session, size=(1366, 720))
    names = [page.template_combo.itemData(i) for i in range(page.template_combo.count())]
    assert names == [n for n, _, _ in ws.reports.templates()]        # from the engine
    page.template_combo.setCurrentIndex(names.index("defect"))
    _choose(qtbot, page, "touchpoint", TOUCHPOINT)
    # only the marked quote inside the scope is offered, checked
    assert page.evidence_list.count() == 1 and page.checked_quotes() == [marked]
    with qtbot.waitSignal(page.preview_ready, timeout=60000):
        page.preview_button.click()
    assert page.preview_view.page_labels and page.built.pages == len(
        page.preview_view.page_labels)
    assert page.built.manifest["scope"]["key"] == TOUCHPOINT
    out = tmp_path / "tp.pdf"
    with qtbot.waitSignal(page.exported, timeout=60000):
        page.export_to(out)
    assert out.is_file()
    text = _text(out.read_bytes())
    quote = re.sub(r"\s+", "", ws.feedback([marked])[0]["text"])[:15]
    assert quote in text
    assert re.sub(r"\s+", "", ws.feedback([outside])[0]["text"])[:15] not in text
    man = json.loads((tmp_path / "tp.manifest.json").read_text("utf-8"))
    assert man["spec"]["scope"] == f"touchpoint:{TOUCHPOINT}" and man["rows"] == len(tp_ids)
    assert man["spec"]["quote_ids"] == [marked]
    assert out.read_bytes() == page.built.pdf              # the preview is the exported pack
    assert "tp.pdf" in page.message.text()
    with qtbot.waitSignal(page.rows_requested, timeout=5000) as shown:   # the scope's rows
        page.rows_button.click()
    assert sorted(shown.args[0]) == sorted(tp_ids)
    # unchecking the quote leaves it to the rule
    page.evidence_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert page.spec().quote_ids == []


def test_the_pii_refusal_is_shown_and_nothing_written(qtbot, open_page, session_on, tmp_path):
    path = tmp_path / "leaky.vocdesk"
    rows = [{"text": f"边刷坏了第{i}次", "created_at": f"2026-03-{1 + i:02d} 10:00",
             "customer_id": f"c{i}"} for i in range(12)]
    rows[0]["text"] = "边刷坏了，请打我电话 13812345678 联系"
    with Workspace.create(path) as ws:
        ws.imports.import_dataframe(pd.DataFrame(rows), "test:leaky", redact=False)
        ws.analyze(workers=1)
    session = session_on(path)
    page = open_page(ReportPage(session), session=session, size=(1366, 720))
    out = tmp_path / "p.pdf"
    with qtbot.waitSignal(page.preview_ready, timeout=1000, raising=False):
        page.export_to(out)
    qtbot.waitUntil(lambda: page._job is None, timeout=60000)
    assert not out.exists()
    assert "personal data" in page.message.text() and "mobile" in page.message.text()
    assert "13812345678" not in page.message.text()
    assert page.export_button.isEnabled()


def test_explorer_marks_selected_rows_and_shows_a_star(window, qtbot):
    from vocdesk.ui.widgets import evidence_actions

    ex = window.explorer
    assert {a.objectName() for a in ex.table.actions()} >= {"mark-evidence", "unmark-evidence"}
    ex.table.selectRow(0)
    ids = ex.selected_ids()
    assert evidence_actions.mark_rows(ex, ids, note="n", topic="t") == len(ids) == 1
    assert window.session.workspace.evidence.ids() == ids
    qtbot.waitUntil(lambda: str(ex.model.index(0, 2).data()).startswith("★ "), timeout=5000)
    assert not str(ex.model.index(1, 2).data()).startswith("★ ")
    evidence_actions.unmark_rows(ex, ids)
    qtbot.waitUntil(lambda: not str(ex.model.index(0, 2).data()).startswith("★ "),
                    timeout=5000)
    assert window.session.workspace.evidence.log(ids[0])[-1]["kind"] == "unmark"


def test_a_template_added_to_the_engine_appears_by_itself(qtbot, open_page, session_on,
                                                          tiny_ws_path, monkeypatch):
    from vocdesk.engine.reports.templates import TEMPLATES, defect

    monkeypatch.setitem(TEMPLATES, "newone", (defect.build, "weekly_title", "weekly_subject"))
    session = session_on(tiny_ws_path(1))
    page = open_page(ReportPage(session), session=session, size=(1366, 720))
    idx = page.template_combo.findData("newone")
    assert idx >= 0 and page.template_combo.itemText(idx) in ("周报", "Weekly report")


def test_cancel_stops_the_build_and_the_page_is_usable_again(qtbot, open_page, session_on,
                                                             tiny_ws_path, monkeypatch):
    import threading

    from vocdesk.engine.reports import ReportService

    started, release = threading.Event(), threading.Event()
    real = ReportService.build

    def slow_build(self, spec):
        started.set()
        release.wait(30)
        return real(self, spec)

    monkeypatch.setattr(ReportService, "build", slow_build)
    session = session_on(tiny_ws_path(1))
    page = open_page(ReportPage(session), session=session, size=(1366, 720))
    page.preview()
    assert started.wait(30)
    assert page.cancel_button.isEnabled() and not page.preview_button.isEnabled()
    assert page.progress.isVisible()
    page.cancel()
    release.set()
    qtbot.waitUntil(lambda: page._job is None, timeout=30000)
    assert page.message.text() == "Cancelled." and page.built is None
    assert page.preview_button.isEnabled() and not page.progress.isVisible()
    monkeypatch.setattr(ReportService, "build", real)
    with qtbot.waitSignal(page.preview_ready, timeout=60000):
        page.preview()
    assert page.preview_view.page_labels
