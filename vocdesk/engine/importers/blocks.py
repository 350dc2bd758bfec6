"""A chunk of rows held as columns: what the column-wise converter works on (issue 9).

Why: converting row dicts one by one cost more than everything else in a large import.
A :class:`Block` holds each column as one list, so a conversion runs once per column (and
once per distinct cell) instead of once per cell. A block is built straight from CSV records
(large streamed files: no per-row dict is ever made) or from the row dicts every other
reader yields. :meth:`Block.row` gives back a row exactly as the row-wise readers give it,
for the few uses that need a whole row (fingerprints of rows without text, imported tags).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from vocdesk.engine.importers.readers import BAD_ROW
from vocdesk.i18n import _

_EXTRA = "__extra__"


def extra_cells_reason(n: int) -> str:
    return _("{n} more cells than the header has columns (a stray delimiter or broken "
             "quoting)").format(n=n)


@dataclass
class Block:
    """Rows ``rownos`` as ``columns`` (name → one value per row, None where a row lacks it).

    ``bad`` holds the rows the reader could not read (index → reason). ``ordered`` says every
    row's dict lists its cells in ``columns`` order (CSV records), so per-row attributes can
    be built column by column.
    """

    rownos: list[int]
    columns: dict[str, list[Any]]
    bad: dict[int, str] = field(default_factory=dict)
    ordered: bool = False
    _dicts: list[dict[str, Any]] | None = None
    _records: list[list[Any]] | None = None
    _lengths: dict[int, int] = field(default_factory=dict)   # short records: real length

    def __len__(self) -> int:
        return len(self.rownos)

    def row(self, i: int) -> dict[str, Any]:
        """Row ``i`` as ``{column: cell}``, exactly as the row-wise reader yields it."""
        if self._dicts is not None:
            return self._dicts[i]
        names = list(self.columns)
        rec = self._records[i]                      # type: ignore[index]
        n = self._lengths.get(i, len(names))
        return dict(zip(names[:n], rec[:n], strict=True))

    @classmethod
    def from_rows(cls, chunk: list[tuple[int, dict[str, Any]]], names: list[str]) -> Block:
        """A block of ``(row number, {column: cell})`` rows (any reader)."""
        dicts = [d for _n, d in chunk]
        seen = dict.fromkeys(names)
        for d in dicts:
            if d.keys() - seen.keys():
                seen.update(dict.fromkeys(k for k in d if k not in seen))
        seen.pop(BAD_ROW, None)
        seen.pop(_EXTRA, None)
        cols = {c: [d.get(c) for d in dicts] for c in seen}
        bad = {}
        for i, d in enumerate(dicts):
            if BAD_ROW in d:
                bad[i] = d[BAD_ROW]
            elif _EXTRA in d:
                bad[i] = extra_cells_reason(len(d[_EXTRA]))
        return cls([n for n, _d in chunk], cols, bad, False, _dicts=dicts)

    @classmethod
    def from_records(cls, rownos: list[int], records: list[list[Any]], names: list[str],
                     bad: dict[int, str]) -> Block:
        """A block of CSV records (lists of cells in ``names`` order; ``bad`` already found).

        Short records are padded with None (the cell is absent, as in the row dict), long
        ones cut to the header (their extra cells made them bad, or were empty)."""
        ncol = len(names)
        lengths = {}
        ragged = bool(records) and set(map(len, records)) != {ncol}   # one C scan
        for i, rec in enumerate(records if ragged else ()):
            if len(rec) != ncol:
                if len(rec) < ncol:
                    lengths[i] = len(rec)
                    records[i] = rec + [None] * (ncol - len(rec))
                else:
                    records[i] = rec[:ncol]
        # one C-level pass per column (half the time of transposing with zip(*records))
        cols = {c: list(map(itemgetter(k), records)) for k, c in enumerate(names)} \
            if records else {c: [] for c in names}
        return cls(rownos, cols, bad, True, _records=records, _lengths=lengths)
