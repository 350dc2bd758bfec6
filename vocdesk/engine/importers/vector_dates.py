"""Naive ``YYYY-MM-DD HH:MM[:SS]`` times of a whole chunk converted at once (numpy/pandas).

Why: parsing, zone-stamping and formatting one ``datetime`` per row was the largest single
cost of a big import after the insert itself (issue 9). The result is exactly what
:func:`~vocdesk.engine.importers.values.parse_datetime_zone` gives (ISO 8601 with the zone's
offset, epoch seconds, stamped=True); anything else — other shapes, times that a DST change
makes ambiguous or nonexistent, years outside 1990–2100 — is left to that function.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

_NAIVE = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?")
#: Fewer distinct candidates than this: the per-cell path is as fast.
MIN_BATCH = 64


def _offset(seconds: int) -> str | None:
    if seconds % 60:
        return None                      # a seconds offset (old local mean time): per cell
    sign = "+" if seconds >= 0 else "-"
    h, m = divmod(abs(seconds) // 60, 60)
    return f"{sign}{h:02d}:{m:02d}"


def naive_times(raws: list[Any], tz: str) -> dict[tuple[type, str], tuple[str, float, bool]]:
    """``{(str, cell): (iso, epoch seconds, True)}`` for the cells that are naive ISO-like
    times, read in ``tz``; keyed like the converter's memo so it can be prefilled."""
    cands = list({r for r in raws if r.__class__ is str and len(r) in (16, 19)
                  and _NAIVE.fullmatch(r)})
    if len(cands) < MIN_BATCH:
        return {}
    norm = [c[:10] + "T" + c[11:] + (":00" if len(c) == 16 else "") for c in cands]
    naive = pd.to_datetime(pd.Series(norm), format="%Y-%m-%dT%H:%M:%S", errors="coerce")
    years = naive.dt.year
    ok = (naive.notna() & (years >= 1990) & (years <= 2100)).to_numpy()
    if not ok.any():
        return {}
    local = naive.where(ok).dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    ok = ok & local.notna().to_numpy()
    utc_ns = local.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[ns]") \
        .astype(np.int64)
    local_ns = naive.to_numpy("datetime64[ns]").astype(np.int64)
    off_s = (local_ns - utc_ns) // 1_000_000_000
    offsets: dict[int, str | None] = {}
    out: dict[tuple[type, str], tuple[str, float, bool]] = {}
    for c, n, ns, off, good in zip(cands, norm, utc_ns.tolist(), off_s.tolist(), ok.tolist(),
                                   strict=True):
        if not good:
            continue
        if off not in offsets:
            offsets[off] = _offset(off)
        o = offsets[off]
        if o is not None:
            out[(str, c)] = (n + o, ns / 1e9, True)
    return out
