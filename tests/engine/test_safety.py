"""Hostile and broken input files: each gives exit 3 and one line, never a crash or data loss.

Bombs are generated at test time (nothing binary is committed). Anything that could abort the
interpreter if the check failed (calamine allocating for a forged dimension) runs in a
subprocess.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from vocdesk.cli import main
from vocdesk.engine.workspace import Workspace


def run(*args) -> int:
    return main([str(a) for a in args])


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vocdesk", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def ws(tmp_path) -> Path:
    path = tmp_path / "w.vocdesk"
    assert run("init", path) == 0
    return path


def _rows(ws: Path) -> list[dict]:
    with Workspace.open(ws, readonly=True) as w:
        return w.feedback(list(range(1, 10_000)))


def _small_xlsx(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    for r in rows:
        sheet.append(r)
    wb.save(path)
    return path


def _rewrite_member(path: Path, member: str, fn) -> None:
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            zf.writestr(info.filename, fn(data) if info.filename == member else data)


def _one_clear_line(res: subprocess.CompletedProcess) -> str:
    assert res.returncode == 3, res.stderr
    assert "Traceback" not in res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and len(lines[0]) < 600, res.stderr
    return lines[0]


# --- files that crash or run away ---------------------------------------------------------

def test_forged_dimension_refused(ws, tmp_path):
    x = _small_xlsx(tmp_path / "dim.xlsx", [["评论", "评分"], ["很好", 5]])
    _rewrite_member(x, "xl/worksheets/sheet1.xml",
                    lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d))
    line = _one_clear_line(cli("import", ws, x))
    assert "1,048,576 rows" in line and "16,384 columns" in line
    assert _rows(ws) == []


def test_forged_shared_string_count_refused(ws, tmp_path):
    x = _small_xlsx(tmp_path / "sst.xlsx", [["评论", "评分"], ["很好", 5]])
    sst = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
           b'2006/main" count="4294967295" uniqueCount="4294967295"><si><t>a</t></si></sst>')
    with zipfile.ZipFile(x, "a") as zf:
        if "xl/sharedStrings.xml" not in zf.namelist():
            zf.writestr("xl/sharedStrings.xml", sst)
    assert "shared-strings" in _one_clear_line(cli("import", ws, x))


def test_zip_bomb_refused_before_unpacking(ws, tmp_path):
    """1.5 GB of sheet XML in a few MB: refused from the zip directory, never inflated."""
    x = _small_xlsx(tmp_path / "bomb.xlsx", [["评论"], ["很好"]])
    with zipfile.ZipFile(x) as zf:
        items = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    row = b'<row><c t="inlineStr"><is><t>a</t></is></c></row>' * 20000
    with zipfile.ZipFile(x, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in items:
            if name != "xl/worksheets/sheet1.xml":
                zf.writestr(name, data)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            written = 0
            while written < 1_500_000_000:
                fh.write(row)
                written += len(row)
            fh.write(b"</sheetData></worksheet>")
    assert x.stat().st_size < 20_000_000
    line = _one_clear_line(cli("import", ws, x))
    assert "zip bomb" in line


def test_json_nested_10000_deep(ws, tmp_path):
    f = tmp_path / "deep.json"
    f.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    assert "nested" in _one_clear_line(cli("import", ws, f))
    f2 = tmp_path / "deep.jsonl"
    f2.write_text('{"text": ' + "[" * 10_000 + "]" * 10_000 + "}\n", encoding="utf-8")
    assert "nested" in _one_clear_line(cli("import", ws, f2))


def test_50mb_line_refused_with_a_short_message(ws, tmp_path):
    f = tmp_path / "long.csv"
    f.write_bytes(b"x" * 50_000_000)
    line = _one_clear_line(cli("import", ws, f))
    assert "no line break" in line


def test_nul_in_first_8kb_is_not_utf16(ws, tmp_path, capsys):
    f = tmp_path / "nul.csv"
    f.write_bytes("评论,评分\n物流很快\x00,5\n包装很好,4\n".encode())
    assert run("import", ws, f) == 0
    texts = sorted(r["text"] for r in _rows(ws))
    assert texts == ["包装很好", "物流很快"]


def test_nul_after_8kb_does_not_break_xlsx_export(ws, tmp_path):
    f = tmp_path / "nul2.csv"
    body = "".join(f"第{i}条评论，质量不错\n" for i in range(600))
    f.write_bytes(("评论\n" + body + "坏\x00掉了\n").encode())
    assert run("import", ws, f) == 0
    assert run("export", ws, tmp_path / "out.xlsx") == 0
    from openpyxl import load_workbook

    texts = [r[2] for r in load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True)]
    assert "坏掉了" in texts


# --- silent data loss ----------------------------------------------------------------------

def test_traditional_chinese_headers(ws, tmp_path):
    f = tmp_path / "tw.csv"
    f.write_text("評論,評分,時間,門市\n服務很好,5,2026-03-01,台北店\n太慢了,1,2026-03-02,高雄店\n",
                 encoding="utf-8")
    assert run("import", ws, f) == 0
    rows = _rows(ws)
    assert sorted(r["text"] for r in rows) == ["太慢了", "服務很好"]
    assert sorted(r["store"] for r in rows) == ["台北店", "高雄店"]
    assert {r["rating"] for r in rows} == {5, 1}


def test_big5_file_keeps_every_row(ws, tmp_path):
    f = tmp_path / "big5.csv"
    body = "".join(f"第{i}個評論，服務還不錯，價格實惠,{i % 5 + 1}\n" for i in range(200))
    f.write_bytes(("內容,評分\n" + body).encode("big5"))
    assert run("import", ws, f) == 0
    assert len(_rows(ws)) == 200


def test_header_with_zero_width_space(ws, tmp_path):
    f = tmp_path / "zw.csv"
    f.write_text("\u200b评论\u200d,评分\n好,5\n差,1\n一般,3\n", encoding="utf-8")
    assert run("import", ws, f) == 0
    assert sorted(r["text"] for r in _rows(ws)) == ["一般", "好", "差"]


def test_rows_without_text_are_not_deduplicated_into_one(ws, tmp_path):
    f = tmp_path / "scores.csv"
    f.write_text("评分,时间,推荐\n5,2026-03-01,9\n4,2026-03-01,7\n3,2026-03-01,8\n",
                 encoding="utf-8")
    assert run("import", ws, f) == 0
    assert len(_rows(ws)) == 3


def test_duplicate_json_key_is_reported(ws, tmp_path, capsys):
    f = tmp_path / "dup.json"
    f.write_text('[{"text": "第一", "text": "第二", "rating": 4}]', encoding="utf-8")
    assert run("import", ws, f) == 0
    assert "duplicate JSON keys" in capsys.readouterr().out


def test_formula_cell_without_cached_value_is_reported(ws, tmp_path, capsys):
    x = _small_xlsx(tmp_path / "f.xlsx", [["评论", "评分"], ["很好", 5], ["=A2&\"!\"", 4]])
    assert run("import", ws, x) == 0
    out = capsys.readouterr().out
    assert "formula cells have no saved value" in out and "rows 3" in out


# --- disks and permissions -----------------------------------------------------------------

@pytest.fixture
def tmpfs(tmp_path):
    """A small tmpfs mounted for the test (root only); skipped where mounting is impossible."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1500k", "tmpfs", str(mnt)],
                         capture_output=True)
    if res.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _demo_rows(tmp_path: Path, n: int) -> Path:
    f = tmp_path / "rows.csv"
    f.write_text("评论,评分\n" + "".join(f"第{i}条：物流很快，包装很好，客服耐心,{i % 5 + 1}\n"
                                         for i in range(n)), encoding="utf-8")
    return f


def test_workspace_on_a_read_only_mount(tmp_path, tmpfs, capsys):
    ws = tmpfs / "w.vocdesk"
    assert run("init", ws) == 0
    assert run("import", ws, _demo_rows(tmp_path, 20)) == 0
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    capsys.readouterr()
    assert run("stats", ws) == 0
    assert "20 feedback rows" in capsys.readouterr().out
    assert run("export", ws, tmp_path / "out.csv") == 0
    assert run("check", ws) == 0
    assert run("import", ws, _demo_rows(tmp_path, 3)) == 1
    err = capsys.readouterr().err
    assert "read-only" in err and "Traceback" not in err


def test_disk_full_during_export_leaves_no_part_file(ws, tmp_path, tmpfs, capsys):
    assert run("import", ws, _demo_rows(tmp_path, 30000)) == 0
    capsys.readouterr()
    out = tmpfs / "out.csv"
    assert run("export", ws, out) == 1
    assert "disk is full" in capsys.readouterr().err
    assert list(tmpfs.iterdir()) == []


def test_disk_full_during_import_changes_nothing(tmp_path, tmpfs, capsys):
    ws = tmpfs / "w.vocdesk"
    assert run("init", ws) == 0
    before = Workspace.open(ws, readonly=True)
    n0 = before.stats()["feedback"]
    before.close()
    status = run("import", ws, _demo_rows(tmp_path, 6000))
    err = capsys.readouterr().err
    assert status == 1 and "disk is full" in err and "Traceback" not in err
    with Workspace.open(ws, readonly=True) as w:
        assert w.stats()["feedback"] == n0


def test_permission_denied_reading_input(ws, tmp_path, monkeypatch, capsys):
    f = _demo_rows(tmp_path, 3)
    real = Path.read_bytes

    def deny(self):
        if self == f:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    assert run("import", ws, f) == 3
    err = capsys.readouterr().err
    assert "ermission denied" in err and len(err.strip().splitlines()) == 1


def test_read_only_file_refused_for_writes_but_readable(ws, tmp_path, monkeypatch, capsys):
    import os

    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m, *a, **k: False if (Path(p) == ws and
                                                                        m == os.W_OK)
                        else real(p, m, *a, **k))
    assert run("stats", ws) == 0
    assert run("import", ws, _demo_rows(tmp_path, 3)) == 1
    assert "read-only" in capsys.readouterr().err


# --- export --------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "＝1+1", "＋1", "－1",
                                   "＠SUM(A1)", "\u200b=cmd|' /C calc'!A0", "\ufeff=1+1",
                                   "\u00a0=HYPERLINK(\"x\")", "\t=1"])
def test_formula_neutralised(value):
    from vocdesk.engine.export import neutralise

    assert neutralise(value).startswith("'")


def test_plain_text_not_neutralised():
    from vocdesk.engine.export import neutralise

    assert neutralise("很好 = 完美") == "很好 = 完美"


def test_control_characters_do_not_break_xlsx_export(ws, tmp_path):
    f = tmp_path / "ctl.jsonl"
    f.write_text(json.dumps({"text": "坏\x0b了\x01吗"}) + "\n" + json.dumps({"text": "好"}) + "\n",
                 encoding="utf-8")
    assert run("import", ws, f) == 0
    assert run("export", ws, tmp_path / "o.xlsx") == 0
    from openpyxl import load_workbook

    texts = [r[2] for r in load_workbook(tmp_path / "o.xlsx").active.iter_rows(values_only=True)]
    assert "坏了吗" in texts


def test_failed_export_leaves_no_part(ws, tmp_path, monkeypatch, capsys):
    import errno

    from vocdesk.engine import export

    assert run("import", ws, _demo_rows(tmp_path, 5)) == 0

    def full(*a, **k):
        (tmp_path / "o.csv.part").write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "_write", full)
    assert run("export", ws, tmp_path / "o.csv") == 1
    assert "disk is full" in capsys.readouterr().err
    assert not (tmp_path / "o.csv.part").exists() and not (tmp_path / "o.csv").exists()
