"""The review queue as a Qt-free service: which rows to look at next, and edits on them.

The GUI's review page and any other front end call these functions; ordering lives in SQL in
:mod:`vocdesk.engine.store.review`. Edits come back as :class:`~vocdesk.engine.commands.Command`
objects that the caller executes through its command stack, so each is one undo step.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from vocdesk.engine.commands import Batch, Command, SetTags
from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.store import review as store_review

MODES = store_review.MODES
#: Facets derived from others by analysis; accepting their auto values would freeze them.
DERIVED_FACETS = store_review.DERIVED


def _db(ws_or_db):
    return getattr(ws_or_db, "db", ws_or_db)


def review_queue(ws_or_db, mode: str = "uncertainty", limit: int = 500, offset: int = 0,
                 include_reviewed: bool = False) -> list[int]:
    """Feedback ids to review, most useful first.

    ``mode``: ``"uncertainty"`` (least confident auto tags first) or ``"impact"`` (negative
    feedback from the most valuable customers first). Rows with human tags are left out unless
    ``include_reviewed``. Raises ValueError for an unknown mode.
    """
    return store_review.review_queue_ids(_db(ws_or_db), mode, limit, offset, include_reviewed)


def review_counts(ws_or_db) -> tuple[int, int]:
    """(reviewed, remaining) row counts of the workspace."""
    return store_review.review_counts(_db(ws_or_db))


def accept_auto_tags(ws, ids: list[int], label: str | None = None) -> Batch:
    """A command that turns every auto tag of the rows into a human tag (one undo step).

    Facets already tagged by a person keep their human tags; derived facets (stage,
    department) are skipped because analysis derives them from the accepted sources. The
    batch is empty (``not cmd.commands``) when there is nothing to accept.
    """
    groups: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    tags = ws.effective_tags(list(ids))
    for fid in ids:
        for facet, items in tags.get(fid, {}).items():
            if facet in DERIVED_FACETS:
                continue
            autos = tuple(t["value"] for t in items if t["origin_kind"] == "auto")
            if autos:
                groups[(facet, autos)].append(fid)
    n = len(ids)
    text = label or f"accept auto tags of {n} row{'s' if n != 1 else ''}"
    cmds: list[Command] = [SetTags(rows, facet, list(values), label=text)
                           for (facet, values), rows in groups.items()]
    return Batch(cmds, label=text)


def replace_value(ws, ids: list[int], facet: str, old: str, new: str | None,
                  label: str | None = None) -> Batch:
    """A command replacing ``old`` by ``new`` in ``facet`` on the rows that have ``old``.

    Works on effective values (human or auto); the result is a human tag. ``new`` None or ''
    removes ``old``. Rows without ``old`` are untouched; the batch is empty if none has it.
    """
    tags = ws.effective_tags(list(ids))
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


def retrain(ws, progress: Progress = NULL_PROGRESS) -> RetrainResult:
    """Retrain every learned model on the current human tags, then re-analyse the rows."""
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


def queue_rows(ws, ids: list[int]) -> list[dict[str, Any]]:
    """What the queue shows for each id (in order): text, channel, effective sentiment and
    category with origin and score, the customer's segment and value, reviewed or not."""
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
            "id": fid, "text": r["text"], "channel": r["channel"], "created_at": r["created_at"],
            "customer_id": r["customer_id"], "segment": seg, "lifetime_value": ltv,
            "sentiment": senti, "category": t.get("category") or [],
            "min_score": min((x["score"] for f, items in t.items() if f not in DERIVED_FACETS
                              for x in items if x["origin_kind"] == "auto"
                              and x["score"] is not None), default=None),
            "reviewed": fid in reviewed,
        })
    return out
