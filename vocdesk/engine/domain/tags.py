"""Human tag edits as values: what undo, the tag log and the accuracy lab pass around."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TagChange:
    """One row's values of one facet before and after a human edit (for undo and the log)."""

    feedback_id: int
    facet: str
    old: tuple[str, ...] | None     # None: there was no human tag (auto tags showed)
    new: tuple[str, ...] | None     # None: remove the human tag (auto tags show again)
