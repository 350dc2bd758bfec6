"""The column-wise converter (issue 9) gives exactly what the row-wise one gave: the same
stored rows, keys, hashes, problems (the first per row, same column and reason), redaction
counts, imported tags and zone-stamp counts, on deliberately tricky cells; and streamed CSV
blocks give the same as the row dicts of a whole-file read."""

from __future__ import annotations

import csv
import random

import numpy as np
import pytest

from tests.engine.rowwise_reference import convert_chunk
from vocdesk.engine.importers import streaming
from vocdesk.engine.importers.blocks import Block
from vocdesk.engine.importers.column_convert import ChunkSpec, convert_block, languages
from vocdesk.engine.importers.readers import BAD_ROW, read_csv_text
from vocdesk.engine.store.periods import local_periods
from vocdesk.engine.text.lang import detect_language
from vocdesk.engine.workspace import Workspace

TEXTS = ["物流很快", "  包装破损  ", "", "   ", "电话13812345678联系我", "mail me: a.b@example.com",
         "The delivery was late and the box was broken", "App 闪退了", "iPhone 15 的电池不耐用",
         "ありがとうございます", "배송이 빨라요", "Доставка быстрая", "身份证110101199003074514",
         "卡号6222020200112233445", "微信 abc_12345", "qq 12345678", "订单号2026031512345678",
         "138.1234.5678 找我", "😀😀", "12345", "物流很快", "n/a", "x" * 30, "第1单\t第2单",
         "访问 https://例子.cn/页面 看看", "@张三 你好", "一三八一二三四五六七八 打我"]
DATES = ["2026-03-04 05:06:07", "2026-03-04 05:06", "2026-03-04T05:06:07Z",
         "2026-03-04T05:06:07+09:00", "2026/3/4 5:06", "03/04/2026 09:15:04 AM", "1741064767000",
         "45720", "20260304", "2026年3月4日", "not a date", "1985-01-01 00:00:00", "",
         "n/a", "2026-03-29 02:30:00", "2026-10-25 02:30:00", "2026-11-01 01:30",
         "2026-13-01 00:00:00", "  2026-03-04 05:06:07  "]
SCORES = ["7", "7.0", "7.5", "", "N/A", "11", "3,5", "1,000", "4星", "★★★★☆", "0", "10",
          " 8 ", "-", "abc", "5/5"]
RATINGS = ["4", "5", "", "N/A", "3.5", "4星", "★★★★☆", "1", "2.0", "7"]
CHANNELS = ["问卷", "app", "工单", "", "Email", "  微博 ", None]
SENTIMENT = ["positive", "负面", "0", "1", "-1", "", "maybe", "中性"]


def _rows(n: int, seed: int, tags: bool = False) -> tuple[list[str], list[tuple[int, dict]]]:
    rnd = random.Random(seed)
    cols = ["评论", "日期", "NPS", "评分", "渠道", "客户ID", "门店", "备注", "编号"]
    if tags:
        cols.append("情感")
    rows = []
    for i in range(n):
        d = {"评论": rnd.choice(TEXTS) + (f" 第{i}单" if rnd.random() < 0.5 else ""),
             "日期": rnd.choice(DATES), "NPS": rnd.choice(SCORES), "评分": rnd.choice(RATINGS),
             "渠道": rnd.choice(CHANNELS),
             "客户ID": rnd.choice(["C1", "13812345678", "", "a@b.com", f"C{i}"]),
             "门店": rnd.choice(["门店1", "门店 010-62345678", "", "无"]),
             "备注": rnd.choice(["", "电话 13912345678", "好", "NULL", "  "]),
             "编号": rnd.choice(["", "", f"id{i % 40}", "13812345678"])}
        if tags:
            d["情感"] = rnd.choice(SENTIMENT)
        if d["渠道"] is None:
            del d["渠道"]                  # a short row: the cell is absent
        if rnd.random() < 0.02:
            d = {BAD_ROW: "not valid JSON: Extra data"}
        elif rnd.random() < 0.02:
            d = {"__extra__": ["x", ""], **d}
        elif rnd.random() < 0.01:
            d["备注"] = "长" * 100_001
        rows.append((i + 2, d))
    return cols, rows


def _spec(mapping, *, strict=False, redact=True, secret="s" * 64, tz="Asia/Shanghai"):
    return ChunkSpec("f.csv", mapping, tz, redact, strict, None, "other", 1, "generic",
                     secret if redact else None, False)


MAPPING = {"text": "评论", "created_at": "日期", "nps": "NPS", "rating": "评分", "channel": "渠道",
           "customer_id": "客户ID", "store": "门店"}


def _same(ref, got, tz="Asia/Shanghai"):
    assert [str(p) for p in got.problems] == [str(p) for p in ref.problems]
    assert [(p.row, p.column) for p in got.problems] == [(p.row, p.column) for p in ref.problems]
    assert [r[:22] for r in got.all_rows()] == ref.rows
    assert dict(got.redactions) == dict(ref.redactions)
    assert got.tags == ref.tags and got.stamped == ref.stamped and got.read == ref.read
    for r in got.all_rows():              # the periods fill_periods would have written
        if r[6] is None:
            assert r[22:] == (None, None, None)
        else:
            d, w, m = local_periods(np.asarray([r[6]]), tz)
            assert r[22:] == (int(d[0]), int(w[0]), int(m[0]))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("redact", [True, False])
def test_column_wise_equals_row_wise_on_tricky_cells(seed, redact):
    cols, rows = _rows(600, seed)
    mapping = {**MAPPING, "external_id": "编号"} if seed == 3 else MAPPING
    spec = _spec(mapping, redact=redact)
    ref = convert_chunk(rows, spec)
    got = convert_block(Block.from_rows(rows, cols), spec)
    assert ref.problems and ref.rows and (ref.redactions or not redact)
    _same(ref, got)


@pytest.mark.parametrize("tz", ["Europe/Berlin", "America/New_York", "UTC"])
def test_zones_and_stamps_agree(tz):
    cols, rows = _rows(400, 5)
    spec = _spec(MAPPING, tz=tz)
    ref = convert_chunk(rows, spec)
    assert ref.stamped > 0
    _same(ref, convert_block(Block.from_rows(rows, cols), spec), tz)


def test_score_only_rows_tags_and_strict_agree():
    cols, rows = _rows(300, 7, tags=True)
    mapping = {"nps": "NPS", "created_at": "日期", "tag.sentiment": "情感", "channel": "渠道"}
    ref = convert_chunk(rows, _spec(mapping))
    got = convert_block(Block.from_rows(rows, cols), _spec(mapping))
    assert ref.tags and any(not r[4] for r in ref.rows)       # fingerprinted score-only rows
    assert any(p.column == "情感" for p in ref.problems)
    _same(ref, got)
    ref_s = convert_chunk(rows, _spec(mapping, strict=True))
    got_s = convert_block(Block.from_rows(rows, cols), _spec(mapping, strict=True))
    assert len(got_s.problems) == 1 and str(got_s.problems[0]) == str(ref_s.problems[0])


def test_a_streamed_block_equals_the_row_dicts_of_a_whole_read(tmp_path, monkeypatch):
    monkeypatch.setattr(streaming, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(streaming, "HEAD_ROWS", 20)
    rnd = random.Random(4)
    p = tmp_path / "s.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["评论", "日期", "NPS", "渠道", "备注", "其他"])
        for _i in range(900):
            row = [rnd.choice(TEXTS), rnd.choice(DATES), rnd.choice(SCORES), rnd.choice(CHANNELS[:-1]),
                   rnd.choice(["", "电话 13912345678", "好", "NULL"]), rnd.choice(["", "x", "无"])]
            k = rnd.random()
            if k < 0.03:
                row = row[:3]                           # short record
            elif k < 0.06:
                row = row + ["多出来的"]                  # one extra cell: a bad row
            elif k < 0.08:
                row = row + ["", " "]                   # empty extra cells: a good row
            elif k < 0.09:
                row = ["", "", "", "", "", ""]          # blank record: skipped
            w.writerow(row)
    t = streaming.read_csv_streamed(p, "csv")
    _c, whole, _d = read_csv_text(p.read_text(encoding="utf-8"), str(p))
    mapping = {"text": "评论", "created_at": "日期", "nps": "NPS", "channel": "渠道"}
    spec = _spec(mapping)
    blocks = list(t.rows.iter_blocks(250))
    assert [len(b) for b in blocks] == [250, 250, 250, len(whole) - 750]
    for k, block in enumerate(blocks):
        chunk = whole[k * 250:(k + 1) * 250]
        assert block.rownos == [n for n, _d in chunk]
        assert [block.row(i) for i in range(len(block)) if i not in block.bad] == \
            [d for _n, d in chunk if "__extra__" not in d]
        ref = convert_chunk(chunk, spec)
        _same(ref, convert_block(block, spec))
        _same(ref, convert_block(Block.from_rows(chunk, t.columns), spec))


def test_language_fast_path_equals_the_detector():
    extra = ["中文", "中文abc", "中文のテスト", "中文 한국어", "中文 Привет", "《红楼梦》", "中文\u00e9",
             "𠀀𠀁", "Ελληνικά 中文", "中文 the end is near my friend", "中文 @ 符号", "，。！",
             "中文 www.例子.cn", "abc", "", "123 中"]
    texts = TEXTS + extra + [t + " 中文" for t in TEXTS]
    assert languages(texts) == [detect_language(t) for t in texts]
    zh_only = ["中文一", "物流很快", "包装破损了 123"]
    assert languages(zh_only) == ["zh", "zh", "zh"]


def test_duplicates_within_and_across_chunks(tmp_path, monkeypatch):
    from vocdesk.engine.importers import feedback_import

    monkeypatch.setattr(feedback_import, "CHUNK", 7)
    p = tmp_path / "d.csv"
    lines = ["评论,日期,渠道"]
    for i in range(30):
        lines.append(f"第{i % 12}单 很好,2026-03-0{1 + i % 12 // 6} 10:00:00,问卷")
    lines.append("第0单  很好,2026-03-01 10:00:00,问卷")     # same text once spaces collapse
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Workspace.create(tmp_path / "w.vocdesk") as ws:
        rep = ws.imports.import_file(p)
        assert rep.rows_imported == 12 and rep.rows_duplicate == 19 and rep.rows_bad == 0
        again = ws.imports.import_file(p)
        assert again.rows_imported == 0 and again.rows_duplicate == 31
        assert ws.stats()["feedback"] == 12


@pytest.mark.parametrize("tz", ["Asia/Shanghai", "Europe/Berlin", "America/New_York",
                                "Australia/Lord_Howe", "Asia/Kathmandu"])
def test_chunk_dates_equal_per_cell_dates_on_odd_cells(tz):
    from vocdesk.engine.importers.values import parse_datetime_zone
    from vocdesk.engine.importers.vector_dates import naive_times

    rnd = random.Random(2)
    raws = [f"{rnd.randint(1988, 2102)}-{rnd.randint(0, 13):02d}-{rnd.randint(0, 32):02d}"
            f"{rnd.choice([' ', 'T', '_'])}{rnd.randint(0, 25):02d}:{rnd.randint(0, 61):02d}"
            + rnd.choice(["", f":{rnd.randint(0, 61):02d}", ".5", "Z"]) for _ in range(4000)]
    raws += ["2024-02-29 12:00", "2023-02-29 12:00", "2026-04-31 00:00:00", "２０２６-03-04 05:06",
             "2026-03-04 05:06\x00\x00\x00", "2026-03-04 05:06:0٣", "2026-10-04 02:30:00",
             "2026-04-05 02:30:00", "2026-03-04 24:00:00", "2026-03-04 23:59:60"]
    got = naive_times(raws, tz)
    assert len(got) > 500
    for raw in set(raws):
        try:
            want = parse_datetime_zone(raw, tz)
        except ValueError:
            assert (str, raw) not in got, raw
            continue
        assert got.get((str, raw), want) == want, raw


def test_vectorised_keys_equal_the_per_row_keys():
    from vocdesk.engine.importers.keys import content_hash, content_hashes, dedupe_key, dedupe_keys

    texts = TEXTS + ["a  b", " a b ", "中\u3000文"]
    ext = [None, "", "id1", "电话13812345678"] * 10
    ch = ["survey", "app", "其他"] * 20
    at = [None, "2026-03-04T05:06:07+08:00"] * 30
    hashes = content_hashes(texts)
    assert hashes == [content_hash(t) for t in texts]
    rows = list(zip(ext, ch, hashes * 3, at, strict=False))
    keys = dedupe_keys(*map(list, zip(*rows, strict=True)))
    assert keys == [dedupe_key(*r) for r in rows]
    assert any(k < 0 for k in keys) and all(isinstance(k, int) for k in keys)
