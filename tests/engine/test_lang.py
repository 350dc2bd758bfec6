"""Tests for the cheap language detector (vocdesk.engine.text.lang)."""

from __future__ import annotations

import pytest

from vocdesk.engine.text.lang import detect_language, detect_languages


@pytest.mark.parametrize("text, expected", [
    # other: nothing to judge or another script
    ("", "other"), ("   ", "other"), ("12345", "other"), ("😀👍😀", "other"),
    ("？？？！！！", "other"), ("2026-03-15 14:30", "other"), ("https://qinghe.com/a/b", "other"),
    ("abc@qq.com", "other"), ("配送が遅いです", "other"), ("とても良い", "other"),
    ("배송이 너무 늦어요", "other"), ("Samsung 배송이 너무 늦어요", "other"),
    ("Доставка задержалась", "other"),
    # zh, including a few English words / product names inside Chinese
    ("物流太慢了", "zh"), ("App 闪退了", "zh"), ("bug太多了", "zh"), ("VIP会员不能用", "zh"),
    ("iPhone 15 Pro Max 的电池不耐用", "zh"), ("我觉得 customer service 很差", "zh"),
    ("好评", "zh"), ("好", "zh"), ("小米の手机真不错", "zh"), ("W2 Pro 蓝牙老断", "zh"),
    ("https://www.qinghe.com/abc 链接打不开", "zh"), ("邮箱abc@qq.com收不到验证码", "zh"),
    ("客服态度非常差，打了三次电话都没人接，too bad", "zh"), ("👍👍 很好用", "zh"),
    # en, including a word or two of Chinese
    ("ok", "en"), ("OK!", "en"), ("The delivery was late.", "en"), ("Great product! 👍", "en"),
    ("Café was nice", "en"), ("The product is great, 好评", "en"),
    ("I bought 青禾耳机 last week and the sound is great but battery life is poor", "en"),
    ("R5", "en"),
    # mixed: both languages carry a sentence
    ("The delivery was late. 快递太慢了，等了一周。", "mixed"),
    ("这个耳机音质很差，it is bad", "mixed"),
    ("Battery drains very fast. 电池掉电太快了，一天要充三次。", "mixed"),
])
def test_examples(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_batch_and_non_strings() -> None:
    assert detect_languages(["好评", "ok", None, "", "The delivery was late. 快递太慢了"]) == [  # type: ignore[list-item]
        "zh", "en", "other", "other", "mixed"]

