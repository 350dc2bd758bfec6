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

    def volume(self, flt: FeedbackFilter | None = None, facet: str = "sentiment",
               period: str = "month") -> list[tuple[str, str, int]]:
        """(period label, effective value of ``facet`` or ``""``, rows) of the filtered rows.

        The explorer's chart: the filter (search included) is compiled once to SQL
        (``store/filter_sql.py``), so the chart counts exactly the rows the table lists; periods
        are the workspace-zone integer columns every other aggregate uses. Meant for
        single-value facets: ``""`` counts the rows of a period without the facet.
        """
        from vocdesk.engine.store import aggregates as agg
        from vocdesk.engine.store.periods import PERIOD_LABELS, ensure_periods

        ensure_periods(self._ws.db, self._ws.timezone)
        sel = self._selection(flt)
        totals = dict(agg.period_counts(self._ws.db, sel, period))
        tagged: dict[int, int] = {}
        out = []
        for value, p, n in agg.facet_by_period(self._ws.db, sel, facet, period):
            out.append((PERIOD_LABELS[period](p), value, int(n)))
            tagged[p] = tagged.get(p, 0) + int(n)
        for p, n in totals.items():
            if n > tagged.get(p, 0):
                out.append((PERIOD_LABELS[period](p), "", int(n) - tagged.get(p, 0)))
        return sorted(out)

    def volume_ids(self, flt: FeedbackFilter | None, facet: str, period_label: str, value: str,
                   period: str = "month") -> list[int]:
        """The rows behind one point of :meth:`volume` (same filter, same ids)."""
        from vocdesk.engine.store import aggregates as agg

        return agg.period_value_ids(self._ws.db, self._selection(flt), facet, period,
                                    _period_number(period, period_label), value)

    def _selection(self, flt: FeedbackFilter | None):
        from vocdesk.engine.store.filter_sql import compile_filter

        return compile_filter(self._ws.db, flt, self._ws.timezone)

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


def _period_number(period: str, text: str) -> int:
    """The integer period column value of a label (inverse of ``store/periods`` labels)."""
    from datetime import date

    if period == "month":
        year, month = text[:7].split("-")
        return int(year) * 12 + int(month) - 1
    day = (date.fromisoformat(text[:10]) - date(1970, 1, 1)).days
    return day if period == "day" else (day + 3) // 7
