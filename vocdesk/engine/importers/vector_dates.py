"""Naive ``YYYY-MM-DD HH:MM[:SS]`` times of a whole chunk converted at once (numpy/pandas).

Why: parsing, zone-stamping and formatting one ``datetime`` per row was the largest single
cost of a big import after the insert itself (issue 9). The cells are read as fixed-width
arrays of code points: shape, digits and ranges are checked, and the fields computed, for the
whole chunk in a few numpy operations, with no regular expression or ``datetime`` per cell.
The result is exactly what :func:`~vocdesk.engine.importers.values.parse_datetime_zone` gives
(ISO 8601 with the zone's offset, epoch seconds, stamped=True); anything else — other shapes,
non-ASCII digits, impossible dates, times that a DST change makes ambiguous or nonexistent,
years outside 1990–2100 — is left to that function.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

#: Fewer distinct candidates than this: the per-cell path is as fast.
MIN_BATCH = 64
_DIGITS16 = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15]
_DIGITS19 = [*_DIGITS16, 17, 18]


def _offset(seconds: int) -> str | None:
    if seconds % 60:
        return None                      # a seconds offset (old local mean time): per cell
    sign = "+" if seconds >= 0 else "-"
    h, m = divmod(abs(seconds) // 60, 60)
    return f"{sign}{h:02d}:{m:02d}"


def _fields(cells: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ok, local naive epoch seconds, has_seconds) of cells of length 16 or 19."""
    u = np.array(cells, dtype="U19").view(np.uint32).reshape(len(cells), 19).astype(np.int64)
    long = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells)) == 19
    d = u - 48
    ok = ((d[:, _DIGITS16] >= 0) & (d[:, _DIGITS16] <= 9)).all(axis=1)
    ok &= (u[:, 4] == 45) & (u[:, 7] == 45) & ((u[:, 10] == 32) | (u[:, 10] == 84))
    ok &= u[:, 13] == 58
    sec_digits = ((d[:, [17, 18]] >= 0) & (d[:, [17, 18]] <= 9)).all(axis=1)
    ok &= ~long | ((u[:, 16] == 58) & sec_digits)
    d = np.where(ok[:, None], d, 0)
    year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    month = d[:, 5] * 10 + d[:, 6]
    day = d[:, 8] * 10 + d[:, 9]
    hour = d[:, 11] * 10 + d[:, 12]
    minute = d[:, 14] * 10 + d[:, 15]
    sec = np.where(long, d[:, 17] * 10 + d[:, 18], 0)
    ok &= (year >= 1990) & (year <= 2100) & (month >= 1) & (month <= 12) & (day >= 1)
    ok &= (hour <= 23) & (minute <= 59) & (sec <= 59)
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    days = months.astype("datetime64[D]") + np.where(ok, day - 1, 0).astype("timedelta64[D]")
    ok &= days.astype("datetime64[M]") == months          # the day exists in that month
    local_s = days.astype(np.int64) * 86400 + hour * 3600 + minute * 60 + sec
    return ok, local_s, long


def naive_times_by_cell(cells: list[str], tz: str) -> dict[str, tuple[str, float, bool]]:
    """``{cell: (iso, epoch seconds, True)}`` for the distinct ``cells`` that are naive
    ISO-like times, read in ``tz`` (the ISO strings built as code-point arrays too)."""
    cands = [c for c in cells if c.__class__ is str and len(c) in (16, 19)]
    if len(cands) < MIN_BATCH:
        return {}
    ok, local_s, long = _fields(cands)
    if not ok.any():
        return {}
    keep = np.flatnonzero(ok)
    naive = pd.DatetimeIndex(local_s[keep].astype("datetime64[s]").astype("datetime64[ns]"))
    local = naive.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    good = ~np.asarray(local.isna())
    keep, local = keep[good], local[good]
    utc_s = local.asi8 // 1_000_000_000
    off_s = local_s[keep] - utc_s
    uniq, inv = np.unique(off_s, return_inverse=True)
    names = [_offset(o) for o in uniq.tolist()]
    fine = np.asarray([o is not None for o in names])[inv]
    keep, utc_s, inv = keep[fine], utc_s[fine], inv[fine]
    if not len(keep):
        return {}
    codes = np.array([o or "+00:00" for o in names], dtype="U6").view(np.uint32) \
        .reshape(len(names), 6)
    iso = np.array([cands[i] for i in keep.tolist()], dtype="U19").view(np.uint32) \
        .reshape(len(keep), 19).copy()
    iso[:, 10] = 84                                    # "T"
    short = ~long[keep]
    iso[short, 16:] = [58, 48, 48]                     # ":00"
    full = np.ascontiguousarray(np.concatenate([iso, codes[inv]], axis=1))
    isos = full.view("U25").ravel().tolist()
    kept = [cands[i] for i in keep.tolist()]
    return dict(zip(kept, zip(isos, utc_s.astype(np.float64).tolist(), repeat(True),
                              strict=False), strict=True))


def naive_times(raws: list[Any], tz: str) -> dict[tuple[type, str], tuple[str, float, bool]]:
    """``{(str, cell): (iso, epoch seconds, True)}`` for the cells that are naive ISO-like
    times, read in ``tz``; keyed like the row-wise converter's memo so it can be prefilled."""
    cands = list({r for r in raws if r.__class__ is str and len(r) in (16, 19)})
    return {(str, c): v for c, v in naive_times_by_cell(cands, tz).items()}
