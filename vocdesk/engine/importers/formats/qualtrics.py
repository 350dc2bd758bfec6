"""Qualtrics survey response exports: current (3 header rows) and legacy (2), CSV/TSV/XLSX.

Current: row 1 export tags (``StartDate``, ``Q1`` …), row 2 labels / question text (localised
metadata labels), row 3 ``{"ImportId": …}`` JSON, which may name the date fields' time zone.
Legacy: row 1 ``V1 … V10, Q1 …``, row 2 ``ResponseID, ResponseSet …`` and question texts.
Both may end every line with an empty column. Open-text answers (ImportId ``QIDn_TEXT``, or
by the question text and the answers) become feedback rows, one per answered question;
``<tag>_NPS_GROUP`` marks its score column as NPS.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from vocdesk.engine.errors import InputError
from vocdesk.engine.importers.formats.common import (
    Format,
    Question,
    RawFile,
    TableBuilder,
    classify,
    explode_respondent,
    grid_rows,
    is_blank,
    language_code,
    looks_free_text,
    survey_sources,
    trim_row,
    with_zone,
)
from vocdesk.engine.importers.readers import unique_columns
from vocdesk.engine.importers.values import cell_text

CURRENT_META = {"StartDate", "EndDate", "Status", "IPAddress", "Progress",
                "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
                "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference",
                "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
                "Q_BallotBoxStuffing", "Q_RecaptchaScore", "Q_RelevantIDDuplicate",
                "Q_RelevantIDFraudScore", "Q_TotalDuration", "Q_Language"}
LEGACY_META = {"ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress",
               "IPAddress", "Status", "StartDate", "EndDate", "Finished", "LocationLatitude",
               "LocationLongitude", "LocationAccuracy"}
_QID = re.compile(r"^(?:\d+_)?(QID\d+)(.*)$")
NON_RESPONSE_STATUS = {"1", "2", "8", "9", "17", "survey preview", "survey test", "spam",
                       "preview spam", "offline preview"}


def _import_id(cell: Any) -> dict[str, Any]:
    s = cell_text(cell).strip()
    if not s.startswith("{"):
        return {}
    try:
        obj = json.loads(s)
    except json.JSONDecodeError:
        # 2016–2017 exports wrote the row as Python dicts: {'ImportId': 'QID2-TEXT'}
        try:
            obj = ast.literal_eval(s)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return {}
    return obj if isinstance(obj, dict) else {}


def _is_import_id(cell: Any) -> bool:
    return "ImportId" in _import_id(cell)


def _variant(raw: RawFile) -> str | None:
    g = raw.head(3)
    if len(g) < 2:
        return None
    r0 = [cell_text(c).strip() for c in g[0]]
    if len(g) >= 3 and sum(1 for c in g[2] if _is_import_id(c)) \
            >= max(2, len(trim_row(list(g[2]))) // 2):
        return "current"
    if r0 and r0[0] == "V1" and "ResponseID" in [cell_text(c).strip() for c in g[1]]:
        return "legacy"
    if "ResponseId" in r0 and "StartDate" in r0 and len(g) >= 3:
        return "current"        # ImportId row edited away? still Qualtrics-shaped
    return None


def sniff(raw: RawFile) -> float:
    v = _variant(raw)
    if v is None:
        return 0.0
    r0 = raw.header()
    if v == "current":
        return 0.98 if r0 and r0[0] in ("StartDate", "ResponseId") else 0.9
    return 0.95


def convert(raw: RawFile) -> Any:
    g = raw.grid()
    variant = _variant(raw) or "current"
    r0 = [cell_text(c).strip() for c in trim_row(list(g[0]))]
    ncol = len(r0)
    labels = [cell_text(c).strip() for c in (list(g[1]) + [""] * ncol)[:ncol]]
    if variant == "current":
        ids = [_import_id(c) for c in (list(g[2]) + [""] * ncol)[:ncol]] if len(g) > 2 else []
        if not any(ids):
            ids, start = [{}] * ncol, 2
        else:
            start = 3
        names = unique_columns(r0)
        meta = CURRENT_META
    else:
        ids, start = [{}] * ncol, 2
        # V1…V10 say nothing; their real names are in row 2
        names = unique_columns([labels[i] if re.fullmatch(r"V\d+", r0[i]) else r0[i]
                                for i in range(ncol)])
        meta = LEGACY_META
    data = grid_rows(g, names, start)

    tz = None
    for d in ids:
        if d.get("timeZone"):
            tz = str(d["timeZone"])
            break
    questions = _questions(names, r0, labels, ids, meta, data)
    col = {n.lower(): n for n in names}
    id_col = col.get("responseid")
    date_col = col.get("recordeddate") or col.get("enddate") or col.get("startdate")
    lang_col = col.get("userlanguage") or col.get("q_language")
    cust_cols = [col[c] for c in ("externalreference", "externaldatareference",
                                  "recipientemail", "emailaddress") if c in col]
    consumed = {c for c in (id_col, lang_col) if c}
    b = TableBuilder(raw.spath, raw.table_format(), raw.encoding, "qualtrics", "survey")
    b.notes.append(f"Qualtrics {variant} export ({start} header rows)"
                   + (f", times in {tz}" if tz else ""))
    b.sources = survey_sources(questions, created_at=f"{date_col}" + (f" ({tz})" if tz else "")
                               if date_col else None, respondent_id=id_col,
                               customer_id=" / ".join(cust_cols), language=lang_col)
    odd = 0
    for rowno, values in data:
        status = cell_text(values.get(col.get("status", ""))).strip().lower()
        odd += status in NON_RESPONSE_STATUS
        respondent = cell_text(values.get(id_col)).strip() if id_col else ""
        respondent = respondent or f"row{rowno}"
        canonical = {"created_at": with_zone(values.get(date_col), tz) if date_col else None,
                     "language": language_code(values.get(lang_col)) if lang_col else None,
                     "customer_id": next((cell_text(values.get(c)).strip() for c in cust_cols
                                          if not is_blank(values.get(c))), None)}
        rest = {k: v for k, v in values.items() if k not in consumed}
        explode_respondent(b, rowno, respondent, rest, questions, canonical)
    if odd:
        b.notes.append(f"{odd} response(s) are previews, tests or spam (see the Status attribute)")
    return b.build()


def _questions(names: list[str], r0: list[str], labels: list[str], ids: list[dict],
               meta: set[str], data: list) -> list[Question]:
    nps_tags = {n[: -len("_NPS_GROUP")] for n in r0 if n.endswith("_NPS_GROUP")}
    nps_ids = {str(d.get("ImportId", ""))[: -len("_NPS_GROUP")] for d in ids
               if str(d.get("ImportId", "")).endswith("_NPS_GROUP")}
    out = []
    for i, name in enumerate(names):
        tag, label, iid = r0[i], labels[i], str(ids[i].get("ImportId", "")) if ids else ""
        if tag in meta or name in meta or re.fullmatch(r"V\d+", tag):
            continue                     # metadata: an attribute
        if iid and not _QID.match(iid):
            continue                     # embedded data (ImportId = its own name)
        if not iid and not re.match(r"^(Q|\d+_Q)", tag) and (not label or label == tag):
            continue                     # embedded data in an export without ImportIds
        m = _QID.match(iid)
        qid = m.group(1) if m else tag
        suffix = m.group(2) if m else ""
        values = [v.get(name) for _, v in data]
        if tag.endswith("_NPS_GROUP") or suffix.endswith("_NPS_GROUP"):
            kind = "nps_group"
        elif "Topics" in suffix or tag.endswith("Topics") or re.search(r"[_-]\d+[_-]TEXT$", suffix):
            kind = "choice"              # Text iQ topics, "Other (please specify)" text
        elif tag in nps_tags or (iid and iid in nps_ids):
            kind = "nps"
        else:
            # text entry always has an ImportId ending in _TEXT; without ImportIds (legacy)
            # "- Selected Choice" still marks a choice
            text_entry = True if suffix in ("_TEXT", "-TEXT") else False if (
                iid or label.endswith(" - Selected Choice")) else None
            if text_entry is None and looks_free_text(values):
                text_entry = True        # legacy text entry: no _TEXT, decided by content
            kind = classify(label, values, text_entry=text_entry)
        out.append(Question(name, qid, _question_text(label), kind))
    return out


def _question_text(label: str) -> str:
    # "How did we do? - Text" / "… - Selected Choice": drop the sub-item suffix
    for suffix in (" - Text", " - Selected Choice"):
        if label.endswith(suffix):
            return label[: -len(suffix)]
    return label


def convert_checked(raw: RawFile) -> Any:
    if len(raw.grid()) < 2:
        raise InputError(raw.spath, reason="a Qualtrics export has at least 2 header rows")
    return convert(raw)


FORMATS = [Format("qualtrics", "survey", sniff, convert_checked,
                  "Qualtrics responses (current 3-row or legacy 2-row header)")]
