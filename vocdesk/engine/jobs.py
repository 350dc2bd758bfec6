"""Progress reporting and cancellation for long engine work, with no threads and no Qt.

Engine functions take a ``progress`` argument. The CLI passes a terminal bar, the GUI an
adapter that forwards to Qt signals and raises :class:`Cancelled` from ``check()`` once the
user pressed Cancel. The work function never learns which one it got.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol

from vocdesk.engine.errors import Cancelled

__all__ = ["Progress", "NullProgress", "NULL_PROGRESS", "CancelFlag", "TerminalProgress",
           "Cancelled"]


class Progress(Protocol):
    def start(self, total: int | None, message: str = "") -> None: ...
    def update(self, done: int, total: int | None = None, message: str = "") -> None: ...
    def check(self) -> None: ...
    def finish(self) -> None: ...


class NullProgress:
    """Reports nowhere; ``check()`` raises only if a cancel flag was set."""

    def __init__(self) -> None:
        self.cancelled = False

    def start(self, total: int | None, message: str = "") -> None:
        pass

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        pass

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled("cancelled")

    def finish(self) -> None:
        pass

    def cancel(self) -> None:
        self.cancelled = True


NULL_PROGRESS = NullProgress()


class CancelFlag(NullProgress):
    """A progress that records the last state; handy for tests and the GUI adapter."""

    def __init__(self) -> None:
        super().__init__()
        self.done = 0
        self.total: int | None = None
        self.message = ""
        self.started_at = time.monotonic()

    def start(self, total: int | None, message: str = "") -> None:
        self.total, self.message, self.done = total, message, 0
        self.started_at = time.monotonic()

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        self.done = done
        if total is not None:
            self.total = total
        if message:
            self.message = message


class TerminalProgress(CancelFlag):
    """A tqdm bar (rows, rate, ETA) on a terminal; silent when stderr is not a TTY."""

    def __init__(self, unit: str = "rows", enabled: bool | None = None) -> None:
        super().__init__()
        self.unit = unit
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar = None

    def start(self, total: int | None, message: str = "") -> None:
        super().start(total, message)
        if self.enabled:
            from tqdm import tqdm

            if self._bar is not None:
                self._bar.close()
            self._bar = tqdm(total=total, desc=message or None, unit=self.unit,
                             unit_scale=True, dynamic_ncols=True, file=sys.stderr)

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        super().update(done, total, message)
        if self._bar is not None:
            if total is not None and self._bar.total != total:
                self._bar.total = total
            if message:
                self._bar.set_description(message, refresh=False)
            self._bar.update(done - self._bar.n)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
