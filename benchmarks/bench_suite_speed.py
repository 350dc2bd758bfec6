"""Speeds the test suite used to assert on wall time, now printed here instead.

Why: a busy 2-core machine made timing assertions in tests/ fail at random (issue 7), so the
figures live in this script, each also given as a ratio to bare ``jieba.lcut`` measured in the
same run (a machine-speed yardstick: the ratios stay comparable across machines and load).

    .venv/bin/python benchmarks/bench_suite_speed.py

Figures: demo generation (the former ``test_fast_enough``, budget 5 s), the English lexicon
rate on short rows (former floor 5,000 rows/s), training a learned classifier on 1,000 labels
(former budgets 5 s synthetic / 10 s real, real part needs ../shared/data).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import jieba
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("VOCDESK_SHARED_DATA", ROOT.parent / "shared" / "data"))

from vocdesk.engine.demo import generate_demo  # noqa: E402
from vocdesk.engine.learning import train_classifier  # noqa: E402
from vocdesk.engine.text.segment import tokenize_many  # noqa: E402
from vocdesk.engine.text.sentiment import en  # noqa: E402

SHORT_EN = ["Great product!", "Refund was slow", "customer service was rude", "NOT good",
            "delivery was late", "battery life is short", "works as described"]


def timed(fn, *args):  # noqa: ANN001, ANN202
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def main() -> None:
    sample = generate_demo(n_feedback=2000).feedback["text"].astype(str).tolist()
    jieba.lcut(sample[0])  # load the dictionary outside the timing
    _, dt = timed(lambda rows: [jieba.lcut(r) for r in rows], sample * 5)
    jieba_rate = len(sample) * 5 / dt
    print(f"baseline: bare jieba.lcut {jieba_rate:,.0f} rows/s on demo rows")

    data, dt = timed(generate_demo)
    print(f"demo generation: {len(data.feedback):,} rows in {dt:.2f} s "
          f"(old budget 5 s); = {dt * jieba_rate:,.0f} jieba-row-equivalents "
          f"({len(data.feedback) / dt / jieba_rate:.2f}x jieba's row rate)")

    rows = SHORT_EN * 1000
    en.compound_scores(rows[:50])  # load the analyzer
    _, dt = timed(en.compound_scores, rows)
    print(f"english lexicon, short rows: {len(rows) / dt:,.0f} rows/s (old floor 5,000); "
          f"{len(rows) / dt / jieba_rate:.2f}x jieba's row rate")

    rng = np.random.default_rng(0)
    words = {"物流": ["快递", "发货", "物流", "送达"], "质量": ["质量", "做工", "材质", "破损"],
             "价格": ["价格", "便宜", "优惠", "贵"]}
    cats = list(words)
    labs = [[cats[rng.integers(3)]] for _ in range(1000)]
    toks = [list(rng.choice(words[c[0]], 2)) + ["这个", "东西"] for c in labs]
    (_, rep), dt = timed(train_classifier, "category", toks, labs, False)
    print(f"train synthetic category, 1,000 labels: {dt:.2f} s (report {rep.seconds:.2f} s); "
          f"= {dt * jieba_rate:,.0f} jieba-row-equivalents")

    name = DATA / "waimai_10k.csv"
    if not name.is_file():
        print(f"(skipped the real-data training figure: {name} is absent)")
        return
    import pandas as pd

    from vocdesk.engine.text.sentiment import zero_shot_sentiment

    d = pd.read_csv(name).dropna(subset=["review"])
    texts = d.review.astype(str).tolist()
    toks = tokenize_many(texts)
    zs = zero_shot_sentiment(texts, toks, ["zh"] * len(texts))
    y = np.where(d.label.to_numpy() == 1, "positive", "negative")
    tr = np.random.default_rng(42).choice(len(texts), 1000, replace=False)
    (_, rep), dt = timed(train_classifier, "sentiment", [toks[i] for i in tr],
                         [[y[i]] for i in tr], False, zs.p_positive[tr])
    print(f"train waimai sentiment, 1,000 labels: {dt:.2f} s (old budget 10 s); "
          f"= {dt * jieba_rate:,.0f} jieba-row-equivalents; chosen {rep.chosen}")


if __name__ == "__main__":
    main()
