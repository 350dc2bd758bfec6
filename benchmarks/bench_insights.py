"""Theme impact, drivers, scorecards, loyalty, movers and the role dashboards at scale.

Same synthetic workspace as ``bench_aggregates.py`` (its builder), with stores, regions and a
customers table added, so every analysis has its inputs. Figures are best-of ``--repeat`` and
printed as ratios to ``ws.metrics.summary()`` measured in the same run (the baseline every
dashboard starts from; warm, as the cached aggregates serve a repeated call), with the
issue's targets: a dashboard < 1 s, an aggregate < 300 ms. The "new filter (cold)" rows time
the aggregates and each dashboard on a filter not seen before (nothing per selection cached).

    python benchmarks/bench_insights.py                 # 1M rows (the issue's size)
    python benchmarks/bench_insights.py --rows 200000 --keep /tmp/w200k.vocdesk
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_aggregates as base  # noqa: E402

from vocdesk.engine.domain import FeedbackFilter  # noqa: E402
from vocdesk.engine.store import customers as store_customers  # noqa: E402
from vocdesk.engine.store import feedback as store_feedback  # noqa: E402
from vocdesk.engine.store import transaction  # noqa: E402
from vocdesk.engine.workspace import Workspace  # noqa: E402

STORES = [(f"store{i:02d}", f"region{i % 8}") for i in range(40)]


def build(path: Path, rows: int) -> Workspace:
    real_insert = store_feedback.insert_feedback
    rng = np.random.default_rng(1)

    def insert(db, recs):            # give every row a store and its region
        out = []
        for r in recs:
            s, reg = STORES[int(rng.integers(0, len(STORES)))]
            r = list(r)
            r[10], r[11] = s, reg
            out.append(tuple(r))
        return real_insert(db, out)

    base.store_feedback.insert_feedback = insert
    try:
        ws = base.build(path, rows)
    finally:
        base.store_feedback.insert_feedback = real_insert
    n_cust = rows // 3
    churn = rng.random(n_cust) < 0.2
    rep = rng.random(n_cust) < 0.4
    with transaction(ws.db):
        store_customers.upsert_customers(ws.db, [
            (f"c{i}", None, None, None, int(rep[i]), int(churn[i]), None, None, None, None,
             None) for i in range(n_cust)])
    return ws


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="build (or reuse) the workspace at this path")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = args.keep or Path(tmp.name) / "bench.vocdesk"
    t = time.perf_counter()
    ws = Workspace.open(path) if path.exists() else build(path, args.rows)
    print(f"workspace: {ws.stats()['feedback']:,} rows (built/opened in "
          f"{time.perf_counter() - t:.1f} s)")
    from vocdesk.ui.pages import _dashboard_data as dash  # no Qt: plain data functions

    ins = ws.insights
    ws.metrics.summary()                                     # warm the cached arrays
    baseline = best(lambda: ws.metrics.summary(), args.repeat)
    flt = FeedbackFilter(channels=["survey", "ticket"])
    cases = [
        ("theme impact on NPS (2,000 bootstrap resamples)", lambda: ins.impact(), 300),
        ("drivers of NPS (LMG over 10 themes)", lambda: ins.drivers(), 300),
        ("scorecard by store", lambda: ins.scorecard("store"), 300),
        ("scorecard by region, filtered", lambda: ins.scorecard("region", flt), 300),
        ("loyalty (rates by group + transitions)", lambda: ins.loyalty(), 300),
        ("movers (last vs previous month)", lambda: ins.movers(), 300),
        ("rows behind a cell (NPS of one region)",
         lambda: ins.ids(None, "region", "region3", "nps"), 300),
        ("executive dashboard", lambda: dash.compute(ws, "executive", None, 0,
                                                     FeedbackFilter()), 1000),
        ("product line dashboard", lambda: dash.compute(ws, "product", None, 0,
                                                        FeedbackFilter()), 1000),
        ("region / store dashboard", lambda: dash.compute(ws, "region", "store", 0,
                                                          FeedbackFilter()), 1000),
    ]
    # the same dashboards right after the filter changed: a filter never used before in each
    # repetition, so nothing computed for a selection is cached (what the user waits for)
    fresh = iter(FeedbackFilter(channels=[c for c in base.CHANNELS if c not in drop])
                 for k in (1, 2, 3) for drop in itertools.combinations(base.CHANNELS, k))
    for label, fn in (("theme impact", ins.impact), ("drivers", ins.drivers),
                      ("scorecard by store", lambda f: ins.scorecard("store", f)),
                      ("loyalty", ins.loyalty), ("movers", ins.movers)):
        cases.append((f"{label}, new filter (cold)", lambda fn=fn: fn(next(fresh)), 300))
    for role, param in (("executive", None), ("product", None), ("region", "store")):
        cases.append((f"{role} dashboard, new filter (cold)",
                      lambda role=role, param=param: dash.compute(ws, role, param, 0,
                                                                  next(fresh)), 1000))
    print(f"baseline  ws.metrics.summary(): {baseline:8.1f} ms")
    for label, fn, target in cases:
        ms = best(fn, args.repeat)
        verdict = "" if target is None else \
            f"  target < {target} ms: {'met' if ms < target else 'MISSED'}"
        print(f"{label:52s} {ms:9.1f} ms  ×{ms / baseline:7.1f} of the summary{verdict}")
    ws.close()


if __name__ == "__main__":
    main()
