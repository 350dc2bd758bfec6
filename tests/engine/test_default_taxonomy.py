"""The shipped default taxonomy (resources/taxonomy/default.yaml): structure and consistency."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from vocdesk.engine.demo import PRODUCT_NAMES
from vocdesk.engine.demo import stories as demo_stories
from vocdesk.engine.demo.catalog import FEATURE_WORDS, PRODUCTS

PATH = Path(__file__).resolve().parents[2] / "resources" / "taxonomy" / "default.yaml"
FACETS = ("sentiment", "category", "product", "feature", "stage", "touchpoint", "department")
STAGES = ["认知", "选购", "下单支付", "交付", "使用", "售后"]
STAGES_EN = ["Awareness", "Consideration", "Purchase & payment", "Delivery", "Usage", "After-sales"]


@pytest.fixture(scope="module")
def tax() -> dict:
    data = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def facets(tax) -> dict[str, dict]:
    return {f["name"]: f for f in tax["facets"]}


def _values(facet: dict) -> list[str]:
    return [v["value"] for v in facet["values"]]


def _terms(facets, name: str) -> dict[str, list[str]]:
    return {v["value"]: [str(t) for t in v.get("terms") or []] for v in facets[name]["values"]}


def test_format_and_facets(tax, facets):
    assert tax["format"] == "vocdesk-taxonomy/1"
    assert [f["name"] for f in tax["facets"]][:len(FACETS)] == list(FACETS) or set(FACETS) <= set(facets)
    kinds = {"sentiment": "model", "category": "rules", "product": "dictionary", "feature": "dictionary",
             "stage": "derived", "touchpoint": "rules", "department": "derived"}
    for name, kind in kinds.items():
        f = facets[name]
        assert f["kind"] == kind, name
        assert isinstance(f["multi"], bool)
        assert f["label"]["zh"] and f["label"]["en"]
        for v in f["values"]:
            assert v["label"]["zh"] and v["label"]["en"], (name, v["value"])
    assert facets["sentiment"]["multi"] is False and facets["stage"]["multi"] is False
    assert facets["category"]["multi"] is True and facets["department"]["multi"] is True


def test_sentiment(facets):
    s = facets["sentiment"]
    assert _values(s) == ["positive", "neutral", "negative"]
    assert [v["label"]["zh"] for v in s["values"]] == ["正面", "中性", "负面"]
    assert not any(v.get("rules") or v.get("terms") for v in s["values"])


def test_stage_order(facets):
    st = facets["stage"]["values"]
    assert [v["value"] for v in st] == STAGES
    assert [v["label"]["en"] for v in st] == STAGES_EN


def test_rule_ids_unique_and_expressions_well_formed(tax):
    ids = []
    for f in tax["facets"]:
        for v in f["values"]:
            for r in v.get("rules") or []:
                ids.append(r["id"])
                expr = r["expr"]
                assert isinstance(expr, str) and expr.strip(), r["id"]
                depth = 0
                for ch in re.sub(r'"[^"]*"', "", expr):
                    depth += {"(": 1, ")": -1}.get(ch, 0)
                    assert depth >= 0, r["id"]
                assert depth == 0, r["id"]
                assert expr.count('"') % 2 == 0, r["id"]
                assert not re.search(r"\b(and|or|not|near)\b(?=\s)", re.sub(r'"[^"]*"', "", expr)), r["id"]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 100


def test_terms_are_single_terms(tax):
    for f in tax["facets"]:
        for v in f["values"]:
            for t in v.get("terms") or []:
                assert isinstance(t, str) and t.strip() == t and t, (f["name"], v["value"], t)
                assert not re.search(r"\b(AND|OR|NOT|NEAR/\d+)\b", t), t
                assert not (len(t) == 1 and "\u4e00" <= t <= "\u9fff"), f"single character term {t!r}"


def test_departments(facets):
    depts = set(_values(facets["department"]))
    for d in ("销售部", "电商运营部", "物流部", "客服中心", "售后服务部", "产品研发部", "质量部", "门店运营部",
              "财务部", "技术部", "市场部"):
        assert d in depts
    for name in ("category", "touchpoint"):
        for v in facets[name]["values"]:
            assert v.get("department") in depts, (name, v["value"])


def test_categories(facets):
    cats = facets["category"]["values"]
    names = [v["value"] for v in cats]
    for c in ("物流配送", "客服服务", "产品质量", "价格优惠", "支付结算", "退换售后", "功能体验", "门店环境"):
        assert c in names
    assert len(names) >= 12
    for v in cats:
        assert len(v.get("rules") or []) >= 3, v["value"]
        assert len(v.get("rules") or []) + len(v.get("terms") or []) >= 10, v["value"]
    rule_ids = {r["id"] for v in cats for r in v.get("rules") or []}
    assert "cat-delivery-slow" in rule_ids


def test_touchpoints(facets):
    stages = set(STAGES)
    tps = facets["touchpoint"]["values"]
    by_name = {v["value"]: v for v in tps}
    for tp, stage in (("广告/种草", "认知"), ("门店导购", "选购"), ("商品详情页", "选购"), ("直播间", "选购"),
                      ("优惠券", "下单支付"), ("地址填写与修改", "下单支付"), ("支付", "下单支付"),
                      ("下单", "下单支付"), ("发货", "交付"), ("配送", "交付"), ("快递员", "交付"),
                      ("签收", "交付"), ("安装", "使用"), ("使用说明", "使用"), ("App", "使用"),
                      ("产品使用", "使用"), ("退换货", "售后"), ("维修", "售后"), ("客服热线", "售后"),
                      ("在线客服", "售后"), ("投诉处理", "售后")):
        assert by_name[tp]["parent"] == stage, tp
    for v in tps:
        assert v.get("parent") in stages, v["value"]
        assert v.get("rules") or v.get("terms"), v["value"]
    # the journey order is kept: touchpoints are listed stage by stage
    order = [STAGES.index(v["parent"]) for v in tps]
    assert order == sorted(order)


def test_products_match_demo(facets):
    assert _values(facets["product"]) == list(PRODUCT_NAMES)
    terms = _terms(facets, "product")
    for p in PRODUCTS:
        assert len(terms[p.name]) >= 6
        # the generator's Chinese aliases are dictionary terms of the product
        for alias in p.aliases_zh:
            assert alias in terms[p.name], (p.name, alias)
    # no alias may belong to two products
    all_terms = [t.lower() for ts in terms.values() for t in ts]
    assert len(all_terms) == len(set(all_terms))


def test_features_cover_demo_words(facets):
    terms = _terms(facets, "feature")
    for key, (zh_words, en_words) in FEATURE_WORDS.items():
        assert key in terms, key
        for w in zh_words + en_words:
            assert any(t.lower() in w.lower() for t in terms[key]), (key, w)
    for v in ("电池续航", "屏幕", "充电", "蓝牙连接", "边刷", "滤网", "表带", "App连接", "噪音"):
        assert v in terms


def test_story_markers_are_taxonomy_terms(facets):
    """Each planted story can be found through plain dictionary terms, rules aside."""
    tp = _terms(facets, "touchpoint")
    for t in demo_stories.ADDRESS_TERMS:
        if not t.isascii():
            assert any(x in t for x in tp["地址填写与修改"]), t
    cat = _terms(facets, "category")
    for t in demo_stories.DELAY_TERMS:
        if not t.isascii():
            assert any(x in t for x in cat["物流配送"]), t
    feat = _terms(facets, "feature")
    assert "边刷" in feat["边刷"]
    dept = _terms(facets, "department")
    assert "售后部门" in dept["售后服务部"] and "导购说" in dept["销售部"]


def test_loads_with_project_loader():
    from vocdesk.engine.tagging.taxonomy import load_taxonomy_file

    t = load_taxonomy_file(PATH)
    assert set(FACETS) <= set(t.facet_names())


# ------------------------------------------------------------------ with the real rule engine
@pytest.fixture(scope="module")
def ruleset():
    rules = pytest.importorskip("vocdesk.engine.tagging.rules")
    from vocdesk.engine.tagging.taxonomy import load_taxonomy_file

    return rules.compile_taxonomy_rules(load_taxonomy_file(PATH))  # every expression parses


def _tags(ruleset, text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in ruleset.match(text):
        out.setdefault(m.facet, set()).add(m.value)
    return out


@pytest.mark.parametrize("text, facet, value", [
    ("送餐太慢了，等了一个多小时，饭都凉了", "category", "物流配送"),
    ("骑手态度很好，送的很快", "category", "物流配送"),
    ("分量太少了，还很难吃", "category", "口味分量"),
    ("吃出一根头发，恶心", "category", "食品安全"),
    ("房间隔音太差，设施陈旧", "category", "门店环境"),
    ("前台服务态度很差，办入住等了半天", "category", "客服服务"),
    ("早餐品种太少", "category", "口味分量"),
    ("快递太慢了，5天才到", "category", "物流配送"),
    # requests and questions about dispatch are delivery feedback too
    ("麻烦尽快发货", "category", "物流配送"),
    ("请问什么时候发货？", "category", "物流配送"),
    ("When will my order ship?", "category", "物流配送"),
    # plain short complaints an analyst meets in the first minute
    ("客服回复太慢", "category", "客服服务"),
    ("屏幕有坏点", "category", "产品质量"),
    ("电池不耐用", "category", "功能体验"),
    ("充电很慢", "category", "功能体验"),
    ("The battery dies within an hour", "category", "功能体验"),
    ("少发了一件", "category", "物流配送"),
    ("发错了，我要的是大份", "category", "物流配送"),
    ("颜色和图片不一样", "category", "营销活动"),
    ("The checkout page keeps failing", "category", "支付结算"),
    ("My coupon code doesn't work", "category", "价格优惠"),
    ("说明书看不懂", "category", "功能体验"),
    ("The app keeps crashing after the latest update", "category", "App体验"),
    ("I was charged twice for one order", "category", "支付结算"),
    ("用了两周就坏了，质量太差", "category", "产品质量"),
    ("客服一直是机器人回复，转人工转不过去", "category", "客服服务"),
    ("刚买就降价了200块，价保也不给", "category", "价格优惠"),
    ("申请退货被驳回了", "category", "退换售后"),
    ("预约安装等了5天师傅才来", "category", "安装维修"),
    ("下单后发现地址填错了，想改地址根本改不了", "touchpoint", "地址填写与修改"),
    ("导购承诺免费上门安装，结果售后说要收200块安装费", "category", "销售承诺"),
    ("导购承诺免费上门安装，结果售后说要收200块安装费", "department", "销售部"),
    ("导购承诺免费上门安装，结果售后说要收200块安装费", "department", "售后服务部"),
    ("扫地机器人R5的边刷老是卡住不转", "product", "扫地机器人 R5"),
    ("扫地机器人R5的边刷老是卡住不转", "feature", "边刷"),
    ("扫地机器人R5的边刷老是卡住不转", "category", "产品质量"),
    ("W2手表的表带戴久了过敏", "product", "智能手表 W2"),
    ("W2手表的表带戴久了过敏", "feature", "表带"),
])
def test_rules_fire_on_typical_feedback(ruleset, text, facet, value):
    assert value in _tags(ruleset, text).get(facet, set()), _tags(ruleset, text)


@pytest.mark.parametrize("text, facet, value", [
    ("I'm so happy with it", "touchpoint", "App"),
    ("青禾智能的手表颜值很高", "category", "功能体验"),
    ("评价很高，值得信赖", "category", "价格优惠"),
    ("打车过去，司机很热情", "touchpoint", "快递员"),
    ("电量很足", "category", "口味分量"),
    ("When it arrived the screen was cracked", "category", "物流配送"),
    ("用了多久就坏了", "category", "物流配送"),
    ("how long does the battery last", "category", "物流配送"),
    ("凉皮的汤都侧漏光了", "category", "产品质量"),
    ("手机没电，问前台借充电器，很快就送来了", "category", "功能体验"),
    ("照片拍得很好看", "category", "营销活动"),
])
def test_rules_stay_quiet_on_ordinary_words(ruleset, text, facet, value):
    assert value not in _tags(ruleset, text).get(facet, set())


def test_planted_stories_are_tagged(ruleset):
    from vocdesk.engine.demo import generate_demo

    demo = generate_demo(n_feedback=4000)
    fb = demo.feedback.merge(demo.truth, on="external_id")
    want = {"weak_signal_r5_side_brush": [("product", "扫地机器人 R5"), ("feature", "边刷"), ("category", "产品质量")],
            "sales_promise_breakpoint": [("category", "销售承诺"), ("category", "退换售后")],
            "address_change_low": [("touchpoint", "地址填写与修改")],
            "delivery_delay_fixed": [("category", "物流配送")]}
    for key, pairs in want.items():
        texts = fb.loc[fb["story"] == key, "text"]
        assert len(texts) > 0
        tagged = [_tags(ruleset, t) for t in texts]
        for facet, value in pairs:
            share = sum(value in t.get(facet, set()) for t in tagged) / len(tagged)
            assert share > 0.95, (key, facet, value, share)
