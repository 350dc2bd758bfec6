"""English zero-shot sentiment (vocdesk.engine.text.sentiment.en): accuracy, rules, speed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vocdesk.engine.text.segment import tokenize_many
from vocdesk.engine.text.sentiment import ZERO_SHOT_VERSION, en, en_linear, zero_shot_sentiment


def _labels(texts: list[str]) -> list[str]:
    return zero_shot_sentiment(texts, tokenize_many(texts), ["en"] * len(texts)).labels


POSITIVE = [
    "Works great, fast shipping",
    "Highly recommend this kettle",
    "I couldn't be happier with it",
    "Does the job and was cheap enough",
    "Worth every penny",
    "Not bad at all",
    "Setup was intuitive and quick",
    "The battery is excellent 👍",
    "No issues after six months",
    "So far so good",
]
NEGATIVE = [
    "The delivery was late and support never answered",
    "Stopped working after a week",
    "Waste of money",
    "Do not buy this",
    "It fell apart in two days",
    "The screen is too small and the menus are confusing",
    "Customer service never replied to my emails",
    "I wish it had a longer cable",
    "This model is unreliable and it disappoints",
    "One star.",
    "Way too many push notifications",
    "Looks nice but it stopped working after a month",
    "😡",
]
NEUTRAL = ["ok", "OK", "okay", "", "   ", "order 12345", "n/a"]


def test_hand_written_cases() -> None:
    assert _labels(POSITIVE) == ["positive"] * len(POSITIVE)
    assert _labels(NEGATIVE) == ["negative"] * len(NEGATIVE)
    assert _labels(NEUTRAL) == ["neutral"] * len(NEUTRAL)


def test_rows_without_lexicon_words_are_left_to_the_word_model() -> None:
    # content words but no lexicon word: the word model decides, with modest confidence
    # (before the stack such rows got a fixed p = 0.51)
    b = zero_shot_sentiment(["It has a remote control"], [["it"]], ["en"])
    assert b.labels != ["neutral"] and b.confidence[0] < 0.7
    # a negator without any lexicon word -> weakly negative
    c = en.compound_scores(["the door would not close"])
    assert c[0] == en.NEGATOR_ONLY_COMPOUND


def test_rules_keep_vader_negation_and_contrast() -> None:
    c = en.compound_scores(["it works", "it does not work", "it never worked",
                            "great screen but the battery is terrible",
                            "great screen however the battery is terrible"])
    assert c[0] > 0 and c[1] < 0 and c[2] < 0 and c[3] < 0 and c[4] < 0


def test_morphological_fallback() -> None:
    c = en.compound_scores(["annoyingly designed", "uninspiring design", "malfunctions daily"])
    assert np.all(c < 0)
    # agentive/comparative forms must not inherit ("player" is not "play", "later" not "late")
    lex = en.get_model().lexicon
    base = {**en.SentimentIntensityAnalyzer().lexicon, **en.EXTRA_LEXICON}
    for w in ("player", "later", "likely"):
        assert lex.get(w) == base.get(w)


def test_model_is_built_once_and_never_changes() -> None:
    m = en.get_model()
    before = dict(m.lexicon)
    en.compound_scores(["unexpectedly wonderfully malfunctioning gizmos", "zorbly frobnicated"])
    assert en.get_model() is m and m.lexicon == before


def test_version_and_contract() -> None:
    assert en.VERSION.startswith("en-vader@") and en.VERSION.endswith("+voc3+" + en_linear.VERSION)
    assert en.VERSION in ZERO_SHOT_VERSION
    c = en.compound_scores(["", "great", "awful"])
    assert c.dtype == np.float64 and c.shape == (3,)
    assert c[0] == 0.0 and np.all(np.abs(c) <= 1.0)
    p, c2 = en.score(["great", "awful"])
    assert p[0] > 0.85 and p[1] < 0.15 and np.array_equal(c2, c[1:])


def test_word_model_is_shipped_without_pickle_and_not_trained_on_test_data() -> None:
    m = en_linear.EnLinearModel.load()   # np.load(allow_pickle=False)
    assert m.version == en_linear.VERSION and len(m.index) > 10_000
    assert "amazon" in m.meta["trained_on"] and "excluded" in m.meta["trained_on"]
    assert set(m.meta["leave_one_domain_out"]) == {"movie", "nyt", "tweets"}
    assert m.meta["heldout_ece"] <= 0.05


def test_negation_scope_marks_content_words_only() -> None:
    assert en_linear.tokens("It is not good at all!") == ["it", "is", "~good", "!"]
    assert en_linear.tokens("Don't buy it, it broke") == ["~buy", "it", "broke"]
    assert en_linear.readable("~good") == "not good" and en_linear.readable("~at ~all") == "not at all"


def test_explanations_follow_vader_negation_and_name_phrases() -> None:
    contrib = dict(en.contributions("Not bad at all"))
    assert contrib["bad"] > 0                      # negated: "bad" pushes towards positive
    contrib = dict(en.contributions("Customer service never replied to my emails"))
    assert min(contrib, key=contrib.get) == "never replied"   # the phrase, as written
    assert dict(en.contributions("😡"))["😡"] < 0


@pytest.mark.shared_data
def test_accuracy_amazon_snippets(shared_data) -> None:
    """Test data only: the shipped model is trained on other corpora (tools/train_en_sentiment.py)."""
    d = pd.read_csv(shared_data / "vader_amazon_review_snippets.csv").dropna(subset=["label"])
    texts = d.text.astype(str).tolist()
    b = zero_shot_sentiment(texts, tokenize_many(texts), ["en"] * len(texts))
    labels = np.array(b.labels)
    y = d.label.to_numpy().astype(int)
    want = np.where(y == 1, "positive", "negative")
    acc = float(np.mean(labels == want))  # "neutral" counts as wrong
    assert acc >= 0.745, acc  # measured 0.757 (VADER rules alone 0.756, with negative recall 0.56)
    neg_recall = float(np.mean(labels[y == 0] == "negative"))
    assert neg_recall >= 0.70, neg_recall  # measured 0.725: complaints no longer lean positive
    # the snippets are opinions; only their plain questions (~1 %) may come out neutral
    assert np.mean(labels == "neutral") < 0.02
    # calibration: a score of 0.8 is right about 8 times in 10 (VADER's old mapping: 0.059)
    pol = labels != "neutral"
    p, right = b.p_positive[pol], (labels == want)[pol]
    conf = np.maximum(p, 1 - p)
    k = np.clip(np.digitize(conf, np.linspace(0.5, 1.0, 11)[1:-1]), 0, 9)
    ece = sum(abs(right[k == i].mean() - conf[k == i].mean()) * np.mean(k == i) for i in range(10) if (k == i).any())
    assert ece <= 0.05, ece  # measured 0.032
