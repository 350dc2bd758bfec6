"""PII redaction applied to every feedback row at import time (on by default).

Why: customer feedback routinely contains phone numbers, e-mail addresses, ID-card
and bank-card numbers.  The workbench stores and exports text, so personal data is
replaced by *typed* placeholders ("[手机号]", "[邮箱]" ...) before anything is written;
the type survives so analysts can still see "customer left a phone number" and the
per-import counts are shown to the user.

Design decisions (documented because they trade recall against precision):

* Checksums are the main defence against false positives on the many long numbers in
  Chinese e-commerce feedback (order / tracking numbers, timestamps, dates):
  - ID card (18 chars): GB 11643 area code (province 11-82), a plausible birth date
    (1900-01-01 .. today) and the ISO 7064 MOD 11-2 check character.
  - Bank card (16-19 digits, optionally grouped by 4): Luhn checksum plus a known card
    network prefix (UnionPay 62/60/9, Visa 4, Mastercard 51-55/2221-2720, JCB 35).
    Luhn alone lets ~10 % of random order numbers through; the prefix rule removes the
    common date-prefixed order numbers ("2026031512345678").  A bare digit run preceded
    by an order/tracking keyword ("订单号", "运单", "order") is not treated as a card.
  - An 18-digit string that is a valid ID card is an ID card (ID runs first).
* Mobile numbers: 11 digits ``1[3-9]x``, optional +86/86/0086 prefix, contiguous or
  grouped 3-4-4 with a consistent space/dash separator.
* Landlines need an area code (010, 02x, 03xx-09xx) followed by a 7-8 digit local number
  (not starting with 0); optional extension ("-123", "转123", "ext 123").  A fully
  unseparated run ("02161234567") is only a landline after a phone keyword (电话, 座机,
  拨打, call, tel ...) because such runs are often invoice codes or account numbers.  Local numbers
  without area code are not redacted: an 8-digit number alone is indistinguishable from
  dates ("20260315") and counts.
* 400/800 numbers and 95xxx short numbers are company hotlines, not personal data, and
  are deliberately NOT redacted (they are useful for analysis: "打了400电话没人接").
* Old 15-digit ID numbers are not redacted: they carry no checksum and collide with
  15-digit tracking numbers.
* No match may be glued to an ASCII letter or digit ("SF1234567890123", "R5", "v5.2.1"),
  which is what keeps tracking/model/version numbers out.  Chinese characters next to a
  match are fine ("电话13812345678谢谢").
* Full-width digits (１３８...) are handled like ASCII digits.

Bump ``REDACTOR_VERSION`` whenever the rules change so imports can record which rules
were applied.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from vocdesk.engine.text import redact_loose as _loose
from vocdesk.engine.text.number_checks import CARD_PREFIX as _CARD_PREFIX
from vocdesk.engine.text.number_checks import luhn_ok, valid_id18
from vocdesk.engine.text.pii_prefilter import gate_split, rows_with_digit_chain
from vocdesk.engine.text.redact_loose import GATE as _LOOSE
from vocdesk.engine.text.redact_loose import INVISIBLE as _INVISIBLE
from vocdesk.engine.text.redact_loose import clean_invisible, loose_pass

_LOOSE_GATE = _LOOSE.search

__all__ = [
    "PLACEHOLDERS",
    "REDACTOR_VERSION",
    "RedactionResult",
    "redact",
    "redact_many",
]

REDACTOR_VERSION = "2.0.0"

PLACEHOLDERS: dict[str, str] = {
    "mobile": "[手机号]",
    "landline": "[电话]",
    "email": "[邮箱]",
    "id_card": "[身份证号]",
    "bank_card": "[银行卡号]",
    "wechat": "[微信号]",
    "qq": "[QQ号]",
}


@dataclass
class RedactionResult:
    """Redacted text plus how many items of each kind were replaced (only kinds found)."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- helpers

_D = "[0-9\uff10-\uff19]"  # ASCII and full-width digits
_NB = r"(?<![0-9A-Za-z\uff10-\uff19])"  # not glued to a digit/letter on the left
_NA = r"(?![0-9A-Za-z\uff10-\uff19])"  # ... or on the right
_SEP = "[ \u3000-]"  # group separator inside a number

_TO_ASCII = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")


def _digits(s: str) -> str:
    """Only the digits (and X) of a match, full-width folded to ASCII."""
    return "".join(ch for ch in s.translate(_TO_ASCII) if ch.isdigit() or ch in "xX")


# Cheap gate: an '@' (e-mail) or 7 digits with at most three separator chars between
# consecutive digits.  Every PII kind handled here satisfies it; most feedback rows don't.
_GATE = re.compile(rf"@|{_D}(?:[ \u3000\-－()（）]{{0,3}}{_D}){{6}}")

# --------------------------------------------------------------------------- e-mail

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])"
    r"[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_%+\-])?"
    r"@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}"
    r"(?![A-Za-z0-9\-])"
)

# --------------------------------------------------------------------------- ID card

_ID_CARD = re.compile(
    rf"{_NB}({_D}{{6}})({_SEP}?)({_D}{{8}})\2({_D}{{3}}[0-9Xx\uff10-\uff19ｘＸ]){_NA}"
)
def is_valid_id_card(number: str) -> bool:
    """An 18-digit resident ID (see :mod:`vocdesk.engine.text.id_card`), separators ignored."""
    return valid_id18(_digits(number).upper())


# --------------------------------------------------------------------------- bank card

_BANK_CARD = re.compile(
    rf"{_NB}(?:{_D}{{16,19}}"
    rf"|{_D}{{4}}(?P<s>{_SEP}){_D}{{4}}(?P=s){_D}{{4}}(?P=s){_D}{{4}}(?:(?P=s){_D}{{1,3}})?"
    rf"|{_D}{{6}}{_SEP}{_D}{{10,13}})"
    rf"{_NA}"
)
_ORDER_CONTEXT = re.compile(r"(?:订单|单号|运单|快递|物流|售后单?|工单|服务单|退货单|退款单|order|"
                            r"tracking|no\.?|#)\s*[:：号]?\s*$", re.I)
_CARD_CONTEXT = re.compile(r"(?:卡|card|账号|账户|帐号|帐户)", re.I)


def is_valid_bank_card(number: str) -> bool:
    """16-19 digits, known network prefix and Luhn-valid."""
    n = _digits(number)
    return 16 <= len(n) <= 19 and n.isdigit() and bool(_CARD_PREFIX.match(n)) and luhn_ok(n)


# --------------------------------------------------------------------------- phones

_MOBILE = re.compile(
    rf"{_NB}(?:(?:\+|＋|00)?86{_SEP}?)?"
    rf"(?:1[3-9]|１[３-９]){_D}(?P<s>{_SEP}?){_D}{{4}}(?P=s){_D}{{4}}{_NA}"
    r"|(?<![0-9A-Za-z])\(\+?86\)\s?1[3-9]\d(?P<u>[ -]?)\d{4}(?P=u)\d{4}(?![0-9A-Za-z])"
)


def _mobile_core(k: int) -> str:
    return rf"{_D}(?P<s{k}>{_SEP}?){_D}{{4}}(?P=s{k}){_D}{{4}}{_NA}"


#: :data:`_MOBILE` for the block path, the same matches found 3-4 times faster: it starts
#: with one character class, which lets the regex engine skip to the characters a match can
#: start with ("+＋081１("); the character consumed, the look-behind of the rule looks one
#: character further back, and the first character picks the only branch of the rule that
#: can match from it (tests/engine/test_redact_block.py compares the two).
_MOBILE_FAST = re.compile(
    r"[+＋081１(](?:"
    rf"(?<=[+＋])(?<![0-9A-Za-z\uff10-\uff19][+＋])86{_SEP}?(?:1[3-9]|１[３-９]){_mobile_core(0)}"
    rf"|(?<=0)(?<![0-9A-Za-z\uff10-\uff19]0)086{_SEP}?(?:1[3-9]|１[３-９]){_mobile_core(1)}"
    rf"|(?<=8)(?<![0-9A-Za-z\uff10-\uff19]8)6{_SEP}?(?:1[3-9]|１[３-９]){_mobile_core(2)}"
    rf"|(?<=1)(?<![0-9A-Za-z\uff10-\uff19]1)[3-9]{_mobile_core(3)}"
    rf"|(?<=１)(?<![0-9A-Za-z\uff10-\uff19]１)[３-９]{_mobile_core(4)}"
    r"|(?<=\()(?<![0-9A-Za-z]\()\+?86\)\s?1[3-9]\d(?P<u>[ -]?)\d{4}(?P=u)\d{4}(?![0-9A-Za-z])"
    r")"
)

_AREA = "(?:010|02[0-9]|0[3-9][0-9]{2})"
_AREA_FW = "(?:０１０|０２[０-９]|０[３-９][０-９]{2})"
_LOCAL = r"[1-9][0-9]{2,3}(?P<s>[ -]?)[0-9]{4}"
_LANDLINE = re.compile(
    rf"{_NB}(?:\(\s?{_AREA}\s?\)|（\s?{_AREA}\s?）|{_AREA})(?:\s?[-－]\s?|[ \u3000])?"
    rf"{_LOCAL}"
    r"(?:(?:\s?(?:-|转|分机|ext\.?|x)\s?)[0-9]{1,5})?"
    r"(?![0-9A-Za-z])"
    rf"|{_NB}(?:{_AREA_FW}|（{_AREA_FW}）)[ \u3000－-]?[１-９][０-９]{{6,7}}{_NA}"
)
# An unseparated 11-12 digit run starting with 0 is as often an invoice code or an
# account number as a phone number; it only counts as a landline after a phone keyword.
# "打" but not 打开/打折/打包/打印 …: "打开App看到单号0xxxxxxxxxx" is not a phone number.
_PHONE_CONTEXT = re.compile(r"电话|座机|固话|手机|联系|拨|打(?![开折包印算卡车扰分字])|致电|热线|传真|"
                            r"call|phone|tel|fax", re.I)


# --------------------------------------------------------------------------- core


#: Deletes every digit the rules count (ASCII and full-width): the length lost is the
#: number of digits, counted in C.
_DROP_DIGITS = dict.fromkeys(map(ord, "0123456789\uff10\uff11\uff12\uff13\uff14\uff15"
                                      "\uff16\uff17\uff18\uff19"))
#: The fewest digits a match has: a bank card 16 (an ID card 17: 6 + 8 + 3, then a digit
#: or X), a landline 10 (an area code of 3, a local number of 7; ASCII or full-width).
_CARD_DIGITS, _LANDLINE_DIGITS = 16, 10


#: What joins the rows of a block in :func:`_redact_block`: no rule can match it and every
#: look-around takes it for the start or end of a text.
_SEAM = "\x00"


def _ndigits(text: str) -> int:
    return len(text) - len(text.translate(_DROP_DIGITS))


def _redact_into(text: str, counts: collections.Counter) -> str:
    """Apply every rule in priority order; placeholders contain no digits, so later
    rules can never re-match what an earlier rule replaced. A rule is skipped when the
    text has fewer digits than any of its matches needs (a plain phone number has 11)."""
    if _INVISIBLE.search(text):
        text = clean_invisible(text)
    if "@" in text:
        new, n = _EMAIL.subn(PLACEHOLDERS["email"], text)
        if n:
            counts["email"] += n
            text = new
    ndig = _ndigits(text)
    if ndig >= _CARD_DIGITS:
        text = _id_and_card(text, counts)
    new, n = _MOBILE.subn(PLACEHOLDERS["mobile"], text)
    if n:
        counts["mobile"] += n
        text = new
        ndig = _ndigits(text)
    if ndig >= _LANDLINE_DIGITS:
        text = _landline(text, counts)
    return loose_pass(text, counts, PLACEHOLDERS)


def _id_and_card(text: str, counts: collections.Counter) -> str:
    """The ID-card then the bank-card rule (their checksums decide)."""

    def id_sub(m: re.Match) -> str:
        if is_valid_id_card(m.group(0)):
            counts["id_card"] += 1
            return PLACEHOLDERS["id_card"]
        return m.group(0)

    text = _ID_CARD.sub(id_sub, text)

    def card_sub(m: re.Match) -> str:
        s = m.group(0)
        if not is_valid_bank_card(s):
            return s
        if s.isdigit():  # bare run: an order number after "订单号" stays
            before = m.string[max(0, m.start() - 12) : m.start()]
            before = before[before.rfind(_SEAM) + 1:]     # the row's own text (block path)
            if _ORDER_CONTEXT.search(before) and not _CARD_CONTEXT.search(before):
                return s
        counts["bank_card"] += 1
        return PLACEHOLDERS["bank_card"]

    return _BANK_CARD.sub(card_sub, text)


def _landline(text: str, counts: collections.Counter) -> str:
    """The landline rule (an unseparated run only after a phone keyword)."""

    def landline_sub(m: re.Match) -> str:
        s = m.group(0)
        if s.translate(_TO_ASCII).isdigit():  # unseparated: only with a phone keyword
            before = m.string[max(0, m.start() - 10) : m.start()]
            before = before[before.rfind(_SEAM) + 1:]     # the row's own text (block path)
            if not _PHONE_CONTEXT.search(before):
                return s
        counts["landline"] += 1
        return PLACEHOLDERS["landline"]

    return _LANDLINE.sub(landline_sub, text)


def may_contain_pii(text: str) -> bool:
    """The cheap probe :func:`redact` starts with: False means nothing would be replaced."""
    return bool(text) and bool(_GATE.search(text) or _LOOSE_GATE(text))


def redact(text: str) -> RedactionResult:
    """Redact one text; ``counts`` only contains kinds that were found."""
    counts: collections.Counter = collections.Counter()
    if text and (_GATE.search(text) or _LOOSE_GATE(text)):
        text = _redact_into(text, counts)
    return RedactionResult(text=text, counts=dict(counts))


def _gated_rows(texts: list) -> np.ndarray:
    """Indices of the rows either gate matches: the rows :func:`gate_split` finds the first
    gate matches (exactly), and those the loose gate matches of the rest it cannot rule out,
    scanned by :func:`_scan` (exact: it passes over only rows no gate can match)."""
    strs = [t if t.__class__ is str else "" for t in texts]
    first, maybe = gate_split(strs)
    rows = np.flatnonzero(first)
    # the loose gate only over the rows the first does not take (most gated rows hold a
    # number the first gate takes): the bench's 30k rows, 72 -> 0 ms
    rest = np.flatnonzero(maybe & ~first)
    if not len(rest):
        return rows
    more = rest[_scan(_LOOSE, [strs[i] for i in rest.tolist()])]
    return np.union1d(rows, more)


def _scan(gate: re.Pattern, texts: list[str]) -> np.ndarray:
    """Indices of the texts ``gate`` matches, by one scan of them joined by "\n"."""
    if not texts:
        return np.zeros(0, dtype=np.int64)
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))[:-1] + 1,
              out=starts[1:])
    hits = [m.start() for m in gate.finditer("\n".join(texts))]
    return np.unique(np.searchsorted(starts, np.asarray(hits, dtype=np.int64), "right") - 1)


def redact_many(texts: Iterable[str]) -> tuple[list[str], collections.Counter]:
    """Fast path for imports: redact every row, return the texts and the total counts.

    Only rows with an '@' or a run of near-contiguous digits (a minority) are redacted: the
    others are returned untouched after the block-wide gate scan of :func:`_gated_rows`.
    Non-string cells (e.g. ``None`` from an empty spreadsheet cell) are passed through.
    The gated rows are redacted together by :func:`_redact_block`.
    """
    counts: collections.Counter = collections.Counter()
    out = list(texts)
    rows = [i for i in _gated_rows(out).tolist() if out[i]]
    for i, text in zip(rows, _redact_block([out[i] for i in rows], counts), strict=True):
        out[i] = text
    return out, counts


_F_DIGIT, _F_NUMBER, _F_AT, _F_SEP, _F_EMAIL, _F_WECHAT, _F_QQ = 1, 2, 4, 8, 16, 32, 64
_FEATURES: np.ndarray | None = None


def _feature_table() -> np.ndarray:
    """uint8 bits per code point: which of the characters the block path counts it is."""
    global _FEATURES
    if _FEATURES is None:
        t = np.zeros(0x110000, dtype=np.uint8)
        for chars, bit in (("0123456789\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17"
                            "\uff18\uff19", _F_DIGIT),
                           (_loose.NUMBER_CHARS, _F_NUMBER), ("@", _F_AT),
                           (" \u3000-", _F_SEP),
                           (_loose.HINT_CHARS["email"], _F_EMAIL),
                           (_loose.HINT_CHARS["wechat"], _F_WECHAT),
                           (_loose.HINT_CHARS["qq"], _F_QQ)):
            t[[ord(c) for c in chars]] |= bit
        _FEATURES = t
    return _FEATURES


def _classes_of(rows: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The feature bits of every character of ``rows`` joined by the seam; where rows start."""
    cls = _feature_table()[np.frombuffer(_SEAM.join(rows).encode("utf-32-le", "surrogatepass"),
                                         dtype=np.uint32)]
    starts = np.zeros(len(rows), dtype=np.int64)
    np.cumsum(np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))[:-1] + 1,
              out=starts[1:])
    return cls, starts


def _counts(rows: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The first two of :func:`_features` alone."""
    cls, starts = _classes_of(rows)
    return (np.add.reduceat(cls & _F_DIGIT, starts, dtype=np.int64),
            np.add.reduceat((cls & _F_NUMBER) >> 1, starts, dtype=np.int64))


def _features(rows: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row, by one numpy pass over the block: its digits (ASCII, full-width), the
    characters ``redact_loose.numbers`` counts, the OR of its characters' feature bits, and
    whether it has 16 digits in a row with at most one :data:`_SEP` character between two
    (every ID-card and bank-card match has)."""
    cls, starts = _classes_of(rows)
    chain = rows_with_digit_chain(cls & _F_DIGIT, (cls & _F_SEP).astype(bool), starts,
                                  _CARD_DIGITS, 1)
    return (np.add.reduceat(cls & _F_DIGIT, starts, dtype=np.int64),
            np.add.reduceat((cls & _F_NUMBER) >> 1, starts, dtype=np.int64),
            np.bitwise_or.reduceat(cls, starts), chain)


def _redact_block(rows: list[str], counts: collections.Counter) -> list[str]:
    """:func:`_redact_into` of every row (non-empty texts), a rule at a time over the rows it
    can apply to, joined by :data:`_SEAM`: one regex call per rule instead of one per row
    and rule, and the digit counts and probes of :func:`_redact_into` and ``loose_pass``
    taken for all rows by :func:`_features`.

    Exact: the rules apply in the same order to every row; none can match a seam or look
    across it (a negative look-around takes a seam for the start or end of a text, the only
    look-behind windows, the order and phone contexts, are cut at the seam); the rows a rule
    is not applied to are rows it cannot match (fewer digits than it needs, no chain of 16
    digits for the ID and bank cards, none of the characters every match holds), so skipping
    them is what its probe in :func:`_redact_into` does (a rule can only break a chain: its
    placeholder holds no digit). The mobile rule is :data:`_MOBILE_FAST`, the same matches.
    A row holding the seam itself is redacted on its own.
    tests/engine/test_redact_block.py compares it with :func:`redact` row by row.

    Measured and not kept (issue 9, the import bench's 30k gated rows, 1.1M characters):
    the ID-card rule led by one character class like :data:`_MOBILE_FAST` scanned 26 -> 22 ms
    (the rows are digit-dense, the class skips little), and the chain prefilter skips the
    rule on those rows anyway; the same rewrite of the first gate 38.0 -> 36.6 ms, replaced
    by the exact numpy gate of ``pii_prefilter.gate_split``. Not done: a digit-count
    prefilter for the mobile rule (its "(+86)" branch takes any Unicode decimal digit,
    which the counts do not see), and ``redact_loose.numbers`` over the whole block (its
    span checks grow with the spans of the whole block: it stays per row, for the rows with
    seven digit-like characters left, none on the bench)."""
    rows = list(rows)
    if not rows:
        return rows
    if _SEAM.join(rows).count(_SEAM) != len(rows) - 1:         # rare: a row holds the seam
        alone = {i for i, t in enumerate(rows) if _SEAM in t}
        keep = [i for i in range(len(rows)) if i not in alone]
        for i in sorted(alone):
            rows[i] = _redact_into(rows[i], counts)
        for i, t in zip(keep, _redact_block([rows[i] for i in keep], counts), strict=True):
            rows[i] = t
        return rows

    dirty = np.zeros(len(rows), dtype=bool)      # changed since the digits were counted

    def apply(sel: np.ndarray, rule) -> None:
        """``rule`` over the rows ``sel`` joined into one block."""
        if not len(sel):
            return
        idx = sel.tolist()
        block = _SEAM.join([rows[i] for i in idx])
        new = rule(block)
        if new == block:
            return
        for i, t in zip(idx, new.split(_SEAM), strict=True):
            rows[i] = t
        dirty[sel] = True

    def recount() -> None:
        """Count the digits again where a rule took some away and the count still matters."""
        idx = np.flatnonzero(dirty & ((ndig >= _LANDLINE_DIGITS) | (nnum >= 7)))
        if len(idx):
            ndig[idx], nnum[idx] = _counts([rows[i] for i in idx.tolist()])
        dirty[:] = False

    block = _SEAM.join(rows)
    if _INVISIBLE.search(block):        # first, as in _redact_into: it can join digits
        rows = clean_invisible(block).split(_SEAM)
    ndig, nnum, has, chain = _features(rows)

    def email(block: str) -> str:
        new, n = _EMAIL.subn(PLACEHOLDERS["email"], block)
        if n:
            counts["email"] += n
        return new

    def mobile(block: str) -> str:
        new, n = _MOBILE_FAST.subn(PLACEHOLDERS["mobile"], block)
        if n:
            counts["mobile"] += n
        return new

    apply(np.flatnonzero(has & _F_AT), email)
    apply(np.flatnonzero(chain), lambda b: _id_and_card(b, counts))
    apply(np.arange(len(rows)), mobile)
    recount()
    apply(np.flatnonzero(ndig >= _LANDLINE_DIGITS), lambda b: _landline(b, counts))
    ph = {**PLACEHOLDERS, **_loose.PLACEHOLDERS}
    apply(np.flatnonzero(has & _F_EMAIL), lambda b: _loose.loose_email(b, counts, ph))
    apply(np.flatnonzero(has & _F_WECHAT), lambda b: _loose.keyword_id("wechat", b, counts, ph))
    apply(np.flatnonzero(has & _F_QQ), lambda b: _loose.keyword_id("qq", b, counts, ph))
    recount()
    for i in np.flatnonzero(nnum >= 7).tolist():
        rows[i] = _loose.numbers(rows[i], counts, ph)
    return rows
