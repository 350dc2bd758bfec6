"""Why a model tag says what it says: the features that moved its score most.

Rule tags show their spans; model tags (zero-shot sentiment, learned facets) show the
tokens, token pairs and lexicon flags with the largest contribution to the score of the
value they chose (positive weight = pushed towards it).  Recomputed on demand from the
row's text with the same segmentation and models as analysis, so nothing extra is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from vocdesk.engine.learning import TextClassifier
from vocdesk.engine.learning.features import FEATURE_SETS
from vocdesk.engine.text import sentiment as senti
from vocdesk.engine.text.placeholders import mask_placeholders
from vocdesk.engine.text.segment import segmenter_for
from vocdesk.engine.text.sentiment import en, zh

__all__ = ["Contribution", "explain_rows"]

#: (feature shown to the analyst, signed contribution to the chosen value's score)
Contribution = tuple[str, float]
TOP = 5


_FLAG_NAMES = {zh.LEX_POS: "lexicon+", zh.LEX_NEG: "lexicon-", zh.HN_POS: "hownet+", zh.HN_NEG: "hownet-"}


def _readable(feature: str) -> str:
    """What the analyst sees: characters and character bigrams without their prefix (the
    contributions of 好 and 好吃 then add up), lexicon flags by the lexicon's name."""
    if feature in _FLAG_NAMES:
        return _FLAG_NAMES[feature]
    return feature[1:] if feature[:1] in (zh.CHAR, zh.CHAR2) else feature


def _top(pairs: list[Contribution], k: int) -> list[Contribution]:
    merged: dict[str, float] = {}
    for f, w in pairs:
        merged[_readable(f)] = merged.get(_readable(f), 0.0) + w
    out = sorted(merged.items(), key=lambda kv: -abs(kv[1]))[:k]
    return [(f, round(float(w), 3)) for f, w in out if abs(w) >= 1e-3]


def _zh(tokens: list[str], label: str, k: int) -> list[Contribution]:
    m = zh.get_model()
    split = m.model_tokens(tokens)
    feats = [f for f in m.features(split) if f in m.index]
    if not feats:
        return []
    j = np.array([m.index[f] for f in feats])
    x = m.idf[j]
    c = x * m.coef[j] / np.sqrt((x * x).sum()) / m.temperature
    sign = -1.0 if label == "negative" else 1.0
    # a lexicon flag's weight is credited to the words that raised it (太慢, not "lexicon-"),
    # shared equally when several did: the analyst sees which words moved the score
    by_flag = m.flag_words(split)
    pairs: list[Contribution] = []
    for f, w in zip(feats, c, strict=True):
        words = by_flag.get(f)
        if words:
            pairs.extend((word, sign * w / len(words)) for word in words)
        else:
            pairs.append((f, sign * w))
    # the model's prior (its intercept) is a reason too: short texts lean on it most
    prior = [("(prior)", sign * m.intercept / m.temperature)]
    return _top(pairs + prior, k)


def _en(text: str, label: str, k: int) -> list[Contribution]:
    sign = -1.0 if label == "negative" else 1.0
    return _top([(f, sign * w) for f, w in en.contributions(text)], k)


def _learned(model: TextClassifier, tokens: list[str], value: str, k: int) -> list[Contribution]:
    if value not in model.classes:
        return []
    feats = [f for f in FEATURE_SETS[model.features](tokens) if f in model.vocab.index]
    if not feats:
        return []
    j = np.array([model.vocab.index[f] for f in feats])
    x = model.vocab.idf[j]
    x = x / np.sqrt((x * x).sum())
    c = model.classes.index(value)
    coef = model.coef
    if coef.shape[0] == 1:   # binary: one row, pointing at classes[1]
        w = coef[0, j] * (1.0 if c == 1 else -1.0)
    else:
        w = coef[c, j]
    return _top(list(zip(feats, x * w / model.temperature, strict=True)), k)


def explain_rows(texts: Sequence[str], languages: Sequence[str | None],
                 tags: Sequence[dict[str, list[dict]]], models: dict[str, TextClassifier],
                 k: int = TOP, user_words: Iterable[str] = ()
                 ) -> list[dict[str, list[Contribution]]]:
    """Per row, facet -> top contributions for each model tag in ``tags`` (rule tags skipped).

    ``user_words``: the workspace's taxonomy terms, so the tokens explained are the ones
    analysis saw (analysis segments with exactly its own taxonomy's dictionary).

    ``tags`` are the row's effective tags as the store returns them (facet -> list of
    dicts with ``value`` and ``origin``).
    """
    clean = [mask_placeholders(t or "") for t in texts]
    tokens = segmenter_for(user_words).tokenize_many(clean)
    out: list[dict[str, list[Contribution]]] = []
    for text, lang, toks, row_tags in zip(clean, languages, tokens, tags, strict=True):
        expl: dict[str, list[Contribution]] = {}
        for facet, items in row_tags.items():
            for t in items[:1]:
                origin = str(t.get("origin") or "")
                value = str(t["value"])
                if origin.startswith("learned:") and facet in models:
                    expl[facet] = _learned(models[facet], toks, value, k)
                elif facet == "sentiment" and value != "neutral" and t.get("origin_kind") != "human":
                    routed_zh = bool(senti._route([text], [lang or ""])[0])
                    expl[facet] = _zh(toks, value, k) if routed_zh else _en(text, value, k)
        out.append(expl)
    return out
