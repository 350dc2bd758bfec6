"""Named errors of the engine.

Every error a user can cause carries enough context to act on: which file, which row,
which column and why. The CLI maps them to exit codes, the GUI to dialogs.
"""

from __future__ import annotations

from dataclasses import dataclass


class VocdeskError(Exception):
    """Base class of every error vocdesk raises on purpose."""


class SchemaTooNew(VocdeskError):
    """The workspace was written by a newer vocdesk than this one."""


class WorkspaceError(VocdeskError):
    """The workspace file is missing, unreadable or not a vocdesk workspace."""


class UsageError(VocdeskError):
    """The caller asked for something that does not make sense (bad option, bad mapping)."""


@dataclass
class InputProblem:
    """One problem found in an input file: where it is and what is wrong."""

    path: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        from vocdesk.i18n import _

        where = [self.path]
        if self.row is not None:
            where.append(_("row {row}").format(row=self.row))
        if self.column:
            where.append(_("column {column!r}").format(column=self.column))
        return f"{', '.join(where)}: {self.reason}"


class InputError(VocdeskError):
    """Bad input: the file (or a row of it) cannot be imported.

    ``row`` counts data rows from 1 as a spreadsheet user sees them (the header is row 1
    in a CSV, so the first data row is row 2); ``None`` means the whole file.
    """

    def __init__(self, path: str, row: int | None = None, column: str | None = None,
                 reason: str = "", problems: list[InputProblem] | None = None) -> None:
        self.problem = InputProblem(str(path), row, column, reason)
        self.problems = problems or [self.problem]
        super().__init__(str(self.problem))


class Cancelled(VocdeskError):
    """The user cancelled a long job; whatever it wrote has been rolled back."""


class WorkspaceFileError(WorkspaceError):
    """The file named as a workspace is not one (missing, a directory, empty, not SQLite, not a
    vocdesk workspace): bad input the user can fix by naming another file (CLI exit 3), unlike a
    busy or too-new workspace."""
