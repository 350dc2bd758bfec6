"""Seeded fuzzing of the importers: exit 0 with a report, or exit 3 with one line — never a
traceback, never a changed workspace on failure.

Valid seed files (CSV in UTF-8/GB18030/UTF-16, TSV, JSON, JSON Lines, XLSX) are mutated the
way files get damaged: flipped and random bytes, truncation, NULs, stray quotes and delimiters,
repeated chunks, brackets, garbled headers, broken zip members. Seeded, so a failure is
reproducible from its case number.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

import pytest

from vocdesk.cli import main
from vocdesk.engine.workspace import Workspace

CASES = 400


def _seeds() -> dict[str, bytes]:
    rows = [("快递太慢了，等了一周才到", 1, "2026-03-01"), ("客服态度很好", 5, "2026-03-02"),
            ("价格有点贵, 但是\"质量\"不错", 3, "2026-03-03"), ("App 闪退 13812345678", 2, "")]
    q = '"'
    csv_text = "评论,评分,时间\n" + "".join(
        q + t.replace(q, q + q) + q + f",{r},{d}\n" for t, r, d in rows)
    out = {"a.csv": csv_text.encode("utf-8"), "b.csv": csv_text.encode("gb18030"),
           "c.csv": csv_text.encode("utf-16"),
           "d.tsv": csv_text.replace(",", "\t").encode("utf-8"),
           "e.json": json.dumps([{"text": t, "rating": r, "date": d} for t, r, d in rows],
                                ensure_ascii=False).encode("utf-8"),
           "f.jsonl": "\n".join(json.dumps({"text": t, "rating": r}, ensure_ascii=False)
                                for t, r, _ in rows).encode("utf-8")}
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(["评论", "评分", "时间"])
    for r in rows:
        sheet.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    out["g.xlsx"] = buf.getvalue()
    return out


def _mutate(rng: random.Random, name: str, data: bytes) -> bytes:
    b = bytearray(data)
    if name.endswith(".xlsx") and rng.random() < 0.5:
        return _mutate_zip(rng, data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(9)
        pos = rng.randrange(len(b) + 1)
        if op == 0 and b:
            b[min(pos, len(b) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 2:
            del b[pos:]
        elif op == 3:
            b[pos:pos] = b"\x00" * rng.randint(1, 3)
        elif op == 4:
            b[pos:pos] = rng.choice([b'"', b",", b"\t", b"\r", b"\n", b"\"\"\"", b"{", b"["])
        elif op == 5 and b:
            chunk = bytes(b[pos:pos + rng.randint(1, 50)])
            b[pos:pos] = chunk * rng.randint(2, 200)
        elif op == 6:
            b[pos:pos] = b"[" * rng.randint(100, 3000)
        elif op == 7:
            nl = b.find(b"\n")
            if nl > 0:
                b[:nl] = bytes(rng.randrange(32, 127) for _ in range(nl))
        else:
            b[pos:pos] = "評論\u200b＝SUM(A1)\ufeff".encode()
    return bytes(b)


def _mutate_zip(rng: random.Random, data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/") and rng.random() < 0.8:
                m = bytearray(member)
                for _ in range(rng.randint(1, 3)):
                    p = rng.randrange(len(m))
                    m[p:p + rng.randint(1, 10)] = rng.choice(
                        [b"<", b">", b"\x00", b'ref="A1:XFD1048576"', b"<f>A1</f>", b""])
                member = bytes(m)
            elif rng.random() < 0.05:
                continue   # a member missing
            dst.writestr(info.filename, member)
    return buf.getvalue()


def _state(ws: Path) -> tuple:
    with Workspace.open(ws, readonly=True) as w:
        st = w.stats()
        return (st["feedback"], st["sources"], json.dumps(st, sort_keys=True, default=str))


def test_fuzz_importers(tmp_path, capsys):
    ws = tmp_path / "w.vocdesk"
    assert main(["init", str(ws)]) == 0
    seeds = _seeds()
    rng = random.Random(20261202)
    counts = {"ok": 0, "refused": 0}
    for case in range(CASES):
        name = rng.choice(sorted(seeds))
        f = tmp_path / f"case{case}{Path(name).suffix}"
        f.write_bytes(_mutate(rng, name, seeds[name]))
        before = _state(ws)
        capsys.readouterr()
        try:
            status = main(["import", str(ws), str(f)])
        except SystemExit as exc:      # argparse or anything else exiting: not allowed here
            pytest.fail(f"case {case} ({name}): SystemExit {exc.code}")
        out = capsys.readouterr()
        assert "Traceback" not in out.err, f"case {case}"
        if status == 0:
            counts["ok"] += 1
            assert "rows read" in out.out, f"case {case}: {out.out!r}"
        else:
            counts["refused"] += 1
            assert status == 3, f"case {case} ({name}): exit {status}: {out.err}"
            lines = [ln for ln in out.err.splitlines() if ln.strip()]
            # one headline saying what was wrong; a wrong-guess refusal may add a few
            # indented example rows under it, never a dump
            assert len(lines[0]) < 1000, f"case {case}: {out.err!r}"
            assert len(lines) <= 6 and all(ln.startswith("  ") for ln in lines[1:]), \
                f"case {case}: {out.err!r}"
            assert _state(ws) == before, f"case {case}: workspace changed on failure"
        f.unlink()
    print(f"fuzz: {CASES} cases, {counts['ok']} imported with a report, "
          f"{counts['refused']} refused with one headline")
    assert counts["ok"] > 20 and counts["refused"] > 20
