"""Learning from human tags: per-facet models that take over where they measurably win.

For sentiment the baseline is the zero-shot model; for the other facets it is the rules.
Both are scored on the same human-labelled rows as the learned model's cross-validation, and
the winner (or a blend) is what analysis uses. The report keeps both numbers so a user sees
"accuracy before → after".
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict

import numpy as np
from sqlite_utils import Database

from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.store import feedback as store_feedback
from vocdesk.engine.store import models as store_models
from vocdesk.engine.store import settings as store_settings
from vocdesk.engine.store import tags as store_tags
from vocdesk.engine.tagging.rules import compile_taxonomy_rules
from vocdesk.engine.tagging.taxonomy import Taxonomy
from vocdesk.engine.text.lang import detect_language
from vocdesk.engine.text.placeholders import mask_placeholders
from vocdesk.engine.text.segment import SEGMENTER_VERSION, segmenter_for
from vocdesk.engine.text.sentiment import ZERO_SHOT_VERSION, zero_shot_sentiment

MIN_LABELS = 30


def _fingerprint(labels: dict[int, list[str]], taxonomy: Taxonomy) -> str:
    h = hashlib.sha1(f"{SEGMENTER_VERSION}|{ZERO_SHOT_VERSION}|{taxonomy.fingerprint()}".encode())
    for fid in sorted(labels):
        h.update(f"{fid}:{'|'.join(sorted(labels[fid]))};".encode())
    return h.hexdigest()[:16]


def _rules_accuracy(rows: list[tuple[str, list[str]]], taxonomy: Taxonomy, facet: str,
                    multi: bool) -> float:
    rules = compile_taxonomy_rules(taxonomy, facets=[facet])
    hits = 0
    for text, gold in rows:
        got = {m.value for m in rules.match(text)}
        hits += (got == set(gold)) if multi else (bool(gold) and gold[0] in got and len(got) == 1)
    return hits / len(rows) if rows else 0.0


def train_if_needed(db: Database, taxonomy: Taxonomy, *, force: bool = False,
                    progress: Progress = NULL_PROGRESS) -> list[dict]:
    """(Re)train the model of every facet whose human labels changed; returns the reports."""
    reports = []
    stored = store_models.load_models(db)
    todo = []
    for facet in sorted(store_tags.human_label_counts(db)):
        if facet in taxonomy.derived_facets():   # learning them would fight the derivation
            continue
        labels = store_tags.human_labels(db, facet)
        labels = {k: v for k, v in labels.items() if v}
        fp = _fingerprint(labels, taxonomy)
        key = f"labels_fp:{facet}"
        if not force and store_settings.get_setting(db, key) == fp and (facet in stored or
                                                                          len(labels) < MIN_LABELS):
            continue
        todo.append((facet, labels, key, fp))
    if not todo:
        return reports
    total = sum(len(labels) for _, labels, _, _ in todo)
    progress.start(total, "training")
    done = 0
    for facet, labels, key, fp in todo:
        progress.check()
        progress.update(done, total, f"training {facet} ({len(labels):,} labels)")
        report = train_facet(db, taxonomy, facet, labels)
        store_settings.set_setting(db, key, fp)
        if report is not None:
            reports.append(report)
        done += len(labels)
        progress.update(done, total, f"trained {facet}")
    progress.finish()
    return reports


def train_facet(db: Database, taxonomy: Taxonomy, facet: str, labels: dict[int, list[str]]
                ) -> dict | None:
    """Train one facet's model on its human labels and store it with its metrics."""
    if len(labels) < MIN_LABELS:
        store_models.delete_model(db, facet)
        return None
    ids = sorted(labels)
    rows = store_feedback.texts_for_ids(db, ids)
    ids = [i for i in ids if i in rows]
    texts = [mask_placeholders(rows[i][0]) for i in ids]
    tokens = segmenter_for(taxonomy.all_terms()).tokenize_many(texts)
    gold = [labels[i] for i in ids]
    spec = taxonomy.facet(facet)
    multi = bool(spec.multi) if spec else any(len(g) > 1 for g in gold)
    baseline_p = None
    if facet == "sentiment":
        langs = [rows[i][1] or detect_language(t) for i, t in zip(ids, texts, strict=True)]
        baseline_p = np.asarray(zero_shot_sentiment(texts, tokens, langs).p_positive, float)
    from vocdesk.engine.learning import train_classifier  # sklearn: only when training

    model, report = train_classifier(facet, tokens, gold, multi_label=multi,
                                     baseline_p=baseline_p, min_labels=MIN_LABELS)
    metrics = asdict(report)
    chosen = report.chosen
    if facet != "sentiment":
        base = _rules_accuracy(list(zip(texts, gold, strict=True)), taxonomy, facet, multi)
        metrics["cv_accuracy_baseline"] = base
        if model is not None:
            chosen = "learned" if report.cv_accuracy_learned > base else "baseline"
            if chosen == "learned" and base > 0.2:
                chosen = "blend"   # rules still add values the model has not seen enough of
        metrics["chosen"] = chosen
    if model is None or chosen == "baseline":
        store_models.save_model(db, facet, "baseline", len(ids), "baseline", metrics, None)
    else:
        store_models.save_model(db, facet, model.version, len(ids), chosen, metrics,
                                model.to_bytes())
    return metrics
