"""A product/store/region column mapped in the source file sets that facet (origin "source")."""

from __future__ import annotations

import pandas as pd
import pytest

from vocdesk.engine.tagging.pipeline import SOURCE_ORIGIN
from vocdesk.engine.workspace import Workspace


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.vocdesk") as w:
        yield w


def test_product_column_sets_the_product_facet_and_a_human_overrides_it(ws) -> None:
    frame = pd.DataFrame({
        "text": ["用了一周，开锁很快", "扫地机器人 R5 总是卡住", "没写产品"],
        "product": ["智能门锁L1", "智能音箱 S1", None],
        "channel": "survey",
    })
    ws.imports.import_dataframe(frame, "t")
    ws.analyze()
    tags = ws.effective_tags([1, 2, 3])
    p1 = tags[1]["product"]
    assert [(t["value"], t["origin"]) for t in p1] == [("智能门锁 L1", SOURCE_ORIGIN)]  # matched to the taxonomy
    # the file beats a rule that sees another product in the text
    assert [(t["value"], t["origin"]) for t in tags[2]["product"]] == [("智能音箱 S1", SOURCE_ORIGIN)]
    assert all(t["origin"] != SOURCE_ORIGIN for t in tags[3].get("product", []))
    ws.set_human_tags([1], "product", ["蓝牙耳机 E1"], who="ana")
    after = ws.effective_tags([1])[1]["product"]
    assert [(t["value"], t["origin_kind"]) for t in after] == [("蓝牙耳机 E1", "human")]


def test_unknown_source_value_is_kept_as_written(ws) -> None:
    ws.imports.import_dataframe(pd.DataFrame({"text": ["还行"], "product": ["新品 X9"], "channel": "app"}), "t")
    ws.analyze()
    assert [t["value"] for t in ws.effective_tags([1])[1]["product"]] == ["新品 X9"]


def test_a_shop_listing_title_or_an_english_label_names_the_taxonomy_product(ws) -> None:
    """Taobao-style exports name the product by its listing title (宝贝名称), with the brand
    and selling points around the model name; English files use the English label."""
    frame = pd.DataFrame({
        "评价内容": ["很好用，吸力强", "噪音太大", "一般", "套装还行", "Works fine"],
        "宝贝名称": ["青禾扫地机器人R5 家用全自动 扫拖一体", "青禾空气净化器A3【官方旗舰】",
                 "某品牌无线吸尘器", "蓝牙耳机E1+智能手表W2 套装", None],
        "product": [None, None, None, None, "robot vacuum r5"],
    })
    ws.imports.import_dataframe(frame.drop(columns=["product"]).iloc[:4], "t")
    ws.imports.import_dataframe(pd.DataFrame({"text": ["Works fine"], "product": ["robot vacuum r5"]}), "t2")
    ws.analyze()
    tags = ws.effective_tags([1, 2, 3, 4, 5])
    got = [[(t["value"], t["origin"]) for t in tags[i].get("product", [])] for i in (1, 2, 3, 4, 5)]
    assert got[0] == [("扫地机器人 R5", SOURCE_ORIGIN)]
    assert got[1] == [("空气净化器 A3", SOURCE_ORIGIN)]
    assert got[2] == [("某品牌无线吸尘器", SOURCE_ORIGIN)]           # no taxonomy value: as written
    assert got[3] == [("蓝牙耳机E1+智能手表W2 套装", SOURCE_ORIGIN)]   # two products: as written
    assert got[4] == [("扫地机器人 R5", SOURCE_ORIGIN)]               # the English label
