"""Top issues with representative verbatims: the commonest categories of the scope, each
with its negative share and a few customers' own words (picked by ``Evidence.quotes``, the
one quote-selection function, which prefers the analyst's marked quotes)."""

from __future__ import annotations

import numpy as np

from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import Evidence
from vocdesk.engine.reports.lineage import sorted_unique
from vocdesk.engine.reports.sections import data
from vocdesk.engine.reports.sections.fmt import pct, share_ci

TOP = 5
QUOTES_EACH = 3


def negative(ev: Evidence, ids: np.ndarray):  # noqa: ANN201 - metrics.Figure
    """The engine's Wilson share of negative among ``ids``' rated rows."""
    return data.negative_share(ev, ids)


def voices(ev: Evidence, ids: np.ndarray, want: int) -> np.ndarray:
    """The rows an issue's quotes are picked from: its negative rows (the complaint in the
    customers' words) when there are enough and no quotes were marked; else all its rows
    (marked quotes are the analyst's choice, whatever their sentiment)."""
    if ev.spec.quote_ids:
        return ids
    neg, _ = data.negative_rows(ev, ids)
    return neg if len(neg) >= want else ids


def top_issues(pack: Pack, ev: Evidence, top: int = TOP, quotes_each: int = QUOTES_EACH) -> None:
    from vocdesk.engine.reports.templates.common import quotes_table

    w = pack.words
    pack.section(w["issues"])
    cats = ev.facet_counts("category", top=top)
    if not cats:
        pack.para(w["unknown"])
        return
    rows = []
    for value, count, ids in cats:
        neg = negative(ev, ids)
        rows.append([ev.label("category", value), f"{count:,}", pct(count / ev.n),
                     share_ci(neg.value, neg.low, neg.high, neg.n)])
    behind = sorted_unique(np.concatenate([ids for _, _, ids in cats]))
    pack.table(None, [w["col_issue"], w["col_count"], w["col_of_scope"], w["col_neg_ci"]], rows,
               ev.lineage.of(behind), widths=[180, 80, 80, 153])
    for value, count, ids in cats:
        neg = negative(ev, ids)
        pack.para(w["issues_row"].format(name=ev.label("category", value), n=count,
                                         share=pct(count / ev.n),
                                         neg=share_ci(neg.value, neg.low, neg.high, neg.n)))
        quotes_table(pack, ev, ev.quotes(quotes_each, within=voices(ev, ids, quotes_each)))
