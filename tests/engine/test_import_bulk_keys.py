"""Bulk appends without the unique key index: the same rows, duplicates and errors as with it
(issue 9), and the m0014 rebuild of the table keeps every row, id, tag and index."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from vocdesk.engine.store.keyset import SortedKeys
from vocdesk.engine.workspace import Workspace


def test_sorted_keys_answer_like_a_set():
    rng = np.random.default_rng(3)
    ref: set[int] = set()
    keys = SortedKeys([5, -7])
    ref.update([5, -7])
    for _ in range(60):
        chunk = rng.integers(-400, 400, size=int(rng.integers(0, 90))).tolist()
        mask = keys.add_new(chunk).tolist()
        want = []
        for k in chunk:
            want.append(k not in ref)
            ref.add(k)
        assert mask == want
    assert len(keys) == len(ref)


def _write(path, rows):
    path.write_text("评论,时间,渠道,NPS\n" + "".join(
        f"{t},2026-03-{d:02d} 10:00:00,问卷,{n}\n" for t, d, n in rows), encoding="utf-8")


def test_a_bulk_import_skips_duplicates_within_the_file_and_against_the_table(tmp_path,
                                                                              monkeypatch):
    from vocdesk.engine.importers import feedback_import
    from vocdesk.engine.store import feedback as store_feedback

    monkeypatch.setattr(store_feedback, "BULK_MIN_ROWS", 10)
    monkeypatch.setattr(feedback_import, "CHUNK", 7)
    first = tmp_path / "a.csv"
    _write(first, [(f"第{i}条意见", 1 + i % 20, i % 11) for i in range(12)])
    rows = [(f"第{i}条意见", 1 + i % 20, i % 11) for i in range(40)]
    rows += rows[15:25] + rows[:3]               # repeated in the file, and already stored
    second = tmp_path / "b.csv"
    _write(second, rows)
    with Workspace.create(tmp_path / "w.vocdesk") as ws:
        assert ws.imports.import_file(first).rows_imported == 12
        rep = ws.imports.import_file(second)
        assert (rep.rows_read, rep.rows_imported, rep.rows_duplicate) == (53, 28, 25)
        keys = [k for (k,) in ws.db.execute("SELECT dedupe_key FROM feedback")]
        assert len(keys) == len(set(keys)) == 40
        ids = [i for (i,) in ws.db.execute("SELECT id FROM feedback ORDER BY id")]
        assert ids == list(range(1, 41))        # the first row of a key wins, in file order
        with pytest.raises(sqlite3.IntegrityError):    # the unique index is back
            ws.db.execute("INSERT INTO feedback (dedupe_key, text, content_hash) "
                          "VALUES (?, 'x', 'h')", [keys[0]])
        assert ws.browse.search("第39条").tolist() == [40]


def test_m0014_rebuilds_the_table_keeping_rows_tags_and_indexes(tmp_path):
    from sqlite_utils import Database

    from vocdesk.engine.store.migrations import MIGRATIONS

    path = tmp_path / "old.vocdesk"
    db = Database(sqlite3.connect(str(path), isolation_level=None))
    db.enable_wal()
    MIGRATIONS.apply(db, stop_before="m0014_dedupe_key_index")
    db.execute("INSERT INTO sources (id, file_name, imported_at) VALUES (1, 'x', '2025')")
    db.execute("INSERT INTO feedback (id, source_id, dedupe_key, text, created_ts, "
               "content_hash, day_n) VALUES (7, 1, 42, '快递慢', 1761931800, 'h', 20392)")
    db.execute("INSERT INTO human_tags VALUES (7, 'sentiment', 'negative', 'a', '2025', "
               "'analyst', 0)")
    db.execute("INSERT INTO tag_effective VALUES (7, 'sentiment', 'negative', 1.0, 'human')")
    before = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                       "AND tbl_name = 'feedback' AND sql IS NOT NULL")}
    db.close()
    with Workspace.open(path) as ws:
        got = ws.db.execute("SELECT id, dedupe_key, text, day_n FROM feedback").fetchall()
        assert got == [(7, 42, "快递慢", 20392)]
        assert ws.db.execute("SELECT count(*) FROM human_tags").fetchone()[0] == 1
        assert ws.db.execute("SELECT count(*) FROM tag_effective").fetchone()[0] == 1
        after = {n for (n,) in ws.db.execute("SELECT name FROM sqlite_master WHERE type = "
                                             "'index' AND tbl_name = 'feedback'")}
        assert after == (before - {"feedback_source"}) | {"feedback_dedupe_key"}
        assert ws.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert ws.db.execute("PRAGMA foreign_key_check").fetchall() == []
        with pytest.raises(sqlite3.IntegrityError):
            ws.db.execute("INSERT INTO feedback (dedupe_key, text, content_hash) "
                          "VALUES (42, 'y', 'h')")


def test_a_chunk_of_only_rejected_rows_inserts_nothing(tmp_path):
    from vocdesk.engine.store import feedback as store_feedback

    with Workspace.create(tmp_path / "w.vocdesk") as ws:
        empty = {"source_id": [], "dedupe_key": [], "text": [], "content_hash": []}
        assert store_feedback.insert_feedback_columns(ws.db, empty) == 0
        assert store_feedback.insert_feedback_columns(ws.db, empty, SortedKeys()) == 0
