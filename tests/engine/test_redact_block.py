"""The block path of ``redact_many`` (``redact._redact_block``: a rule at a time over all gated
rows joined into one string) against ``redact()`` row by row (issue 9)."""

from __future__ import annotations

import collections
import random
import re

import numpy as np
import pytest

from tests.engine import pii_customer
from tests.engine.pii_testset import generate_testset, id_check_char, luhn_check_digit
from vocdesk.engine.text import redact as R
from vocdesk.engine.text import redact_loose as L
from vocdesk.engine.text.redact import redact, redact_many


def _id(first17: str) -> str:
    return first17 + id_check_char(first17)


def _card(payload: str) -> str:
    return payload + luhn_check_digit(payload)


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_ID_OK, _ID_OK2 = _id("11010519491231002"), _id("44030519900307123")
_ID_BAD = _ID_OK2[:-1] + ("0" if _ID_OK2[-1] != "0" else "1")
_CARD, _CARD19 = _card("622202123456789"), _card("621700123456789012")

#: PII and look-alikes in many shapes, and pieces that stress the seams between rows: a row
#: ending in "(86)", "订单号", "电话", a letter or a digit, followed by one starting with a number.
_PIECES = [
    "13812345678", "138-1234-5678", "138 1234 5678", "+86 13812345678", "(+86)138 1234 5678",
    "0086-13912345678", "８６１３８１２３４５６７８", "１３８１２３４５６７８", "138.1234.5678",
    "138/1234/5678", "一三八一二三四五六七八", "幺三八两三四五六七八九", "138，中间1234，尾号5678",
    "a.b@example.com", "zhang at qq dot com", "li.na88＠163.com", "wang(at)gmail.com", "x@y",
    _ID_OK, _ID_OK2, _ID_BAD, _ID_OK[:6] + " " + _ID_OK[6:14] + " " + _ID_OK[14:],
    _ID_OK.translate(_FULL), _CARD, _CARD19, " ".join(_CARD[i:i + 4] for i in range(0, 16, 4)),
    "订单号" + _CARD, "订单号：" + _CARD19, "卡号" + _CARD, "order #" + _CARD, "运单" + _CARD,
    "010-62345678", "(021) 6123 4567", "（０１０）６２３４５６７８", "0755-8888 6666 转 123",
    "02161234567", "电话02161234567", "座机 02161234567", "打开App看到单号06024738629",
    "+86 21 6234 5678", "6222  0202  1234  5678  901", "2024.01.29-2024.02.05",
    "ZHANG AT QQ DOT COM", "Li(AT)163.com", "微信：zhang_wei88", "vx abcdef1", "VX Abc_123", "加我wechat:  Tom_2021", "QQ 12345678", "扣扣：987654321",
    "企鹅号 1234567", "身份证110105900101123", "证件号 110105491231002",
    "\u200b", "\u00a0", "\u00ad", "\ufeff", "1\u200b3812345678", "\n", "\n\n", "\r\n", "\t",
    "\x00", "(86)", "订单号", "电话", "tel", "at", "a", "x", "X", "7", "8888", "0", "+", "@",
    "-", " ", "　", "（", "）", "号", "。", "，", "好评", "物流很快", "第12345单", "400-800-1234",
    "95588", "SF1234567890123", "v5.2.1", "2026031512345678", "¥1299", "ｘ", "Ｘ", "٣٤٥٦٧٨٩٠١",
]


def _corpus(n: int, seed: int) -> list[str | None]:
    rnd = random.Random(seed)
    positives, negatives = generate_testset(seed=seed, n_per_kind=40, n_negative=200)
    cust, looks = pii_customer.generate(per_style=8, seed=seed)
    whole = [c.text for c in positives + negatives] + [t for _c, _s, t, _v in cust] + \
        [t for _f, t in looks]
    out: list[str | None] = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.03:
            out.append(None)
        elif r < 0.05:
            out.append("")
        elif r < 0.35:
            out.append(rnd.choice(whole))
        else:
            out.append("".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 6))))
    return out


def _row_by_row(texts: list) -> tuple[list, collections.Counter]:
    total: collections.Counter = collections.Counter()
    out = []
    for t in texts:
        if t is None:
            out.append(None)
            continue
        r = redact(t)
        out.append(r.text)
        total.update(r.counts)
    return out, total


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_redact_many_is_redact_row_by_row(seed: int) -> None:
    texts = _corpus(6000, seed)
    got, counts = redact_many(texts)          # type: ignore[arg-type]
    want, total = _row_by_row(texts)
    assert [(t, g) for t, g, w in zip(texts, got, want, strict=True) if g != w] == []
    assert counts == total
    assert dict(counts) == {k: v for k, v in total.items() if v}
    # every kind was redacted, and many rows were (the block path was exercised)
    assert set(counts) == {"mobile", "landline", "email", "id_card", "bank_card", "wechat",
                           "qq"}
    assert sum(g != t for t, g in zip(texts, got, strict=True)) > 1000


def test_the_block_is_redact_into_row_by_row() -> None:
    """Straight through ``_redact_block`` (no gate): every non-empty row of the corpus."""
    rows = [t for t in _corpus(4000, 9) if t]
    counts: collections.Counter = collections.Counter()
    got = R._redact_block(rows, counts)
    want_counts: collections.Counter = collections.Counter()
    want = [R._redact_into(t, want_counts) for t in rows]
    assert got == want and counts == want_counts


def test_the_block_prefilters_change_no_redaction(monkeypatch) -> None:
    """Skipping a rule for the rows ``_features`` rules out is exact: with every row given
    every feature and plenty of digits, each rule runs on every row, and nothing changes."""
    rows = [t for t in _corpus(3000, 5) if t and "\x00" not in t]
    counts: collections.Counter = collections.Counter()
    with_filters = R._redact_block(rows, counts), counts

    def everything(rows):
        n = len(rows)
        return np.full(n, 99), np.full(n, 99), np.full(n, 255, dtype=np.uint8), \
            np.ones(n, dtype=bool)

    monkeypatch.setattr(R, "_features", everything)
    counts2: collections.Counter = collections.Counter()
    assert (R._redact_block(rows, counts2), counts2) == with_filters


def test_features_count_what_the_rules_count() -> None:
    rows = ["电话１３８12345678", "a@b.cn", "零一二三x", "微信 vx", "QQ", "\u200bx", "好"]
    ndig, nnum, has, _chain = R._features(rows)
    assert ndig.tolist() == [R._ndigits(t) for t in rows]
    assert nnum.tolist() == [11, 0, 5, 1, 0, 1, 0]
    assert [bool(h & R._F_AT) for h in has] == ["@" in t for t in rows]
    assert (R._features(["\ud800x"])[2] >= 0).all()        # a lone surrogate is no error


def test_the_chain_feature_is_sixteen_digits_apart_by_at_most_one_separator() -> None:
    rx = re.compile(rf"{R._D}(?:{R._SEP}?{R._D}){{15}}")
    rnd = random.Random(4)
    pool = list("0123456789０１２３４５６７８９") * 3 + list(" \u3000--x号\n")
    rows = ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 40))) for _ in range(20000)]
    rows += [t for t in _corpus(3000, 4) if t and R._SEAM not in t]
    rows += ["1" * 15, "1" * 16, "1234 5678 9012 345", "1234 5678 9012 3456", "12  34" * 8]
    got = R._features(rows)[3].tolist()
    assert got == [bool(rx.search(t)) for t in rows]
    assert sum(got) > 1000


def test_the_fast_mobile_rule_finds_what_the_rule_finds() -> None:
    rnd = random.Random(6)
    pool = list("0123456789０１２３４５６７８９+＋()（） -　86１３８xa\n\x00") + ["86", "00", "+86",
                                                                      "(+86)", "138", "0086"]
    texts = ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 30))) for _ in range(30000)]
    texts += [t for t in _corpus(3000, 6) if t]
    side = ["", "", "a", "1", "１", "x", "号", " ", "-", "(", ")", "+", "0", "8", "\n", "\x00"]
    heads = ["", "", "+86", "＋86", "0086", "86", "(+86)", "(86)", "+86 ", "86-", "0086　", "８６"]
    for _ in range(30000):
        d = "".join(rnd.choice("0123456789") for _ in range(9))
        if rnd.random() < 0.2:
            d = d.translate(_FULL)
        seps = [rnd.choice(["", "", " ", "-", "　", "\t"]) for _ in range(2)]
        if rnd.random() < 0.7:
            seps[1] = seps[0]
        one = rnd.choice(["1", "1", "１", "2"]) + rnd.choice("3456789２３９")
        num = one + d[0] + seps[0] + d[1:5] + seps[1] + d[5:9]
        texts.append(rnd.choice(side) + rnd.choice(heads) + num[:rnd.choice([len(num)] * 5 + [12])]
                     + rnd.choice(side) + rnd.choice(side))
    spans = [[m.span() for m in R._MOBILE.finditer(t)] for t in texts]
    assert [[m.span() for m in R._MOBILE_FAST.finditer(t)] for t in texts] == spans
    assert sum(map(len, spans)) > 3000


def _all_chars() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def test_hint_characters_cover_every_case_variant() -> None:
    """Every match of the loose e-mail, WeChat and QQ rules holds one of their HINT_CHARS:
    the literal characters the rules start their keywords with, and every character their
    case-insensitive matching takes for a, v, w or q."""
    chars = _all_chars()
    for letters, kind in (("a", "email"), ("vw", "wechat"), ("q", "qq")):
        variants = set(re.findall(f"[{letters}]", chars, re.I))
        assert variants <= set(L.HINT_CHARS[kind]), kind
    assert set(L.NUMBER_CHARS) == set(re.findall("[0-9０-９零〇一二三四五六七八九幺两Xx]", chars))


def test_no_rule_matches_or_looks_across_the_seam() -> None:
    """The seam is no whitespace, digit or letter of any rule: every rule the block path runs
    matches the same in "<a>\\x00<b>" as in <a> and <b> alone."""
    rules = [R._EMAIL, R._ID_CARD, R._BANK_CARD, R._MOBILE, R._MOBILE_FAST, R._LANDLINE,
             L._LOOSE_EMAIL,
             L._WECHAT, L._QQ]
    assert not re.match(r"\s|\d|\w", R._SEAM)
    for rx in rules:
        assert rx.search(R._SEAM) is None
        for a, b in (("(86)", "13812345678"), ("138", "12345678"), ("a@b", ".com"),
                     ("微信", "zhang_wei88"), ("QQ", "12345678"), ("zhang at", " qq.com"),
                     ("021-", "61234567"), ("6222 0202", " 1234 5678 901")):
            alone = [m.group(0) for t in (a, b) for m in rx.finditer(t)]
            assert [m.group(0) for m in rx.finditer(a + R._SEAM + b)] == alone
