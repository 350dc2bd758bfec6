"""The second redaction pass: personal data written the way customers actually write it.

Why a separate pass: the first pass (:mod:`redact`) matches well-formed numbers. On a set
generated the way people type (``tests/engine/pii_customer.py``) it found about a tenth of
mobile numbers: "138.1234.5678", "138/1234/5678", "1 3 8 1 2 3 4 5 6 7 8", "一三八…",
"138，中间1234，尾号5678", "zhang at qq dot com", "+86 21 6234 5678" (no trunk 0),
"6222  0202  …" (double spaces), WeChat and QQ ids after their keywords.

How: digit groups (ASCII, full-width) are joined into chains across short separator runs
(space, NBSP, . / - — – _ · parentheses, up to three characters); every window of
consecutive groups of a chain is classified by its digits (mobile, landline, ID card, bank
card) with the same checksums as the first pass. Chinese numerals count as digits in runs of
seven or more. A mobile may also be split by a few words between groups of at least three
digits ("138，中间1234，尾号5678"). Single contiguous runs are left to the first pass, which
knows their order-number contexts. Invisible characters (zero-width, BOM, soft hyphen) are
removed and NBSP made a space before both passes.
"""

from __future__ import annotations

import collections
import re

from vocdesk.engine.text.number_checks import CARD_PREFIX as _CARD_PREFIX
from vocdesk.engine.text.number_checks import luhn_ok, valid_id15, valid_id18

PLACEHOLDERS = {"wechat": "[微信号]", "qq": "[QQ号]"}

INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad\u00a0]")
_HIDDEN = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_CN_DIGITS = str.maketrans("零〇一二三四五六七八九幺两０１２３４５６７８９",
                           "00123456789120123456789")

GATE = re.compile(
    # the lookahead is one set test per position; the alternation runs only where it passes
    "(?=[@＠#艾圈aAvVwWqQ扣企微威零〇一二三四五六七八九幺两0-9０-９身证"
    "\u200b-\u200f\u2060\ufeff\u00ad\u00a0])(?:"
    r"[@＠#]|艾特|圈a|(?<![A-Za-z])at(?![A-Za-z])|微信|[vVwW][xX]|[vV]信|威信|weixin|wechat|"
    r"[qQ]{2}|扣扣|企鹅|[零〇一二三四五六七八九幺两]{7}|[0-9０-９]{3}[^0-9０-９\n]{1,8}[0-9０-９]{3}|"
    r"[0-9０-９](?:[ .\-/_—–·()（）]{1,3}[0-9０-９]){5}|身份证|证件|"
    "[\u200b-\u200f\u2060\ufeff\u00ad\u00a0])")

_GROUP = re.compile(r"[0-9０-９]+(?:[Xx](?![A-Za-z]))?|[零〇一二三四五六七八九幺两]{7,}")
_SEP = re.compile(r"[ \u3000.\-/_—–·()（）~]{1,3}")
_WORDS = re.compile(r"[^0-9０-９\n]{1,8}")
_NOT_CARD_BEFORE = re.compile(r"(?:订单|单号|运单|快递|物流|售后|工单|服务单|退货单|退款单|"
                              r"order|tracking|imei|串号|条码)\s*[:：号]?\s*$", re.I)
_ID_BEFORE = re.compile(r"身份证|证件|实名|ID", re.I)


def _classify(ds: str, plus: bool, before: str, multi: bool) -> str | None:
    """The kind of personal number ``ds`` (digits, maybe a final X) is, or None."""
    rest, intl = ds, False
    if ds.startswith("0086"):
        rest, intl = ds[4:], True
    elif ds.startswith("86") and (plus or multi) and len(ds) in (11, 12, 13):
        rest, intl = ds[2:], True
    if len(rest) == 11 and rest[0] == "1" and rest[1] in "3456789" and rest.isdigit():
        return "mobile"
    if intl and rest[:1] in "123456789" and 9 <= len(rest) <= 11 and rest.isdigit() and \
            (rest[:2] == "10" or rest[0] == "2" or rest[0] in "3456789"):
        return "landline"
    if len(ds) == 15 and valid_id15(ds) and _ID_BEFORE.search(before):
        return "id_card"
    if not multi:
        return None
    if rest[:1] == "0" and 10 <= len(rest) <= 12 and rest[1:2] in "123456789" and rest.isdigit():
        return "landline"
    up = ds.upper()
    if len(up) == 18 and valid_id18(up):
        return "id_card"
    if 16 <= len(ds) <= 19 and ds.isdigit() and _CARD_PREFIX.match(ds) and luhn_ok(ds) and \
            not _NOT_CARD_BEFORE.search(before):
        return "bank_card"
    return None


#: How people split a mobile number with words between the parts: 3-4-4, 3-8, 7-4.
_SPLIT_SHAPES = {(3, 4, 4), (3, 8), (7, 4)}
_AREA_GROUP = re.compile(r"0?(?:10|2\d|[3-9]\d\d)")


def _area_first(groups: list[re.Match]) -> bool:
    """Whether a landline's groups start with an area code of its own (after +86/0086)."""
    g = [m.group(0).translate(_CN_DIGITS) for m in groups]
    if g and g[0] in ("86", "0086") and len(g) > 1:
        g = g[1:]
    return len(g) > 1 and bool(_AREA_GROUP.fullmatch(g[0]))


def _chains(text: str) -> list[list[re.Match]]:
    groups = list(_GROUP.finditer(text))
    chains: list[list[re.Match]] = []
    for g in groups:
        if chains and g.group(0)[0] not in "零〇一二三四五六七八九幺两" and \
                chains[-1][-1].group(0)[0] not in "零〇一二三四五六七八九幺两" and \
                _SEP.fullmatch(text, chains[-1][-1].end(), g.start()):
            chains[-1].append(g)
        else:
            chains.append([g])
    return chains


def _glued(text: str, start: int, end: int) -> bool:
    left = text[start - 1] if start else ""
    right = text[end] if end < len(text) else ""
    return (left.isascii() and left.isalpha()) or (right.isascii() and right.isalnum())


#: Seven digit-like characters anywhere (digits, Chinese numerals, X): every number
#: :func:`numbers` can replace has at least that many, so a text with fewer skips it.
_SEVEN_DIGITS = re.compile("(?:[^0-9０-９零〇一二三四五六七八九幺两Xx]*[0-9０-９零〇一二三四五六七八九幺两Xx]){7}")


def numbers(text: str, counts: collections.Counter, placeholders: dict[str, str]) -> str:
    """Numbers split into groups, Chinese numerals, mobiles split by a few words."""
    if not _SEVEN_DIGITS.match(text):
        return text
    spans: list[tuple[int, int, str]] = []
    chains = _chains(text)
    for chain in chains:
        multi = len(chain) > 1
        if not multi and len(chain[0].group(0)) < 7:
            continue
        found = False
        for i in range(len(chain)):
            for j in range(len(chain) - 1, i - 1, -1):
                a, b = chain[i].start(), chain[j].end()
                ds = "".join(g.group(0) for g in chain[i:j + 1]).translate(_CN_DIGITS)
                if not (7 <= len(ds) <= 19):
                    continue
                plus = text[a - 1:a] in ("+", "＋")
                is_cn = chain[i].group(0)[0] in "零〇一二三四五六七八九幺两"
                kind = _classify(ds, plus, text[max(0, a - 14):a], multi or is_cn)
                if kind is None or _glued(text, a, b):
                    continue
                if kind == "landline" and i < j and not _area_first(chain[i:j + 1]):
                    continue   # "2024.01.29-2024.02.05" is a date range, not 01 29…
                spans.append((a - plus, b, kind))
                found = True
                break
            if found:
                break
    # a mobile split by a few words: 3+ digit groups whose digits make 1[3-9]xxxxxxxxx
    flat = [g for ch in chains for g in ch if g.group(0).isdigit()]
    for k, g in enumerate(flat):
        s = g.group(0)
        if len(s) < 3 or s[0] != "1" or s[1] not in "3456789" or len(s) >= 11 or \
                any(a <= g.start() < b for a, b, _ in spans):
            continue
        digits, end, sizes = s, g.end(), [len(s)]
        for h in flat[k + 1:]:
            if len(h.group(0)) < 3 or not _WORDS.fullmatch(text, end, h.start()):
                break
            digits += h.group(0)
            sizes.append(len(h.group(0)))
            end = h.end()
            if len(digits) >= 11:
                break
        if len(digits) == 11 and tuple(sizes) in _SPLIT_SHAPES and \
                not _glued(text, g.start(), end):
            spans.append((g.start(), end, "mobile"))
    if not spans:
        return text
    spans.sort()
    out, pos = [], 0
    for a, b, kind in spans:
        if a < pos:
            continue
        out.append(text[pos:a])
        out.append(placeholders[kind])
        counts[kind] += 1
        pos = b
    out.append(text[pos:])
    return "".join(out)


# --- e-mail written loosely -----------------------------------------------------------------

_TLDS = r"(?:com|cn|net|org|edu|gov|io|me|co|info|biz|中国|公司|网络)"
_LOCAL = r"(?:[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}|[\u4e00-\u9fff]{1,4})"
_LABEL = r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?|[\u4e00-\u9fff]{1,8})"
_AT = r"(?:@|＠)"
_AT_LOOSE = r"(?:\s*(?:@|＠|\(at\)|\[at\]|（at）|艾特|圈a|#)\s*|\s+at\s+)"
_DOT = r"(?:\s*(?:\.|。|．|点|\(dot\)|\[dot\])\s*|\s+dot\s+)"
# With a disguised or spaced "@" the domain must be a known mail provider: "unit at
# www.example.com" and "49.99 @ shop.com" are not addresses.
_PROVIDER = (r"(?:qq|vip\.qq|163|126|yeah|gmail|googlemail|outlook|hotmail|live|msn|sina|sohu|"
             r"foxmail|139|189|aliyun|icloud|me|yahoo|tom|21cn)")
_LOOSE_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+\-])(?:{_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})*?{_DOT}{_TLDS}"
    rf"|{_LOCAL}{_AT_LOOSE}{_PROVIDER}(?:{_DOT}{_LABEL})*?{_DOT}{_TLDS})"
    r"(?![A-Za-z0-9\-])", re.I)

_WECHAT = re.compile(r"(?:(?<![A-Za-z])(?:vx|wx|weixin|wechat)|[vV]信|威信|微信)\s*号?\s*[:：是]?\s*"
                     r"([A-Za-z][A-Za-z0-9_\-]{5,19})(?![A-Za-z0-9_\-])", re.I)
_QQ = re.compile(r"(?:(?<![A-Za-z])qq|扣扣|企鹅)\s*号?\s*(?:码)?\s*[:：是]?\s*([1-9][0-9]{4,11})"
                 r"(?![0-9])", re.I)


# Cheap probes: a substring each rule below cannot match without (all three rules are
# case-insensitive, so are these). Most gated rows carry a plain phone number and none.
_EMAIL_HINT = re.compile(r"[@＠#]|at|艾特|圈a", re.I)
_WECHAT_HINT = re.compile(r"vx|wx|weixin|wechat|v信|威信|微信", re.I)
_QQ_HINT = re.compile(r"qq|扣扣|企鹅", re.I)

#: For the block path of ``redact.redact_many``: characters every match of a rule contains
#: (every case variant its case-insensitive matching accepts: tests compare them with the
#: rules over all code points), so a text without any of them skips the rule; and the
#: characters :func:`numbers` counts (it replaces nothing in a text with fewer than seven).
HINT_CHARS = {"email": "@＠#aA艾圈", "wechat": "vVwW威微", "qq": "qQ扣企"}
NUMBER_CHARS = "0123456789０１２３４５６７８９零〇一二三四五六七八九幺两Xx"


def loose_email(text: str, counts: collections.Counter, ph: dict[str, str]) -> str:
    """E-mail addresses written loosely ("zhang at qq dot com")."""
    new, n = _LOOSE_EMAIL.subn(ph["email"], text)
    if n:
        counts["email"] += n
        return new
    return text


def keyword_id(kind: str, text: str, counts: collections.Counter, ph: dict[str, str]) -> str:
    """WeChat (``kind`` "wechat") or QQ ("qq") ids after their keywords."""
    rx = _WECHAT if kind == "wechat" else _QQ

    def sub(m: re.Match) -> str:
        counts[kind] += 1
        return m.group(0)[:m.start(1) - m.start(0)] + ph[kind]
    return rx.sub(sub, text)


def loose_pass(text: str, counts: collections.Counter, placeholders: dict[str, str]) -> str:
    """Redact what the first pass left; ``placeholders`` maps kinds to their placeholder.

    The caller gates: rows matching neither the first pass's gate nor :data:`GATE` skip it.
    """
    ph = {**placeholders, **PLACEHOLDERS}
    if _EMAIL_HINT.search(text):
        text = loose_email(text, counts, ph)
    for kind, hint in (("wechat", _WECHAT_HINT), ("qq", _QQ_HINT)):
        if hint.search(text):
            text = keyword_id(kind, text, counts, ph)
    return numbers(text, counts, ph)


def clean_invisible(text: str) -> str:
    """Invisible characters out, NBSP to a space: they hide numbers from every rule."""
    return _HIDDEN.sub("", text).replace("\u00a0", " ")


__all__ = ["loose_pass", "loose_email", "keyword_id", "numbers", "clean_invisible", "GATE",
           "PLACEHOLDERS", "HINT_CHARS", "NUMBER_CHARS"]
