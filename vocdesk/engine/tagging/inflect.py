"""English inflected forms of a rule or dictionary term, so "refund" also fires on "refunded".

Chinese does not inflect, but English feedback does: "They refunded me", "the app keeps
crashing", "I returned it" said nothing to the terms refund / crash / return, because ASCII
terms match whole words only. The taxonomy had started listing forms by hand (crash, crashes;
ship, shipped, shipping), unevenly. Here the forms come from lemminflect's English inflection
tables (MIT, data shipped in the wheel, no download) and are added to the rule automaton as
aliases of the term itself: a rule and its spans are unchanged, only the surface forms grow.

Each word of a multi-word term is inflected on its own ("send it back" → "sent it back",
"sending it back"; "customer complaint" → "customer complaints"), one word at a time, so a
phrase never turns into a combination nobody writes. Words that are a form but not a lemma
("broken", "stopped", "not") and words the tables do not know (app, wifi) stay as they are;
the taxonomy lists such plurals itself. A regex atom stays the way to pin one exact form.
"""

from __future__ import annotations

import re
from functools import cache

_WORD = re.compile(r"(?<![a-z0-9'])[a-z]+(?![a-z0-9'])")
# Only plain lower-case words are inflected: model names (L1, X200), numbers and words with
# digits are names, not lemmas.
_INFLECTABLE = re.compile(r"[a-z]{2,}")
# Plural and verb forms. Comparatives are left out: they change what is said ("late" →
# "later", "good" → "better"), where a plural or a past tense does not.
_TAGS = ("NNS", "VBD", "VBN", "VBG", "VBZ")


@cache
def word_forms(word: str) -> frozenset[str]:
    """Every inflected form of one lower-case English word, the word itself included.

    A form that is also a lemma of something else is dropped: "feed" is a past tense of the
    verb "fee" in the tables, "lives" the plural of "life" but also a form of "live",
    "screening" a noun of its own. Such a form would fire the term on a different word; a
    participle that is also an adjective ("wanted", "damaged") is the same word and stays. A
    word that can be an adjective gets no plural or -s form: those mean something else
    ("patient" staff, "patients"; "short", "shorts").
    """
    if not _INFLECTABLE.fullmatch(word):
        return frozenset((word,))
    from lemminflect import getAllInflections, getAllLemmas

    table = getAllInflections(word)
    tags = ("VBD", "VBN", "VBG") if "JJ" in table else _TAGS
    forms = {word}
    for tag in tags:
        for form in table.get(tag, ()):
            form = form.lower()
            if form in forms or not _INFLECTABLE.fullmatch(form):
                continue
            if all(lemma.lower() in (word, form if pos == "ADJ" else word)
                   for pos, found in getAllLemmas(form).items() for lemma in found):
                forms.add(form)
    return frozenset(forms)


def term_forms(term: str) -> frozenset[str]:
    """``term`` and its variants with one word inflected; non-ASCII terms only themselves."""
    low = term.lower()
    if not low.isascii():
        return frozenset((low,))
    out = {low}
    for m in _WORD.finditer(low):
        for form in word_forms(m.group()):
            if form != m.group():
                out.add(low[: m.start()] + form + low[m.end():])
    return frozenset(out)
