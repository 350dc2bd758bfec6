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


def test_count_features_weigh_repeats_like_tfidf() -> None:
    """The 'counts' feature set is term-count TF-IDF (the baseline's), L2-normalised."""
    from vocdesk.engine.learning.features import FEATURE_SETS, Vocabulary

    feats = [FEATURE_SETS["counts"](t) for t in (["a", "a", "b"], ["a", "b"], ["c"])]
    vocab = Vocabulary.fit(feats, min_df=1)
    m = vocab.transform(feats).toarray()
    a, b = vocab.index["a"], vocab.index["b"]
    assert m[0, a] == pytest.approx(2 * m[0, b]) and m[1, a] == pytest.approx(m[1, b])
    assert np.allclose((m * m).sum(axis=1), 1.0)
    assert vocab.idf[a] == pytest.approx(vocab.idf[b])   # df counts rows, not repeats


def _repeats(n: int, seed: int) -> tuple[list[list[str]], list[list[str]]]:
    """Both classes say 好 and share all words; only how often 好 repeats tells them apart."""
    rng = np.random.default_rng(seed)
    filler = [f"词{i}" for i in range(40)]
    toks, labs = [], []
    for _ in range(n):
        strong = bool(rng.integers(2))
        toks.append(["好"] * (3 if strong else 1) + list(rng.choice(filler, int(rng.integers(3, 6)))))
        labs.append(["强" if strong else "弱"])
    return toks, labs


def test_cv_picks_counts_where_repeats_matter() -> None:
    from vocdesk.engine.learning.classifier import _fit_linear
    from vocdesk.engine.learning.features import FEATURE_SETS, Vocabulary

    toks, labs = _repeats(300, 0)
    model, rep = train_classifier("intensity", toks, labs, multi_label=False)
    assert model is not None and model.features == "counts" and rep.chosen == "learned"
    tt, tl = _repeats(500, 1)
    y = np.array([model.classes.index(v[0]) for v in tl])
    acc = float((model.predict_proba(tt).argmax(axis=1) == y).mean())
    wf = [FEATURE_SETS["words"](t) for t in toks]
    wv = Vocabulary.fit(wf, 1)
    coef, icpt = _fit_linear(wv.transform(wf), np.array([model.classes.index(v[0]) for v in labs]), False, 2)
    zw = np.asarray(wv.transform([FEATURE_SETS["words"](t) for t in tt]) @ coef.T)[:, 0] + icpt[0]
    acc_words = float(((zw > 0).astype(int) == y).mean())
    assert acc >= 0.95 and acc >= acc_words + 0.3, (acc, acc_words)


def test_baseline_features_kept_unless_clearly_beaten() -> None:
    """Two variants right on nearly the same rows: the baseline's own one ('counts') stays."""
    from vocdesk.engine.learning.classifier import _clearly_better

    base = np.array([True] * 80 + [False] * 20)
    assert not _clearly_better(np.r_[base[:-3], [True] * 3], base)    # +3 rows: noise
    assert _clearly_better(np.r_[base[:80], [True] * 15, [False] * 5], base)
    assert not _clearly_better(base, base)


def test_zero_shot_blend_kept_unless_words_alone_clearly_win() -> None:
    """With a zero-shot model, a small CV lead of words alone (which out of domain turned
    into a loss on held-out rows) keeps the blend; a clear lead switches to words alone.
    Where the plain baseline's features are tried, they are the default instead."""
    from vocdesk.engine.learning.classifier import _pick_variant

    blend = np.array([True] * 80 + [False] * 20)
    near = np.r_[blend[:-3], [True] * 3]                    # right on 3 more rows: noise
    far = np.r_[blend[:80], [True] * 15, [False] * 5]      # 15 more: clear
    acc = lambda r: float(r.mean())                         # noqa: E731
    assert _pick_variant({"learned": acc(near), "blend": acc(blend)},
                         {"learned": near, "blend": blend}) == "blend"
    assert _pick_variant({"learned": acc(far), "blend": acc(blend)},
                         {"learned": far, "blend": blend}) == "learned"
    # no default: the best CV accuracy wins
    assert _pick_variant({"learned": acc(near)}, {"learned": near}) == "learned"
    rights = {"counts": blend, "words": near, "blend": far}
    assert _pick_variant({k: acc(v) for k, v in rights.items()}, rights) == "blend"
    rights = {"counts": blend, "words": near}
    assert _pick_variant({k: acc(v) for k, v in rights.items()}, rights) == "counts"


def test_top_recalibration_never_changes_the_decision() -> None:
    """A flat step of the map that puts the top score at or below the runner-up keeps the top."""
    from vocdesk.engine.learning.classifier import _recalibrate_top

    p = np.array([[0.30, 0.45, 0.25], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6]])
    out = _recalibrate_top(p, np.array([0.0, 1.0]), np.array([0.3, 0.3]))
    assert (out.argmax(axis=1) == p.argmax(axis=1)).all() and np.allclose(out.sum(axis=1), 1.0)


def test_sigmoid_top_calibration_below_isotonic_rows() -> None:
    """Few labels, > 2 classes: a monotone Platt map of the top score is fitted and saved."""
    toks, labs = _synthetic(150, seed=4)
    rng = np.random.default_rng(4)
    labs = [[str(rng.choice(list(WORDS)))] if rng.random() < 0.25 else lab for lab in labs]  # label noise
    model, _ = train_classifier("category", toks, labs, multi_label=False)
    assert model is not None and model.top_calibration is not None
    xs, ys = model.top_calibration
    assert (np.diff(ys) >= -1e-12).all() and ys.max() <= 1.0
    clone = TextClassifier.from_bytes(model.to_bytes())
    assert np.allclose(clone.predict_proba(toks[:20]), model.predict_proba(toks[:20]), atol=1e-5)


def test_counts_model_roundtrips() -> None:
    """A model over the baseline's count features saves and loads (features kept)."""
    toks, labs = _repeats(200, 2)
    model, _ = train_classifier("intensity", toks, labs, multi_label=False)
    assert model is not None and model.features == "counts"
    clone = TextClassifier.from_bytes(model.to_bytes())
    assert clone.features == "counts" and clone.version == model.version
    assert np.allclose(clone.predict_proba(toks[:30]), model.predict_proba(toks[:30]), atol=1e-5)


@pytest.mark.parametrize("name", ["v1_single", "v1_single_top", "v1_multi"])
def test_models_saved_by_the_previous_version_still_load(name: str) -> None:
    """Files written before 'counts' and the sigmoid map existed: same hash, same scores."""
    import json
    from pathlib import Path

    d = Path(__file__).parent / "learned_models"
    exp = json.loads((d / "expected.json").read_text(encoding="utf-8"))
    model = TextClassifier.from_bytes((d / f"{name}.npz").read_bytes())
    want = exp["models"][name]
    assert model.version == want["version"] and model.features == want["features"]
    assert np.allclose(model.predict_proba(exp["probe"]), np.array(want["proba"]), atol=1e-5)
