"""Corruption, backups, concurrent writers, worker lifetime and PII outside the text column."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vocdesk.cli import main
from vocdesk.engine.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]


def run(*args) -> int:
    return main([str(a) for a in args])


def _rows_file(tmp_path: Path, n: int, name: str = "rows.csv") -> Path:
    f = tmp_path / name
    f.write_text("评论,评分\n" + "".join(f"第{i}条：物流很快，包装很好，客服耐心解答问题,{i % 5 + 1}\n"
                                         for i in range(n)), encoding="utf-8")
    return f


@pytest.fixture
def ws(tmp_path) -> Path:
    path = tmp_path / "w.vocdesk"
    assert run("init", path) == 0
    assert run("import", path, _rows_file(tmp_path, 3000)) == 0
    return path


# --- corruption ----------------------------------------------------------------------------

def _page_of_feedback(path: Path) -> int:
    """A page number in the middle of the feedback table's b-tree (deterministic)."""
    con = sqlite3.connect(path)
    try:
        pages = [r[0] for r in con.execute(
            "SELECT pageno FROM dbstat WHERE name = 'feedback' ORDER BY pageno")]
        size = con.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.OperationalError:
        pytest.skip("SQLite built without dbstat")
    finally:
        con.close()
    return pages[len(pages) // 2], size


@pytest.mark.parametrize("damage", ["random64", "zero_page"])
def test_damaged_workspace_is_refused(ws, tmp_path, damage, capsys):
    assert run("backup", ws) == 0
    page, size = _page_of_feedback(ws)
    data = bytearray(ws.read_bytes())
    start = (page - 1) * size
    if damage == "random64":
        rng = random.Random(13)
        off = start + 8
        data[off:off + 64] = bytes(rng.randrange(256) for _ in range(64))
    else:
        data[start:start + size] = bytes(size)
    ws.write_bytes(bytes(data))
    capsys.readouterr()
    assert run("check", ws) == 1
    out = capsys.readouterr().out
    assert "DAMAGED" in out and "backup" in out
    for cmd in (("stats", ws), ("export", ws, tmp_path / "o.csv"),
                ("import", ws, _rows_file(tmp_path, 2, "more.csv"))):
        assert run(*cmd) == 1
        err = capsys.readouterr().err
        assert "damaged" in err and "backup" in err and "Traceback" not in err
    assert not (tmp_path / "o.csv").exists()


def test_zero_byte_workspace_is_refused(tmp_path, capsys):
    empty = tmp_path / "e.vocdesk"
    empty.write_bytes(b"")
    for cmd in (("stats", empty), ("export", empty, tmp_path / "o.csv"),
                ("import", empty, _rows_file(tmp_path, 2)), ("analyze", empty),
                ("check", empty), ("backup", empty)):
        assert run(*cmd) != 0
        assert "empty (0 bytes)" in capsys.readouterr().err
    assert empty.stat().st_size == 0


def test_backup_command_and_check_ok(ws, tmp_path, capsys):
    out = tmp_path / "copy.vocdesk"
    assert run("backup", ws, out) == 0
    assert run("check", out) == 0 and "ok" in capsys.readouterr().out
    with Workspace.open(out, readonly=True) as w:
        assert w.stats()["feedback"] == 3000
    assert not list(tmp_path.glob("*.part"))


def test_crash_is_detected_by_a_stale_wal(ws, tmp_path):
    from vocdesk.engine.store.integrity import crash_suspected

    assert not crash_suspected(ws)
    code = ("import sqlite3, os, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('CREATE TABLE IF NOT EXISTS t(x)'); c.execute('INSERT INTO t VALUES (1)'); "
            "c.commit(); os.kill(os.getpid(), 9)")
    subprocess.run([sys.executable, "-c", code, str(ws)])
    assert crash_suspected(ws)
    with Workspace.open(ws) as w:   # quick_check ran and passed: the file is sound
        assert w.stats()["feedback"] == 3000


def test_automatic_backup_before_taxonomy_replace_and_bulk_retag(ws, tmp_path):
    with Workspace.open(ws) as w:
        w.set_taxonomy(w.taxonomy)
        assert len(list(tmp_path.glob("w.backup-*-taxonomy.vocdesk"))) == 1
        w.set_human_tags(list(range(1, 601)), "sentiment", ["positive"])
        assert len(list(tmp_path.glob("w.backup-*-retag*.vocdesk"))) == 1
        w.set_human_tags([1, 2], "sentiment", ["negative"])   # small edit: no backup
        assert len(list(tmp_path.glob("w.backup-*-retag*.vocdesk"))) == 1


def test_automatic_backup_before_migration(tmp_path):
    from sqlite_utils import Database

    from vocdesk.engine.store.database import open_database

    path = tmp_path / "old.vocdesk"
    assert run("init", path) == 0
    db = Database(sqlite3.connect(path))
    last = db.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    db.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [last])
    db.conn.commit()
    db.close()
    try:
        open_database(path).close()
    except sqlite3.OperationalError:
        pass    # re-running the last migration on its own tables may fail; the backup came first
    assert list(tmp_path.glob("old.backup-*-migration.vocdesk"))


# --- concurrent use -------------------------------------------------------------------------

def test_two_imports_at_once_do_not_traceback(ws, tmp_path):
    files = [_rows_file(tmp_path, 20000, f"c{i}.csv") for i in range(2)]
    procs = [subprocess.Popen([sys.executable, "-m", "vocdesk", "import", str(ws), str(f)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in files]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    for _out, err, rc in results:
        assert rc == 0, err
        assert "Traceback" not in err
    with Workspace.open(ws, readonly=True) as w:
        assert w.stats()["feedback"] == 20000   # both files hold the same 20,000 rows


def test_a_held_write_lock_gives_a_waiting_message_not_an_error(ws, tmp_path):
    code = ("import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
            "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(float(sys.argv[2]));"
            "c.execute('ROLLBACK')")
    holder = subprocess.Popen([sys.executable, "-c", code, str(ws), "12"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    res = subprocess.run([sys.executable, "-m", "vocdesk", "import", str(ws),
                          str(_rows_file(tmp_path, 5, "late.csv"))],
                         capture_output=True, text=True, timeout=300)
    holder.wait(timeout=60)
    assert res.returncode == 0, res.stderr
    assert "waiting for another import" in res.stderr


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:   # a zombie is dead for our purpose
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_analyze(tmp_path):
    path = tmp_path / "big.vocdesk"
    assert run("init", path) == 0
    assert run("import", path, _rows_file(tmp_path, 40000)) == 0
    env = {**os.environ, "VOCDESK_WORKERS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "vocdesk", "analyze", str(path)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    for _ in range(600):   # wait until the workers exist (bounded poll)
        try:
            kids = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        except OSError:
            kids = []
        workers = [int(k) for k in kids]
        if len(workers) >= 2:
            break
        time.sleep(0.1)
    assert len(workers) >= 2, "analyze did not start its workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for _ in range(300):
        if not any(_alive(w) for w in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


# --- privacy --------------------------------------------------------------------------------

def test_hash_and_keys_are_of_the_redacted_text(tmp_path):
    import hashlib

    path = tmp_path / "p.vocdesk"
    assert run("init", path) == 0
    f = tmp_path / "pii.csv"
    f.write_text("评论\n请打13812345678联系我\n", encoding="utf-8")
    assert run("import", path, f) == 0
    with Workspace.open(path, readonly=True) as w:
        row = w.feedback([1])[0]
    assert "13812345678" not in row["text"]
    raw_hash = hashlib.sha1("请打13812345678联系我".encode()).hexdigest()
    assert row["content_hash"] == hashlib.sha1(row["text"].encode()).hexdigest() != raw_hash
    assert b"13812345678" not in path.read_bytes()


def test_pii_outside_the_text_column(tmp_path, capsys):
    path = tmp_path / "p.vocdesk"
    assert run("init", path) == 0
    fb = tmp_path / "fb.csv"
    fb.write_text("评论,客户id,门店,备注,评分,时间\n"
                  "很好,13912345678,北京朝阳店 电话010-62345678,联系 zhang.wei@qq.com,5,2026-01-01\n"
                  "太慢,13912345678,上海店,,1,坏日期 13700001111\n", encoding="utf-8")
    cu = tmp_path / "cu.csv"
    cu.write_text("客户id,会员等级,备注\n13912345678,金卡,家住 手机13600001111\n", encoding="utf-8")
    assert run("import", path, fb, "--dry-run") == 0
    dry = capsys.readouterr()
    assert run("import", path, fb) == 0
    real = capsys.readouterr()
    assert run("import", path, cu, "--as", "customers") == 0
    capsys.readouterr()
    for secret in ("13912345678", "62345678", "zhang.wei@qq.com", "13700001111", "13600001111"):
        assert secret not in dry.out + dry.err + real.out + real.err
    raw = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for secret in ("13912345678", "62345678", "zhang.wei@qq.com", "13700001111", "13600001111"):
        assert secret.encode() not in raw, secret
    with Workspace.open(path, readonly=True) as w:
        row = w.feedback([1])[0]
        assert row["customer_id"].startswith("pid_")
        assert w.customer(row["customer_id"]) is not None     # the join still works
        assert "[电话]" in row["store"] and "[邮箱]" in json.dumps(row["attributes"],
                                                                  ensure_ascii=False)


def test_migration_m0006_rehashes_redacted_text(tmp_path):
    import hashlib

    path = tmp_path / "old.vocdesk"
    assert run("init", path) == 0
    f = tmp_path / "pii.csv"
    f.write_text("评论,时间\n请打13812345678联系我,2026-01-01\n请打13812340000联系我,2026-01-02\n",
                 encoding="utf-8")
    assert run("import", path, f) == 0
    con = sqlite3.connect(path)
    raw = {1: "请打13812345678联系我", 2: "请打13812340000联系我"}
    for fid, text in raw.items():   # what an older vocdesk stored: hashes of the raw text
        con.execute("UPDATE feedback SET content_hash = ?, dedupe_key = ?, created_at = ? "
                    "WHERE id = ?", [hashlib.sha1(text.encode()).hexdigest(), 1000 + fid,
                                     "2026-01-01T00:00:00+08:00", fid])
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm0006_hashes_of_redacted_text'")
    con.commit()
    con.close()
    with Workspace.open(path) as w:
        rows = w.feedback([1, 2])
    assert len(rows) == 2           # same redacted text and time: the collision kept both
    assert {r["content_hash"] for r in rows} == {hashlib.sha1("请打[手机号]联系我".encode()).hexdigest()}
    assert len({r["dedupe_key"] for r in rows}) == 2
    assert list(tmp_path.glob("old.backup-*-migration.vocdesk"))


def test_disk_full_during_analysis_is_one_line(ws, monkeypatch, capsys):
    from vocdesk.engine.store import tags as store_tags

    def full(*a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_tags, "replace_auto_tags", full)
    capsys.readouterr()
    assert run("analyze", ws) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and len(err.strip().splitlines()) == 1


def test_migration_m0006_pseudonymises_old_pii_ids(tmp_path):
    path = tmp_path / "old.vocdesk"
    assert run("init", path) == 0
    fb = tmp_path / "fb.csv"
    fb.write_text("评论,客户id\n很好,13912345678\n", encoding="utf-8")
    cu = tmp_path / "cu.csv"
    cu.write_text("客户id,会员等级\n13912345678,金卡\n", encoding="utf-8")
    assert run("import", path, fb) == 0 and run("import", path, cu, "--as", "customers") == 0
    con = sqlite3.connect(path)     # what an older vocdesk stored: the raw phone as the id
    con.execute("UPDATE feedback SET customer_id = '13912345678'")
    con.execute("UPDATE customers SET customer_id = '13912345678'")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm0006_hashes_of_redacted_text'")
    con.commit()
    con.close()
    with Workspace.open(path) as w:
        cid = w.feedback([1])[0]["customer_id"]
        assert cid.startswith("pid_") and w.customer(cid) is not None
    con = sqlite3.connect(path)
    assert not con.execute("SELECT count(*) FROM customers WHERE customer_id = '13912345678'"
                           ).fetchone()[0]
    con.close()
    # nothing beside or inside the file keeps the raw number: not the pre-migration backup,
    # not SQLite's freed pages (a backup of the migrated file is there instead)
    backups = list(tmp_path.glob("old.backup-*-migration.vocdesk"))
    assert backups
    for f in [path, *backups, *tmp_path.glob("old.vocdesk-*")]:
        assert b"13912345678" not in f.read_bytes(), f
