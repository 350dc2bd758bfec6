"""Zero-shot sentiment for Chinese and English feedback, given pre-computed tokens.

Entry point :func:`zero_shot_sentiment`.  Routing by language: "zh" and "mixed" use the
shipped Chinese model (:mod:`.zh`), "en" uses VADER plus our rules (:mod:`.en`), "other"
picks by script (any CJK character -> Chinese model, else English).

Neutral rule (documented contract): "neutral" means "no opinion in it", so binary accuracy
on opinions stays high and questions/requests stop getting a polarity:
  * Chinese: no feature (word, word bigram, character bigram, lexicon flag; single
    characters do not count) with |weight| >= the model's ``neutral_min_weight`` (0.4) is present
    ("订单号 12345", "ok", "已收到", ""); or the text is a question/request
    (:mod:`.speech_act`: interrogatives, "？", openers such as 请问/麻烦/希望/我想; the
    unpunctuated 什么时候发货 of chat and tickets too) and nothing
    but its markers and one-character function words carried that evidence
    (请问保修期是多久？, 麻烦尽快发货 -> neutral; 请问为什么这么慢？ stays negative).
    Unknown multi-character tokens (a workspace's taxonomy terms such as 服务很好) are
    split into known words before scoring (:meth:`.zh.ZhSentimentModel.model_tokens`).
  * English: neutral when the text has no content words ("ok", "n/a", order numbers,
    empty), or is a question/request ("?", or one short clause opening as a question:
    "when will my order ship") whose compound without politeness words is below
    ``speech_act.EN_ACT_MIN_COMPOUND``. P(positive) is the stack of VADER and a word
    model (:func:`.en.score`), so content without lexicon words is judged by the word model.
Measured neutral precision/recall on our own phrase set: tests/engine/test_sentiment_trust.py.
Neutral rows get p_positive = 0.5 (no information) and confidence 0.5.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import en, speech_act, zh

__all__ = ["LABELS", "SentimentBatch", "ZERO_SHOT_VERSION", "zero_shot_sentiment"]

LABELS = ("positive", "neutral", "negative")
ZH_VERSION = "zh-lex-lr@4"
ZERO_SHOT_VERSION: str = f"{ZH_VERSION}+{en.VERSION}"

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]").search


@dataclass
class SentimentBatch:
    """Per-row results; ``origin`` names the model version that produced each row."""

    labels: list[str]
    p_positive: np.ndarray
    confidence: np.ndarray
    origin: list[str]


def _route(texts: Sequence[str], languages: Sequence[str]) -> np.ndarray:
    """True where the Chinese model applies."""
    out = np.zeros(len(texts), dtype=bool)
    for i, (t, lang) in enumerate(zip(texts, languages, strict=True)):
        if lang in ("zh", "mixed"):
            out[i] = True
        elif lang != "en":
            out[i] = bool(t and _CJK(t))
    return out


def zero_shot_sentiment(
    texts: Sequence[str], tokens: Sequence[list[str]], languages: Sequence[str]
) -> SentimentBatch:
    """Score a batch; ``tokens`` must come from segment.tokenize_many (segment once).

    Chinese rows are scored in one vectorised call, so pass large batches.
    """
    n = len(texts)
    if not (len(tokens) == n == len(languages)):
        raise ValueError("texts, tokens and languages must have the same length")
    p = np.full(n, 0.5)
    evidence = np.zeros(n, dtype=bool)
    origin = [""] * n
    is_zh = _route(texts, languages)
    zi = np.flatnonzero(is_zh)
    if len(zi):
        model = zh.get_model()
        if model.version != ZH_VERSION:
            raise RuntimeError(f"zh model file is {model.version}, code expects {ZH_VERSION}")
        ztoks = [tokens[i] for i in zi]
        logit, ev = model.score(ztoks)
        p[zi] = 1.0 / (1.0 + np.exp(-logit))
        acts = [k for k, i in enumerate(zi) if ev[k] and speech_act.is_speech_act(texts[i], ztoks[k])]
        if acts:   # a question/request is neutral unless its content still judges
            # content = markers and one-character function words (有, 是, 的) removed
            lex = model.pos | model.neg
            rest = [[t for t in speech_act.content_tokens(ztoks[k]) if len(t) > 1 or t in lex] for k in acts]
            # polarity stays that of the whole text: 怎么/为什么 carry the tone of complaints
            # (measured: scoring only the rest cost 0.7 points on waimai's long reviews).
            # Measured and not used (2026-12-04): keeping a short act's polarity only when the
            # rest's |logit| >= 3 (topic words from reviews, 退货 快递 门店, lean negative, so
            # 可以退货吗 stays negative): unpunctuated acts neutral 0.53 -> 0.90, NEUTRAL recall
            # 0.60 -> 0.80, but waimai -0.2 points (<= 12 chars; -0.04 at <= 8): it makes
            # complaints such as 真特么慢,cao and 香菇是不是烂了呀 neutral.  The same margin on
            # every act, waived when the rest holds an opinion-lexicon word: 0.53 -> 0.83,
            # waimai -0.57 points (rhetorical complaints: 能再慢点吗, 让人怎么吃, 逗我呢？).
            _, ev_rest = model.score(rest)
            ev[acts] = ev_rest
        evidence[zi] = ev
        for i in zi:
            origin[i] = ZH_VERSION
    ei = np.flatnonzero(~is_zh)
    if len(ei):
        etexts = [texts[i] for i in ei]
        p[ei], c = en.score(etexts)
        ev_en = c != 0.0
        for k, t in enumerate(etexts):   # a question/request without clear judgement
            if ev_en[k] and speech_act.is_speech_act_en(t):
                rest = en.compound_scores([speech_act.strip_politeness_en(t)])[0]
                ev_en[k] = abs(rest) >= speech_act.EN_ACT_MIN_COMPOUND
        evidence[ei] = ev_en
        for i in ei:
            origin[i] = en.VERSION
    p = np.where(evidence, p, 0.5)
    labels = [
        ("positive" if pi >= 0.5 else "negative") if ev else "neutral" for pi, ev in zip(p, evidence, strict=True)
    ]
    conf = np.where(evidence, np.maximum(p, 1.0 - p), 0.5)
    return SentimentBatch(labels=labels, p_positive=p, confidence=conf, origin=origin)
