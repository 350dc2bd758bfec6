"""Learned classifier vs a plain TF-IDF(jieba tokens) + logistic-regression baseline, side by side.

Why: the issue found the learned product facet below such a baseline.  For each label count
from 200 to 5,000 this trains both on the same rows and scores them on the same held-out
rows (accuracy and expected calibration error, 10 equal-width bins of the top-class score).
Tasks: sentiment on the shared waimai and hotel reviews (test data, read-only: nothing here
is shipped), with the learned model trained as `vocdesk train` does (zero-shot score as a
feature) and without it (as for any other facet); the product facet on generated demo
feedback (8 products, texts written by the demo generator; 15,000 rows so that about 7,000
name a product and 5,000 labels fit beside the 2,000 held out); and a nine-class
product-category task (12,000 generated reviews, ``benchmarks/product_reviews9.py``: the
demo brand has only eight products, so that module builds reviews of nine categories with
shared aspect words, category names in 45 % of reviews, generic delivery/price talk and
mentions of other categories; its docstring says how).
Run: .venv/bin/python benchmarks/bench_learned_vs_baseline.py

Measured (h-facets, learned − baseline accuracy; learned ECE): sentiment unchanged by the
counts variant (+0.013 … +0.172, ECE ≤ 0.047); demo product +0.124/+0.050/0.000/0.000/
0.000 at 200…5,000 labels (ECE 0.052/0.028/0.025/0.035/0.030; before: −0.015 at 2,000,
ECE 0.060 at 500); nine-class 0.689/0.807/0.834/0.850/0.862 (baseline 0.646/0.807/0.834/
0.850/0.856; ECE ≤ 0.032).  Where CV keeps the baseline's own features the learned model
*is* the baseline, only calibrated.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("VOCDESK_SHARED_DATA", ROOT.parent / "shared" / "data"))

from vocdesk.engine.learning import train_classifier  # noqa: E402
from vocdesk.engine.text.segment import tokenize_many  # noqa: E402
from vocdesk.engine.text.sentiment import zero_shot_sentiment  # noqa: E402

COUNTS = (200, 500, 1000, 2000, 5000)
TEST = 2000
SEED = 7


def ece(proba: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top-class score."""
    conf = proba.max(axis=1)
    right = proba.argmax(axis=1) == y
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(conf[m].mean() - right[m].mean())
    return float(total)


def baseline(tr_tok, tr_y, te_tok):  # noqa: ANN001, ANN201
    vec = TfidfVectorizer(analyzer=lambda toks: toks)
    clf = LogisticRegression(max_iter=2000).fit(vec.fit_transform(tr_tok), tr_y)
    return clf.predict_proba(vec.transform(te_tok)), list(clf.classes_)


def learned(tr_tok, tr_y, te_tok, tr_p, te_p):  # noqa: ANN001, ANN201
    model, _ = train_classifier("f", tr_tok, [[v] for v in tr_y], multi_label=False,
                                baseline_p=tr_p, min_labels=30)
    if model is None:   # CV chose the zero-shot model: that is what analysis would use
        return np.column_stack([1 - te_p, te_p]), ["negative", "positive"]
    return model.predict_proba(te_tok, baseline_p=te_p), model.classes


def run(name: str, texts: list[str], y: list[str], p0: np.ndarray | None) -> None:
    rng = np.random.default_rng(SEED)
    order = rng.permutation(len(texts))
    toks = tokenize_many(texts)
    te = order[-TEST:]
    print(f"\n{name}: held-out {len(te):,} rows   (acc / ECE)")
    print(f"{'labels':>7} | {'TF-IDF+LR baseline':>20} | {'learned':>20} | {'learned - baseline':>18}")
    y = np.asarray(y, dtype=object)
    for n in COUNTS:
        tr = order[:n]
        if n > len(texts) - TEST:
            break
        bp, bc = baseline([toks[i] for i in tr], y[tr], [toks[i] for i in te])
        by = np.array([bc.index(v) for v in y[te]])
        lp, lc = learned([toks[i] for i in tr], y[tr].tolist(), [toks[i] for i in te],
                         None if p0 is None else p0[tr], None if p0 is None else p0[te])
        ly = np.array([lc.index(v) for v in y[te]])
        ba, la = float((bp.argmax(1) == by).mean()), float((lp.argmax(1) == ly).mean())
        print(f"{n:>7,} | {ba:8.3f} / {ece(bp, by):5.3f}     | {la:8.3f} / {ece(lp, ly):5.3f}     | {la - ba:+18.3f}")


def main() -> None:
    for f in ("waimai_10k.csv", "ChnSentiCorp_htl_all.csv"):
        d = pd.read_csv(DATA / f).dropna(subset=["review"])
        texts = d["review"].astype(str).tolist()
        y = np.where(d["label"].to_numpy() == 1, "positive", "negative").tolist()
        p0 = np.asarray(zero_shot_sentiment(texts, tokenize_many(texts), ["zh"] * len(texts)).p_positive)
        run(f"sentiment {f}, learned with the zero-shot score", texts, y, p0)
        run(f"sentiment {f}, learned from text only", texts, y, None)
    from vocdesk.engine.demo.generate import generate_demo

    demo = generate_demo(n_feedback=15000).feedback
    demo = demo[demo["product"].notna()]
    run("product facet, generated demo feedback", demo["text"].tolist(), demo["product"].tolist(), None)
    from product_reviews9 import reviews

    texts, cats = reviews(12000, seed=0)
    run("product category, nine-class generated reviews", texts, cats, None)


if __name__ == "__main__":
    main()
