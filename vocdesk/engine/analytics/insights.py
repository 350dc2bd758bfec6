"""``ws.insights``: theme impact, drivers, scorecards, loyalty, movers and dashboard layouts.

Each use case compiles the filter once (the same :class:`Selection` the metrics use) and
every figure has a matching ``…_ids`` call returning exactly the rows behind it, so the GUI's
"click a number, see its rows" opens the same rows the number counted.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from vocdesk.engine.analytics import impact as imp
from vocdesk.engine.analytics import loyalty as loy
from vocdesk.engine.analytics import scorecards as sc
from vocdesk.engine.analytics.metrics import MIN_N
from vocdesk.engine.analytics.movers import movers
from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.errors import UsageError
from vocdesk.engine.store import array_aggregates as arr
from vocdesk.engine.store import insight_queries as q
from vocdesk.engine.store import transaction
from vocdesk.engine.store.facts import dense_codes, facet_pairs, facts
from vocdesk.engine.store.filter_sql import Selection, compile_filter
from vocdesk.engine.store.periods import PERIOD_LABELS, ensure_periods

ROLES = ("executive", "product", "region")
SCORE_METRICS = ("nps", "csat", "ces")


def with_channels(flt: FeedbackFilter | None, channels: tuple[str, ...]) -> FeedbackFilter:
    """``flt`` narrowed to ``channels`` (an explicit channel filter is intersected)."""
    out = copy.deepcopy(flt) if flt is not None else FeedbackFilter()
    keep = [c for c in channels if not out.channels or c in out.channels]
    out.channels = keep or ["\x00none"]               # no channel left: no row
    return out


class InsightsService:
    """The analyses behind the metrics page and the role dashboards."""

    def __init__(self, ws) -> None:
        self.ws = ws

    def selection(self, flt: FeedbackFilter | None = None) -> Selection:
        return compile_filter(self.ws.db, flt, self.ws.timezone)

    def _facet(self, facet: str) -> None:
        if self.ws.taxonomy.facet(facet) is None:
            raise UsageError(f"no facet {facet!r} in this workspace's taxonomy")

    # --- theme impact and drivers -------------------------------------------------------------
    def impact(self, flt: FeedbackFilter | None = None, facet: str = "category", *,
               resamples: int = imp.RESAMPLES, seed: int = 0) -> dict[str, Any]:
        """``{"nps", "n", "facet", "themes": [Impact.to_dict()…]}`` most negative first."""
        self._facet(facet)
        ids, scores = q.respondent_rows(self.ws.db, self.selection(flt), "nps")
        scores, members, weights, themes = self._patterns(ids, scores, facet)
        overall, rows = imp.theme_impact(scores, members, themes, resamples=resamples,
                                         seed=seed, weights=weights)
        return {"facet": facet, "nps": overall, "n": int(len(ids)), "min_n": MIN_N,
                "resamples": resamples, "themes": [r.to_dict() for r in rows if r.n > 0]}

    def _patterns(self, ids: np.ndarray, scores: np.ndarray, facet: str):
        """(scores, members, weights, themes): the respondents' distinct (score, themes)
        patterns with their counts, or every respondent (weights None) for a facet with
        too many values for a bitmask — the same statistics either way."""
        got = q.respondent_patterns(self.ws.db, ids, scores, facet)
        if got is not None:
            return got[0], got[1], got[2], got[3]
        members, themes = q.theme_members(self.ws.db, ids, facet)
        return scores, members, None, themes

    def impact_ids(self, theme: str, flt: FeedbackFilter | None = None,
                   facet: str = "category") -> list[int]:
        """The respondents' scored rows carrying ``theme`` (what its impact removes)."""
        ids, _ = q.respondent_rows(self.ws.db, self.selection(flt), "nps", facet, theme)
        return [int(i) for i in ids]

    def drivers(self, flt: FeedbackFilter | None = None, facet: str = "category",
                score: str = "nps") -> dict[str, Any]:
        """Relative importance (LMG share of R²) of themes for the NPS or CSAT answer."""
        self._facet(facet)
        if score not in ("nps", "csat"):
            raise UsageError(f"drivers of {score!r}: use nps or csat")
        ids, scores = q.respondent_rows(self.ws.db, self.selection(flt), score)
        scores, members, weights, themes = self._patterns(ids, scores, facet)
        out = imp.drivers(scores, members, themes, weights=weights)
        return {**out, "score": score, "facet": facet,
                "drivers": [d.to_dict() for d in out["drivers"]]}

    # --- rows behind a metric cell -------------------------------------------------------------
    def ids(self, flt: FeedbackFilter | None = None, by: str | None = None, value: Any = None,
            metric: str | None = None) -> list[int]:
        """Rows behind a figure: scored respondents' rows for NPS/CSAT/CES, else all rows."""
        sel = self.selection(flt)
        if by in PERIOD_LABELS:
            ensure_periods(self.ws.db, self.ws.timezone)
        if metric in SCORE_METRICS:
            ids, _ = q.respondent_rows(self.ws.db, sel, metric, by, value)
        else:
            ids = q.selected_ids(self.ws.db, sel, by, value)
        return [int(i) for i in ids]

    # --- scorecards ---------------------------------------------------------------------------
    def scorecard(self, by: str = "store", flt: FeedbackFilter | None = None,
                  min_n: int = MIN_N) -> dict[str, Any]:
        """Units (stores, regions …) ranked over survey, service and review figures."""
        def by_source(source: str):
            return self.ws.metrics.by(by, with_channels(flt, sc.SOURCES[source]))

        out = sc.build(by_source, min_n=min_n)
        return {"by": by, "min_n": min_n, "components": out["components"],
                "ranked_on": out["ranked_on"], "units": [u.to_dict() for u in out["units"]]}

    def scorecard_ids(self, by: str, value: str, component: str,
                      flt: FeedbackFilter | None = None) -> list[int]:
        """Rows behind one scorecard cell (``component`` as in the table, e.g. survey_nps)."""
        source, _, metric = component.partition("_")
        if source not in sc.SOURCES:
            raise UsageError(f"unknown scorecard column {component!r}")
        metric = {"negative": None, "rows": None}.get(metric, metric)
        return self.ids(with_channels(flt, sc.SOURCES[source]), by, value, metric)

    # --- loyalty ------------------------------------------------------------------------------
    def _loyalty_groups(self, flt: FeedbackFilter | None, facet: str) -> dict[str, Any]:
        """Customers of the selection (as customer codes, ``facts.cluster``) grouped by
        sentiment, NPS class and theme, with the rows each group stands on (drill-down).

        Vectorised over the cached arrays (it was per-customer Python sets: most of the
        executive dashboard's time); ``tests/engine/test_insights_demo.py`` keeps the set
        version as the reference."""
        db = self.ws.db
        f = facts(db)
        sel = self.selection(flt)
        ids = q.selected_ids(db, sel)
        ids = ids[f.has_customer[ids]]
        cc = f.cluster[ids]
        k = len(q.customer_names(db))
        sent, labels = dense_codes(db, "sentiment")
        neg = labels.index("negative") if "negative" in labels else -2
        pos = labels.index("positive") if "positive" in labels else -2
        # per customer: counts of negative / positive / other rows
        sc = sent[ids]
        n_neg = np.bincount(cc, weights=(sc == neg), minlength=k)
        n_pos = np.bincount(cc, weights=(sc == pos), minlength=k)
        total = np.bincount(cc, minlength=k)
        present = total > 0
        cls = np.where(n_neg * 2 > total, 0, np.where(n_pos * 2 > total, 1, 2))
        by_sent = {key: np.flatnonzero(present & (cls == j)) for j, key in
                   enumerate(("negative", "positive", "mixed"))}
        nps_ids, nps_scores = q.respondent_rows(db, sel, "nps")
        l_codes, l_ids, l_scores = self._latest_codes(nps_ids, nps_scores)
        l_class = loy.class_codes(l_scores)
        by_nps = {key: l_codes[l_class == j] for j, key in enumerate(loy.CLASSES)}
        pairs = facet_pairs(db, facet)
        themes = list(pairs.values)
        in_sel = np.zeros(f.size, dtype=bool)
        in_sel[ids] = True
        keep = in_sel[pairs.ids]
        # distinct (theme, customer) pairs: one sort, theme-major, split at each theme
        key = np.sort(pairs.codes[keep].astype(np.int64) * max(k, 1)
                      + f.cluster[pairs.ids[keep]])
        if len(key):
            key = key[np.concatenate(([True], key[1:] != key[:-1]))]
        bounds = np.searchsorted(key, np.arange(len(themes) + 1) * max(k, 1))
        by_theme = {}
        for j, theme in enumerate(themes):
            if bounds[j + 1] > bounds[j]:
                by_theme[theme] = key[bounds[j]:bounds[j + 1]] - j * max(k, 1)
        return {"sentiment": by_sent, "nps": by_nps, "theme": by_theme, "ids": ids,
                "codes": cc, "present": present, "latest_codes": l_codes,
                "latest_ids": l_ids}

    def loyalty(self, flt: FeedbackFilter | None = None, facet: str = "category",
                split: str | None = None) -> dict[str, Any]:
        """Repurchase / churn by sentiment, NPS class and theme; NPS transitions at ``split``."""
        if not q.has_customers(self.ws.db):
            return {"note": "no customers table rows: loyalty needs imported customers",
                    "by_sentiment": [], "by_nps": [], "by_theme": [], "transitions": None}
        known, repurchase, churn = q.customer_outcome_codes(self.ws.db)
        g = self._loyalty_groups(flt, facet)
        pop = g["present"] & known
        outcomes = (repurchase, churn)
        return {"customers": int(pop.sum()),
                "by_sentiment": loy.rates_by_codes(g["sentiment"], outcomes, pop),
                "by_nps": loy.rates_by_codes(g["nps"], outcomes, pop),
                "by_theme": sorted(loy.rates_by_codes(g["theme"], outcomes, pop),
                                   key=lambda r: -(r["churn"]["lift"]["value"] or 0)),
                "transitions": self.transitions(flt, split), "note": None}

    def loyalty_ids(self, kind: str, group: str, flt: FeedbackFilter | None = None,
                    facet: str = "category") -> list[int]:
        """Rows behind a loyalty group: its customers' newest NPS answers (``kind`` "nps"),
        else all their rows in the selection (``kind`` "sentiment" or "theme")."""
        if kind not in ("sentiment", "nps", "theme"):
            raise UsageError(f"unknown loyalty grouping {kind!r}")
        g = self._loyalty_groups(flt, facet)
        members = g[kind].get(group, np.zeros(0, np.int64))
        if kind == "nps":
            hit = np.isin(g["latest_codes"], members)
            return sorted(int(i) for i in g["latest_ids"][hit])
        return [int(i) for i in g["ids"][np.isin(g["codes"], members)]]

    def _latest_codes(self, ids: np.ndarray, scores: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(customer codes, row id, score) of each customer's newest row of ``ids``: newest by
        (time, NaN first; then row id), as :meth:`_latest_by_customer`; codes ascending."""
        f = facts(self.ws.db)
        ids = np.asarray(ids, dtype=np.int64)
        scores = np.asarray(scores, dtype=np.float64)
        has = f.has_customer[ids]
        ids, scores = ids[has], scores[has]
        c = f.cluster[ids]
        t = f.ts[ids]
        t = np.where(np.isnan(t), -np.inf, t)
        order = np.lexsort((ids, t, c))
        c, ids, scores = c[order], ids[order], scores[order]
        last = np.ones(len(c), dtype=bool)
        last[:-1] = c[1:] != c[:-1]
        return c[last], ids[last], scores[last]

    def _latest_by_customer(self, ids: np.ndarray, scores: np.ndarray,
                            with_ids: bool = False) -> dict[str, Any]:
        """customer → their newest score (and its row id with ``with_ids``)."""
        cust = q.row_customers(self.ws.db, ids)
        ts = q.row_times(self.ws.db, ids)
        # vectorised (was a per-row loop): newest by (time, NaN first; then row id) per customer
        df = pd.DataFrame({"c": pd.Series(cust, dtype=object),
                           "t": np.where(np.isnan(ts), -np.inf, ts) if len(ids) else ts,
                           "i": np.asarray(ids, dtype=np.int64),
                           "s": np.asarray(scores, dtype=np.float64)})
        df = df[df["c"].notna()].sort_values(["t", "i"], kind="stable")
        df = df.drop_duplicates("c", keep="last")
        best = {c: (t, int(i), float(s)) for c, t, i, s in
                zip(df["c"].tolist(), df["t"].tolist(), df["i"].tolist(), df["s"].tolist(),
                    strict=True)}
        if with_ids:
            return {c: (v[2], v[1]) for c, v in best.items()}
        return {c: v[2] for c, v in best.items()}

    def transitions(self, flt: FeedbackFilter | None = None, split: str | None = None
                    ) -> dict[str, Any]:
        """NPS class transitions of customers answering before and from ``split`` (a date;
        default: halfway through the answers' dates)."""
        db = self.ws.db
        sel = self.selection(flt)
        # every NPS answer (not once per respondent: a customer answers in both periods)
        ids = q.selected_ids(db, sel)
        f = facts(db)
        ids = ids[~np.isnan(f.nps[ids]) & ~np.isnan(f.ts[ids])]
        ts = f.ts[ids]
        if len(ids) == 0:
            return {"split": split, **loy.transitions({}, {}, set())}
        if split:
            cut = datetime.fromisoformat(split[:10]).replace(
                tzinfo=ZoneInfo(self.ws.timezone)).timestamp()
        else:
            cut = float(ts.min() + (ts.max() - ts.min()) / 2)
            split = datetime.fromtimestamp(cut, ZoneInfo(self.ws.timezone)).date().isoformat()
        before, after = ids[ts < cut], ids[ts >= cut]
        c1, _i1, s1 = self._latest_codes(before, f.nps[before])
        c2, _i2, s2 = self._latest_codes(after, f.nps[after])
        both, p1, p2 = np.intersect1d(c1, c2, assume_unique=True, return_indices=True)
        resolved = q.resolved_ts_by_row(db)
        fixed = np.zeros(len(both), dtype=bool)
        if resolved:
            # a customer is fixed when an action one of their rows before the split is
            # evidence of was resolved by their first answer after it
            k = len(q.customer_names(db))
            a = after[f.has_customer[after]]
            first_after = np.full(k, np.inf)
            np.minimum.at(first_after, f.cluster[a], f.ts[a])
            rows = q.selected_ids(db, sel)
            rows = rows[(f.ts[rows] < cut) & f.has_customer[rows]]
            r_ids = np.fromiter(resolved.keys(), dtype=np.int64, count=len(resolved))
            r_ts = np.fromiter(resolved.values(), dtype=np.float64, count=len(resolved))
            at = np.full(f.size, np.inf)
            ok = r_ids < f.size
            at[r_ids[ok]] = r_ts[ok]
            rc = f.cluster[rows]
            hit = np.zeros(k, dtype=bool)
            hit[rc[at[rows] <= first_after[rc]]] = True
            fixed = hit[both]
        return {"split": split, "resolved_actions": bool(resolved),
                **loy.transition_counts(loy.class_codes(s1[p1]), loy.class_codes(s2[p2]),
                                        fixed)}

    # --- trends and movers --------------------------------------------------------------------
    def movers(self, flt: FeedbackFilter | None = None, facet: str = "category",
               period: str = "month", limit: int = 8) -> dict[str, Any]:
        """Themes whose share changed most (by evidence) from the previous to the last period."""
        self._facet(facet)
        ensure_periods(self.ws.db, self.ws.timezone)
        sel = self.selection(flt)
        counts = arr.facet_by_period(self.ws.db, sel, facet, period)
        totals = {k: v["rows"].n for k, v in self.ws.metrics.by(period, flt).items()}
        label = PERIOD_LABELS[period]
        periods = sorted({p for _, p, _ in counts})
        if len(periods) < 2:
            return {"period": None, "previous": None, "movers": []}
        now, before = periods[-1], periods[-2]
        c_now = {v: n for v, p, n in counts if p == now}
        c_before = {v: n for v, p, n in counts if p == before}
        return {"period": label(now), "previous": label(before),
                "movers": movers(c_now, totals.get(label(now), 0), c_before,
                                 totals.get(label(before), 0), limit)}

    # --- saved dashboard layouts ---------------------------------------------------------------
    def layouts(self) -> dict[str, Any]:
        """Saved layout per role: ``{"executive": {...}, "product": {...}, "region": {...}}``."""
        return q.dashboard_layouts(self.ws.db)

    def save_layout(self, role: str, layout: dict[str, Any]) -> None:
        """Save one role's layout (its filter and choices) in the workspace file."""
        if role not in ROLES:
            raise UsageError(f"unknown dashboard {role!r}: use one of {', '.join(ROLES)}")
        if not isinstance(layout, dict):
            raise UsageError("a dashboard layout is a JSON object")
        with transaction(self.ws.db):
            all_ = dict(q.dashboard_layouts(self.ws.db))
            all_[role] = layout
            q.save_dashboard_layouts(self.ws.db, all_)
