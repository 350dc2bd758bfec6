"""Demo customers: a member base whose churn/repurchase depends on their experiences."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from vocdesk.engine.demo.catalog import REGIONS

SEGMENTS = (("普通会员", 0.56, 1.0), ("银卡", 0.24, 1.6), ("金卡", 0.14, 2.6), ("钻石", 0.06, 4.5))


@dataclass
class Customer:
    customer_id: str
    segment: str
    region: str
    first_order: date
    orders: int
    spend_factor: float
    # filled while feedback is generated
    n_feedback: int = 0
    n_negative: int = 0
    n_positive: int = 0
    severe: int = 0   # planted-story experiences (broken promise, address, delays...)


def make_customers(rng: random.Random, n: int, start: date, end: date) -> list[Customer]:
    regions = [r for r, _ in REGIONS]
    rweights = [w for _, w in REGIONS]
    seg_names = [s for s, _, _ in SEGMENTS]
    seg_w = [w for _, w, _ in SEGMENTS]
    seg_mult = {s: m for s, _, m in SEGMENTS}
    span = (end - start).days
    out = []
    for i in range(n):
        seg = rng.choices(seg_names, seg_w)[0]
        # first orders: two thirds before the window, a third inside it
        if rng.random() < 0.65:
            first = start - timedelta(days=rng.randint(30, 1400))
        else:
            first = start + timedelta(days=rng.randint(0, max(1, span - 20)))
        orders = max(1, int(rng.expovariate(1 / (1.4 * seg_mult[seg]))) + 1)
        out.append(Customer(f"C{100001 + i}", seg, rng.choices(regions, rweights)[0], first, orders,
                            seg_mult[seg] * rng.uniform(0.7, 1.3)))
    return out


def customers_frame(rng: random.Random, customers: list[Customer], avg_price: float) -> pd.DataFrame:
    """Outcomes correlate with experiences: negative feedback raises churn and lowers repurchase."""
    rows = []
    for c in customers:
        if c.n_feedback:
            neg_share = c.n_negative / c.n_feedback
            pos_share = c.n_positive / c.n_feedback
        else:
            neg_share = pos_share = 0.0
        p_churn = 0.10 + 0.38 * neg_share + 0.12 * min(c.severe, 2) - 0.05 * pos_share
        p_churn -= {"普通会员": 0.0, "银卡": 0.02, "金卡": 0.04, "钻石": 0.06}[c.segment]
        churned = rng.random() < min(0.9, max(0.02, p_churn))
        p_rep = 0.42 + 0.25 * pos_share - 0.30 * neg_share - 0.10 * min(c.severe, 2)
        p_rep += {"普通会员": 0.0, "银卡": 0.05, "金卡": 0.10, "钻石": 0.15}[c.segment]
        if churned:
            p_rep *= 0.35
        repurchase = rng.random() < min(0.95, max(0.02, p_rep))
        orders = c.orders + (1 if repurchase else 0)
        ltv = round(orders * avg_price * c.spend_factor * rng.uniform(0.5, 1.2) * (0.8 if churned else 1.0), 2)
        rows.append({"customer_id": c.customer_id, "segment": c.segment, "region": c.region,
                     "first_order": c.first_order.isoformat(), "orders": int(orders),
                     "repurchase": bool(repurchase), "churned": bool(churned),
                     "lifetime_value": float(ltv)})
    return pd.DataFrame(rows, columns=["customer_id", "segment", "region", "first_order", "orders",
                                       "repurchase", "churned", "lifetime_value"])
