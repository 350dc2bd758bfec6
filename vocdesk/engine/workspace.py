"""Workspace: the one Qt-free service the CLI and the GUI both call.

It owns the database connection of one ``.vocdesk`` file and offers the use cases: analyse,
train, tag by hand, export, statistics, taxonomy here, and the larger areas as sub-services
(``ws.imports``, ``ws.browse``, ``ws.review``, ``ws.accuracy``; :mod:`vocdesk.engine.services`).
Transaction rule: each write use case is one transaction, so a failure or a cancel leaves the
file as it was; analysis alone commits per batch (resumable).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vocdesk.engine import export as export_mod
from vocdesk.engine.domain import TagChange
from vocdesk.engine.domain.taxonomy import add_pointed_values
from vocdesk.engine.errors import UsageError
from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.store import create_database, integrity, open_database, transaction
from vocdesk.engine.store import customers as store_customers
from vocdesk.engine.store import feedback as store_feedback
from vocdesk.engine.store import models as store_models
from vocdesk.engine.store import settings as store_settings
from vocdesk.engine.store import sources as store_sources
from vocdesk.engine.store import stats as store_stats
from vocdesk.engine.store import tags as store_tags
from vocdesk.engine.store import taxonomy as store_taxonomy
from vocdesk.engine.store.database import copy_database
from vocdesk.engine.tagging.taxonomy import (
    Taxonomy,
    default_taxonomy,
    load_taxonomy_file,
    save_taxonomy_file,
)

if TYPE_CHECKING:   # analysis pulls in jieba and scikit-learn: load it only when used
    from vocdesk.engine.accuracy_lab import AccuracyLab
    from vocdesk.engine.services.browse import BrowseService
    from vocdesk.engine.services.imports import ImportService
    from vocdesk.engine.services.review import ReviewService
    from vocdesk.engine.tagging.analyze import AnalyzeReport
    from vocdesk.engine.tagging.pipeline import AnalysisContext

SUFFIX = ".vocdesk"
#: A hand edit of at least this many rows backs the workspace up first (bulk retag).
BULK_RETAG_ROWS = 500


class Workspace:
    """One open workspace file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, db, path: Path) -> None:
        self.db = db
        self.path = path

    # --- lifecycle ---------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, taxonomy: Taxonomy | None = None) -> Workspace:
        path = Path(path)
        db = create_database(path)
        with transaction(db):
            store_taxonomy.replace_taxonomy(db, taxonomy or default_taxonomy())
            store_settings.set_setting(db, "timezone", "Asia/Shanghai")
        return cls(db, path)

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False,
             check: bool | None = None) -> Workspace:
        """Open a workspace; ``readonly`` for commands that only read (works on a read-only
        file or mount). A damaged file is refused when a crash is suspected (see
        :mod:`vocdesk.engine.store.integrity`)."""
        path = Path(path)
        return cls(open_database(path, readonly=readonly, check=check), path)

    # --- safety ------------------------------------------------------------------------------
    def check(self, quick: bool = False) -> list[str]:
        """What SQLite finds wrong with the file (``[]`` when it is sound)."""
        return integrity.run_check(self.db, quick=quick)

    def backup(self, target: str | Path | None = None) -> Path:
        """A consistent copy through SQLite's online backup API (beside the file by default)."""
        if target is None:
            return integrity.auto_backup(self.db, self.path, "manual")
        return integrity.backup_to(self.db, Path(target))

    def _before_destructive(self, reason: str) -> None:
        if store_feedback.count_feedback(self.db):
            integrity.auto_backup(self.db, self.path, reason)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def save_copy(self, target: str | Path) -> Path:
        """A consistent single-file copy that a user can hand over."""
        return copy_database(self.db, target)

    @property
    def timezone(self) -> str:
        return store_settings.get_setting(self.db, "timezone", "Asia/Shanghai")

    #: Settings a user may change, with how to check a value.
    SETTINGS = ("timezone", "triage_department")

    def settings(self) -> dict[str, Any]:
        """The visible workspace settings (``vocdesk settings WS``)."""
        from vocdesk.engine.loop.service import triage_department

        return {"timezone": self.timezone, "triage_department": triage_department(self.db) or ""}

    def set_setting(self, key: str, value: str) -> None:
        """Change a setting; a time zone must be an IANA name such as Asia/Shanghai."""
        if key not in self.SETTINGS:
            raise UsageError(f"no setting {key!r}; known: {', '.join(self.SETTINGS)}")
        if key == "timezone":
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise UsageError(f"unknown time zone {value!r}; use an IANA name such as "
                                 "Asia/Shanghai, Europe/Berlin or UTC") from None
        if key == "triage_department" and value:
            known = [v.value for v in self.taxonomy.facet("department").values]
            if value not in known:
                raise UsageError(f"triage_department {value!r} is not a department of the "
                                 f"taxonomy; known: {', '.join(known)} (or \"\" for none)")
        with transaction(self.db):
            store_settings.set_setting(self.db, key, value)

    # --- taxonomy ----------------------------------------------------------------------------
    @property
    def taxonomy(self) -> Taxonomy:
        return store_taxonomy.load_taxonomy(self.db)

    def set_taxonomy(self, taxonomy: Taxonomy) -> None:
        from vocdesk.engine.tagging.rules import compile_taxonomy_rules

        compile_taxonomy_rules(taxonomy)   # refuse a taxonomy whose rules do not parse
        add_pointed_values(taxonomy)       # a department typed as an owner becomes a value
        self._before_destructive("taxonomy")
        with transaction(self.db):
            store_taxonomy.replace_taxonomy(self.db, taxonomy)

    def export_taxonomy(self, path: str | Path) -> None:
        save_taxonomy_file(self.taxonomy, path)

    def import_taxonomy(self, path: str | Path) -> Taxonomy:
        tax = load_taxonomy_file(path)
        self.set_taxonomy(tax)
        return tax

    # --- analysis ----------------------------------------------------------------------------
    def analysis_context(self) -> AnalysisContext:
        from vocdesk.engine.tagging.pipeline import AnalysisContext

        models = store_models.load_models(self.db)
        return AnalysisContext(
            taxonomy_data=self.taxonomy.to_dict(),
            model_blobs={f: m["blob"] for f, m in models.items() if m["blob"]},
            model_modes={f: m["chosen"] for f, m in models.items()})

    def train(self, *, force: bool = False, progress: Progress = NULL_PROGRESS) -> list[dict]:
        """Retrain learned models whose human labels changed (all of them with ``force``)."""
        from vocdesk.engine.tagging.training import train_if_needed

        with transaction(self.db):
            return train_if_needed(self.db, self.taxonomy, force=force, progress=progress)

    def analyze(self, *, force: bool = False, progress: Progress = NULL_PROGRESS,
                workers: int | None = None) -> AnalyzeReport:
        """Train where human labels changed, then tag every row not yet analysed this way."""
        from vocdesk.engine.tagging.analyze import run_analysis

        training = self.train(progress=progress)
        report = run_analysis(self.db, self.analysis_context(), force=force, progress=progress,
                              workers=workers)
        report.training = training
        return report

    def explain(self, feedback_ids: list[int]) -> dict[int, dict[str, list[tuple[str, float]]]]:
        """Per row, facet -> the tokens that moved each model tag's score most (see engine.explain)."""
        from vocdesk.engine.explain import explain_rows
        from vocdesk.engine.learning import TextClassifier

        rows = self.feedback(feedback_ids)
        tags = self.effective_tags([r["id"] for r in rows])
        models = {f: TextClassifier.from_bytes(m["blob"])
                  for f, m in store_models.load_models(self.db).items() if m["blob"]}
        got = explain_rows([r["text"] for r in rows], [r.get("language") for r in rows],
                           [tags.get(r["id"], {}) for r in rows], models,
                           user_words=self.taxonomy.all_terms())
        return {r["id"]: e for r, e in zip(rows, got, strict=True)}

    def models(self) -> dict[str, dict[str, Any]]:
        return {f: {k: v for k, v in m.items() if k != "blob"}
                for f, m in store_models.load_models(self.db).items()}

    # --- human tags --------------------------------------------------------------------------
    def set_human_tags(self, feedback_ids: list[int], facet: str, values: list[str] | None,
                       who: str | None = None, note: str | None = None) -> list[TagChange]:
        """Set (or with ``None`` remove) the human tag of a facet on rows; one logged batch.

        Returns the changes made, which are exactly what an undo needs to reverse them.
        """
        old = store_tags.human_values(self.db, feedback_ids, facet)
        new = None if values is None else tuple(dict.fromkeys(values))
        changes = [TagChange(i, facet, old.get(i), new) for i in feedback_ids
                   if old.get(i) != new]
        self.apply_changes(changes, who=who, note=note)
        if who and new:     # an analyst agreeing with the tag a row holds still coded it
            self._log_confirmations([i for i in feedback_ids if old.get(i) == new], facet,
                                    new, who)
        return changes

    def _log_confirmations(self, ids: list[int], facet: str, values: tuple[str, ...],
                           who: str) -> None:
        from vocdesk.engine.store import accuracy_queries

        if not ids:
            return
        with transaction(self.db):
            done = accuracy_queries.rows_coded_by(self.db, ids, facet, who)
            todo = [i for i in ids if i not in done]
            if todo:
                accuracy_queries.log_confirmations(self.db, todo, facet, values, who)

    def apply_changes(self, changes: list[TagChange], who: str | None = None,
                      note: str | None = None) -> None:
        if not changes:
            return
        if len(changes) >= BULK_RETAG_ROWS:
            self._before_destructive("retag")
        with transaction(self.db):
            for ch in changes:
                for v in ch.new or ():
                    if v:
                        store_taxonomy.add_facet_value(self.db, ch.facet, v, added_by="analyst")
            store_tags.apply_human_changes(self.db, changes, who=who, origin="analyst",
                                           batch=uuid.uuid4().hex[:12], note=note)

    def effective_tags(self, feedback_ids: list[int]) -> dict[int, dict[str, list[dict]]]:
        return store_tags.effective_tags(self.db, feedback_ids)

    def tag_log(self, feedback_id: int | None = None) -> list[dict[str, Any]]:
        return store_tags.human_tag_log(self.db, feedback_id)

    # --- reading -----------------------------------------------------------------------------
    def feedback(self, ids: list[int]) -> list[dict[str, Any]]:
        return store_feedback.feedback_by_ids(self.db, ids)

    def customer(self, customer_id: str) -> dict[str, Any] | None:
        return store_customers.customer(self.db, customer_id)

    def sources(self) -> list[dict[str, Any]]:
        return store_sources.list_sources(self.db)

    def stats(self) -> dict[str, Any]:
        return store_stats.workspace_stats(self.db)

    def export(self, out: str | Path, progress: Progress = NULL_PROGRESS, explain: bool = False,
               ids: Sequence[int] | None = None) -> int:
        """Write feedback with effective tags; ``ids``: exactly those rows, in that order."""
        integrity.ensure_sound(self.db, self.path)
        facets = [f.name for f in self.taxonomy.facets]
        explainer = None
        if explain:
            from vocdesk.engine.explain import explain_rows
            from vocdesk.engine.learning import TextClassifier

            models = {f: TextClassifier.from_bytes(m["blob"])
                      for f, m in store_models.load_models(self.db).items() if m["blob"]}

            terms = self.taxonomy.all_terms()

            def explainer(page: list[dict]) -> list[dict]:
                return explain_rows([r.get("text") or "" for r in page], [r.get("language") for r in page],
                                    [r["tags"] for r in page], models,
                                    user_words=terms)
        return export_mod.export_workspace(self.db, out, facets, progress=progress, explainer=explainer,
                                           ids=ids)

    # --- sub-services ------------------------------------------------------------------------
    # One small class per use-case area, built on first use and kept (each holds only a
    # reference to the workspace). See :mod:`vocdesk.engine.services` for the pattern and
    # the transaction rule.
    def _service(self, name: str, factory: Callable[[Workspace], Any]) -> Any:
        cache = self.__dict__.setdefault("_services", {})
        if name not in cache:
            cache[name] = factory(self)
        return cache[name]

    @property
    def imports(self) -> ImportService:
        """Importing files and rows (``ws.imports``)."""
        from vocdesk.engine.services.imports import ImportService

        return self._service("imports", ImportService)

    @property
    def browse(self) -> BrowseService:
        """The explorer's reads: filters, pages, detail, saved views (``ws.browse``)."""
        from vocdesk.engine.services.browse import BrowseService

        return self._service("browse", BrowseService)

    @property
    def review(self) -> ReviewService:
        """The review queue, its edits, retraining, the rule preview (``ws.review``)."""
        from vocdesk.engine.services.review import ReviewService

        return self._service("review", ReviewService)

    @property
    def accuracy(self) -> AccuracyLab:
        """The accuracy lab: auto tags vs human tags, double coding (``ws.accuracy``)."""
        from vocdesk.engine.accuracy_lab import AccuracyLab

        return self._service("accuracy", AccuracyLab)

    @property
    def signals(self):  # noqa: ANN201 - SignalService (scipy/statsmodels load on first use)
        """Weak signals counted at analysis time (``ws.signals``)."""
        from vocdesk.engine.signals.service import SignalService

        return self._service("signals", SignalService)

    @property
    def actions(self):  # noqa: ANN201 - ActionService
        """Closed-loop actions, alert rules and the SLA calendar (``ws.actions``)."""
        from vocdesk.engine.loop.service import ActionService

        return self._service("actions", ActionService)

    @property
    def metrics(self):  # noqa: ANN201 - MetricsService (lazy: scipy/statsmodels)
        """NPS, CSAT, CES, negative share, sentiment with n and CI (``ws.metrics``)."""
        from vocdesk.engine.analytics.service import MetricsService

        return self._service("metrics", MetricsService)

    @property
    def journey(self):  # noqa: ANN201 - JourneyService (lazy: scipy/statsmodels)
        """The versioned journey definition and the journey map (``ws.journey``)."""
        from vocdesk.engine.analytics.service import JourneyService

        return self._service("journey", JourneyService)

    @property
    def breakpoints(self):  # noqa: ANN201 - BreakpointsService (lazy: scipy/statsmodels)
        """Cross-department breakpoints and hand-offs (``ws.breakpoints``)."""
        from vocdesk.engine.analytics.service import BreakpointsService

        return self._service("breakpoints", BreakpointsService)

    @property
    def insights(self):  # noqa: ANN201 - InsightsService (lazy: scipy/statsmodels)
        """Theme impact, drivers, scorecards, loyalty, movers, dashboard layouts."""
        from vocdesk.engine.analytics.insights import InsightsService

        return self._service("insights", InsightsService)

    @property
    def evidence(self):  # noqa: ANN201 - EvidenceService
        """Quotes marked as evidence for packs, with who and when (``ws.evidence``)."""
        from vocdesk.engine.services.evidence import EvidenceService

        return self._service("evidence", EvidenceService)

    @property
    def reports(self):  # noqa: ANN201 - ReportService (imported lazily: reportlab)
        """PDF evidence packs of this workspace (``ws.reports``)."""
        from vocdesk.engine.reports import ReportService

        return self._service("reports", ReportService)


def notify_lock_waits(fn: Callable[[str], None]) -> None:
    """Call ``fn(message)`` whenever a write waits for another process's write.

    The CLI prints the message; the GUI shows it on the waiting job's progress bar, so an
    import in the window and one in a terminal can run side by side without a frozen look.
    """
    from vocdesk.engine.store.database import on_lock_wait

    on_lock_wait(fn)
