"""Running analysis over a workspace: incremental batches, optional worker processes.

Rows already analysed with the same context version are skipped, so a second ``analyze`` is
nearly free; ``force`` redoes everything. Each batch is written in its own transaction: a
cancelled run keeps the batches it finished and loses nothing else.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context

import pandas as pd
from sqlite_utils import Database

from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.loop.hooks import after_batch, after_run
from vocdesk.engine.store import facts as store_facts
from vocdesk.engine.store import feedback as store_feedback
from vocdesk.engine.store import tags as store_tags
from vocdesk.engine.store.database import transaction
from vocdesk.engine.tagging.pipeline import AnalysisContext, analyze_batch

BATCH = 2000
PARALLEL_MIN_ROWS = 30_000


@dataclass
class AnalyzeReport:
    version: str
    rows_total: int = 0
    rows_analyzed: int = 0
    rows_skipped: int = 0
    seconds: float = 0.0
    chars: int = 0
    workers: int = 1
    training: list[dict] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.rows_analyzed / self.seconds if self.seconds else 0.0


def _with_human(db: Database, batch: pd.DataFrame, sources: tuple[str, ...]) -> pd.DataFrame:
    ids = batch["id"].tolist()
    human = store_tags.effective_values_for_facets(db, ids, sources)
    batch["human"] = [dict(human[i]) if i in human else None for i in ids]
    return batch


_WORKER_CTX: AnalysisContext | None = None


def _die_with_parent(parent_pid: int) -> None:
    """Make this worker exit when the process that started it dies, even by kill -9.

    Why: after ``kill -9`` of ``vocdesk analyze`` its two workers (280 MB each) lived on for
    half an hour. On Linux the kernel sends SIGKILL to the worker when its parent dies
    (``prctl(PR_SET_PDEATHSIG)``); everywhere a watchdog thread also polls the parent pid.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)   # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:     # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="vocdesk-parent-watchdog", daemon=True).start()


def _worker_init(ctx: AnalysisContext, parent_pid: int | None = None) -> None:
    global _WORKER_CTX
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    _WORKER_CTX = ctx
    ctx.prepare()


def _worker_run(batch: pd.DataFrame):
    return analyze_batch(batch, _WORKER_CTX)


def _workers_for(n_rows: int) -> int:
    env = os.environ.get("VOCDESK_WORKERS")
    if env:
        return max(1, int(env))
    if n_rows < PARALLEL_MIN_ROWS:
        return 1
    return max(1, min(4, (os.cpu_count() or 1)))


def run_analysis(db: Database, ctx: AnalysisContext, *, force: bool = False,
                 progress: Progress = NULL_PROGRESS, workers: int | None = None) -> AnalyzeReport:
    """Analyse pending rows of the workspace and write their auto tags."""
    version = ctx.version
    total = store_feedback.count_feedback(db)
    todo = store_feedback.count_analysis_work(db, version, force)
    report = AnalyzeReport(version=version, rows_total=total, rows_skipped=total - todo)
    if todo == 0:
        return report
    workers = workers or _workers_for(todo)
    report.workers = workers
    started = time.perf_counter()
    progress.start(todo, "analysing")
    # Keyset paging by id: rows written by earlier batches never reappear in later pages.
    sources = ctx.derived_sources
    batches = (_with_human(db, b, sources) for b in
               store_feedback.iter_analysis_work(db, version, force, BATCH))
    for tags, analysis in _results(batches, ctx, workers):
        progress.check()
        ids = analysis["feedback_id"].tolist()
        with transaction(db):
            store_tags.replace_auto_tags(db, ids, tags.itertuples(index=False, name=None),
                                         analysis.itertuples(index=False, name=None))
            after_batch(db, tags, analysis)     # weak-signal counts and alert rules
        report.rows_analyzed += len(ids)
        progress.update(report.rows_analyzed, todo)
    after_run(db)                               # metric and weak-signal alert rules
    # the first page after analysis loads saved arrays instead of reading every row
    store_facts.warm(db, [f["name"] for f in ctx.taxonomy_data["facets"]])
    report.seconds = time.perf_counter() - started
    progress.finish()
    return report


def _results(batches: Iterator[pd.DataFrame], ctx: AnalysisContext, workers: int):
    if workers <= 1:
        ctx.prepare()
        for b in batches:
            yield analyze_batch(b, ctx)
        return
    # fork only while this process has a single thread (the CLI): workers then inherit the
    # prepared context (jieba's dictionary, rules, models) instead of rebuilding it, which
    # saves seconds. With threads around (the GUI) fork is unsafe, so spawn.
    if threading.active_count() == 1 and "fork" in get_all_start_methods():
        ctx.prepare()
        mp = get_context("fork")
    else:
        mp = get_context("spawn")
    pending: list[tuple[pd.DataFrame, object]] = []
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp, initializer=_worker_init,
                                 initargs=(ctx, os.getpid())) as pool:
            try:
                for b in batches:
                    pending.append((b, pool.submit(_worker_run, b)))
                    if len(pending) >= workers * 2:
                        yield pending[0][1].result()
                        pending.pop(0)
                while pending:
                    yield pending[0][1].result()
                    pending.pop(0)
            finally:
                for _, f in pending:
                    f.cancel()
    except BrokenProcessPool:
        # Workers could not start (e.g. a script without an ``if __name__ == "__main__"``
        # guard): finish here, starting with the batches handed out but not returned.
        ctx.prepare()
        for b, _ in pending:
            yield analyze_batch(b, ctx)
        for b in batches:
            yield analyze_batch(b, ctx)
