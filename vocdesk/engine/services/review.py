"""``ws.review``: the review queue (which rows to look at next), edits on them, retraining,
and the rule preview of the taxonomy editor.

Ordering lives in SQL in :mod:`vocdesk.engine.store.review_queries`. Edits come back as
:class:`~vocdesk.engine.commands.Command` objects that the caller executes through its command
stack, so each is one undo step (and one transaction, through ``Workspace.apply_changes``).

Transaction rule: the queue and the preview read; :meth:`ReviewService.retrain` writes the
models in one transaction, then re-analyses with ``ws.analyze`` (one transaction per batch).
Derived facets (``kind: derived`` in the taxonomy) are left out of acceptance and of the
uncertainty order: analysis derives them from their sources.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vocdesk.engine.commands import Batch, Command, SetTags
from vocdesk.engine.domain.taxonomy import Taxonomy
from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.rule_preview import PREVIEW_ID, RulePreview, RuleSample, value_rules
from vocdesk.engine.store import review_queries as store_review
from vocdesk.engine.store import text_scan
from vocdesk.engine.text.placeholders import mask_placeholders

if TYPE_CHECKING:
    from vocdesk.engine.workspace import Workspace

MODES = store_review.MODES


@dataclass
class RetrainResult:
    """Accuracy per facet before and after retraining, as measured by cross-validation.

    ``facets``: facet → {"baseline", "learned", "chosen", "n", "previous"} where ``baseline``
    is the rules / zero-shot accuracy on the human-labelled rows, ``learned`` the learned
    model's, and ``previous`` the learned accuracy of the model it replaced (None if none).
    """

    facets: dict[str, dict[str, Any]] = field(default_factory=dict)
    rows_analyzed: int = 0
    reports: list[dict] = field(default_factory=list)


class ReviewService:
    """Review use cases of one workspace (``ws.review``)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def derived_facets(self) -> tuple[str, ...]:
        return self._ws.taxonomy.derived_facets()

    def queue(self, mode: str = "uncertainty", limit: int = 500, offset: int = 0,
              include_reviewed: bool = False) -> list[int]:
        """Feedback ids to review, most useful first.

        ``mode``: ``"uncertainty"`` (least confident auto tags first) or ``"impact"`` (negative
        feedback from the most valuable customers first). Rows with human tags are left out
        unless ``include_reviewed``. Raises ValueError for an unknown mode.
        """
        return store_review.review_queue_ids(self._ws.db, mode, limit, offset, include_reviewed,
                                             derived=self.derived_facets())

    def counts(self) -> tuple[int, int]:
        """(reviewed, remaining) row counts of the workspace."""
        return store_review.review_counts(self._ws.db)

    def accept_auto_tags(self, ids: list[int], label: str | None = None) -> Batch:
        """A command that turns every auto tag of the rows into a human tag (one undo step).

        Facets already tagged by a person keep their human tags; derived facets are skipped
        because analysis derives them from the accepted sources. The batch is empty
        (``not cmd.commands``) when there is nothing to accept.
        """
        derived = set(self.derived_facets())
        groups: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
        tags = self._ws.effective_tags(list(ids))
        for fid in ids:
            for facet, items in tags.get(fid, {}).items():
                if facet in derived:
                    continue
                autos = tuple(t["value"] for t in items if t["origin_kind"] == "auto")
                if autos:
                    groups[(facet, autos)].append(fid)
        n = len(ids)
        text = label or f"accept auto tags of {n} row{'s' if n != 1 else ''}"
        cmds: list[Command] = [SetTags(rows, facet, list(values), label=text)
                               for (facet, values), rows in groups.items()]
        return Batch(cmds, label=text)

    def replace_value(self, ids: list[int], facet: str, old: str, new: str | None,
                      label: str | None = None) -> Batch:
        """A command replacing ``old`` by ``new`` in ``facet`` on the rows that have ``old``.

        Works on effective values (human or auto); the result is a human tag. ``new`` None or
        '' removes ``old``. Rows without ``old`` are untouched; the batch is empty if none has it.
        """
        tags = self._ws.effective_tags(list(ids))
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for fid in ids:
            values = [t["value"] for t in tags.get(fid, {}).get(facet, [])]
            if old not in values:
                continue
            out = [new if v == old else v for v in values]
            groups[tuple(dict.fromkeys(v for v in out if v))].append(fid)
        n = sum(len(r) for r in groups.values())
        text = label or f"replace {old} with {new or 'nothing'} in {facet} on {n} rows"
        return Batch([SetTags(rows, facet, list(values), label=text)
                      for values, rows in groups.items()], label=text)

    def retrain(self, progress: Progress = NULL_PROGRESS) -> RetrainResult:
        """Retrain every learned model on the current human tags, then re-analyse the rows."""
        ws = self._ws
        before = ws.models()
        reports = ws.train(force=True, progress=progress)
        result = RetrainResult(reports=reports)
        for rep in reports:
            facet = rep.get("facet")
            prev = (before.get(facet) or {}).get("metrics") or {}
            result.facets[facet] = {
                "baseline": rep.get("cv_accuracy_baseline"),
                "learned": rep.get("cv_accuracy_learned"),
                "chosen": rep.get("chosen"),
                "n": rep.get("n_labels"),
                "previous": prev.get("cv_accuracy_learned") if isinstance(prev, dict) else None,
            }
        progress.check()
        report = ws.analyze(progress=progress)
        result.rows_analyzed = getattr(report, "rows_analyzed", 0)
        return result

    def queue_rows(self, ids: list[int]) -> list[dict[str, Any]]:
        """What the queue shows for each id (in order): text, channel, effective sentiment and
        category with origin and score, the customer's segment and value, reviewed or not."""
        ws = self._ws
        derived = set(self.derived_facets())
        rows = {r["id"]: r for r in ws.feedback(list(ids))}
        tags = ws.effective_tags(list(ids))
        customers = store_review.customer_values(ws.db, list(ids))
        reviewed = store_review.reviewed_among(ws.db, list(ids))
        out = []
        for fid in ids:
            r = rows.get(fid)
            if r is None:
                continue
            t = tags.get(fid, {})
            senti = (t.get("sentiment") or [None])[0]
            seg, ltv = customers.get(fid, (None, None))
            out.append({
                "id": fid, "text": r["text"], "channel": r["channel"],
                "created_at": r["created_at"], "customer_id": r["customer_id"],
                "segment": seg, "lifetime_value": ltv,
                "sentiment": senti, "category": t.get("category") or [],
                "min_score": min((x["score"] for f, items in t.items() if f not in derived
                                  for x in items if x["origin_kind"] == "auto"
                                  and x["score"] is not None), default=None),
                "reviewed": fid in reviewed,
            })
        return out

    def preview_rule(self, expr: str, facet: str, value: str, sample: int = 20,
                     progress: Progress = NULL_PROGRESS, *, rule_id: str | None = None,
                     taxonomy: Taxonomy | None = None, batch: int = 2000) -> RulePreview:
        """Scan every text of the workspace with an edited rule; see :class:`RulePreview`.

        ``rule_id``: the rule being edited (its stored expression is replaced by ``expr``);
        ``taxonomy``: the taxonomy being edited (default: the workspace's). Raises
        RuleSyntaxError before scanning if ``expr`` does not parse, Cancelled on cancel.
        """
        from vocdesk.engine.tagging.rules import RuleSet, parse_rule

        db = self._ws.db
        parse_rule(expr)
        tax = copy.deepcopy(taxonomy) if taxonomy is not None else self._ws.taxonomy
        rules = RuleSet(value_rules(tax, facet, value, expr, rule_id))
        current = text_scan.auto_value_origins(db, facet, value)
        from_rules = {fid for fid, origin in current.items()
                      if origin and not str(origin).startswith("learned:")}
        out = RulePreview(expr, facet, value)
        total = text_scan.count_texts(db)
        progress.start(total, "rule preview")
        matched: set[int] = set()
        for rows in text_scan.iter_texts(db, batch):
            progress.check()
            for fid, text in rows:
                found = rules.match(mask_placeholders(text))
                if not found:
                    continue
                matched.add(fid)
                mine = next((m for m in found if m.rule_id == PREVIEW_ID), None)
                if mine is not None:
                    out.hits += 1
                    if len(out.samples) < sample:
                        out.samples.append(RuleSample(fid, text, list(mine.spans)))
            out.total += len(rows)
            progress.update(out.total, total)
        out.moved_in = len(matched - set(current))
        out.moved_out = len(from_rules - matched)
        progress.finish()
        return out
