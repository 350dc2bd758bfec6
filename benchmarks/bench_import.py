"""Import speed and memory against a bare baseline measured in the same run (issue 9).

Baseline: ``pandas.read_csv`` + ``sqlite3.executemany`` of the same file into an unindexed
table. vocdesk: ``Workspace.import_file`` (sniffing, mapping, conversion, redaction, dedupe,
search-index/order-cache upkeep), then a re-import of the same file (all duplicates). Each
step runs in its own process so its peak RSS is its own. Prints rates and ratios only: wall
time (the target) and, steadier on a shared machine, CPU time of each process; and where the
import's wall time went (``import_stage_seconds``, from ``ImportReport.stage_seconds``: read,
convert, dates, redact, redact fields, hash, language, insert, index, order cache, commit).
The search index is not part of it: it is filled after the import, by its own job.

    .venv/bin/python benchmarks/bench_import.py [--rows 100000] [--rows 300000]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHANNELS = ["问卷", "app", "微博", "工单", "邮件", "客服聊天"]
PHRASES = ["物流很快", "包装破损", "客服态度很好", "退款太慢了", "质量不错", "尺码偏小",
           "下次还会买", "电话13812345678联系我", "价格有点贵", "安装师傅很专业"]


def make_file(path: Path, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["评论", "日期", "渠道", "NPS", "客户ID", "门店"])
        for i in range(n):
            text = "，".join(rnd.sample(PHRASES, 3)) + f"（第{i}单）"
            w.writerow([text, f"2026-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d} "
                              f"{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:00",
                        rnd.choice(CHANNELS), rnd.randint(0, 10), f"C{rnd.randint(1, n // 3)}",
                        f"门店{rnd.randint(1, 200)}"])


_BASELINE = """
import sqlite3, sys, time, resource
import pandas as pd
t = time.perf_counter()
c = time.process_time()
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
con = sqlite3.connect(sys.argv[2])
con.execute("CREATE TABLE t (" + ", ".join(f'c{i} TEXT' for i in range(len(df.columns))) + ")")
con.executemany("INSERT INTO t VALUES (" + ",".join("?" * len(df.columns)) + ")",
                df.itertuples(index=False, name=None))
con.commit()
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      time.process_time() - c)
"""

_VOCDESK = """
import sys, time, resource
from vocdesk.engine.jobs import NullProgress
from vocdesk.engine.workspace import Workspace

class FirstMove(NullProgress):
    first = None
    def update(self, done, total=None, message=""):
        if self.first is None and done:
            self.first = time.perf_counter()

ws = Workspace.open(sys.argv[2])
prog = FirstMove()
t = time.perf_counter()
c = time.process_time()
rep = ws.imports.import_file(sys.argv[1], progress=prog)
end = time.perf_counter()
print(end - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      rep.rows_imported, rep.rows_duplicate, (prog.first or end) - t, time.process_time() - c)
import json
print(json.dumps({k: round(v, 3) for k, v in getattr(rep, "stage_seconds", {}).items()}))
"""


def _run(code: str, *args: str) -> list[float]:
    return _run_stages(code, *args)[0]


def _run_stages(code: str, *args: str) -> tuple[list[float], dict[str, float]]:
    """The numbers on the process's first line and the stage seconds on its second, if any."""
    lines = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    return [float(x) for x in lines[0].split()], (json.loads(lines[1]) if len(lines) > 1
                                                  else {})


def bench(n: int, tmp: Path) -> dict:
    from vocdesk.engine.workspace import Workspace

    src = tmp / f"feedback_{n}.csv"
    make_file(src, n)
    base_s, base_kb, base_cpu = _run(_BASELINE, str(src), str(tmp / f"base_{n}.db"))
    wsp = tmp / f"bench_{n}.vocdesk"
    Workspace.create(wsp).close()
    (imp_s, imp_kb, new, _dup, first_s, imp_cpu), stages = _run_stages(_VOCDESK, str(src),
                                                                        str(wsp))
    re_s, re_kb, _new2, dup, _first, re_cpu = _run(_VOCDESK, str(src), str(wsp))
    return {"rows": n, "baseline_rows_s": round(n / base_s),
            "import_rows_s": round(n / imp_s), "import_ratio": round(base_s / imp_s, 2),
            "reimport_rows_s": round(n / re_s), "reimport_ratio": round(base_s / re_s, 2),
            # CPU seconds of each process: steadier than wall time on a shared machine
            "import_cpu_ratio": round(base_cpu / imp_cpu, 2),
            "reimport_cpu_ratio": round(base_cpu / re_cpu, 2),
            "imported": int(new), "duplicates_on_reimport": int(dup),
            "first_progress_s": round(first_s, 2),
            "baseline_peak_rss_mb": round(base_kb / 1024), "import_peak_rss_mb":
            round(imp_kb / 1024), "reimport_peak_rss_mb": round(re_kb / 1024),
            # where the import's wall time went (ImportReport.stage_seconds)
            "import_stage_seconds": stages, "baseline_seconds": round(base_s, 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, action="append")
    args = ap.parse_args()
    sizes = args.rows or [100_000]
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            t = time.perf_counter()
            r = bench(n, Path(d))
            r["bench_seconds"] = round(time.perf_counter() - t, 1)
            print(json.dumps(r, ensure_ascii=False), flush=True)
    print("targets: import_ratio >= 0.7, reimport_ratio >= 1.0, peak RSS <= 500 MB at 1M rows "
          "and flat in the file's length, first_progress_s <= 1")


if __name__ == "__main__":
    main()
