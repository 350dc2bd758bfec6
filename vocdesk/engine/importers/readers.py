"""Reading files into rows: encodings, CSV dialects, XLSX, JSON and JSON Lines.

Each reader yields ``(row_number, {column: value})`` where the row number is what a user sees
(a spreadsheet row, a JSON Lines line, a JSON array index from 1). Problems that make the
whole file unreadable raise :class:`InputError`; problems of one row are reported by the
importer, which knows the mapping.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from vocdesk.engine.errors import InputError
from vocdesk.engine.importers import safety, streaming
from vocdesk.engine.importers.mapping import clean_header
from vocdesk.engine.importers.streaming import data_rows
from vocdesk.i18n import _

MAX_CELL_CHARS = 100_000
#: Key of a row that could not be read at all (its value is the reason); the importer reports
#: it as one bad row instead of aborting the file.
BAD_ROW = "__bad__"
FORMATS = ("csv", "tsv", "xlsx", "json", "jsonl")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_GB = {"gb2312", "gbk", "gb18030", "hz", "cp936"}


@dataclass
class SourceTable:
    """A file read into columns and rows, with what was detected about it."""

    path: str
    format: str
    encoding: str | None
    columns: list[str]
    rows: Sequence[tuple[int, dict[str, Any]]]     # a list, or StreamedRows for large CSVs
    source_format: str = "generic"
    channel: str | None = None
    mapping_hint: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    confidence: float = 1.0                     # how sure the format sniffer is (0–1)
    candidates: list[tuple[str, float]] = field(default_factory=list)  # [(format, confidence)]


def detect_format(path: Path, head: bytes) -> str:
    ext = path.suffix.lower().lstrip(".")
    if head.startswith(_ZIP_MAGIC) or head.startswith(_OLE_MAGIC) or ext in ("xlsx", "xlsm", "xls"):
        return "xlsx"
    if ext in ("jsonl", "ndjson"):
        return "jsonl"
    if ext == "json":
        return "json"
    if ext == "tsv":
        return "tsv"
    return "csv"


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode file bytes; returns (text, encoding name).

    BOMs decide first; then strict UTF-8 (by far the most common and the only safe guess);
    then charset-normalizer. GB2312/GBK guesses are read as GB18030, their superset, which is
    what Excel in China writes.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(path, reason=_("starts with a {enc} mark but is not valid "
                                                "{enc} (byte {byte})").format(
                    enc=enc, byte=exc.start)) from None
    if b"\x00" in data[:8192]:
        even, odd = data[0:8192:2].count(0), data[1:8192:2].count(0)
        enc = "utf-16-le" if odd > even * 4 else "utf-16-be" if even > odd * 4 else None
        if not safety.nul_is_utf16(data[:8192]):   # a few stray NULs: text, not UTF-16
            enc = None
            if data[:8192].count(0) <= max(16, len(data[:8192]) // 100):
                data = data.replace(b"\x00", b"")
        if enc:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                pass
        if b"\x00" in data[:8192]:
            raise InputError(path, reason=_("binary file, not text (it contains NUL bytes); "
                                            "export it as CSV, XLSX or JSON"))
    data = data.replace(b"\x00", b"") if b"\x00" in data else data
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:1_000_000]).best()
    guess = best.encoding.replace("_", "").lower() if best is not None else None
    if guess is None or guess in _GB or guess.startswith(_CJK_PREFIXES):
        # Short Chinese files are often guessed as Korean or Big5 by every detector; our users
        # are mostly on mainland Excel, so prefer GB18030 when it reads as common Chinese.
        text = _as_gb18030(data)
        if text is not None:
            return text, "gb18030"
    if best is None:
        raise InputError(path, reason=_("unknown text encoding: not UTF-8, GB18030/GBK or "
                                        "any encoding that could be detected; save it as UTF-8"))
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise InputError(path, reason=_("looks like {enc} but does not decode as it; save it "
                                        "as UTF-8").format(enc=best.encoding)) from None


_CJK_PREFIXES = ("big5", "cp949", "euckr", "eucjp", "shiftjis", "cp932", "iso2022", "johab", "hz")


def _as_gb18030(data: bytes) -> str | None:
    """The text if ``data`` decodes as GB18030 into mostly common simplified Chinese."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return text
    common = 0
    for c in wide:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return text if common / len(wide) >= 0.9 else None


def unique_columns(raw: list[Any]) -> list[str]:
    """Header cells → unique names; blank headers become column_N."""
    cols: list[str] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(raw, 1):
        c = clean_header(c, fold=False) if c is not None else None
        name = c if c else f"column_{i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        cols.append(name)
    return cols


def _trim_trailing_empty(header: list[str]) -> list[str]:
    end = len(header)
    while end > 0 and not str(header[end - 1]).strip():
        end -= 1
    return header[:end]


def read_csv_text(text: str, path: str, delimiter: str | None = None
                  ) -> tuple[list[str], list[tuple[int, dict[str, Any]]], str]:
    """Parse CSV text with csv (strict quoting); returns (columns, rows, delimiter)."""
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    csv.field_size_limit(64 * 1024 * 1024)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    record = 0
    try:
        header_raw = next(reader, None)
        while header_raw is not None and not any(str(c).strip() for c in header_raw):
            header_raw = next(reader, None)
        if header_raw is None:
            raise InputError(path, reason=_("the file is empty: no header row and no data"))
        record = 1
        columns = unique_columns(_trim_trailing_empty(header_raw))
    except csv.Error as exc:
        raise InputError(path, row=record + 1,
                         reason=_("broken CSV quoting ({error}); check for an unclosed \" in "
                                  "or just before this row").format(error=exc)) from None
    rows = list(data_rows(reader, columns, path, record))
    return columns, rows, delimiter


def sniff_delimiter(text: str) -> str:
    """The delimiter of CSV text, from its first 64 KiB."""
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = ","
    first = sample.split("\n", 1)[0]
    if first.count(delimiter) == 0 and first.count(",") > 0:
        delimiter = ","
    return delimiter


def read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, dict[str, Any]]], list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheet_names = wb.sheet_names
        grid = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise InputError(str(path), reason=_("cannot read as an Excel workbook: {error}")
                         .format(error=exc)) from None
    notes = []
    if len(sheet_names) > 1:
        notes.append(f"read the first sheet {sheet_names[0]!r} of {len(sheet_names)}")
    start = 0
    while start < len(grid) and not any(str(c).strip() for c in grid[start]):
        start += 1
    if start >= len(grid):
        raise InputError(str(path), reason=_("the workbook's first sheet is empty"))
    columns = unique_columns(_trim_trailing_empty(list(grid[start])))
    rows = []
    for i in range(start + 1, len(grid)):
        values = grid[i]
        if not any(str(v).strip() for v in values if v is not None):
            continue
        rows.append((i + 1, dict(zip(columns, values, strict=False))))
    return columns, rows, notes


def _flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in obj.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        elif isinstance(v, list):
            out[key] = json.dumps(v, ensure_ascii=False) if any(isinstance(x, (dict, list))
                                                                 for x in v) else \
                "|".join("" if x is None else str(x) for x in v)
        else:
            out[key] = v
    return out


def _columns_of(records: list[tuple[int, dict[str, Any]]]) -> list[str]:
    seen: dict[str, None] = {}
    for _row, rec in records:
        for k in rec:
            seen.setdefault(k, None)
    return list(seen)


def read_json_text(text: str, path: str, lines: bool, notes: list[str] | None = None
                   ) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    dup = safety.DuplicateKeyTracker()
    try:
        return _read_json_text(text, path, lines, dup)
    except RecursionError:
        raise InputError(path, reason=_("JSON nested too deeply; refused")) from None
    finally:
        if notes is not None and dup.note():
            notes.append(dup.note())


def _read_json_text(text: str, path: str, lines: bool, dup: safety.DuplicateKeyTracker
                    ) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    records: list[tuple[int, dict[str, Any]]] = []
    if lines:
        for no, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line, object_pairs_hook=dup)
            except json.JSONDecodeError as exc:
                # one bad line (often a truncated last line) is one bad row, reported by the
                # importer with its line number; the rest of the file is still read
                records.append((no, {BAD_ROW: _("not valid JSON: {msg} (character {col})")
                                     .format(msg=exc.msg, col=exc.colno)}))
                continue
            if not isinstance(obj, dict):
                raise InputError(path, row=no, reason=_("each line must be a JSON object"))
            records.append((no, _flatten(obj)))
    else:
        try:
            data = json.loads(text, object_pairs_hook=dup)
        except json.JSONDecodeError as exc:
            raise InputError(path, row=exc.lineno, reason=_(
                "not valid JSON: {msg} (line {line}, column {col})").format(
                msg=exc.msg, line=exc.lineno, col=exc.colno)) from None
        if isinstance(data, dict):
            lists = [v for v in data.values() if isinstance(v, list) and v and
                     all(isinstance(x, dict) for x in v)]
            if not lists:
                raise InputError(path, reason=_("JSON object without a list of records in it"))
            data = max(lists, key=len)
        if not isinstance(data, list):
            raise InputError(path, reason=_("JSON must be a list of records (objects)"))
        for i, obj in enumerate(data, 1):
            if not isinstance(obj, dict):
                raise InputError(path, row=i, reason=_("record is not a JSON object"))
            records.append((i, _flatten(obj)))
    if not records:
        raise InputError(path, reason=_("the file is empty: no records"))
    if all(BAD_ROW in r for _n, r in records):
        no, first = records[0]
        raise InputError(path, row=no, reason=first[BAD_ROW])
    return [c for c in _columns_of(records) if c != BAD_ROW], records


def looks_like_json_lines(text: str) -> bool:
    """True when the text is JSON Lines whatever its name says (Yelp ships review.json so):
    its first two non-empty lines are each a complete JSON object."""
    lines = []
    for line in text[:1_000_000].splitlines():
        if line.strip():
            lines.append(line)
            if len(lines) == 2:
                break
    if len(lines) < 2:
        return False
    for line in lines:
        try:
            if not isinstance(json.loads(line), dict):
                return False
        except json.JSONDecodeError:
            return False
    return True


def read_table(path: str | Path, fmt: str | None = None) -> SourceTable:
    """Read any supported file into a SourceTable (generic formats; no tool-specific logic)."""
    path = Path(path)
    spath = str(path)
    if path.is_dir():
        raise InputError(spath, reason=_("is a directory, not a file"))
    if not path.is_file():
        raise InputError(spath, reason=_("no such file"))
    if fmt in (None, "csv", "tsv") and path.stat().st_size > streaming.STREAM_BYTES:
        with path.open("rb") as fh:
            magic = fh.read(8)
        kind = fmt or detect_format(path, magic)
        if kind in ("csv", "tsv"):
            table = streaming.read_csv_streamed(path, kind)
            if table is not None:
                return table
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(spath, reason=_("cannot read the file: {error}").format(
            error=exc.strerror)) from None
    if not data.strip():
        raise InputError(spath, reason=_("the file is empty"))
    fmt = fmt or detect_format(path, data[:8])
    if fmt not in FORMATS:
        raise InputError(spath, reason=_("unknown format {fmt!r}; use one of {known}").format(
            fmt=fmt, known=", ".join(FORMATS)))
    checked = safety.check_raw(path, data, fmt)
    if fmt == "xlsx":
        if not (data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC)):
            raise InputError(spath, reason=_("named like an Excel file but is not one"))
        columns, rows, notes = read_xlsx(path)
        return SourceTable(spath, fmt, None, columns, rows, notes=checked + notes)
    text, encoding = decode_bytes(data, spath)
    if fmt == "json" and looks_like_json_lines(text):
        fmt = "jsonl"
    if fmt in ("json", "jsonl"):
        columns, rows = read_json_text(text, spath, lines=fmt == "jsonl", notes=checked)
    else:
        columns, rows, delim = read_csv_text(text, spath, "\t" if fmt == "tsv" else None)
        if delim == "\t":
            fmt = "tsv"
    return SourceTable(spath, fmt, encoding, columns, rows, notes=checked)


def iter_chunks(rows: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` rows from a list or a :class:`~.streaming.StreamedRows`."""
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk
