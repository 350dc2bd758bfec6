"""How long `vocdesk train` takes on 7,765 human sentiment labels, and what dominates.

Why: the issue measured 114 s with no progress output (target < 20 s).  This builds a
throw-away workspace from the shared hotel reviews (test data: used here only to time
training, never to ship a model), runs ``Workspace.train(force=True)`` under cProfile and
prints the total, the share of the main stages, and the time of bare jieba over the same
texts as the in-run baseline.  Run: .venv/bin/python benchmarks/bench_train.py
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

import jieba
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("VOCDESK_SHARED_DATA", ROOT.parent / "shared" / "data"))

from vocdesk.engine.workspace import Workspace  # noqa: E402

STAGES = {
    "segmentation (jieba)": "tokenize_many",
    "linear fits (liblinear, 5-fold CV x 2 variants + final)": "_fit_linear",
    "features + vocabulary": "row_features",
    "zero-shot baseline": "zero_shot_sentiment",
}


def main() -> None:
    src = DATA / "ChnSentiCorp_htl_all.csv"
    texts = pd.read_csv(src).dropna(subset=["review"])["review"].astype(str).tolist()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.vocdesk"
        with Workspace.create(path) as ws:
            ws.imports.import_file(src, mapping={"text": "review", "tag.sentiment": "label"})
        with Workspace.open(path) as ws:
            prof = cProfile.Profile()
            t0 = time.perf_counter()
            prof.enable()
            reports = ws.train(force=True)
            prof.disable()
            total = time.perf_counter() - t0
    jieba.setLogLevel(60)
    jieba.initialize()
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t, HMM=False)
    bare = time.perf_counter() - t0
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    cum = {}
    for (_, _, name), (_, _, _, ct, _) in stats.items():
        cum[name] = max(cum.get(name, 0.0), ct)
    r = reports[0]
    print(f"train {r['n_labels']:,} labels: {total:.1f} s under the profiler "
          f"(= {total / bare:.1f}x bare jieba over the same texts, {bare:.1f} s); "
          f"cv {r['cv_accuracy_learned']:.3f} -> {r['chosen']}")
    for label, fn in STAGES.items():
        print(f"  {label:58s} {cum.get(fn, 0.0):6.1f} s  {cum.get(fn, 0.0) / total:5.0%}")


if __name__ == "__main__":
    main()
