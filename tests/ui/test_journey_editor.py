"""The journey definition editor: rename + reorder + add through the widget API, save, reopen,
and the map uses the new version; Cancel leaves the definition unchanged."""

from __future__ import annotations

from tests.ui.journey_fixtures import demo_session, demo_template  # noqa: F401 - fixtures
from tests.ui.test_journey_page import wait_job


def test_rename_reorder_add_save_and_the_map_uses_the_new_version(demo_session, open_page,  # noqa: F811 - the fixture
                                                                    qtbot):
    from vocdesk.ui.pages.journey_page import JourneyPage
    from vocdesk.ui.widgets.journey_editor import JourneyEditor

    session = demo_session
    ws = session.workspace
    before = ws.journey.definition()
    page = open_page(JourneyPage(session), session=session, size=(1366, 720))
    wait_job(page)
    assert page.result["map"].version == 0

    ed = JourneyEditor(session, page)
    qtbot.addWidget(ed)
    first, second = before.stages[0].name, before.stages[1].name
    ed.rename("stage", first, "Seeing the ads")
    ed.move(ed.find("stage", second), -1)                    # second stage first
    ed.rename("touchpoint", "地址填写与修改", "Address form")
    ed.add_stage("Loyalty")
    ed.add_touchpoint("Loyalty", "会员积分", ["积分", "会员"])
    ed.set_rules("会员积分", ["积分", "会员等级"], ["积分 NEAR/5 (过期 OR 清零)"])
    version = ed.save()
    assert version >= 1 and ed.taxonomy_changed

    saved = ws.journey.definition()
    assert saved.version == version
    assert [s.name for s in saved.stages[:2]] == [second, first]
    assert saved.stages[-1].name == "Loyalty" and saved.stages[-1].touchpoints == ["会员积分"]
    assert saved.stages[1].label_en == "Seeing the ads"
    tp = ws.taxonomy.facet("touchpoint").value("会员积分")
    assert tp.terms == ["积分", "会员等级"] and tp.rules[0].expr.startswith("积分 NEAR/5")

    ed2 = JourneyEditor(session, page)                       # reopened: the saved state
    qtbot.addWidget(ed2)
    assert ed2.find("stage", "Loyalty") is not None
    assert ed2.find("touchpoint", "地址填写与修改").text(0) == "Address form"

    with qtbot.waitSignal(page.map_ready, timeout=60000):
        page.after_edit(ed)
    qtbot.waitUntil(lambda: not session.busy, timeout=60000)
    wait_job(page)
    assert page.result["map"].version == version
    assert f"v{version}" in page.version_label.text()
    assert page.cards.cards["地址填写与修改"].title.text().startswith("<b>Address form")


def test_cancel_leaves_the_definition_unchanged(demo_session, qtbot):  # noqa: F811 - the fixture
    from vocdesk.ui.widgets.journey_editor import JourneyEditor

    ws = demo_session.workspace
    before = ws.journey.definition().to_dict()
    versions = len(ws.journey.versions())
    ed = JourneyEditor(demo_session)
    qtbot.addWidget(ed)
    ed.add_stage("Scratch")
    ed.move(ed.find("stage", "Scratch"), -1)
    ed.reject()
    assert ws.journey.definition().to_dict() == before
    assert len(ws.journey.versions()) == versions
    assert ws.taxonomy.facet("touchpoint").value("会员积分") is None


def test_a_rule_that_does_not_parse_saves_nothing(demo_session, qtbot):  # noqa: F811 - the fixture
    import pytest

    from vocdesk.ui.widgets.journey_editor import JourneyEditor

    ws = demo_session.workspace
    versions = len(ws.journey.versions())
    ed = JourneyEditor(demo_session)
    qtbot.addWidget(ed)
    ed.rename("touchpoint", "支付", "Paying")
    ed.set_rules("支付", ["付款"], ["(付款 AND"])
    with pytest.raises(Exception):  # noqa: B017 - the rule parser's own error type
        ed.save()
    assert len(ws.journey.versions()) == versions
    assert ws.taxonomy.facet("touchpoint").value("支付").terms != ["付款"]


def test_every_string_of_the_journey_and_breakpoint_pages_has_a_chinese_translation():
    import ast
    from pathlib import Path

    from vocdesk import i18n
    from vocdesk.ui.page_registry import ANALYSIS_PAGES

    root = Path(i18n.__file__).parent
    catalog = i18n.load_catalog("zh_CN")
    files = ["ui/pages/journey_page.py", "ui/pages/breakpoints_page.py",
             "ui/charts/journey_curve.py", "ui/widgets/journey_cards.py",
             "ui/widgets/compare_bar.py", "ui/widgets/journey_editor.py",
             "engine/analytics/journey_render.py"]
    msgids = {p.title for p in ANALYSIS_PAGES if p.key in ("journey", "breakpoints")}
    for name in files:
        for node in ast.walk(ast.parse((root / name).read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                msgids.add(node.args[0].value)
    assert not sorted(m for m in msgids if m not in catalog)
