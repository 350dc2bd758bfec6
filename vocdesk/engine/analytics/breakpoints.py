"""Cross-department breakpoints: department pairs within rows, and hand-offs between contacts.

Pairs. A row whose effective ``department`` tags (derived by analysis from the owners of its
category / touchpoint values and from explicit mentions) name two or more departments is a
candidate. For each pair: rows with both, negative share (Wilson), lift over independence
P(A∧B) / (P(A)·P(B)), a one-sided Fisher exact test (``scipy.stats.fisher_exact``) with
Benjamini–Hochberg over all pairs, and the odds ratio's one-sided lower 95 % bound
(``statsmodels`` ``Table2x2.oddsratio_confint``, Haldane's ½ for empty cells; scipy's
conditional-MLE interval costs 15 ms per pair). Pairs rank by that lower bound — evidence of a link, not raw count (pairs
under the minimum n come last, unranked): two unrelated complaints in one review (product quality and slow delivery)
co-occur often but near independence; a sales promise that after-sales refuses co-occurs far
beyond it.

Hand-offs (process mining's handover of work). Per customer, contacts in time order, each with
its most confident department: a hand-off when consecutive contacts belong to different
departments within ``window_days``; a failure when the later contact is negative or repeats a
category of the earlier one; ping-pong when A → B → A. Rates per 100 customers with exact
Poisson intervals (``statsmodels.stats.rates.confint_poisson``). Without customer ids nothing
is guessed: the result says so.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.stats import fisher_exact
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.rates import confint_poisson

from vocdesk.engine.analytics import metrics as m
from vocdesk.engine.store import aggregates as agg
from vocdesk.engine.store import pair_arrays as pa
from vocdesk.engine.store.filter_sql import Selection

FACET = "department"
WINDOW_DAYS = 7
EXAMPLES = 5
#: Pairs (the best ranked) that get example rows; the others are one click away.
EXAMPLE_PAIRS = 30
NO_CUSTOMERS = "hand-offs need customer ids"


@dataclass
class Pair:
    departments: tuple[str, str]
    n: int
    n_a: int
    n_b: int
    negative: m.Figure
    lift: float
    odds_low: float
    p: float
    q: float = 1.0
    example_ids: list[int] = field(default_factory=list)
    handoffs: int = 0

    @property
    def low_n(self) -> bool:
        return self.n < m.MIN_N

    def to_dict(self) -> dict[str, Any]:
        return {"departments": list(self.departments), "n": self.n, "n_a": self.n_a,
                "n_b": self.n_b, "negative_share": self.negative.value,
                "negative_ci": [self.negative.low, self.negative.high], "lift": self.lift,
                "odds_ratio_low": self.odds_low, "p": self.p, "q": self.q,
                "handoffs": self.handoffs, "example_ids": self.example_ids,
                "low_n": self.low_n}


def department_pairs(db, sel: Selection, *, alpha: float = 0.05) -> list[Pair]:
    """Department × department pairs of rows, ranked by evidence of a link (see module doc)."""
    co = pa.cooccurrence(db, sel, FACET)
    total, values = co["total"], co["values"]
    if total == 0:
        return []
    single, both, both_neg = co["single"], co["both"], co["both_negative"]
    ii, jj = np.triu_indices(len(values), k=1)
    seen = both[ii, jj] > 0
    ii, jj = ii[seen], jj[seen]
    shares = m.proportions(both_neg[ii, jj], both[ii, jj])     # Wilson, one vectorised call
    pairs = []
    for i, j, negative in zip(ii, jj, shares, strict=True):
        n = int(both[i, j])
        na, nb = int(single[i]), int(single[j])
        table = [[n, na - n], [nb - n, total - na - nb + n]]
        p = float(fisher_exact(table, alternative="greater").pvalue)
        # one-sided 95 % lower bound = lower end of the two-sided 90 % interval; empty cells
        # get Haldane's ½ (shift_zeros), so a pair seen only together has a finite bound
        low = float(Table2x2(np.asarray(table, dtype=float), shift_zeros=True)
                    .oddsratio_confint(alpha=0.10)[0])
        a, b = sorted((values[i], values[j]))
        pairs.append(Pair((a, b), n, na if a == values[i] else nb,
                          nb if a == values[i] else na, negative, n * total / (na * nb), low, p))
    if pairs:
        q = multipletests([p.p for p in pairs], alpha=alpha, method="fdr_bh")[1]
        for pair, qv in zip(pairs, q, strict=True):
            pair.q = float(qv)
    pairs.sort(key=lambda p: (p.low_n, -p.odds_low, p.q, -p.n))
    shown = pairs[:EXAMPLE_PAIRS]
    for pair, ids in zip(shown, pa.pair_examples(db, sel, FACET, [p.departments for p in shown],
                                                  EXAMPLES), strict=True):
        pair.example_ids = ids
    return pairs


@dataclass
class Handoffs:
    customers: int                  # customers with at least one dated, attributed contact
    handoffs: int
    failures: int
    ping_pong: int
    per_pair: Counter = field(default_factory=Counter)
    failure_ids: list[int] = field(default_factory=list)
    note: str | None = None

    def rate(self, count: int) -> m.Figure:
        """Per 100 customers, exact Poisson interval."""
        if self.customers == 0:
            return m.Figure(None, None, None, 0, "poisson-exact")
        lo, hi = confint_poisson(count, self.customers, method="exact-c")
        return m.Figure(100 * count / self.customers, 100 * float(lo), 100 * float(hi),
                        self.customers, "poisson-exact")

    def to_dict(self) -> dict[str, Any]:
        return {"customers": self.customers, "handoffs": self.handoffs,
                "failures": self.failures, "ping_pong": self.ping_pong,
                "handoffs_per_100": self.rate(self.handoffs).to_dict(),
                "failures_per_100": self.rate(self.failures).to_dict(),
                "ping_pong_per_100": self.rate(self.ping_pong).to_dict(),
                "pairs": [{"from": a, "to": b, "n": n} for (a, b), n in
                          self.per_pair.most_common()],
                "failure_ids": self.failure_ids[:50], "note": self.note}


def count_handoffs(contacts: list[tuple[int, str, float, str]], negative: set[int],
                   categories: dict[int, set[str]], window_days: float = WINDOW_DAYS
                   ) -> Handoffs:
    """Hand-offs in (id, customer, ts, department) contacts sorted by customer and time."""
    out = Handoffs(len({c for _, c, _, _ in contacts}), 0, 0, 0)
    window = window_days * 86400
    prev: tuple[int, str, float, str] | None = None
    before_prev: tuple[int, str, float, str] | None = None
    for cur in contacts:
        if prev is not None and prev[1] == cur[1]:
            if cur[3] != prev[3] and cur[2] - prev[2] <= window:
                out.handoffs += 1
                out.per_pair[(prev[3], cur[3])] += 1
                repeat = bool(categories.get(cur[0], set()) & categories.get(prev[0], set()))
                if cur[0] in negative or repeat:
                    out.failures += 1
                    out.failure_ids.append(cur[0])
                if (before_prev is not None and before_prev[1] == cur[1]
                        and before_prev[3] == cur[3] and prev[2] - before_prev[2] <= window
                        and before_prev[3] != prev[3]):
                    out.ping_pong += 1
            before_prev = prev
        else:
            before_prev = None
        prev = cur
    return out


def handoffs(db, sel: Selection, window_days: float = WINDOW_DAYS) -> Handoffs:
    """Hand-offs of the selection; a note instead of numbers when rows carry no customer ids.

    Computed over the cached arrays (``pair_arrays.handoff_arrays``); the same counts as
    :func:`count_handoffs` over :func:`handoffs_reference`'s contacts.
    """
    if not pa.has_customers(db, sel):
        return Handoffs(0, 0, 0, 0, note=NO_CUSTOMERS)
    r = pa.handoff_arrays(db, sel, FACET, window_days * 86400)
    return Handoffs(r["customers"], r["handoffs"], r["failures"], r["ping_pong"],
                    Counter(r["per_pair"]), r["failure_ids"])


def handoffs_reference(db, sel: Selection, window_days: float = WINDOW_DAYS) -> Handoffs:
    """The same hand-offs from SQL rows and the plain loop of :func:`count_handoffs`."""
    contacts = [(i, c, ts, d) for i, c, ts, d, _ in agg.primary_contacts(db, sel, FACET)]
    negative, categories = set(), defaultdict(set)
    for fid, facet, value in agg.facet_value_sets(db, sel, ["sentiment", "category"]):
        if facet == "sentiment" and value == "negative":
            negative.add(fid)
        elif facet == "category":
            categories[fid].add(value)
    return count_handoffs(contacts, negative, categories, window_days)


def breakpoints(db, sel: Selection, window_days: float = WINDOW_DAYS) -> dict[str, Any]:
    """Pairs ranked by evidence with their hand-off counts, and the hand-off summary."""
    pairs = department_pairs(db, sel)
    ho = handoffs(db, sel, window_days)
    for p in pairs:
        a, b = p.departments
        p.handoffs = ho.per_pair.get((a, b), 0) + ho.per_pair.get((b, a), 0)
    return {"pairs": pairs, "handoffs": ho}
