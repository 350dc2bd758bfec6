"""The month-later check of one action: its targeted complaint before/after the fix date.

The action's targets split into the complaint (category, touchpoint, feature … values: y = 1
when a row carries one) and an optional segment (product, channel, region, store, customer
segment: the treated rows). The comparison is a chosen segment, or the rest of the rows. With
no segment at all there is nothing to compare with, so a before/after test of the share
(Newcombe interval) is given and ``design`` says so.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from vocdesk.engine.errors import UsageError
from vocdesk.engine.loop.actions import CHECK_AFTER_DAYS
from vocdesk.engine.loop.effect import MIN_CELL, MIN_WEEKS_AFTER, did
from vocdesk.engine.store import actions as store_actions
from vocdesk.engine.store import settings as store_settings

SEGMENT_KEYS = (*store_actions.SEGMENT_COLUMNS, "segment")
BASELINE_WEEKS = 26


def _segment_ids(db, spec: dict[str, list[str]]) -> set[int] | None:  # noqa: ANN001
    ids: set[int] | None = None
    for key, values in spec.items():
        part = store_actions.ids_in_segment(db, key, values)
        ids = part if ids is None else ids & part
    return ids


def evaluate(db, action: dict[str, Any], fixed_on: str | None = None,  # noqa: ANN001
             control: dict[str, list[str]] | None = None,
             today: date | None = None) -> dict[str, Any]:
    """Effect of the fix on the action's targeted complaint (see module doc)."""
    fixed_on = fixed_on or action.get("fixed_on")
    if not fixed_on:
        raise UsageError(f"action {action['id']} has no fix date: set one with --fixed-on")
    targets = action["targets"]
    complaint = {f: v for f, v in targets.items() if f not in SEGMENT_KEYS}
    if not complaint and "product" in targets:
        complaint = {"product": targets["product"]}
        segment: dict[str, list[str]] = {k: v for k, v in targets.items() if k != "product"}
    else:
        segment = {k: v for k, v in targets.items() if k in SEGMENT_KEYS}
    if not complaint:
        raise UsageError(f"action {action['id']} targets no complaint (a category, touchpoint "
                         "or feature value): nothing to measure")
    tz = ZoneInfo(store_settings.get_setting(db, "timezone", "Asia/Shanghai"))
    fix_ts = datetime.combine(date.fromisoformat(fixed_on), datetime.min.time(), tz).timestamp()
    rows = np.array(store_actions.dated_rows(db), float).reshape(-1, 2)
    start = fix_ts - BASELINE_WEEKS * 7 * 86400
    rows = rows[rows[:, 1] >= start]
    hit: set[int] = set()
    for facet, values in complaint.items():
        hit |= store_actions.ids_with_tag(db, facet, values)
    ids = rows[:, 0].astype(int)
    frame = pd.DataFrame({"id": ids, "y": np.isin(ids, list(hit)).astype(float),
                          "post": (rows[:, 1] >= fix_ts).astype(int),
                          "week": np.floor((rows[:, 1] - fix_ts) / (7 * 86400)).astype(int)})
    treated = _segment_ids(db, segment) if segment else None
    comparison = _segment_ids(db, control) if control else None
    check_after = (date.fromisoformat(fixed_on) + timedelta(days=CHECK_AFTER_DAYS)).isoformat()
    if treated is None and comparison is None:
        out = _before_after(frame)
    else:
        frame["treated"] = np.isin(ids, list(treated)).astype(int) if treated is not None \
            else (~np.isin(ids, list(comparison))).astype(int)
        if comparison is not None:
            frame = frame[(frame["treated"] == 1) | np.isin(frame["id"], list(comparison))]
        out = did(frame)
        out["design"] = "difference-in-differences"
    today = (today or datetime.now(UTC).date()).isoformat()
    out.update({"action_id": action["id"], "fixed_on": fixed_on, "check_after": check_after,
                "check_due": today >= check_after})
    return out


def _before_after(frame: pd.DataFrame) -> dict[str, Any]:
    from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

    pre, post = frame[frame["post"] == 0], frame[frame["post"] == 1]
    k1, n1, k0, n0 = int(post["y"].sum()), len(post), int(pre["y"].sum()), len(pre)
    out: dict[str, Any] = {"design": "before-after (no comparison segment)",
                           "before": k0 / n0 if n0 else None, "after": k1 / n1 if n1 else None,
                           "control_before": None, "control_after": None,
                           "n": {"before": n0, "after": n1}, "effect": None, "ci_low": None,
                           "ci_high": None, "p": None, "mde": None,
                           "weeks_after": int(post["week"].nunique())}
    out["enough_data"] = min(n0, n1) >= MIN_CELL and out["weeks_after"] >= MIN_WEEKS_AFTER
    if n0 and n1:
        import warnings

        lo, hi = confint_proportions_2indep(k1, n1, k0, n0, method="newcomb")
        with warnings.catch_warnings():     # its odds ratio divides by zero at a 0 share
            warnings.simplefilter("ignore", RuntimeWarning)
            p = float(test_proportions_2indep(k1, n1, k0, n0).pvalue)
        out.update({"effect": k1 / n1 - k0 / n0, "ci_low": float(lo), "ci_high": float(hi),
                    "p": p})
        out["mde"] = float(2.8 * (hi - lo) / (2 * 1.96))
    return out
