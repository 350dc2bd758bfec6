"""The Qt binding must not corrupt the interpreter.

PySide6 6.12.0's ``SignalInstance.emit`` returns ``True`` without taking a reference, so every
emit from Python lowers ``True``'s reference count by one; a workbench session (or the test
suite) that emits a few thousand signals then aborts with "bool_dealloc: deallocating True or
False". pyproject.toml keeps that release out; this test fails on any binding with the bug.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(int)


def test_emitting_a_signal_keeps_true_alive() -> None:
    src = _Emitter()
    src.changed.connect(lambda _v: None)
    gc.collect()
    before = sys.getrefcount(True)
    for i in range(200):
        src.changed.emit(i)
    gc.collect()
    assert sys.getrefcount(True) >= before - 5, "Signal.emit drops references to True"
