"""The per-batch analysis function: a DataFrame of rows in, auto tags out.

It is pure (no store, no globals written) so the same function can run in a worker process
here or on a cluster engine later. Everything it needs is in an :class:`AnalysisContext`,
built once per run from the workspace's taxonomy and learned models.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from vocdesk.engine.tagging.derive import derivation_for, rule_score
from vocdesk.engine.tagging.rules import RuleSet, compile_taxonomy_rules, merge_spans
from vocdesk.engine.tagging.taxonomy import Taxonomy, taxonomy_from_dict
from vocdesk.engine.text.keywords import extract_keywords
from vocdesk.engine.text.lang import detect_language
from vocdesk.engine.text.placeholders import mask_placeholders
from vocdesk.engine.text.segment import SEGMENTER_VERSION, segmenter_for, user_words_fingerprint
from vocdesk.engine.text.sentiment import ZERO_SHOT_VERSION, zero_shot_sentiment

TAG_COLUMNS = ["feedback_id", "facet", "value", "score", "origin", "spans"]
ANALYSIS_COLUMNS = ["feedback_id", "version", "analyzed_at", "sentiment_score", "keywords"]
#: Columns of the source file that name a facet's value outright (origin "source").
SOURCE_FACETS = ("product", "store", "region")
SOURCE_ORIGIN = "source"


@dataclass
class AnalysisContext:
    """Everything a batch needs; picklable as plain data (rebuilt inside worker processes)."""

    taxonomy_data: dict
    model_blobs: dict[str, bytes] = field(default_factory=dict)     # facet -> TextClassifier bytes
    model_modes: dict[str, str] = field(default_factory=dict)       # facet -> learned|blend|baseline

    def __post_init__(self) -> None:
        self._ready = False

    def __getstate__(self):
        return {"taxonomy_data": self.taxonomy_data, "model_blobs": self.model_blobs,
                "model_modes": self.model_modes}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._ready = False

    def prepare(self) -> None:
        if self._ready:
            return
        # sklearn is imported only when there is work: `analyze` with nothing to do stays fast
        from vocdesk.engine.learning import TextClassifier

        self.taxonomy: Taxonomy = taxonomy_from_dict(self.taxonomy_data)
        # this taxonomy's own dictionary: never the terms of another workspace in this process
        self.segmenter = segmenter_for(self.taxonomy.all_terms())
        self.rules: RuleSet = compile_taxonomy_rules(self.taxonomy)
        self.models: dict[str, object] = {
            f: TextClassifier.from_bytes(b) for f, b in self.model_blobs.items()
            if self.model_modes.get(f) in ("learned", "blend")}
        self.multi = {f.name: f.multi for f in self.taxonomy.facets}
        #: stage, department, … as the taxonomy's ``kind: derived`` facets define them
        self.derivation = derivation_for(self.taxonomy)
        #: Facets analysis derives (``kind: derived``): never tagged from their own rules alone.
        self.derived = set(self.taxonomy.derived_facets())
        # source column value -> taxonomy value: the value or its zh/en label, case- and
        # space-insensitive (see _source_value)
        self.source_values: dict[str, dict[str, str]] = {}
        for name in SOURCE_FACETS:
            spec = self.taxonomy.facet(name)
            if spec is not None:
                keys: dict[str, str] = {}
                for v in spec.values:
                    for k in (v.label_en, v.label_zh, v.value):     # the value's own name wins
                        if k and _norm(k):
                            keys[_norm(k)] = v.value
                self.source_values[name] = keys
        self._ready = True

    @property
    def derived_sources(self) -> tuple[str, ...]:
        """Facets the derived ones are computed from (their human tags are read per batch)."""
        return derivation_for(taxonomy_from_dict(self.taxonomy_data)).sources

    @property
    def version(self) -> str:
        """Changes when anything that shapes the tags changes: rows are then re-analysed."""
        terms = taxonomy_from_dict(self.taxonomy_data).all_terms()
        parts = [SEGMENTER_VERSION, ZERO_SHOT_VERSION, "src2",
                 "dict:" + user_words_fingerprint(terms),
                 json.dumps(self.taxonomy_data, sort_keys=True, ensure_ascii=False),
                 json.dumps({f: [hashlib.sha1(b).hexdigest(), self.model_modes.get(f)]
                             for f, b in sorted(self.model_blobs.items())})]
        return "a1-" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


def _norm(value: str) -> str:
    return "".join(value.split()).casefold()


def _source_tags(batch: pd.DataFrame, ctx: AnalysisContext) -> list[dict[str, str]]:
    """Per row, facet -> value named by a mapped product/store/region column of the file.

    A value missing from the taxonomy is kept as written: the file is the authority on
    which product a row is about, and a person can still override it.
    """
    out: list[dict[str, str]] = [{} for _ in range(len(batch))]
    for facet, known in ctx.source_values.items():
        if facet not in batch:
            continue
        memo: dict[str, str] = {}
        for i, raw in enumerate(batch[facet].tolist()):
            if isinstance(raw, str) and raw.strip():
                got = memo.get(raw)
                if got is None:
                    got = memo[raw] = _source_value(raw, known)
                out[i][facet] = got
    return out


#: The shortest taxonomy name looked for inside a longer source value.
SOURCE_CONTAINED_MIN = 4


def _source_value(raw: str, known: dict[str, str]) -> str:
    """The taxonomy value a source cell names: its name or label exactly, else the one value
    whose name (at least SOURCE_CONTAINED_MIN characters) the cell contains — shop listings
    write 青禾扫地机器人R5 家用全自动 for 扫地机器人 R5.  Two values contained (a bundle) or
    none: the cell as written."""
    key = _norm(raw)
    if key in known:
        return known[key]
    inside = {v for k, v in known.items() if len(k) >= SOURCE_CONTAINED_MIN and k in key}
    return inside.pop() if len(inside) == 1 else raw.strip()


_rule_score = rule_score


def analyze_batch(batch: pd.DataFrame, ctx: AnalysisContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tag a batch of rows.

    ``batch`` columns: ``id``, ``text``, ``language`` (may be null) and optionally ``human``
    (dict facet → values of the row's human tags, used for derivations). Returns (tags,
    analysis) DataFrames with TAG_COLUMNS and ANALYSIS_COLUMNS.
    """
    ctx.prepare()
    ids = batch["id"].tolist()
    # placeholders ([手机号] …) blanked: rules, sentiment and keywords must not see them
    texts = [mask_placeholders(t) for t in batch["text"].fillna("").tolist()]
    langs = [lang if isinstance(lang, str) and lang else detect_language(t)
             for lang, t in zip(batch["language"].tolist(), texts, strict=True)]
    humans = batch["human"].tolist() if "human" in batch else [None] * len(ids)
    tokens = ctx.segmenter.tokenize_many(texts)
    version = ctx.version
    now = datetime.now(UTC).isoformat(timespec="seconds")

    senti = zero_shot_sentiment(texts, tokens, langs)
    labels, confidence, p_pos = list(senti.labels), np.asarray(senti.confidence, float), \
        np.asarray(senti.p_positive, float)
    origins = list(senti.origin)
    model = ctx.models.get("sentiment")
    if model is not None:
        preds = model.predict(tokens, baseline_p=p_pos)
        for i, pred in enumerate(preds):
            if pred and labels[i] != "neutral":
                labels[i], confidence[i] = pred[0][0], pred[0][1]
                origins[i] = model.origin
                probs = dict(pred)
                if "positive" in probs or "negative" in probs:
                    p_pos[i] = probs.get("positive", 1.0 - probs.get("negative", 0.0))

    learned_preds = {f: m.predict(tokens) for f, m in ctx.models.items() if f != "sentiment"}
    sources = _source_tags(batch, ctx)

    tag_rows: list[tuple] = []
    analysis_rows: list[tuple] = []
    for i, (fid, text) in enumerate(zip(ids, texts, strict=True)):
        tag_rows.append((fid, "sentiment", labels[i], round(float(confidence[i]), 4), origins[i],
                         None))
        found: dict[str, dict[str, list]] = defaultdict(dict)   # facet -> value -> [rules, spans]
        for m in ctx.rules.match(text):
            slot = found[m.facet].setdefault(m.value, [[], []])
            slot[0].append(m.rule_id)
            slot[1].extend(m.spans)
        for facet, preds in learned_preds.items():
            if preds[i]:
                found[facet] = {v: [[ctx.models[facet].origin], [], s]
                                for v, s in preds[i]}
            elif ctx.model_modes.get(facet) == "learned":
                found.pop(facet, None)
        for facet, value in sources[i].items():   # the file says it: beats rules and models
            found[facet] = {value: [[SOURCE_ORIGIN], [], 1.0]}
        human = humans[i] or {}
        effective: dict[str, list[tuple[str, float]]] = {}
        for facet, values in found.items():
            if facet in ctx.derived:
                continue
            scored = []
            for value, slot in values.items():
                spans = merge_spans(slot[1])
                score = slot[2] if len(slot) > 2 else _rule_score(len(spans))
                scored.append((value, score, ",".join(slot[0]), spans))
            scored.sort(key=lambda x: -x[1])
            if not ctx.multi.get(facet, True):
                scored = scored[:1]
            for value, score, origin, spans in scored:
                tag_rows.append((fid, facet, value, round(float(score), 4), origin,
                                 json.dumps(spans) if spans else None))
            effective[facet] = [(v, s) for v, s, _, _ in scored]
        for facet in ctx.derivation.sources:
            if facet in human:
                effective[facet] = [(v, 1.0) for v in human[facet]]
        tag_rows.extend(ctx.derivation.derive(fid, effective, found))
        analysis_rows.append((fid, version, now, round(float(p_pos[i]), 4),
                              json.dumps(extract_keywords(tokens[i]), ensure_ascii=False)))
    return (pd.DataFrame(tag_rows, columns=TAG_COLUMNS),
            pd.DataFrame(analysis_rows, columns=ANALYSIS_COLUMNS))

