"""The de-duplication keys of a bulk append, held as 8 bytes a key instead of a B-tree.

Why: while the unique ``dedupe_key`` index is dropped for a bulk import (rebuilt once,
sorted, at the end), the rows it would have refused must be found another way. A Python
set costs about 70 bytes a key (memory would grow with the file: issue 9 wants it flat);
here the keys live in a few sorted int64 runs whose sizes at least double from one to the
next (a log-structured merge), so a chunk's membership test is one ``searchsorted`` per
run and all the merging over an import costs O(n log n) in numpy, not per row in Python.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


class SortedKeys:
    """A growing set of int64 keys in sorted runs (largest first)."""

    def __init__(self, keys: Iterable[int] = ()) -> None:
        first = np.fromiter(keys, dtype=np.int64)
        self._runs: list[np.ndarray] = [np.sort(first)] if len(first) else []

    def __len__(self) -> int:
        return sum(len(r) for r in self._runs)

    def _seen(self, keys: np.ndarray) -> np.ndarray:
        hit = np.zeros(len(keys), dtype=bool)
        for run in self._runs:
            i = np.searchsorted(run, keys)
            np.minimum(i, len(run) - 1, out=i)
            hit |= run[i] == keys
        return hit

    def add_new(self, keys: list[int]) -> np.ndarray:
        """Which of ``keys`` are new (neither stored nor earlier in ``keys``: the first row
        of a key wins, as with ``INSERT OR IGNORE``); the new ones are added. A bool mask."""
        arr = np.asarray(keys, dtype=np.int64)
        fresh = np.zeros(len(arr), dtype=bool)
        if not len(arr):
            return fresh
        _u, first = np.unique(arr, return_index=True)
        fresh[first] = True
        if self._runs:
            fresh &= ~self._seen(arr)
        run = np.sort(arr[fresh])
        if len(run):
            self._runs.append(run)
            runs = self._runs
            while len(runs) > 1 and len(runs[-2]) <= 2 * len(runs[-1]):
                merged = np.concatenate((runs.pop(), runs.pop()))
                merged.sort(kind="stable")     # two sorted runs: timsort merges in O(n)
                runs.append(merged)
        return fresh


__all__ = ["SortedKeys"]
