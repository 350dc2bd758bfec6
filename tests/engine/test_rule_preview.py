"""Rule preview: hits over all texts, spans of samples, rows moving between values."""

from __future__ import annotations

import pytest

from tests.conftest import build_workspace, write_controlled_tags
from vocdesk.engine.errors import Cancelled
from vocdesk.engine.jobs import CancelFlag
from vocdesk.engine.tagging.rules import RuleSyntaxError
from vocdesk.engine.workspace import Workspace

N = 40


@pytest.fixture
def ws(tmp_path):
    path = build_workspace(tmp_path / "p.vocdesk", n=N, analyze=False)
    w = Workspace.open(path)
    yield w
    w.close()


def test_hits_and_spans(ws):
    texts = {r["id"]: r["text"] for r in ws.feedback(list(range(1, N + 1)))}
    p = ws.review.preview_rule("退款 OR 划痕", "category", "售后退换", sample=3)
    expected = [i for i, t in texts.items() if "退款" in t or "划痕" in t]
    assert p.hits == len(expected) and p.total == N
    assert len(p.samples) == 3
    s = p.samples[0]
    assert s.feedback_id == expected[0]
    assert [s.text[a:b] for a, b in s.spans] == ["划痕", "退款"]


def test_moved_rows_against_current_auto_tags(ws):
    write_controlled_tags(ws, N)   # every row carries category 物流配送 from a rule
    texts = {r["id"]: r["text"] for r in ws.feedback(list(range(1, N + 1)))}
    # a value with no terms or rules of its own in this test: only the edited rule counts
    p = ws.review.preview_rule("物流", "category", "物流配送", rule_id="x",
                     taxonomy=_bare(ws.taxonomy, "category", "物流配送"))
    matched = {i for i, t in texts.items() if "物流" in t}
    assert p.hits == len(matched)
    assert p.moved_in == 0                    # they all carry it already
    assert p.moved_out == N - len(matched)    # the others would lose it
    q = ws.review.preview_rule("物流", "category", "客服服务",
                     taxonomy=_bare(ws.taxonomy, "category", "客服服务"))
    assert q.moved_in == len(matched) and q.moved_out == 0


def _bare(tax, facet, value):
    v = tax.facet(facet).value(value)
    v.terms, v.rules = [], []
    return tax


def test_syntax_error_and_cancel(ws):
    with pytest.raises(RuleSyntaxError):
        ws.review.preview_rule("(物流 AND", "category", "物流配送")
    flag = CancelFlag()
    flag.cancel()
    with pytest.raises(Cancelled):
        ws.review.preview_rule("物流", "category", "物流配送", progress=flag)
