"""English word-feature model stacked on VADER: the learned half of English sentiment.

Why: VADER only sees words in its lexicon.  About a quarter of product-review sentences
hit none ("The battery lasted two hours.") and negative ones are missed most (negative
recall 0.56 on review snippets).  A logistic regression over word unigrams and bigrams,
with negation scope marked ("not good" -> ``good`` becomes ``~good`` for the next three
words), learns such words from labelled sentences.  It is trained by
``tools/train_en_sentiment.py`` on the three MIT-licensed ground-truth corpora that ship in
the vaderSentiment source distribution (movie-review snippets, NYT editorial snippets,
tweets; ~20,000 human-rated sentences), never on the Amazon snippets used as test data.

The final probability is a logistic *stack* of VADER (compound, pos, neg) and this
model's logit, fitted on out-of-fold predictions of the training corpora, so its scores
are calibrated on sentences the linear model had not seen.  Both halves explain
themselves: VADER by its lexicon words, this model by its features' contributions.

Scoring is one regex pass and dict lookups per text: far below VADER's own cost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vocdesk import resources
from vocdesk.engine.text.sentiment.lazy import lazy_once

MODEL_PATH = resources.path(resources.EN_SENTIMENT_MODEL)
#: the weights file this code reads (tools/train_en_sentiment.py writes it into the meta)
VERSION = "en-lr-stack@1"

_TOKEN = re.compile(r"[a-z0-9][a-z0-9'\-]*|[!?]|[.,;:]")
#: words that open a negation scope (plus every "...n't" form)
NEGATORS: frozenset[str] = frozenset(
    "not no never none nobody nothing nowhere neither nor cannot without wont cant dont doesnt "
    "didnt isnt wasnt arent werent couldnt wouldnt shouldnt hasnt havent hadnt".split())
#: tokens after a negator that are marked negated (the classic Das & Chen / Pang scope,
#: cut short by punctuation and "but")
NEGATION_SCOPE = 3
#: function words: inside a negation scope they are dropped and do not use up the scope
#: (else "not at all" becomes the features "~at ~all", learned from "not at all funny")
FUNCTION_WORDS: frozenset[str] = frozenset(
    "a an the at all in on of to for with by from as it its this that these those i me my we "
    "us our you your he him his she her they them their be been being is are was were am do "
    "does did have has had so very too really just quite even any some much more".split())
NEG_MARK = "~"
#: names of the stack's inputs, in order (the trainer writes weights in this order)
STACK_INPUTS = ("compound", "pos", "neg", "linear")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens with negation scope marked; "!" and "?" are kept as tokens.

    Negators themselves are dropped: they only mark the next :data:`NEGATION_SCOPE` words.
    """
    out: list[str] = []
    scope = 0
    for w in _TOKEN.findall(text.lower().replace("\u2019", "'")):
        if w in ".,;:":
            scope = 0
            continue
        if w in "!?":
            scope = 0
            out.append(w)
            continue
        if w == "but":
            scope = 0
        if w in NEGATORS or w.endswith("n't"):
            # the negator is an operator, not a feature: as a word it would learn "negated
            # sentences are negative" and overrule VADER's own negation ("not bad at all")
            scope = NEGATION_SCOPE
            continue
        if scope and w in FUNCTION_WORDS:
            continue   # scope covers content words: "not at all" must not learn "~at ~all"
        out.append(NEG_MARK + w if scope else w)
        if scope:
            scope -= 1
    return out


def make_features(toks: list[str]) -> set[str]:
    """Unigrams and bigrams ("a b") of one token list, shared verbatim by training and scoring."""
    feats = set(toks)
    feats.update(a + " " + b for a, b in zip(toks, toks[1:], strict=False))
    return feats


def readable(feature: str) -> str:
    """A feature as an analyst reads it: ``~good`` -> ``not good``, ``~at ~all`` -> ``not at all``."""
    parts = feature.split(" ")
    if all(p.startswith(NEG_MARK) for p in parts):
        return "not " + " ".join(p[1:] for p in parts)
    return " ".join("not " + p[1:] if p.startswith(NEG_MARK) else p for p in parts)


class EnLinearModel:
    """Vocabulary -> (idf, weight) plus the stack weights; stored as npz + JSON, no pickle."""

    def __init__(self, vocab: list[str], idf: np.ndarray, coef: np.ndarray, meta: dict) -> None:
        self.index = {w: i for i, w in enumerate(vocab)}
        self.vocab = vocab
        self.idf = idf.astype(np.float64)
        self.coef = coef.astype(np.float64)
        self.meta = meta
        self.intercept = float(meta["intercept"])
        self.version: str = meta["version"]
        if self.version != VERSION:
            raise RuntimeError(f"en model file is {self.version}, code expects {VERSION}")
        stack = meta["stack"]
        if tuple(stack["inputs"]) != STACK_INPUTS:
            raise RuntimeError(f"en model stack inputs {stack['inputs']} != {STACK_INPUTS}")
        self.stack_coef = np.asarray(stack["coef"], dtype=np.float64)
        self.stack_intercept = float(stack["intercept"])

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> EnLinearModel:
        """Load weights saved by tools/train_en_sentiment.py (allow_pickle=False: safe)."""
        with np.load(path, allow_pickle=False) as z:
            vocab = bytes(z["vocab"]).decode("utf-8").split("\n")
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            return cls(vocab, z["idf"], z["coef"], meta)

    def _ids(self, text: str) -> np.ndarray:
        get = self.index.get
        return np.array(sorted({j for f in make_features(tokens(text)) if (j := get(f)) is not None}),
                        dtype=np.int64)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Linear-model logit per text (binary TF-IDF, L2-normalised, plus intercept)."""
        out = np.full(len(texts), self.intercept)
        for i, t in enumerate(texts):
            j = self._ids(t)
            if len(j):
                x = self.idf[j]
                out[i] += float(x @ self.coef[j]) / float(np.sqrt(x @ x))
        return out

    def contributions(self, text: str) -> list[tuple[str, float]]:
        """(readable feature, signed contribution to the linear logit) of every known feature."""
        j = self._ids(text)
        if not len(j):
            return []
        x = self.idf[j]
        c = x * self.coef[j] / float(np.sqrt(x @ x))
        return [(readable(self.vocab[k]), float(v)) for k, v in zip(j, c, strict=True)]

    def stack(self, vader: np.ndarray, linear: np.ndarray) -> np.ndarray:
        """Stacked logit from VADER's (compound, pos, neg) columns and the linear logit."""
        return vader @ self.stack_coef[:3] + linear * self.stack_coef[3] + self.stack_intercept


#: Process-wide lazily loaded model.
get_model = lazy_once(EnLinearModel.load)
