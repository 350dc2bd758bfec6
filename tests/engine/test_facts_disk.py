"""The column arrays saved between sessions in the user's cache (store/facts_disk.py) give
exactly what reading the workspace gives, follow edits made since, and are never another
workspace's. The cache is the fallback for a workspace that cannot keep them inside the file
(read-only, busy); here the in-file arrays (store/facts_saved.py, tested in
test_facts_saved.py) are switched off so the fallback is what runs."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import build_workspace
from vocdesk.engine.store import array_aggregates as arr
from vocdesk.engine.store import facts as facts_mod
from vocdesk.engine.store import facts_saved
from vocdesk.engine.workspace import Workspace


@pytest.fixture(autouse=True)
def _no_arrays_in_the_file(monkeypatch):
    monkeypatch.setattr(facts_saved, "_writable", lambda db: False)
    monkeypatch.setattr(facts_saved, "load", lambda db, bundle, key: None)


def _figures(ws):
    sel = ws.metrics.selection()
    return (arr.group_sentiment(ws.db, sel, "touchpoint"), arr.group_scores(ws.db, sel, "channel"),
            arr.facet_counts(ws.db, sel, "sentiment"), arr.facet_counts(ws.db, sel, "category"))


def _strip(fig):
    sent, scores, a, b = fig
    return ({k: {i: v for i, v in d.items() if i != "means"} for k, d in sent.items()},
            scores, a, b)


def _no_reading(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("read from the workspace instead of the saved arrays")
    monkeypatch.setattr(facts_mod, "_load", refuse)
    monkeypatch.setattr(facts_mod, "_load_facet", refuse)


def test_second_session_reads_the_saved_arrays(small_workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "cache"))
    with Workspace.open(small_workspace) as ws:
        first = _strip(_figures(ws))
    assert list((tmp_path / "cache" / "facts").glob("*/base.npz"))
    with monkeypatch.context() as m:
        _no_reading(m)
        with Workspace.open(small_workspace) as ws:
            assert _strip(_figures(ws)) == first


def test_edits_made_after_saving_are_applied(small_workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "cache"))
    with Workspace.open(small_workspace) as ws:
        _figures(ws)
        ids = [i for i, in ws.db.execute("SELECT feedback_id FROM tag_effective WHERE facet = "
                                         "'sentiment' AND value <> 'negative' LIMIT 7")]
        ws.set_human_tags(ids, "sentiment", ["negative"], who="t")
    with Workspace.open(small_workspace) as ws:      # a new session: arrays from the files
        got = _strip(_figures(ws))
        facts_mod._CACHE.pop(ws.db, None)
        monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "none"))
        truth = _strip(_figures(ws))                  # read from the workspace
    assert got[2] == truth[2] and got[0] == truth[0]


def test_a_new_workspace_at_the_same_path_never_reads_the_old_arrays(tmp_path, monkeypatch):
    monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "w.vocdesk"
    build_workspace(path, n=40)
    with Workspace.open(path) as ws:
        old = _strip(_figures(ws))
    for side in path.parent.glob("w.vocdesk*"):
        side.unlink()
    build_workspace(path, n=41)                       # other rows, same path
    with Workspace.open(path) as ws:
        new = _strip(_figures(ws))
        facts_mod._CACHE.pop(ws.db, None)
        monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "none"))
        truth = _strip(_figures(ws))
    assert new == truth != old


def test_a_broken_file_falls_back_to_reading(small_workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "cache"))
    with Workspace.open(small_workspace) as ws:
        truth = _strip(_figures(ws))
    for f in (tmp_path / "cache").rglob("*.npz"):
        f.write_bytes(b"not a zip")
    with Workspace.open(small_workspace) as ws:
        assert _strip(_figures(ws)) == truth
        assert np.asarray(facts_mod.facts(ws.db).exists).sum() == 600


def test_analysis_leaves_the_arrays_ready_for_the_first_page(tmp_path, monkeypatch):
    """After analysis the first aggregate of a new session reads the saved arrays, never the
    rows (at 1M rows that read was 5 s while the user waited for the first page)."""
    monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "cache"))
    path = build_workspace(tmp_path / "w.vocdesk", n=50)          # imports, then analyses
    assert list((tmp_path / "cache" / "facts").glob("*/base.npz"))
    with monkeypatch.context() as m:
        _no_reading(m)
        with Workspace.open(path) as ws:
            got = _strip(_figures(ws))
    with Workspace.open(path) as ws:
        facts_mod._CACHE.pop(ws.db, None)
        monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "none"))
        assert got == _strip(_figures(ws))                        # same as reading the rows


def test_edited_pairs_stay_in_value_then_row_order(small_workspace, monkeypatch, tmp_path):
    """Readers slice the pairs value by value (a report's counts, the primary value): an
    edit must land inside its value's slice, in row order, as a fresh read would put it."""
    monkeypatch.setenv("VOCDESK_CACHE_DIR", str(tmp_path / "cache"))
    with Workspace.open(small_workspace) as ws:
        facts_mod.facet_pairs(ws.db, "category")                 # loaded before the edits
        ids = [i for i, in ws.db.execute("SELECT feedback_id FROM tag_effective WHERE facet = "
                                         "'category' ORDER BY feedback_id DESC LIMIT 5")]
        ws.set_human_tags(ids[:3], "category", ["客服服务"], who="t")
        ws.set_human_tags(ids[3:], "category", ["一个新的类别"], who="t")
        got = facts_mod.facet_pairs(ws.db, "category")
        fresh = facts_mod._load_facet(ws.db, "category")
    key = (got.codes.astype(np.int64) << 32) | got.ids
    assert np.all(np.diff(key) > 0)                                # sorted, no duplicates
    assert {(got.values[c], i) for c, i in zip(got.codes, got.ids, strict=True)} == \
        {(fresh.values[c], i) for c, i in zip(fresh.codes, fresh.ids, strict=True)}
