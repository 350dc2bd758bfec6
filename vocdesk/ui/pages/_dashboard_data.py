"""What each role dashboard computes (in the background job): plain dicts of engine figures.

Every figure is an engine call the CLI also makes (``ws.metrics``, ``ws.insights``,
``ws.journey``), so a test can compare the page with ``vocdesk metrics --json``.
"""

from __future__ import annotations

import copy

from vocdesk.i18n import _
from vocdesk.ui.pages._insight_common import THEMES, tell, with_period

ROLES = (("executive", "Executive"), ("product", "Product line"),
         ("region", "Region / store"))
PRODUCT_FACET = "product"
FEATURE_FACET = "feature"


def role_filter(flt, role: str, param: str | None):
    """The product dashboard narrows the filter to one product (the product facet)."""
    out = copy.deepcopy(flt)
    if role == "product" and param:
        out.facets = {**out.facets, PRODUCT_FACET: [param]}
    return out


def products(ws) -> list[str]:
    spec = ws.taxonomy.facet(PRODUCT_FACET) if ws is not None else None
    return [v.value for v in spec.values] if spec is not None else []


def compute(ws, role: str, param: str | None, months: int, flt, progress=None) -> dict:
    flt = role_filter(with_period(ws, flt, months), role, param)
    summary = {k: f.to_dict() for k, f in ws.metrics.summary(flt).items()}
    out = {"role": role, "param": param, "flt": flt, "summary": summary,
           "trend": ws.metrics.table("month", flt), "tz": ws.timezone}
    tell(progress, 1, 3, _("Trends"))
    has_themes = ws.taxonomy.facet(THEMES) is not None
    if role == "executive":
        out["movers"] = (ws.insights.movers(flt, THEMES) if has_themes
                         else {"period": None, "previous": None, "movers": []})
        tell(progress, 2, 3, _("Loyalty"))
        out["loyalty"] = (ws.insights.loyalty(flt, THEMES) if has_themes
                          else {"note": "", "by_sentiment": [], "by_nps": [],
                                "transitions": None})
    elif role == "product":
        out["issues"] = ws.metrics.table(THEMES, flt) if has_themes else []
        out["features"] = (ws.metrics.table(FEATURE_FACET, flt)
                           if ws.taxonomy.facet(FEATURE_FACET) is not None else [])
        for key in ("issues", "features"):
            out[key].sort(key=lambda r: (-r["n"], str(r["value"])))
    else:
        out["scorecard"] = ws.insights.scorecard(param or "store", flt)
        tell(progress, 2, 3, _("Weakest touchpoints"))
        out["touchpoints"] = weakest_touchpoints(ws, flt)
    return out


def weakest_touchpoints(ws, flt, limit: int = 8) -> list[dict]:
    """Touchpoints of the journey map, flagged lows first, then by negative share (n ≥ min n
    before the rest: a greyed cell is never ranked)."""
    if ws.taxonomy.facet("touchpoint") is None:
        return []
    jm = ws.journey.map(flt, verbatims=0).to_dict()
    tps = [t for s in jm["stages"] for t in s["touchpoints"] if t["n"]]
    tps.sort(key=lambda t: (t["low_n"], t["flag"] != "low",
                            -(t["negative_share"] or 0.0), t["name"]))
    return tps[:limit]
