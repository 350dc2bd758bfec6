"""Import and analysis throughput, compared with bare jieba and snownlp in the same run.

Prints rows/s, chars/s, ratios and peak RSS. Targets (issue #2): import ≥ 50k rows/s; analyse
≥ 15× snownlp's rate and ≥ 50 % of bare jieba's; 1M rows analysed in < 10 min.

    python benchmarks/bench_engine.py                 # 100k rows
    python benchmarks/bench_engine.py --rows 1000000  # 1M rows
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from pathlib import Path


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def make_csv(path: Path, rows: int) -> int:
    """Demo feedback, repeated with fresh ids up to ``rows``; returns total characters."""
    from vocdesk.engine.demo import generate_demo

    base = generate_demo(n_feedback=min(rows, 24000)).feedback
    cols = ["external_id", "text", "created_at", "channel", "customer_id", "rating", "nps"]
    base = base[cols].astype(object).where(base[cols].notna(), "")
    records = base.values.tolist()
    chars = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for i in range(rows):
            rec = list(records[i % len(records)])
            rec[0] = f"B{i:08d}"
            chars += len(rec[1])
            w.writerow(rec)
    return chars


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=None, help="analysis worker processes")
    ap.add_argument("--sample", type=int, default=20_000, help="rows for the jieba baseline")
    ap.add_argument("--snownlp-sample", type=int, default=1000)
    args = ap.parse_args()

    from vocdesk.engine.workspace import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="vocdesk-bench-"))
    data = tmp / "feedback.csv"
    t = time.perf_counter()
    chars = make_csv(data, args.rows)
    print(f"generated {args.rows:,} rows ({chars:,} chars, mean {chars / args.rows:.1f}) "
          f"in {time.perf_counter() - t:.1f} s")

    ws = Workspace.create(tmp / "bench.vocdesk")
    t = time.perf_counter()
    rep = ws.imports.import_file(data)
    dt = time.perf_counter() - t
    print(f"import:   {rep.rows_imported:,} rows in {dt:.2f} s = {rep.rows_imported / dt:,.0f} rows/s"
          f"   (target ≥ 50,000)   peak RSS {rss_mb():,.0f} MB")

    t = time.perf_counter()
    arep = ws.analyze(workers=args.workers)
    dt = time.perf_counter() - t
    a_rows, a_chars = arep.rows_analyzed / dt, chars / dt
    print(f"analyse:  {arep.rows_analyzed:,} rows in {dt:.1f} s = {a_rows:,.0f} rows/s, "
          f"{a_chars:,.0f} chars/s with {arep.workers} worker(s)   peak RSS {rss_mb():,.0f} MB "
          f"(workers {children_rss_mb():,.0f} MB)")
    if args.rows >= 1_000_000:
        print(f"          1M rows would take {1_000_000 / a_rows / 60:.1f} min (target < 10 min)")

    # Baselines on a sample of the same texts, in this process.
    import jieba
    from snownlp import SnowNLP

    with data.open(encoding="utf-8") as fh:
        texts = [r["text"] for _, r in zip(range(args.sample), csv.DictReader(fh), strict=False)]
    jieba.initialize()
    sample_chars = sum(map(len, texts))
    t = time.perf_counter()
    for s in texts:
        jieba.lcut(s)
    j_rate = sample_chars / (time.perf_counter() - t)
    sn = texts[: args.snownlp_sample]
    t = time.perf_counter()
    for s in sn:
        _ = SnowNLP(s).sentiments
    s_rate = sum(map(len, sn)) / (time.perf_counter() - t)
    print(f"baseline: bare jieba.lcut {j_rate:,.0f} chars/s (1 process); snownlp {s_rate:,.0f} chars/s")
    print(f"ratios:   analyse / snownlp = {a_chars / s_rate:.1f}×  (target ≥ 15×); "
          f"analyse / bare jieba = {a_chars / j_rate:.0%}  (target ≥ 50 %)")
    ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
