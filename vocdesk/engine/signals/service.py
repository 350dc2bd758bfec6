"""``ws.signals``: detect weak signals from the counts kept at analysis time; watch/dismiss."""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from vocdesk.engine.errors import UsageError
from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.signals.combos import day_date, day_of, parts_of
from vocdesk.engine.signals.detect import (
    WINDOWS,
    Params,
    deflate,
    dispersion,
    flag,
    onset_index,
    rate_test,
    testable,
)
from vocdesk.engine.store import signals as store_signals
from vocdesk.engine.store.database import transaction

if TYPE_CHECKING:
    from vocdesk.engine.workspace import Workspace

STATES = ("watched", "dismissed")


class SignalService:
    """Weak signals of one workspace (``ws.signals``)."""

    def __init__(self, ws: Workspace | None = None, *, db=None) -> None:  # noqa: ANN001
        self.ws = ws
        self.db = ws.db if ws is not None else db

    def recount(self, progress: Progress = NULL_PROGRESS) -> int:
        """Recount every analysed row's combinations (e.g. for files analysed before counts
        were kept, or after hand edits of product/feature/category tags)."""
        from vocdesk.engine.signals.record import recount

        return recount(self.db, progress)

    def detect(self, window: str = "week", as_of: date | str | None = None,
               params: Params = Params(), limit: int = 50,
               include_dismissed: bool = False) -> list[dict[str, Any]]:
        """Flagged combinations, ranked by evidence (p) then growth.

        ``window``: day, week or month (recent lengths and baseline in :data:`WINDOWS`);
        ``as_of``: the last day included (default: the last day with data).
        """
        if window not in WINDOWS:
            raise UsageError(f"unknown window {window!r}; use day, week or month")
        if as_of is None:
            last = store_signals.last_day(self.db)
            if last is None:
                return []
            end = last + 1
        else:
            try:
                end = day_of(date.fromisoformat(str(as_of))) + 1
            except ValueError:
                raise UsageError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from None
        recent, baseline = WINDOWS[window]
        tests = []
        sizes = []
        for r in recent:
            r0 = end - r
            totals = store_signals.day_totals(self.db, r0 - baseline, end)
            n_r = sum(v for d, v in totals.items() if d >= r0)
            n_b = sum(v for d, v in totals.items() if d < r0)
            sizes.append((r, n_r, n_b))
        usable = [(r, n_r, n_b) for r, n_r, n_b in sizes if n_r and n_b]
        if not usable:
            return []
        n_min = min(max(1, math.ceil(math.log(params.alpha) / math.log(n_r / (n_r + n_b))))
                    for _, n_r, n_b in usable)
        for row in store_signals.window_counts_multi(self.db, end, [u[0] for u in usable],
                                                     baseline, n_min):
            for i, (r, n_r, n_b) in enumerate(usable):
                kr, kb = row[1 + 2 * i], row[2 + 2 * i]
                if kr + kb >= n_min:
                    tests.append((row[0], r, kr, kb, n_r, n_b))
        if not tests:
            return []
        k_r, k_b, n_r, n_b = (np.array([t[i] for t in tests], float) for i in range(2, 6))
        alpha = self._dispersion(tests, end, baseline)
        k_r, k_b = deflate(k_r, k_b, alpha, baseline / 7)
        keep = testable(k_r, k_b, n_r, n_b, params.alpha)
        p, g = rate_test(k_r, k_b, n_r, n_b)
        tests = [(*t, float(p[i]), float(g[i])) for i, t in enumerate(tests) if keep[i]]
        if not tests:
            return []
        q, ok = flag(np.array([t[6] for t in tests]), np.array([t[2] for t in tests]),
                     np.array([t[7] for t in tests]), params)
        best: dict[str, tuple] = {}
        for t, qi, oki in zip(tests, q, ok, strict=True):
            if oki and (t[0] not in best or t[6] < best[t[0]][6]):
                best[t[0]] = (*t, float(qi))
        states = store_signals.states(self.db)
        ranked = sorted((b for c, b in best.items()
                         if include_dismissed or states.get(c) != "dismissed"),
                        key=lambda b: (b[6], -b[7]))[:limit]
        first = store_signals.first_days(self.db, [b[0] for b in ranked])
        return [self._describe(b, end, baseline, first, states) for b in ranked]

    def _dispersion(self, tests: list[tuple], end: int, baseline: int, top: int = 300) -> float:
        """Over-dispersion of weekly counts, from the baseline weeks of the most frequent
        combinations of the longest window (see :func:`detect.dispersion`)."""
        r = max(t[1] for t in tests)
        b_end = end - r
        common = sorted({t[0]: t[3] for t in tests if t[1] == r}.items(), key=lambda x: -x[1])
        combos = [c for c, _ in common[:top]]
        if not combos:
            return 0.0
        weeks = baseline // 7
        index = {c: i for i, c in enumerate(combos)}
        weekly = np.zeros((len(combos), weeks))
        for c, d, n in store_signals.series(self.db, combos, b_end - 7 * weeks, b_end):
            weekly[index[c], (d - (b_end - 7 * weeks)) // 7] += n
        totals = np.zeros(weeks)
        for d, n in store_signals.day_totals(self.db, b_end - 7 * weeks, b_end).items():
            totals[(d - (b_end - 7 * weeks)) // 7] += n
        return dispersion(weekly, totals)

    def _describe(self, b: tuple, end: int, baseline: int, first: dict[str, int],
                  states: dict[str, str]) -> dict[str, Any]:
        combo, r, k_r, k_b, n_r, n_b, p, g, q = b
        start = end - r - baseline
        weeks = (end - start + 6) // 7
        edges = [end - 7 * (weeks - i) for i in range(weeks + 1)]
        totals = store_signals.day_totals(self.db, edges[0], end)
        days = dict((d, n) for _, d, n in store_signals.series(self.db, [combo], edges[0], end))
        k = np.array([sum(days.get(d, 0) for d in range(a, z)) for a, z in
                      zip(edges, edges[1:], strict=False)])
        n = np.array([sum(totals.get(d, 0) for d in range(a, z)) for a, z in
                      zip(edges, edges[1:], strict=False)])
        onset = edges[onset_index(k, n)]
        kind, parts = parts_of(combo)
        rows = store_signals.window_rows(self.db, combo, edges[0], end)
        recent_rows = [x for x in rows if x[1] >= end - r]
        named = any(c for _, d, c in rows if d >= start)   # no customer ids at all: None
        cust_r = len({c for _, d, c in recent_rows if c}) if named else None
        cust_b = len({c for _, d, c in rows if c and start <= d < end - r}) if named else None
        week_ids: list[list[int]] = [[] for _ in k]
        for fid, d, _c in rows:
            week_ids[(d - edges[0]) // 7].append(fid)
        return {"key": combo, "kind": kind, "terms": parts, "recent": k_r, "baseline": k_b,
                "recent_total": n_r, "baseline_total": n_b, "window_days": r,
                "growth": round(g, 3), "p": p, "q": q,
                "first_seen": day_date(first.get(combo, start)).isoformat(),
                "onset": day_date(onset).isoformat(),
                "weekly": [{"week_start": day_date(a).isoformat(), "count": int(c),
                            "total": int(t), "ids": sorted(ids)}
                           for a, c, t, ids in zip(edges, k, n, week_ids, strict=False)],
                "example_ids": [x[0] for x in recent_rows[:5]],
                "recent_ids": [x[0] for x in recent_rows],
                "customers_recent": cust_r, "customers_baseline": cust_b,
                "state": states.get(combo)}

    def set_state(self, key: str, state: str | None, who: str | None = None,
                  note: str | None = None) -> None:
        """Watch or dismiss a signal (``None`` clears); a dismissed one is hidden from lists."""
        if state is not None and state not in STATES:
            raise UsageError(f"unknown signal state {state!r}; use watched or dismissed")
        with transaction(self.db):
            store_signals.set_state(self.db, key, state, who, note)

    def to_rule(self, key: str, facet: str, value: str, *, who: str | None = None,
                retag: bool = True, progress: Progress = NULL_PROGRESS) -> dict[str, Any]:
        """Turn the signal into a taxonomy rule tagging ``facet=value`` in one step
        (:mod:`vocdesk.engine.signals.to_rule`): rule added (versioned like every taxonomy
        edit), the signal marked watched, the workspace re-tagged."""
        from vocdesk.engine.signals.to_rule import to_rule

        if self.ws is None:
            raise UsageError("turning a signal into a rule needs the workspace")
        return to_rule(self.ws, key, facet, value, who=who, retag=retag, progress=progress)

    def affected_rows(self, key: str) -> list[int]:
        """Every feedback row carrying the combination (for outreach and evidence)."""
        return store_signals.rows_with(self.db, key)
