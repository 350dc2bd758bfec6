"""Tests for PII redaction at import (vocdesk.engine.text.redact)."""

from __future__ import annotations

import collections

import pytest

from tests.engine.pii_testset import (
    KINDS,
    evaluate,
    generate_testset,
    id_check_char,
    luhn_check_digit,
)
from vocdesk.engine.text.redact import (
    PLACEHOLDERS,
    REDACTOR_VERSION,
    RedactionResult,
    redact,
    redact_many,
)


def _id(prefix17: str) -> str:
    return prefix17 + id_check_char(prefix17)


def _card(payload: str) -> str:
    return payload + luhn_check_digit(payload)


VALID_ID = _id("11010519491231002")          # ends with X
VALID_ID2 = _id("44030519900307123")
CARD16 = _card("622202123456789")
CARD19 = _card("621700123456789012")
VISA = _card("436742001234567")


# --------------------------------------------------------------------------- API


def test_api_shape() -> None:
    assert PLACEHOLDERS == {"mobile": "[手机号]", "landline": "[电话]", "email": "[邮箱]",
                            "id_card": "[身份证号]", "bank_card": "[银行卡号]",
                            "wechat": "[微信号]", "qq": "[QQ号]"}
    assert isinstance(REDACTOR_VERSION, str) and REDACTOR_VERSION
    r = redact("没有个人信息")
    assert isinstance(r, RedactionResult)
    assert r.text == "没有个人信息" and r.counts == {}


def test_counts_only_kinds_found() -> None:
    r = redact("电话13812345678，邮箱a@qq.com，备用13987654321")
    assert r.counts == {"mobile": 2, "email": 1}
    assert r.text == "电话[手机号]，邮箱[邮箱]，备用[手机号]"


# --------------------------------------------------------------------------- mobile


@pytest.mark.parametrize("number", [
    "13812345678", "138 1234 5678", "138-1234-5678", "+86 13812345678", "+8613812345678",
    "8613812345678", "0086 13812345678", "+86 138 1234 5678", "１３８１２３４５６７８",
    "19912345678", "16612345678",
])
def test_mobile_formats(number: str) -> None:
    r = redact(f"客服让我留电话{number}谢谢")
    assert r.text == "客服让我留电话[手机号]谢谢", r
    assert r.counts == {"mobile": 1}


@pytest.mark.parametrize("text", [
    "12812345678",           # 12x is not a mobile segment
    "138123456789",          # part of a longer digit run
    "213812345678",
    "SF13812345678",         # glued to letters: tracking number
    "13812345678A",
    "1381234567",            # 10 digits
])
def test_mobile_negatives(text: str) -> None:
    assert redact(text).counts.get("mobile", 0) == 0


# --------------------------------------------------------------------------- landline


@pytest.mark.parametrize("number", [
    "(021)6123-4567", "010-12345678", "0755 2345 6789", "0571-8765432", "（010）87654321",
    "(021) 61234567", "021 - 6123 4567", "021-61234567转123", "0755-23456789-8001", "0571-87654321 ext 12",
])
def test_landline_formats(number: str) -> None:
    r = redact(f"门店电话{number}没人接")
    assert r.text == "门店电话[电话]没人接", r
    assert r.counts == {"landline": 1}


def test_unseparated_landline_needs_phone_keyword() -> None:
    assert redact("座机02161234567").counts == {"landline": 1}
    assert redact("发票代码011001900111").counts == {}


@pytest.mark.parametrize("text", [
    "客服热线400-820-8820打不通", "4008208820", "800-810-8888", "拨打400 820 8820",
    "95588", "10086", "12315",
])
def test_hotlines_not_redacted(text: str) -> None:
    """400/800/95xxx are company lines, not personal data: kept for analysis."""
    r = redact(text)
    assert r.text == text and r.counts == {}


# --------------------------------------------------------------------------- e-mail


@pytest.mark.parametrize("text, expected", [
    ("邮箱是abc.d@qq.com谢谢", "邮箱是[邮箱]谢谢"),
    ("发到 zhang.wei+vip@mail.qinghe.com.cn。", "发到 [邮箱]。"),
    ("Contact me via tom_smith99@gmail.com.", "Contact me via [邮箱]."),
    ("123456789@qq.com", "[邮箱]"),
    ("（a-b@163.com）", "（[邮箱]）"),
])
def test_email(text: str, expected: str) -> None:
    r = redact(text)
    assert r.text == expected
    assert r.counts == {"email": 1}


@pytest.mark.parametrize("text", [
    "@青禾客服 你们的售后太差了", "回复 @用户123456: 同感", "@JD_Service please help",
    "https://weibo.com/u/1234567890", "user@localhost", "微博@数码博主",
    "http://example.com/path?q=1#x",
])
def test_email_negatives(text: str) -> None:
    assert redact(text).counts == {}


# --------------------------------------------------------------------------- ID card


def test_id_card_valid() -> None:
    assert VALID_ID.endswith("X")
    for number in (VALID_ID, VALID_ID.lower(), VALID_ID2,
                   f"{VALID_ID2[:6]} {VALID_ID2[6:14]} {VALID_ID2[14:]}"):
        r = redact(f"身份证号{number}，实名失败")
        assert r.text == "身份证号[身份证号]，实名失败", r
        assert r.counts == {"id_card": 1}


def test_id_card_rejections() -> None:
    bad_check = VALID_ID2[:17] + str((int(VALID_ID2[17]) + 1) % 10) if VALID_ID2[17] != "X" else VALID_ID2[:17] + "0"
    future = _id("11010520990101123")
    too_old = _id("11010518991231123")
    bad_date = _id("11010519990231123")       # 31 Feb
    bad_province = _id("99010519900307123")
    for number in (bad_check, future, too_old, bad_date, bad_province):
        assert redact(f"订单号 {number}").counts.get("id_card", 0) == 0, number


def test_valid_id_is_not_a_bank_card() -> None:
    """An 18-digit number passing both the ID and the Luhn checks is an ID card."""
    for seq in range(1000):
        number = _id(f"62010519900307{seq:03d}")
        if number[-1] != "X" and luhn_check_digit(number[:-1]) == number[-1]:
            break
    else:  # pragma: no cover
        pytest.skip("no collision found")
    assert redact(number).counts == {"id_card": 1}


# --------------------------------------------------------------------------- bank card


@pytest.mark.parametrize("number", [
    CARD16, CARD19, VISA,
    " ".join(CARD16[i:i + 4] for i in range(0, 16, 4)),
    "-".join(CARD16[i:i + 4] for i in range(0, 16, 4)),
    " ".join(CARD19[i:i + 4] for i in range(0, 19, 4)),
])
def test_bank_card(number: str) -> None:
    r = redact(f"卡号 {number}，退款没到账")
    assert r.text == "卡号 [银行卡号]，退款没到账", r
    assert r.counts == {"bank_card": 1}


def test_bank_card_luhn_failure_not_redacted() -> None:
    bad = CARD16[:-1] + str((int(CARD16[-1]) + 1) % 10)
    assert redact(f"卡号 {bad}").counts == {}


def test_order_numbers_not_redacted() -> None:
    for text in ("订单号 2026031512345678", "订单号 2026031512345678901",
                 "order #20260315123456789"):
        assert redact(text).counts == {}, text


def test_luhn_valid_order_number_after_order_keyword() -> None:
    """A Luhn-valid bare digit run right after "订单号" is an order number, not a card."""
    assert redact(f"订单号 {CARD16}").counts == {}
    assert redact(f"订单号 123，卡号 {CARD16}").counts == {"bank_card": 1}


# --------------------------------------------------------------------------- negatives


@pytest.mark.parametrize("text", [
    "订单号 2026031512345678", "SF1234567890123", "YT1234567890123", "JD0123456789012",
    "¥1299.00", "2026-03-15", "20260315", "14:30", "2026-03-15 14:30:22", "R5", "W2 Pro",
    "v5.2.1", "等了15天", "35%", "99.9%", "400-820-8820", "https://item.jd.com/100012345678.html",
    "@青禾客服", "时间戳 1710489600000", "电池容量5000mAh", "1,299,000 次播放",
])
def test_issue_negatives(text: str) -> None:
    r = redact(text)
    assert r.text == text and r.counts == {}


# --------------------------------------------------------------------------- batch


def test_redact_many() -> None:
    texts = ["好评", "电话 138-1234-5678", None, "", f"卡号{CARD16}，邮箱a@b.cn"]
    out, counts = redact_many(texts)  # type: ignore[arg-type]
    assert out == ["好评", "电话 [手机号]", None, "", "卡号[银行卡号]，邮箱[邮箱]"]
    assert isinstance(counts, collections.Counter)
    assert counts == {"mobile": 1, "bank_card": 1, "email": 1}


def test_redact_many_matches_redact() -> None:
    positives, negatives = generate_testset(seed=3, n_per_kind=50, n_negative=300)
    texts = [c.text for c in positives + negatives]
    out, counts = redact_many(texts)
    total: collections.Counter = collections.Counter()
    for t, o in zip(texts, out, strict=True):
        r = redact(t)
        assert r.text == o
        total.update(r.counts)
    assert total == counts


# --------------------------------------------------------------------------- generated set


def test_generator_is_deterministic() -> None:
    a = generate_testset(seed=11, n_per_kind=20, n_negative=50)
    b = generate_testset(seed=11, n_per_kind=20, n_negative=50)
    assert [(c.text, c.spans) for c in a[0] + a[1]] == [(c.text, c.spans) for c in b[0] + b[1]]


def test_generated_spans_are_consistent() -> None:
    positives, negatives = generate_testset(n_per_kind=100, n_negative=100)
    assert all(not c.spans for c in negatives)
    for c in positives:
        for kind, spans in c.spans.items():
            assert kind in KINDS
            for a, b in spans:
                assert 0 <= a < b <= len(c.text)


@pytest.mark.parametrize("seed", [20260315, 1, 2])
def test_generated_recall_and_false_positives(seed: int) -> None:
    positives, negatives = generate_testset(seed=seed)
    report = evaluate(redact, positives, negatives)
    for kind, st in report["kinds"].items():
        assert st["expected"] > 300
        assert st["recall"] >= 0.98, (kind, st["recall"], st["misses"][:5])
        assert st["fp"] == 0, (kind, st["fp_examples"][:5])
    assert report["negative_fp_by_family"] == {}


def test_fast_path_leaves_clean_rows_alone() -> None:
    """Rows without PII come back unchanged; benchmarks/bench_redact.py reports the speed."""
    rows = ["物流太慢了，等了一周才到", "App 闪退了", "¥1299 买的", "好评"] * 2_500
    out, counts = redact_many(rows)
    assert out == rows and not counts


def test_redact_many_is_row_by_row_at_the_seams_of_the_block() -> None:
    """The gate scans all rows joined by line breaks: no match may leak across a seam (digits
    at the end of one row and the start of the next, 'at' beside a letter, rows that hold line
    breaks themselves, empty and non-text cells)."""
    import random

    rnd = random.Random(11)
    parts = ["138", "1234", "5678", "0", "12", "-", " ", "\n", "at", "a", "t", "@", "qq", "微信",
             "vx", "身份证", "好评", "物流", "零一二三", "四五六七", "(", "）", "\u200b", "x",
             "010-", "8888", "6222", "0211", "号", "。", ""]
    texts = ["".join(rnd.choice(parts) for _ in range(rnd.randint(0, 6))) for _ in range(5000)]
    texts[::97] = [None] * len(texts[::97])
    out, counts = redact_many(texts)     # type: ignore[arg-type]
    total: collections.Counter = collections.Counter()
    for t, o in zip(texts, out, strict=True):
        if t is None:
            assert o is None
            continue
        r = redact(t)
        assert o == r.text, t
        total.update(r.counts)
    assert counts == total and sum(total.values()) > 20          # the seams were exercised


def test_the_digit_count_prefilter_changes_no_redaction(monkeypatch):
    """Skipping a rule for a text with fewer digits than its matches need is exact: every
    text of both PII sets comes out the same with the prefilter disabled (issue 9)."""
    import collections

    from tests.engine import pii_customer
    from vocdesk.engine.text import redact as R

    positives, lookalikes = pii_customer.generate(per_style=40)
    texts = [t for _c, _s, t, _v in positives] + [t for _f, t in lookalikes]
    texts += ["电话010-62345678", "卡号6222020200112233445", "身份证11010519491231002X",
              "（０１０）６２３４５６７８", "订单号6222020200112233445 电话13812345678"]
    def run():
        counts: collections.Counter = collections.Counter()
        return [R._redact_into(t, counts) for t in texts], counts

    with_filter = run()
    monkeypatch.setattr(R, "_ndigits", lambda text: 99)
    assert run() == with_filter


def test_the_vectorised_prefilter_never_rules_out_a_value_a_gate_matches():
    """``may_hold_pii`` may keep too much, never too little: every value either redaction
    gate matches is kept (PII sets, look-alikes, random mixes of digits, separators and
    trigger characters); and it does rule out plain ids and texts."""
    import random

    from tests.engine import pii_customer
    from vocdesk.engine.text import redact as R
    from vocdesk.engine.text.pii_prefilter import TRIGGERS, may_hold_pii

    positives, lookalikes = pii_customer.generate(per_style=40)
    values = [t for _c, _s, t, _v in positives] + [t for _f, t in lookalikes]
    rnd = random.Random(11)
    pool = list("0123456789０１２３４５６７８９ -.()（）/_—·\n号码x好的，－\u3000@") + list(TRIGGERS) + \
        ["😀"]
    values += ["".join(rnd.choice(pool) for _ in range(rnd.randint(0, 16)))
               for _ in range(20000)]
    values += ["C123456", "门店12", "", "1234567", "123 456", "电话138-1234-5678", "\ud800"]
    keep = may_hold_pii(values).tolist()
    gated = [bool(R._GATE.search(v) or R._LOOSE_GATE(v)) for v in values]
    assert not [v for v, k, g in zip(values, keep, gated, strict=True) if g and not k]
    assert may_hold_pii(["C123456", "门店12", "物流很快（第12345单）", ""]).tolist() == \
        [False, False, False, False]
    # the block path gives the same rows as the row-by-row gates
    assert R._gated_rows(values).tolist() == [i for i, g in enumerate(gated) if g]
    # the first gate is decided exactly, without its regex
    from vocdesk.engine.text.pii_prefilter import gate_split

    first = gate_split(values)[0].tolist()
    assert first == [bool(R._GATE.search(v)) for v in values] and sum(first) > 3000


def test_the_first_gate_is_decided_exactly_in_numpy():
    """Digits with runs of 0-4 characters between them, separators of the first gate or not:
    ``gate_split`` takes exactly the values its regex matches."""
    import random

    from vocdesk.engine.text import redact as R
    from vocdesk.engine.text.pii_prefilter import GATE_SEPARATORS, gate_split

    rnd = random.Random(5)
    between = list(" \u3000-－()（）") * 3 + list("x号.\n_@ 　")
    assert set(GATE_SEPARATORS) == set(" \u3000-－()（）")
    values = []
    for _ in range(20000):
        parts = []
        for _ in range(rnd.randint(1, 10)):
            parts.append(rnd.choice("0123456789０１２３４５６７８９"))
            if rnd.random() < 0.5:
                parts.append("".join(rnd.choice(between) for _ in range(rnd.randint(1, 4))))
        values.append("".join(parts))
    first = gate_split(values)[0].tolist()
    assert first == [bool(R._GATE.search(v)) for v in values]
    assert 2000 < sum(first) < 18000


def test_the_prefilter_gives_the_same_whatever_its_slices(monkeypatch):
    import random

    from vocdesk.engine.text import pii_prefilter as P

    rnd = random.Random(8)
    values = ["".join(rnd.choice("0123456789 -@a好\n") for _ in range(rnd.randint(0, 40)))
              for _ in range(3000)] + ["1" * 500, ""]
    whole = [a.tolist() for a in P.gate_split(values)]
    for size in (1, 7, 50, 999):
        monkeypatch.setattr(P, "_SLICE_CHARS", size)
        assert [a.tolist() for a in P.gate_split(values)] == whole
    assert P.gate_split([])[0].tolist() == []
