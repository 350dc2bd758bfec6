"""What the metrics page and the dashboards share: the filter they run over, labels, periods.

The filter: the explorer's current filter (the shell's explorer, found through the window)
narrowed to the chosen period. The period is counted back from the newest feedback month, never
from today's date, so a workspace of last year's data still shows its last 3 months.
"""

from __future__ import annotations

import copy

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.i18n import _
from vocdesk.ui.labels import facet_text
from vocdesk.ui.widgets.shown_reload import ReloadsWhenShown

#: (months back, msgid): 0 = everything
PERIODS = ((0, "All time"), (12, "Last 12 months"), (6, "Last 6 months"), (3, "Last 3 months"))
GROUPINGS = ("store", "region", "channel", "product")
#: the facet whose values are the themes of impact, drivers and movers
THEMES = "category"


def tell(progress, done: int, total: int, message: str = "") -> None:
    """Report a step of a background job (no-op without a progress object)."""
    if progress is not None:
        progress.update(done, total, message)


def explorer_filter(widget) -> FeedbackFilter:
    """The explorer's current filter when the widget sits in the main window, else none."""
    win = widget.window()
    explorer = getattr(win, "explorer", None)
    if explorer is not None and hasattr(explorer, "current_filter"):
        try:
            return copy.deepcopy(explorer.current_filter())
        except Exception:   # noqa: BLE001 - a half-built window: no filter
            return FeedbackFilter()
    return FeedbackFilter()


def with_period(ws, flt: FeedbackFilter, months: int) -> FeedbackFilter:
    """``flt`` from the first day of the last ``months`` months of data (0: unchanged)."""
    out = copy.deepcopy(flt)
    if months <= 0:
        return out
    labels = sorted(ws.metrics.by("month", flt))
    if labels:
        first = labels[max(0, len(labels) - months)] + "-01"
        if not out.date_from or out.date_from < first:
            out.date_from = first
    return out


def facet_label(ws, name: str) -> str:
    if ws is not None and ws.taxonomy.facet(name) is not None:
        return facet_text(ws.taxonomy, name)
    return {"store": _("Store"), "region": _("Region"), "channel": _("Channel"),
            "product": _("Product"), "month": _("Month"), "week": _("Week")}.get(name, name)


def groupings(ws) -> list[str]:
    """What the metrics can be grouped by: facets (not sentiment), columns, periods."""
    facets = [f.name for f in ws.taxonomy.facets if f.name != "sentiment"] if ws else []
    return facets + [g for g in GROUPINGS if g not in facets] + ["month", "week"]


class FollowsExplorerFilter(ReloadsWhenShown):
    """Metrics and dashboard pages: computed when first shown (a hidden page costs nothing at
    start-up), and again when shown with another explorer filter than the one they were
    computed over (``_used_filter``), when "Explorer's filter" is ticked."""

    def outdated_when_shown(self) -> bool:
        return (self.data is not None and self.use_explorer.isChecked() and self._job is None
                and self.current_filter().to_dict() != self._used_filter)

    def current_filter(self):  # noqa: ANN201 - FeedbackFilter
        return explorer_filter(self) if self.use_explorer.isChecked() else FeedbackFilter()
