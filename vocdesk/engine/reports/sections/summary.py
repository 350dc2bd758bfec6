"""The meeting pack's one-page summary: headline numbers, and what is asked of each
department — put together from the same engine results the later sections show."""

from __future__ import annotations

import numpy as np

from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import Evidence
from vocdesk.engine.reports.lineage import sorted_unique
from vocdesk.engine.reports.sections import data
from vocdesk.engine.reports.sections.actions import department_counts
from vocdesk.engine.reports.sections.breakpoints import pair_label
from vocdesk.engine.reports.sections.fmt import mean_ci, pct, score_ci, share_ci
from vocdesk.engine.reports.sections.issues import negative

#: Departments in the asks table (the ones with most rows in the scope).
DEPARTMENTS = 8
#: A breakpoint is asked about only when the engine's q is below this.
PAIR_Q = 0.05


def headline_rows(pack: Pack, ev: Evidence) -> list[list[str]]:
    w = pack.words
    rng = ev.date_range()
    rows = [[w["rows"], f"{ev.n:,}"], [w["customers"], f"{ev.customers():,}"]]
    if rng:
        rows.append([w["period"], f"{rng[0]} – {rng[1]}"])
    neg = negative(ev, ev.ids)
    rows.append([w["negative_share"], share_ci(neg.value, neg.low, neg.high, neg.n)
                 if neg.n else w["not_analysed"]])
    nps = data.metrics_summary(ev).get("nps")
    rows.append([w["nps"], score_ci(nps.value, nps.low, nps.high, nps.n) if nps and nps.n
                 else "—"])
    worst = next((t for t in data.journey(ev)["map"].touchpoints() if t.worst), None)
    if worst:
        rows.append([w["worst_touchpoint"], f"{ev.label('touchpoint', worst.name)}: "
                     f"{mean_ci(worst.sentiment.value, worst.sentiment.low, worst.sentiment.high)}"
                     f" (n {worst.rows:,})"])
    pairs = [p for p in data.breakpoints(ev)["pairs"] if not p.low_n and p.q < PAIR_Q]
    if pairs:
        p = pairs[0]
        rows.append([w["top_breakpoint"], f"{pair_label(ev, p.departments)}: n {p.n:,}, "
                     f"{w['col_lift']} {p.lift:.2f}, q {p.q:.2g}"])
    top = ev.facet_counts("category", top=1)
    if top:
        v, c, _ = top[0]
        rows.append([w["top_issue"], f"{ev.label('category', v)}: {c:,} ({pct(c / ev.n)})"])
    return rows


def asks(pack: Pack, ev: Evidence) -> tuple[list[list[str]], np.ndarray]:
    """Per department: rows, negative share, and the ask (open actions, its strongest
    breakpoint, its commonest issue); and the rows behind the table."""
    w = pack.words
    sep = "；" if ev.spec.lang == "zh" else "; "
    dept_ids = data.facet_ids(ev, "department")
    ranked = sorted(dept_ids.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:DEPARTMENTS]
    counts = department_counts(data.actions(ev))
    pairs = [p for p in data.breakpoints(ev)["pairs"] if not p.low_n and p.q < PAIR_Q]
    rows = []
    for dept, ids in ranked:
        neg = negative(ev, ids)
        parts = []
        c = counts.get(dept)
        if c and c["open"]:
            parts.append(w["ask_actions"].format(open=f"{c['open']:,}",
                                                 overdue=f"{c['overdue']:,}"))
        pair = next((p for p in pairs if dept in p.departments), None)
        if pair:
            other = next(d for d in pair.departments if d != dept)
            parts.append(w["ask_pair"].format(other=ev.label("department", other), n=f"{pair.n:,}",
                                              neg=pct(pair.negative.value)))
        cats = data.facet_ids(ev, "category", within=ids)
        if cats:
            value, cids = min(cats.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            cneg = negative(ev, cids)
            parts.append(w["ask_issue"].format(issue=ev.label("category", value),
                                               n=f"{len(cids):,}",
                                               neg=pct(cneg.value)))
        rows.append([ev.label("department", dept), f"{len(ids):,}",
                     share_ci(neg.value, neg.low, neg.high, neg.n),
                     sep.join(parts) or w["ask_none"]])
    behind = sorted_unique(np.concatenate([ids for _, ids in ranked])) if ranked else \
        np.zeros(0, np.int64)
    return rows, behind


def one_page(pack: Pack, ev: Evidence) -> None:
    w = pack.words
    pack.section(w["one_page"])
    pack.table(w["headline"], [w["col_measure"], w["col_value"]], headline_rows(pack, ev),
               ev.lineage.of(ev.ids), widths=[150, 343])
    rows, behind = asks(pack, ev)
    if rows:
        pack.table(w["asks"], [w["col_department"], w["col_count"], w["col_neg_ci"],
                               w["col_ask"]], rows, ev.lineage.of(behind),
                   widths=[70, 45, 108, 270])
