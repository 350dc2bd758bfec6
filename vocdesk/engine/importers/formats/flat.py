"""Helpers of the flat exports (one CSV row or JSON record = one feedback)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vocdesk.engine.importers.formats.common import (
    RawFile,
    TableBuilder,
    find_col,
    grid_rows,
    is_blank,
    records_of,
    trim_row,
)
from vocdesk.engine.importers.readers import BAD_ROW, SourceTable, _flatten, unique_columns
from vocdesk.engine.importers.values import cell_text, is_empty


def header_rows(raw: RawFile) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """A one-header-row CSV/XLSX: (unique column names, [(row number, {column: cell})])."""
    g = raw.grid()
    if not g:
        return [], []
    names = unique_columns([cell_text(c).strip() for c in trim_row(list(g[0]))])
    return names, grid_rows(g, names, 1)


def json_rows(raw: RawFile) -> list[tuple[int, dict[str, Any]]]:
    """JSON records (a list, the biggest list in an object, or JSON Lines) as (number, obj)."""
    data = raw.json()
    if raw.kind == "jsonl":
        return [(i, r) for i, r in enumerate(data or [], 1) if isinstance(r, dict)]
    return list(enumerate(records_of(raw), 1))


def flatten(obj: dict[str, Any]) -> dict[str, Any]:
    return _flatten(obj)


def build_flat(raw: RawFile, source_format: str, channel: str,
               rows: list[tuple[int, dict[str, Any]]],
               convert_row: Callable[[dict[str, Any]], tuple[dict[str, Any] | None, set[str]]],
               sources: dict[str, str] | None = None) -> SourceTable:
    """Rows → canonical table; ``convert_row`` returns (canonical or None to leave the row
    out, the columns it consumed). Every other non-empty cell becomes an attribute."""
    b = TableBuilder(raw.spath, raw.table_format(), raw.encoding, source_format, channel)
    b.sources = dict(sources or {})
    for rowno, values in rows:
        canon, consumed = convert_row(values)
        if canon is None:
            b.skipped += 1
            continue
        b.add(rowno, canon, {k: v for k, v in values.items()
                             if k not in consumed and not is_blank(v)})
    if raw.bad_last is not None:        # a truncated last JSON line: one bad row, reported
        b.rows.append((raw.bad_last[0], {BAD_ROW: raw.bad_last[1]}))
    table = b.build()
    if b.skipped:
        table.notes[-1] = f"left out {b.skipped} record(s) that carry no feedback"
    return table


class Cols:
    """Case- and width-insensitive access to a row's columns by any of several names."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.used: set[str] = set()

    def name(self, *names: str) -> str | None:
        return find_col(self.columns, *names)

    def get(self, values: dict[str, Any], *names: str) -> Any:
        c = self.name(*names)
        if c is None:
            return None
        self.used.add(c)
        v = values.get(c)
        return None if is_empty(v) else v

    def text(self, values: dict[str, Any], *names: str) -> str | None:
        v = self.get(values, *names)
        s = cell_text(v).strip() if v is not None else ""
        return s or None
