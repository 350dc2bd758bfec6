"""Undoable human edits (glue-style Command / CommandStack), Qt-free.

Every edit a person makes goes through :meth:`CommandStack.do`. Undo does not delete history:
it writes the inverse change as a new, logged edit, so the audit log stays append-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from vocdesk.engine.domain import TagChange

MAX_UNDO = 200


class Command:
    """One user action. ``label`` is what the Edit menu shows ("Undo Set category on 12 rows")."""

    label: str = ""

    def do(self, ws) -> None:
        raise NotImplementedError

    def undo(self, ws) -> None:
        raise NotImplementedError


@dataclass
class SetTags(Command):
    """Set (or clear with ``values=None``) the human tag of one facet on some rows."""

    feedback_ids: list[int]
    facet: str
    values: list[str] | None
    who: str | None = None
    label: str = ""
    changes: list[TagChange] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.label:
            what = "/".join(self.values) if self.values else "auto"
            n = len(self.feedback_ids)
            self.label = f"set {self.facet} = {what} on {n} row{'s' if n != 1 else ''}"

    def do(self, ws) -> None:
        self.changes = ws.set_human_tags(self.feedback_ids, self.facet, self.values,
                                         who=self.who, note=self.label)

    def undo(self, ws) -> None:
        ws.apply_changes([TagChange(c.feedback_id, c.facet, c.new, c.old) for c in self.changes],
                         who=self.who, note=f"undo: {self.label}")


@dataclass
class Batch(Command):
    """Several commands as one undo step (a bulk edit, "accept all auto tags of the row")."""

    commands: list[Command]
    label: str = "edit"

    def do(self, ws) -> None:
        for c in self.commands:
            c.do(ws)

    def undo(self, ws) -> None:
        for c in reversed(self.commands):
            c.undo(ws)


class CommandStack:
    """Undo / redo over a workspace; listeners hear about every change."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self._undo: list[Command] = []
        self._redo: list[Command] = []
        self.listeners: list[Callable[[Command], None]] = []

    def do(self, cmd: Command) -> None:
        cmd.do(self.ws)
        self._undo.append(cmd)
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        self._notify(cmd)

    def undo(self) -> Command | None:
        if not self._undo:
            return None
        cmd = self._undo.pop()
        cmd.undo(self.ws)
        self._redo.append(cmd)
        self._notify(cmd)
        return cmd

    def redo(self) -> Command | None:
        if not self._redo:
            return None
        cmd = self._redo.pop()
        cmd.do(self.ws)
        self._undo.append(cmd)
        self._notify(cmd)
        return cmd

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    def _notify(self, cmd: Command) -> None:
        for fn in list(self.listeners):
            fn(cmd)
