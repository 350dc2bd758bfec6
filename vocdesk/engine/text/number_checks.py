"""Checks on runs of digits shared by the strict and the loose redaction passes.

Resident ID numbers (18 and 15 digits) and bank cards (network prefix + Luhn).

Why all of checksum, province and birth date: the checksum alone accepts 1 in 11 random
18-digit order numbers; the province code and a plausible birth date (1900..today) remove
most of the rest. 15-digit (pre-1999) numbers carry no checksum: province and date only.
"""

from __future__ import annotations

import datetime as _dt
import re

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)


def valid_id18(n: str) -> bool:
    """``n``: 18 characters, digits and a final X in upper case (ISO 7064 MOD 11-2)."""
    if len(n) != 18 or not n[:17].isdigit() or n[:2] not in PROVINCES:
        return False
    try:
        born = _dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > _dt.date.today():
        return False
    total = sum(int(c) * w for c, w in zip(n[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == n[17]


def valid_id15(n: str) -> bool:
    """``n``: 15 digits with a province code and a date of birth in the 1900s."""
    if len(n) != 15 or not n.isdigit() or n[:2] not in PROVINCES:
        return False
    try:
        _dt.date(1900 + int(n[6:8]), int(n[8:10]), int(n[10:12]))
    except ValueError:
        return False
    return True


#: Issuer prefixes of the card networks seen in China (UnionPay 62, Visa 4, Mastercard 51-55
#: and 2221-2720, JCB 35, …): a Luhn-valid number without one is not taken for a card.
CARD_PREFIX = re.compile(r"(?:62|60|9|4|5[1-5]|2(?:2[2-9]\d|[3-6]\d\d|7[01]\d|720)|35)")


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) checksum used by all card networks."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i & 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0
