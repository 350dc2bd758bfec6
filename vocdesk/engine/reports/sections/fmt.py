"""How the sections print numbers: one format per kind, so tests can recompute the text."""

from __future__ import annotations

import math

from vocdesk.engine.reports.evidence import MIN_N


def ok(x: float | None) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def pct(x: float | None) -> str:
    return f"{100 * x:.1f}%" if ok(x) else "—"


def share_ci(value: float | None, lo: float | None, hi: float | None, n: int) -> str:
    """``57.0% [53.8%, 60.2%]`` (``n<30`` appended when the share is not rankable)."""
    if not ok(value):
        return "—"
    text = f"{pct(value)} [{pct(lo)}, {pct(hi)}]"
    return text + (f" n<{MIN_N}" if n < MIN_N else "")


def mean_ci(value: float | None, lo: float | None, hi: float | None) -> str:
    """``0.44 [0.42, 0.46]``."""
    if not ok(value):
        return "—"
    return f"{value:.2f} [{lo:.2f}, {hi:.2f}]" if ok(lo) and ok(hi) else f"{value:.2f}"


def score_ci(value: float | None, lo: float | None, hi: float | None, n: int) -> str:
    """NPS on −100…100: ``44.6 [37.2, 51.3] (n 195)``."""
    if not ok(value):
        return "—"
    return f"{value:.1f} [{lo:.1f}, {hi:.1f}] (n {n:,})" + (f" n<{MIN_N}" if n < MIN_N else "")


def qval(q: float | None) -> str:
    return f"{q:.2g}" if ok(q) else "—"


def points(x: float | None) -> str:
    """A change of a share in percentage points: ``-4.2 pp``."""
    return f"{100 * x:+.1f} pp" if ok(x) else "—"
