"""On the demo workspace the planted stories come out of the analytics."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from vocdesk.engine.demo_workspace import build_demo_workspace
    from vocdesk.engine.workspace import Workspace

    path = tmp_path_factory.mktemp("demo") / "demo.vocdesk"
    build_demo_workspace(path, rows=6000)
    ws = Workspace.open(path)
    yield ws
    ws.close()


def test_address_editing_at_checkout_is_the_low_touchpoint(demo):
    jm = demo.journey.map(verbatims=3)
    tp = jm.touchpoint("地址填写与修改")
    assert tp.stage == "下单支付" and tp.flag == "low" and tp.worst
    assert tp.sentiment.n >= 30 and tp.sentiment.high < min(
        t.sentiment.value for t in jm.touchpoints() if not t.worst and not t.low_n)
    assert len(tp.verbatims) == 3


def test_sales_promise_vs_after_sales_is_the_top_breakpoint(demo):
    top = demo.breakpoints.compute()["pairs"][0]
    assert set(top.departments) == {"销售部", "售后服务部"}
    assert top.q < 0.05 and top.lift > 1.5


def test_metrics_by_month_carry_n_and_intervals(demo):
    rows = demo.metrics.table("month")
    assert len(rows) == 12
    for r in rows:
        assert r["nps_n"] > 0 and r["nps_ci_low"] <= r["nps"] <= r["nps_ci_high"]
        assert r["negative_share_ci_low"] <= r["negative_share"] <= r["negative_share_ci_high"]


def test_demo_handoffs_vectorised_equal_the_reference_loop(demo):
    from vocdesk.engine.analytics.breakpoints import handoffs, handoffs_reference

    sel = demo.metrics.selection()
    a, b = handoffs(demo.db, sel), handoffs_reference(demo.db, sel)
    assert b.handoffs > 100 and b.failures > 0 and b.ping_pong > 0
    assert (a.customers, a.handoffs, a.failures, a.ping_pong) == (
        b.customers, b.handoffs, b.failures, b.ping_pong)
    assert a.per_pair == b.per_pair
