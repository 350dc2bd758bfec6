"""Lineage: where every figure and table of a pack comes from.

Each figure carries the filter, the taxonomy version, the analyser and model versions, n and a
SHA-256 of the sorted row ids behind it, so a reader can recompute any number. The hash is
``sha256("\\n".join(str(id) for id in sorted(ids)))`` (decimal ids, no trailing newline).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np


def sorted_unique(ids: Iterable[int]) -> np.ndarray:
    """The distinct ids ascending (cheap when they already are: scopes come sorted)."""
    arr = np.asarray(ids if isinstance(ids, np.ndarray) else list(ids), dtype=np.int64)
    if len(arr) > 1 and not bool(np.all(arr[1:] >= arr[:-1])):
        arr = np.sort(arr)
    if len(arr) > 1:
        arr = arr[np.concatenate(([True], arr[1:] != arr[:-1]))]
    return arr


def ids_sha256(ids: Iterable[int]) -> str:
    """SHA-256 (hex) of the sorted row ids, as defined in the module docstring."""
    arr = sorted_unique(ids)
    return hashlib.sha256("\n".join(map(str, arr.tolist())).encode()).hexdigest()


@dataclass
class Lineage:
    """The provenance printed under one figure or table (and kept in the manifest)."""

    filter: dict[str, Any]
    taxonomy: str
    analysis: list[str]
    models: dict[str, str]
    redactor: str
    n: int
    ids_sha256: str
    sentiment: list[str] = field(default_factory=list)   # what set the rows' sentiment
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def caption(self, scope_text: str, words: dict[str, str]) -> str:
        """One small line of plain text for under the figure (``words`` from texts.py)."""
        models = ", ".join(f"{k}@{v}" for k, v in sorted(self.models.items())) or "—"
        parts = [f"{words['filter']}: {scope_text}",
                 f"{words['taxonomy']} {self.taxonomy}",
                 f"{words['analysis']} {', '.join(self.analysis) or '—'}",
                 f"{words['sentiment']} {', '.join(self.sentiment) or '—'}",
                 f"{words['models']} {models}",
                 f"{words['redactor']} {self.redactor}",
                 f"n = {self.n:,}"]
        if self.note:
            parts.append(self.note)
        return " · ".join(parts) + f"<br/>SHA-256 {self.ids_sha256}"


class LineageContext:
    """What every lineage of one pack shares: scope filter and the workspace's versions.

    ``row_ids`` (ascending) and ``row_versions`` (the analysis version of each) cover the
    scope; figures name the rows behind them and get the versions of exactly those rows.
    """

    def __init__(self, filter: dict[str, Any], taxonomy: str, models: dict[str, str],
                 redactor: str, row_ids: np.ndarray, row_versions: Iterable[str],
                 row_origins: Iterable[str] = ()) -> None:
        import pandas as pd

        self.filter, self.taxonomy, self.models, self.redactor = filter, taxonomy, models, redactor
        self._ids = np.asarray(row_ids, dtype=np.int64)
        self._versions = pd.factorize(np.asarray(row_versions, dtype=object))
        origins = list(row_origins) or [""] * len(self._ids)
        self._origins = pd.factorize(np.asarray(origins, dtype=object))
        self._memo: dict[bytes, Lineage] = {}

    def _used(self, ids: np.ndarray, factorized: tuple) -> list[str]:
        """The distinct non-empty labels of ``ids`` in a factorized per-row column."""
        codes_all, cats = factorized
        if not len(ids) or not len(self._ids):
            return []
        pos = np.minimum(np.searchsorted(self._ids, ids), len(self._ids) - 1)
        codes = np.asarray(codes_all)[pos[self._ids[pos] == ids]]
        codes = codes[codes >= 0]
        used = np.flatnonzero(np.bincount(codes, minlength=len(cats))) if len(codes) else []
        return sorted(v for v in (cats[i] for i in used) if v)

    def of(self, ids: Iterable[int], note: str = "") -> Lineage:
        """The lineage of a figure built from rows ``ids``."""
        arr = sorted_unique(ids)
        key = hashlib.blake2b(arr.tobytes(), digest_size=16).digest() + note.encode()
        got = self._memo.get(key)
        if got is None:
            got = Lineage(filter=self.filter, taxonomy=self.taxonomy,
                          analysis=self._used(arr, self._versions), models=self.models,
                          redactor=self.redactor, n=int(len(arr)), ids_sha256=ids_sha256(arr),
                          sentiment=self._used(arr, self._origins), note=note)
            self._memo[key] = got
        return got
