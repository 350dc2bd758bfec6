"""Running engine work off the GUI thread, with progress, cancel and a clean quit.

The work function is a plain engine call ``fn(workspace, progress)``; it never sees a Qt
object. Each job opens its own connection to the workspace file (SQLite connections belong
to one thread), and WAL lets the window keep reading while the job writes.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from vocdesk.engine.errors import Cancelled, VocdeskError
from vocdesk.engine.jobs import CancelFlag
from vocdesk.engine.workspace import notify_lock_waits
from vocdesk.i18n import _

#: The progress of the job running on this worker thread (None on the GUI thread).
_running = threading.local()


def _tell_lock_wait(message: str) -> None:
    """A job's write waits for another process (a CLI import): say so on its progress bar."""
    progress = getattr(_running, "progress", None)
    if progress is not None:
        progress.tell(_(message))


notify_lock_waits(_tell_lock_wait)


class JobSignals(QObject):
    progress = Signal(int, int, str)        # done, total (0 = unknown), message
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()                     # after done / failed / cancelled


class QtProgress(CancelFlag):
    """Engine Progress that forwards to Qt signals, at most ~20 times a second."""

    def __init__(self, signals: JobSignals) -> None:
        super().__init__()
        self._signals = signals
        self._last = 0.0

    def start(self, total: int | None, message: str = "") -> None:
        super().start(total, message)
        self._send(0, total or 0, message)

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        super().update(done, total, message)
        now = time.monotonic()
        if now - self._last >= 0.05 or (self.total and done >= self.total):
            self._last = now
            self._send(done, self.total or 0, self.message)

    def tell(self, message: str) -> None:
        """Show ``message`` now, whatever the rate limit (e.g. "waiting for another import…")."""
        self.message = message
        self._send(self.done, self.total or 0, message)

    def _send(self, done: int, total: int, message: str) -> None:
        try:
            self._signals.progress.emit(done, total, message)
        except RuntimeError:    # the window is gone (application teardown): stop the work
            self.cancel()


class Job(QRunnable):
    """One background job. ``cancel()`` is safe from any thread."""

    def __init__(self, title: str, path: Path | None,
                 fn: Callable[[Any, QtProgress], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.title = title
        self.path = path
        self.fn = fn
        self.signals = JobSignals()
        self.progress = QtProgress(self.signals)
        self.started_at = time.monotonic()
        self.ended = False                  # set in the worker thread when run() returns

    def cancel(self) -> None:
        self.progress.cancel()

    @property
    def is_cancelled(self) -> bool:
        return self.progress.cancelled

    def _emit(self, signal_name: str, *args) -> None:
        # The application may be tearing down while this thread finishes; a signal whose
        # QObject is already gone has nobody left to tell.
        try:
            getattr(self.signals, signal_name).emit(*args)
        except RuntimeError:
            pass

    def run(self) -> None:
        ws = None
        _running.progress = self.progress
        try:
            if self.path is not None:
                from vocdesk.engine.workspace import Workspace

                ws = Workspace.open(self.path)
            result = self.fn(ws, self.progress)
        except Cancelled:
            self._emit("cancelled")
        except VocdeskError as exc:
            self._emit("failed", str(exc))
        except Exception as exc:   # an unexpected bug: show it, never crash the window
            traceback.print_exc()
            self._emit("failed", f"{type(exc).__name__}: {exc}")
        else:
            if self.progress.cancelled:
                self._emit("cancelled")
            else:
                self._emit("done", result)
        finally:
            if ws is not None:
                ws.close()
            _running.progress = None
            self.ended = True
            self._emit("finished")


class JobRunner(QObject):
    """Starts jobs on a thread pool and keeps a registry so quitting can cancel them."""

    job_started = Signal(object)
    job_finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.jobs: list[Job] = []

    def start(self, title: str, path: Path | None, fn: Callable[[Any, QtProgress], Any],
              on_done: Callable[[Any], None] | None = None,
              on_failed: Callable[[str], None] | None = None,
              on_cancelled: Callable[[], None] | None = None) -> Job:
        job = Job(title, path, fn)
        if on_done:
            job.signals.done.connect(on_done)
        if on_failed:
            job.signals.failed.connect(on_failed)
        if on_cancelled:
            job.signals.cancelled.connect(on_cancelled)
        job.signals.finished.connect(lambda j=job: self._finished(j))
        self.jobs.append(job)
        self.job_started.emit(job)
        self.pool.start(job)
        return job

    def _finished(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        self.job_finished.emit(job)

    @property
    def busy(self) -> bool:
        return any(not j.ended for j in self.jobs)

    def cancel_all(self) -> None:
        for job in list(self.jobs):
            job.cancel()

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel every job and wait for them (each rolls back what it had not committed)."""
        self.cancel_all()
        return self.pool.waitForDone(timeout_ms)
