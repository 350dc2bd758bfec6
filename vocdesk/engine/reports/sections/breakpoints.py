"""The breakpoint matrix: department pairs ranked by the engine's evidence, with hand-offs."""

from __future__ import annotations

import numpy as np

from vocdesk.engine.analytics.breakpoints import WINDOW_DAYS
from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import Evidence
from vocdesk.engine.reports.lineage import sorted_unique
from vocdesk.engine.reports.sections import data
from vocdesk.engine.reports.sections.fmt import qval, share_ci

#: Pairs shown (the engine ranks them; the rest are in the workspace).
TOP_PAIRS = 15


def pair_label(ev: Evidence, pair: tuple[str, str]) -> str:
    return " × ".join(ev.label("department", d) for d in pair)


def breakpoint_matrix(pack: Pack, ev: Evidence) -> None:
    w = pack.words
    got = data.breakpoints(ev)
    pairs, ho = got["pairs"], got["handoffs"]
    pack.section(w["breakpoints"])
    if not pairs:
        pack.para(w["no_pairs"])
        return
    shown = pairs[:TOP_PAIRS]
    pack.para(w["breakpoints_intro"].format(days=f"{WINDOW_DAYS:g}", shown=len(shown),
                                            total=len(pairs)))
    rows, behind = [], []
    for p in shown:
        ids = data.pair_ids(ev, p.departments)
        behind.append(ids)
        rows.append([pair_label(ev, p.departments), f"{p.n:,}",
                     share_ci(p.negative.value, p.negative.low, p.negative.high, p.n),
                     f"{p.lift:.2f}", qval(p.q), f"{p.handoffs:,}"])
    lin = ev.lineage.of(sorted_unique(np.concatenate(behind)))
    # a scope of one department pair (department=A, department=B) has its row highlighted
    scope = set(ev.filter.facets.get("department", []))
    marked = [i for i, p in enumerate(shown) if len(scope) == 2 and set(p.departments) == scope]
    pack.table(None, [w["col_pair"], w["col_count"], w["col_neg_ci"], w["col_lift"], w["col_q"],
                      w["col_handoffs"]], rows, lin, widths=[175, 45, 120, 45, 55, 53],
               highlight=marked)
    if ho.note:
        pack.para(w["no_handoffs"])
    else:
        r = ho.rate(ho.failures)
        pack.para(w["handoff_summary"].format(
            customers=ho.customers, handoffs=ho.handoffs, rate=f"{r.value:.1f}",
            lo=f"{r.low:.1f}", hi=f"{r.high:.1f}", ping=ho.ping_pong))
