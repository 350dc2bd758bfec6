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


def _loyalty_reference(ws, flt=None, facet="category", split=None):
    """The former per-customer set computation of ``ws.insights.loyalty`` (the reference the
    vectorised one replaced for speed): customer id strings, Python sets and dicts."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from vocdesk.engine.analytics import loyalty as loy
    from vocdesk.engine.store import insight_queries as q
    from vocdesk.engine.store.facts import dense_codes, facts

    db, ins = ws.db, ws.insights
    outcomes = q.customer_outcomes(db)
    sel = ins.selection(flt)
    ids = q.selected_ids(db, sel)
    cust = q.row_customers(db, ids)
    has = np.array([c is not None for c in cust], dtype=bool)
    ids = ids[has]
    cust = [c for c in cust if c is not None]
    sent, labels = dense_codes(db, "sentiment")
    per: dict = {}
    for i, c in zip(ids, cust, strict=True):
        n = per.setdefault(c, [0, 0, 0])
        n[0] += labels[sent[i]] == "negative" if sent[i] >= 0 else 0
        n[1] += labels[sent[i]] == "positive" if sent[i] >= 0 else 0
        n[2] += 1
    by_sent = {k: set() for k in ("negative", "positive", "mixed")}
    for c, (ng, ps, tot) in per.items():
        by_sent["negative" if ng * 2 > tot else "positive" if ps * 2 > tot else "mixed"].add(c)
    nps_ids, nps_scores = q.respondent_rows(db, sel, "nps")
    latest = ins._latest_by_customer(nps_ids, nps_scores, with_ids=True)
    by_nps = {k: {c for c, (s, _i) in latest.items() if loy.nps_label(s) == k}
              for k in loy.CLASSES}
    members, themes = q.theme_members(db, ids, facet)
    by_theme = {}
    for j, t in enumerate(themes):
        got = {c for c, m in zip(cust, members[:, j], strict=True) if m}
        if got:
            by_theme[t] = got
    pop = set(cust) & set(outcomes)
    # transitions
    f = facts(db)
    all_ids = q.selected_ids(db, sel)
    a_ids = all_ids[~np.isnan(f.nps[all_ids]) & ~np.isnan(f.ts[all_ids])]
    ts = f.ts[a_ids]
    if split:
        cut = datetime.fromisoformat(split[:10]).replace(
            tzinfo=ZoneInfo(ws.timezone)).timestamp()
    else:
        cut = float(ts.min() + (ts.max() - ts.min()) / 2)
        split = datetime.fromtimestamp(cut, ZoneInfo(ws.timezone)).date().isoformat()
    before, after = a_ids[ts < cut], a_ids[ts >= cut]
    first = ins._latest_by_customer(before, f.nps[before])
    second = ins._latest_by_customer(after, f.nps[after])
    resolved = q.resolved_ts_by_row(db)
    fixed = set()
    first_after: dict = {}
    for c, t in zip(q.row_customers(db, after), f.ts[after], strict=True):
        if c is not None:
            first_after[c] = min(first_after.get(c, np.inf), float(t))
    prior = all_ids[f.ts[all_ids] < cut]
    for c, i in zip(q.row_customers(db, prior), prior, strict=True):
        if c is not None and c in first_after and resolved.get(int(i), np.inf) \
                <= first_after[c]:
            fixed.add(c)
    groups = {"sentiment": by_sent, "nps": by_nps, "theme": by_theme, "latest": latest,
              "rows": dict(zip(ids.tolist(), cust, strict=True))}
    return groups, {
        "customers": len(pop),
        "by_sentiment": loy.rates_by_group(by_sent, outcomes, pop),
        "by_nps": loy.rates_by_group(by_nps, outcomes, pop),
        "by_theme": sorted(loy.rates_by_group(by_theme, outcomes, pop),
                           key=lambda r: -(r["churn"]["lift"]["value"] or 0)),
        "transitions": {"split": split, "resolved_actions": bool(resolved),
                        **loy.transitions(first, second, fixed)}, "note": None}


@pytest.mark.parametrize("flt, split", [
    (None, None), (FeedbackFilter(channels=["survey", "ticket"]), None), (None, "2026-04-15")])
def test_vectorised_loyalty_equals_the_per_customer_set_reference(demo, flt, split):
    from vocdesk.engine.store import actions as store_actions
    from vocdesk.engine.store import transaction
    from vocdesk.engine.store.settings import get_setting

    aid = get_setting(demo.db, "demo_action_id")
    if split:                  # the resolved demo action, evidenced by every third row
        with transaction(demo.db):
            store_actions.add_evidence(demo.db, aid, list(range(1, 6001, 3)))
    try:
        groups, want = _loyalty_reference(demo, flt, split=split)
        got = demo.insights.loyalty(flt, split=split)
    finally:
        with transaction(demo.db):
            demo.db.execute("DELETE FROM action_evidence WHERE action_id = ?", [aid])
    assert got == want
    assert got["by_theme"] and got["transitions"]["customers"]
    if split:
        assert got["transitions"]["resolved_actions"]
        assert 0 < got["transitions"]["fixed"]["n"] < got["transitions"]["customers"]
    for kind in ("sentiment", "nps", "theme"):
        for name, members in groups[kind].items():
            ids = demo.insights.loyalty_ids(kind, name, flt)
            if kind == "nps":
                assert ids == sorted(groups["latest"][c][1] for c in members)
            else:
                assert ids == [i for i, c in groups["rows"].items() if c in members]


def test_cached_customer_outcomes_follow_a_customers_import(demo):
    """The outcome arrays are cached with the facts: writing the customers table renews
    their token, so loyalty counts the new value at once."""
    from vocdesk.engine.store import customers as store_customers
    from vocdesk.engine.store import insight_queries as q
    from vocdesk.engine.store import transaction

    db = demo.db
    names = q.customer_names(db)
    cid = next(c for c in names if (row := store_customers.customer(db, c)) is not None
               and row["churned"] is not None)
    row = store_customers.customer(db, cid)
    code = list(names).index(cid)
    before = demo.insights.loyalty()["customers"], q.customer_outcome_codes(db)[2][code]
    assert before[1] == int(bool(row["churned"]))

    def write(churned):
        with transaction(db):
            store_customers.upsert_customers(db, [tuple(
                churned if c == "churned" else row[c] for c in store_customers.CUSTOMER_COLUMNS)])

    write(0 if row["churned"] else 1)
    try:
        assert q.customer_outcome_codes(db)[2][code] == 1 - before[1]
        want = q.customer_outcomes(db)
        assert want[cid][1] == 1 - before[1]
    finally:
        write(row["churned"])
    assert q.customer_outcome_codes(db)[2][code] == before[1]


@pytest.mark.parametrize("flt", [
    FeedbackFilter(channels=["survey", "ticket"]), FeedbackFilter(channels=["nope"]),
    FeedbackFilter(date_from="2026-02-01", date_to="2026-05-31"),
    FeedbackFilter(date_to="2026-01-15", channels=["app_store", "survey"],
                   facets={"category": ["物流配送"]}),
    FeedbackFilter(channels=["", "survey"])])
def test_channel_and_date_conditions_from_the_arrays_select_the_sql_rows(demo, flt):
    """Channels and dates are evaluated over the cached arrays now (no SQL scan per new
    filter): the very rows the compiled SQL selects."""
    from vocdesk.engine.store.facts import facts, selection_mask

    sel = demo.insights.selection(flt)
    want = [r[0] for r in demo.db.execute(sel.ids_sql() + " ORDER BY f.id", list(sel.params))]
    mask = selection_mask(demo.db, sel) & facts(demo.db).exists
    assert np.flatnonzero(mask).tolist() == want
    assert bool(want) == (flt.channels != ["nope"])
    if flt.channels and "" not in flt.channels:
        assert not any("channel" in c for c in sel.rest_clauses)


def test_impact_and_drivers_over_patterns_equal_the_respondent_rows(demo, monkeypatch):
    """The service's (score, themes) patterns with counts give the statistics of the expanded
    respondents × themes matrix: impact identical (same resamples), drivers to rounding; and
    the matrix fallback (a facet too wide for a bitmask) gives the same."""
    from vocdesk.engine.analytics import impact as imp
    from vocdesk.engine.store import insight_queries as q

    ins, db = demo.insights, demo.db
    for flt in (None, FeedbackFilter(sentiment=["negative"])):
        ids, scores = q.respondent_rows(db, ins.selection(flt), "nps")
        members, themes = q.theme_members(db, ids, "category")
        ps, pm, pw, pt = q.respondent_patterns(db, ids, scores, "category")
        assert pt == themes and int(pw.sum()) == len(ids) and len(pw) < len(ids)
        assert imp.theme_impact(scores, members, themes, resamples=300) == \
            imp.theme_impact(ps, pm, pt, resamples=300, weights=pw)
        full, fast = imp.drivers(scores, members, themes), imp.drivers(ps, pm, pt, weights=pw)
        assert fast["n"] == full["n"] and fast["r2"] == pytest.approx(full["r2"], rel=1e-9)
        for a, b in zip(full["drivers"], fast["drivers"], strict=True):
            assert a.theme == b.theme and a.n == b.n
            for k in ("share", "lmg", "coef", "coef_low", "coef_high"):
                assert getattr(b, k) == pytest.approx(getattr(a, k), rel=1e-7, abs=1e-12), k
        out = ins.impact(flt, resamples=300)
        monkeypatch.setattr(q, "_MAX_BITS", 0)            # the matrix fallback
        assert ins.impact(flt, resamples=300) == out
        monkeypatch.undo()
