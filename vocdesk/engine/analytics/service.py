"""``ws.metrics`` and ``ws.journey``: the analytics use cases over one filtered selection.

Both compile the filter once (``store/filter_sql.py``) and read through
``store/aggregates.py``; nothing here holds state beyond the workspace it serves.
"""

from __future__ import annotations

from typing import Any

from vocdesk.engine.analytics import metrics as m
from vocdesk.engine.analytics.journey import JourneyMap, build_map
from vocdesk.engine.analytics.journey_def import JourneyDefinition, from_taxonomy
from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.errors import UsageError
from vocdesk.engine.store import aggregates as agg
from vocdesk.engine.store import array_aggregates as arr
from vocdesk.engine.store import journey_defs, transaction
from vocdesk.engine.store.facts import GROUP_COLUMNS
from vocdesk.engine.store.filter_sql import Selection, compile_filter
from vocdesk.engine.store.periods import PERIOD_COLUMNS, PERIOD_LABELS, ensure_periods


class _Service:
    def __init__(self, ws) -> None:
        self.ws = ws

    def selection(self, flt: FeedbackFilter | None = None) -> Selection:
        """The filter compiled to SQL (one selection for every aggregate)."""
        return compile_filter(self.ws.db, flt, self.ws.timezone)

    def _periods_ready(self) -> None:
        ensure_periods(self.ws.db, self.ws.timezone)


class MetricsService(_Service):
    """Experience metrics (NPS, CSAT, CES, negative share, sentiment), each with n and CI."""

    def summary(self, flt: FeedbackFilter | None = None) -> dict[str, m.Figure]:
        """The metrics of the whole selection."""
        out = self._rows(self.selection(flt), None)
        return out.get("", {"rows": m.Figure(0.0, None, None, 0, "count")})

    def by(self, by: str, flt: FeedbackFilter | None = None) -> dict[Any, dict[str, m.Figure]]:
        """The metrics per value of a facet, or per ``day`` / ``week`` / ``month``."""
        if by in PERIOD_COLUMNS:
            self._periods_ready()
        elif by not in GROUP_COLUMNS and self.ws.taxonomy.facet(by) is None:
            raise UsageError(f"cannot group by {by!r}: name a facet, one of "
                             f"{', '.join(GROUP_COLUMNS)}, or day / week / month")
        out = self._rows(self.selection(flt), by)
        out.pop(None, None)                     # rows without a value of a column
        if by in PERIOD_COLUMNS:
            return {PERIOD_LABELS[by](k): v for k, v in sorted(out.items()) if k is not None}
        return out

    def _rows(self, sel: Selection, by: str | None) -> dict[Any, dict[str, m.Figure]]:
        db = self.ws.db
        sent = arr.group_sentiment(db, sel, by)
        scores = arr.group_scores(db, sel, by)
        out: dict[Any, dict[str, m.Figure]] = {}
        # the Wilson shares of every group in one call each (a call per group cost ~1 ms:
        # a region dashboard asks for a few hundred)
        neg = dict(zip(sent, m.proportions([g["negative"] for g in sent.values()],
                                           [g["tagged"] for g in sent.values()]), strict=True))
        top2 = dict(zip(scores, m.proportions([s["csat_top2"] for s in scores.values()],
                                              [s["csat_n"] for s in scores.values()]),
                        strict=True))
        for key in list(sent) + [k for k in scores if k not in sent]:
            g = sent.get(key)
            s = scores.get(key)
            fig = {"rows": m.Figure(float(g["rows"]) if g else 0.0, None, None,
                                    int(g["rows"]) if g else 0, "count")}
            if g:
                fig["negative_share"] = neg[key]
                fig["sentiment"] = m.mean_from_moments(int(g["k"]), g["s1"], g["s2"])
            if s:
                fig["nps"] = m.nps(int(s["promoters"]), int(s["detractors"]), int(s["nps_n"]))
                fig["csat"] = top2[key]                      # m.csat: the top-2 Wilson share
                fig["ces"] = m.ces(int(s["ces_n"]), s["ces_s1"], s["ces_s2"])
            out[key] = fig
        return out

    def table(self, by: str, flt: FeedbackFilter | None = None) -> list[dict[str, Any]]:
        """JSON rows ``{"value", "n", "nps", "nps_ci_low", …}`` (the CLI's contract)."""
        rows = []
        for key, figs in self.by(by, flt).items():
            row: dict[str, Any] = {"value": key, "n": figs["rows"].n}
            for name in ("nps", "csat", "ces", "negative_share", "sentiment"):
                f = figs.get(name)
                row[name] = f.value if f else None
                row[f"{name}_ci_low"] = f.low if f else None
                row[f"{name}_ci_high"] = f.high if f else None
                row[f"{name}_n"] = f.n if f else 0
                row[f"{name}_low_n"] = f.low_n if f else True
            rows.append(row)
        return rows


class JourneyService(_Service):
    """The journey definition (versioned) and the map generated from the data."""

    def definition(self) -> JourneyDefinition:
        """The newest saved definition, else the taxonomy's stages and touchpoints (v0)."""
        saved = journey_defs.latest_version(self.ws.db)
        if saved is None:
            return from_taxonomy(self.ws.taxonomy)
        return JourneyDefinition.from_dict(saved[1], saved[0])

    def save_definition(self, definition: JourneyDefinition, note: str | None = None) -> int:
        """Save a new version (old versions stay); returns its number."""
        definition.validate()
        with transaction(self.ws.db):
            version = journey_defs.save_version(self.ws.db, definition.to_dict(), note)
        definition.version = version
        return version

    def save_with_taxonomy(self, definition: JourneyDefinition, taxonomy=None,
                           note: str | None = None) -> int:
        """The editor's save: a new definition version and, when touchpoints or their rules
        changed, the taxonomy — in one transaction (a rule that does not parse saves nothing)."""
        definition.validate()
        if taxonomy is None:
            return self.save_definition(definition, note)
        from vocdesk.engine.tagging.rules import compile_taxonomy_rules

        compile_taxonomy_rules(taxonomy)
        known = {v.value for v in (taxonomy.facet("touchpoint").values
                                   if taxonomy.facet("touchpoint") else [])}
        missing = [t for _s, t in definition.touchpoints() if t not in known]
        if missing:
            raise UsageError(f"touchpoints {missing} are not values of the taxonomy's "
                             "touchpoint facet")
        from vocdesk.engine.store import taxonomy as store_taxonomy

        # the safety backup first: SQLite's backup cannot copy a file whose own connection
        # holds an open write transaction (it would wait for itself)
        self.ws._before_destructive("taxonomy")
        with transaction(self.ws.db):
            store_taxonomy.replace_taxonomy(self.ws.db, taxonomy)
            version = journey_defs.save_version(self.ws.db, definition.to_dict(), note)
        definition.version = version
        return version

    def versions(self) -> list[dict[str, Any]]:
        return journey_defs.list_versions(self.ws.db)

    def map(self, flt: FeedbackFilter | None = None, *, version: int | None = None,
            verbatims: int = 5) -> JourneyMap:
        """The journey map of the filtered rows (definition: newest, or ``version``)."""
        if version is None:
            definition = self.definition()
        else:
            data = journey_defs.get_version(self.ws.db, version)
            if data is None:
                raise UsageError(f"no journey definition version {version}")
            definition = JourneyDefinition.from_dict(data, version)
        return build_map(self.ws.db, definition, self.selection(flt), verbatims=verbatims)

    def touchpoint_ids(self, touchpoint: str, flt: FeedbackFilter | None = None) -> list[int]:
        """Exactly the rows behind a touchpoint of the map (same filter, same ids)."""
        return agg.group_ids(self.ws.db, self.selection(flt), "touchpoint", touchpoint)

    def ids_of(self, facet: str, value: str, flt: FeedbackFilter | None = None) -> list[int]:
        """The rows of the selection whose effective ``facet`` tag is ``value``."""
        return agg.group_ids(self.ws.db, self.selection(flt), facet, value)

    def compare(self, flt_a: FeedbackFilter | None, flt_b: FeedbackFilter | None
                ) -> list[Any]:
        """Per touchpoint of the newest definition, B − A (``compare.TouchpointChange``)."""
        from vocdesk.engine.analytics.compare import compare_groups

        groups = [arr.group_sentiment(self.ws.db, self.selection(f), "touchpoint")
                  for f in (flt_a, flt_b)]
        return compare_groups(self.definition().touchpoints(), groups[0], groups[1])

    def concentration(self, flt: FeedbackFilter | None = None,
                      facets: tuple[str, ...] | None = None) -> dict[str, Any]:
        """Which touchpoint / owner / attribute holds what share of the selection (Wilson)."""
        from vocdesk.engine.analytics.concentrate import DEFAULT_FACETS, concentration

        if facets is None:
            known = set(self.ws.taxonomy.facet_names())
            facets = tuple(f for f in DEFAULT_FACETS if f in known)
        return concentration(self.ws.db, self.selection(flt), facets)


class BreakpointsService(_Service):
    """Cross-department breakpoints: department pairs within rows and customer hand-offs."""

    def compute(self, flt: FeedbackFilter | None = None, window_days: float | None = None
                ) -> dict[str, Any]:
        """``{"pairs": [Pair…] ranked by evidence, "handoffs": Handoffs}``."""
        from vocdesk.engine.analytics.breakpoints import WINDOW_DAYS, breakpoints

        return breakpoints(self.ws.db, self.selection(flt),
                           WINDOW_DAYS if window_days is None else window_days)

    def pair_ids(self, departments: tuple[str, ...] | list[str],
                 flt: FeedbackFilter | None = None) -> list[int]:
        """Exactly the rows carrying every one of ``departments`` (a matrix cell or a pair)."""
        ids = arr.rows_with_all(self.ws.db, self.selection(flt), "department",
                                tuple(departments), limit=1 << 62, prefer_negative=False)
        return sorted(ids)

    def to_dict(self, flt: FeedbackFilter | None = None, window_days: float | None = None
                ) -> dict[str, Any]:
        """The CLI's JSON: ``{"pairs": [{"departments", "n", "negative_share", "lift", "q",
        "handoffs", "example_ids", …}], "handoffs": {…}}``."""
        r = self.compute(flt, window_days)
        return {"pairs": [p.to_dict() for p in r["pairs"]], "handoffs": r["handoffs"].to_dict()}
