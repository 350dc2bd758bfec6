"""The headless engine: store, importers, text analysis, tagging, analysis, reports.

Nothing here imports Qt; the CLI and the GUI drive the same :class:`Workspace`.
"""

from vocdesk.engine.errors import (
    Cancelled,
    InputError,
    SchemaTooNew,
    UsageError,
    VocdeskError,
    WorkspaceError,
)

__all__ = ["Cancelled", "InputError", "SchemaTooNew", "UsageError", "VocdeskError",
           "WorkspaceError", "Workspace"]


def __getattr__(name: str):
    if name == "Workspace":   # lazy: importing the engine must not load jieba and sklearn
        from vocdesk.engine.workspace import Workspace

        return Workspace
    raise AttributeError(name)
