"""Checks that run before a file is handed to a parser, so a hostile or broken file gives one
clear error instead of a crash, a runaway allocation or a 50 MB error message.

Why here and not in the parsers: calamine (Rust) trusts an XLSX's ``<dimension>`` and the
shared-strings ``uniqueCount`` and allocates for them (a 1.8 KB file asked for 512 GB and the
process aborted); ``json`` recurses per nesting level; ``csv`` happily builds one 50 MB field.
All of these are cheap to detect from the archive directory or the raw text first.

The readers call the ``check_*`` functions with one line each (see ``readers.py``).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from vocdesk.engine.errors import InputError
from vocdesk.i18n import _

#: An uncompressed XLSX bigger than this is refused (a 1M-row sheet of short reviews is ~300 MB).
MAX_XLSX_UNCOMPRESSED = 1_000_000_000
#: Compression ratio above which a member of at least ``RATIO_MIN_SIZE`` bytes is a bomb.
MAX_RATIO = 200
RATIO_MIN_SIZE = 50_000_000
#: Declared sheet size (cells) that calamine would pre-allocate; 1M rows × 30 columns.
MAX_CELLS = 30_000_000
MAX_ROWS = 1_048_576
MAX_SHARED_STRINGS = 50_000_000
#: JSON nesting deeper than this is refused before ``json.loads`` recurses.
MAX_JSON_DEPTH = 200
#: A line (record) longer than this is refused: no feedback text is 10 MB long.
MAX_LINE_CHARS = 10_000_000
#: Quoted content in messages is cut to this many characters.
QUOTE_CHARS = 200

_DIM = re.compile(rb'<(?:\w+:)?dimension[^>]*\bref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')
_UNIQUE = re.compile(rb'<(?:\w+:)?sst\b[^>]*?\b(?:uniqueCount|count)="(\d+)"')
_FORMULA_NO_VALUE = re.compile(
    rb'<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*'
    rb'(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')
_CELL_REF = re.compile(rb'\br="[A-Z]{1,3}(\d+)"')


_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def shorten(value: object, limit: int = QUOTE_CHARS) -> str:
    """``value`` as one line of text (control characters escaped), cut to ``limit``
    characters with a note of how much was left out."""
    s = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    if len(s) <= limit:
        return s
    return f"{s[:limit]}… ({len(s) - limit:,} more characters)"


def _col_number(letters: bytes | None) -> int:
    n = 0
    for ch in letters or b"A":
        n = n * 26 + ch - 64
    return n


def check_xlsx_archive(path: Path) -> list[str]:
    """Refuse an XLSX that would make the reader run away; return notes about silent losses.

    Checks, from the zip directory and the first bytes of members only: total uncompressed
    size, compression ratio of big members, the declared ``<dimension>`` of each sheet and the
    shared-strings count. Also scans the first sheet for formula cells without a cached value
    (calamine reads them as empty, which silently drops text): those are returned as notes.
    """
    spath = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(spath, reason=_("cannot read as an Excel workbook: {error}").format(
            error=shorten(exc))) from None
    try:
        with zf:
            return _check_archive(zf, spath)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError, ValueError) as exc:
        raise InputError(spath, reason=_("cannot read as an Excel workbook: {error}").format(
            error=shorten(exc))) from None


def _check_archive(zf: zipfile.ZipFile, spath: str) -> list[str]:
    notes: list[str] = []
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise InputError(spath, reason=_(
            "the workbook unpacks to {size:,} MB (limit {limit:,} MB); it looks like a zip "
            "bomb or needs to be split").format(size=total // 1_000_000,
                                               limit=MAX_XLSX_UNCOMPRESSED // 1_000_000))
    for i in infos:
        if i.file_size >= RATIO_MIN_SIZE and i.file_size > MAX_RATIO * max(1, i.compress_size):
            raise InputError(spath, reason=_(
                "{member} is compressed {ratio:,}:1 ({size:,} MB unpacked): refused as a "
                "zip bomb").format(member=i.filename,
                                   ratio=i.file_size // max(1, i.compress_size),
                                   size=i.file_size // 1_000_000))
    names = {i.filename: i for i in infos}
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    for name in sheets:
        head = _read_head(zf, name)
        m = _DIM.search(head)
        if m and m.group(4):
            rows = int(m.group(4)) - int(m.group(2) or 1) + 1
            cols = _col_number(m.group(3)) - _col_number(m.group(1)) + 1
            if rows > MAX_ROWS or rows * cols > MAX_CELLS:
                raise InputError(spath, reason=_(
                    "{sheet} declares {rows:,} rows × {cols:,} columns ({ref}); refused "
                    "(limit {limit:,} cells) — re-save the file in Excel").format(
                    sheet=name.rsplit("/", 1)[-1], rows=rows, cols=cols,
                    ref=m.group(0).split(b'"')[1].decode("ascii", "replace"),
                    limit=MAX_CELLS))
    if "xl/sharedStrings.xml" in names:
        m = _UNIQUE.search(_read_head(zf, "xl/sharedStrings.xml"))
        if m and int(m.group(1)) > MAX_SHARED_STRINGS:
            raise InputError(spath, reason=_(
                "the shared-strings table declares {n:,} strings (limit {limit:,}); "
                "refused — re-save the file in Excel").format(n=int(m.group(1)),
                                                              limit=MAX_SHARED_STRINGS))
    first = "xl/worksheets/sheet1.xml" if "xl/worksheets/sheet1.xml" in names else \
        (sheets[0] if sheets else None)
    if first:
        rows_hit = _formula_cells_without_value(zf, first)
        if rows_hit:
            shown = ", ".join(str(r) for r in rows_hit[:10])
            notes.append(_("{n} formula cells have no saved value and were read as empty "
                           "(rows {rows}{more}); open and re-save the file in Excel to "
                           "keep their values").format(
                n=len(rows_hit), rows=shown, more=" …" if len(rows_hit) > 10 else ""))
    return notes


def _read_head(zf: zipfile.ZipFile, name: str, size: int = 65536) -> bytes:
    with zf.open(name) as fh:
        return fh.read(size)


def _formula_cells_without_value(zf: zipfile.ZipFile, name: str) -> list[int]:
    """Row numbers of ``<c><f>…</f></c>`` cells (a formula and no ``<v>``), streaming."""
    rows: list[int] = []
    tail = b""
    with zf.open(name) as fh:
        while True:
            block = fh.read(1 << 20)
            if not block:
                break
            buf = tail + block
            cut = buf.rfind(b"</c>") + 4 if b"</c>" in buf else 0
            for m in _FORMULA_NO_VALUE.finditer(buf, 0, cut):
                r = _CELL_REF.search(m.group(1))
                rows.append(int(r.group(1)) if r else 0)
            tail = buf[cut:][-65536:]
    return rows


_JSON_STRING = re.compile(rb'"(?:[^"\\\n]|\\.)*"')
_KEEP_BRACKETS = bytes(range(256)).translate(None, b"[]{}")


def check_raw(path: Path, data: bytes, kind: str) -> list[str]:
    """The one call the readers make on a file's bytes before parsing it.

    Returns notes about data that will be read differently than the user may expect.
    """
    spath = str(path)
    if data.startswith(b"PK\x03\x04"):
        return check_xlsx_archive(path)
    if kind in ("xlsx",):
        return []
    check_line_lengths_bytes(data, spath)
    if kind in ("json", "jsonl"):
        check_json_depth_bytes(data, spath)
    return []


def check_line_lengths_bytes(data: bytes, path: str) -> None:
    """Like :func:`check_line_lengths` on raw bytes (before decoding 50 MB for nothing)."""
    if len(data) <= MAX_LINE_CHARS:
        return
    start, line, n = 0, 1, len(data)
    while start < n:
        end = data.find(b"\n", start)
        if end < 0:
            end = n
        if end - start > MAX_LINE_CHARS:
            head = data[start:start + 200].decode("utf-8", "replace")
            raise InputError(path, row=line, reason=_(
                "line {line} is {n:,} bytes long with no line break (limit {limit:,}); "
                "it starts with {head!r}").format(line=line, n=end - start,
                                                 limit=MAX_LINE_CHARS, head=shorten(head, 60)))
        start = end + 1
        line += 1


def check_json_depth_bytes(data: bytes, path: str) -> None:
    """Refuse JSON nested deeper than ``MAX_JSON_DEPTH`` before ``json`` recurses into it.

    Strings are cut out by a regex and only brackets kept, so the Python loop runs over
    brackets only.
    """
    if data.count(b"[") + data.count(b"{") < MAX_JSON_DEPTH:
        return
    brackets = _JSON_STRING.sub(b"", data).translate(None, _KEEP_BRACKETS)
    depth = 0
    for b in brackets:
        if b in (91, 123):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise InputError(path, reason=_(
                    "JSON nested more than {limit} levels deep; refused").format(
                    limit=MAX_JSON_DEPTH))
        else:
            depth = max(0, depth - 1)


def nul_is_utf16(sample: bytes) -> bool:
    """Whether NUL bytes in ``sample`` look like UTF-16 (about every other byte is NUL).

    A CSV with a few stray NULs is not UTF-16: reading it so garbles every column name.
    """
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2 or 1
    return max(even, odd) >= 0.3 * half and (odd > even * 4 or even > odd * 4)


def strip_nul(text: str) -> tuple[str, int]:
    """Text without NUL characters, and how many were removed (they break XLSX and SQLite tools)."""
    n = text.count("\x00")
    return (text.replace("\x00", "") if n else text), n


class DuplicateKeyTracker:
    """``object_pairs_hook`` for ``json.loads`` that keeps the last value (like ``json``) but
    counts duplicate keys, so the importer can say so instead of losing data silently."""

    def __init__(self) -> None:
        self.duplicates: dict[str, int] = {}

    def __call__(self, pairs: list[tuple[str, object]]) -> dict:
        out: dict = {}
        for k, v in pairs:
            if k in out:
                self.duplicates[k] = self.duplicates.get(k, 0) + 1
            out[k] = v
        return out

    def note(self) -> str | None:
        if not self.duplicates:
            return None
        keys = ", ".join(f"{shorten(k, 40)!r} ×{n}" for k, n in list(self.duplicates.items())[:8])
        return _("duplicate JSON keys; the last value of each was kept: {keys}").format(keys=keys)


__all__ = ["check_raw", "check_xlsx_archive", "nul_is_utf16",
           "strip_nul", "shorten", "DuplicateKeyTracker", "MAX_JSON_DEPTH", "MAX_LINE_CHARS"]
