"""``ws.imports``: reading files and rows into a workspace.

Transaction rule: each call is one transaction. :meth:`ImportService.import_file` writes one
file or nothing; :meth:`ImportService.import_files` writes every file of the call, and the
analysis when asked, or nothing (a cancel or a failure anywhere leaves the workspace as it
was). The GUI's wizard imports the user's selection with one :meth:`import_files` call (one
cancel button, one outcome); the CLI calls :meth:`import_file` once per file argument, so a
bad file is reported and skipped while the good ones are kept.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from vocdesk.engine.errors import UsageError
from vocdesk.engine.importers import feedback_import
from vocdesk.engine.importers.feedback_import import ImportReport
from vocdesk.engine.importers.formats import read_source
from vocdesk.engine.importers.mapping import detect_mapping, merge_mapping
from vocdesk.engine.importers.readers import SourceTable, read_table
from vocdesk.engine.importers.stages import StageClock
from vocdesk.engine.importers.streaming import file_sha256
from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.store import browse_queries as store_browse
from vocdesk.engine.store import settings as store_settings
from vocdesk.engine.store import sources as store_sources
from vocdesk.engine.store import transaction

if TYPE_CHECKING:
    from vocdesk.engine.workspace import Workspace

#: Columns of an in-memory frame taken as they are named (the demo and other front ends).
FRAME_FIELDS = ("text", "created_at", "external_id", "channel", "customer_id", "store", "region",
                "product", "rating", "nps", "csat", "ces", "language", "segment", "orders",
                "repurchase", "churned", "lifetime_value", "first_seen", "question",
                "respondent_id")


@dataclass
class ImportPlan:
    """What an import would do: the table as read and the mapping that would apply."""

    table: SourceTable
    mapping: dict[str, str]
    kind: str = "feedback"


@dataclass
class ImportSpec:
    """One file of a multi-file import, with the user's exact mapping overrides."""

    path: str
    mapping: dict[str, str] | None = None   # exact overrides (fields → columns)


@dataclass
class ImportOutcome:
    """What :meth:`ImportService.import_files` did: one report per file, the analysis."""

    reports: list[ImportReport] = field(default_factory=list)
    analysis: object = None
    seconds: float = 0.0

    @property
    def rows_imported(self) -> int:
        return sum(r.rows_imported for r in self.reports)

    @property
    def problems(self) -> list:
        return [p for r in self.reports for p in r.problems]


class ImportService:
    """Import use cases of one workspace (``ws.imports``); see the module docstring."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def plan(self, path: str | Path, mapping: dict[str, str] | None = None,
             kind: str = "feedback", fmt: str | None = None) -> ImportPlan:
        """Read a file and work out the mapping, writing nothing (preview, --dry-run)."""
        table = read_table(path, fmt) if kind == "customers" else read_source(path, fmt)
        detected = {**detect_mapping(table.columns, kind), **table.mapping_hint}
        merged = merge_mapping(detected, mapping or {}, table.columns, table.path)
        return ImportPlan(table, merged, kind)

    def preview(self, plan: ImportPlan, *, channel: str | None = None,
                redact: bool = True, limit: int = 20) -> list[tuple[int, Any]]:
        """The first rows of a plan as they would be stored, or their problems."""
        return feedback_import.preview_records(plan.table, plan.mapping, channel=channel,
                                               redact=redact, default_tz=self._ws.timezone,
                                               limit=limit, secret=self._secret(create=False))

    def import_file(self, path: str | Path, *, mapping: dict[str, str] | None = None,
                    channel: str | None = None, strict: bool = False, redact: bool = True,
                    kind: str = "feedback", fmt: str | None = None,
                    progress: Progress = NULL_PROGRESS, redact_names: bool = False
                    ) -> ImportReport:
        """Import one file in one transaction (nothing is written if anything fails).

        ``redact_names`` adds the optional name/address pass (:mod:`redact_names`)."""
        plan = self.plan(path, mapping, kind, fmt)
        p = Path(path)
        data_hash = file_sha256(p)         # in blocks: a large file is never held whole
        return self._import_table(plan.table, plan.mapping, kind=kind, channel=channel,
                                  strict=strict, redact=redact, progress=progress,
                                  file_hash=data_hash, file_size=p.stat().st_size,
                                  redact_names=redact_names)

    def import_files(self, specs: list[ImportSpec], *, channel: str | None, redact: bool,
                     analyze: bool = True, kind: str = "feedback",
                     progress: Progress = NULL_PROGRESS) -> ImportOutcome:
        """Import every file, then analyse, all in one transaction (all or nothing)."""
        started = time.perf_counter()
        out = ImportOutcome()
        with transaction(self._ws.db):
            for spec in specs:
                out.reports.append(self.import_file(spec.path, mapping=spec.mapping,
                                                    channel=channel, redact=redact, kind=kind,
                                                    progress=progress))
            if analyze:
                out.analysis = self._ws.analyze(progress=progress)
        out.seconds = time.perf_counter() - started
        return out

    def import_dataframe(self, frame: pd.DataFrame, name: str, *, kind: str = "feedback",
                         channel: str | None = None, redact: bool = True,
                         progress: Progress = NULL_PROGRESS) -> ImportReport:
        """Import rows already in memory (the demo, other front ends); same rules as files."""
        cols = [str(c) for c in frame.columns]
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        rows = [(i + 2, rec) for i, rec in enumerate(records)]
        table = SourceTable(name, "dataframe", None, cols, rows)
        mapping = detect_mapping(cols, kind)
        mapping.update({c: c for c in cols if c in mapping or c in FRAME_FIELDS})
        return self._import_table(table, mapping, kind=kind, channel=channel, strict=False,
                                  redact=redact, progress=progress)

    def remember_demo_stories(self, stories: list[dict[str, Any]]) -> None:
        """Keep the generated demo's planted stories (what the demo should let a user find)."""
        with transaction(self._ws.db):
            store_settings.set_setting(self._ws.db, "demo_stories", stories)

    def _secret(self, create: bool = True) -> str:
        """The workspace's pseudonym key (made on first use, inside the caller's transaction)."""
        from vocdesk.engine.text.pii_fields import SECRET_SETTING, new_secret

        db = self._ws.db
        secret = store_settings.get_setting(db, SECRET_SETTING)
        if secret is None:
            secret = new_secret()
            if create:
                store_settings.set_setting(db, SECRET_SETTING, secret)
        return secret

    def _import_table(self, table: SourceTable, mapping: dict[str, str], *, kind: str,
                      channel: str | None, strict: bool, redact: bool, progress: Progress,
                      file_hash: str | None = None, file_size: int | None = None,
                      redact_names: bool = False) -> ImportReport:
        if kind not in ("feedback", "customers"):
            raise UsageError(f"cannot import as {kind!r}: use feedback or customers")
        ws, db = self._ws, self._ws.db
        multi = {f.name for f in ws.taxonomy.facets if f.multi}
        from vocdesk.engine.text.pii_fields import redact_message

        started = time.perf_counter()
        with transaction(db):
            secret = self._secret() if redact else None
            source_id = store_sources.add_source(
                db, kind=kind, file_name=Path(table.path).name, file_path=table.path,
                file_hash=file_hash, file_size=file_size, fmt=table.format,
                encoding=table.encoding, channel=channel, mapping=mapping,
                options={"strict": strict, "redact": redact, "source_format": table.source_format,
                         "redact_names": redact_names})
            if kind == "customers":
                report = feedback_import.import_customers_table(
                    db, table, mapping, source_id=source_id, strict=strict,
                    progress=progress, secret=secret)
            else:
                report = feedback_import.import_feedback_table(
                    db, table, mapping, source_id=source_id, channel=channel,
                    strict=strict, redact=redact, default_tz=ws.timezone, progress=progress,
                    multi_facets=multi, secret=secret, names=redact_names)
            store_sources.finish_source(
                db, source_id, rows_read=report.rows_read,
                rows_imported=report.rows_imported, rows_duplicate=report.rows_duplicate,
                rows_bad=report.rows_bad, redactions=report.redactions,
                problems=[redact_message(p) if redact else str(p) for p in report.problems])
            clock = StageClock(report.stage_seconds)
            if kind == "feedback" and report.rows_imported:
                store_browse.save_order_cache(db)
            clock.lap("order cache")
        clock.lap("commit")
        report.stage_seconds["total"] = time.perf_counter() - started
        return report
