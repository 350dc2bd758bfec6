"""The GUI's hold on one open workspace: connection, undo stack, background jobs, change signal.

Pages never open connections or write on their own: they call ``session.workspace`` for reads,
``session.do(command)`` for edits and ``session.run_job(...)`` for long work, and refresh when
``changed`` fires.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from vocdesk.engine.commands import Command, CommandStack
from vocdesk.ui.jobs import Job, JobRunner


class Session(QObject):
    opened = Signal(str)            # path of the workspace now open
    closed = Signal()
    changed = Signal(object)        # set of topics: {"feedback", "tags", "taxonomy", "models"}
    undo_state = Signal()           # undo/redo availability or labels changed
    job_started = Signal(object)    # Job
    job_finished = Signal(object)
    job_failed = Signal(str, str)   # title, message: a job without its own on_failed failed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = None
        self.stack: CommandStack | None = None
        self.jobs = JobRunner(self)
        self.jobs.job_started.connect(self.job_started)
        self.jobs.job_finished.connect(self.job_finished)
        self._pending: set[str] = set()

    # --- lifecycle ---------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.workspace.path if self.workspace is not None else None

    def open(self, path: str | Path) -> None:
        from vocdesk.engine.workspace import Workspace

        ws = Workspace.open(path)
        self._set(ws)

    def new(self, path: str | Path) -> None:
        from vocdesk.engine.workspace import Workspace

        ws = Workspace.create(path)
        self._set(ws)

    def _set(self, ws) -> None:
        self.close()
        self.workspace = ws
        self.stack = CommandStack(ws)
        self.stack.listeners.append(lambda cmd: (self.notify("tags"), self.undo_state.emit()))
        self.opened.emit(str(ws.path))
        self.undo_state.emit()

    def close(self) -> None:
        if self.workspace is None:
            return
        self.jobs.shutdown()
        self.workspace.close()
        self.workspace = None
        self.stack = None
        self.closed.emit()
        self.undo_state.emit()

    # --- edits -------------------------------------------------------------------------------
    def do(self, cmd: Command) -> None:
        """Run an undoable edit; the audit log records the OS user as its author."""
        _stamp_who(cmd, _user())
        self.stack.do(cmd)

    def undo(self) -> None:
        if self.stack is not None:
            self.stack.undo()

    def redo(self) -> None:
        if self.stack is not None:
            self.stack.redo()

    @property
    def undo_label(self) -> str | None:
        return self.stack.undo_label if self.stack is not None else None

    @property
    def redo_label(self) -> str | None:
        return self.stack.redo_label if self.stack is not None else None

    @property
    def busy(self) -> bool:
        return self.jobs.busy

    def notify(self, *topics: str) -> None:
        """Coalesce change notifications into one ``changed`` signal per event-loop turn."""
        if not self._pending:
            QTimer.singleShot(0, self._flush)
        self._pending.update(topics)

    def _flush(self) -> None:
        topics, self._pending = self._pending, set()
        if topics:
            self.changed.emit(topics)

    # --- long work ---------------------------------------------------------------------------
    def run_job(self, title: str, fn: Callable[[Any, Any], Any], *,
                on_done: Callable[[Any], None] | None = None,
                on_failed: Callable[[str], None] | None = None,
                on_cancelled: Callable[[], None] | None = None,
                topics: tuple[str, ...] = ("feedback", "tags")) -> Job:
        """Run ``fn(workspace, progress)`` in the background on its own connection.

        When it ends (done, failed or cancelled) the session announces ``topics`` changed,
        so views re-read what the job wrote.
        """
        def finished(*_):
            if topics:
                self.notify(*topics)

        work = fn
        if "feedback" in topics:
            # rows a job added are indexed for search in the same background thread, so the
            # first search afterwards stays fast (search also indexes lazily if this is skipped)
            def work(ws, progress, _fn=fn):
                result = _fn(ws, progress)
                if ws is not None:

                    ws.browse.sync_search_index(progress)
                return result

        if on_failed is None:
            def on_failed(msg: str, _title=title) -> None:
                self.job_failed.emit(_title, msg)

        job = self.jobs.start(title, self.path, work, on_done, on_failed, on_cancelled)
        job.signals.finished.connect(finished)
        return job


def _user() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except Exception:   # noqa: BLE001 - no user name is not an error
        return None


def _stamp_who(cmd, who: str | None) -> None:
    if hasattr(cmd, "commands"):
        for c in cmd.commands:
            _stamp_who(c, who)
    elif hasattr(cmd, "who") and cmd.who is None:
        cmd.who = who
