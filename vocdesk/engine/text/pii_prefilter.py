"""Which of many values can hold personal data at all, decided for the whole list in numpy.

Why: the two redaction gates (``redact._GATE`` and ``redact_loose.GATE``) are regular
expressions tried at every character of every value; on an import they cost as much as the
redaction itself, and most values cannot match either. A match of either gate needs one of
these, which a few array operations over the values' code points can tell:

- a character of :data:`TRIGGERS` (every match that does not start with a digit starts with
  one: the loose gate's look-ahead set without the digits, plus the first gate's "@");
- seven digits (the first gate: seven digits, separators between them allowed);
- six digits in at least two runs (the loose gate's digit forms: three digits, 1–8 other
  characters, three digits; or six digits with separators between each).

"Digit" is an ASCII or a full-width one, as in both gates. A value with none of these is
passed over; every other value still goes through the gates themselves, so the result is
exactly theirs (tests/engine/test_redact.py compares them on both PII sets).
"""

from __future__ import annotations

import numpy as np

TRIGGERS = ("@＠#艾圈aAvVwWqQ扣企微威零〇一二三四五六七八九幺两身证"
            "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u00a0")
_DIGIT, _TRIGGER = 1, 2
#: Characters per slice of values examined at once (bounds the arrays: 4 bytes a character).
_SLICE_CHARS = 1 << 20
_CLASS: np.ndarray | None = None


def _classes() -> np.ndarray:
    """uint8 class of every code point (built on first use: 1.1 MB)."""
    global _CLASS
    if _CLASS is None:
        cls = np.zeros(0x110000, dtype=np.uint8)
        cls[0x30:0x3A] = _DIGIT
        cls[0xFF10:0xFF1A] = _DIGIT
        cls[[ord(c) for c in TRIGGERS]] = _TRIGGER
        _CLASS = cls
    return _CLASS


def may_hold_pii(values: list[str]) -> np.ndarray:
    """One bool per value: False only where neither redaction gate can match."""
    n = len(values)
    out = np.zeros(n, dtype=bool)
    lo, size = 0, 0
    for i, v in enumerate(values):
        size += len(v) + 1
        if size >= _SLICE_CHARS or i == n - 1:
            out[lo:i + 1] = _slice(values[lo:i + 1])
            lo, size = i + 1, 0
    return out


def _slice(values: list[str]) -> np.ndarray:
    # "\n" after every value: runs never join across values and no segment is empty
    text = "\n".join(values) + "\n"
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = _classes()[cp]
    digit = cls == _DIGIT
    lens = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) + 1
    starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
    ndig = np.add.reduceat(digit.astype(np.int32), starts)
    first = digit.copy()
    first[1:] &= ~digit[:-1]
    runs = np.add.reduceat(first.astype(np.int32), starts)
    trig = np.add.reduceat((cls == _TRIGGER).astype(np.int32), starts) > 0
    return trig | (ndig >= 7) | ((ndig >= 6) & (runs >= 2))


__all__ = ["TRIGGERS", "may_hold_pii"]
