"""Trends with their bands: volume, negative share (Wilson band), NPS (adjusted-Wald band) and
the biggest movers between the last two months."""

from __future__ import annotations

import numpy as np

from vocdesk.engine.reports import charts
from vocdesk.engine.reports.band_chart import band_chart
from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import Evidence
from vocdesk.engine.reports.sections import data
from vocdesk.engine.reports.sections.fmt import pct, points

MOVERS = 8


def volume(pack: Pack, ev: Evidence, freq: str = "M", height: int = 150) -> None:
    w = pack.words
    per = ev.periods(freq)
    labels = list(per["period"])
    pack.section(w["trend_volume"])
    pack.figure(w["trend_volume"], charts.trend_chart(labels, list(per["n"]), height=height),
                ev.lineage.of(ev.ids), labels=labels)


def negative_share(pack: Pack, ev: Evidence, freq: str = "M", height: int = 150,
                   section: bool = True) -> None:
    """The negative share per period with its 95 % Wilson band (from ``Evidence.periods``)."""
    w = pack.words
    per = ev.periods(freq)
    labels = list(per["period"])
    if section:
        pack.section(w["trend_sentiment"])
    if not per["rated"].sum():
        pack.para(w["not_analysed"])
        return
    chart = band_chart(labels, list(per["share"]), list(per["lo"]), list(per["hi"]),
                       scale=100, fmt="{:.0f}%", height=height)
    pack.figure(w["trend_sentiment_band"], chart, ev.lineage.of(ev.ids), labels=labels)


def nps_trend(pack: Pack, ev: Evidence, height: int = 150) -> None:
    """NPS per month with its interval, from ``ws.metrics.by("month")``."""
    w = pack.words
    pack.section(w["nps_trend"])
    months = {k: v["nps"] for k, v in ev.ws.metrics.by("month", data.nps_filter(ev)).items()
              if "nps" in v and v["nps"].n}
    if not months:
        pack.para(w["no_nps"])
        return
    labels = sorted(months)
    figs = [months[k] for k in labels]
    chart = band_chart(labels, [f.value for f in figs], [f.low for f in figs],
                       [f.high for f in figs], fmt="{:.0f}", height=height)
    pack.figure(w["nps_trend"], chart, ev.lineage.of(data.nps_ids(ev)), labels=labels)


def movers(pack: Pack, ev: Evidence, top: int = MOVERS) -> None:
    """Categories whose share of the month moved, last month against the one before: the
    dashboard's movers (:func:`vocdesk.engine.analytics.movers.movers`: Newcombe interval,
    ranked by evidence), so the pack and the dashboard name the same themes."""
    from vocdesk.engine.analytics.movers import movers as rank_movers

    w = pack.words
    pack.section(w["movers"])
    per = ev.periods("M")
    filled = per[per["n"] > 0]
    if len(filled) < 2:
        pack.para(w["no_movers"])
        return
    last, prev = str(filled["period"].iloc[-1]), str(filled["period"].iloc[-2])
    ids_last, ids_prev = ev.period_ids("M", last), ev.period_ids("M", prev)
    n1, n0 = len(ids_last), len(ids_prev)
    cats = data.facet_ids(ev, "category")
    in_last = {v: np.isin(ids, ids_last) for v, ids in cats.items()}
    in_prev = {v: np.isin(ids, ids_prev) for v, ids in cats.items()}
    found = rank_movers({v: int(m.sum()) for v, m in in_last.items()}, n1,
                        {v: int(m.sum()) for v, m in in_prev.items()}, n0, limit=top)
    pack.para(w["movers_intro"].format(last=last, prev=prev))
    if not found:
        pack.para(w["no_movers"])
        return
    rows = [[ev.label("category", r["theme"]), f"{r['before']:,} ({pct(r['share_before'])})",
             f"{r['now']:,} ({pct(r['share_now'])})",
             f"{points(r['change'])} [{points(r['ci_low'])}, {points(r['ci_high'])}]"]
            for r in found]
    behind = np.unique(np.concatenate([cats[r["theme"]][in_last[r["theme"]] |
                                                        in_prev[r["theme"]]] for r in found]))
    pack.table(None, [w["col_issue"], f"{w['col_prev']} {prev}", f"{w['col_lastm']} {last}",
                      w["col_change"]], rows, ev.lineage.of(behind), widths=[150, 105, 105, 133])
