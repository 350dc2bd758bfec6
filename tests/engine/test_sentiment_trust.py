"""Tags a sceptical analyst would check first: short plain phrases, neutral feedback, English complaints.

The phrase sets are our own (tests/engine/sentiment_sets.py); the taxonomy's terms are added
as jieba user words exactly as analysis does, because that is what made 服务很好 one token
unknown to the model (the cause of "neutral 0.50").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.engine.heldout_sets import (
    EN_ACTS_UNPUNCTUATED,
    ZH_ACTS_UNPUNCTUATED,
    ZH_FACTS,
    ZH_PRODUCT_COMPLAINTS,
    ZH_PRODUCT_PRAISE,
)
from tests.engine.sentiment_sets import EN_NEUTRAL, NEGATIVE_SHORT, NEUTRAL, POSITIVE_SHORT
from vocdesk.engine.tagging.taxonomy import default_taxonomy
from vocdesk.engine.text.segment import segmenter_for
from vocdesk.engine.text.sentiment import zero_shot_sentiment, zh


def tokenize_many(texts: list[str]) -> list[list[str]]:
    """Cut as an analysis of the default taxonomy does (its terms are user words)."""
    return segmenter_for(default_taxonomy().all_terms()).tokenize_many(texts)


def _labels(texts: list[str], lang: str = "zh") -> list[str]:
    return zero_shot_sentiment(texts, tokenize_many(texts), [lang] * len(texts)).labels


def test_issue_phrases_have_the_right_polarity() -> None:
    pos = ["服务很好", "发货很快", "价格实惠", "退货很顺利，第二天就退款了", "宝藏产品"]
    neg = ["质量太差了", "物流太慢了", "气死我了"]
    assert _labels(pos) == ["positive"] * len(pos)
    assert _labels(neg) == ["negative"] * len(neg)


def test_taxonomy_terms_as_single_tokens_do_not_hide_sentiment() -> None:
    # the cause: "服务很好" is a taxonomy term, so jieba returns it whole
    assert tokenize_many(["服务很好"]) == [["服务很好"]]
    m = zh.get_model()
    assert "服务很好" not in m.index and m.model_tokens(["服务很好"]) == ["服务", "很好"]
    whole, split = m.score([["服务很好"]]), m.score([["服务", "很好"]])
    assert whole[1][0] and np.isclose(whole[0][0], split[0][0])


def test_held_out_short_phrases() -> None:
    got = _labels(POSITIVE_SHORT) + _labels(NEGATIVE_SHORT)
    want = ["positive"] * len(POSITIVE_SHORT) + ["negative"] * len(NEGATIVE_SHORT)
    acc = float(np.mean(np.array(got) == np.array(want)))
    assert acc >= 0.92, acc   # measured 0.939 (main before this change: 0.744)
    assert np.mean(np.array(got) == "neutral") <= 0.06   # measured 0.049 (main: 0.18)


def test_held_out_product_complaints_and_praise() -> None:
    """Short device/home-goods feedback the model was not tuned on (heldout_sets.py)."""
    complaints = np.array(_labels(ZH_PRODUCT_COMPLAINTS))
    praise = np.array(_labels(ZH_PRODUCT_PRAISE))
    assert len(ZH_PRODUCT_COMPLAINTS) == 50 and len(ZH_PRODUCT_PRAISE) == 20
    assert np.mean(complaints == "negative") >= 0.9      # measured 0.92
    assert np.mean(complaints == "positive") <= 0.02     # measured 0.0 (the rest: neutral)
    assert np.mean(praise == "positive") >= 0.65         # measured 0.70 (a known weakness)


def test_questions_and_requests_are_neutral_unless_they_judge() -> None:
    assert _labels(["请问保修期是多久？", "麻烦尽快发货", "请问什么时候发货？"]) == ["neutral"] * 3
    assert _labels(["请问为什么这么慢？", "能不能别再发错货了，太差了"]) == ["negative"] * 2
    assert _labels(["请问还有货吗？太喜欢了，非常好用"]) == ["positive"]


def test_unpunctuated_questions_and_requests_are_neutral() -> None:
    """Chat and tickets drop the "？": 什么时候发货 is as much a question as 什么时候发货？."""
    assert _labels(["什么时候发货", "我想改一下地址", "我要开发票", "我想退掉这个订单"]) == ["neutral"] * 4
    said = np.mean(np.array(_labels(ZH_ACTS_UNPUNCTUATED)) == "neutral")
    assert said >= 0.5, said   # measured 0.533 (before: 0.233)


def test_complaints_shaped_as_questions_or_requests_keep_their_polarity() -> None:
    """Waiting (才, 都…了, 等了) and "what I ordered was" (我要的是) mark complaints."""
    texts = ["什么时候才能修好啊都一个月了", "什么时候能把钱退给我，等了半个月了", "我要的是冰咖啡，给我送来热的",
             "我想投诉你们的客服", "我要退货，质量太差", "为什么还不发货"]
    assert _labels(texts) == ["negative"] * len(texts)


def test_troublesome_is_a_complaint_where_please_is_a_request() -> None:
    """麻烦 is "please" in 麻烦尽快发货 and "troublesome" after a degree adverb: the demo's review
    queue opened on 有人吗 模式切换太麻烦了 as neutral (the marker was dropped with the request's)."""
    assert _labels(["有人吗 模式切换太麻烦了 在线等，挺急的", "你好，绑定设备很麻烦，希望尽快回复"]) \
        == ["negative"] * 2
    assert _labels(["麻烦尽快发货", "麻烦帮我改一下地址"]) == ["neutral"] * 2


def test_unpunctuated_english_questions_are_neutral_and_statements_are_not() -> None:
    assert _labels(["when will my order ship", "do you ship to canada"], "en") == ["neutral"] * 2
    said = np.mean(np.array(_labels(EN_ACTS_UNPUNCTUATED, "en")) == "neutral")
    assert said >= 0.8, said   # measured 0.85 (before: 0.10)
    # review statements that open like questions (from the shapes seen on the VADER snippets)
    assert _labels(["do not buy this player.", "will never order from them again",
                    "is this a joke, it broke in a day"], "en") == ["negative"] * 3


def test_neutral_precision_and_recall_on_our_set() -> None:
    texts = NEUTRAL + POSITIVE_SHORT + NEGATIVE_SHORT
    truth = np.array([True] * len(NEUTRAL) + [False] * (len(texts) - len(NEUTRAL)))
    said = np.array(_labels(texts)) == "neutral"
    recall = said[truth].mean()
    precision = (said & truth).sum() / said.sum()
    # measured zh-lex-lr@4: recall 0.600, precision 0.875 (@3: 0.629 / 0.846; before the
    # function-word rule: 0.514 / 0.818)
    assert recall >= 0.6, recall
    assert precision >= 0.85, precision


def test_plain_facts_are_neutral() -> None:
    """Held-out facts (tests/engine/heldout_sets.py): order, delivery, who bought what."""
    assert _labels(["订单号123已收到", "买了两件", "已付款"]) == ["neutral"] * 3
    said = np.mean(np.array(_labels(ZH_FACTS)) == "neutral")
    assert said >= 0.6, said   # measured 0.633 with zh-lex-lr@4 (@3: 0.533; before the function-word rule: 0.2)


def test_english_complaints_and_neutral() -> None:
    c = ["Support kept passing me around. Arrived with a cracked case. I'd like a refund.",
         "hello, i need help. app won't connect"]
    assert _labels(c, "en") == ["negative", "negative"]
    assert _labels(["I'd like to say it works great, love it"], "en") == ["positive"]
    neutral = np.mean(np.array(_labels(EN_NEUTRAL, "en")) == "neutral")
    assert neutral >= 0.7, neutral   # measured 0.8


@pytest.mark.shared_data
def test_short_reviews_close_to_long_ones(shared_data) -> None:
    d = pd.read_csv(shared_data / "waimai_10k.csv").dropna(subset=["review"])
    texts = d["review"].astype(str).tolist()
    ok = np.array(_labels(texts)) == np.where(d["label"].to_numpy() == 1, "positive", "negative")
    short = np.array([len(t) <= 10 for t in texts])
    # measured zh-lex-lr@4 (character bigrams + HowNet flags): short (2,597 rows) 0.820,
    # long 0.840, gap 1.95 points (issue 8 target: within 2); @3: 0.807 vs 0.839 (3.2)
    assert ok[short].mean() >= 0.81
    assert ok[~short].mean() - ok[short].mean() <= 0.02
