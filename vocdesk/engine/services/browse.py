"""``ws.browse``: the explorer's use cases — filters to id snapshots, pages, detail, views.

It wraps :mod:`vocdesk.engine.store.browse_queries` and :mod:`vocdesk.engine.store.search`
with the workspace's time zone and taxonomy, so the UI never touches SQL or the connection.

Transaction rule: everything reads, except :meth:`BrowseService.save_view` and
:meth:`BrowseService.delete_view` (one transaction each) and
:meth:`BrowseService.sync_search_index` (the search index's own batches).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.store import browse_queries as store_browse
from vocdesk.engine.store import search as store_search

if TYPE_CHECKING:
    from vocdesk.engine.workspace import Workspace


class BrowseService:
    """Browse use cases of one workspace (``ws.browse``)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def ids(self, flt: FeedbackFilter | None = None, order: str = "date_desc") -> np.ndarray:
        """Matching feedback ids, as an int64 array (never the rows)."""
        return store_browse.ids(self._ws.db, flt, order, tz=self._ws.timezone)

    def count(self, flt: FeedbackFilter | None = None) -> int:
        return store_browse.count(self._ws.db, flt, tz=self._ws.timezone)

    def rows(self, row_ids) -> list[dict[str, Any]]:
        """One page of display rows (text, date, channel, effective tags per facet)."""
        return store_browse.rows(self._ws.db, row_ids)

    def search(self, query: str) -> np.ndarray:
        """Ids whose text contains ``query`` (exact, case-insensitive substring)."""
        return store_search.search_ids(self._ws.db, query)

    def sync_search_index(self, progress=None) -> int:
        """Index rows added since the last sync (run after imports, in the import job)."""
        return store_search.sync_index(self._ws.db, progress)

    def human_tags_of(self, row_ids) -> dict[int, dict[str, tuple[str, ...]]]:
        return store_browse.human_tags_of(self._ws.db, row_ids)

    def filter_options(self) -> dict[str, Any]:
        return store_browse.filter_options(self._ws.db)

    def monthly_volume(self, facet: str = "sentiment") -> list[tuple[str, str, int]]:
        return store_browse.monthly_volume(self._ws.db, facet)

    def detail(self, feedback_id: int) -> dict[str, Any] | None:
        """Everything the detail pane shows about one row.

        Keys: ``row`` (the full feedback row), ``tags`` (facet → effective tags with origin,
        score and spans), ``analysis`` (sentiment score, keywords), ``customer`` (or None),
        ``customer_feedback`` (display rows of the customer's other feedback, newest first).
        """
        ws = self._ws
        got = ws.feedback([feedback_id])
        if not got:
            return None
        row = got[0]
        tags = ws.effective_tags([feedback_id]).get(feedback_id, {})
        cust = ws.customer(row["customer_id"]) if row.get("customer_id") else None
        others: list[dict[str, Any]] = []
        if row.get("customer_id"):
            other_ids = [i for i in store_browse.customer_feedback_ids(ws.db, row["customer_id"],
                                                                       21)
                         if i != feedback_id][:20]
            others = store_browse.rows(ws.db, other_ids)
        return {"row": row, "tags": tags, "analysis": store_browse.analysis_of(ws.db, feedback_id),
                "customer": cust, "customer_feedback": others}

    def save_view(self, name: str, flt: FeedbackFilter) -> None:
        store_browse.save_view(self._ws.db, name, flt)

    def load_view(self, name: str) -> FeedbackFilter | None:
        return store_browse.load_view(self._ws.db, name)

    def list_views(self) -> list[str]:
        return store_browse.list_views(self._ws.db)

    def delete_view(self, name: str) -> None:
        store_browse.delete_view(self._ws.db, name)
