"""Questions and requests: feedback that asks for something rather than judging it.

Why: the polarity models were trained on opinions only (reviews), so a question such as
请问保修期是多久？ or a request such as 麻烦尽快发货 got a confident polarity from
incidental words (麻烦 is "troublesome" in a review, "please" in a request).  A speech act
is neutral unless the rest of the text (its markers removed) still carries sentiment
evidence: 请问为什么这么慢？ stays negative, 请问什么时候发货？ is neutral.

The markers are grammatical (interrogatives, sentence-final particles, politeness verbs),
not topic words, for Chinese and English.
"""

from __future__ import annotations

import re

__all__ = ["EN_ACT_MIN_COMPOUND", "content_tokens", "is_speech_act", "is_speech_act_en", "strip_politeness_en"]

#: Interrogatives and politeness/request verbs, as jieba tokens.
ZH_MARKERS: frozenset[str] = frozenset(
    """请问 请 麻烦 吗 么 呢 吧 多久 多少 几 几点 几天 什么 什么时候 怎么 怎么样 怎样 如何 是否
    能否 可否 可以 能 能不能 可不可以 有没有 是不是 会不会 哪 哪里 哪个 哪些 希望 尽快 帮 帮我
    帮忙 帮助 一下 给我 需要 想 想要 想问 问一下 咨询 求 谢谢 您好 你好 亲""".split()
)
#: Tokens that open a request or a question.
ZH_OPENERS: frozenset[str] = frozenset(
    "请问 请 麻烦 希望 能不能 可不可以 可以 能否 帮 帮我 帮忙 想问 咨询 求 您好 你好 亲".split()
)
#: Particles/interrogatives that make a sentence a question wherever they stand.
ZH_QUESTION: frozenset[str] = frozenset(
    "吗 么 多久 多少 几点 几天 什么时候 怎么 如何 是否 能否 可否 有没有 是不是 哪里 哪个 哪些".split()
)

_EN_QUESTION = re.compile(
    r"^\s*(?:(?:hi|hello|hey)[,!. ]+)?(?:what|when|where|which|who|how|why|is|are|do|does|did|can|could|"
    r"will|would|should|may|has|have)\b", re.I)
_EN_REQUEST = re.compile(
    r"^\s*(?:(?:hi|hello|hey)[,!. ]+)?(?:please|kindly|can you|could you|would you|i'd like|i would like|"
    r"i want to|i need to)\b", re.I)


def is_speech_act(text: str, tokens: list[str]) -> bool:
    """True for a Chinese question or request (interrogative, "?", or a request opener)."""
    t = text.strip()
    if t.endswith(("?", "？")):
        return True
    if tokens and tokens[0] in ZH_OPENERS:
        return True
    return any(tok in ZH_QUESTION for tok in tokens)


def content_tokens(tokens: list[str]) -> list[str]:
    """The tokens left once question/request markers are removed."""
    return [t for t in tokens if t not in ZH_MARKERS]


def is_speech_act_en(text: str) -> bool:
    """True for an English question or polite request (its words are judged separately)."""
    t = text.strip()
    return t.endswith("?") or bool(_EN_QUESTION.match(t) and "?" in t) or bool(_EN_REQUEST.match(t))


#: |compound| an English question/request needs (politeness removed) to keep a polarity.
EN_ACT_MIN_COMPOUND = 0.3
_EN_POLITE = re.compile(r"\b(?:please|kindly|thanks|thank you|thx|help|hi|hello|hey)\b", re.I)


def strip_politeness_en(text: str) -> str:
    """The text without politeness words (VADER reads "please"/"thanks" as praise)."""
    return _EN_POLITE.sub(" ", text)
