"""The build-time redaction check: a pack never shows PII.

Text was redacted at import, but a row imported with ``--no-redact``, a store name or a
template string could still carry a phone number. Before a pack is written, every text it
shows (collected while building, so nothing wrapped across lines is missed) and the text
extracted back from the rendered PDF are scanned with the import's redaction patterns
(:func:`vocdesk.engine.text.redact.redact`, including its loose pass; plus the name and
address pass of :mod:`redact_names` when any import of the workspace used it — that pass is
optional at import because it also hits ordinary text, so a pack is checked with exactly the
patterns its rows were redacted with). One hit and the pack is refused; the error names the
kind and where, never the value.
"""

from __future__ import annotations

import collections
import io
from collections.abc import Iterable
from dataclasses import dataclass

from vocdesk.engine.errors import VocdeskError
from vocdesk.engine.text.redact import may_contain_pii, redact
from vocdesk.engine.text.redact_names import redact_names


@dataclass
class PiiHit:
    kind: str
    where: str
    context: str        # the text around the hit, redacted


class PiiInPackError(VocdeskError):
    """The pack would show personal data; nothing was written."""

    def __init__(self, hits: list[PiiHit], out: str = "") -> None:
        self.hits = hits
        first = hits[0]
        kinds = ", ".join(sorted({h.kind for h in hits}))
        target = out or "the pack"
        super().__init__(
            f"refused to write {target}: it would show personal data ({kinds}; "
            f"{len(hits)} hit(s)), first in {first.where}: {first.context!r}. Nothing was "
            "written. Re-import the source with redaction on, or narrow the scope.")


def scan(texts: Iterable[tuple[str, str]], names: bool = False) -> list[PiiHit]:
    """Hits of the redaction patterns in ``(where, text)`` pairs (``names``: also the name and
    address pass)."""
    hits: list[PiiHit] = []
    for where, text in texts:
        if not text:
            continue
        counts: collections.Counter = collections.Counter()
        shown = text
        if may_contain_pii(text):
            res = redact(text)
            counts.update(res.counts)
            shown = res.text
        if names:
            shown = redact_names(shown, counts)
        for kind in sorted(k for k, v in counts.items() if v):
            hits.append(PiiHit(kind, where, shown[:120]))
    return hits


def pdf_texts(pdf: bytes) -> list[tuple[str, str]]:
    """The text of each page as a reader's copy-paste would give it (pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [(f"page {i + 1}", page.extract_text() or "") for i, page in enumerate(reader.pages)]


def check_pack(texts: Iterable[tuple[str, str]], pdf: bytes, out: str = "",
               names: bool = False) -> None:
    """Raise :class:`PiiInPackError` if the pack's texts or its rendered pages show PII."""
    hits = scan(texts, names) or scan(pdf_texts(pdf), names)
    if hits:
        raise PiiInPackError(hits, out)
