"""One lazily built, process-wide object per model (the sentiment models' ``get_model``).

Why a lock and not :func:`functools.cache`: the GUI's worker threads and the tagging
pipeline can ask for a model at the same moment; the cache would let both build it (up to
0.2 s and the model's memory twice) and hand out two different objects. Here the first
caller builds it, the others wait and get the same object.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

__all__ = ["lazy_once"]


def lazy_once(build: Callable[[], T]) -> Callable[[], T]:
    """A function returning ``build()``'s result, built on the first call only."""
    lock = threading.Lock()
    box: list[T] = []

    def get() -> T:
        if not box:
            with lock:
                if not box:
                    box.append(build())
        return box[0]

    get.__doc__ = f"The process's one {getattr(build, '__qualname__', 'object')}, built on first use."
    return get
