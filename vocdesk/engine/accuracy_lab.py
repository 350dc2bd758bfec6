"""``ws.accuracy``: the accuracy lab's use cases on one workspace.

Transaction rule: everything here reads, except :meth:`AccuracyLab.import_coding`, which writes
a second analyst's coding as one logged batch in one transaction (all rows or none).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vocdesk.engine import double_coding as dc
from vocdesk.engine.accuracy import (
    AccuracyReport,
    accuracy_report,
    learned_facets,
    stored_predictions,
)
from vocdesk.engine.domain import TagChange
from vocdesk.engine.errors import InputError, UsageError
from vocdesk.engine.store import accuracy_queries as q
from vocdesk.engine.store import tags as store_tags


class AccuracyLab:
    def __init__(self, ws) -> None:
        self._ws = ws

    def _check_facet(self, facet: str | None) -> None:
        if facet is not None and self._ws.taxonomy.facet(facet) is None:
            names = ", ".join(f.name for f in self._ws.taxonomy.facets)
            raise UsageError(f"no facet {facet!r} (facets: {names})")

    def report(self, facet: str | None = None) -> AccuracyReport:
        """Per facet with human tags: P/R/F1, confusion, calibration, coverage."""
        self._check_facet(facet)
        return accuracy_report(self._ws.db, self._ws.taxonomy, facet)

    def model_predictions(self, facet: str) -> dict[int, list[tuple[str, float | None]]]:
        """What the model says per row: out of fold for learned facets, else stored tags."""
        db, tax = self._ws.db, self._ws.taxonomy
        learned = learned_facets(db)
        if facet in learned:
            from vocdesk.engine.accuracy_cv import out_of_fold_predictions

            gold = {i: v for i, v in store_tags.human_labels(db, facet).items() if v}
            spec = tax.facet(facet)
            return out_of_fold_predictions(db, tax, facet, gold, bool(spec and spec.multi),
                                           learned[facet])
        return stored_predictions(db, facet)

    def agreement(self, facet: str | None = None) -> dict[str, Any]:
        """Double coding: κ per coder pair (per facet and per value), disagreements, κ vs model."""
        self._check_facet(facet)
        facets = [facet] if facet else q.human_facets(self._ws.db)
        return dc.agreement_report(self._ws.db, facets, self.model_predictions)

    def sample_for_double_coding(self, facet: str, n: int, coder: str | None = None,
                                 seed: int = 0) -> tuple[str | None, list[dict[str, Any]]]:
        """A stratified sample of coded rows for a second analyst: (first coder, rows)."""
        self._check_facet(facet)
        if n < 1:
            raise UsageError(f"the sample needs at least 1 row (got {n})")
        coder, ids = dc.sample_for_double_coding(self._ws.db, facet, n, coder, seed)
        return coder, self._ws.feedback(ids)

    def write_sample(self, facet: str, n: int, out: str | Path, coder: str | None = None,
                     seed: int = 0) -> tuple[str | None, int]:
        coder, rows = self.sample_for_double_coding(facet, n, coder, seed)
        dc.write_sample_csv(Path(out), rows, facet)
        return coder, len(rows)

    def import_coding(self, path: str | Path, facet: str, who: str) -> int:
        """Read a coded sample sheet and record it as ``who``'s human tags (one batch)."""
        self._check_facet(facet)
        if not who:
            raise UsageError("say who coded the sheet (--who NAME)")
        spec = self._ws.taxonomy.facet(facet)
        known = {v.value for v in spec.values} if spec else set()
        coded = dc.read_coding_csv(Path(path), facet, known)
        found = {r["id"] for r in self._ws.feedback(sorted(coded))}
        missing = sorted(set(coded) - found)
        if missing:
            raise InputError(str(path), None, "id", f"no feedback row with id {missing[0]}")
        old = store_tags.human_values(self._ws.db, sorted(coded), facet)
        changes = [TagChange(i, facet, old.get(i), (v,)) for i, v in sorted(coded.items())]
        self._ws.apply_changes(changes, who=who, note="double coding")
        return len(changes)
