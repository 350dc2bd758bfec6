"""Recall on PII written the way customers write it (``pii_customer.py``, a generator written
apart from the rules) and false positives on look-alike numbers."""

from __future__ import annotations

import pytest

from tests.engine.pii_customer import CATEGORIES, LOOKALIKES, evaluate
from vocdesk.engine.text.redact import redact, redact_many


@pytest.mark.parametrize("seed", [4242, 7])
def test_recall_per_category_and_lookalike_false_positives(seed):
    report = evaluate(lambda t: redact(t).text, per_style=240, seed=seed)
    per_cat: dict[str, list[int]] = {}
    for (cat, _style), (ok, n) in report["recall"].items():
        assert n == 240
        c = per_cat.setdefault(cat, [0, 0])
        c[0] += ok
        c[1] += n
    assert set(per_cat) == set(CATEGORIES)
    for cat, (ok, n) in per_cat.items():
        assert ok / n >= 0.99, (cat, ok / n, [m[:3] for k, m in report["misses"].items()
                                                if k[0] == cat])
    assert set(report["fp"]) == set(LOOKALIKES)
    for fam, (bad, n) in report["fp"].items():
        assert bad / n <= 0.01, (fam, report["fp_examples"].get(fam, [])[:3])


def test_redact_many_agrees_with_redact_on_customer_styles():
    from tests.engine.pii_customer import generate

    positives, negatives = generate(per_style=10, seed=3)
    texts = [t for _c, _s, t, _v in positives] + [t for _f, t in negatives]
    many, _counts = redact_many(texts)
    assert many == [redact(t).text for t in texts]


@pytest.mark.parametrize("text,kind", [
    ("打开App看到单号06024738629", None),
    ("售后单6285807944425967一直没处理", None),
    ("微信同号，谢谢", None),
    ("QQ音乐会员到期了", None),
    ("2024.01.29-2024.02.05活动期间", None),
    ("加我微信：zhang_wei88细聊", "wechat"),
    ("扣扣 12345678", "qq"),
    ("电话一三八一二三四五六七八", "mobile"),
    ("138 12345 678", "mobile"),
])
def test_specific_cases(text, kind):
    got = redact(text)
    if kind is None:
        assert got.text == text and got.counts == {}
    else:
        assert got.counts.get(kind) == 1, got
