"""The accuracy lab: how well the auto tags agree with the human tags, facet by facet.

Why: every chart quotes the auto tags, so an analyst needs per-value precision / recall / F1,
the confusion matrix, the calibration of the scores and the coverage before trusting them.
Learned models were trained on the very rows people tagged, so scoring their stored tags would
be scoring the training set: for those facets the predictions are *out of fold* (the learning
code's own cross-validation splits, each row predicted by a model that never saw it).
Metrics come from scikit-learn (``precision_recall_fscore_support``, ``confusion_matrix``,
``cohen_kappa_score``, ``calibration_curve``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import cohen_kappa_score, confusion_matrix, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

from vocdesk.engine.store import accuracy_queries as q
from vocdesk.engine.store import models as store_models
from vocdesk.engine.store import tags as store_tags

#: The column/row of the confusion matrix for "no value" (nothing tagged / nothing predicted).
NONE = "—"
N_BINS = 10

Prediction = list[tuple[str, float | None]]   # (value, score), most confident first


@dataclass
class FacetAccuracy:
    """Everything the lab says about one facet (JSON-ready through :meth:`to_dict`)."""

    facet: str
    multi: bool
    scored_on: str                  # "out-of-fold" (learned model) | "stored auto tags"
    n: int                          # human-tagged rows scored
    accuracy: float                 # share of rows whose top auto value is the human value
    kappa: float | None             # Cohen's κ, human vs auto (primary values)
    per_value: list[dict[str, Any]]
    labels: list[str]               # confusion rows (human) and columns (auto), NONE last
    confusion: list[list[int]]
    calibration: dict[str, Any]
    coverage: float                 # share of all rows with an effective tag of this facet
    cells: dict[tuple[str, str], list[int]] = field(default_factory=dict, repr=False)

    def cell_ids(self, human: str, auto: str) -> list[int]:
        """The rows behind one confusion cell (what the GUI opens in the explorer)."""
        return list(self.cells.get((human, auto), []))

    def to_dict(self) -> dict[str, Any]:
        return {"facet": self.facet, "multi": self.multi, "scored_on": self.scored_on,
                "n": self.n, "accuracy": self.accuracy, "kappa": self.kappa,
                "per_value": self.per_value, "labels": self.labels,
                "confusion": self.confusion, "calibration": self.calibration,
                "coverage": self.coverage}


@dataclass
class AccuracyReport:
    rows: int
    coverage_any: float             # share of rows with any tag of any facet
    facets: list[FacetAccuracy]

    def facet(self, name: str) -> FacetAccuracy | None:
        return next((f for f in self.facets if f.facet == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "coverage_any": self.coverage_any,
                "facets": [f.to_dict() for f in self.facets]}


# --------------------------------------------------------------------------- the metrics
def _nan_to_none(x: float) -> float | None:
    return None if x is None or not np.isfinite(x) else float(x)


def per_value_scores(gold: list[list[str]], pred: list[list[str]], values: list[str]
                     ) -> list[dict[str, Any]]:
    """Per value: precision, recall, F1, support (human rows with it), predicted count.

    Works for one or several values per row (multi-label via indicator matrices).
    """
    mlb = MultiLabelBinarizer(classes=values)
    yt, yp = mlb.fit_transform(gold), mlb.transform(pred)
    p, r, f, s = precision_recall_fscore_support(yt, yp, labels=list(range(len(values))),
                                                 average=None, zero_division=0)
    return [{"value": v, "precision": float(p[j]), "recall": float(r[j]), "f1": float(f[j]),
             "support": int(s[j]), "predicted": int(yp[:, j].sum())}
            for j, v in enumerate(values)]


def calibration_table(scores: np.ndarray, correct: np.ndarray, n_bins: int = N_BINS
                      ) -> dict[str, Any]:
    """Reliability bins of the top score: mean score vs observed accuracy, n, and the ECE.

    ECE = Σ_b (n_b / N) · |accuracy_b − mean score_b| over equal-width bins of [0, 1].
    """
    scores = np.clip(np.asarray(scores, float), 0.0, 1.0)
    correct = np.asarray(correct, int)
    if len(scores) == 0:
        return {"bins": [], "ece": None, "n": 0}
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.searchsorted(edges[1:-1], scores)   # the same bins as calibration_curve
    counts = np.bincount(which, minlength=n_bins)
    prob_true, prob_pred = calibration_curve(correct, scores, n_bins=n_bins, strategy="uniform")
    bins, ece = [], 0.0
    for (b, n), acc, conf in zip([(b, n) for b, n in enumerate(counts) if n], prob_true,
                                 prob_pred, strict=True):
        bins.append({"lo": float(edges[b]), "hi": float(edges[b + 1]), "n": int(n),
                     "mean_score": float(conf), "accuracy": float(acc)})
        ece += n / len(scores) * abs(acc - conf)
    return {"bins": bins, "ece": float(ece), "n": int(len(scores))}


def score_facet(facet: str, multi: bool, gold: dict[int, list[str]], pred: dict[int, Prediction],
                scored_on: str, coverage: float) -> FacetAccuracy:
    """Compare predictions with human values on the rows people tagged (one facet)."""
    ids = sorted(i for i, g in gold.items() if g)
    g_sets = [gold[i] for i in ids]
    p_sets = [[v for v, _s in pred.get(i, [])] for i in ids]
    values = sorted({v for s in g_sets for v in s} | {v for s in p_sets for v in s})
    per_value = per_value_scores(g_sets, p_sets, values) if ids else []
    g1 = [s[0] for s in g_sets]
    p1 = [s[0] if s else NONE for s in p_sets]
    labels = values + ([NONE] if NONE in p1 else [])
    cm = confusion_matrix(g1, p1, labels=labels).tolist() if ids else []
    cells: dict[tuple[str, str], list[int]] = {}
    for fid, h, a in zip(ids, g1, p1, strict=True):
        cells.setdefault((h, a), []).append(fid)
    kappa = None
    if ids and len(set(g1) | set(p1)) > 1:
        kappa = _nan_to_none(cohen_kappa_score(g1, p1))
    conf, ok = [], []
    for fid, gs in zip(ids, g_sets, strict=True):
        top = pred.get(fid) or []
        if top and top[0][1] is not None:
            conf.append(top[0][1])
            ok.append(top[0][0] in gs)
    acc = float(np.mean([a == h for h, a in zip(g1, p1, strict=True)])) if ids else 0.0
    return FacetAccuracy(facet, multi, scored_on, len(ids), acc, kappa, per_value, labels, cm,
                         calibration_table(np.array(conf), np.array(ok)), coverage, cells)


# --------------------------------------------------------------------------- the use case
def stored_predictions(db, facet: str) -> dict[int, Prediction]:
    """The facet's auto tags as stored by analysis (rules, zero-shot model, derivations)."""
    return {fid: [(v, s) for v, s, _o in tags] for fid, tags in q.auto_values(db, facet).items()}


def learned_facets(db) -> dict[str, str]:
    """Facets whose analysis uses a model learned from the human tags → its ``chosen`` mode."""
    return {f: m["chosen"] for f, m in store_models.load_models(db).items()
            if m.get("blob") is not None and m.get("chosen") in ("learned", "blend")}


def accuracy_report(db, taxonomy, facet: str | None = None) -> AccuracyReport:
    """Per facet with human tags (or just ``facet``): the lab's numbers (read only)."""
    from vocdesk.engine.accuracy_cv import out_of_fold_predictions

    rows, per_facet, any_tag = q.coverage_counts(db)
    learned = learned_facets(db)
    out = []
    for name in q.human_facets(db):
        if facet is not None and name != facet:
            continue
        gold = {i: v for i, v in store_tags.human_labels(db, name).items() if v}
        spec = taxonomy.facet(name)
        multi = bool(spec.multi) if spec else any(len(v) > 1 for v in gold.values())
        if name in learned:
            pred = out_of_fold_predictions(db, taxonomy, name, gold, multi, learned[name])
            scored_on = "out-of-fold"
        else:
            pred, scored_on = stored_predictions(db, name), "stored auto tags"
        cov = per_facet.get(name, 0) / rows if rows else 0.0
        out.append(score_facet(name, multi, gold, pred, scored_on, cov))
    return AccuracyReport(rows, any_tag / rows if rows else 0.0, out)
