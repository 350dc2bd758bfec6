"""SurveyMonkey "All Responses Data" exports (CSV/XLSX, expanded columns).

Two header rows: row 1 has the respondent metadata names and each question's text in its
*first* column only (the question's other columns are empty there); row 2 has the sub-label
of every column (``Response``, ``Open-Ended Response``, an option, a matrix row, ``Other
(please specify)``). The two rows are merged into names such as ``Question | Option``.
"""

from __future__ import annotations

from typing import Any

from vocdesk.engine.importers.formats.common import (
    Format,
    Question,
    RawFile,
    TableBuilder,
    classify,
    explode_respondent,
    find_col,
    grid_rows,
    survey_sources,
    trim_row,
)
from vocdesk.engine.importers.readers import unique_columns
from vocdesk.engine.importers.values import cell_text

META = ("Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
        "Email Address", "First Name", "Last Name", "Custom Data 1", "Custom Data 2")
SINGLE = {"response", "open-ended response"}
_META_KEYS = {m.lower().replace(" ", "") for m in META}


def _key(h: str) -> str:
    return h.lower().replace(" ", "")


def sniff(raw: RawFile) -> float:
    head = {_key(h) for h in raw.header()}
    if "respondentid" in head and "collectorid" in head:
        return 0.97
    g = raw.head(2)
    subs = [cell_text(c).strip() for c in g[1]] if len(g) > 1 else []
    marked = sum(1 for c in subs if c in ("Response", "Open-Ended Response"))
    if "respondentid" in head and marked and ("startdate" in head or marked >= 1):
        # Audience / trimmed exports: RespondentID first, metadata columns removed
        return 0.9
    return 0.0


def convert(raw: RawFile) -> Any:
    g = raw.grid()
    r0 = [cell_text(c).strip() for c in g[0]]
    r1 = [cell_text(c).strip() for c in (g[1] if len(g) > 1 else [])]
    ncol = max(len(trim_row(list(g[0]))), len(trim_row(list(g[1]))) if len(g) > 1 else 0)
    r0, r1 = (r0 + [""] * ncol)[:ncol], (r1 + [""] * ncol)[:ncol]
    raw_names, owners, subs = [], [], []
    current, qno = "", 0
    for i in range(ncol):
        if r0[i]:
            current = r0[i]
            if r0[i] not in META and _key(r0[i]) not in _META_KEYS:
                qno += 1
        is_meta = r0[i] in META or _key(r0[i]) in _META_KEYS or \
            (not r1[i] and (current in META or _key(current) in _META_KEYS))
        sub = r1[i]
        if is_meta:
            raw_names.append(r0[i] or f"column_{i + 1}")
        elif sub.lower() in SINGLE or not sub:
            raw_names.append(current)
        else:
            raw_names.append(f"{current} | {sub}")
        owners.append(None if is_meta else (qno, current))
        subs.append(sub)
    names = unique_columns(raw_names)
    data = grid_rows(g, names, 2)
    questions = []
    for i, name in enumerate(names):
        if owners[i] is None:
            continue
        qno_i, text = owners[i]
        sub = subs[i].lower()
        values = [v.get(name) for _, v in data]
        if sub == "open-ended response":
            kind = "open"
        elif "please specify" in sub or "请注明" in sub or "请说明" in sub:
            kind = "open"       # "Other (please specify)" answers are typed feedback
        elif sub.startswith("other"):
            kind = "choice"
        elif sub == "response":
            kind = classify(text, values, text_entry=False)
        else:   # an option, matrix row or contact field: never free text
            kind = classify(f"{text} {subs[i]}", values, text_entry=False)
        qid = f"Q{qno_i}" + (f"_{i + 1}" if sub not in SINGLE else "")
        questions.append(Question(name, qid, text, kind))
    id_col = find_col(names, "Respondent ID", "RespondentID")
    date_col = find_col(names, "End Date", "Start Date", "EndDate", "StartDate")
    cust_col = find_col(names, "Email Address", "Custom Data 1")
    b = TableBuilder(raw.spath, raw.table_format(), raw.encoding, "surveymonkey", "survey")
    b.sources = survey_sources(questions, created_at=date_col, respondent_id=id_col,
                               customer_id=cust_col)
    for rowno, values in data:
        respondent = cell_text(values.get(id_col)).strip() if id_col else f"row{rowno}"
        canonical = {"created_at": values.get(date_col) if date_col else None,
                     "customer_id": cell_text(values.get(cust_col)).strip() or None
                     if cust_col else None}
        rest = {k: v for k, v in values.items() if k != id_col}
        explode_respondent(b, rowno, respondent, rest, questions, canonical)
    return b.build()


FORMATS = [Format("surveymonkey", "survey", sniff, convert,
                  "SurveyMonkey all-responses export (2 header rows)")]
