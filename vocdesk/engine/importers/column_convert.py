"""A chunk of rows → feedback tuples, column by column (issue 9). Pure: no store access.

Why: the row-wise converter touched every mapped cell through a dict lookup and a function
call and built a dict per row; on a large file that was most of the import. Here each column
is converted once per *distinct* cell (scores, dates, channels, stores repeat), redaction and
language detection run over the chunk's texts, keys and hashes are comprehensions over
columns, and the rows are zipped into tuples at the end.

The results are exactly those of the row-wise converter
(:class:`~vocdesk.engine.importers.feedback_import._RowConverter`, still used by previews):
each row gets the *first* problem the row-wise checks would raise, because the checks run in
the same order and a later check never overwrites an earlier one's problem
(tests/engine/test_import_columns.py compares both on tricky values).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import itemgetter
from typing import Any

import numpy as np

from vocdesk.engine.errors import InputProblem
from vocdesk.engine.importers.blocks import Block
from vocdesk.engine.importers.channels import normalize_channel
from vocdesk.engine.importers.keys import content_hashes, dedupe_keys, row_fingerprint
from vocdesk.engine.importers.readers import MAX_CELL_CHARS
from vocdesk.engine.importers.stages import StageClock
from vocdesk.engine.importers.values import (
    EMPTY,
    cell_text,
    is_empty,
    parse_datetime_zone,
    parse_number,
    parse_sentiment,
)
from vocdesk.engine.importers.vector_dates import naive_times_by_cell
from vocdesk.engine.store.feedback import FEEDBACK_COLUMNS, PERIOD_COLUMNS
from vocdesk.engine.store.periods import local_periods
from vocdesk.engine.text.lang import detect_language
from vocdesk.engine.text.pii_fields import ID_FIELDS, TEXT_FIELDS, make_protector
from vocdesk.engine.text.pii_prefilter import may_hold_pii
from vocdesk.engine.text.redact import may_contain_pii, redact_many
from vocdesk.engine.text.redact_names import redact_names
from vocdesk.i18n import _

SCORE_RANGES = {"rating": (0, 5), "nps": (0, 10), "csat": (0, 10), "ces": (1, 7)}
ROW_COLUMNS = FEEDBACK_COLUMNS + PERIOD_COLUMNS
TEXT_FIELD_NAMES = ("external_id", "customer_id", "respondent_id", "store", "region", "product",
                    "language", "question")


@dataclass
class ChunkSpec:
    """Everything converting a chunk needs: plain data, so it can travel to a worker."""

    path: str
    mapping: dict[str, str]
    default_tz: str
    redact: bool
    strict: bool
    multi_facets: set[str] | None
    default_channel: str
    source_id: int
    source_format: str
    secret: str | None = None       # pseudonym key; ids holding PII are replaced when set
    names: bool = False             # the optional name/address pass


@dataclass
class ChunkResult:
    rows: list[tuple]                       # in ROW_COLUMNS order (row-wise converters)
    tags: list[tuple[int, str, str]]        # (dedupe_key, facet, raw value)
    problems: list[InputProblem]
    redactions: Counter
    read: int
    stamped: int = 0                        # times without a zone, read in the default zone
    seconds: Counter = field(default_factory=Counter)   # per stage (see stages.py)
    #: the rows as columns (the column-wise converter fills this instead of ``rows``):
    #: name → one value per row, for the columns of ROW_COLUMNS the chunk has
    columns: dict[str, list[Any]] = field(default_factory=dict)

    def keys(self) -> list[int]:
        """The rows' dedupe keys."""
        if self.columns:
            return self.columns["dedupe_key"]
        return [r[ROW_COLUMNS.index("dedupe_key")] for r in self.rows]

    def all_rows(self) -> list[tuple]:
        """The rows as tuples in ROW_COLUMNS order (None where a column is absent)."""
        if self.rows or not self.columns:
            return self.rows
        none = repeat(None)
        return list(zip(*[self.columns.get(c, none) for c in ROW_COLUMNS], strict=False))


class Bad(tuple):
    """A cell problem ``(column, reason)`` standing in for a converted value."""


def parse_score(f: str, col: str, raw: Any, lo: float, hi: float) -> Any:
    """A score cell → its value (None when empty) or a :class:`Bad`."""
    try:
        x = parse_number(raw, lo, hi, f)
    except ValueError as exc:
        return Bad((col, str(exc)))
    if x is not None and f == "nps":
        if x != int(x):
            return Bad((col, _("NPS {x:g} is not a whole number 0–10").format(x=x)))
        x = int(x)
    return x


def field_columns(mapping: dict[str, str]) -> set[str]:
    """Columns that feed a field; ``attr.X`` entries only pin a column as an attribute."""
    return {c for f, c in mapping.items() if not f.startswith("attr.")}


# --------------------------------------------------------------------------- per column

_KINDS: dict[int, tuple[list[Any], bool]] = {}


def _str_only(col: list[Any]) -> bool:
    """Whether every cell is a str or None (remembered per list while a block converts)."""
    got = _KINDS.get(id(col))
    if got is None or got[0] is not col:
        got = _KINDS[id(col)] = (col, set(map(type, col)) <= {str, type(None)})
    return got[1]


def map_distinct(col: list[Any], fn: Callable[[Any], Any]) -> list[Any]:
    """``[fn(v) for v in col]``, calling ``fn`` once per distinct cell.

    Cells of different types are kept apart (``True == 1``, but not as a score); unhashable
    cells (lists from JSON) are converted one by one."""
    if _str_only(col):
        memo = {v: fn(v) for v in set(col)}
        return list(map(memo.__getitem__, col))
    memo2: dict[tuple[type, Any], Any] = {}
    out = []
    for v in col:
        try:
            key = (v.__class__, v)
            got = memo2.get(key, memo2)
            if got is memo2:
                got = memo2[key] = fn(v)
        except TypeError:
            got = fn(v)
        out.append(got)
    return out


def _field_values(col: list[Any]) -> list[str | None]:
    """``map_distinct(col, _field_value)``; for a column of str cells the stripping and the
    empty-marker test run over the distinct cells in C (``map``, a set intersection), and
    only cells that may be empty markers go through :func:`_field_value`."""
    if not _str_only(col) or None in col:
        return map_distinct(col, _field_value)
    distinct = list(set(col))
    stripped = list(map(str.strip, distinct))
    memo = dict(zip(distinct, stripped, strict=True))
    markers = EMPTY.intersection(map(str.lower, stripped))
    if markers:
        for v, st in zip(distinct, stripped, strict=True):
            if st.lower() in markers:
                memo[v] = _field_value(v)
    return list(map(memo.__getitem__, col))


def _field_value(v: Any) -> str | None:
    if v.__class__ is str:                  # is_empty's rules, inline for the common case
        if not v or (len(v) <= 12 and v.strip().lower() in EMPTY):
            return None
        return v.strip()
    if v is None or v == "" or is_empty(v):
        return None
    return (v if v.__class__ is str else cell_text(v)).strip()


def _attr_value(v: Any) -> str | None:
    if v is None or v == "" or is_empty(v):
        return None
    return cell_text(v)


def _texts(col: list[Any] | None, n: int) -> list[str]:
    if col is None:
        return [""] * n
    if _str_only(col) and None not in col:
        return list(map(str.strip, col))
    return [v.strip() if v.__class__ is str else ("" if v is None else cell_text(v).strip())
            for v in col]


def _long_cells(block: Block) -> dict[int, str]:
    """Rows with a cell over :data:`MAX_CELL_CHARS`: the first such column in row order."""
    hits: set[int] = set()
    for col in block.columns.values():
        strs = filter(None, col) if _str_only(col) else (v for v in col if v.__class__ is str)
        if max(map(len, strs), default=0) > MAX_CELL_CHARS:
            hits.update(i for i, v in enumerate(col)
                        if v.__class__ is str and len(v) > MAX_CELL_CHARS)
    out = {}
    for i in sorted(hits):
        for c, v in block.row(i).items():
            if v.__class__ is str and len(v) > MAX_CELL_CHARS:
                out[i] = (c, _("cell is {n:,} characters long (limit {limit:,}); is the quoting "
                               "broken?").format(n=len(v), limit=MAX_CELL_CHARS))
                break
    return out


def _dates(col: list[Any], name: str, tz: str) -> list[Any]:
    """Each date cell → (iso, epoch seconds, stamped), None when empty, or a :class:`Bad`;
    the naive ``YYYY-MM-DD HH:MM[:SS]`` ones of the whole chunk at once."""
    def one(v: Any) -> Any:
        if v is None or v == "" or is_empty(v):
            return None
        try:
            return parse_datetime_zone(v, tz)
        except ValueError as exc:
            return Bad((name, str(exc)))

    if not _str_only(col):
        return map_distinct(col, one)
    distinct = set(col)
    distinct.discard(None)
    memo = naive_times_by_cell(list(distinct), tz)
    if len(memo) < len(distinct):
        memo.update((v, one(v)) for v in distinct if v not in memo)
    memo[None] = None
    return list(map(memo.__getitem__, col))


# --------------------------------------------------------------------------- language

_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
# every character that can make detect_language say anything but "zh" for a text that has
# ideographs: Latin letters, kana, letters of other scripts (its module docstring's rules)
_NOT_PLAIN_ZH = re.compile(
    "[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff"
    "\uff66-\uff9d\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff"
    "\u0900-\u0dff\u0e00-\u0e7f\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def languages(texts: list[str]) -> list[str]:
    """:func:`detect_language` of each text. Ideographs and no letter of another script is
    "zh" by its rules; only the other rows run the full detector."""
    cjk, other, det = _CJK.search, _NOT_PLAIN_ZH.search, detect_language
    if not other("\n".join(texts)):
        return ["zh" if cjk(t) else det(t) for t in texts]
    return ["zh" if cjk(t) and not other(t) else det(t) for t in texts]


# --------------------------------------------------------------------------- privacy

def _pii_rows(values: list[str | None], offset: int = 0) -> list[int]:
    """Indices of the values that may hold personal data: one probe over a block of values
    first (most hold none), halving only the blocks that may."""
    if not may_contain_pii("\n".join(v for v in values if v)):
        return []
    if len(values) <= 32:
        return [offset + i for i, v in enumerate(values) if v and may_contain_pii(v)]
    mid = len(values) // 2
    return _pii_rows(values[:mid], offset) + _pii_rows(values[mid:], offset + mid)


def _pii_cells(values: list[str | None]) -> list[int]:
    """:func:`_pii_rows` probing each *distinct* value once: ids, stores and regions repeat
    (200 stores in 5,000 rows), and a probe's answer depends on the value alone; values
    :func:`may_hold_pii` rules out (an id like "C123456") are not probed at all."""
    distinct = [v for v in set(values) if v]
    if not distinct:
        return []
    distinct = list(compress(distinct, may_hold_pii(distinct).tolist()))
    hits = {distinct[i] for i in _pii_rows(distinct)}
    if not hits:
        return []
    return [i for i, v in enumerate(values) if v in hits]


def _protect(fields: dict[str, list[Any]], attrs: list[dict[str, str] | None],
             secret: str, counts: Counter) -> None:
    """Pseudonymise ids and redact short text fields and attributes, in place.

    A row's own probe joins its values with newlines, and no probe pattern spans a newline:
    the rows found here, value by value, are exactly those the row-wise probe finds."""
    probed = [f for f in (*ID_FIELDS, *TEXT_FIELDS) if f in fields]
    rows: set[int] = set()
    for f in probed:
        rows.update(_pii_cells(fields[f]))
    rows.update(_pii_cells(["\n".join(a.values()) if a else None for a in attrs]))
    protect = make_protector(secret)
    for i in sorted(rows):
        rec: dict[str, Any] = {f: fields[f][i] for f in probed}
        rec["attrs"] = attrs[i]
        protect(rec, counts)
        for f in probed:
            fields[f][i] = rec[f]
        attrs[i] = rec["attrs"]


# --------------------------------------------------------------------------- the chunk

def _row_tags(values: dict[str, Any], tag_fields: dict[str, str],
              multi_facets: set[str] | None) -> list[tuple[str, str]]:
    tags = []
    for facet, col in tag_fields.items():
        raw = values.get(col)
        if is_empty(raw):
            continue
        if facet == "sentiment":
            tags.append((facet, parse_sentiment(raw)))      # ValueError: the row's problem
        else:
            parts = [cell_text(raw).strip()]
            if multi_facets is None or facet in multi_facets:
                parts = [p.strip() for p in parts[0].replace("；", "|")
                         .replace(";", "|").split("|")]
            tags.extend((facet, p) for p in parts if p)
    return tags


def _bad_rows(vals: list[Any]) -> list[int]:
    """Indices of the :class:`Bad` values (one type test over the list when there are none)."""
    if Bad not in set(map(type, vals)):
        return []
    return [i for i, v in enumerate(vals) if v.__class__ is Bad]


_ISO, _TS, _STAMPED = itemgetter(0), itemgetter(1), itemgetter(2)


def _stamped(dates: list[Any] | None, prob: dict[int, Any]) -> int:
    """How many rows without a problem had a time without a zone (read in the default)."""
    if not dates:
        return 0
    if set(map(type, dates)) == {tuple}:      # no empty or bad cell: count in C
        return sum(map(_STAMPED, dates)) - sum(1 for i in prob if dates[i][2])
    return sum(1 for i, d in enumerate(dates) if d and d.__class__ is not Bad and d[2]
               and i not in prob)


def _first_problems(block: Block, spec: ChunkSpec, texts: list[str],
                    scores: dict[str, list[Any]], dates: list[Any] | None
                    ) -> dict[int, tuple[str | None, str]]:
    """Each bad row's first problem, in the row-wise converter's order of checks."""
    prob: dict[int, tuple[str | None, str]] = {i: (None, r) for i, r in block.bad.items()}
    for i, p in _long_cells(block).items():
        prob.setdefault(i, p)
    for vals in scores.values():
        for i in _bad_rows(vals):
            prob.setdefault(i, tuple(vals[i]))
    if "" in texts:
        tcol = spec.mapping.get("text")
        empty = _("empty text and no score: the row carries nothing")
        for i, t in enumerate(texts):
            if not t and not any(v[i] is not None for v in scores.values()):
                prob.setdefault(i, (tcol, empty))
    if dates is not None:
        for i in _bad_rows(dates):
            prob.setdefault(i, tuple(dates[i]))
    return prob


def convert_block(block: Block, spec: ChunkSpec) -> ChunkResult:
    """Rows of a block → feedback tuples, imported tags and problems (see module doc).

    Under ``strict`` the result holds only the block's first problem; the caller raises it.
    """
    mapping, n = spec.mapping, len(block)
    cols = block.columns
    _KINDS.clear()
    seconds: Counter = Counter()
    clock = StageClock(seconds)
    texts = _texts(cols.get(mapping["text"]) if "text" in mapping else None, n)
    scores: dict[str, list[Any]] = {}
    for f, (lo, hi) in SCORE_RANGES.items():
        if f in mapping:
            c = mapping[f]
            scores[f] = map_distinct(cols.get(c, [None] * n), lambda v, f=f, c=c, lo=lo, hi=hi:
                                     None if v is None or v == "" else
                                     parse_score(f, c, v, lo, hi))
    clock.lap("convert")
    dcol = mapping.get("created_at")
    dates = _dates(cols.get(dcol, [None] * n), dcol, spec.default_tz) if dcol else None
    clock.lap("dates")
    prob = _first_problems(block, spec, texts, scores, dates)
    stamped = _stamped(dates, prob)
    tag_fields = {f[4:]: c for f, c in mapping.items() if f.startswith("tag.")}
    tags: list[list[tuple[str, str]]] | None = None
    if tag_fields:
        tags = []
        tcols = {c: cols.get(c, [None] * n) for c in tag_fields.values()}
        for i in range(n):
            if i in prob:
                tags.append([])
                continue
            try:
                tags.append(_row_tags({c: v[i] for c, v in tcols.items()}, tag_fields,
                                      spec.multi_facets))
            except ValueError as exc:           # only a sentiment cell can be wrong
                prob[i] = (tag_fields["sentiment"], str(exc))
                tags.append([])
    problems = [InputProblem(spec.path, block.rownos[i], c, r) for i, (c, r) in sorted(prob.items())]
    if spec.strict and problems:
        return ChunkResult([], [], problems[:1], Counter(), sorted(prob)[0] + 1,
                           seconds=seconds)
    keep = [i for i in range(n) if i not in prob] if prob else None

    def sel(lst: list[Any]) -> list[Any]:
        return lst if keep is None else [lst[i] for i in keep]

    out = ChunkResult([], [], problems, Counter(), n, stamped, seconds)
    rownos, texts = sel(block.rownos), sel(texts)
    m = len(texts)
    fields = {f: sel(_field_values(cols.get(mapping[f], [None] * n)))
              for f in (*TEXT_FIELD_NAMES, "channel") if f in mapping}
    attrs = _attributes(block, mapping, keep)
    fps = {j: row_fingerprint(block.row(j if keep is None else keep[j]))
           for j, t in enumerate(texts)
           if not t and not (fields.get("external_id") and fields["external_id"][j])}
    clock.lap("convert")
    if spec.redact:
        texts, counts = redact_many(texts)
        out.redactions.update(counts)
        if spec.names:
            texts = [redact_names(t, out.redactions) for t in texts]
        clock.lap("redact")
        if spec.secret is not None:
            _protect(fields, attrs, spec.secret, out.redactions)
        clock.lap("redact fields")
    chans = map_distinct(fields.get("channel", [None] * m), normalize_channel)
    chans = [c or spec.default_channel for c in chans]
    # keys and hashes from the stored (redacted) text: a hash of the raw text gave a
    # redacted phone number back in seconds to anyone knowing four of its digits
    chash = content_hashes(texts)
    for j, fp in fps.items():
        chash[j] = fp
    d = sel(dates) if dates is not None else None
    if d is not None and None not in d:        # every kept row has a time (Bad ones left)
        created_at, created_ts = list(map(_ISO, d)), list(map(_TS, d))
    else:
        created_at = [x[0] if x else None for x in d] if d is not None else [None] * m
        created_ts = [x[1] if x else None for x in d] if d is not None else [None] * m
    ext = fields.get("external_id", [None] * m)
    keys = dedupe_keys(ext, chans, chash, created_at)
    clock.lap("hash")
    lang = fields.get("language")
    langs = languages(texts) if lang is None else \
        [v or detect_language(t) for v, t in zip(lang, texts, strict=True)]
    sc = {f: sel(v) for f, v in scores.items()}
    clock.lap("language")
    day, week, month = _periods(created_ts, spec.default_tz)
    clock.lap("dates")
    given: dict[str, list[Any] | None] = {
        "source_id": [spec.source_id] * m, "source_row": rownos,
        "external_id": fields.get("external_id"), "dedupe_key": keys, "text": texts,
        "created_at": created_at if d is not None else None,
        "created_ts": created_ts if d is not None else None, "channel": chans,
        **{f: fields.get(f) for f in ("customer_id", "respondent_id", "store", "region",
                                       "product")},
        **{f: sc.get(f) for f in SCORE_RANGES}, "language": langs, "content_hash": chash,
        "source_format": [spec.source_format] * m, "question": fields.get("question"),
        "attributes": [json.dumps(a, ensure_ascii=False) if a else None for a in attrs]
        if any(attrs) else None,
        "day_n": day, "week_n": week, "month_n": month}
    # columns, not row tuples: the store zips only the columns that hold something
    out.columns = {c: v for c, v in given.items() if v is not None}
    if tags is not None:
        for key, row_tags in zip(keys, sel(tags), strict=True):
            out.tags.extend((key, f, v) for f, v in row_tags)
    _KINDS.clear()
    clock.lap("convert")
    return out


def _attributes(block: Block, mapping: dict[str, str], keep: list[int] | None
                ) -> list[dict[str, str] | None]:
    """Every unmapped non-empty cell of each kept row, in the row's own order."""
    mapped = field_columns(mapping)
    rows = range(len(block)) if keep is None else keep
    if not block.ordered:
        return [{k: cell_text(v) for k, v in block.row(i).items()
                 if k not in mapped and v is not None and v != "" and not is_empty(v)} or None
                for i in rows]
    names, lists = [], []
    for c, col in block.columns.items():
        if c in mapped:
            continue
        vals = map_distinct(col, _attr_value)
        if not any(v is not None for v in vals):        # nothing in this column
            continue
        names.append(c)
        lists.append(vals if keep is None else [vals[i] for i in keep])
    if not names:
        return [None] * len(rows)
    return [{k: v for k, v in zip(names, vals, strict=True) if v is not None} or None
            for vals in zip(*lists, strict=True)]


def _periods(ts: list[float | None], tz: str) -> tuple[list[Any], list[Any], list[Any]]:
    """day_n, week_n, month_n of each time (None without one), as :func:`fill_periods`
    would write them: computed here, the import need not update every row afterwards."""
    m = len(ts)
    if m and None not in ts:                  # the usual case: every row has a time
        arr = np.asarray(ts, dtype="float64")
        if np.isfinite(arr).all():
            d, w, mo = local_periods(arr, tz)
            return d.tolist(), w.tolist(), mo.tolist()
    have = [i for i, t in enumerate(ts) if t is not None]
    day: list[Any] = [None] * m
    week: list[Any] = [None] * m
    month: list[Any] = [None] * m
    if not have:
        return day, week, month
    arr = np.asarray([ts[i] for i in have], dtype="float64")
    if not np.isfinite(arr).all():
        return day, week, month        # left to fill_periods (it reads the stored values)
    d, w, mo = local_periods(arr, tz)
    for i, a, b, c in zip(have, d.tolist(), w.tolist(), mo.tolist(), strict=True):
        day[i], week[i], month[i] = a, b, c
    return day, week, month


__all__ = ["Bad", "ChunkResult", "ChunkSpec", "SCORE_RANGES", "TEXT_FIELD_NAMES",
           "convert_block", "field_columns", "languages", "map_distinct", "parse_score"]
