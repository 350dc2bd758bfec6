"""The identity of an imported row: content hash, fingerprint and de-duplication key.

Kept apart from the converters so the row-wise path (previews), the column-wise path
(imports) and the privacy migration all compute exactly the same stored values.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

from vocdesk.engine.importers.values import cell_text

_SHA1 = hashlib.sha1
_BLAKE2B = hashlib.blake2b


def content_hash(text: str) -> str:
    """SHA-1 of the text with its whitespace runs collapsed (the stored ``content_hash``)."""
    return _SHA1(" ".join(text.split()).encode("utf-8")).hexdigest()


def content_hashes(texts: list[str]) -> list[str]:
    """:func:`content_hash` of each text (one list comprehension: no call per row)."""
    sha1 = _SHA1
    return [sha1(" ".join(t.split()).encode("utf-8")).hexdigest() for t in texts]


def row_fingerprint(values: dict[str, Any]) -> str:
    """All of a row's values: the de-duplication key of a row without text or source id, so
    score-only rows are never collapsed into one ("3 rows read, 1 imported")."""
    return _SHA1(json.dumps(sorted((str(k), cell_text(v)) for k, v in values.items()),
                            ensure_ascii=False).encode("utf-8")).hexdigest()


def dedupe_key(external_id: str | None, channel: str, chash: str, created_at: str | None) -> int:
    """Same item → same key: the source's own id when it has one, else text + time + channel.
    ``chash`` is the hash of the stored (redacted) text, or of all values when it is empty.

    A signed 64-bit digest: an integer unique index is a fraction of the cost of a text one
    on every insert, and a collision among a million rows has odds of about 1 in 30 million.
    """
    key = f"x\x1f{channel}\x1f{external_id}" if external_id else \
        f"h\x1f{chash}\x1f{created_at or ''}\x1f{channel}"
    return int.from_bytes(_BLAKE2B(key.encode("utf-8"), digest_size=8).digest(),
                          "big", signed=True)


def dedupe_keys(external_ids: list[str | None], channels: list[str], chashes: list[str],
                created_ats: list[str | None]) -> list[int]:
    """:func:`dedupe_key` of each row, as one comprehension over the columns (the digests
    read as signed big-endian integers all at once)."""
    b2 = _BLAKE2B
    digests = b"".join([
        b2((f"x\x1f{ch}\x1f{x}" if x else f"h\x1f{h}\x1f{at or ''}\x1f{ch}").encode("utf-8"),
           digest_size=8).digest()
        for x, ch, h, at in zip(external_ids, channels, chashes, created_ats, strict=True)])
    return np.frombuffer(digests, dtype=">i8").tolist()
