"""The review queue service: orders, counts, accept-all and replace as single undo steps."""

from __future__ import annotations

import pytest

from tests.conftest import build_workspace, write_controlled_tags
from vocdesk.engine.commands import CommandStack, SetTags
from vocdesk.engine.workspace import Workspace

N = 40


@pytest.fixture
def ws(tmp_path):
    path = build_workspace(tmp_path / "r.vocdesk", n=N, analyze=False)
    w = Workspace.open(path)
    yield w
    w.close()


def test_uncertainty_order_is_least_confident_first(ws):
    scores = write_controlled_tags(ws, N)
    got = ws.review.queue("uncertainty", limit=N)
    # the key is the least confident non-derived auto tag (sentiment confidence, category score)
    expected = sorted(scores, key=lambda i: (min(scores[i][1], scores[i][3]), i))
    assert got == expected
    assert ws.review.queue("uncertainty", limit=5, offset=5) == expected[5:10]


def test_impact_order_is_negative_from_valuable_customers_first(ws):
    scores = write_controlled_tags(ws, N)
    got = ws.review.queue("impact", limit=N)
    negatives = [i for i in scores if scores[i][0] == "negative"]
    assert set(got[:len(negatives)]) == set(negatives)
    rows = {r["id"]: r for r in ws.feedback(got)}
    seg_avg_vip = sum(1000 * (20 - i) for i in range(5)) / 5

    def value(fid):
        c = int(rows[fid]["customer_id"][1:])
        return seg_avg_vip if c == 5 else 1000 * (20 - c)

    head = got[:len(negatives)]
    assert [value(i) for i in head] == sorted((value(i) for i in head), reverse=True)
    # c5 has no value of its own but is a VIP: ranks by the VIP average, above ordinary ones
    c5 = [i for i in head if rows[i]["customer_id"] == "c5"]
    if c5:
        assert head.index(c5[0]) < len(head) - 1


def test_reviewed_rows_are_left_out_unless_asked(ws):
    write_controlled_tags(ws, N)
    first = ws.review.queue("uncertainty", limit=3)
    stack = CommandStack(ws)
    stack.do(ws.review.accept_auto_tags(first[:1]))
    assert first[0] not in ws.review.queue("uncertainty", limit=N)
    assert first[0] in ws.review.queue("uncertainty", limit=N, include_reviewed=True)
    assert ws.review.counts() == (1, N - 1)
    with pytest.raises(ValueError):
        ws.review.queue("nonsense")


def test_accept_auto_tags_is_one_undo_step_and_skips_derived(ws):
    write_controlled_tags(ws, N)
    stack = CommandStack(ws)
    ids = [1, 2, 3]
    cmd = ws.review.accept_auto_tags(ids, label="accept")
    stack.do(cmd)
    tags = ws.effective_tags(ids)
    for fid in ids:
        assert tags[fid]["sentiment"][0]["origin_kind"] == "human"
        assert tags[fid]["category"][0]["origin_kind"] == "human"
        assert tags[fid]["department"][0]["origin_kind"] == "auto"
    assert ws.review.counts()[0] == 3
    stack.undo()
    assert ws.review.counts()[0] == 0
    assert not stack.can_undo


def test_replace_value_in_facet_is_one_undo_step(ws):
    write_controlled_tags(ws, N)
    stack = CommandStack(ws)
    ids = list(range(1, 11))
    stack.do(ws.review.replace_value(ids, "category", "物流配送", "客服服务", label="replace"))
    tags = ws.effective_tags(ids)
    assert all(tags[i]["category"][0]["value"] == "客服服务" for i in ids)
    assert stack.undo_label == "replace"
    stack.undo()
    tags = ws.effective_tags(ids)
    assert all(tags[i]["category"][0]["value"] == "物流配送" for i in ids)
    assert not stack.can_undo
    # rows without the old value are not touched
    assert not ws.review.replace_value(ids, "category", "不存在", "客服服务").commands


def test_retrain_reports_accuracy_before_and_after(tmp_path):
    path = build_workspace(tmp_path / "t.vocdesk", n=60, analyze=True)
    with Workspace.open(path) as w:
        ids = w.review.queue("uncertainty", limit=60, include_reviewed=True)
        stack = CommandStack(w)
        tags = w.effective_tags(ids)
        texts = {r["id"]: r["text"] for r in w.browse.rows(ids)}
        for fid in ids:   # sentiment labels only: enough for a model (MIN_LABELS = 30)
            value = tags[fid]["sentiment"][0]["value"]
            # the analyst agrees with the model except that "一般般吧，没什么感觉" is neutral to
            # them: a correction the model can learn (labels equal to the zero-shot tags
            # leave nothing to learn, and the zero-shot baseline is then rightly kept)
            if texts[fid].startswith("一般般"):
                value = "neutral"
            stack.do(SetTags([fid], "sentiment", [value]))
        result = w.review.retrain()
        assert "sentiment" in result.facets
        s = result.facets["sentiment"]
        assert 0.0 <= s["learned"] <= 1.0
        assert s["baseline"] is None or 0.0 <= s["baseline"] <= 1.0
        assert s["chosen"] in ("learned", "blend") and s["n"] == 60 and s["previous"] is None
        # the new model re-tags every row; a retrain that changes nothing re-tags none
        assert result.rows_analyzed == 60
        again = w.review.retrain()
        assert again.facets["sentiment"]["previous"] == s["learned"]
        assert again.rows_analyzed == 0
