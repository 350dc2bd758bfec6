"""How fast the CLI answers when there is nothing to do (issue 7: `analyze` took 12-18 s).

Each figure is the median wall time of a fresh process, also given as a ratio to
``vocdesk --version`` measured in the same run (the interpreter + import yardstick).

    .venv/bin/python benchmarks/bench_cli_noop.py [--repeat 5]

Figures: ``analyze`` on an up-to-date 1,000-row demo workspace, and a segmenter built for a new
taxonomy after the first (a copy of jieba's dictionary, vs loading it).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VOCDESK = Path(sys.executable).parent / "vocdesk"


def timed(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "demo.vocdesk"
        subprocess.run([str(VOCDESK), "demo", "--rows", "1000", "--workspace", str(ws)],
                       check=True, capture_output=True)
        base = timed([str(VOCDESK), "--version"], args.repeat)
        noop = timed([str(VOCDESK), "analyze", str(ws)], args.repeat)
    print(f"vocdesk --version          {base:6.2f} s   (baseline 1.00)")
    print(f"vocdesk analyze (no work)  {noop:6.2f} s   ratio {noop / base:.2f}")

    from vocdesk.engine.text.segment import segmenter_for

    t = time.perf_counter()
    segmenter_for([])
    first = time.perf_counter() - t
    t = time.perf_counter()
    segmenter_for(["蓝莓冰沙杯", "配送费用高"])
    second = time.perf_counter() - t
    print(f"first segmenter (load jieba dictionary)  {first:6.2f} s   (baseline 1.00)")
    print(f"segmenter for another taxonomy          {second:6.2f} s   ratio {second / first:.3f}")


if __name__ == "__main__":
    main()
