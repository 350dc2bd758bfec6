"""English zero-shot sentiment (vocdesk.engine.text.sentiment.en): accuracy, rules, speed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vocdesk.engine.text.segment import tokenize_many
from vocdesk.engine.text.sentiment import ZERO_SHOT_VERSION, en, zero_shot_sentiment


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


def test_no_evidence_rows_lean_weakly_positive() -> None:
    # content words but no sentiment evidence -> weak prior, low confidence
    b = zero_shot_sentiment(["It has a remote control"], [["it"]], ["en"])
    assert b.labels == ["positive"]
    assert 0.5 < b.p_positive[0] < 0.55 and b.confidence[0] < 0.55
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
    assert en.VERSION.startswith("en-vader@") and en.VERSION.endswith("+voc3")
    assert en.VERSION in ZERO_SHOT_VERSION
    c = en.compound_scores(["", "great", "awful"])
    assert c.dtype == np.float64 and c.shape == (3,)
    assert c[0] == 0.0 and np.all(np.abs(c) <= 1.0)
    p = en.compound_to_probability(np.array([0.0, 0.5, -0.5]))
    assert p[0] == 0.5 and p[1] > 0.85 and p[2] < 0.15


@pytest.mark.shared_data
def test_accuracy_amazon_snippets(shared_data) -> None:
    d = pd.read_csv(shared_data / "vader_amazon_review_snippets.csv").dropna(subset=["label"])
    labels = np.array(_labels(d.text.astype(str).tolist()))
    want = np.where(d.label.to_numpy().astype(int) == 1, "positive", "negative")
    acc = float(np.mean(labels == want))  # "neutral" counts as wrong
    assert acc >= 0.75, acc  # measured 0.756 (voc2 0.761 before questions became neutral)
    # the snippets are opinions; only their plain questions (~1 %) may come out neutral
    assert np.mean(labels == "neutral") < 0.02
