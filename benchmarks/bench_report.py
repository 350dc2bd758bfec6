"""Evidence-pack benchmark: build time of the packs vs a bare scan of the same rows.

Targets (issue 12): the demo meeting pack in < 10 s; a meeting pack over a 1M-row workspace
in < 20 s (the defect and weekly packs are measured too). The
baseline, measured in the same run, is the least any pack must do: read every row's id and
date into pandas (``SELECT id, created_at FROM feedback``). Figures are printed as seconds and
as ratios to that baseline.

The big workspace is written straight through the store (benchmarks/bench_gui.generate:
synthetic texts with a few auto tags per row), since analysing 1M rows takes minutes; then
every row gets a touchpoint and a third of them a second department (``_enrich``), so the
meeting pack's journey map and breakpoint matrix have work to do.

    .venv/bin/python benchmarks/bench_report.py [--rows 1000000] [--workspace PATH] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _baseline(ws) -> float:
    import pandas as pd

    def scan():
        cur = ws.db.execute("SELECT id, created_at FROM feedback")
        return pd.DataFrame(cur.fetchall(), columns=["id", "created_at"])

    return _timed(scan)[0]


def _packs(ws, out_dir: Path, defect_where: dict) -> dict:
    from vocdesk.engine.reports import ReportSpec

    base = _baseline(ws)
    res = {"baseline_scan_s": round(base, 3)}
    for name, spec in (("meeting", ReportSpec(str(ws.path), "meeting")),
                       ("defect", ReportSpec(str(ws.path), "defect", where=defect_where)),
                       ("weekly", ReportSpec(str(ws.path), "weekly"))):
        secs, r = _timed(lambda spec=spec, name=name: ws.reports.write(spec, out_dir /
                                                                      f"{name}.pdf"))
        res[name] = {"seconds": round(secs, 2), "x_baseline": round(secs / base, 1),
                     "pages": r.pages, "rows": r.rows}
    return res


def _enrich(path: Path) -> dict:
    """Touchpoint tags on every row, a second department on a third of them (seeded)."""
    import random

    from vocdesk.engine.workspace import Workspace

    rnd = random.Random(7)
    t0 = time.perf_counter()
    with Workspace.open(path) as ws:
        tps = [v.value for v in ws.taxonomy.facet("touchpoint").values]
        depts = [v.value for v in ws.taxonomy.facet("department").values]
        n = ws.db.execute("SELECT max(id) FROM feedback").fetchone()[0]
        with ws.db.atomic():
            ws.db.execute("DELETE FROM auto_tags WHERE facet = 'touchpoint'")
            for lo in range(1, n + 1, 100_000):
                ids = range(lo, min(n, lo + 99_999) + 1)
                tags = [(i, "touchpoint", rnd.choice(tps), 0.7, "bench-rule", None) for i in ids]
                tags += [(i, "department", rnd.choice(depts), 0.6, "bench-derived", None)
                         for i in ids if rnd.random() < 0.33]
                ws.db.conn.executemany("INSERT OR IGNORE INTO auto_tags (feedback_id, facet, "
                                       "value, score, origin, spans) VALUES (?,?,?,?,?,?)", tags)
            # the generator writes auto tags only: materialise them as the effective tags the
            # aggregates read (what store.tags does in every analysis transaction)
            ws.db.execute("DELETE FROM tag_effective")
            ws.db.execute("INSERT INTO tag_effective (feedback_id, facet, value, score, "
                          "origin_kind) SELECT feedback_id, facet, value, score, 'auto' "
                          "FROM auto_tags")
    return {"enriched_s": round(time.perf_counter() - t0, 1)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--workspace", default="/tmp/bench-report-1m.vocdesk")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    from benchmarks.bench_gui import generate
    from vocdesk.engine.demo_workspace import build_demo_workspace
    from vocdesk.engine.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        demo = tmp / "demo.vocdesk"
        t_demo, _ = _timed(lambda: build_demo_workspace(demo, rows=24000))
        with Workspace.open(demo, readonly=True) as ws:
            print(json.dumps({"demo_24000_rows": {"build_workspace_s": round(t_demo, 1),
                                                  **_packs(ws, tmp, {"category": ["产品质量"]})}},
                             ensure_ascii=False))
        big = Path(args.workspace)
        if args.rebuild or not big.exists():
            print(json.dumps({"generated": generate(big, args.rows), **_enrich(big)}))
        with Workspace.open(big, readonly=True) as ws:
            print(json.dumps({f"generated_{ws.stats()['feedback']}_rows":
                              _packs(ws, tmp, {"category": ["物流配送"]})}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
