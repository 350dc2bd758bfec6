"""The deterministic demo data set: shape, realism and the four planted stories."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from vocdesk.engine.demo import DEMO_SEED, FEEDBACK_COLUMNS, PRODUCT_NAMES, generate_demo

CHANNELS = {"survey", "app_store", "social", "forum", "ticket", "email", "chat"}


@pytest.fixture(scope="module")
def demo():
    return generate_demo()


def _any(terms) -> str:
    return "|".join(re.escape(t) for t in terms)


def _has(texts: pd.Series, terms) -> pd.Series:
    """Case-insensitive substring match, like the taxonomy's rule engine."""
    return texts.str.contains(_any(terms), case=False, regex=True)


def _story(demo, key):
    return next(s for s in demo.stories if s.key == key)


def _month(fb: pd.DataFrame) -> pd.Series:
    return fb["created_at"].str[:7]


# ------------------------------------------------------------------ basics
def test_deterministic():
    a = generate_demo(n_feedback=2000)
    b = generate_demo(n_feedback=2000)
    pd.testing.assert_frame_equal(a.feedback, b.feedback)
    pd.testing.assert_frame_equal(a.customers, b.customers)
    assert [s.markers for s in a.stories] == [s.markers for s in b.stories]
    c = generate_demo(seed=DEMO_SEED + 1, n_feedback=2000)
    assert not a.feedback["text"].equals(c.feedback["text"])


def test_shape_and_columns(demo):
    fb = demo.feedback
    assert list(fb.columns) == FEEDBACK_COLUMNS
    assert len(fb) >= 20000
    assert fb["external_id"].is_unique
    assert fb["external_id"].str.fullmatch(r"[A-Z]{2}-\d{6}").all()
    assert fb["created_at"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00").all()
    assert fb["text"].str.len().min() > 0
    assert set(fb["language"]) == {"zh", "en"}
    assert set(fb["product"].dropna()) <= set(PRODUCT_NAMES)
    assert fb["region"].notna().all()


def test_months_and_seasonality(demo):
    months = _month(demo.feedback).value_counts().sort_index()
    assert list(months.index) == [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]
    median = months.median()
    assert months["2025-11"] > 1.4 * median  # 双11
    assert months["2026-06"] > 1.4 * median  # 618


def test_channels(demo):
    share = demo.feedback["channel"].value_counts(normalize=True)
    assert set(share.index) == CHANNELS
    assert share.min() > 0.04
    fb = demo.feedback
    assert fb.loc[fb["channel"] == "social", "customer_id"].isna().all()
    assert fb.loc[fb["channel"].isin(["ticket", "email", "chat"]), "customer_id"].notna().all()
    surveys = fb[fb["channel"] == "survey"]
    assert 0.3 < surveys["store"].notna().mean() < 0.8
    # service contacts and some social posts name their store too (the scorecard fuses the
    # sources per store); app reviews and forum posts never do
    assert fb.loc[fb["channel"].isin(["app_store", "forum"]), "store"].isna().all()
    for channel in ("ticket", "chat", "email", "social"):
        assert 0.2 < fb.loc[fb["channel"] == channel, "store"].notna().mean() < 0.6
    from vocdesk.engine.demo.catalog import STORES

    region_of = dict(STORES)
    named = fb[fb["store"].notna()]
    assert (named["store"].map(region_of) == named["region"]).all()   # a store lies in its region


def test_customers_consistent(demo):
    fb, cu = demo.feedback, demo.customers
    assert list(cu.columns) == ["customer_id", "segment", "region", "first_order", "orders", "repurchase",
                                "churned", "lifetime_value"]
    assert cu["customer_id"].is_unique
    assert set(fb["customer_id"].dropna()) <= set(cu["customer_id"])
    assert cu["orders"].min() >= 1
    assert cu["lifetime_value"].min() > 0
    assert cu["churned"].dtype == bool and cu["repurchase"].dtype == bool
    # nobody writes feedback about an order before their first order
    first = fb.dropna(subset=["customer_id"]).merge(cu[["customer_id", "first_order"]], on="customer_id")
    assert (first["first_order"] <= first["created_at"].str[:10]).all()


def test_texts_distinct_and_varied(demo):
    texts = demo.feedback["text"]
    assert texts.nunique() / len(texts) >= 0.9
    assert texts.str.len().median() >= 15
    assert (texts.str.len() <= 6).mean() > 0.02      # short survey answers exist
    assert (texts.str.len() >= 60).mean() > 0.05     # and long ones
    zh = texts[demo.feedback["language"] == "zh"]
    assert zh.str.contains(r"\bApp\b|bug|VIP|yyds", regex=True).mean() > 0.05  # mixed zh/en
    assert texts.str.contains("[😡😤🙄😭👍❤😍🤔]", regex=True).mean() > 0.03    # emoji


def test_language_share(demo):
    en = (demo.feedback["language"] == "en").mean()
    assert 0.10 <= en <= 0.15
    eng = demo.feedback[demo.feedback["language"] == "en"]["text"]
    assert not eng.str.contains("[\u4e00-\u9fff]{4,}", regex=True).mean() > 0.05


def test_pii_only_where_expected(demo):
    fb = demo.feedback
    pii = fb["text"].str.contains(r"1[3-9]\d{9}|[\w.]+@\w+\.\w+|\d{17}[\dX]", regex=True)
    rate = pii[fb["channel"].isin(["ticket", "email", "chat"])].mean()
    assert 0.003 < rate < 0.03
    assert not pii[~fb["channel"].isin(["ticket", "email", "chat"])].any()


def test_scores_follow_sentiment(demo):
    fb = demo.feedback.merge(demo.truth, on="external_id")
    share = fb["sentiment"].value_counts(normalize=True)
    assert 0.35 < share["positive"] < 0.5 and 0.1 < share["neutral"] < 0.25 and 0.35 < share["negative"] < 0.5
    num = fb["sentiment"].map({"positive": 1, "neutral": 0, "negative": -1})
    for col, lo, hi in (("rating", 1, 5), ("nps", 0, 10), ("csat", 1, 5), ("ces", 1, 7)):
        vals = fb[col].dropna()
        assert vals.between(lo, hi).all() and (vals == vals.round()).all()
        r = num[fb[col].notna()].corr(vals)
        assert 0.5 < r < 0.97, (col, r)  # strong but not perfect
    assert fb.loc[fb["channel"] != "app_store", "rating"].isna().all()
    assert fb.loc[fb["channel"] != "survey", "nps"].isna().all()
    assert fb.loc[~fb["channel"].isin(["survey", "ticket"]), "csat"].isna().all()
    means = fb.groupby("sentiment")["nps"].mean()
    assert means["positive"] > means["neutral"] > means["negative"]


def test_bad_experiences_hurt_business(demo):
    fb = demo.feedback.merge(demo.truth, on="external_id").dropna(subset=["customer_id"])
    neg = set(fb.loc[fb["sentiment"] == "negative", "customer_id"])
    cu = demo.customers
    with_neg = cu[cu["customer_id"].isin(neg)]
    happy = cu[cu["customer_id"].isin(set(fb["customer_id"]) - neg)]
    assert with_neg["churned"].mean() > happy["churned"].mean() + 0.1
    assert with_neg["repurchase"].mean() < happy["repurchase"].mean() - 0.1


# ------------------------------------------------------------------ planted stories
def test_four_stories_with_markers(demo):
    keys = [s.key for s in demo.stories]
    assert len(keys) == 4 and len(set(keys)) == 4
    for s in demo.stories:
        assert s.title_zh and s.title_en and s.description and s.markers.get("months")


def test_weak_signal(demo):
    m = _story(demo, "weak_signal_r5_side_brush").markers
    assert m["product"] in PRODUCT_NAMES and m["feature"] == "边刷"
    fb = demo.feedback
    hit = (_has(fb["text"], m["product_terms"])
           & _has(fb["text"], m["feature_terms"])
           & _has(fb["text"], m["symptom_terms"]))
    per_month = _month(fb[hit]).value_counts().reindex(sorted(_month(fb).unique()), fill_value=0)
    assert per_month.iloc[:3].max() <= 4 and per_month.iloc[:3].min() >= 1
    assert per_month.iloc[-2:].sum() >= 60
    assert hit.mean() < 0.02  # small against everything
    assert per_month.to_dict() == m["months"]


def test_sales_promise_breakpoint(demo):
    m = _story(demo, "sales_promise_breakpoint").markers
    assert m["departments"] == ["销售部", "售后服务部"]
    t = demo.feedback["text"]
    hit = (_has(t, m["sales_terms"]) & _has(t, m["aftersales_terms"])
           & _has(t, m["promise_verbs"]))
    assert 150 <= hit.sum() <= 300
    monthly = _month(demo.feedback[hit]).value_counts()
    assert monthly.min() >= 0.5 * monthly.mean()  # steady, no trend
    assert t[hit].str.contains(_any(m["promise_items"])).mean() > 0.9


def test_address_touchpoint_low(demo):
    m = _story(demo, "address_change_low").markers
    assert m["touchpoint"] == "地址填写与修改" and m["stage"] == "下单支付"
    fb = demo.feedback.merge(demo.truth, on="external_id")
    hit = _has(fb["text"], m["terms"])
    assert hit.sum() >= 300
    assert (fb.loc[hit, "sentiment"] == "negative").mean() > 0.9


def test_delivery_delay_improves(demo):
    m = _story(demo, "delivery_delay_fixed").markers
    fb = demo.feedback
    hit = _has(fb["text"], m["terms"])
    months = _month(fb)
    per_month = months[hit].value_counts().reindex(sorted(months.unique()), fill_value=0)
    before = per_month[per_month.index < m["change_month"]]
    after = per_month[per_month.index >= m["change_month"]]
    assert m["change_date"] == f"{m['change_month']}-01"
    assert len(before) and len(after)
    assert after.mean() < 0.5 * before.mean()
    assert per_month.to_dict() == m["months"]


def test_smaller_window_still_works():
    data = generate_demo(n_feedback=2000, months=6)
    fb = data.feedback
    assert len(fb) == 2000
    assert _month(fb).nunique() == 6
    assert set(fb["customer_id"].dropna()) <= set(data.customers["customer_id"])
