"""The month-later effect check on generated data of known effect: power and false alarms.

Weekly rows of two segments with shared weekly shocks and segment-specific AR(1) noise (the
generator of ``tests/engine/test_effect.py``). Over ``--seeds`` seeds: how often a planted
−30 % is found (p < 0.05 and a drop), and how often a fix date where nothing changed is
flagged (a placebo date), each with a Wilson 95 % interval. Goals (issue 11): found in
≥ 90 % of seeds, placebo dates flagged in ≤ 5 %.

    python benchmarks/bench_effect.py --seeds 1000
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from statsmodels.stats.proportion import proportion_confint

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.engine.test_effect import generated  # noqa: E402
from vocdesk.engine.loop.effect import did  # noqa: E402


def rate(hits: list[bool]) -> str:
    k, n = int(np.sum(hits)), len(hits)
    lo, hi = proportion_confint(k, n, method="wilson")
    return f"{k / n:6.1%}  (95 % CI {lo:.1%}–{hi:.1%}, {k}/{n})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=200)
    args = ap.parse_args()
    found, false = [], []
    for s in range(args.seeds):
        r = did(generated(s, -0.3), placebo=False)
        found.append(bool(r["p"] < 0.05 and r["effect"] < 0))
        false.append(bool(did(generated(s, 0.0), placebo=False)["p"] < 0.05))
    print(f"planted −30 % found:      {rate(found)}   goal ≥ 90 %")
    print(f"placebo fix date flagged: {rate(false)}   goal ≤ 5 %")


if __name__ == "__main__":
    main()
