"""What analysis does after writing a batch's tags, inside the same transaction.

One entry point keeps the analysis module's edit to a line: weak-signal counts are replaced
and row-level alert rules evaluated, so a failed batch leaves neither half-written.
"""

from __future__ import annotations

import pandas as pd
from sqlite_utils import Database


def after_batch(db: Database, tags: pd.DataFrame, analysis: pd.DataFrame) -> None:
    """Record the batch's combinations and create actions for rows that fire alert rules."""
    from vocdesk.engine.loop.alerts import evaluate_rows
    from vocdesk.engine.signals.record import record_batch

    record_batch(db, tags, analysis)
    evaluate_rows(db, tags, analysis)


def after_run(db: Database) -> None:
    """Aggregate alert rules once a run has written every batch (own transaction)."""
    from vocdesk.engine.loop.alerts import evaluate_after_run
    from vocdesk.engine.signals.service import SignalService
    from vocdesk.engine.store.database import transaction
    with transaction(db):
        evaluate_after_run(db, SignalService(db=db))
