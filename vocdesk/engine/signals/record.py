"""Keep combination counts at analysis time (the hook analysis calls per batch).

Called inside the batch's transaction, so counts and tags are written together or not at all.
"""

from __future__ import annotations

import json

import pandas as pd
from sqlite_utils import Database

from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.signals.combos import combos_of, local_day
from vocdesk.engine.store import settings as store_settings
from vocdesk.engine.store import signals as store_signals
from vocdesk.engine.store.database import transaction


def _rows(db: Database, ids: list[int], keywords: dict[int, str | None],
          tags: dict[int, dict[str, list[str]]], tz: str) -> list[tuple[int, int, list[str]]]:
    ts = store_signals.created_ts(db, ids)
    out = []
    for fid in ids:
        if fid not in ts:
            continue            # an undated row cannot be placed in a period
        kws = json.loads(keywords.get(fid) or "[]")
        out.append((fid, local_day(ts[fid], tz), combos_of(kws, tags.get(fid, {}))))
    return out


def record_batch(db: Database, tags: pd.DataFrame, analysis: pd.DataFrame) -> None:
    """Replace the combination counts of a freshly analysed batch (inside its transaction).

    ``tags``/``analysis`` are the frames :func:`analyze_batch` returned. Auto tags are used:
    a human tag edited later shows at the next re-count (:func:`recount`).
    """
    ids = analysis["feedback_id"].tolist()
    kws = dict(zip(ids, analysis["keywords"].tolist(), strict=True))
    by_row: dict[int, dict[str, list[str]]] = {}
    for fid, facet, value in tags[["feedback_id", "facet", "value"]].itertuples(
            index=False, name=None):
        by_row.setdefault(fid, {}).setdefault(facet, []).append(value)
    tz = store_settings.get_setting(db, "timezone", "Asia/Shanghai")
    store_signals.replace_row_combos(db, ids, _rows(db, ids, kws, by_row, tz))


def recount(db: Database, progress: Progress = NULL_PROGRESS) -> int:
    """Count every analysed row again from its effective tags (one transaction).

    For workspaces analysed before counts were kept, and after many hand edits.
    """
    tz = store_settings.get_setting(db, "timezone", "Asia/Shanghai")
    n = 0
    with transaction(db):
        store_signals.clear(db)
        for ids, kws, tags in store_signals.analysed_batches(db):
            progress.check()
            store_signals.replace_row_combos(db, ids, _rows(db, ids, kws, tags, tz))
            n += len(ids)
            progress.update(n)
    return n
