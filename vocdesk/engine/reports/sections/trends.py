"""Trends with their bands: volume, negative share (Wilson band), NPS (adjusted-Wald band) and
the biggest movers between the last two months."""

from __future__ import annotations

import numpy as np

from vocdesk.engine.reports import charts
from vocdesk.engine.reports.band_chart import band_chart
from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import MIN_N, Evidence
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
    """Categories whose share of the month moved most, last month against the one before
    (Newcombe interval of the difference, statsmodels)."""
    from statsmodels.stats.proportion import confint_proportions_2indep

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
    found = []
    for value, ids in cats.items():
        k1, k0 = int(np.isin(ids, ids_last).sum()), int(np.isin(ids, ids_prev).sum())
        if max(k1, k0) < MIN_N:
            continue
        lo, hi = confint_proportions_2indep(k1, n1, k0, n0, method="newcomb")
        found.append((value, k0, k1, k1 / n1 - k0 / n0, float(lo), float(hi),
                      ids[np.isin(ids, ids_last) | np.isin(ids, ids_prev)]))
    found.sort(key=lambda t: (-abs(t[3]), t[0]))
    found = found[:top]
    pack.para(w["movers_intro"].format(last=last, prev=prev))
    if not found:
        pack.para(w["no_movers"])
        return
    rows = [[ev.label("category", v), f"{k0:,} ({pct(k0 / n0)})", f"{k1:,} ({pct(k1 / n1)})",
             f"{points(d)} [{points(lo)}, {points(hi)}]"] for v, k0, k1, d, lo, hi, _ in found]
    behind = np.unique(np.concatenate([t[6] for t in found]))
    pack.table(None, [w["col_issue"], f"{w['col_prev']} {prev}", f"{w['col_lastm']} {last}",
                      w["col_change"]], rows, ev.lineage.of(behind), widths=[150, 105, 105, 133])
