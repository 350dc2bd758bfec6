"""The column arrays saved inside the workspace file (store/facts_saved.py): a copied workspace
reads them instead of its rows, they give exactly what reading gives, and any change of the
data they were read at (new rows, a deleted row, a re-analysis, a human edit) is honoured."""

from __future__ import annotations

import shutil

import numpy as np

from tests.conftest import build_workspace
from vocdesk.engine.store import array_aggregates as arr
from vocdesk.engine.store import facts as facts_mod
from vocdesk.engine.store import facts_saved
from vocdesk.engine.workspace import Workspace


def _figures(ws):
    sel = ws.metrics.selection()
    return (arr.group_scores(ws.db, sel, "channel"), arr.facet_counts(ws.db, sel, "sentiment"),
            arr.facet_counts(ws.db, sel, "category"), arr.group_scores(ws.db, sel, "month"),
            int(np.asarray(facts_mod.facts(ws.db).exists).sum()))


def _no_reading(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("read from the workspace instead of the saved arrays")
    monkeypatch.setattr(facts_mod, "_load", refuse)
    monkeypatch.setattr(facts_mod, "_load_facet", refuse)


def _truth(ws, monkeypatch):
    """The figures read from the rows (nothing saved anywhere used)."""
    facts_mod._CACHE.pop(ws.db, None)
    with monkeypatch.context() as m:
        m.setattr(facts_saved, "load", lambda db, bundle, key: None)
        m.setattr(facts_saved, "_writable", lambda db: False)
        m.setattr(facts_mod.facts_disk, "load_base", lambda db, key: None)
        m.setattr(facts_mod.facts_disk, "load_facet", lambda db, key, facet: None)
        m.setattr(facts_mod.facts_disk, "save_base", lambda db, f: None)
        m.setattr(facts_mod.facts_disk, "save_facet", lambda *a: None)
        got = _figures(ws)
    facts_mod._CACHE.pop(ws.db, None)
    return got


def test_a_copied_workspace_reads_the_arrays_saved_in_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "cache"))
    path = build_workspace(tmp_path / "w.vocdesk", n=50)          # analysis saves them
    with Workspace.open(path) as ws:
        bundles = {b for b, in ws.db.execute("SELECT bundle FROM saved_array_bundles")}
    assert {"base", "facet:sentiment", "facet:category"} <= bundles
    assert not list((tmp_path / "cache").rglob("*.npz"))          # not in the user's cache
    copy = tmp_path / "handed-over" / "copy.vocdesk"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "other-machine"))
    with monkeypatch.context() as m:
        _no_reading(m)
        with Workspace.open(copy) as ws:
            got = _figures(ws)
    with Workspace.open(copy) as ws:
        assert got == _truth(ws, monkeypatch)
    with monkeypatch.context() as m:                              # read-only opens read them
        _no_reading(m)
        with Workspace.open(copy, readonly=True) as ws:
            assert _figures(ws) == got


def test_first_use_saves_the_arrays_in_the_file(small_workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "cache"))
    with Workspace.open(small_workspace) as ws:
        ws.db.execute("DELETE FROM saved_arrays")
        ws.db.execute("DELETE FROM saved_array_bundles")
        first = _figures(ws)
        assert ws.db.execute("SELECT count(*) FROM saved_array_bundles WHERE bundle IN "
                             "('base', 'column:channel')").fetchone()[0] == 2
    with monkeypatch.context() as m:
        _no_reading(m)
        with Workspace.open(small_workspace) as ws:
            assert _figures(ws) == first


def test_changes_after_saving_are_never_hidden(small_workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "cache"))
    with Workspace.open(small_workspace) as ws:
        _figures(ws)                                              # saved (or already were)
        ids = [i for i, in ws.db.execute("SELECT feedback_id FROM tag_effective WHERE facet = "
                                         "'sentiment' AND value <> 'negative' LIMIT 5")]
        ws.set_human_tags(ids, "sentiment", ["negative"], who="t")
    with Workspace.open(small_workspace) as ws:                   # a human edit: patched in
        assert _figures(ws) == _truth(ws, monkeypatch)
    with Workspace.open(small_workspace) as ws:                   # a deleted row: re-read
        _figures(ws)
        ws.db.execute("DELETE FROM feedback WHERE id = 7")
    with Workspace.open(small_workspace) as ws:
        got = _figures(ws)
        assert got[-1] == 599 and got == _truth(ws, monkeypatch)
    with Workspace.open(small_workspace) as ws:                   # a re-analysis: re-read
        ws.analyze(workers=1, force=True)
    with Workspace.open(small_workspace) as ws:
        assert _figures(ws) == _truth(ws, monkeypatch)


def test_a_busy_workspace_falls_back_to_the_users_cache(small_workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "cache"))
    with Workspace.open(small_workspace) as ws, Workspace.open(small_workspace) as other:
        ws.db.execute("DELETE FROM saved_array_bundles")
        other.db.execute("BEGIN IMMEDIATE")                       # another writer holds the lock
        try:
            got = _figures(ws)
        finally:
            other.db.execute("ROLLBACK")
        assert ws.db.execute("SELECT count(*) FROM saved_array_bundles").fetchone()[0] == 0
        assert list((tmp_path / "cache").rglob("base.npz"))
        assert got == _truth(ws, monkeypatch)


def test_every_codec_gives_back_the_array():
    rng = np.random.default_rng(0)
    sparse = np.full(1000, np.nan)
    sparse[rng.choice(1000, 90, replace=False)] = rng.integers(0, 11, 90)
    arrays = [rng.random(1000) < 0.3, np.arange(-5, 995, dtype=np.int64),
              np.array([0, 2**40], dtype=np.int64), sparse, rng.random(1000),
              np.zeros(0, np.int64), np.zeros(0), np.arange(6, dtype=np.int32).reshape(2, 3)]
    codecs = set()
    for a in arrays:
        enc = facts_saved._encode(a)
        codecs.add(enc[2])
        back = facts_saved._decode(*enc)
        assert back.dtype == a.dtype and back.shape == a.shape
        assert np.array_equal(back, a, equal_nan=a.dtype.kind == "f")
        back[...] = 0                                         # writable, like np.load
    assert codecs == {"zlib", "int32", "sparse", "raw"}


def test_reading_the_rows_gives_the_stored_period_columns_and_customer_groups(small_workspace):
    """_load derives day / week / month from the dates and customer codes from the index:
    the same as the period columns and the same grouping as factorising ``customer_id``."""
    with Workspace.open(small_workspace) as ws:
        db = ws.db
        key = facts_mod._stable_key(db)
        f = facts_mod._load(db, key)
        rows = db.execute("SELECT id, day_n, week_n, month_n, nps, csat, ces, created_ts "
                          "FROM feedback").fetchall()
        assert rows and key[2]
        for fid, d, w, mo, nps, csat, ces, ts in rows:
            assert (f.periods["day"][fid], f.periods["week"][fid], f.periods["month"][fid]) == (
                (d, w, mo) if ts is not None else (-1, -1, -1))
            for got, want in ((f.nps[fid], nps), (f.csat[fid], csat), (f.ces[fid], ces),
                              (f.ts[fid], ts)):
                assert (np.isnan(got) and want is None) or got == want
        old, old_has = facts_mod._codes(db, "customer_id", f.size)
        assert np.array_equal(old_has, f.has_customer) and f.has_customer.any()
        pairs = set(zip(old[f.exists].tolist(), f.cluster[f.exists].tolist(), strict=True))
        assert len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})
