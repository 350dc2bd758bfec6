"""Aggregates over one filtered selection at scale, as ratios to a bare count in the same run.

Builds a synthetic workspace straight through the store (feedback rows, auto tags and
analysis written by the same functions analysis uses, so ``tag_effective`` is maintained the
real way), then times each aggregate (best of ``--repeat``). Targets (issue 10): any single
aggregate < 300 ms, journey map < 1 s, recompute after editing one tag < 100 ms.

    python benchmarks/bench_aggregates.py                  # 1M rows
    python benchmarks/bench_aggregates.py --rows 100000
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vocdesk.engine.analytics.breakpoints import department_pairs, handoffs  # noqa: E402
from vocdesk.engine.domain import FeedbackFilter  # noqa: E402
from vocdesk.engine.store import aggregates as agg  # noqa: E402
from vocdesk.engine.store import array_aggregates as arr  # noqa: E402
from vocdesk.engine.store import feedback as store_feedback  # noqa: E402
from vocdesk.engine.store import sources as store_sources  # noqa: E402
from vocdesk.engine.store import tags as store_tags  # noqa: E402
from vocdesk.engine.store import transaction  # noqa: E402
from vocdesk.engine.store.facts import facet_pairs, facts  # noqa: E402
from vocdesk.engine.store.periods import fill_periods  # noqa: E402
from vocdesk.engine.workspace import Workspace  # noqa: E402

CHANNELS = ["survey", "ticket", "social", "chat", "app_store", "forum", "email"]
WORDS = ["物流", "太慢", "质量", "很好", "客服", "态度", "退货", "麻烦", "地址", "改不了", "app",
         "卡顿", "价格", "实惠", "安装", "师傅"]


def build(path: Path, rows: int, seed: int = 0) -> Workspace:
    rng = np.random.default_rng(seed)
    ws = Workspace.create(path)
    tax = ws.taxonomy
    tps = [v for v in tax.facet("touchpoint").values]
    cats = [v.value for v in tax.facet("category").values]
    depts = [v.value for v in tax.facet("department").values]
    t0 = 1_730_000_000.0
    ts = np.sort(rng.uniform(t0, t0 + 365 * 86400, rows))
    chan = rng.integers(0, len(CHANNELS), rows)
    cust = rng.integers(0, rows // 3, rows)
    nps = np.where(rng.random(rows) < 0.2, rng.integers(0, 11, rows), -1)
    words = rng.integers(0, len(WORDS), (rows, 4))
    batch = 100_000
    with transaction(ws.db):
        sid = store_sources.add_source(ws.db, kind="feedback", file_name="bench", file_path=None,
                                       file_hash=None, file_size=None, fmt="bench",
                                       encoding=None, channel=None, mapping={}, options={})
        for a in range(0, rows, batch):
            recs = []
            for i in range(a, min(rows, a + batch)):
                text = "".join(WORDS[w] for w in words[i])
                recs.append((sid, i, None, i + 1, text, None, float(ts[i]), CHANNELS[chan[i]],
                             f"c{cust[i]}", None, None, None, None, None,
                             int(nps[i]) if nps[i] >= 0 else None, None, None, "zh",
                             f"h{i}", None, None, None))
            store_feedback.insert_feedback(ws.db, recs)
        fill_periods(ws.db, ws.timezone)
    tp_i = rng.integers(0, len(tps), rows)
    cat_i = rng.integers(0, len(cats), rows)
    dep_i = rng.integers(0, len(depts), rows)
    score = np.clip(rng.normal(0.5, 0.25, rows), 0, 1)
    for a in range(0, rows, batch):
        ids = list(range(a + 1, min(rows, a + batch) + 1))
        tags, analysis = [], []
        for fid in ids:
            i = fid - 1
            s = float(score[i])
            sent = "negative" if s < 0.4 else ("positive" if s > 0.6 else "neutral")
            tp = tps[tp_i[i]]
            tags += [(fid, "sentiment", sent, s, "bench", None),
                     (fid, "touchpoint", tp.value, 0.8, "bench", None),
                     (fid, "stage", tp.parent or "", 0.8, "bench", None),
                     (fid, "category", cats[cat_i[i]], 0.7, "bench", None),
                     (fid, "department", depts[dep_i[i]], 0.6, "bench", None)]
            analysis.append((fid, "bench", "2026-01-01", s, "[]"))
        with transaction(ws.db):
            store_tags.replace_auto_tags(ws.db, ids, tags, analysis)
    ws.db.execute("ANALYZE")
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
    # the saved column arrays (store/facts_disk.py) of this run go with its temporary folder
    os.environ.setdefault("VOCDESK_CACHE_DIR", str(Path(tmp.name) / "cache"))
    path = args.keep or Path(tmp.name) / "bench.vocdesk"
    t = time.perf_counter()
    ws = Workspace.open(path) if path.exists() else build(path, args.rows)
    print(f"workspace: {agg.total_rows(ws.db):,} rows (built/opened in "
          f"{time.perf_counter() - t:.1f} s)")
    db = ws.db
    met, jour = ws.metrics, ws.journey
    everything = met.selection()
    flt = FeedbackFilter(channels=["survey", "ticket"], date_from="2025-01-01",
                         date_to="2025-06-30")
    neg = met.selection(FeedbackFilter(sentiment=["negative"]))
    filtered = met.selection(flt)
    t = time.perf_counter()
    facts(db)
    facet_pairs(db, "touchpoint")
    facet_pairs(db, "sentiment")
    cold = (time.perf_counter() - t) * 1000
    base = best(lambda: agg.total_rows(db), args.repeat)
    scan = best(lambda: agg.scan_rows(db), args.repeat)
    cases = [
        ("count, filtered (channel + dates)", lambda: agg.count(db, filtered), 300),
        ("facet × value counts (category), all rows [SQL]",
         lambda: agg.facet_counts(db, everything, "category"), 300),
        ("facet × value counts (category), filtered [SQL]",
         lambda: agg.facet_counts(db, filtered, "category"), 300),
        ("facet × value counts (category), filtered [arrays]",
         lambda: arr.facet_counts(db, filtered, "category"), 300),
        ("monthly volume, all rows [SQL]", lambda: agg.period_counts(db, everything, "month"),
         300),
        ("department × month of negative rows [SQL]",
         lambda: agg.facet_by_period(db, neg, "department", "month"), 300),
        ("department × month of negative rows [arrays]",
         lambda: arr.facet_by_period(db, neg, "department", "month"), 300),
        ("sentiment by touchpoint over customers [SQL reference]",
         lambda: agg.group_sentiment(db, everything, "touchpoint"), 300),
        ("metrics summary (NPS, negative share, sentiment), all rows",
         lambda: met.summary(), 300),
        ("metrics by month, all rows", lambda: met.by("month"), 300),
        ("journey map, all rows (with verbatims)", lambda: jour.map(), 1000),
        ("journey map, filtered", lambda: jour.map(flt), 1000),
        ("department pairs (breakpoint matrix), all rows",
         lambda: department_pairs(db, everything), 1000),
        ("customer hand-offs, all rows", lambda: handoffs(db, everything), 1000),
    ]
    print(f"cold: load the cached column arrays once per connection: {cold:8.1f} ms")
    print(f"baseline  SELECT count(*) FROM feedback: {base:8.1f} ms")
    print(f"baseline  full table scan (scan_rows):   {scan:8.1f} ms")
    for label, fn, target in cases:
        ms = best(fn, args.repeat)
        print(f"{label:60s} {ms:8.1f} ms  ×{ms / scan:5.2f} of the scan  "
              f"target < {target} ms: {'met' if ms < target else 'MISSED'}")
    fid = 12345

    flip = [True]

    def edit() -> None:
        flip[0] = not flip[0]
        ws.set_human_tags([fid], "sentiment", ["positive" if flip[0] else "negative"],
                          who="bench")

    ms = best(edit, args.repeat)
    ms3 = best(lambda: (edit(), jour.map(verbatims=0)), args.repeat)
    print(f"{'edit one tag (human tag + materialised refresh)':60s} {ms:8.1f} ms  "
          f"target < 100 ms: {'met' if ms < 100 else 'MISSED'}")
    ms2 = best(lambda: (edit(), arr.facet_counts(db, neg, "category")), args.repeat)
    print(f"{'edit one tag + recount a filtered facet (negative × category)':60s} {ms2:8.1f} ms  "
          f"target < 100 ms: {'met' if ms2 < 100 else 'MISSED'}")
    print(f"{'edit one tag + recompute the journey map (no verbatims)':60s} {ms3:8.1f} ms  "
          f"target < 100 ms: {'met' if ms3 < 100 else 'MISSED'}")
    ws.close()
    ws = Workspace.open(path)           # a new session: the arrays saved by the first one
    t = time.perf_counter()
    facts(ws.db)
    facet_pairs(ws.db, "touchpoint")
    facet_pairs(ws.db, "sentiment")
    again = (time.perf_counter() - t) * 1000
    print(f"{'first use after opening again (arrays saved in the file)':60s} {again:8.1f} ms  "
          f"×{again / scan:5.2f} of the scan (first use ever: {cold:.0f} ms)")
    print(f"{'  = first page after analysis (analysis ends with facts.warm,':60s} "
          f"{'':8s}    which pays the {cold:.0f} ms inside the analysis job)")
    ws.close()
    # a workspace handed over (copied elsewhere, another user's cache): the arrays travel in
    # the file (store/facts_saved.py), so its first page does not read every row either
    copy = Path(tmp.name) / "handed-over.vocdesk"
    shutil.copy(path, copy)
    os.environ["VOCDESK_CACHE_DIR"] = str(Path(tmp.name) / "another-cache")
    ws = Workspace.open(copy)
    t = time.perf_counter()
    facts(ws.db)
    facet_pairs(ws.db, "touchpoint")
    facet_pairs(ws.db, "sentiment")
    handed = (time.perf_counter() - t) * 1000
    print(f"{'first use of a copied workspace (empty user cache)':60s} {handed:8.1f} ms")
    ws.close()


if __name__ == "__main__":
    main()
