"""PDF evidence packs (headless: reportlab, no Qt).

``ReportService`` (``ws.reports``) is what the CLI and, later, the GUI's report builder call:
``write(spec, out)`` builds, checks for PII and writes ``out`` plus its manifest;
``rebuild(manifest, out)`` rebuilds from a manifest. Templates live in ``templates/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vocdesk.engine.reports.evidence import ReportSpec, parse_where
from vocdesk.engine.reports.redaction_check import PiiInPackError

__all__ = ["ReportService", "ReportSpec", "PiiInPackError", "parse_where", "TEMPLATE_NAMES"]

#: The templates ``templates.TEMPLATES`` builds (listed here so the CLI's parser does not load
#: reportlab for every command; a test keeps the two equal).
TEMPLATE_NAMES = ("defect", "weekly", "executive", "meeting", "consultant")


class ReportService:
    """The reports of one open workspace."""

    def __init__(self, ws) -> None:
        self.ws = ws

    def templates(self, lang: str = "zh") -> list[tuple[str, str, str]]:
        """(name, title, subject) of every template the engine builds, in ``lang`` — what a
        report builder offers (a template added to ``templates.TEMPLATES`` appears here)."""
        from vocdesk.engine.reports.templates import TEMPLATES
        from vocdesk.engine.reports.texts import words

        w = words(lang)
        return [(name, w[title], w[subject]) for name, (_, title, subject) in TEMPLATES.items()]

    def build(self, spec: ReportSpec):  # noqa: ANN201 - BuiltPack (lazy import: reportlab)
        """The pack in memory (bytes, manifest, pages), checked for PII."""
        from vocdesk.engine.reports.build import build_pack

        return build_pack(self.ws, spec)

    def write(self, spec: ReportSpec, out: str | Path):  # noqa: ANN201 - ReportResult
        from vocdesk.engine.reports.build import write_pack

        return write_pack(self.ws, spec, out)

    def rebuild(self, manifest: dict[str, Any], out: str | Path):  # noqa: ANN201
        from vocdesk.engine.reports.build import rebuild

        return rebuild(self.ws, manifest, out)
