"""Redaction placeholders are invisible to rules, the sentiment model and keywords."""

from __future__ import annotations

import json

import pandas as pd

from vocdesk.engine.tagging.pipeline import AnalysisContext, analyze_batch
from vocdesk.engine.tagging.taxonomy import default_taxonomy
from vocdesk.engine.text.placeholders import ALL_PLACEHOLDERS, mask_placeholders


def test_mask_keeps_offsets_and_blanks_every_placeholder() -> None:
    t = "电话[手机号]，邮箱[邮箱]，[姓名]说好"
    m = mask_placeholders(t)
    assert len(m) == len(t) and "手机" not in m and "姓名" not in m and m.endswith("说好")
    assert "[手机号]" in ALL_PLACEHOLDERS and "[地址]" in ALL_PLACEHOLDERS
    assert mask_placeholders("[不是占位符]") == "[不是占位符]"


def _analyze(texts: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    ctx = AnalysisContext(taxonomy_data=default_taxonomy().to_dict())
    batch = pd.DataFrame({"id": range(1, len(texts) + 1), "text": texts, "language": "zh"})
    return analyze_batch(batch, ctx)


def test_rules_sentiment_and_keywords_do_not_see_placeholders() -> None:
    # "连不上 AND (app OR 手机 ...)": 手机 exists only inside the placeholder
    redacted = "一直连不上，回电[手机号]"
    tags, analysis = _analyze([redacted, "一直连不上，用手机也不行", "[手机号][手机号]"])
    spans = [(r.value, json.loads(r.spans)) for r in tags[tags.feedback_id == 1].itertuples() if isinstance(r.spans, str)]
    start = redacted.index("[手机号]")
    for value, ss in spans:
        for s, e in ss:
            assert e <= start, (value, redacted[s:e])
    # the same rule still needs a real 手机 mention: it fires on row 2, not on row 1
    fired1 = set(tags[(tags.feedback_id == 1) & tags.spans.notna()].value)
    fired2 = set(tags[(tags.feedback_id == 2) & tags.spans.notna()].value)
    assert fired2 - fired1
    kws = [json.loads(k) for k in analysis.keywords]
    assert all("手机号" not in json.dumps(k, ensure_ascii=False) for k in kws)
    only = tags[(tags.feedback_id == 3)]
    assert list(only.value) == ["neutral"]   # nothing but placeholders: no tag, no opinion
