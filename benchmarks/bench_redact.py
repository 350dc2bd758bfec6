"""Benchmark PII redaction and language detection.

Why: redaction and language detection run on every imported row, so both their
accuracy on the generated PII test set and their throughput on typical short rows are
release criteria.  Run: ``.venv/bin/python benchmarks/bench_redact.py``.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.engine.pii_testset import (  # noqa: E402
    GENERATORS,
    KINDS,
    NEGATIVE_FAMILIES,
    TEMPLATES,
    evaluate,
    generate_testset,
)
from vocdesk.engine.text.lang import detect_languages  # noqa: E402
from vocdesk.engine.text.redact import REDACTOR_VERSION, redact, redact_many  # noqa: E402

_TYPICAL = [
    "物流太慢了，等了一周才到", "客服态度很好，耐心解答问题", "耳机音质不错，就是续航一般",
    "App 闪退了好几次", "包装破损，里面的东西也坏了", "性价比很高，推荐购买", "退款一直没到账",
    "The delivery was late.", "Great product, works as expected", "电池不耐用，半天就没电",
    "屏幕有坏点，申请换货", "充电器发热严重", "W2 Pro 蓝牙老是断连", "¥1299 买的，活动后降价了",
    "2026-03-15 下单，到现在还没发货", "v5.2.1 更新后登录不了", "好评！", "一般般吧",
    "送货上门很及时，快递小哥服务好", "颜色和图片不一样", "买了3个坏了1个", "iPhone 连不上",
    "尺码偏小，建议买大一号", "味道很好，家里人都爱吃", "质量太差了，用了两天就坏", "ok",
]


def typical_rows(n: int, pii_share: float = 0.01, seed: int = 7) -> list[str]:
    """Short rows like real feedback: mostly no PII, ~1 % with one PII item."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        if rng.random() < pii_share:
            kind = rng.choice(KINDS)
            rows.append(rng.choice(TEMPLATES[kind]).format(GENERATORS[kind](rng)))
        else:
            rows.append(rng.choice(_TYPICAL))
    return rows


def _rate(fn, rows: list[str], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(rows)
        best = min(best, time.perf_counter() - t0)
    return len(rows) / best


def main() -> None:
    positives, negatives = generate_testset()
    t0 = time.perf_counter()
    report = evaluate(redact, positives, negatives)
    elapsed = time.perf_counter() - t0
    print(f"redactor {REDACTOR_VERSION}: {report['n_positive']} positive rows, "
          f"{report['n_negative']} negative rows ({elapsed:.2f}s)")
    print(f"{'kind':<10} {'expected':>8} {'found':>6} {'recall':>7} {'FP':>4}")
    for kind, st in report["kinds"].items():
        print(f"{kind:<10} {st['expected']:>8} {st['found']:>6} {st['recall']:>7.4f} {st['fp']:>4}")
        for text, red in st["misses"][:3]:
            print(f"    miss: {text!r} -> {red!r}")
        for text, red in st["fp_examples"][:3]:
            print(f"    FP:   {text!r} -> {red!r}")
    fams = report["negative_fp_by_family"]
    print("negative families:", ", ".join(f"{f}={fams.get(f, 0)}" for f in NEGATIVE_FAMILIES))

    n = 100_000
    rows = typical_rows(n)
    clean = typical_rows(n, pii_share=0.0)
    _, counts = redact_many(rows)
    print(f"\nspeed on {n:,} short rows (best of 3, one core):")
    print(f"  redact_many, 1% PII rows : {_rate(redact_many, rows):>12,.0f} rows/s   counts={dict(counts)}")
    print(f"  redact_many, no PII      : {_rate(redact_many, clean):>12,.0f} rows/s")
    print(f"  redact() per row, 1% PII : {_rate(lambda rs: [redact(r) for r in rs], rows):>12,.0f} rows/s")
    pii_rows = [c.text for c in positives]
    print(f"  redact_many, all-PII rows: {_rate(redact_many, pii_rows):>12,.0f} rows/s")
    print(f"  detect_languages         : {_rate(detect_languages, rows):>12,.0f} rows/s")
    base = _rate(lambda rs: [len(r) for r in rs], rows)
    print(f"  redact_many / len() loop : {_rate(redact_many, rows) / base:.3f} "
          "(ratio to a bare Python loop over the same rows, same run)")


def customer_styles() -> None:
    """Recall per category and style on PII written the way customers write it, and the
    false-positive rate on look-alikes (generator: tests/engine/pii_customer.py)."""
    from tests.engine.pii_customer import evaluate as evaluate_customer

    report = evaluate_customer(lambda t: redact(t).text, per_style=240)
    print("\ncustomer-written PII (240 rows per category and style):")
    per_cat: dict[str, list[int]] = {}
    for (cat, style), (ok, n) in report["recall"].items():
        c = per_cat.setdefault(cat, [0, 0])
        c[0] += ok
        c[1] += n
        print(f"  {cat:<10} {style:<16} recall {ok / n:.3f}")
        for miss in report["misses"].get((cat, style), [])[:2]:
            print(f"      miss: {miss}")
    for cat, (ok, n) in per_cat.items():
        print(f"  {cat:<10} {'ALL':<16} recall {ok / n:.3f} ({ok}/{n})")
    bad = sum(b for b, _n in report["fp"].values())
    total = sum(n for _b, n in report["fp"].values())
    print(f"  look-alikes: {bad}/{total} changed = false-positive rate {bad / total:.4f}")
    for fam, (b, n) in report["fp"].items():
        print(f"    {fam:<18} {b / n:.3f}")
        for ex in report["fp_examples"].get(fam, [])[:2]:
            print(f"      FP: {ex}")


if __name__ == "__main__":
    main()
    customer_styles()
