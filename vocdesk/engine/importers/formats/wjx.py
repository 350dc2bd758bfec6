"""问卷星 (wjx.cn) answer downloads: 按选项文本 and 按选项序号, XLSX and CSV (GB18030 or UTF-8).

Fixed leading columns ``序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP`` (times in Beijing
time, ``2017/9/14 19:16:53``; duration ``67秒``; ``112.65.48.10(上海-上海)``), then one column
per question named ``N、题干`` (also ``N.题干``, ``N：题干``). By option number a multi-select or
matrix question has one column per option ``N、(选项)``; by text a multi-select is one column of
``┋``-joined texts. ``-2`` / ``-3`` mean "not shown" / "skipped" and are read as empty.
Headers are matched after NFKC, so radical look-alikes such as ``⽬`` read as ``目``.
"""

from __future__ import annotations

import re
from typing import Any

from vocdesk.engine.importers.formats.common import (
    NPS_WORDS,
    Format,
    Question,
    RawFile,
    TableBuilder,
    classify,
    duration_seconds,
    explode_respondent,
    fold,
    grid_rows,
    is_blank,
    nfkc,
    short_hash,
    survey_sources,
    trim_row,
    with_zone,
)
from vocdesk.engine.importers.readers import unique_columns
from vocdesk.engine.importers.values import cell_text

FIXED = ("序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP")
EXTRA_META = ("总分", "经纬度", "答卷编号", "用户ID", "昵称", "自定义字段", "填写者")
TZ = "Asia/Shanghai"
SKIP_CODES = {"-2", "-3"}
_Q = re.compile(r"^\s*(\d{1,3})\s*[、.:]\s*(.*)$", re.S)
_Q_STRICT = re.compile(r"^\s*\d{1,3}\s*[、:：]\s*\S")   # 、 or a colon: not "1.5 kg"
_OLD_SUB = re.compile(r"^第(\d{1,3})题\s*[(（](.*)[)）]\s*$", re.S)
_IP_PLACE = re.compile(r"[(（]\s*([^()（）]+?)\s*[)）]\s*$")


def sniff(raw: RawFile) -> float:
    head = [nfkc(h) for h in raw.header()]
    hits = sum(1 for f in FIXED if nfkc(f) in head)
    if "提交答卷时间" in head and hits >= 3:
        return 0.97
    if hits >= 3:
        return 0.5
    # meta columns removed by whoever shared the file: recognise the N、题干 question headers
    qs = [h for h in raw.header() if h and nfkc(h) not in {nfkc(f) for f in FIXED}]
    numbered = [h for h in qs if _Q_STRICT.match(fold(h))]
    if len(numbered) >= 2 and len(numbered) >= 0.6 * len(qs):
        return 0.85
    return 0.0


def skip_code(v: Any) -> Any:
    """问卷星 -2 / -3 (not shown / skipped by logic) → empty."""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v in (-2, -3):
        return None
    if isinstance(v, str) and v.strip() in SKIP_CODES:
        return None
    return v


def question_number(header: str) -> tuple[str, str, bool] | None:
    """(number, text, is_sub_column) of a question header, or None for other columns."""
    h = fold(header)
    m = _OLD_SUB.match(h)
    if m:
        return m.group(1), m.group(2), True
    m = _Q.match(h)
    if not m:
        return None
    rest = m.group(2).strip()
    if rest.startswith("(") and rest.endswith(")"):
        return m.group(1), rest[1:-1], True
    return m.group(1), rest, False


def convert(raw: RawFile, source_format: str = "wjx") -> Any:
    g = raw.grid()
    header = [cell_text(c).strip() for c in trim_row(list(g[0]))]
    names = unique_columns(header)
    data = grid_rows(g, names, 1)
    norm = {nfkc(n): n for n in names}
    meta = {norm[nfkc(f)] for f in FIXED + EXTRA_META if nfkc(f) in norm}
    parsed = {n: question_number(n) for n in names if n not in meta}
    qcols = [n for n, p in parsed.items() if p is not None]
    for _, values in data:
        for n in qcols:
            values[n] = skip_code(values.get(n))
    subs01 = [n for n in qcols if parsed[n][2] and
              {cell_text(v).strip() for _, r in data for v in [r.get(n)] if not is_blank(v)}
              <= {"0", "1"}]
    joined = any("┋" in cell_text(r.get(n)) for _, r in data for n in qcols)
    by_number = bool(subs01) or (not joined and _mostly_numeric(qcols, parsed, data))
    questions = []
    stems = {p[0]: p[1] for n, p in parsed.items() if p and not p[2]}
    for n in qcols:
        num, text, is_sub = parsed[n]
        values = [r.get(n) for _, r in data]
        stem = stems.get(num, "")
        if is_sub:
            # option / matrix row / "other, please fill in" of question num
            kind = classify(f"{stem} {text}", values, text_entry=False)
        else:
            kind = classify(text, values, text_entry=None)
        nums = [_num(v) for v in values if not is_blank(v)]
        if by_number and kind == "choice" and any(w in nfkc(text) for w in NPS_WORDS) and \
                nums and all(x is not None and 1 <= x <= 11 for x in nums):
            kind = "nps"      # 11 options numbered 1–11
        if by_number and kind in ("csat", "ces", "rating") and \
                all(isinstance(_num(v), float) for v in values if not is_blank(v)):
            kind = "choice"   # an option number, not a score: 1 may be 非常满意
        questions.append(Question(n, f"q{num}" + (f"_{qcols.index(n)}" if is_sub else ""),
                                  raw_text(n, text), kind))
    nps_shift = _nps_codes_shifted(questions, data) if by_number else False
    survey = short_hash(*header)
    col = {nfkc(n): n for n in names}
    id_col, date_col = col.get("序号"), col.get("提交答卷时间")
    dur_col, ip_col = col.get("所用时间"), col.get(nfkc("来自IP"))
    b = TableBuilder(raw.spath, raw.table_format(), raw.encoding, source_format, "survey")
    b.notes.append("问卷星 " + ("按选项序号 (option numbers)" if by_number else "按选项文本 (option texts)")
                   + "; times read as Beijing time")
    b.sources = survey_sources(questions, created_at=f"{date_col} (Beijing time)"
                               if date_col else None, respondent_id=id_col, region=ip_col)
    if nps_shift:
        b.notes.append("NPS option numbers 1–11 read as scores 0–10")
    for rowno, values in data:
        seq = cell_text(values.get(id_col)).strip() if id_col else ""
        respondent = f"{source_format}-{survey}-{seq or rowno}"
        place = _IP_PLACE.search(cell_text(values.get(ip_col))) if ip_col else None
        canonical = {"created_at": with_zone(values.get(date_col), TZ) if date_col else None,
                     "region": place.group(1) if place else None}
        rest = dict(values)
        if dur_col and duration_seconds(values.get(dur_col)) is not None:
            rest["duration_seconds"] = duration_seconds(values.get(dur_col))
        if nps_shift:
            for q in questions:
                if q.kind == "nps" and isinstance(_num(rest.get(q.column)), float):
                    rest[q.column] = int(_num(rest[q.column])) - 1
        explode_respondent(b, rowno, respondent, rest, questions, canonical)
    return b.build()


def raw_text(header: str, text: str) -> str:
    """The question text for display: the raw header without its number (no NFKC)."""
    m = _Q.match(header)
    return m.group(2).strip() if m else text


def _num(v: Any) -> Any:
    try:
        return float(cell_text(v).strip())
    except ValueError:
        return None


def _mostly_numeric(qcols: list[str], parsed: dict, data: list) -> bool:
    numeric = total = 0
    for n in qcols:
        vals = [r.get(n) for _, r in data if not is_blank(r.get(n))]
        if not vals:
            continue
        total += 1
        numeric += all(isinstance(_num(v), float) for v in vals)
    return total > 0 and numeric / total > 0.6


def _nps_codes_shifted(questions: list[Question], data: list) -> bool:
    for q in questions:
        if q.kind != "nps":
            continue
        nums = [_num(r.get(q.column)) for _, r in data if not is_blank(r.get(q.column))]
        nums = [x for x in nums if x is not None]
        if nums and max(nums) == 11 and min(nums) >= 1:
            return True
    return False


FORMATS = [Format("wjx", "survey", sniff, convert,
                  "问卷星 answer download (按文本 / 按序号; xlsx or CSV)")]
