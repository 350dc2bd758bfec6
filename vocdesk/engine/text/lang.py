"""Cheap language detection for feedback rows: "zh", "en", "mixed" or "other".

Why a hand-rolled detector: rows are short, the only languages the pipeline
distinguishes are Chinese and English (they get different tokenizers / sentiment
models), and it must run on every imported row, so it has to cost about a microsecond.
Statistical detectors are slow on 10-character inputs and unreliable on them anyway.

Rules (counting characters, ignoring digits, punctuation, emoji, URLs and e-mails):

* Chinese weight = number of CJK ideographs; English weight = 1.5 x number of Latin
  words (one Chinese character carries roughly as much as 2/3 of an English word).
* "mixed" only when both sides are real content: at least 4 ideographs, an English
  *sentence* (>= 3 words containing a function word such as "the", "is", "my", or >= 6
  words) and each side >= 20 % of the total weight.  Product names and jargon inside
  Chinese ("App 闪退了", "iPhone 15 Pro Max 的电池不耐用") therefore stay "zh".
* Otherwise the heavier side wins ("zh" or "en").
* Japanese (kana) and Korean (hangul) text, other scripts, and rows without letters
  (empty, digits only, emoji only) are "other".  A single "の" used as a cute
  particle inside Chinese does not make a row Japanese.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["detect_language", "detect_languages"]

_URL_OR_EMAIL = re.compile(
    r"(?:https?://|www\.)\S+|[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", re.I
)
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
_LATIN_WORD = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+(?:'[A-Za-z]+)?")
_KANA = re.compile("[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
# Letters of scripts that are neither CJK ideographs nor Latin (Hangul, Cyrillic,
# Greek, Arabic, Hebrew, Thai, Devanagari ...).  Kana are counted separately.
_OTHER_LETTER = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0900-\u0dff"
    "\u0e00-\u0e7f\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"
)

_FUNCTION_WORDS = frozenset(
    "the a an is are was were be been am i you he she it we they my your our his her "
    "their me us them to of and or but in on at for with not no this that these those "
    "very so have has had do does did don't didn't can can't will would should could "
    "please it's i'm there what when why how if from by".split()
)

_EN_WORD_WEIGHT = 1.5


def _classify_ascii(text: str) -> str:
    if "://" in text or "@" in text or "www." in text:
        text = _URL_OR_EMAIL.sub(" ", text)
    for ch in text:
        if ch.isalpha():
            return "en"
    return "other"


def detect_language(text: str) -> str:
    """Return "zh", "en", "mixed" or "other" for one feedback row (see module doc)."""
    if not text:
        return "other"
    if text.isascii():  # the common English / digits-only case: no ideographs possible
        return _classify_ascii(text)
    if "://" in text or "@" in text or "www." in text:
        text = _URL_OR_EMAIL.sub(" ", text)

    cjk = 0
    for run in _CJK.findall(text):
        cjk += len(run)
    words = _LATIN_WORD.findall(text)
    n_words = len(words)

    kana = len(_KANA.findall(text)) if cjk < len(text) else 0
    if kana and (kana >= cjk or (kana >= 2 and kana * 4 >= cjk)):
        return "other"  # Japanese
    if cjk + n_words == 0:
        return "other"  # digits, punctuation, emoji, or another script
    if (cjk + n_words) * 2 < len(text):  # room for letters of other scripts
        other = len(_OTHER_LETTER.findall(text))
        if other > cjk and other > sum(map(len, words)):
            return "other"  # e.g. Korean or Russian with a brand name in Latin

    if n_words == 0:
        return "zh"
    if cjk == 0:
        return "en"
    zh_w = float(cjk)
    en_w = n_words * _EN_WORD_WEIGHT
    total = zh_w + en_w
    if cjk >= 4 and zh_w >= 0.2 * total and en_w >= 0.2 * total:
        if n_words >= 6 or (
            n_words >= 3 and any(w.lower() in _FUNCTION_WORDS for w in words)
        ):
            return "mixed"
    return "zh" if zh_w >= en_w else "en"


def detect_languages(texts: Iterable[str]) -> list[str]:
    """Batch version for imports; non-string cells (None, NaN) are "other"."""
    det = detect_language
    return [det(t) if t.__class__ is str else "other" for t in texts]
