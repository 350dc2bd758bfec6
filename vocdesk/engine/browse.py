"""Browse use cases over a :class:`~vocdesk.engine.workspace.Workspace` (Qt-free).

The explorer, the detail pane and the tag editor call these; they wrap ``store.browse`` and
``store.search`` with the workspace's time zone and taxonomy, so the UI never touches SQL.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from vocdesk.engine.store import browse as store_browse
from vocdesk.engine.store import search as store_search
from vocdesk.engine.store.browse import FeedbackFilter

__all__ = ["FeedbackFilter", "ids", "count", "rows", "detail", "search", "human_tags_of",
           "filter_options", "sync_search_index", "save_view", "load_view", "list_views",
           "delete_view", "monthly_volume"]


def ids(ws, flt: FeedbackFilter | None = None, order: str = "date_desc") -> np.ndarray:
    """Matching feedback ids, as an int64 array (never the rows)."""
    return store_browse.ids(ws.db, flt, order, tz=ws.timezone)


def count(ws, flt: FeedbackFilter | None = None) -> int:
    return store_browse.count(ws.db, flt, tz=ws.timezone)


def rows(ws, row_ids) -> list[dict[str, Any]]:
    """One page of display rows (text, date, channel, effective tags per facet)."""
    return store_browse.rows(ws.db, row_ids)


def search(ws, query: str) -> np.ndarray:
    """Ids whose text contains ``query`` (exact, case-insensitive substring)."""
    return store_search.search_ids(ws.db, query)


def sync_search_index(ws, progress=None) -> int:
    """Index rows added since the last sync (run after imports, in the import job)."""
    return store_search.sync_index(ws.db, progress)


def human_tags_of(ws, row_ids) -> dict[int, dict[str, tuple[str, ...]]]:
    return store_browse.human_tags_of(ws.db, row_ids)


def filter_options(ws) -> dict[str, Any]:
    return store_browse.filter_options(ws.db)


def monthly_volume(ws, facet: str = "sentiment") -> list[tuple[str, str, int]]:
    return store_browse.monthly_volume(ws.db, facet)


def detail(ws, feedback_id: int) -> dict[str, Any] | None:
    """Everything the detail pane shows about one row.

    Keys: ``row`` (the full feedback row), ``tags`` (facet → effective tags with origin,
    score and spans), ``analysis`` (sentiment score, keywords), ``customer`` (or None),
    ``customer_feedback`` (display rows of the customer's other feedback, newest first).
    """
    got = ws.feedback([feedback_id])
    if not got:
        return None
    row = got[0]
    tags = ws.effective_tags([feedback_id]).get(feedback_id, {})
    cust = ws.customer(row["customer_id"]) if row.get("customer_id") else None
    others: list[dict[str, Any]] = []
    if row.get("customer_id"):
        other_ids = [i for i in store_browse.customer_feedback_ids(ws.db, row["customer_id"], 21)
                     if i != feedback_id][:20]
        others = store_browse.rows(ws.db, other_ids)
    return {"row": row, "tags": tags, "analysis": store_browse.analysis_of(ws.db, feedback_id),
            "customer": cust, "customer_feedback": others}


def save_view(ws, name: str, flt: FeedbackFilter) -> None:
    store_browse.save_view(ws.db, name, flt)


def load_view(ws, name: str) -> FeedbackFilter | None:
    return store_browse.load_view(ws.db, name)


def list_views(ws) -> list[str]:
    return store_browse.list_views(ws.db)


def delete_view(ws, name: str) -> None:
    store_browse.delete_view(ws.db, name)
