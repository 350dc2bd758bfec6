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

The first gate is simple enough to be decided here exactly (:func:`gate_split`): an "@", or
seven digits each at most three :data:`GATE_SEPARATORS` from the next (the digits of such a
match follow each other in the text: a digit between two would not be a separator). The
regex scan of the rows it takes is then saved (38 ms of the import bench's 100k rows).
"""

from __future__ import annotations

import numpy as np

TRIGGERS = ("@＠#艾圈aAvVwWqQ扣企微威零〇一二三四五六七八九幺两身证"
            "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u00a0")
#: What may stand between two digits of a match of the first gate (``redact._GATE``).
GATE_SEPARATORS = " \u3000-－()（）"
_DIGIT, _TRIGGER, _GSEP, _AT = 1, 2, 4, 8
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
        cls[[ord(c) for c in GATE_SEPARATORS]] = _GSEP
        cls[ord("@")] |= _AT
        _CLASS = cls
    return _CLASS


def may_hold_pii(values: list[str]) -> np.ndarray:
    """One bool per value: False only where neither redaction gate can match."""
    return gate_split(values, first_gate=False)[1]


def gate_split(values: list[str], first_gate: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Two bools per value: whether the first gate matches it (exact; all False unless
    ``first_gate``), and whether either gate may match it (False only where neither can)."""
    n = len(values)
    first, maybe = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    if not n:
        return first, maybe
    lens = np.fromiter(map(len, values), dtype=np.int64, count=n) + 1
    # slices of about _SLICE_CHARS characters: one ends at each value where the running
    # length passes a multiple of it, and one at the end
    ends = np.cumsum(lens)
    cuts = np.searchsorted(ends, np.arange(_SLICE_CHARS, int(ends[-1]), _SLICE_CHARS)) + 1
    bounds = np.unique(np.concatenate(([0], cuts, [n])).clip(0, n)).tolist()
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        first[lo:hi], maybe[lo:hi] = _slice(values[lo:hi], lens[lo:hi], first_gate)
    return first, maybe


def _slice(values: list[str], lens: np.ndarray, first_gate: bool
           ) -> tuple[np.ndarray, np.ndarray]:
    # "\n" after every value: runs never join across values and no segment is empty
    text = "\n".join(values) + "\n"
    cls = np.take(_classes(), np.frombuffer(text.encode("utf-32-le", "surrogatepass"),
                                            dtype=np.uint32))
    digit = (cls & _DIGIT).view(bool)
    starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
    ndig = np.add.reduceat(digit, starts, dtype=np.int32)
    head = digit.copy()
    head[1:] &= ~digit[:-1]
    runs = np.add.reduceat(head, starts, dtype=np.int32)
    bits = np.bitwise_or.reduceat(cls, starts)
    maybe = ((bits & _TRIGGER) > 0) | (ndig >= 7) | ((ndig >= 6) & (runs >= 2))
    first = (bits & _AT) > 0
    if first_gate:
        first |= rows_with_digit_chain(digit, (cls & _GSEP) > 0, starts, 7, 3)
    return first, maybe


def rows_with_digit_chain(digit: np.ndarray, sep: np.ndarray, starts: np.ndarray,
                          min_digits: int, max_between: int) -> np.ndarray:
    """One bool per row: whether it holds ``min_digits`` digits in a chain, each followed by
    the next after at most ``max_between`` characters, all of them separators.

    ``digit`` and ``sep`` mark the characters of the rows joined by a character that is
    neither (so no chain crosses into the next row); ``starts`` is where each row begins.
    Why here: the first gate (7 digits, 3 separators) and the block path's ID/bank-card
    probe (16 digits, 1 separator) ask the same question of the same arrays."""
    out = np.zeros(len(starts), dtype=bool)
    pos = np.flatnonzero(digit)
    if len(pos) < min_digits:
        return out
    at, gap = pos[:-1], np.diff(pos) - 1           # characters between a digit and the next
    linked = gap <= max_between
    last = len(sep) - 1
    for j in range(1, max_between + 1):            # each of them a separator
        linked &= (gap < j) | sep[np.minimum(at + j, last)]
    cut = np.concatenate(([-1], np.flatnonzero(~linked), [len(linked)]))
    long = np.flatnonzero(np.diff(cut) - 1 >= min_digits - 1)   # links: one fewer
    out[np.searchsorted(starts, pos[cut[long] + 1], "right") - 1] = True
    return out


__all__ = ["GATE_SEPARATORS", "TRIGGERS", "gate_split", "may_hold_pii", "rows_with_digit_chain"]
