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


def ids_sha256(ids: Iterable[int]) -> str:
    """SHA-256 (hex) of the sorted row ids, as defined in the module docstring."""
    arr = np.unique(np.asarray(list(ids) if not isinstance(ids, np.ndarray) else ids,
                               dtype=np.int64))
    return hashlib.sha256("\n".join(str(int(i)) for i in arr).encode()).hexdigest()


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
                 f"{words['models']} {models}",
                 f"{words['redactor']} {self.redactor}",
                 f"n = {self.n:,}"]
        if self.note:
            parts.append(self.note)
        return " · ".join(parts) + f"<br/>SHA-256 {self.ids_sha256}"


@dataclass
class LineageContext:
    """What every lineage of one pack shares: scope filter and the workspace's versions."""

    filter: dict[str, Any]
    taxonomy: str
    models: dict[str, str]
    redactor: str
    versions: Any = None        # pandas Series id -> analysis version (set by the evidence)

    def of(self, ids: np.ndarray, note: str = "") -> Lineage:
        """The lineage of a figure built from rows ``ids``."""
        ids = np.asarray(ids, dtype=np.int64)
        analysis: list[str] = []
        if self.versions is not None and len(ids):
            got = self.versions.reindex(ids).dropna()
            analysis = sorted({v for v in got if v})
        return Lineage(filter=self.filter, taxonomy=self.taxonomy, analysis=analysis,
                       models=self.models, redactor=self.redactor, n=int(len(np.unique(ids))),
                       ids_sha256=ids_sha256(ids), note=note)
