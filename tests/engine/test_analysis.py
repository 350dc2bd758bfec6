"""Analysis over a workspace: provenance, derivations, incremental runs, learned facets."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from vocdesk.engine.workspace import Workspace


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.vocdesk") as w:
        yield w


def _frame(texts, **cols):
    return pd.DataFrame({"text": texts, "channel": "survey", **cols})


def test_tags_carry_rule_ids_and_spans(ws):
    ws.imports.import_dataframe(_frame(["快递太慢了，等了一个星期，客服也不回消息"]), "t")
    ws.analyze()
    tags = ws.effective_tags([1])[1]
    text = ws.feedback([1])[0]["text"]
    delivery = next(t for t in tags["category"] if t["value"] == "物流配送")
    assert delivery["origin_kind"] == "auto"
    assert delivery["origin"]                       # the rule id(s) that fired
    assert delivery["spans"]
    fired = "".join(text[s:e] for s, e in delivery["spans"])
    assert "快递" in fired or "慢" in fired
    assert tags["sentiment"][0]["value"] == "negative"
    assert tags["sentiment"][0]["origin"].startswith("zh")


def test_stage_and_department_are_derived(ws):
    ws.imports.import_dataframe(_frame(["下单后想改收货地址，结果怎么都改不了，只能取消重下"]), "t")
    ws.analyze()
    tags = ws.effective_tags([1])[1]
    tax = ws.taxonomy
    touch = [t["value"] for t in tags["touchpoint"]]
    assert touch
    parent = tax.facet("touchpoint").value(touch[0]).parent
    assert tags["stage"][0]["value"] == parent
    owners = {tax.facet(f).value(t["value"]).department
              for f in ("category", "touchpoint") for t in tags.get(f, [])}
    assert owners <= {t["value"] for t in tags["department"]}
    assert all(t["origin"] for t in tags["department"])


def test_human_category_changes_the_derived_department(ws):
    ws.imports.import_dataframe(_frame(["快递太慢了"]), "t")
    ws.set_human_tags([1], "category", ["支付结算"], who="ana")
    ws.analyze()
    depts = {t["value"] for t in ws.effective_tags([1])[1]["department"]}
    owner = ws.taxonomy.facet("category").value("支付结算").department
    assert owner in depts


def test_analysis_is_incremental_and_force_redoes_all(ws):
    ws.imports.import_dataframe(_frame([f"第{i}次买了，物流很快" for i in range(50)]), "a")
    assert ws.analyze().rows_analyzed == 50
    assert ws.analyze().rows_analyzed == 0
    ws.imports.import_dataframe(_frame([f"第{i}次退款，太慢了" for i in range(7)]), "b")
    assert ws.analyze().rows_analyzed == 7
    assert ws.analyze(force=True).rows_analyzed == 57


def test_taxonomy_change_reanalyses_and_human_tags_survive(ws, tmp_path):
    ws.imports.import_dataframe(_frame(["会员积分一直没到账", "快递很慢"]), "a")
    ws.analyze()
    ws.set_human_tags([2], "category", ["客服服务"], who="ana")
    tax = ws.taxonomy
    from vocdesk.engine.tagging.taxonomy import FacetValue, Rule

    tax.facet("category").values.append(
        FacetValue("会员权益", department="市场部", rules=[Rule("cat-member-points", "积分")]))
    ws.set_taxonomy(tax)
    assert ws.analyze().rows_analyzed == 2
    tags = ws.effective_tags([1, 2])
    assert "会员权益" in [t["value"] for t in tags[1]["category"]]
    assert [t["value"] for t in tags[2]["category"]] == ["客服服务"]
    assert tags[2]["category"][0]["origin_kind"] == "human"


def test_keywords_are_stored(ws):
    ws.imports.import_dataframe(_frame(["扫地机器人的边刷老是缠头发，还有很大的异响"]), "a")
    ws.analyze()
    from vocdesk.engine.store.feedback import feedback_by_ids  # noqa: F401  (row read API)

    kws = ws.db["analysis"].get(1)["keywords"]
    assert "异响" in kws


def test_client_coding_scheme_is_learned(ws):
    """Human values the taxonomy lacks are learned and then predicted on new rows."""
    rng = random.Random(3)
    points = ["积分", "会员日", "积分兑换", "会员等级", "积分清零"]
    bills = ["发票", "开票", "电子发票", "发票抬头", "专票"]
    fillers = ["我想问一下", "麻烦看看", "一直搞不定", "真的很烦", "客服说再等等", "已经第三次了"]

    def make(words):
        return f"{rng.choice(fillers)}，{rng.choice(words)}的问题{rng.choice(fillers)}"

    texts = [make(points) for _ in range(60)] + [make(bills) for _ in range(60)]
    codes = ["会员权益"] * 60 + ["开票问题"] * 60
    frame = _frame(texts, code=codes)
    frame["external_id"] = [f"L{i}" for i in range(len(frame))]
    path = ws.path.with_name("coded.csv")
    frame.to_csv(path, index=False)
    rep = ws.imports.import_file(path, mapping={"tag.category": "code"})
    assert set(rep.new_values["category"]) == {"会员权益", "开票问题"}
    new = _frame([make(points) for _ in range(20)] + [make(bills) for _ in range(20)])
    new["external_id"] = [f"N{i}" for i in range(len(new))]
    ws.imports.import_dataframe(new, "new")
    report = ws.analyze()
    trained = {t["facet"]: t for t in report.training}
    assert trained["category"]["chosen"] in ("learned", "blend")
    assert trained["category"]["cv_accuracy_learned"] > trained["category"]["cv_accuracy_baseline"]
    ids = list(range(121, 161))
    tags = ws.effective_tags(ids)
    got = [[t["value"] for t in tags.get(i, {}).get("category", [])] for i in ids]
    right = sum(("会员权益" in g) for g in got[:20]) + sum(("开票问题" in g) for g in got[20:])
    assert right >= 36, got
    assert all(t["origin"].startswith("learned:") for i in ids
               for t in tags.get(i, {}).get("category", []) if t["value"] in ("会员权益", "开票问题"))


def test_worker_processes_give_the_same_tags(tmp_path):
    from vocdesk.engine.demo import generate_demo
    from vocdesk.engine.store.feedback import all_feedback_ids

    frame = generate_demo(n_feedback=2500).feedback
    results = []
    for workers in (1, 2):
        with Workspace.create(tmp_path / f"w{workers}.vocdesk") as ws:
            ws.imports.import_dataframe(frame, "demo")
            report = ws.analyze(workers=workers)
            assert report.workers == workers and report.rows_analyzed == len(frame)
            ids = all_feedback_ids(ws.db)
            tags = ws.effective_tags(ids)
            results.append({i: {f: [t["value"] for t in v] for f, v in tags[i].items()}
                            for i in ids})
    assert results[0] == results[1]
