"""Writing a workspace's feedback with its effective tags to CSV, XLSX or JSON Lines.

One row per feedback; per facet the effective value(s) joined with ``|`` (most confident
first) and ``<facet>_origin`` (auto / human). Spreadsheet cells that start with = + - @ are
neutralised with a leading apostrophe so that opening an export never runs a formula a
customer typed.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from vocdesk.engine.errors import UsageError
from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.store import feedback as store_feedback
from vocdesk.engine.store.stats import iter_export, iter_export_ids
from vocdesk.engine.tagging.taxonomy import CORE_FACETS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# Spreadsheets skip these before deciding that a cell is a formula ("\u200b=cmd|…").
_INVISIBLE_LEAD = re.compile("^[\u200b-\u200f\u2060\ufeff\u00a0\u00ad\u3000 ]+")
# Characters XML 1.0 forbids: one of them made openpyxl refuse the whole export.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LEAD = ["id", "external_id", "text", "created_at", "channel"]
TAIL = ["sentiment_score", "rating", "nps", "csat", "ces", "customer_id", "language",
        "source_format"]


def neutralise(value: Any) -> Any:
    """Make a string cell safe to open in a spreadsheet (OWASP CSV-injection advice)."""
    if isinstance(value, str) and value:
        if value.startswith(FORMULA_START) or \
                _INVISIBLE_LEAD.sub("", value, count=1).startswith(FORMULA_START):
            return "'" + value
    return value


def xlsx_cell(value: Any) -> Any:
    """A cell openpyxl can write: neutralised, without the control characters XML forbids."""
    value = neutralise(value)
    if isinstance(value, str) and _XML_ILLEGAL.search(value):
        return _XML_ILLEGAL.sub("", value)
    return value


#: page of export records -> per record, facet -> [(token, contribution), ...]
Explainer = Callable[[list[dict[str, Any]]], list[dict[str, list[tuple[str, float]]]]]


def export_columns(facets: Sequence[str], explain: bool = False) -> list[str]:
    cols = list(LEAD)
    for f in facets:
        cols += [f, f"{f}_origin"]
    return cols + TAIL + (["explain"] if explain else [])


def _records(db: Database, facets: Sequence[str], explainer: Explainer | None = None,
             ids: Sequence[int] | None = None) -> Iterator[dict[str, Any]]:
    pages = iter_export(db) if ids is None else iter_export_ids(db, ids)
    for page in pages:
        why = explainer(page) if explainer else [None] * len(page)
        for rec, expl in zip(page, why, strict=True):
            out = {c: rec.get(c) for c in LEAD}
            for f in facets:
                tags = rec["tags"].get(f, [])
                out[f] = "|".join(t["value"] for t in tags)
                out[f"{f}_origin"] = tags[0]["origin_kind"] if tags else ""
            for c in TAIL:
                out[c] = rec.get(c)
            if explainer:   # JSON: facet -> [[token, contribution], ...], strongest first
                out["explain"] = json.dumps(expl, ensure_ascii=False) if expl else ""
            yield out


def export_workspace(db: Database, out: str | Path, facets: Sequence[str] | None = None,
                     progress: Progress = NULL_PROGRESS, explainer: Explainer | None = None,
                     ids: Sequence[int] | None = None) -> int:
    """Write the export; the format follows the extension. Returns the number of rows.

    With ``explainer`` an ``explain`` column says which tokens moved each model tag. With
    ``ids`` only those rows, in that order (the GUI's current view: filter, search, sort);
    the texts are the stored ones, redacted at import like every other export."""
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx", "jsonl"):
        raise UsageError(f"{out}: export to .csv, .xlsx or .jsonl")
    facets = list(facets or CORE_FACETS)
    cols = export_columns(facets, explain=explainer is not None)
    total = store_feedback.count_feedback(db) if ids is None else len(ids)
    progress.start(total, "exporting")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        n = _write(db, tmp, fmt, cols, facets, progress, explainer, ids)
        tmp.replace(out)
    except BaseException:
        # disk full, cancel, a crash of the writer: never leave OUT.part behind
        tmp.unlink(missing_ok=True)
        raise
    progress.update(n, total)
    progress.finish()
    return n


def _write(db: Database, tmp: Path, fmt: str, cols: list[str], facets: list[str],
           progress: Progress, explainer: Explainer | None = None,
           ids: Sequence[int] | None = None) -> int:
    n = 0
    if fmt == "csv":
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(cols)
            for rec in _records(db, facets, explainer, ids):
                w.writerow(["" if rec[c] is None else neutralise(rec[c]) for c in cols])
                n += 1
                if n % 5000 == 0:
                    progress.check()
                    progress.update(n)
    elif fmt == "jsonl":
        with tmp.open("w", encoding="utf-8") as fh:
            for rec in _records(db, facets, explainer, ids):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
                if n % 5000 == 0:
                    progress.check()
                    progress.update(n)
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("feedback")
        ws.append(cols)
        for rec in _records(db, facets, explainer, ids):
            ws.append([xlsx_cell(rec[c]) for c in cols])
            n += 1
            if n % 5000 == 0:
                progress.check()
                progress.update(n)
        wb.save(tmp)
    return n
