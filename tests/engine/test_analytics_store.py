"""The one query layer: compiled filters, materialised effective tags, periods, cached arrays."""

from __future__ import annotations

import pytest

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.store import aggregates as agg
from vocdesk.engine.store import array_aggregates as arr
from vocdesk.engine.store import browse_queries as browse
from vocdesk.engine.store import pair_arrays
from vocdesk.engine.store.filter_sql import compile_filter
from vocdesk.engine.workspace import Workspace

FILTERS = [
    FeedbackFilter(),
    FeedbackFilter(channels=["app", "问卷"]),
    FeedbackFilter(date_from="2025-03-01", date_to="2025-06-30"),
    FeedbackFilter(sentiment=["negative"]),
    FeedbackFilter(facets={"category": ["物流配送", "客服服务"]}, sentiment=["negative"]),
    FeedbackFilter(rating=[1, 2]),
    FeedbackFilter(segments=["VIP"]),
    FeedbackFilter(text="物流"),
    FeedbackFilter(ids=[1, 2, 3, 500]),
    FeedbackFilter(has_human=False, channels=["app"]),
]


@pytest.fixture
def ws(small_workspace):
    w = Workspace.open(small_workspace)
    yield w
    w.close()


def _effective_view(ws):
    return sorted(ws.db.execute("SELECT feedback_id, facet, value, origin_kind "
                                "FROM effective_tags").fetchall())


def _materialised(ws):
    return sorted(ws.db.execute("SELECT feedback_id, facet, value, origin_kind "
                                "FROM tag_effective").fetchall())


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: str(f.to_dict()))
def test_the_compiled_filter_selects_exactly_the_explorers_rows(ws, flt):
    sel = compile_filter(ws.db, flt, ws.timezone)
    expected = sorted(int(i) for i in browse.ids(ws.db, flt, "id", ws.timezone))
    assert agg.selected_ids(ws.db, sel) == expected
    assert agg.count(ws.db, sel) == len(expected)
    assert expected or flt.ids is not None or flt.to_dict()     # the data exercises the filter


@pytest.mark.parametrize("flt", FILTERS[:7], ids=lambda f: str(f.to_dict()))
@pytest.mark.parametrize("by", [None, "category", "month", "touchpoint", "channel"])
def test_array_aggregates_agree_with_the_sql_reference(ws, flt, by):
    sel = compile_filter(ws.db, flt, ws.timezone)
    sql_s, arr_s = agg.group_sentiment(ws.db, sel, by), arr.group_sentiment(ws.db, sel, by)
    assert set(sql_s) == set(arr_s)
    for key, d in sql_s.items():
        for name in ("rows", "customers", "tagged", "negative", "k", "scored"):
            assert arr_s[key][name] == d[name], (key, name)
        assert arr_s[key]["s1"] == pytest.approx(d["s1"])
        assert arr_s[key]["s2"] == pytest.approx(d["s2"])
    assert arr.group_scores(ws.db, sel, by) == pytest.approx(agg.group_scores(ws.db, sel, by))


def test_facet_counts_and_periods_agree(ws):
    sel = compile_filter(ws.db, FeedbackFilter(sentiment=["negative"]), ws.timezone)
    assert arr.facet_counts(ws.db, sel, "category") == agg.facet_counts(ws.db, sel, "category")
    assert sorted(arr.facet_by_period(ws.db, sel, "department", "month")) == sorted(
        agg.facet_by_period(ws.db, sel, "department", "month"))
    total = sum(n for _, n in agg.period_counts(ws.db, compile_filter(ws.db, None, ws.timezone)))
    assert total == agg.total_rows(ws.db)


def test_materialised_tags_follow_human_edits_and_reanalysis_and_a_correction_wins(ws):
    assert _materialised(ws) == _effective_view(ws)
    sel = compile_filter(ws.db, None, ws.timezone)
    before = dict(arr.facet_counts(ws.db, sel, "sentiment"))    # warms the array cache
    ids = [int(i) for i in browse.ids(ws.db, FeedbackFilter(sentiment=["negative"]), "id")][:5]
    ws.set_human_tags(ids, "sentiment", ["positive"], who="t")
    assert _materialised(ws) == _effective_view(ws)
    after = dict(arr.facet_counts(ws.db, sel, "sentiment"))     # patched, not reloaded
    assert after["negative"] == before["negative"] - 5
    assert after["positive"] == before["positive"] + 5
    assert after == dict(agg.facet_counts(ws.db, sel, "sentiment"))
    ws.analyze(force=True, workers=1)                           # re-analysis keeps the edit
    assert _materialised(ws) == _effective_view(ws)
    assert dict(arr.facet_counts(ws.db, sel, "sentiment")) == after
    ws.set_human_tags(ids, "sentiment", None)                   # removing it: auto shows again
    assert dict(arr.facet_counts(ws.db, sel, "sentiment")) == before
    assert _materialised(ws) == _effective_view(ws)


def test_periods_are_local_days_weeks_and_months_and_follow_the_zone(tmp_path):
    import pandas as pd

    from vocdesk.engine.store.periods import day_label, month_label, week_label

    with Workspace.create(tmp_path / "p.vocdesk") as ws:
        # 2025-10-31 17:30 UTC is already 1 November 01:30 in Shanghai
        ws.imports.import_dataframe(pd.DataFrame({"text": ["a", "b"], "created_at": [
            "2025-10-31T17:30:00+00:00", "2025-11-03T12:00:00+08:00"]}), "t")
        rows = ws.db.execute("SELECT day_n, week_n, month_n FROM feedback ORDER BY id").fetchall()
        assert [day_label(r[0]) for r in rows] == ["2025-11-01", "2025-11-03"]
        assert [month_label(r[2]) for r in rows] == ["2025-11", "2025-11"]
        assert [week_label(r[1]) for r in rows] == ["2025-10-27", "2025-11-03"]   # Mondays
        ws.set_setting("timezone", "UTC")
        assert list(ws.metrics.by("month")) == ["2025-10", "2025-11"]


def test_migration_backfills_an_existing_workspace(tmp_path):
    """A workspace written before m0009 gets tag_effective and periods on open."""
    import sqlite3

    from sqlite_utils import Database

    from vocdesk.engine.store.migrations import MIGRATIONS

    path = tmp_path / "old.vocdesk"
    db = Database(sqlite3.connect(str(path)))
    MIGRATIONS.apply(db, stop_before="m0009_analytics")
    db.execute("INSERT INTO sources (id, file_name, imported_at) VALUES (1, 'x', '2025')")
    db.execute("INSERT INTO feedback (id, source_id, dedupe_key, text, created_ts, "
               "content_hash) VALUES (1, 1, 1, 'x', 1761931800, 'h')")   # 2025-10-31 17:30 UTC
    db.execute("INSERT INTO auto_tags VALUES (1, 'sentiment', 'negative', 0.9, 'r', NULL)")
    db.execute("INSERT INTO human_tags VALUES (1, 'sentiment', 'positive', 'a', '2025', "
               "'analyst', 0)")
    db.conn.commit()
    db.close()
    with Workspace.open(path) as ws:
        assert _materialised(ws) == [(1, "sentiment", "positive", "human")]
        assert ws.db.execute("SELECT month_n FROM feedback").fetchone()[0] == 2025 * 12 + 10


@pytest.mark.parametrize("flt", FILTERS[:5], ids=lambda f: str(f.to_dict()))
def test_top_values_per_group_agree_with_the_sql_reference(ws, flt):
    sel = compile_filter(ws.db, flt, ws.timezone)
    assert arr.group_values(ws.db, sel, "touchpoint", "category") == agg.group_values(
        ws.db, sel, "touchpoint", "category")


@pytest.mark.parametrize("flt", FILTERS + [FeedbackFilter(sentiment=["negative"], origin="auto")],
                         ids=lambda f: str(f.to_dict()))
def test_the_array_mask_of_a_selection_is_the_sql_selection(ws, flt):
    import numpy as np

    from vocdesk.engine.store.facts import selection_mask

    sel = compile_filter(ws.db, flt, ws.timezone)
    assert np.flatnonzero(selection_mask(ws.db, sel)).tolist() == agg.selected_ids(ws.db, sel)
    # after an edit the cached facet arrays are patched and still agree
    ws.set_human_tags([1, 2, 3], "sentiment", ["negative"], who="t")
    ws.set_human_tags([4], "category", ["物流配送"], who="t")
    sel = compile_filter(ws.db, flt, ws.timezone)
    assert np.flatnonzero(selection_mask(ws.db, sel)).tolist() == agg.selected_ids(ws.db, sel)


def test_cooccurrence_counts_rows_with_both_values(ws):
    from collections import Counter
    from itertools import combinations

    sel = compile_filter(ws.db, FeedbackFilter(sentiment=["negative", "neutral"]), ws.timezone)
    co = pair_arrays.cooccurrence(ws.db, sel, "department")
    rows = {}
    for fid, _, v in agg.facet_value_sets(ws.db, sel, ["department"]):
        rows.setdefault(fid, set()).add(v)
    neg = {fid for fid, _, v in agg.facet_value_sets(ws.db, sel, ["sentiment"])
           if v == "negative"}
    both, both_neg = Counter(), Counter()
    for fid, vs in rows.items():
        for a, b in combinations(sorted(vs), 2):
            both[(a, b)] += 1
            both_neg[(a, b)] += fid in neg
    assert co["total"] == len(rows) and both
    ix = {v: i for i, v in enumerate(co["values"])}
    for (a, b), n in both.items():
        assert co["both"][ix[a], ix[b]] == n and co["both_negative"][ix[a], ix[b]] == both_neg[(a, b)]
    assert sum(co["both"][i, j] for i in range(len(ix)) for j in range(i + 1, len(ix))) == sum(
        both.values())


@pytest.mark.parametrize("flt", FILTERS[:7], ids=lambda f: str(f.to_dict()))
def test_respondent_rows_are_each_respondents_newest_scored_row(ws, flt):
    """The cached (respondent, id) order filtered per selection gives what a plain loop over
    the selected rows gives (the newest row with any score, kept when it has the score)."""
    import numpy as np

    from vocdesk.engine.store import insight_queries as q
    from vocdesk.engine.store.facts import facts

    sel = compile_filter(ws.db, flt, ws.timezone)
    f = facts(ws.db)
    for score, by, value in (("nps", None, None), ("csat", None, None),
                             ("nps", "channel", "app"), ("nps", "category", "物流配送")):
        newest: dict = {}
        for i in q.selected_ids(ws.db, sel, by, value):
            if not (np.isnan(f.nps[i]) and np.isnan(f.csat[i]) and np.isnan(f.ces[i])):
                newest[int(f.respondent[i])] = int(i)        # ascending ids: the last wins
        want = sorted(i for i in newest.values() if not np.isnan(getattr(f, score)[i]))
        ids, vals = q.respondent_rows(ws.db, sel, score, by, value)
        assert ids.tolist() == want
        assert np.array_equal(vals, getattr(f, score)[want])
