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


@pytest.mark.parametrize("text,expected", [
    ("收件人：张三，电话后面给", "收件人：[姓名]，电话后面给"),
    ("我叫李小明，订单有问题", "我叫[姓名]，订单有问题"),
    ("姓名：欧阳娜娜 电话", "姓名：[姓名] 电话"),
    ("地址是北京市朝阳区建国路88号院3号楼2单元501室，放门口", "[地址]，放门口"),
    ("寄到上海市浦东新区世纪大道100号", "[地址]"),      # the words before the city go too
    ("王女士说东西坏了", "王女士说东西坏了"),
    ("走路5号线就到", "走路5号线就到"),
    ("本人不满意", "本人不满意"),
    ("我叫不出名字", "我叫不出名字"),
])
def test_optional_name_and_address_pass(text, expected):
    import collections

    from vocdesk.engine.text.redact_names import redact_names

    assert redact_names(text, collections.Counter()) == expected


def test_name_pass_is_opt_in(tmp_path):
    from vocdesk.cli import main
    from vocdesk.engine.workspace import Workspace

    ws = tmp_path / "w.vocdesk"
    f = tmp_path / "n.csv"
    f.write_text("评论\n收件人：张三，快递放门口\n", encoding="utf-8")
    assert main(["init", str(ws)]) == 0
    assert main(["import", str(ws), str(f)]) == 0
    g = tmp_path / "n2.csv"
    g.write_text("评论\n收件人：李四，东西坏了\n", encoding="utf-8")
    assert main(["import", str(ws), str(g), "--redact-names"]) == 0
    with Workspace.open(ws, readonly=True) as w:
        texts = sorted(r["text"] for r in w.feedback([1, 2]))
    assert texts == ["收件人：[姓名]，东西坏了", "收件人：张三，快递放门口"]
