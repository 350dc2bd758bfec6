"""``ws.evidence``: quotes an analyst marks as evidence for packs (mark, unmark, list).

A mark is the analyst's choice, not a tag: it lives in its own table with who and when, so a
re-analysis never drops it, and the packs' quote selection
(:meth:`vocdesk.engine.reports.evidence.Evidence.quotes`) prefers marked rows inside the
pack's scope. Each write is one transaction; bad ids are refused before anything is written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.errors import UsageError
from vocdesk.engine.store import evidence_marks as store_marks
from vocdesk.engine.store import transaction

if TYPE_CHECKING:
    from vocdesk.engine.workspace import Workspace

#: Longest note or topic kept (a note is a sentence, not a document).
MAX_NOTE = 500


def _at(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def _clean(text: str | None, what: str) -> str | None:
    if text is None:
        return None
    text = text.strip()
    if len(text) > MAX_NOTE:
        raise UsageError(f"evidence {what} is {len(text)} characters; at most {MAX_NOTE}")
    return text or None


class EvidenceService:
    """Evidence marks of one workspace (``ws.evidence``)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def mark(self, ids: list[int], *, note: str | None = None, topic: str | None = None,
             who: str | None = None, now: datetime | None = None) -> int:
        """Mark rows as evidence (again: new note/topic); returns how many rows."""
        ids = sorted({int(i) for i in ids})
        if not ids:
            raise UsageError("mark as evidence: no rows given")
        note, topic = _clean(note, "note"), _clean(topic, "topic")
        db = self._ws.db
        missing = sorted(set(ids) - store_marks.existing_ids(db, ids))
        if missing:
            shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
            raise UsageError(f"mark as evidence: no feedback row {shown}")
        with transaction(db):
            store_marks.mark(db, ids, note, topic, who, _at(now))
        return len(ids)

    def unmark(self, ids: list[int], *, who: str | None = None,
               now: datetime | None = None) -> int:
        """Remove the marks of rows; returns how many were marked."""
        ids = sorted({int(i) for i in ids})
        if not ids:
            return 0
        with transaction(self._ws.db):
            return store_marks.unmark(self._ws.db, ids, who, _at(now))

    def ids(self, flt: FeedbackFilter | None = None, topic: str | None = None) -> list[int]:
        """Marked row ids (inside ``flt`` / of ``topic`` when given), in marking order."""
        return [m["feedback_id"] for m in self._marks(flt, topic, None)]

    def is_marked(self, ids) -> set[int]:  # noqa: ANN001 - any iterable of ints
        """Which of ``ids`` are marked (the explorer's mark column)."""
        return store_marks.marked_ids(self._ws.db, [int(i) for i in ids])

    def list(self, flt: FeedbackFilter | None = None, topic: str | None = None,
             who: str | None = None) -> list[dict[str, Any]]:
        """Marks with their rows: ``feedback_id, note, topic, marked_by, marked_at`` plus the
        row's ``text, created_at, channel`` — inside ``flt`` / of ``topic`` / by ``who``."""
        got = self._marks(flt, topic, who)
        rows = {r["id"]: r for r in self._ws.browse.rows([m["feedback_id"] for m in got])}
        out = []
        for m in got:
            r = rows.get(m["feedback_id"], {})
            out.append({**m, "text": r.get("text") or "", "created_at": r.get("created_at"),
                        "channel": r.get("channel")})
        return out

    def topics(self) -> list[str]:
        return store_marks.topics(self._ws.db)

    def log(self, feedback_id: int | None = None) -> list[dict[str, Any]]:
        """Who marked or unmarked what, when (oldest first)."""
        return store_marks.log(self._ws.db, feedback_id)

    def _marks(self, flt: FeedbackFilter | None, topic: str | None, who: str | None
               ) -> list[dict[str, Any]]:
        got = store_marks.marks(self._ws.db, topic, who)
        if flt is not None and not flt.is_empty() and got:
            inside = self._ws.browse.ids(flt)
            keep = np.isin([m["feedback_id"] for m in got], inside)
            got = [m for m, k in zip(got, keep, strict=True) if k]
        return got
