"""Shared helpers: durations, scores from codes and labels, question classification."""

from __future__ import annotations

import pytest

from vocdesk.engine.importers.formats.common import (
    classify,
    duration_seconds,
    from_epoch_ms,
    language_code,
    score_value,
    with_zone,
)
from vocdesk.engine.importers.formats.wjx import question_number, skip_code


@pytest.mark.parametrize("raw,secs", [("67秒", 67), ("1分7秒", 67), ("00:01:07", 67),
                                      ("67", 67), (67, 67), ("2小时", 7200), ("", None),
                                      ("abc", None)])
def test_duration_seconds(raw, secs):
    assert duration_seconds(raw) == secs


@pytest.mark.parametrize("raw,kind,value", [
    ("10 - Extremely likely", "nps", 10), ("0 - Überhaupt nicht wahrscheinlich", "nps", 0),
    ("9", "nps", 9), (7.0, "nps", 7.0), ("10分", "nps", 10), ("非常满意", "csat", 5),
    ("Very dissatisfied", "csat", 1), ("Strongly agree", "ces", 7), ("", "nps", None),
    ("(跳过)", "csat", None), ("maybe", "csat", "maybe")])
def test_score_value(raw, kind, value):
    assert score_value(raw, kind) == value


@pytest.mark.parametrize("label,values,kind", [
    ("How likely are you to recommend us to a friend?", ["9", "10", "3"], "nps"),
    ("您向朋友推荐我们的可能性有多大？(0-10分)", ["9", "3"], "nps"),
    ("Overall, how satisfied are you?", ["Very satisfied", "Dissatisfied"], "csat"),
    ("您对本次购物的整体满意度", ["非常满意", "一般"], "csat"),
    ("How easy was it to solve your problem?", ["6", "7", "2"], "ces"),
    ("Please rate the app (1-5 stars)", ["4", "5"], "rating"),
    ("您的年龄段", ["25-34岁", "18-24岁"], "choice"),
    ("您对本项目的意见和建议", ["好", "不错"], "open"),
    ("Anything else?", ["The checkout page froze twice and I had to re-enter my card"],
     "open"),
    ("Which colour?", ["Red", "Blue", "Red"], "choice"),
])
def test_classify(label, values, kind):
    assert classify(label, values) == kind


def test_classify_marked_text_entry_and_choice():
    assert classify("Q", ["1"], text_entry=True) == "open"
    assert classify("What do you think?", ["Long free text answer here"],
                    text_entry=False) == "choice"


def test_wjx_headers_and_skip_codes():
    assert question_number("26、您对本项⽬的意⻅和建议：") == ("26", "您对本项目的意见和建议:", False)
    assert question_number("21、(便利店)") == ("21", "便利店", True)
    assert question_number("11.您目前修读的学历是") == ("11", "您目前修读的学历是", False)
    assert question_number("13：您就读的大学是[下拉题]")[0] == "13"
    assert question_number("第3题(选项)") == ("3", "选项", True)
    assert question_number("提交答卷时间") is None
    assert skip_code(-2) is None and skip_code("-3") is None and skip_code(-1) == -1
    assert skip_code("好") == "好"


def test_dates_and_languages():
    assert with_zone("2026/3/2 9:05:07", "Asia/Shanghai") == "2026-03-02T09:05:07+08:00"
    assert with_zone("2026-03-02T01:05:07Z", "Asia/Shanghai") == "2026-03-02T01:05:07+00:00"
    assert with_zone("03/02/2026 09:15:04 AM", "UTC") == "2026-03-02T09:15:04+00:00"
    assert with_zone("45292.5", "UTC") == "2024-01-01T12:00:00+00:00"
    assert with_zone("not a date", "UTC") == "not a date"
    assert from_epoch_ms("1772690828000") == "2026-03-05T06:07:08+00:00"
    assert language_code("zh-CN") == "zh" and language_code("EN-GB") == "en"
    assert language_code("ZH-S") == "zh" and language_code("") is None


def test_classify_reason_question_with_repeated_short_answers_is_a_choice():
    assert classify("您选择我们的主要原因", ["价格", "质量", "价格", "价格", "质量"]) == "choice"
    assert classify("您选择我们的主要原因", ["价格便宜，质量也不错", "朋友推荐的"]) == "open"
    assert classify("您购买过哪些品类？", ["服装┋鞋靴", "家电"]) == "choice"
    assert classify("How accurate was the estimate?", ["4", "5"]) == "choice"   # not "rate"
