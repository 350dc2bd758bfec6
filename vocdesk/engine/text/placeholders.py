"""Redaction placeholders are invisible to analysis: rules, sentiment and keywords.

Why: "[手机号]" contains 手机 and was highlighted as a product match; "[地址]" would count as
a delivery word.  Analysis sees the text with every placeholder blanked to spaces of the
same length, so rule spans keep pointing at the right characters of the stored text.
"""

from __future__ import annotations

import re

from vocdesk.engine.text.redact import PLACEHOLDERS as _CORE
from vocdesk.engine.text.redact_loose import PLACEHOLDERS as _LOOSE
from vocdesk.engine.text.redact_names import PLACEHOLDERS as _NAMES

__all__ = ["ALL_PLACEHOLDERS", "mask_placeholders"]

ALL_PLACEHOLDERS: tuple[str, ...] = tuple(sorted({*_CORE.values(), *_LOOSE.values(), *_NAMES.values()}))
_RE = re.compile("|".join(map(re.escape, sorted(ALL_PLACEHOLDERS, key=len, reverse=True))))


def mask_placeholders(text: str) -> str:
    """``text`` with each placeholder replaced by as many spaces (offsets unchanged)."""
    if "[" not in text:
        return text
    return _RE.sub(lambda m: " " * len(m.group()), text)
