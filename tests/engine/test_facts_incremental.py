"""After a human edit the cached aggregates (kept across edits that do not touch them) give
exactly what a fresh computation gives: sentiment, grouping, selection and issue facets."""

from __future__ import annotations

import pytest

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.store import array_aggregates as arr
from vocdesk.engine.store import facts as facts_mod
from vocdesk.engine.workspace import Workspace


def _all(db, sels):
    out = []
    for sel in sels:
        out.append(arr.group_sentiment(db, sel, "touchpoint", keep_means_upto=50))
        out.append(arr.group_scores(db, sel, "touchpoint"))
        out.append(arr.group_values(db, sel, "touchpoint", "category"))
        out.append(arr.facet_counts(db, sel, "department"))
    return out


def _fresh(db, sels):
    facts_mod._CACHE.pop(db, None)
    return _all(db, sels)


def _same(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        if isinstance(x, dict):
            assert x.keys() == y.keys()
            for k in x:
                xv, yv = x[k], y[k]
                if isinstance(xv, dict):
                    assert {i: v for i, v in xv.items() if i != "means"} == \
                        pytest.approx({i: v for i, v in yv.items() if i != "means"})
                    if "means" in xv or "means" in yv:
                        assert sorted(xv["means"]) == pytest.approx(sorted(yv["means"]))
                else:
                    assert xv == yv
        else:
            assert x == y


@pytest.mark.parametrize("facet", ["sentiment", "touchpoint", "category"])
def test_cached_aggregates_follow_an_edit(small_workspace, facet):
    with Workspace.open(small_workspace) as ws:
        db = ws.db
        sels = [ws.metrics.selection(),
                ws.metrics.selection(FeedbackFilter(sentiment=["negative"])),
                ws.metrics.selection(FeedbackFilter(channels=["app_store"]))]
        _all(db, sels)                                  # warm every cache
        values = [v.value for v in ws.taxonomy.facet(facet).values]
        ids = [i for i, in db.execute("SELECT feedback_id FROM tag_effective WHERE facet = "
                                      "'touchpoint' LIMIT 5")]
        for step, fid in enumerate(ids):
            ws.set_human_tags([fid], facet, [values[step % len(values)]], who="test")
            _same(_all(db, sels), _fresh(db, sels))
            _all(db, sels)                              # re-warm, then edit again
