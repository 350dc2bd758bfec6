"""On the demo workspace: impact, scorecards and loyalty agree with the metrics and the rows."""

from __future__ import annotations

import numpy as np
import pytest

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.errors import UsageError


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from vocdesk.engine.demo_workspace import build_demo_workspace
    from vocdesk.engine.workspace import Workspace

    path = tmp_path_factory.mktemp("demo") / "demo.vocdesk"
    build_demo_workspace(path, rows=6000)
    ws = Workspace.open(path)
    yield ws
    ws.close()


def test_impact_starts_from_the_metrics_nps_and_opens_its_respondents(demo):
    out = demo.insights.impact(resamples=300)
    summary = demo.metrics.summary()["nps"]
    assert out["nps"] == pytest.approx(summary.value)
    assert out["n"] == summary.n
    worst = out["themes"][0]
    assert worst["impact"] < 0 and worst["ci_high"] < 0           # a planted pain point
    ids = demo.insights.impact_ids(worst["theme"])
    assert len(ids) == worst["n"]
    rows = demo.browse.rows(ids[:5]) if hasattr(demo.browse, "rows") else None
    assert rows is None or len(rows) == 5


def test_scorecard_cells_are_the_metrics_of_their_source_and_open_their_rows(demo):
    from vocdesk.engine.analytics.insights import with_channels
    from vocdesk.engine.analytics.scorecards import SOURCES

    card = demo.insights.scorecard("region")
    top = card["units"][0]
    assert top["rank"] == 1
    by = demo.metrics.by("region", with_channels(None, SOURCES["service"]))
    cell = top["cells"]["service_negative"]
    assert cell["value"] == pytest.approx(by[top["value"]]["negative_share"].value)
    ids = demo.insights.scorecard_ids("region", top["value"], "service_rows")
    assert len(ids) == top["cells"]["service_rows"]["n"]
    nps_ids = demo.insights.scorecard_ids("region", top["value"], "survey_nps")
    assert len(nps_ids) == top["cells"]["survey_nps"]["n"]
    ranked = [u for u in card["units"] if u["rank"] is not None]
    assert [u["rank"] for u in ranked] == list(range(1, len(ranked) + 1))
    for u in card["units"]:
        for c in u["cells"].values():
            assert c["rank"] is None or c["n"] >= card["min_n"]


def test_loyalty_finds_the_planted_churn_of_unhappy_customers(demo):
    out = demo.insights.loyalty()
    neg = next(g for g in out["by_sentiment"] if g["group"] == "negative")
    assert neg["churn"]["lift"]["ci_low"] > 1
    det = next(g for g in out["by_nps"] if g["group"] == "detractor")
    assert det["churn"]["lift"]["value"] > 1
    t = out["transitions"]
    assert t["customers"] == t["all"]["n"] == sum(map(sum, t["all"]["matrix"]))
    assert t["fixed"]["n"] + t["not_fixed"]["n"] == t["customers"]


def test_metric_ids_are_the_rows_a_figure_counts(demo):
    flt = FeedbackFilter(channels=["survey"])
    figs = demo.metrics.by("month", flt)
    month, f = next(iter(figs.items()))
    assert len(demo.insights.ids(flt, "month", month, "nps")) == f["nps"].n
    assert len(demo.insights.ids(flt, "month", month)) == f["rows"].n
    region = "广东"
    r = demo.metrics.by("region")[region]
    assert len(demo.insights.ids(None, "region", region, "csat")) == r["csat"].n


def test_movers_compare_the_last_two_months(demo):
    out = demo.insights.movers()
    assert out["period"] > out["previous"]
    for m in out["movers"]:
        assert m["ci_low"] <= m["change"] <= m["ci_high"]
    zs = [abs(m["z"]) for m in out["movers"]]
    assert zs == sorted(zs, reverse=True)


def test_dashboard_layouts_are_saved_in_the_workspace_and_bad_input_writes_nothing(demo):
    demo.insights.save_layout("product", {"product": "X1", "filter": {"channels": ["survey"]}})
    assert demo.insights.layouts()["product"]["product"] == "X1"
    with pytest.raises(UsageError, match="unknown dashboard"):
        demo.insights.save_layout("ceo", {})
    assert set(demo.insights.layouts()) == {"product"}


def test_drivers_explain_nps_by_the_same_themes_impact_finds(demo):
    d = demo.insights.drivers()
    assert d["r2"] > 0
    assert sum(x["share"] for x in d["drivers"]) == pytest.approx(1.0)
    negative = [x["theme"] for x in d["drivers"] if x["coef_ci_high"] < 0]
    impact = demo.insights.impact(resamples=200)
    harmful = {t["theme"] for t in impact["themes"] if t["ci_high"] is not None
               and t["ci_high"] < 0 and not t["low_n"]}
    assert negative and set(negative[:2]) <= harmful
    assert np.isfinite(d["r2"])


def test_loyalty_groups_open_their_customers_rows(demo):
    out = demo.insights.loyalty()
    det = next(g for g in out["by_nps"] if g["group"] == "detractor")
    ids = demo.insights.loyalty_ids("nps", "detractor")
    assert len(ids) == det["customers"]
    assert all(demo.db.execute("SELECT nps FROM feedback WHERE id = ?", [i]).fetchone()[0] <= 6
               for i in ids)
    neg_rows = demo.insights.loyalty_ids("sentiment", "negative")
    neg = next(g for g in out["by_sentiment"] if g["group"] == "negative")
    custs = {demo.db.execute("SELECT customer_id FROM feedback WHERE id = ?", [i]).fetchone()[0]
             for i in neg_rows}
    assert len(custs) == neg["customers"]
    with pytest.raises(UsageError):
        demo.insights.loyalty_ids("age", "x")


def test_cached_row_customers_and_newest_answer_match_a_per_row_reference(demo):
    """The cached id → customer array and the vectorised newest answer per customer give
    what a direct SQL lookup and a per-row loop give (they replaced those for speed)."""
    from vocdesk.engine.store import insight_queries as q
    from vocdesk.engine.store.facts import facts

    db = demo.db
    ids = np.array([r[0] for r in db.execute("SELECT id FROM feedback ORDER BY id DESC")])
    want = dict(db.execute("SELECT id, customer_id FROM feedback").fetchall())
    got = q.row_customers(db, ids)
    assert got == [want[int(i)] for i in ids]
    assert any(c is not None for c in got) and any(c is None for c in got)
    f = facts(db)
    ans = ids[~np.isnan(f.nps[ids])]
    best: dict = {}
    for c, t, i, s in zip(q.row_customers(db, ans), f.ts[ans], ans, f.nps[ans], strict=True):
        key = (-np.inf if np.isnan(t) else float(t), int(i), float(s))
        if c is not None and (c not in best or key > best[c]):
            best[c] = key
    latest = demo.insights._latest_by_customer(ans, f.nps[ans], with_ids=True)
    assert latest == {c: (v[2], v[1]) for c, v in best.items()} and latest
