"""The Chinese model's fast feature lookup is the feature definition training used.

Why: ``ZhSentimentModel.feature_ids`` looks characters and character bigrams up without
building the prefixed strings of ``make_features`` (for speed); if the two drifted apart, the
shipped weights would be applied to other features than they were fitted on, silently.
"""

from __future__ import annotations

import numpy as np

from vocdesk.engine.text.segment import tokenize_many
from vocdesk.engine.text.sentiment import zh

TEXTS = ["服务很好", "送餐太慢了，饭菜都凉了", "不好吃", "味道不敢恭维", "订单号123已收到",
         "房间很干净但是前台态度不好", "", "a", "请问保修期是多久？", "猪蹄没熟透，饼酸了"]


def test_fast_lookup_equals_the_training_features() -> None:
    m = zh.get_model()
    toks = tokenize_many(TEXTS)
    indptr, idx = m.feature_ids(toks)
    for k, t in enumerate(toks):
        want = {m.index[f] for f in m.features(m.model_tokens(t)) if f in m.index}
        assert set(idx[indptr[k]:indptr[k + 1]].tolist()) == want, TEXTS[k]
        assert len(idx[indptr[k]:indptr[k + 1]]) == len(want)   # no duplicates


def test_hownet_flag_carries_words_the_corpus_rarely_saw() -> None:
    """A HowNet word gives the HN flag, and a negator before it flips it."""
    m = zh.get_model()
    assert "熟透" not in m.hn_neg and "难吃" in m.hn_neg | m.neg
    word = sorted(w for w in m.hn_neg if w not in m.index and len(w) == 2)[0]
    assert zh.HN_NEG in m.features([word]) and zh.HN_POS in m.features(["不", word])
    logit, _ = m.score([[word]])
    assert np.isfinite(logit[0])


def test_fast_lookup_on_real_feedback_shapes() -> None:
    """Negators before lexicon words, repeated tokens, Latin and digits, one-character rows."""
    m = zh.get_model()
    texts = ["不满意，不好吃，没有不好", "好好好", "bug太多 2次闪退", "慢", "非常不推荐，别买", "不 不 好"]
    toks = tokenize_many(texts)
    indptr, idx = m.feature_ids(toks)
    for k, t in enumerate(toks):
        want = {m.index[f] for f in m.features(m.model_tokens(t)) if f in m.index}
        assert set(idx[indptr[k]:indptr[k + 1]].tolist()) == want, texts[k]
