"""The meeting pack (cross-department) and the consultant's full report.

Meeting: cover; the one-page summary (headline numbers, what is asked of each department);
volume and negative-share trend with its band; the journey map with the scope highlighted;
the breakpoint matrix; top issues with verbatims; actions with owner, SLA status and measured
effect; the appendix of method notes. Consultant: the same and more (NPS trend, weak
signals), under the consultant's name and logo, redaction checked like every pack.
"""

from __future__ import annotations

import base64

from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import Evidence
from vocdesk.engine.reports.sections import data
from vocdesk.engine.reports.sections.actions import actions_section
from vocdesk.engine.reports.sections.appendix import appendix
from vocdesk.engine.reports.sections.breakpoints import breakpoint_matrix
from vocdesk.engine.reports.sections.issues import top_issues
from vocdesk.engine.reports.sections.journey import journey_map
from vocdesk.engine.reports.sections.signals import weak_signals
from vocdesk.engine.reports.sections.summary import one_page
from vocdesk.engine.reports.sections.trends import negative_share, nps_trend, volume
from vocdesk.engine.reports.templates.common import cover

#: A scope spanning fewer days than this is trended per ISO week, else per month.
WEEKLY_UNDER_DAYS = 120


def trend_freq(ev: Evidence) -> str:
    from datetime import date

    rng = ev.date_range()
    if not rng:
        return "M"
    days = (date.fromisoformat(rng[1]) - date.fromisoformat(rng[0])).days
    return "W" if days < WEEKLY_UNDER_DAYS else "M"


def _body(pack: Pack, ev: Evidence, full: bool) -> None:
    freq = trend_freq(ev)
    volume(pack, ev, freq)
    negative_share(pack, ev, freq)
    if full:
        nps_trend(pack, ev)
    journey_map(pack, ev)
    breakpoint_matrix(pack, ev)
    top_issues(pack, ev)
    if full:
        weak_signals(pack, ev)
    actions_section(pack, ev)
    appendix(pack, ev.spec.lang)


def build_meeting(pack: Pack, ev: Evidence) -> None:
    cover(pack, ev)
    pack.para(f"{pack.words['as_of']}: {data.clock_text(ev)}")
    if not ev.n:
        pack.para(pack.words["no_rows"])
        appendix(pack, ev.spec.lang)
        return
    pack.new_page()
    one_page(pack, ev)
    pack.new_page()
    _body(pack, ev, full=False)


def build_consultant(pack: Pack, ev: Evidence) -> None:
    w = pack.words
    name = ev.spec.consultant or ""
    prepared = w["prepared_by"].format(name=name)
    pack.footer = prepared
    pack.texts.append(("footer", prepared))
    if ev.spec.logo_png:
        pack.image(base64.b64decode(ev.spec.logo_png), width=120)
    cover(pack, ev)
    pack.para(prepared)
    pack.para(f"{w['as_of']}: {data.clock_text(ev)}")
    pack.para(w["redaction_ok"])
    if not ev.n:
        pack.para(w["no_rows"])
        appendix(pack, ev.spec.lang)
        return
    pack.new_page()
    one_page(pack, ev)
    pack.new_page()
    _body(pack, ev, full=True)
