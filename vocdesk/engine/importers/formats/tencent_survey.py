"""腾讯问卷 (wj.qq.com / wesurvey) answer exports (XLSX or CSV).

Known metadata columns: ``编号``/``原始记录编号`` (which one is unconfirmed), ``开始答题时间,
结束答题时间, 答题时长, 地理位置国家和地区, 地理位置省, 地理位置市, 用户类型, 用户标识, 昵称,
自定义字段``. Question column naming is unconfirmed, so every other column is a question,
classified by its text and answers; ``1.题干`` / ``Q1 题干`` numbering is used when present.
Times are read as Beijing time.
"""

from __future__ import annotations

import re
from typing import Any

from vocdesk.engine.importers.formats.common import (
    Format,
    Question,
    RawFile,
    TableBuilder,
    classify,
    duration_seconds,
    explode_respondent,
    grid_rows,
    nfkc,
    short_hash,
    survey_sources,
    trim_row,
    with_zone,
)
from vocdesk.engine.importers.formats.wjx import skip_code
from vocdesk.engine.importers.readers import unique_columns
from vocdesk.engine.importers.values import cell_text

META = ("编号", "原始记录编号", "答卷编号", "开始答题时间", "结束答题时间", "答题时长",
        "地理位置国家和地区", "地理位置省", "地理位置市", "用户类型", "用户标识", "昵称",
        "自定义字段", "ip", "来源", "渠道", "状态")
TZ = "Asia/Shanghai"
_NUM = re.compile(r"^\s*(?:Q|第)?\s*(\d{1,3})\s*(?:[、.:]|题)?\s*(.*)$", re.S | re.I)


def sniff(raw: RawFile) -> float:
    head = {nfkc(h) for h in raw.header()}
    hits = sum(1 for m in ("开始答题时间", "结束答题时间", "答题时长", "用户标识", "地理位置省")
               if m in head)
    return 0.95 if hits >= 3 else 0.7 if hits == 2 else 0.0


def convert(raw: RawFile) -> Any:
    g = raw.grid()
    header = [cell_text(c).strip() for c in trim_row(list(g[0]))]
    names = unique_columns(header)
    data = grid_rows(g, names, 1)
    meta = {n for n in names if nfkc(n) in {nfkc(m) for m in META} or
            nfkc(n).startswith("自定义字段")}
    questions = []
    for i, n in enumerate(names):
        if n in meta:
            continue
        for _, r in data:
            r[n] = skip_code(r.get(n))
        m = _NUM.match(n)
        qid, text = (f"q{m.group(1)}", m.group(2).strip() or n) if m else (f"c{i + 1}", n)
        kind = classify(text, [r.get(n) for _, r in data], text_entry=None)
        questions.append(Question(n, qid, text, kind))
    col = {nfkc(n): n for n in names}
    id_col = col.get("编号") or col.get("原始记录编号") or col.get("答卷编号")
    date_col = col.get("结束答题时间") or col.get("开始答题时间")
    user_col, dur_col = col.get("用户标识"), col.get("答题时长")
    region_col = col.get("地理位置省") or col.get("地理位置市")
    survey = short_hash(*header)
    b = TableBuilder(raw.spath, raw.table_format(), raw.encoding, "tencent_survey", "survey")
    b.notes.append("腾讯问卷 export; times read as Beijing time")
    b.sources = survey_sources(questions, created_at=date_col, respondent_id=id_col,
                               customer_id=user_col, region=region_col)
    for rowno, values in data:
        seq = cell_text(values.get(id_col)).strip() if id_col else ""
        canonical = {"created_at": with_zone(values.get(date_col), TZ) if date_col else None,
                     "customer_id": cell_text(values.get(user_col)).strip() or None
                     if user_col else None,
                     "region": cell_text(values.get(region_col)).strip() or None
                     if region_col else None}
        rest = dict(values)
        if dur_col and duration_seconds(values.get(dur_col)) is not None:
            rest["duration_seconds"] = duration_seconds(values.get(dur_col))
        explode_respondent(b, rowno, f"tencent-{survey}-{seq or rowno}", rest, questions,
                           canonical)
    return b.build()


FORMATS = [Format("tencent_survey", "survey", sniff, convert, "腾讯问卷 answer export")]
