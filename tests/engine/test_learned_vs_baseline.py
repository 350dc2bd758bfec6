"""A learned facet beats plain TF-IDF(jieba tokens) + logistic regression, with calibrated scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from vocdesk.engine.learning import train_classifier
from vocdesk.engine.text.segment import tokenize_many


def _ece(proba: np.ndarray, y: np.ndarray) -> float:
    conf, right = proba.max(axis=1), proba.argmax(axis=1) == y
    edges = np.linspace(0, 1, 11)
    return float(sum(((conf > lo) & (conf <= hi)).mean() * abs(conf[(conf > lo) & (conf <= hi)].mean()
                                                               - right[(conf > lo) & (conf <= hi)].mean())
                     for lo, hi in zip(edges[:-1], edges[1:], strict=True)
                     if ((conf > lo) & (conf <= hi)).any()))


def test_ece_by_hand() -> None:
    p = np.array([[0.2, 0.8]] * 10)
    y = np.array([1] * 8 + [0] * 2)       # 0.8 confident, right 8 times in 10
    assert _ece(p, y) == pytest.approx(0.0)
    assert _ece(p, np.ones(10, dtype=int)) == pytest.approx(0.2)


@pytest.mark.shared_data
def test_learned_beats_tfidf_baseline_and_is_calibrated(shared_data) -> None:
    d = pd.read_csv(shared_data / "ChnSentiCorp_htl_all.csv").dropna(subset=["review"])
    order = np.random.default_rng(7).permutation(len(d))
    texts = d["review"].astype(str).to_numpy()
    y = np.where(d["label"].to_numpy() == 1, "positive", "negative")
    tr, te = order[:1000], order[-2000:]
    toks = tokenize_many(texts[np.r_[tr, te]].tolist())
    ttr, tte = toks[:1000], toks[1000:]
    vec = TfidfVectorizer(analyzer=lambda t: t)
    base = LogisticRegression(max_iter=2000).fit(vec.fit_transform(ttr), y[tr])
    base_acc = float((base.predict(vec.transform(tte)) == y[te]).mean())
    model, _ = train_classifier("f", ttr, [[v] for v in y[tr]], multi_label=False)
    assert model is not None
    p = model.predict_proba(tte)
    yi = np.array([model.classes.index(v) for v in y[te]])
    acc = float((p.argmax(axis=1) == yi).mean())
    # measured: learned 0.858 vs baseline 0.813, ECE 0.013 (0.088 before temperature scaling)
    assert acc >= base_acc + 0.02, (acc, base_acc)
    assert _ece(p, yi) <= 0.04


def _nine_class_reviews(n: int, seed: int) -> tuple[list[str], list[str]]:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "product_reviews9.py"
    spec = importlib.util.spec_from_file_location("product_reviews9", path)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod.reviews(n, seed)


def test_nine_product_categories_from_1000_labels() -> None:
    """Issue 8 target: product category >= 0.82 from 1,000 labels on a nine-class task
    (benchmarks/product_reviews9.py), and never under the plain TF-IDF + LR baseline."""
    texts, y = _nine_class_reviews(3000, 0)
    toks = tokenize_many(texts)
    ya = np.asarray(y, dtype=object)
    ttr, tte, ytr, yte = toks[:1000], toks[1000:], ya[:1000], ya[1000:]
    vec = TfidfVectorizer(analyzer=lambda t: t)
    base = LogisticRegression(max_iter=2000).fit(vec.fit_transform(ttr), ytr)
    base_acc = float((base.predict(vec.transform(tte)) == yte).mean())
    model, _ = train_classifier("product", ttr, [[v] for v in ytr], multi_label=False)
    assert model is not None and len(model.classes) == 9
    p = model.predict_proba(tte)
    yi = np.array([model.classes.index(v) for v in yte])
    acc = float((p.argmax(axis=1) == yi).mean())
    # measured: 0.858 (CV kept the baseline's count features: = baseline), ECE 0.023
    assert acc >= 0.84 and acc >= base_acc, (acc, base_acc)
    assert _ece(p, yi) <= 0.04
