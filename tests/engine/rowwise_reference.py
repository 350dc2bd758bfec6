"""The row-wise chunk conversion imports used before issue 9's column-wise rewrite, kept
as the oracle the column-wise converter must agree with (test_import_columns.py).

It converts each row with :class:`feedback_import._RowConverter` (what previews and dry
runs still use) and builds one dict per row; not used by vocdesk itself.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from vocdesk.engine.errors import InputProblem
from vocdesk.engine.importers.channels import normalize_channel
from vocdesk.engine.importers.column_convert import ChunkResult, ChunkSpec, field_columns
from vocdesk.engine.importers.feedback_import import _RowConverter, _RowProblem
from vocdesk.engine.importers.keys import content_hash, dedupe_key, row_fingerprint
from vocdesk.engine.importers.values import cell_text, is_empty, parse_sentiment
from vocdesk.engine.text.lang import detect_language
from vocdesk.engine.text.pii_fields import ID_FIELDS, TEXT_FIELDS, make_protector
from vocdesk.engine.text.redact import may_contain_pii, redact_many
from vocdesk.engine.text.redact_names import redact_names


def _row_tags(values: dict[str, Any], tag_fields: dict[str, str],
              multi_facets: set[str] | None) -> list[tuple[str, str]]:
    tags = []
    for facet, col in tag_fields.items():
        raw = values.get(col)
        if is_empty(raw):
            continue
        if facet == "sentiment":
            try:
                tags.append((facet, parse_sentiment(raw)))
            except ValueError as exc:
                raise _RowProblem(col, str(exc)) from None
        else:
            parts = [cell_text(raw).strip()]
            if multi_facets is None or facet in multi_facets:
                parts = [p.strip() for p in parts[0].replace("；", "|")
                         .replace(";", "|").split("|")]
            tags.extend((facet, p) for p in parts if p)
    return tags


_PROBED = (*ID_FIELDS, *TEXT_FIELDS)


def _may_hold_pii(recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parts = [v for rec in recs for v in (*(rec.get(f) for f in _PROBED),
                                        *(rec["attrs"].values() if rec["attrs"] else ()))
             if v.__class__ is str]
    if not may_contain_pii("\n".join(parts)):
        return []
    if len(recs) <= 64:
        return recs
    mid = len(recs) // 2
    return _may_hold_pii(recs[:mid]) + _may_hold_pii(recs[mid:])


def convert_chunk(chunk: list[tuple[int, dict[str, Any]]], spec: ChunkSpec) -> ChunkResult:
    """Rows → feedback tuples (FEEDBACK_COLUMNS order, no periods), tags and problems."""
    convert = _RowConverter(spec.mapping, spec.default_tz)
    if convert.date_col:
        convert.prefill_dates([values.get(convert.date_col) for _n, values in chunk])
    mapped_cols = field_columns(spec.mapping)
    tag_fields = {f[4:]: c for f, c in spec.mapping.items() if f.startswith("tag.")}
    out = ChunkResult([], [], [], Counter(), 0)
    recs = []
    for rowno, values in chunk:
        out.read += 1
        try:
            rec = convert(values)
            rec["tags"] = _row_tags(values, tag_fields, spec.multi_facets) if tag_fields else ()
        except _RowProblem as prob:
            out.problems.append(InputProblem(spec.path, rowno, prob.column, prob.reason))
            if spec.strict:
                return out
            continue
        rec["attrs"] = {k: cell_text(v) for k, v in values.items()
                        if k not in mapped_cols and v is not None and v != ""
                        and not is_empty(v)}
        rec["rowno"] = rowno
        if not rec["text"] and not rec.get("external_id"):
            rec["fingerprint"] = row_fingerprint(values)
        recs.append(rec)
    texts = [r["text"] for r in recs]
    if spec.redact:
        texts, counts = redact_many(texts)
        out.redactions.update(counts)
        if spec.names:
            texts = [redact_names(t, out.redactions) for t in texts]
        protect = make_protector(spec.secret)
        for rec in _may_hold_pii(recs) if spec.secret is not None else ():
            protect(rec, out.redactions)
    for rec, text in zip(recs, texts, strict=True):
        ch = normalize_channel(rec.get("channel")) or spec.default_channel
        chash = rec.get("fingerprint") or content_hash(text)
        key = dedupe_key(rec.get("external_id"), ch, chash, rec.get("created_at"))
        out.rows.append((spec.source_id, rec["rowno"], rec.get("external_id"), key, text,
                         rec.get("created_at"), rec.get("created_ts"), ch,
                         rec.get("customer_id"), rec.get("respondent_id"), rec.get("store"),
                         rec.get("region"), rec.get("product"), rec.get("rating"),
                         rec.get("nps"), rec.get("csat"), rec.get("ces"),
                         rec.get("language") or detect_language(text), chash,
                         spec.source_format, rec.get("question"),
                         json.dumps(rec["attrs"], ensure_ascii=False) if rec["attrs"] else None))
        if rec["tags"]:
            out.tags.extend((key, f, v) for f, v in rec["tags"])
    out.stamped = convert.stamped
    return out
