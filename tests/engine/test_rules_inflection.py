"""English terms fire on their inflected forms, without firing on a different word."""

from __future__ import annotations

import pytest

from vocdesk.engine.tagging.inflect import term_forms
from vocdesk.engine.tagging.rules import RuleSet, compile_taxonomy_rules
from vocdesk.engine.tagging.taxonomy import default_taxonomy


def fired(expr: str, text: str):
    matches = RuleSet([("r", "f", "v", expr)]).match(text)
    return [text[s:e] for s, e in matches[0].spans] if matches else None


@pytest.mark.parametrize("expr,text,expected", [
    ("refund", "They refunded me in the end", ["refunded"]),
    ("refund", "Two Refunds, both late", ["Refunds"]),
    ("crash", "the app keeps crashing", ["crashing"]),
    ('"send it back"', "so I sent it back", ["sent it back"]),
    ('"customer complaint"', "three customer complaints", ["customer complaints"]),
    ("refund NEAR/12 want", "I wanted a refund", ["wanted", "refund"]),
    ("complaint AND NOT escalate", "complained twice and they escalated it", None),
    ("refund", "refundable fare", None),               # still whole words only
    ("/refund/", "They refunded me", ["refund"]),      # a regex is taken as written
    ("退款", "退款了", ["退款"]),
])
def test_inflected_forms_fire_the_term(expr, text, expected):
    assert fired(expr, text) == expected


@pytest.mark.parametrize("term,not_a_form", [
    ("patient", "patients"),     # an adjective's plural is another noun
    ("short", "shorts"),
    ("late", "later"),           # comparatives change what is said
    ("good", "better"),
    ("fee", "feed"),             # a form that is a lemma of its own
    ("life", "lives"),
    ("the app", "thes app"),     # words the tables do not know stay as they are
    ("didn't show", "didns't show"),
    ("l1 lock", "l1s lock"),
])
def test_no_form_that_means_another_word(term, not_a_form):
    assert not_a_form not in term_forms(term)


def test_a_form_that_is_a_term_of_its_own_reaches_both_terms():
    """'refunds' may be a term of its own and is a form of 'refund': rules on either fire."""
    rules = RuleSet([("a", "f", "refund", "refund"), ("b", "f", "refunds", "refunds")])
    assert {m.value for m in rules.match("two refunds so far")} == {"refund", "refunds"}


def test_default_taxonomy_reads_english_past_tenses():
    rules = compile_taxonomy_rules(default_taxonomy())

    def categories(text):
        return {m.value for m in rules.match(text) if m.facet == "category"}

    assert "退换售后" in categories("They refunded me after two weeks.")
    assert "退换售后" in categories("I returned it and asked for a replacement.")
    assert "App体验" in categories("The app keeps crashing on login.")
    assert categories("The patients were well cared for.") == set()
