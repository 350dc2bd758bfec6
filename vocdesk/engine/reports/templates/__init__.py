"""Pack templates: each is ``build(pack, evidence)`` that appends sections to a Pack.

Extension point: a new template is a module here with a ``build`` function and an entry in
:data:`TEMPLATES`, plus its title/subject words in ``texts.py``. The analysis sections
(journey map, breakpoint matrix, weak signals, actions, top issues, trends with bands) live in
``reports/sections/``; templates list them. Templates never compute statistics of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from vocdesk.engine.reports.templates import defect, meeting, trend

#: name -> (build function, title key, subject key) in texts.WORDS
TEMPLATES: dict[str, tuple[Callable, str, str]] = {
    "defect": (defect.build, "defect_title", "defect_subject"),
    "weekly": (trend.build_weekly, "weekly_title", "weekly_subject"),
    "executive": (trend.build_executive, "executive_title", "executive_subject"),
    "meeting": (meeting.build_meeting, "meeting_title", "meeting_subject"),
    "consultant": (meeting.build_consultant, "consultant_title", "consultant_subject"),
}
#: Templates the issue asks for that are not built yet.
PLANNED: tuple[str, ...] = ()
#: Templates whose content depends on the clock (SLA states): the first build records it.
CLOCKED = ("meeting", "consultant", "weekly")
