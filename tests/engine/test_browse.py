"""Filters return exactly the rows they describe; pages carry effective tags; saved views."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.store import browse_queries as store_browse
from vocdesk.engine.workspace import Workspace

N = 400


def _frame() -> pd.DataFrame:
    texts = ["退款太慢了", "物流很快", "客服态度差", "很满意", "Refund was slow", "质量不错"]
    return pd.DataFrame({
        "text": [f"{texts[i % len(texts)]} #{i}" for i in range(N)],
        "created_at": [f"2025-{1 + i % 6:02d}-{1 + i % 28:02d}T12:00:00+08:00" for i in range(N)],
        "channel": [("app", "电商", "热线")[i % 3] for i in range(N)],
        "customer_id": [f"C{i % 40}" for i in range(N)],
        "rating": [1 + i % 5 for i in range(N)],
    })


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    w = Workspace.create(tmp_path_factory.mktemp("browse") / "b.vocdesk")
    w.imports.import_dataframe(_frame(), "gen", redact=False)
    w.imports.import_dataframe(pd.DataFrame({"customer_id": [f"C{i}" for i in range(40)],
                                     "segment": ["VIP" if i < 10 else "普通" for i in range(40)]}),
                       "cust", kind="customers")
    w.analyze()
    yield w
    w.close()


def _all(ws) -> pd.DataFrame:
    rows = ws.feedback(ws.browse.ids(None, "id").tolist())
    return pd.DataFrame(rows)


def test_no_filter_is_everything_newest_first(ws):
    ids = ws.browse.ids()
    assert isinstance(ids, np.ndarray) and ids.dtype == np.int64
    assert len(ids) == N == ws.browse.count()
    ts = [r["created_ts"] for r in ws.feedback(ids[:50].tolist())]
    assert ts == sorted(ts, reverse=True)


def test_channel_rating_and_dates(ws):
    df = _all(ws)
    flt = FeedbackFilter(channels=["app"], rating=[2, 4])
    exp = set(df[(df.channel == "app") & df.rating.between(2, 4)].id)
    assert set(ws.browse.ids(flt).tolist()) == exp
    assert ws.browse.count(flt) == len(exp)
    flt = FeedbackFilter(date_from="2025-03-01", date_to="2025-03-31")
    exp = set(df[df.created_at.str.startswith("2025-03")].id)
    assert set(ws.browse.ids(flt).tolist()) == exp


def test_segment_and_text(ws):
    df = _all(ws)
    vip = {f"C{i}" for i in range(10)}
    flt = FeedbackFilter(segments=["VIP"], text="退款")
    exp = set(df[df.customer_id.isin(vip) & df.text.str.contains("退款")].id)
    assert set(ws.browse.ids(flt).tolist()) == exp and exp


def test_facet_filter_uses_effective_tags_and_origin(ws):
    all_ids = ws.browse.ids(None, "id").tolist()
    tags = ws.effective_tags(all_ids)
    neg = {i for i in all_ids if any(t["value"] == "negative"
                                     for t in tags.get(i, {}).get("sentiment", []))}
    assert set(ws.browse.ids(FeedbackFilter(sentiment=["negative"])).tolist()) == neg
    # a human tag hides the auto tag of that facet
    target = sorted(neg)[0]
    ws.set_human_tags([target], "sentiment", ["positive"])
    got = set(ws.browse.ids(FeedbackFilter(sentiment=["negative"])).tolist())
    assert got == neg - {target}
    assert set(ws.browse.ids(FeedbackFilter(sentiment=["positive"], origin="human")).tolist()) \
        == {target}
    assert target not in set(ws.browse.ids(FeedbackFilter(sentiment=["positive"],
                                                           origin="auto")).tolist())
    assert set(ws.browse.ids(FeedbackFilter(has_human=True)).tolist()) == {target}
    row = ws.browse.rows([target])[0]
    assert row["tags"]["sentiment"] == {"values": ["positive"], "origin_kind": "human",
                                        "scores": [1.0]}
    ws.set_human_tags([target], "sentiment", None)


def test_rows_keep_order_and_ids_filter(ws):
    ids = ws.browse.ids()[:10][::-1]
    assert [r["id"] for r in ws.browse.rows(ids)] == ids.tolist()
    flt = FeedbackFilter(ids=ids.tolist()[:3])
    assert set(ws.browse.ids(flt).tolist()) == set(ids.tolist()[:3])


def test_saved_views_roundtrip(ws):
    flt = FeedbackFilter(channels=["电商"], text="物流", sentiment=["positive"], rating=[None, 3])
    ws.browse.save_view("电商物流", flt)
    assert "电商物流" in ws.browse.list_views()
    back = ws.browse.load_view("电商物流")
    assert back == flt
    ws.browse.delete_view("电商物流")
    assert ws.browse.load_view("电商物流") is None


def test_detail_and_options(ws):
    fid = int(ws.browse.ids()[0])
    info = ws.browse.detail(fid)
    assert info["row"]["id"] == fid
    kws = info["analysis"]["keywords"]      # the row's own words, not an empty placeholder
    assert kws and all(k.lower() in info["row"]["text"].lower() for k in kws), kws
    assert info["customer"]["segment"] in ("VIP", "普通")
    assert all(r["id"] != fid for r in info["customer_feedback"])
    opts = ws.browse.filter_options()
    assert opts["channels"] == ["app_store", "phone", "review"]   # app, 热线, 电商 normalised
    assert set(opts["segments"]) == {"VIP", "普通"}


def test_ids_query_never_selects_row_data(ws):
    sql_seen = []
    ws.db.conn.set_trace_callback(sql_seen.append)
    try:
        ws.browse.ids(FeedbackFilter(channels=["app"]))
    finally:
        ws.db.conn.set_trace_callback(None)
    assert all("f.text" not in s and "SELECT *" not in s for s in sql_seen)
    assert store_browse.ORDERS["date_desc"].startswith("f.created_ts DESC")


def test_saved_date_order_is_used_and_kept_fresh(tmp_path):
    """Imports save the date-ordered ids in the file; a stale copy is never used."""
    import numpy as np
    import pandas as pd

    from vocdesk.engine.store import browse_queries as store_browse
    from vocdesk.engine.store import open_database
    from vocdesk.engine.workspace import Workspace

    path = tmp_path / "o.vocdesk"
    frame = pd.DataFrame({"text": [f"第{i}条" for i in range(50)],
                          "created_at": [f"2026-03-{1 + (i * 7) % 28:02d}T10:00:00+08:00"
                                         for i in range(50)]})
    with Workspace.create(path) as ws:
        ws.imports.import_dataframe(frame, "a")
    db = open_database(path)
    saved = store_browse._saved_order(db, 50)
    assert saved is not None and len(saved) == 50
    expected = store_browse.id_array(
        db, f"SELECT f.id AS id FROM feedback f ORDER BY {store_browse.ORDERS['date_desc']}")
    assert np.array_equal(saved, expected)
    assert np.array_equal(store_browse.ids(db, order="date_asc"), expected[::-1])
    db.close()
    with Workspace.open(path) as ws:       # a second import refreshes the saved order
        ws.imports.import_dataframe(pd.DataFrame({"text": ["最新的一条"],
                                          "created_at": ["2026-12-31T10:00:00+08:00"]}), "b")
    db = open_database(path)
    assert store_browse.ids(db)[0] == 51
    assert store_browse._saved_order(db, 51)[0] == 51
    assert store_browse._saved_order(db, 52) is None     # stale: rows were added since
    db.close()
