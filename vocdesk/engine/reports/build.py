"""Build, check and write a pack: spec → evidence → template → PDF → redaction check → files.

Order matters: the redaction check runs on the finished PDF bytes *before* anything touches
the disk, and both files are written to temporary names and renamed, so a refused or failed
build leaves no pack and no manifest behind.
"""

from __future__ import annotations

import dataclasses
import io
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from vocdesk import __version__
from vocdesk.engine.errors import UsageError
from vocdesk.engine.reports import manifest as manifest_mod
from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import Evidence, ReportSpec, scope_text
from vocdesk.engine.reports.lineage import ids_sha256
from vocdesk.engine.reports.redaction_check import check_pack
from vocdesk.engine.reports.templates import CLOCKED, PLANNED, TEMPLATES
from vocdesk.engine.reports.texts import words

LANGS = ("zh", "en")


@dataclass
class BuiltPack:
    pdf: bytes
    manifest: dict[str, Any]
    pages: int


@dataclass
class ReportResult:
    """What ``vocdesk report`` tells the user."""

    out: Path
    manifest_path: Path
    pages: int
    rows: int
    figures: int
    changed: list[str] = field(default_factory=list)   # figures whose rows differ (rebuild)


def build_pack(ws, spec: ReportSpec, out: str = "") -> BuiltPack:
    """Lay out the pack of ``spec``, attach its manifest and check it for PII (in memory;
    ``out`` only names the file in a refusal)."""
    if spec.template not in TEMPLATES:
        later = f" ({', '.join(PLANNED)} come with the journey/signals engines)" if \
            spec.template in PLANNED else ""
        raise UsageError(f"no report template {spec.template!r}{later}; available: "
                         f"{', '.join(TEMPLATES)}")
    if spec.lang not in LANGS:
        raise UsageError(f"--lang {spec.lang!r}: use zh or en")
    if spec.template == "consultant" and not (spec.consultant or "").strip():
        raise UsageError("the consultant template needs the consultant's name: "
                         "--consultant NAME [--logo FILE.png]")
    if spec.logo_png:
        _check_logo(spec.logo_png)
    if spec.template in CLOCKED and not spec.as_of:
        # SLA states depend on the clock: record it, so a rebuild shows the same states
        spec = dataclasses.replace(spec, as_of=datetime.now(UTC).isoformat(timespec="seconds"))
    build, title_key, subject_key = TEMPLATES[spec.template]
    w = words(spec.lang)
    ev = Evidence(ws, spec)
    author = spec.consultant.strip() if spec.template == "consultant" else w["author"]
    pack = Pack(title=spec.title or w[title_key], subject=w[subject_key], author=author,
                lang="zh-CN" if spec.lang == "zh" else "en", scope_text=scope_text(
                    spec, w["all_rows"], ev.scope_title), words=w)
    build(pack, ev)
    pdf = pack.render()
    man = {
        "format": manifest_mod.FORMAT,
        "vocdesk": __version__,
        # the marks preferred are recorded, so a rebuild prefers the same after (un)marking
        "spec": {**spec.to_dict(), "quote_ids": ev.marked,
                 "scope": ev.scope.text if ev.scope else None},
        "filter": ev.lineage.filter,
        "pack": {"title": pack.title, "subject": pack.subject, "author": pack.author},
        "rows": ev.n,
        "ids_sha256": ids_sha256(ev.ids),
        "figures": [f.to_dict() for f in pack.figures],
    }
    if ev.scope is not None:
        man["scope"] = {"kind": ev.scope.kind, "key": ev.scope.key,
                        "title_zh": ev.scope.title_zh, "title_en": ev.scope.title_en}
    names = any((src.get("options") or {}).get("redact_names") for src in ws.sources())
    check_pack(pack.texts, pdf, out=out, names=names)
    pdf = manifest_mod.attach(pdf, manifest_mod.dumps(man))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return BuiltPack(pdf, man, pages)


def _check_logo(b64: str) -> None:
    """A logo that reportlab cannot read is refused before anything is laid out."""
    import base64
    import binascii

    from reportlab.lib.utils import ImageReader

    try:
        ImageReader(io.BytesIO(base64.b64decode(b64, validate=True))).getSize()
    except (binascii.Error, ValueError, OSError) as exc:
        raise UsageError(f"the logo is not a readable PNG image ({exc})") from None


def _write_together(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary name first, then rename them all: a failure while
    writing (disk full) leaves neither a pack without its manifest nor a stale pair."""
    tmps = {path: path.with_name(f".{path.name}.tmp-{os.getpid()}") for path in files}
    try:
        for path, data in files.items():
            tmps[path].write_bytes(data)
        for path, tmp in tmps.items():
            os.replace(tmp, path)
    finally:
        for tmp in tmps.values():
            tmp.unlink(missing_ok=True)


def write_pack(ws, spec: ReportSpec, out: str | Path) -> ReportResult:
    """Build the pack and write ``out`` and the manifest beside it (nothing on a refusal)."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise UsageError(f"--out {out}: a pack is a .pdf file")
    if not out.parent.is_dir():
        raise UsageError(f"--out {out}: folder {out.parent} does not exist")
    built = build_pack(ws, spec, str(out))
    side = manifest_mod.beside(out)
    _write_together({out: built.pdf, side: manifest_mod.dumps(built.manifest)})
    return ReportResult(out, side, built.pages, built.manifest["rows"],
                        len(built.manifest["figures"]))


def rebuild(ws, manifest: dict[str, Any], out: str | Path) -> ReportResult:
    """Rebuild a pack from its manifest; ``changed`` lists figures whose rows differ now."""
    spec = ReportSpec.from_dict(manifest["spec"])
    res = write_pack(ws, spec, out)
    new = {f["id"]: f["lineage"]["ids_sha256"] for f in
           manifest_mod.load(res.manifest_path)["figures"]}
    res.changed = [f["id"] for f in manifest["figures"]
                   if new.get(f["id"]) != f["lineage"]["ids_sha256"]]
    return res
