"""The defect pack: one issue for the engineers who fix it, in the customers' own words.

Summary, which products (and versions) the rows name, how volume moved per month, then dozens
of verbatims — each customer's latest, newest first — with product, version, channel and date.
"""

from __future__ import annotations

import numpy as np

from vocdesk.engine.reports import charts
from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import Evidence
from vocdesk.engine.reports.templates.common import (
    method_notes,
    opening,
    quotes_table,
)


def build(pack: Pack, ev: Evidence) -> None:
    w = pack.words
    if not opening(pack, ev):
        return

    pack.section(w["defect_products"])
    products = ev.facet_counts("product", top=12)
    if products:
        labels = [ev.label("product", v) for v, _, _ in products]
        behind = np.concatenate([ids for _, _, ids in products])
        pack.figure(w["defect_products"], charts.bar_chart(labels, [c for _, c, _ in products]),
                    ev.lineage.of(behind), labels=labels)
        rows = []
        for (_value, count, ids), label in zip(products, labels, strict=True):
            first, last = ev.days_of(ids)
            rows.append([label, f"{count:,}", first, last])
        pack.table(None, [w["col_product"], w["col_count"], w["col_first"], w["col_last"]],
                   rows, ev.lineage.of(behind), widths=[180, 80, 107, 107])
    else:
        pack.para(w["unknown"])

    pack.section(w["defect_trend"])
    months = ev.periods("M")
    pack.figure(w["defect_trend"], charts.trend_chart(list(months["period"]),
                                                      list(months["n"])),
                ev.lineage.of(ev.ids), labels=list(months["period"]))

    pack.section(w["defect_words"])
    quotes = ev.quotes()
    pack.para(w["defect_words_intro"].format(n=len(quotes), total=ev.n))
    quotes_table(pack, ev, quotes)
    method_notes(pack)
