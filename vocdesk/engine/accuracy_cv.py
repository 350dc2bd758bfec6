"""Out-of-fold predictions of a learned facet: each human-tagged row scored by a model that
never saw it.

Why its own module: the accuracy lab must not score a learned model on its training rows, and
the fairest held-out figure is the learning code's own cross-validation. This reuses its
pieces (features, vocabulary, the linear fit, the same seeded folds) so the lab's numbers are
those of the model analysis uses, only out of fold.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.model_selection import KFold, StratifiedKFold

from vocdesk.engine.learning.classifier import SEED, THRESHOLD, _fit_linear, _probs
from vocdesk.engine.learning.features import Vocabulary, baseline_columns, row_features
from vocdesk.engine.store import feedback as store_feedback
from vocdesk.engine.text.lang import detect_language
from vocdesk.engine.text.segment import segmenter_for
from vocdesk.engine.text.sentiment import zero_shot_sentiment

N_FOLDS = 5


def folds(y: np.ndarray, multi: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """The learning code's split rule: stratified 5-fold when every class allows it."""
    n = len(y)
    if not multi:
        k = int(min(N_FOLDS, np.bincount(y).min()))
        if k >= 2:
            return list(StratifiedKFold(k, shuffle=True, random_state=SEED)
                        .split(np.zeros(n), y))
    return list(KFold(min(N_FOLDS, n), shuffle=True, random_state=SEED).split(np.zeros(n)))


def oof_from_tokens(tokens: list[list[str]], gold: list[list[str]], multi: bool,
                    baseline_p: np.ndarray | None = None
                    ) -> list[list[tuple[str, float]]]:
    """Per row, the (value, score) list a model fitted on the *other* folds predicts."""
    classes = sorted({v for g in gold for v in (g if multi else g[:1])})
    n = len(gold)
    if n < 2 or len(classes) < 2:
        return [[] for _ in range(n)]
    cidx = {c: j for j, c in enumerate(classes)}
    if multi:
        y = np.zeros((n, len(classes)), dtype=np.int64)
        for i, g in enumerate(gold):
            y[i, [cidx[v] for v in g]] = 1
    else:
        y = np.array([cidx[g[0]] for g in gold])
    feats = [row_features(t) for t in tokens]
    vocab = Vocabulary.fit(feats, min_df=2 if n >= 2000 else 1)   # unsupervised, as training
    x = vocab.transform(feats)
    base = baseline_columns(baseline_p, n)
    if base is not None:
        x = sp.hstack([x, sp.csr_matrix(base)], format="csr")
    probs = np.zeros((n, len(classes)))
    for tr, te in folds(y, multi):
        ytr = y[tr]
        if not multi and len(np.unique(ytr)) < 2:      # a fold with one class: predict it
            probs[np.ix_(te, np.unique(ytr))] = 1.0
            continue
        coef, icpt = _fit_linear(x[tr], ytr, multi, len(classes))
        p = _probs(x[te], coef, icpt, multi)
        if not multi and p.shape[1] != len(classes):   # the fold lacked some classes
            full = np.zeros((len(te), len(classes)))
            full[:, np.unique(ytr)] = p
            p = full
        probs[te] = p
    out = []
    for row in probs:
        order = np.argsort(-row, kind="stable")
        if multi:
            out.append([(classes[j], float(row[j])) for j in order if row[j] >= THRESHOLD])
        else:
            out.append([(classes[order[0]], float(row[order[0]]))])
    return out


def out_of_fold_predictions(db, taxonomy, facet: str, gold: dict[int, list[str]], multi: bool,
                            chosen: str) -> dict[int, list[tuple[str, float]]]:
    """Out-of-fold predictions for the human-tagged rows of a learned facet."""
    rows = store_feedback.texts_for_ids(db, sorted(gold))
    ids = [i for i in sorted(gold) if i in rows]
    texts = [rows[i][0] for i in ids]
    tokens = segmenter_for(taxonomy.all_terms()).tokenize_many(texts)
    baseline_p = None
    if facet == "sentiment" and chosen == "blend":
        langs = [rows[i][1] or detect_language(t) for i, t in zip(ids, texts, strict=True)]
        baseline_p = np.asarray(zero_shot_sentiment(texts, tokens, langs).p_positive, float)
    preds = oof_from_tokens(tokens, [gold[i] for i in ids], multi, baseline_p)
    return dict(zip(ids, preds, strict=True))
