"""Large plain CSV/TSV files read on demand, so an import holds one chunk of rows, not the file.

Why: holding a million rows as dicts (and the file's bytes and text besides) took 2.66 GB
(issue 9). :class:`StreamedRows` keeps the first rows (for sniffing, the mapping, previews,
the dry run) and re-reads the file, through an incremental decoder and ``csv.reader``, each
time it is iterated. Row numbers and row-level problems are exactly those of
:func:`~vocdesk.engine.importers.readers.read_csv_text`, which small files still use.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator, Sequence
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any, overload

from vocdesk.engine.errors import InputError
from vocdesk.engine.importers import safety
from vocdesk.i18n import _

#: Files above this size are streamed; smaller ones are read whole (faster for small files,
#: and every vendor format's converter works on a whole file).
STREAM_BYTES = 4 * 1024 * 1024
#: How much of a large file the sniffers and the encoding guess see.
HEAD_BYTES = 1024 * 1024
#: Rows kept in memory for previews, trials and the mapping.
HEAD_ROWS = 2000
_BLOCK = 1024 * 1024


def file_sha256(path: str | Path) -> str:
    """The file's SHA-256, read in blocks (not the whole file in memory)."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while block := fh.read(_BLOCK):
            h.update(block)
    return h.hexdigest()


def check_line_lengths_stream(path: Path) -> None:
    """:func:`safety.check_line_lengths_bytes` a block at a time (a line longer than the limit
    is refused before it is parsed)."""
    import numpy as np

    spath, line, carry = str(path), 1, 0
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            # the line ends of the block found in numpy: no bytes object per line
            ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)
            lens = np.diff(ends, prepend=-1, append=len(block)) - 1     # bytes of each part
            lens[0] += carry
            if lens.max() > safety.MAX_LINE_CHARS:
                i = int(np.argmax(lens > safety.MAX_LINE_CHARS))
                raise InputError(spath, row=line + i, reason=_(
                    "line {line} is {n:,} bytes long with no line break (limit {limit:,})")
                    .format(line=line + i, n=int(lens[i]), limit=safety.MAX_LINE_CHARS))
            line += len(ends)
            carry = int(lens[-1])


def data_rows(reader: Any, columns: list[str], path: str, record: int
              ) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(record number, {column: cell})`` for the data records after the header; a record
    with more non-empty cells than the header carries ``__extra__`` (one bad row)."""
    ncol = len(columns)
    try:
        for values in reader:
            record += 1
            if not any(values) or not "".join(values).strip():
                continue
            if len(values) > ncol and any(v.strip() for v in values[ncol:]):
                yield record, {"__extra__": values[ncol:],
                               **dict(zip(columns, values[:ncol], strict=False))}
                continue
            yield record, dict(zip(columns, values, strict=False))
    except csv.Error as exc:
        raise InputError(path, row=record + 1,
                         reason=_("broken CSV quoting ({error}); check for an unclosed \" in "
                                  "or just before this row").format(error=exc)) from None
    except UnicodeDecodeError as exc:
        raise InputError(path, row=record + 1, reason=_(
            "not valid {enc} here (byte {byte} of a block); save the file as UTF-8").format(
            enc=exc.encoding, byte=exc.start)) from None


def data_blocks(reader: Any, columns: list[str], path: str, record: int, size: int,
                first: int | None = None) -> Iterator[Any]:
    """The same records as :func:`data_rows`, as :class:`~.blocks.Block` s of ``size`` rows
    (no dict per row: the column-wise converter reads columns); the first block has
    ``first`` rows when given (a small one moves the progress bar early on a busy machine).

    Records are taken from the reader a block at a time (``list.extend`` of an ``islice``,
    in C); a batch whose records all have the header's length and a first cell with text —
    the usual case, told by two C-level scans — is kept whole, any other batch goes record by
    record through the checks of :func:`data_rows` (blank records skipped, extra cells
    marked bad). Why: the per-record Python loop cost more than the CSV parsing itself
    (issue 9: 0.59 s against 0.26 s of ``csv.reader`` for 100k rows).
    """
    from vocdesk.engine.importers.blocks import Block, extra_cells_reason

    ncol = len(columns)
    rownos: list[int] = []
    recs: list[list[str]] = []
    bad: dict[int, str] = {}
    want = first or size
    first_cell = itemgetter(0)
    try:
        while True:
            batch: list[list[str]] = []
            try:
                batch.extend(islice(reader, want - len(recs)))
            finally:
                record += len(batch)        # records read before an error count too
            if not batch:
                break
            base = record - len(batch)
            if _plain(batch, ncol, first_cell):
                rownos.extend(range(base + 1, record + 1))
                recs.extend(batch)
            else:
                for j, values in enumerate(batch):      # the checks of data_rows
                    if not any(values) or not "".join(values).strip():
                        continue
                    if len(values) > ncol and any(v.strip() for v in values[ncol:]):
                        bad[len(recs)] = extra_cells_reason(len(values) - ncol)
                    rownos.append(base + 1 + j)
                    recs.append(values)
            if len(recs) >= want:
                yield Block.from_records(rownos, recs, columns, bad)
                rownos, recs, bad, want = [], [], {}, size
    except csv.Error as exc:
        raise InputError(path, row=record + 1,
                         reason=_("broken CSV quoting ({error}); check for an unclosed \" in "
                                  "or just before this row").format(error=exc)) from None
    except UnicodeDecodeError as exc:
        raise InputError(path, row=record + 1, reason=_(
            "not valid {enc} here (byte {byte} of a block); save the file as UTF-8").format(
            enc=exc.encoding, byte=exc.start)) from None
    if recs:
        yield Block.from_records(rownos, recs, columns, bad)


def _plain(batch: list[list[str]], ncol: int, first_cell: Any) -> bool:
    """Every record has ``ncol`` cells and a first cell that is neither empty nor blank (so
    none is a blank record or has extra cells): checked in C, no Python step per record."""
    if ncol < 1 or set(map(len, batch)) != {ncol}:
        return False
    firsts = list(map(first_cell, batch))
    return "" not in firsts and not any(map(str.isspace, firsts))


class StreamedRows(Sequence):
    """The data rows of a large CSV: the first :data:`HEAD_ROWS` kept, the rest re-read on
    each iteration. ``len()`` costs one pass over the file (cached); imports use
    :attr:`estimate` for their progress bar instead, so it moves from the first second."""

    def __init__(self, path: Path, encoding: str, delimiter: str, columns: list[str],
                 header_record: int, skip_lines: int) -> None:
        self.path, self.encoding, self.delimiter = path, encoding, delimiter
        self.columns, self.header_record, self.skip_lines = columns, header_record, skip_lines
        self._len: int | None = None
        self.head: list[tuple[int, dict[str, Any]]] = []
        it = iter(self)
        for row in it:
            self.head.append(row)
            if len(self.head) >= HEAD_ROWS:
                break
        else:
            self._len = len(self.head)
        it.close()
        self.estimate = self._estimate()

    def _estimate(self) -> int:
        if self._len is not None:
            return self._len
        size = self.path.stat().st_size
        with self.path.open("rb") as fh:
            sample = fh.read(HEAD_BYTES)
        lines = max(1, sample.count(b"\n"))
        return max(len(self.head), int(size / (len(sample) / lines)))

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:  # type: ignore[override]
        csv.field_size_limit(64 * 1024 * 1024)
        with self.path.open("r", encoding=self.encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=self.delimiter, strict=True)
            for _ in range(self.skip_lines):
                next(reader, None)
            yield from data_rows(reader, self.columns, str(self.path), self.header_record)

    def iter_blocks(self, size: int, first: int | None = None) -> Iterator[Any]:
        """The rows again, as column blocks of ``size`` rows (what an import converts), the
        first of ``first`` rows when given."""
        csv.field_size_limit(64 * 1024 * 1024)
        with self.path.open("r", encoding=self.encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=self.delimiter, strict=True)
            for _ in range(self.skip_lines):
                next(reader, None)
            yield from data_blocks(reader, self.columns, str(self.path), self.header_record,
                                   size, first)

    def __len__(self) -> int:
        if self._len is None:
            self._len = sum(1 for _ in self)
        return self._len

    @overload
    def __getitem__(self, i: int) -> tuple[int, dict[str, Any]]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, dict[str, Any]]]: ...

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            whole = self._len is not None and self._len == len(self.head)
            if whole or ((i.start or 0) >= 0 and i.stop is not None and
                         0 <= i.stop <= len(self.head)):
                return self.head[i]
            return list(self)[i]
        if 0 <= i < len(self.head):
            return self.head[i]
        return list(self)[i]

    def __bool__(self) -> bool:
        return bool(self.head)


def stream_encoding(head: bytes, path: str) -> str | None:
    """The encoding to stream a file with, guessed from its first bytes (cut at a line end);
    None when the head has NUL bytes (UTF-16 or stray NULs: read whole as before)."""
    from vocdesk.engine.importers.readers import decode_bytes

    if b"\x00" in head:
        return None
    _text, enc = decode_bytes(head, path)
    return enc


def read_csv_streamed(path: Path, fmt: str) -> Any:
    """A large CSV/TSV as a :class:`SourceTable` whose rows are :class:`StreamedRows`, or None
    when it must be read whole (NUL bytes in its head)."""
    from vocdesk.engine.importers.readers import (
        SourceTable,
        _trim_trailing_empty,
        sniff_delimiter,
        unique_columns,
    )

    spath = str(path)
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    head = head[:head.rfind(b"\n") + 1] or head
    enc = stream_encoding(head, spath)
    if enc is None:
        return None
    delimiter = "\t" if fmt == "tsv" else sniff_delimiter(head.decode(enc, "replace"))
    check_line_lengths_stream(path)
    csv.field_size_limit(64 * 1024 * 1024)
    with path.open("r", encoding=enc, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        try:
            header_raw, skip = next(reader, None), 1
            while header_raw is not None and not any(str(c).strip() for c in header_raw):
                header_raw, skip = next(reader, None), skip + 1
        except csv.Error as exc:
            raise InputError(spath, row=1, reason=_(
                "broken CSV quoting ({error}); check for an unclosed \" in or just before "
                "this row").format(error=exc)) from None
    if header_raw is None:
        raise InputError(spath, reason=_("the file is empty: no header row and no data"))
    columns = unique_columns(_trim_trailing_empty(header_raw))
    rows = StreamedRows(path, enc, delimiter, columns, header_record=1, skip_lines=skip)
    return SourceTable(spath, "tsv" if delimiter == "\t" else "csv", enc, columns, rows)
