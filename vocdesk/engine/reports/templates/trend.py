"""The weekly and executive packs: volume and negative-share trend over the filtered rows.

Weekly groups by ISO week and adds the new weak signals, the actions with their SLA and the
last week's verbatims; executive is brand health on two pages, by month.
"""

from __future__ import annotations

import numpy as np

from vocdesk.engine.reports import charts
from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import Evidence
from vocdesk.engine.reports.sections.trends import negative_share
from vocdesk.engine.reports.templates.common import (
    interval,
    method_notes,
    opening,
    pct,
    quotes_table,
    summary_table,
)

#: Verbatims of the last week in a weekly pack.
LAST_WEEK_QUOTES = 15


def _build(pack: Pack, ev: Evidence, freq: str, last_words: bool = False) -> None:
    w = pack.words
    if not opening(pack, ev):
        return
    per = ev.periods(freq)
    labels = list(per["period"])

    pack.section(w["trend_volume"])
    pack.figure(w["trend_volume"], charts.trend_chart(labels, list(per["n"])),
                ev.lineage.of(ev.ids), labels=labels)
    negative_share(pack, ev, freq)      # with its Wilson band

    pack.section(w["top_issues"])
    top = ev.facet_counts("category", top=10)
    if top:
        names = [ev.label("category", v) for v, _, _ in top]
        behind = np.concatenate([ids for _, _, ids in top])
        pack.figure(w["top_issues"], charts.bar_chart(names, [c for _, c, _ in top]),
                    ev.lineage.of(behind), labels=names)

    pack.section(w["trend_table"])
    rows = [[r.period, f"{r.n:,}", f"{r.negative:,}", pct(r.share) if r.rated else "—",
             interval(r.lo, r.hi, r.rated) if r.rated else "—"] for r in per.itertuples()]
    pack.table(None, [w["col_period"], w["col_count"], w["col_negative"], w["col_share"],
                      w["col_ci"]], rows, ev.lineage.of(ev.ids),
               widths=[100, 80, 80, 90, 143])
    if last_words:
        # the Monday meeting: what is new, and what is open with its SLA
        from vocdesk.engine.reports.sections.actions import actions_section
        from vocdesk.engine.reports.sections.signals import weak_signals

        weak_signals(pack, ev)
        actions_section(pack, ev)
    if last_words and len(per):
        last = str(per["period"].iloc[-1])
        quotes = ev.quotes(LAST_WEEK_QUOTES, within=ev.period_ids(freq, last))
        pack.section(w["last_week_words"].format(period=last))
        quotes_table(pack, ev, quotes)
    method_notes(pack)


def build_weekly(pack: Pack, ev: Evidence) -> None:
    _build(pack, ev, "W", last_words=True)


def build_executive(pack: Pack, ev: Evidence) -> None:
    """Brand health on two pages: volume, negative share and NPS per month with their
    bands, and the biggest movers of the last month."""
    from vocdesk.engine.reports.sections.trends import movers, negative_share, nps_trend, volume

    w = pack.words
    rng = ev.date_range()
    lines = [f"{w['scope']}: {pack.scope_text}"] + (
        [f"{w['period']}: {rng[0]} – {rng[1]}"] if rng else []) + [f"{w['rows']}: {ev.n:,}"]
    pack.cover(lines, top=0)
    if not ev.n:
        pack.para(w["no_rows"])
        method_notes(pack)
        return
    summary_table(pack, ev)
    volume(pack, ev, "M", height=120)
    negative_share(pack, ev, "M", height=120)
    pack.new_page()
    nps_trend(pack, ev, height=120)
    movers(pack, ev, top=6)
    method_notes(pack)
