"""The workspace file: migrations, version refusal, backups, the effective-tag rule, the log."""

from __future__ import annotations

import sqlite3

import pytest

from vocdesk.engine.domain import TagChange
from vocdesk.engine.errors import SchemaTooNew, WorkspaceError
from vocdesk.engine.store import create_database, open_database
from vocdesk.engine.store.migrations import known_names
from vocdesk.engine.store.tags import apply_human_changes, replace_auto_tags
from vocdesk.engine.workspace import Workspace


def _add_row(ws: Workspace, text: str = "快递太慢了") -> int:
    import pandas as pd

    ws.imports.import_dataframe(pd.DataFrame([{"text": text, "channel": "survey"}]), "t")
    return ws.db.execute("SELECT max(id) FROM feedback").fetchone()[0]


def test_new_workspace_is_wal_with_all_migrations(tmp_path):
    db = create_database(tmp_path / "a.vocdesk")
    assert db.journal_mode == "wal"
    applied = [r["name"] for r in db["_sqlite_migrations"].rows]
    assert applied == known_names()


def test_create_refuses_to_overwrite(tmp_path):
    (tmp_path / "a.vocdesk").write_text("x")
    with pytest.raises(WorkspaceError, match="already exists"):
        create_database(tmp_path / "a.vocdesk")


def test_newer_file_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "a.vocdesk"
    db = create_database(path)
    db["_sqlite_migrations"].insert({"migration_set": "vocdesk", "name": "m9999_future",
                                     "applied_at": "2030-01-01"})
    db.close()
    with pytest.raises(SchemaTooNew, match="newer version of vocdesk"):
        open_database(path)


def test_older_file_is_backed_up_before_migrating(tmp_path, monkeypatch):
    from vocdesk.engine.store.migrations import MIGRATIONS

    path = tmp_path / "old.vocdesk"
    db = create_database(path)
    db.execute("INSERT INTO settings (key, value) VALUES ('marker', '1')")
    db.close()

    def m9000_next_release(db):
        db.execute("CREATE TABLE next_release (x INTEGER)")

    # A newer vocdesk knows one more migration than the file has.
    monkeypatch.setattr(MIGRATIONS, "_migrations", list(MIGRATIONS._migrations))
    MIGRATIONS(name="m9000_next_release")(m9000_next_release)
    upgraded = open_database(path)
    assert "next_release" in upgraded.table_names()
    upgraded.close()
    backups = list(tmp_path.glob("old.backup-*.vocdesk"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT value FROM settings WHERE key='marker'").fetchone() == ("1",)
    tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "next_release" not in tables
    old.close()


def test_not_a_workspace(tmp_path):
    p = tmp_path / "x.vocdesk"
    p.write_bytes(b"hello world, not sqlite")
    with pytest.raises(WorkspaceError, match="not a vocdesk workspace"):
        open_database(p)
    other = tmp_path / "y.vocdesk"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(WorkspaceError, match="not a vocdesk workspace"):
        open_database(other)


def test_human_tag_wins_and_survives_reanalysis(tmp_path):
    ws = Workspace.create(tmp_path / "w.vocdesk")
    fid = _add_row(ws)
    replace_auto_tags(ws.db, [fid], [(fid, "sentiment", "negative", 0.9, "m@1", None),
                                     (fid, "category", "物流配送", 0.8, "r1", "[[0, 2]]")], [])
    ws.set_human_tags([fid], "sentiment", ["positive"], who="ana")
    eff = ws.effective_tags([fid])[fid]
    assert eff["sentiment"][0]["value"] == "positive"
    assert eff["sentiment"][0]["origin_kind"] == "human"
    assert eff["category"][0]["origin_kind"] == "auto"
    # analysis rewrites auto tags only
    replace_auto_tags(ws.db, [fid], [(fid, "sentiment", "negative", 0.99, "m@2", None)], [])
    assert ws.effective_tags([fid])[fid]["sentiment"][0]["value"] == "positive"
    # removing the human tag lets the auto tag show again
    ws.set_human_tags([fid], "sentiment", None, who="ana")
    assert ws.effective_tags([fid])[fid]["sentiment"][0]["value"] == "negative"


def test_explicit_none_hides_auto_tags(tmp_path):
    ws = Workspace.create(tmp_path / "w.vocdesk")
    fid = _add_row(ws)
    replace_auto_tags(ws.db, [fid], [(fid, "category", "物流配送", 0.8, "r1", None)], [])
    ws.set_human_tags([fid], "category", [], who="ana")
    assert "category" not in ws.effective_tags([fid]).get(fid, {})


def test_log_is_append_only_and_records_every_change(tmp_path):
    ws = Workspace.create(tmp_path / "w.vocdesk")
    fid = _add_row(ws)
    ws.set_human_tags([fid], "category", ["物流配送", "客服服务"], who="ana")
    ws.set_human_tags([fid], "category", ["客服服务"], who="bo")
    log = ws.tag_log(fid)
    assert [(e["who"], e["new_values"]) for e in log] == [
        ("ana", '["物流配送", "客服服务"]'), ("bo", '["客服服务"]')]
    assert log[1]["old_values"] == '["物流配送", "客服服务"]'
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ws.db.execute("UPDATE human_tag_log SET who = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ws.db.execute("DELETE FROM human_tag_log")


def test_human_value_missing_from_taxonomy_is_added(tmp_path):
    ws = Workspace.create(tmp_path / "w.vocdesk")
    fid = _add_row(ws)
    ws.set_human_tags([fid], "category", ["会员权益"], who="ana")
    values = [v.value for v in ws.taxonomy.facet("category").values]
    assert "会员权益" in values
    assert ws.taxonomy.facet("category").value("会员权益").added_by == "analyst"


def test_apply_changes_is_atomic(tmp_path):
    ws = Workspace.create(tmp_path / "w.vocdesk")
    fid = _add_row(ws)
    bad = [TagChange(fid, "sentiment", None, ("positive",)),
           TagChange(10**9, "sentiment", None, ("positive",))]   # no such row: FK fails
    with pytest.raises(sqlite3.IntegrityError):
        from vocdesk.engine.store.database import transaction

        with transaction(ws.db):
            apply_human_changes(ws.db, bad, who="x", origin="analyst")
    assert ws.tag_log() == []
    assert ws.effective_tags([fid]).get(fid, {}).get("sentiment") is None


def test_save_copy_is_a_standalone_file(tmp_path):
    ws = Workspace.create(tmp_path / "w.vocdesk")
    _add_row(ws)
    copy = ws.save_copy(tmp_path / "copy.vocdesk")
    ws.close()
    with Workspace.open(copy) as other:
        assert other.stats()["feedback"] == 1


def test_rows_in_reads_more_ids_than_one_in_list_holds(tmp_path):
    """The chunked IN (…) helper returns every row, across chunk boundaries, params bound."""
    from vocdesk.engine.store import create_database
    from vocdesk.engine.store.ids import CHUNK, execute_in, rows_in

    db = create_database(tmp_path / "c.vocdesk")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT)")
    n = CHUNK * 2 + 7
    db.conn.executemany("INSERT INTO t VALUES (?, ?)", [(i, "a" if i % 2 else "b")
                                                         for i in range(n)])
    got = list(rows_in(db, "SELECT id FROM t WHERE k = ? AND id IN ({ids})", range(n), ["a"]))
    assert sorted(r[0] for r in got) == [i for i in range(n) if i % 2]
    execute_in(db, "DELETE FROM t WHERE id IN ({ids})", range(0, n, 3))
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == n - len(range(0, n, 3))
    db.close()
