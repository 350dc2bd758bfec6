"""Reading a file once for every sniffer: bytes → text → a raw grid of cells or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vocdesk.engine.errors import InputError
from vocdesk.engine.importers import safety
from vocdesk.engine.importers.readers import (
    SourceTable,
    decode_bytes,
    detect_format,
    looks_like_json_lines,
)
from vocdesk.engine.importers.values import cell_text
from vocdesk.i18n import _


@dataclass(frozen=True)
class Format:
    """One recognisable export: its name, channel, sniffer (0–1) and converter."""

    name: str
    channel: str
    sniff: Callable[[RawFile], float]
    convert: Callable[[RawFile], SourceTable]
    description: str = ""


# --- reading ---------------------------------------------------------------------------------

class RawFile:
    """One file, read lazily: its text, its raw grid of cells, its JSON records."""

    def __init__(self, path: str | Path, max_bytes: int | None = None) -> None:
        """``max_bytes``: read only the file's first bytes (cut at a line end), enough for
        sniffing a large plain CSV without holding all of it (``head_only`` says so)."""
        self.path = Path(path)
        self.spath = str(self.path)
        if self.path.is_dir():
            raise InputError(self.spath, reason=_("is a directory, not a file"))
        if not self.path.is_file():
            raise InputError(self.spath, reason=_("no such file"))
        self.head_only = False
        if max_bytes is not None and self.path.stat().st_size > max_bytes:
            with self.path.open("rb") as fh:
                data = fh.read(max_bytes)
        if max_bytes is not None and self.path.stat().st_size > max_bytes and \
                detect_format(self.path, data[:8]) in ("csv", "tsv"):
            self.data = data[:data.rfind(b"\n") + 1] or data
            self.head_only = True
        else:
            self.data = self.path.read_bytes()
        if not self.data.strip():
            raise InputError(self.spath, reason=_("the file is empty"))
        self.kind = detect_format(self.path, self.data[:8])
        self.notes = safety.check_raw(self.path, self.data, self.kind)
        self.encoding: str | None = None
        self._text: str | None = None
        self._grid: list[list[Any]] | None = None
        self._json: Any = None
        self._json_done = False
        self._head: list[list[Any]] | None = None
        self.delimiter = ","
        self.bad_last: tuple[int, str] | None = None    # a truncated last JSON line
        if self.kind == "json" and looks_like_json_lines(self.text):
            self.kind = "jsonl"                           # sniff the content, not the name

    @property
    def text(self) -> str:
        if self.kind == "xlsx":
            return ""
        if self._text is None:
            self._text, self.encoding = decode_bytes(self.data, self.spath)
        return self._text

    def grid(self) -> list[list[Any]]:
        """All rows of a CSV/TSV/XLSX as raw cells (header rows included); [] for JSON."""
        if self._grid is not None:
            return self._grid
        if self.kind == "xlsx":
            if not self.data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
                raise InputError(self.spath, reason=_("named like an Excel file but is not one"))
            from python_calamine import CalamineWorkbook
            try:
                wb = CalamineWorkbook.from_path(self.spath)
                grid = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
            except Exception as exc:  # calamine has its own error types
                raise InputError(self.spath, reason=_("cannot read as an Excel workbook: {error}")
                                 .format(error=exc)) from None
            self._grid = [list(r) for r in grid]
        elif self.kind in ("csv", "tsv"):
            self._grid = self._csv_rows(None)
        else:
            self._grid = []
        while self._grid and not any(not is_blank(c) for c in self._grid[0]):
            self._grid.pop(0)
        return self._grid

    def _sniff_delimiter(self) -> str:
        first = self.text.split("\n", 1)[0]
        self.delimiter = "\t" if self.kind == "tsv" or first.count("\t") > first.count(",") \
            else ";" if first.count(";") > first.count(",") else ","
        return self.delimiter

    def _csv_rows(self, limit: int | None, text: str | None = None) -> list[list[Any]]:
        csv.field_size_limit(64 * 1024 * 1024)
        prefix = text is not None and len(text) < len(self.text)
        reader = csv.reader(io.StringIO(self.text if text is None else text, newline=""),
                            delimiter=self._sniff_delimiter())
        rows: list[list[Any]] = []
        try:
            for row in reader:
                rows.append(row)
                if limit is not None and len(rows) >= limit:
                    break
        except csv.Error as exc:
            if prefix:   # the prefix cut a quoted cell in two: what was read is still fine
                return rows
            raise InputError(self.spath, row=len(rows) + 1,
                             reason=_("broken CSV quoting ({error}); check for an unclosed \" in "
                                      "or just before this row").format(error=exc)) from None
        if prefix and rows and limit is not None and len(rows) < limit:
            rows.pop()    # the last row may be cut off by the prefix
        return rows

    def head(self, n: int = 5) -> list[list[Any]]:
        """The first ``n`` rows (after leading blank rows) without parsing the whole file,
        so sniffing a big plain CSV costs almost nothing (parsed once, from a prefix, and
        shared by every sniffer)."""
        if self._grid is not None or self.kind not in ("csv", "tsv"):
            return self.grid()[:n]
        if self._head is None or len(self._head) < n:
            want = max(n, 40)
            rows = self._csv_rows(want + 20, self.text[:262_144])
            while rows and not any(not is_blank(c) for c in rows[0]):
                rows.pop(0)
            self._head = rows
        return self._head[:n]

    def sample(self, n: int = 50) -> list[dict[str, Any]]:
        """Up to ``n`` JSON records, for sniffing (JSON Lines: only the first lines are read)."""
        if self.kind == "jsonl" and not self._json_done:
            out = []
            for line in self.text.splitlines():
                if line.strip():
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError:
                        continue
                    if isinstance(obj, dict):
                        out.append(obj)
                    if len(out) >= n:
                        break
            return out
        data = self.json()
        if isinstance(data, dict):
            lists = [v for v in data.values() if isinstance(v, list) and v and
                     all(isinstance(x, dict) for x in v)]
            data = max(lists, key=len) if lists else []
        return [r for r in (data or []) if isinstance(r, dict)][:n]

    def json(self) -> Any:
        """Parsed JSON (a .json file) or a list of objects (JSON Lines); None otherwise."""
        if self._json_done:
            return self._json
        self._json_done = True
        if self.kind == "json":
            try:
                self._json = json.loads(self.text)
            except (json.JSONDecodeError, RecursionError):
                self._json = None
        elif self.kind == "jsonl":
            out = []
            lines = [(no, line) for no, line in enumerate(self.text.splitlines(), 1)
                     if line.strip()]
            for i, (no, line) in enumerate(lines):
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    if i == len(lines) - 1 and out:
                        self.bad_last = (no, _("not valid JSON: {msg} (character {col})")
                                         .format(msg=exc.msg, col=exc.colno))
                        break      # a truncated last line: one bad row, not the whole file
                    raise InputError(self.spath, row=no, reason=_(
                        "not valid JSON: {msg} (character {col})").format(
                        msg=exc.msg, col=exc.colno)) from None
            self._json = out
        return self._json

    def header(self) -> list[str]:
        g = self.head(1)
        return [cell_text(c).strip() for c in g[0]] if g else []

    def table_format(self) -> str:
        return "tsv" if self.kind == "csv" and self.delimiter == "\t" else self.kind


def is_blank(v: Any) -> bool:
    import math

    return v is None or (isinstance(v, float) and math.isnan(v)) or \
        (isinstance(v, str) and not v.strip())
