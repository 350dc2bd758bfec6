"""Where an import's time goes, stage by stage (read, convert, redact, keys, insert, ...).

Why: issue 9 sets the import's speed as a ratio to a bare ``read_csv`` + ``executemany``;
knowing which stage costs what is how each one is cut, and the benchmark prints it. A lap
is one ``perf_counter`` call per stage per chunk: nothing per row.
"""

from __future__ import annotations

from collections import Counter
from time import perf_counter


class StageClock:
    """Adds the seconds since the previous lap to ``into[stage]`` at each :meth:`lap`."""

    __slots__ = ("into", "_t")

    def __init__(self, into: Counter) -> None:
        self.into = into
        self._t = perf_counter()

    def lap(self, stage: str) -> None:
        now = perf_counter()
        self.into[stage] += now - self._t
        self._t = now


__all__ = ["StageClock"]
