"""The weak-signals and actions pages: empty and one-row workspaces (PageTest), and the demo —
the numbers are the engine's, a click opens exactly the rows behind it, a move shows in the log."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from tests.ui.pagetest import SIZE, PageTest


class TestSignalsPage(PageTest):
    page_module = "signals_page"

    def make_page(self, session, tmp_path):
        from vocdesk.ui.pages.signals_page import SignalsPage

        return SignalsPage(session)

    def check_page(self, page, session, n_rows):
        assert page.table.rowCount() == len(page.signals) == 0
        assert not page.buttons["rule"].isEnabled()


class TestActionsPage(PageTest):
    page_module = "actions_page"

    def make_page(self, session, tmp_path):
        from vocdesk.ui.pages.actions_page import ActionsPage

        return ActionsPage(session)

    def check_page(self, page, session, n_rows):
        assert page.table.rowCount() == len(session.workspace.actions.list())
        assert "SLA" in page.breaches.text()


def test_every_string_of_the_loop_pages_is_translated():
    from vocdesk import i18n
    from vocdesk.ui.page_registry import ANALYSIS_PAGES
    from vocdesk.ui.pages import _action_detail, actions_page, signals_page

    catalog = i18n.load_catalog("zh_CN")
    ui = Path(i18n.__file__).parent / "ui"
    msgids = {*signals_page.COLUMNS, *actions_page.COLUMNS,
              *_action_detail.STATUS_LABELS.values(),
              *(p.title for p in ANALYSIS_PAGES if p.key in ("signals", "actions"))}
    for name in ("pages/signals_page.py", "pages/actions_page.py", "pages/_action_detail.py",
                 "charts/signal_chart.py"):
        for node in ast.walk(ast.parse((ui / name).read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                msgids.add(node.args[0].value)
    assert sorted(m for m in msgids if m not in catalog) == []


# --- on the demo ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from vocdesk.engine.demo_workspace import build_demo_workspace

    path = tmp_path_factory.mktemp("demo") / "demo.vocdesk"
    build_demo_workspace(path)
    return path


@pytest.fixture
def demo_session(demo_path, tmp_path, session_on):
    from tests.conftest import copy_workspace

    return session_on(copy_workspace(demo_path, tmp_path / "demo.vocdesk"))


def _signals_page(qtbot, open_page, session):
    from vocdesk.ui.pages.signals_page import SignalsPage

    page = SignalsPage(session)
    open_page(page, session=session, size=SIZE)
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=60000)
    return page


@pytest.mark.slow
def test_signals_page_on_demo_matches_engine_and_opens_rows(qtbot, open_page, demo_session,
                                                            tmp_path, capsys):
    from vocdesk.cli import main

    page = _signals_page(qtbot, open_page, demo_session)
    assert main(["signals", str(demo_session.path), "--json", "--limit", "50"]) == 0
    cli = json.loads(capsys.readouterr().out)["signals"]
    assert [(s["terms"], s["recent"], s["baseline"], s["q"]) for s in page.signals] == \
        [(s["terms"], s["recent"], s["baseline"], s["q"]) for s in cli]
    top = page.signals[0]
    assert any("R5" in t for t in top["terms"]) and any("边刷" in t for t in top["terms"])
    assert "R5" in page.table.item(0, 0).text() and "边刷" in page.table.item(0, 0).text()
    assert page.table.item(0, 1).text() == str(cli[0]["recent"])
    assert page.table.item(0, 8).text() == f"{top['customers_recent']} / " \
                                           f"{top['customers_baseline']}"
    assert page.examples.count() == len(cli[0]["example_ids"])
    with qtbot.waitSignal(page.rows_requested) as got:
        page.table.cellDoubleClicked.emit(0, 0)
    ids, what = got.args
    assert sorted(ids) == sorted(top["recent_ids"]) and len(ids) == top["recent"]
    week = max(range(len(top["weekly"])), key=lambda i: top["weekly"][i]["count"])
    assert page.chart.week_at(page.chart.weeks[week]) == week
    with qtbot.waitSignal(page.rows_requested) as got:
        page.chart.week_clicked.emit(week)
    assert got.args[0] == top["weekly"][week]["ids"]
    assert len(got.args[0]) == top["weekly"][week]["count"]
    ws = demo_session.workspace
    before = len(ws.actions.list())
    aid = page.create_action()
    made = ws.actions.get(aid)
    assert len(ws.actions.list()) == before + 1 and made["evidence"] == sorted(top["recent_ids"])
    assert made["targets"].get("product") == [top["terms"][0].split("=", 1)[1]]
    out = tmp_path / "outreach.csv"
    assert page.export_outreach(str(out)) == len(ws.actions.outreach(signal=top["key"]))
    page.buttons["dismiss"].click()
    qtbot.waitUntil(lambda: not demo_session.busy and page.signals
                    and page.signals[0]["key"] != top["key"], timeout=60000)
    assert top["key"] not in [s["key"] for s in page.signals]


@pytest.mark.slow
def test_signal_turned_into_rule_from_the_page(qtbot, open_page, session_on, tmp_path):
    from tests.engine.test_signals import _frame
    from vocdesk.engine.workspace import Workspace

    path = tmp_path / "p.vocdesk"
    with Workspace.create(path) as ws:
        ws.imports.import_dataframe(_frame(True), "t")
        ws.analyze(workers=1)
    session = session_on(path)
    page = _signals_page(qtbot, open_page, session)
    s = page.signals[0]
    with qtbot.waitSignal(page.signals_ready, timeout=60000):   # re-detected after re-tagging
        page.make_rule(s, "category", "边刷问题")
    qtbot.waitUntil(lambda: not session.busy, timeout=60000)
    value = session.workspace.taxonomy.facet("category").value("边刷问题")
    assert value is not None and len(value.rules) == 1
    tags = session.workspace.effective_tags(s["recent_ids"])
    assert all("边刷问题" in [t["value"] for t in tags[i].get("category", [])]
               for i in s["recent_ids"])


def _actions_page(qtbot, open_page, session):
    from vocdesk.ui.pages.actions_page import ActionsPage

    page = ActionsPage(session)
    with qtbot.waitSignal(page.actions_ready, timeout=60000):
        open_page(page, session=session, size=SIZE)
    return page


@pytest.mark.slow
def test_actions_page_on_demo_matches_engine_moves_and_round_trips(qtbot, open_page,
                                                                   demo_session, tmp_path):
    ws = demo_session.workspace
    # the demo ships one resolved action (the new warehouse) whose month-later check is due
    fixed = next(a["id"] for a in ws.actions.list() if a["status"] == "resolved"
                 and a["fixed_on"])
    page = _actions_page(qtbot, open_page, demo_session)
    engine = ws.actions.list()
    assert page.table.rowCount() == len(engine) and 10 <= len(engine) < 100
    assert [int(page.table.item(r, 0).text()) for r in range(len(engine))] == \
        [a["id"] for a in engine]
    due = [a["id"] for a in engine if a["effect_check_due"]]
    assert due == [fixed]
    # departments read in the UI's language (the English UI says "Logistics", not 物流部)
    shown_depts = {page.table.item(r, 4).text() for r in range(page.table.rowCount())}
    assert "Logistics" in shown_depts and "物流部" not in shown_depts
    assert "物流部" not in page.breaches.text()
    assert f"{sum(a['overdue'] for a in engine)} overdue" in page.summary.text()
    assert "1 with the month-later effect check due" in page.summary.text()
    page.due_only.setChecked(True)
    assert page.table.rowCount() == 1 and page.table.item(0, 8).text() == "due"
    page.due_only.setChecked(False)
    prec = {r["rule_id"]: r for r in ws.actions.rule_precision()}
    assert f"sensitive words: {prec['sensitive-words']['actions']} actions" in \
        page.rules_label.text()
    # a click opens exactly the evidence rows
    row = next(r for r, a in enumerate(page.shown) if a["evidence"])
    with qtbot.waitSignal(page.rows_requested) as got:
        page.table.cellDoubleClicked.emit(row, 0)
    assert got.args[0] == page.shown[row]["evidence"]
    # a status change appears in the log, with who and when
    page.table.selectRow(row)
    aid = page.current()["id"]
    log_rows = page.detail.log.rowCount()
    page.detail.move_combo.setCurrentIndex(page.detail.move_combo.findData("in_progress"))
    page.detail.note.setText("已联系客户")
    with qtbot.waitSignal(page.actions_ready, timeout=60000):
        page.detail.move_button.click()
    assert ws.actions.get(aid)["status"] == "in_progress"
    assert page.current()["id"] == aid
    assert page.detail.log.rowCount() == log_rows + 1
    assert page.detail.log.item(log_rows, 2).text() == "status → in progress"
    assert page.detail.log.item(log_rows, 1).text() == (ws.actions.get(aid)["events"][-1]["who"]
                                                        or "")
    # the effect check from the page equals the engine's
    page.table.selectRow([a["id"] for a in page.shown].index(fixed))
    with qtbot.waitSignal(page.actions_ready, timeout=60000):
        page.evaluate()
    assert page.table.item([a["id"] for a in page.shown].index(fixed), 8).text() != "due"
    r = ws.actions.evaluate(fixed, record=False)
    assert f"{r['effect']:+.1%}" in page.detail.effect.text()
    # export, edit in the "ticket tool", import back
    out = tmp_path / "q.csv"
    assert page.export(str(out)) == len(engine)
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("action_id,")
    back = tmp_path / "back.csv"
    back.write_text(f"action_id,status,who\n{aid},resolved,itsm\n", encoding="utf-8")
    with qtbot.waitSignal(page.actions_ready, timeout=60000):
        assert page.import_status(str(back))["events"] == 2      # status + resolution
    assert ws.actions.get(aid)["status"] == "resolved"
    assert page.import_status(str(back))["events"] == 0             # a re-import adds nothing


def test_the_triage_line_of_an_action_log_names_the_department_in_the_ui_language():
    from vocdesk.engine.tagging.taxonomy import default_taxonomy
    from vocdesk.i18n import set_language
    from vocdesk.ui.pages._action_detail import _event_text

    tax = default_taxonomy()          # the autouse fixture sets English and restores after
    assert _event_text({"kind": "triage", "value": "客服中心"}, tax) == \
        "sent to triage: Customer service center"
    set_language("zh_CN")
    assert _event_text({"kind": "triage", "value": "客服中心"}, tax) == "转分诊：客服中心"
