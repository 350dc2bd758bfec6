"""The manifest: a pack's spec and the lineage of each figure, beside the PDF and inside it.

Beside: ``NAME.manifest.json``. Inside: a PDF file attachment ``manifest.json`` (pypdf), so a
pack forwarded alone still says where its numbers came from. ``vocdesk report --from-manifest``
reads either and rebuilds the pack; on an unchanged workspace the rebuild is byte-identical.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from vocdesk.engine.errors import UsageError

FORMAT = "vocdesk-report-manifest/1"
ATTACHMENT = "manifest.json"


def dumps(manifest: dict[str, Any]) -> bytes:
    """Canonical JSON bytes (sorted keys), so equal manifests are equal bytes."""
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8")


def attach(pdf: bytes, manifest: bytes) -> bytes:
    """The PDF with ``manifest.json`` attached (metadata, outline and file id kept)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(ATTACHMENT, manifest)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def beside(out: Path) -> Path:
    """Where the manifest of ``out`` goes: ``pack.pdf`` → ``pack.manifest.json``."""
    return out.with_name(out.stem + ".manifest.json")


def attached(pdf_path: str | Path) -> dict[str, Any] | None:
    """The manifest attached to a pack, or None."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    data = reader.attachments.get(ATTACHMENT)
    return json.loads(data[0]) if data else None


def load(path: str | Path) -> dict[str, Any]:
    """A manifest from a ``.json`` file or from the attachment of a ``.pdf`` pack."""
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"{p}: no such manifest")
    try:
        data = attached(p) if p.suffix.lower() == ".pdf" else json.loads(p.read_text("utf-8"))
    except (ValueError, OSError) as exc:
        raise UsageError(f"{p}: not a readable manifest ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UsageError(f"{p}: not a vocdesk report manifest (expected format {FORMAT})")
    return data
