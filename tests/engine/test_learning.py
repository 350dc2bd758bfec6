"""Learned classifiers: synthetic unit tests + the real-data 1,000-label sentiment check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vocdesk.engine.learning import TextClassifier, train_classifier
from vocdesk.engine.text.segment import tokenize_many
from vocdesk.engine.text.sentiment import zero_shot_sentiment

WORDS = {"物流": ["快递", "发货", "物流", "送达"], "质量": ["质量", "做工", "材质", "破损"],
         "价格": ["价格", "便宜", "优惠", "贵"]}


def _synthetic(n: int, seed: int = 0) -> tuple[list[list[str]], list[list[str]]]:
    rng = np.random.default_rng(seed)
    cats = list(WORDS)
    toks, labs = [], []
    for _ in range(n):
        c = cats[rng.integers(3)]
        toks.append(list(rng.choice(WORDS[c], 2)) + ["这个", "东西"])
        labs.append([c])
    return toks, labs


def test_single_label_roundtrip() -> None:
    toks, labs = _synthetic(120)
    model, rep = train_classifier("category", toks, labs, multi_label=False)
    assert model is not None and rep.chosen == "learned" and rep.cv_accuracy_learned > 0.95
    assert rep.classes == sorted(WORDS) and rep.n_labels == 120
    pred = model.predict([["快递", "送达"], ["做工"]])
    assert [p[0][0] for p in pred] == ["物流", "质量"] and len(pred[0]) == 1
    clone = TextClassifier.from_bytes(model.to_bytes())
    assert clone.version == model.version and clone.origin.startswith("learned:category@")
    assert np.allclose(clone.predict_proba([["价格"]]), model.predict_proba([["价格"]]), atol=1e-5)


def test_multi_label_and_unlabelled_rows() -> None:
    toks, labs = _synthetic(150, seed=1)
    toks += [["快递", "质量"]] * 30 + [["无关"]] * 5
    labs += [["物流", "质量"]] * 30 + [[]] * 5
    model, rep = train_classifier("category", toks, labs, multi_label=True)
    assert model is not None and model.multi_label and rep.n_labels == 180
    values = [v for v, _ in model.predict([["快递", "质量"]])[0]]
    assert set(values) == {"物流", "质量"}
    assert model.predict([["完全", "陌生"]]) in ([[]], [[(v, s)] for v, s in model.predict([["完全", "陌生"]])[0]])


def test_too_few_labels_or_one_class() -> None:
    toks, labs = _synthetic(10)
    assert train_classifier("category", toks, labs, False)[0] is None
    m, rep = train_classifier("category", [["a"]] * 40, [["x"]] * 40, False)
    assert m is None and rep.chosen == "baseline"


def test_baseline_wins_when_tags_add_nothing() -> None:
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 200)
    labs = [["positive" if v else "negative"] for v in y]
    toks = [["词" + str(rng.integers(1000))] for _ in y]  # tokens carry no signal
    base = np.where(y == 1, 0.9, 0.1)  # a perfect baseline
    m, rep = train_classifier("sentiment", toks, labs, False, baseline_p=base)
    assert rep.cv_accuracy_baseline == 1.0
    assert m is None and rep.chosen == "baseline"


@pytest.mark.shared_data
@pytest.mark.parametrize(("name", "floor"), [("waimai_10k.csv", 0.85), ("ChnSentiCorp_htl_all.csv", 0.84)])
def test_learned_sentiment_on_1000_labels(shared_data, name: str, floor: float) -> None:
    d = pd.read_csv(shared_data / name).dropna(subset=["review"])
    texts = d.review.astype(str).tolist()
    toks = tokenize_many(texts)
    zs = zero_shot_sentiment(texts, toks, ["zh"] * len(texts))
    y = np.where(d.label.to_numpy() == 1, "positive", "negative")
    rng = np.random.default_rng(42)
    tr = rng.choice(len(texts), 1000, replace=False)
    te = np.setdiff1d(np.arange(len(texts)), tr)
    model, rep = train_classifier("sentiment", [toks[i] for i in tr], [[y[i]] for i in tr], False,
                                  baseline_p=zs.p_positive[tr])
    assert model is not None and rep.chosen in ("learned", "blend")
    assert rep.cv_accuracy_baseline is not None and rep.cv_accuracy_learned > rep.cv_accuracy_baseline
    pred = model.predict([toks[i] for i in te], zs.p_positive[te])
    acc = float(np.mean([p[0][0] == y[i] for p, i in zip(pred, te, strict=True)]))
    assert acc >= floor  # speed: benchmarks/bench_suite_speed.py
