"""Shared pieces of the tool-specific importers.

* :class:`RawFile` and :class:`Format` live in :mod:`.raw` (re-exported here); the helpers
  of one-row-one-feedback exports in :mod:`.flat`.
* :class:`TableBuilder`: collects output rows in canonical columns (``text``, ``created_at``,
  ``nps`` …) plus the original columns that were not consumed, so nothing in the file is lost.
* Survey helpers: classify a question as open text, NPS, CSAT, CES, rating or choice, read a
  score from a code or a choice label, and turn one respondent into one feedback row per
  answered open question.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from vocdesk.engine.importers.formats.raw import Format, RawFile, is_blank
from vocdesk.engine.importers.readers import SourceTable
from vocdesk.engine.importers.values import cell_text, is_empty, parse_datetime

__all__ = ["Format", "RawFile", "is_blank"]  # re-exported

CANONICAL = ("text", "created_at", "external_id", "respondent_id", "customer_id", "rating",
             "nps", "csat", "ces", "channel", "language", "product", "store", "region",
             "question")



def trim_row(row: list[Any]) -> list[Any]:
    """Drop trailing empty cells (Qualtrics ends every line with a comma)."""
    end = len(row)
    while end and is_blank(row[end - 1]):
        end -= 1
    return row[:end]


def grid_rows(grid: list[list[Any]], names: list[str], start: int
              ) -> list[tuple[int, dict[str, Any]]]:
    """Data rows of a raw grid from index ``start`` as (sheet row number, {column: cell}),
    padded or cut to the header's width; blank rows are skipped."""
    ncol = len(names)
    out = []
    for i in range(start, len(grid)):
        row = list(grid[i])
        if any(not is_blank(c) for c in row):
            out.append((i + 1, dict(zip(names, (row + [None] * ncol)[:ncol], strict=True))))
    return out


def records_of(raw: RawFile) -> list[dict[str, Any]]:
    data = raw.json()
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and
                 all(isinstance(x, dict) for x in v)]
        data = max(lists, key=len) if lists else []
    return [r for r in (data or []) if isinstance(r, dict)]


# CJK Radicals Supplement look-alikes have no NFKC mapping (Kangxi radicals such as ⽬ do)
_RADICALS = str.maketrans({"⻅": "见", "⻓": "长", "⻔": "门", "⻋": "车", "⻜": "飞", "⻢": "马",
                           "⻥": "鱼", "⻆": "角", "⻚": "页", "⻛": "风", "⻝": "食", "⻉": "贝",
                           "⻊": "足", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟", "⻄": "西",
                           "⻑": "長", "⻣": "骨", "⻤": "鬼"})


def fold(s: Any) -> str:
    """NFKC plus radical look-alikes (⽬ → 目, ⻅ → 见, full-width → ASCII); case kept."""
    return unicodedata.normalize("NFKC", cell_text(s)).translate(_RADICALS)


def nfkc(s: Any) -> str:
    """Header text for matching: :func:`fold`, trimmed, lower case."""
    return fold(s).strip().lower()


def find_col(columns: list[str], *names: str) -> str | None:
    """The first column whose name equals one of ``names`` (case and width insensitive)."""
    norm = {nfkc(c): c for c in reversed(columns)}
    for n in names:
        if nfkc(n) in norm:
            return norm[nfkc(n)]
    return None


def short_hash(*parts: Any) -> str:
    return hashlib.sha1("\x1f".join(cell_text(p) for p in parts).encode("utf-8")).hexdigest()[:8]


# --- output ----------------------------------------------------------------------------------

@dataclass
class TableBuilder:
    """Output rows in canonical columns + the original columns that were not consumed."""

    path: str
    format: str
    encoding: str | None
    source_format: str
    channel: str
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, rowno: int, canonical: dict[str, Any], attrs: dict[str, Any]) -> None:
        rec: dict[str, Any] = {f: canonical.get(f) for f in CANONICAL}
        for k, v in attrs.items():
            name = k if k not in CANONICAL else f"{k} (original)"
            if name not in self._seen:
                self._seen.add(name)
                self.extra_columns.append(name)
            rec[name] = v
        self.rows.append((rowno, rec))

    def __post_init__(self) -> None:
        self._seen: set[str] = set()
        self.skipped = 0
        self.sources: dict[str, str] = {}       # canonical field → where it came from

    def build(self) -> SourceTable:
        if self.sources:
            self.notes.insert(0, "read " + "; ".join(f"{f} from {src}"
                                                    for f, src in self.sources.items() if src))
        if self.skipped:
            self.notes.append(f"left out {self.skipped} response(s) with neither open text "
                              "nor a score")
        return SourceTable(self.path, self.format, self.encoding,
                           list(CANONICAL) + self.extra_columns, self.rows,
                           source_format=self.source_format, channel=self.channel,
                           mapping_hint={f: f for f in CANONICAL}, notes=self.notes)


def join_title(title: Any, body: Any) -> str:
    t, b = cell_text(title).strip(), cell_text(body).strip()
    if is_empty(t):
        t = ""
    if is_empty(b):
        b = ""
    return f"{t}\n\n{b}" if t and b else t or b


def with_zone(raw: Any, tz: str | None) -> Any:
    """A date cell as ISO 8601 with the offset of ``tz`` (a zone the tool documents).

    Values that already carry an offset keep it; unreadable values are returned unchanged so
    the importer reports them with their row and column.
    """
    if is_blank(raw) or tz is None:
        return raw
    try:
        return parse_datetime(raw, tz)[0]
    except ValueError:
        return raw


def from_epoch_ms(raw: Any) -> Any:
    try:
        x = float(cell_text(raw))
    except ValueError:
        return raw
    if not 1e11 <= x < 1e14:
        return raw
    return datetime.fromtimestamp(x / 1000, tz=UTC).isoformat(timespec="seconds")


def language_code(raw: Any) -> str | None:
    s = cell_text(raw).strip()
    if is_empty(s):
        return None
    s = s.replace("_", "-").lower()
    if s.startswith("zh"):
        return "zh"
    return s.split("-")[0]


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(秒|s|sec|secs|seconds?)?\s*$", re.I)
_HMS = re.compile(r"^\s*(\d+):(\d{1,2}):(\d{1,2})\s*$")
_CN_DURATION = re.compile(r"^\s*(?:(\d+)\s*小时)?\s*(?:(\d+)\s*分(?:钟)?)?\s*(?:(\d+)\s*秒)?\s*$")


def duration_seconds(raw: Any) -> int | None:
    """``67秒``, ``1分7秒``, ``00:01:07``, ``67`` → 67; None when not a duration."""
    s = cell_text(raw).strip()
    if not s:
        return None
    m = _DURATION.match(s)
    if m:
        return int(float(m.group(1)))
    m = _HMS.match(s)
    if m:
        return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
    m = _CN_DURATION.match(s)
    if m and any(m.groups()):
        h, mi, se = (int(x or 0) for x in m.groups())
        return h * 3600 + mi * 60 + se
    return None


# --- survey questions ------------------------------------------------------------------------

OPEN_WORDS = ("comment", "why", "suggest", "feedback", "tell us", "describe", "explain",
              "anything else", "improve", "what could", "reason", "please specify", "opinion",
              "kommentar", "anmerkung", "warum", "verbesser", "vorschl",
              "意见", "建议", "原因", "为什么", "请说明", "描述", "留言", "想法", "看法", "反馈",
              "吐槽", "评价一下", "哪些方面", "改进", "请写", "请填写", "补充")
NPS_WORDS = ("recommend", "nps", "weiterempfehl", "empfehlen", "推荐", "介绍给")
CES_WORDS = ("effort", "easy", "easier", "difficult", "费力", "省力", "容易", "轻松", "方便程度",
             "麻烦", "einfach")
CSAT_WORDS = ("satisf", "zufrieden", "满意", "csat")
RATING_WORDS = ("rate", "rating", "stars", "score", "评分", "打分", "星级", "评星", "bewert")
_RATING = re.compile(r"\b(?:rate|rating|stars?|score)\b|评分|打分|星级|评星|bewert")

SCORE_LABELS = {
    # CSAT 1–5
    "非常满意": 5, "很满意": 5, "满意": 4, "比较满意": 4, "一般": 3, "不满意": 2,
    "比较不满意": 2, "不太满意": 2, "非常不满意": 1, "很不满意": 1,
    "very satisfied": 5, "extremely satisfied": 5, "satisfied": 4, "somewhat satisfied": 4,
    "neither satisfied nor dissatisfied": 3, "neutral": 3, "somewhat dissatisfied": 2,
    "dissatisfied": 2, "very dissatisfied": 1, "extremely dissatisfied": 1,
    "sehr zufrieden": 5, "zufrieden": 4, "unzufrieden": 2, "sehr unzufrieden": 1,
    # CES 1–7 (agreement "the company made it easy")
    "strongly agree": 7, "agree": 6, "somewhat agree": 5, "neither agree nor disagree": 4,
    "somewhat disagree": 3, "disagree": 2, "strongly disagree": 1,
    "very easy": 7, "easy": 6, "somewhat easy": 5, "somewhat difficult": 3, "difficult": 2,
    "very difficult": 1, "非常容易": 7, "容易": 6, "比较容易": 5, "比较困难": 3, "困难": 2,
    "非常困难": 1,
}
_LEAD_INT = re.compile(r"^\s*(\d{1,2}(?:\.0+)?)(?:\s*(?:[-–:：=(（]|分|星|$))")


def score_value(raw: Any, kind: str) -> Any:
    """A score cell as a number when it can be read (code, ``10 - Extremely likely``,
    ``非常满意``); the raw cell otherwise, so the importer reports it."""
    if is_empty(raw):
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return raw
    s = cell_text(raw).strip()
    m = _LEAD_INT.match(s)
    if m:
        return float(m.group(1)) if "." in m.group(1) else int(m.group(1))
    label = SCORE_LABELS.get(s.lower())
    if label is not None and kind in ("csat", "ces", "rating"):
        if kind == "ces" or label <= 5:
            return label
    return s


def _numbers(values: list[Any]) -> list[float] | None:
    nums = []
    for v in values:
        x = score_value(v, "nps")
        if not isinstance(x, (int, float)):
            return None
        nums.append(float(x))
    return nums


def classify(label: str, values: list[Any], *, text_entry: bool | None = None) -> str:
    """open / nps / csat / ces / rating / choice, from the question text and its answers.

    ``text_entry`` is True when the tool marks the column as typed text (Qualtrics ``_TEXT``,
    SurveyMonkey ``Open-Ended Response``), False when it marks it as a choice.
    """
    t = nfkc(label)
    filled = [v for v in values if not is_empty(v)]
    nums = _numbers(filled) if filled else None
    if text_entry is True:
        return "open"
    if any(w in t for w in NPS_WORDS) and (nums is None or all(0 <= x <= 10 for x in nums)) \
            and (nums is not None or not filled or "0" in t or "10" in t or "0-10" in t):
        return "nps"
    if nums is not None or (filled and all(cell_text(v).strip().lower() in SCORE_LABELS
                                           for v in filled)):
        if any(w in t for w in CES_WORDS) and (nums is None or all(1 <= x <= 7 for x in nums)):
            return "ces"
        if any(w in t for w in CSAT_WORDS) and (nums is None or all(0 <= x <= 10 for x in nums)):
            return "csat"
        if _RATING.search(t) and nums is not None and \
                all(0 <= x <= 5 for x in nums):
            return "rating"
    if text_entry is False or nums is not None:
        return "choice"
    texts = [cell_text(v).strip() for v in filled]
    if any("┋" in x or "→" in x for x in texts):
        return "choice"            # 问卷星 multi-select / ranking joined by text
    distinct = len(set(texts)) / len(texts) if texts else 1.0
    avg = sum(len(x) for x in texts) / len(texts) if texts else 0.0
    if any(len(x) > 40 or "\n" in x for x in texts):
        return "open"
    if any(w in t for w in OPEN_WORDS):
        # "the main reason for your choice" may still be a choice: few short repeated answers
        repeated = len(texts) >= 4 and distinct <= 0.5 and avg <= 8
        return "choice" if repeated else "open"
    if not texts:
        return "choice"
    return "open" if avg > 12 and distinct > 0.6 else "choice"


_WORDY = re.compile(r"[\w\u4e00-\u9fff]+[\s,，。.!！?？;；]+[\w\u4e00-\u9fff]")


def looks_free_text(values: list[Any]) -> bool:
    """True when a column's answers read as typed text, not choice labels or codes: none is a
    number, they are mostly distinct, and they are sentences (several words or punctuation)
    or long. Decides open-ended columns that carry no ``_TEXT`` mark (legacy Qualtrics)."""
    texts = [cell_text(v).strip() for v in values if not is_empty(v)]
    if not texts or _numbers(texts) is not None or any("┋" in x for x in texts):
        return False
    if len(texts) >= 4 and len(set(texts)) / len(texts) <= 0.6:
        return False                      # repeated answers: choice labels
    wordy = sum(1 for x in texts if len(x) > 25 or _WORDY.search(x))
    return wordy / len(texts) >= 0.5


@dataclass
class Question:
    column: str          # the column name in the output (original header)
    qid: str             # stable id used in external ids (QID5, Q5, 26 …)
    text: str            # question text as shown to respondents
    kind: str            # open / nps / csat / ces / rating / choice / meta


def survey_sources(questions: list[Question], **extra: str | None) -> dict[str, str]:
    """Where a survey's canonical fields come from, for the notes (shown by --dry-run)."""
    out: dict[str, str] = {}
    opens = [q.column for q in questions if q.kind == "open"]
    if opens:
        out["text"] = ", ".join(opens) + " (one row per answered question)"
    for kind in ("nps", "csat", "ces", "rating"):
        q = next((q for q in questions if q.kind == kind), None)
        if q:
            out[kind] = q.column
    out.update({k: v for k, v in extra.items() if v})
    return out


def explode_respondent(builder: TableBuilder, rowno: int, respondent: str,
                       values: dict[str, Any], questions: list[Question],
                       canonical: dict[str, Any]) -> None:
    """One feedback row per answered open question (scores go on the first row only, so a
    respondent counts once in NPS/CSAT; later rows keep them as attributes). A respondent
    with scores but no text gives one row without text."""
    scores: dict[str, Question] = {}
    for q in questions:
        if q.kind in ("nps", "csat", "ces", "rating"):
            scores.setdefault(q.kind, q)      # the first of each kind; others stay attributes
    opens = [q for q in questions if q.kind == "open" and not is_empty(values.get(q.column))]
    used_score_cols = {q.column for q in scores.values()}
    open_cols = {q.column for q in questions if q.kind == "open"}
    base_attrs = {k: v for k, v in values.items()
                  if k not in open_cols and not is_blank(v)}
    score_vals = {kind: score_value(values.get(q.column), kind) for kind, q in scores.items()}
    if not opens:
        if all(v is None for v in score_vals.values()):
            builder.skipped += 1        # no text and no score: nothing to analyse
            return
        rec = {**canonical, **score_vals, "respondent_id": respondent,
               "external_id": respondent, "text": ""}
        builder.add(rowno, rec, {k: v for k, v in base_attrs.items()
                                 if k not in used_score_cols})
        return
    for i, q in enumerate(opens):
        rec = {**canonical, "respondent_id": respondent,
               "external_id": f"{respondent}#{q.qid}",
               "text": cell_text(values.get(q.column)).strip(), "question": q.text}
        attrs = dict(base_attrs)
        if i == 0:
            rec.update(score_vals)
            attrs = {k: v for k, v in attrs.items() if k not in used_score_cols}
        builder.add(rowno, rec, attrs)
