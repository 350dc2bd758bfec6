"""What the analysis sections read, once per pack: the engines' results and facet ids.

The summary page, the sections and the templates ask for the same journey map, breakpoints,
signals and actions; each is computed once per :class:`Evidence` and kept on it. Everything
here calls the engines' own use cases (``ws.journey``, ``ws.breakpoints``, ``ws.signals``,
``ws.actions``, ``ws.metrics``) — a pack never computes a statistic of its own beyond the
Wilson / Newcombe intervals statsmodels gives.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import numpy as np

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.reports.evidence import Evidence
from vocdesk.engine.reports.lineage import Lineage, LineageContext
from vocdesk.engine.store import facts as store_facts
from vocdesk.engine.store import report_queries
from vocdesk.engine.text.redact import REDACTOR_VERSION

#: Signals asked of the engine before keeping those that touch the scope.
SIGNALS_ASKED = 40


def _cache(ev: Evidence) -> dict[str, Any]:
    return ev.__dict__.setdefault("_sections_cache", {})


def _memo(ev: Evidence, key: str, make):  # noqa: ANN001, ANN202
    cache = _cache(ev)
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _mask(ids: np.ndarray, size: int) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[ids[ids < size]] = True
    return mask


def facet_ids(ev: Evidence, facet: str, within: np.ndarray | None = None
              ) -> dict[str, np.ndarray]:
    """value → sorted ids of its effective tag among ``within`` (default: the scope).

    Read from the engine's per-connection cache of effective tags (``store.facts``: the
    same pairs the journey map and breakpoints count, a human tag hiding the auto tags of its
    facet), so a million rows cost a few array passes, not a query per call.
    """
    pairs = store_facts.facet_pairs(ev.ws.db, facet)
    size = int(max(pairs.ids.max(initial=0), ev.ids.max(initial=0))) + 1
    if within is None:
        mask = _memo(ev, f"mask:{size}", lambda: _mask(ev.ids, size))
    else:
        mask = _mask(np.asarray(within, dtype=np.int64), size)
    # pairs are concatenated value by value (codes ascending), ids ascending within a value
    bounds = np.searchsorted(pairs.codes, np.arange(len(pairs.values) + 1))
    out = {}
    for code, value in enumerate(pairs.values):
        if not value:
            continue
        ids = pairs.ids[bounds[code]:bounds[code + 1]]
        ids = ids[mask[ids]]
        if len(ids):
            out[value] = ids
    return out


def _sentiment_arrays(ev: Evidence) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids ascending, negative?, rated?) of the scope's rows, from ``Evidence.facts``."""
    def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        values = ev.facts["value"].to_numpy()
        return (ev.facts["id"].to_numpy(np.int64), values == "negative", values != "")
    return _memo(ev, "sentiment_arrays", make)


def negative_rows(ev: Evidence, ids: np.ndarray) -> tuple[np.ndarray, int]:
    """The negative rows among ``ids`` (of the scope), and how many of ``ids`` are rated."""
    fid, neg, rated = _sentiment_arrays(ev)
    ids = np.asarray(ids, dtype=np.int64)
    if not len(fid) or not len(ids):
        return np.zeros(0, np.int64), 0
    pos = np.minimum(np.searchsorted(fid, ids), len(fid) - 1)
    pos = pos[fid[pos] == ids]
    return fid[pos[neg[pos]]], int(rated[pos].sum())


def negative_share(ev: Evidence, ids: np.ndarray):  # noqa: ANN201 - metrics.Figure
    """The engine's Wilson share of negative among ``ids``' rated rows."""
    from vocdesk.engine.analytics.metrics import proportion

    neg, rated = negative_rows(ev, ids)
    return proportion(len(neg), rated)


class WideLineage:
    """Lineage over a selection other than the pack's scope, naming that selection."""

    def __init__(self, ev: Evidence, flt: dict[str, Any], scope: str) -> None:
        f = ev.all_facts
        self._ctx = LineageContext(filter=flt, taxonomy=ev.ws.taxonomy.fingerprint(),
                                   models=report_queries.model_versions(ev.ws.db),
                                   redactor=REDACTOR_VERSION, row_ids=f["id"].to_numpy(),
                                   row_versions=f["version"], row_origins=f["origin"])
        self._scope = scope

    def of(self, ids, note: str = "") -> Lineage:  # noqa: ANN001
        lin = self._ctx.of(ids, note)
        return dataclasses.replace(lin, extra={**lin.extra, "scope": self._scope})


def journey_filter(ev: Evidence) -> FeedbackFilter:
    """The scope without its touchpoint filter: the map shows every touchpoint, the scope's
    own highlighted."""
    flt = dataclasses.replace(ev.filter, facets={k: list(v) for k, v in ev.filter.facets.items()
                                                 if k != "touchpoint"})
    return flt


def scope_touchpoints(ev: Evidence) -> list[str]:
    return list(ev.filter.facets.get("touchpoint", []))


def journey(ev: Evidence) -> dict[str, Any]:
    """``{"map": JourneyMap, "ids": rows of the map's selection, "wide": bool}``."""
    def make() -> dict[str, Any]:
        flt = journey_filter(ev)
        wide = flt != ev.filter
        ids = np.sort(np.asarray(ev.ws.browse.ids(flt), dtype=np.int64)) if wide else ev.ids
        return {"map": ev.ws.journey.map(flt, verbatims=0), "ids": ids, "wide": wide,
                "filter": flt, "definition": ev.ws.journey.definition()}
    return _memo(ev, "journey", make)


def breakpoints(ev: Evidence) -> dict[str, Any]:
    return _memo(ev, "breakpoints", lambda: ev.ws.breakpoints.compute(ev.filter))


def pair_ids(ev: Evidence, pair: tuple[str, str]) -> np.ndarray:
    """The scope's rows naming both departments (the rows a pair's n counts)."""
    dept = _memo(ev, "dept_ids", lambda: facet_ids(ev, "department"))
    a, b = pair
    return np.intersect1d(dept.get(a, np.zeros(0, np.int64)), dept.get(b, np.zeros(0, np.int64)))


def signals(ev: Evidence, limit: int = 10) -> list[dict[str, Any]]:
    """The engine's weak signals whose rows touch the scope, each with ``rows`` (all rows
    carrying the combination)."""
    def make() -> list[dict[str, Any]]:
        out = []
        for s in ev.ws.signals.detect(limit=SIGNALS_ASKED):
            rows = np.asarray(ev.ws.signals.affected_rows(s["key"]), dtype=np.int64)
            if len(rows) and np.isin(rows, ev.ids).any():
                out.append({**s, "rows": rows})
        return out
    return _memo(ev, "signals", make)[:limit]


def as_of(ev: Evidence) -> datetime:
    """The clock of SLA states: the spec's (recorded at the first build), else now."""
    if ev.spec.as_of:
        return datetime.fromisoformat(ev.spec.as_of)
    return datetime.now(UTC).replace(microsecond=0)


def clock_text(ev: Evidence) -> str:
    """The pack's clock as printed: ``2026-12-02 16:52 UTC``."""
    return as_of(ev).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def actions(ev: Evidence) -> list[dict[str, Any]]:
    """The actions whose evidence rows lie in the scope (every action when the scope is the
    whole workspace), with their state at :func:`as_of`."""
    def make() -> list[dict[str, Any]]:
        everything = not ev.spec.where and not ev.spec.date_from and not ev.spec.date_to
        out = []
        for a in ev.ws.actions.list(now=as_of(ev)):
            ev_ids = np.asarray(a.get("evidence") or [], dtype=np.int64)
            if everything or (len(ev_ids) and np.isin(ev_ids, ev.ids).any()):
                out.append(a)
        return out
    return _memo(ev, "actions", make)


def effect(ev: Evidence, action: dict[str, Any]) -> dict[str, Any] | None:
    """The engine's month-later check of an action with a fix date (None without one)."""
    if not action.get("fixed_on"):
        return None
    from vocdesk.engine.errors import UsageError

    def make() -> dict[str, Any] | None:
        try:
            return ev.ws.actions.evaluate(action["id"])
        except UsageError:
            return None
    return _memo(ev, f"effect:{action['id']}", make)


def metrics_summary(ev: Evidence) -> dict[str, Any]:
    return _memo(ev, "metrics", lambda: ev.ws.metrics.summary(ev.filter))


def nps_filter(ev: Evidence) -> FeedbackFilter:
    """The scope's rows that carry an NPS score (the rows behind an NPS figure)."""
    return dataclasses.replace(ev.filter, nps=[0, 10])


def nps_ids(ev: Evidence) -> np.ndarray:
    return _memo(ev, "nps_ids", lambda: np.sort(np.asarray(
        ev.ws.browse.ids(nps_filter(ev)), dtype=np.int64)))
