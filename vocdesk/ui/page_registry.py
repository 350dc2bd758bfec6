"""The analysis pages of the workbench, as one table the shell builds itself from.

Why a table: every page added (journey, breakpoints, metrics, dashboards, signals, actions,
the report builder) needs the same five things — a stack entry, a View-menu action with a
shortcut, a toolbar button, ``vocdesk gui WS --page KEY`` and the explorer click-through — and
writing them by hand in the shell for each page is how pages drift apart. A page listed here
gets all five: the shell imports ``vocdesk.ui.pages.<module>.<cls>``, builds it with the
session, and connects its ``rows_requested(list, str)`` signal (if it has one) to the explorer,
so "every number opens the rows behind it" is one signal for every page.

Add a page by appending one line; the order is the toolbar's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str                 # "journey": action "page_journey", `--page=journey`, window.pages[key]
    title: str               # English msgid of the menu/toolbar entry (translated when built)
    module: str              # module name in vocdesk.ui.pages
    cls: str                 # the QWidget class there; built as cls(session)
    shortcut: str | None = None


#: One line per analysis page, in toolbar order (after start, explorer, review, taxonomy,
#: accuracy, which the shell builds itself).
ANALYSIS_PAGES: tuple[PageSpec, ...] = (
    PageSpec("journey", "Journey map", "journey_page", "JourneyPage"),
    PageSpec("breakpoints", "Breakpoints", "breakpoints_page", "BreakpointsPage"),
    PageSpec("metrics", "&Metrics", "metrics_page", "MetricsPage"),
    PageSpec("dashboard", "&Dashboard", "dashboard_page", "DashboardPage"),
    PageSpec("report", "&Report builder", "report_page", "ReportPage", "Ctrl+Shift+R"),
)
