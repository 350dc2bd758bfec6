"""Bad input gets a message naming file, row, column and reason; nothing is half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from vocdesk.engine.errors import Cancelled, InputError
from vocdesk.engine.jobs import CancelFlag
from vocdesk.engine.workspace import Workspace


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.vocdesk") as w:
        yield w


def _write(path, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _fails(ws, path, *parts, **kw):
    before = ws.stats()["feedback"]
    with pytest.raises(InputError) as exc:
        ws.import_file(path, **kw)
    msg = str(exc.value)
    assert str(path) in msg
    for p in parts:
        assert p in msg, msg
    assert ws.stats()["feedback"] == before
    assert ws.stats()["sources"] == 0
    return exc.value


def test_empty_file(ws, tmp_path):
    _fails(ws, _write(tmp_path / "e.csv", ""), "empty")
    _fails(ws, _write(tmp_path / "e2.csv", "\n\n  \n"), "empty")


def test_header_only_file_imports_nothing(ws, tmp_path):
    rep = ws.import_file(_write(tmp_path / "h.csv", "text,date\n"))
    assert (rep.rows_read, rep.rows_imported) == (0, 0)


def test_binary_file(ws, tmp_path):
    _fails(ws, _write(tmp_path / "b.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)),
           "binary file")


def test_unknown_encoding(ws, tmp_path):
    import random

    rnd = random.Random(1)
    _fails(ws, _write(tmp_path / "u.csv", bytes(rnd.randrange(128, 256) for _ in range(3000))),
           "encoding")


def test_not_really_excel(ws, tmp_path):
    _fails(ws, _write(tmp_path / "x.xlsx", "text\nhello\n"), "not one")


def test_broken_quoting_names_the_row(ws, tmp_path):
    path = _write(tmp_path / "q.csv", 'text,date\n"好的",2026-01-01\n"没关上的引号,2026-01-02\n')
    err = _fails(ws, path, "row 3", "quoting")
    assert err.problem.row == 3


def test_stray_quote_mid_field(ws, tmp_path):
    path = _write(tmp_path / "q.csv", 'text,date\n"好的"多余,2026-01-01\n')
    _fails(ws, path, "row 2", "quoting")


def test_bad_rows_are_skipped_with_a_count_and_a_reason(ws, tmp_path):
    big = "长" * 1_048_576
    path = _write(tmp_path / "rows.csv",
                  "text,date,rating,nps\n"
                  "好评,2026-01-01,5,9\n"
                  ",2026-01-02,,\n"                       # row 3: empty text, no score
                  "物流慢,昨天下午,3,\n"                   # row 4: unparseable date
                  "客服差,2026-01-03,五颗星,\n"            # row 5: unparseable score
                  f"{big},2026-01-04,4,\n"                # row 6: a 1 MB cell
                  "推荐,2026-01-05,,11\n"                  # row 7: NPS out of range
                  "只有分数,2026-01-06,,7\n")              # row 8: fine
    rep = ws.import_file(path)
    assert (rep.rows_read, rep.rows_imported, rep.rows_bad) == (7, 2, 5)
    got = {(p.row, p.column) for p in rep.problems}
    assert got == {(3, "text"), (4, "date"), (5, "rating"), (6, "text"), (7, "nps")}
    reasons = {p.row: p.reason for p in rep.problems}
    assert "empty text" in reasons[3]
    assert "昨天下午" in reasons[4]
    assert "五颗星" in reasons[5]
    assert "1,048,576 characters" in reasons[6]
    assert "outside 0–10" in reasons[7]
    assert all(str(path) in str(p) for p in rep.problems)
    assert ws.sources()[0]["rows_bad"] == 5


def test_strict_aborts_and_writes_nothing(ws, tmp_path):
    path = _write(tmp_path / "s.csv", "text,rating\n好,5\n坏,abc\n中,3\n")
    err = _fails(ws, path, "row 3", "rating", strict=True)
    assert err.problem.column == "rating"


def test_too_many_cells_is_reported(ws, tmp_path):
    rep = ws.import_file(_write(tmp_path / "c.csv", "text,rating\n好,5\n坏,1,extra,cells\n"))
    assert rep.rows_bad == 1 and "more cells" in rep.problems[0].reason


def test_json_errors_name_the_line(ws, tmp_path):
    _fails(ws, _write(tmp_path / "s.jsonl", '{"text": "b"}\n{"text": \n'), "row 2", "JSON",
           strict=True)
    _fails(ws, _write(tmp_path / "j.json", '[{"text": "a"},'), "not valid JSON")
    rep = ws.import_file(_write(tmp_path / "j.jsonl", '{"text": "a"}\n{"text": \n'))
    assert rep.rows_imported == 1 and rep.problems[0].row == 2       # one bad row, reported
    assert "JSON" in rep.problems[0].reason


def test_cancel_rolls_back_everything(ws, tmp_path):
    rows = "\n".join(f"第{i}条反馈，物流有点慢" for i in range(20000))
    path = _write(tmp_path / "big.csv", "text\n" + rows + "\n")

    class CancelAfterFirstChunk(CancelFlag):
        def update(self, done, total=None, message=""):
            super().update(done, total, message)
            self.cancel()

    with pytest.raises(Cancelled):
        ws.import_file(path, progress=CancelAfterFirstChunk())
    assert ws.stats()["feedback"] == 0 and ws.stats()["sources"] == 0


@pytest.mark.slow
def test_killed_import_leaves_the_workspace_unchanged(tmp_path):
    ws_path = tmp_path / "w.vocdesk"
    small = _write(tmp_path / "small.csv", "text\n第一条\n第二条\n")
    with Workspace.create(ws_path) as ws:
        ws.import_file(small)
    rows = "\n".join(f"第{i}条反馈，物流有点慢，客服电话打不通{i % 97}" for i in range(600_000))
    big = _write(tmp_path / "big.csv", "text\n" + rows + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "vocdesk", "import", str(ws_path), str(big)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = ws_path.with_name(ws_path.name + "-wal")
    deadline = time.monotonic() + 60
    # Kill it once it is writing into the WAL (the transaction is open and half done).
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 2_000_000:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Workspace.open(ws_path) as ws:
        assert ws.stats()["feedback"] == 2
        assert len(ws.sources()) == 1
        assert ws.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # a big import streams and rebuilds the indexes at its end: the kill undid the drop
        names = {r[0] for r in ws.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'feedback'")}
        assert {"feedback_created_ts", "feedback_channel", "feedback_customer"} <= names


def test_problems_speak_the_users_language(ws, tmp_path):
    from vocdesk import i18n

    path = _write(tmp_path / "zh.csv", "text,rating\n好,5\n坏,abc\n")
    before = i18n.language()
    try:
        i18n.set_language("zh_CN")
        rep = ws.import_file(path)
        assert str(rep.problems[0]).endswith("第 3 行, 列 'rating': rating 'abc' 不是数字")
        with pytest.raises(InputError, match="文件为空"):
            ws.import_file(_write(tmp_path / "empty.csv", ""))
    finally:
        i18n.set_language(before)
