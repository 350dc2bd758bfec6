"""Deterministic demo data: feedback rows, customers and the planted stories."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from vocdesk.engine.demo import stories as S
from vocdesk.engine.demo.catalog import (
    CHANNELS,
    ENGLISH_SHARE,
    ID_PREFIX,
    PRODUCTS,
    REGIONS,
    SENTIMENT_MIX,
    STORES,
    Product,
)
from vocdesk.engine.demo.compose import compose_en, compose_zh
from vocdesk.engine.demo.customers import customers_frame, make_customers
from vocdesk.engine.demo.stories import PlantedStory

DEMO_SEED = 20261125
FEEDBACK_COLUMNS = ["external_id", "text", "created_at", "channel", "customer_id", "store", "region", "product",
                    "rating", "nps", "csat", "ces", "language"]

#: month-of-year volume factors: 双11 (Nov) and 618 (Jun) peaks, quiet Chinese New Year (Feb)
SEASON = {1: 0.95, 2: 0.75, 3: 0.9, 4: 0.9, 5: 1.0, 6: 1.45, 7: 1.05, 8: 0.95, 9: 0.95, 10: 1.05, 11: 1.55,
          12: 1.1}
_HOUR_W = [1, 0.6, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.2, 3.5, 3.4, 3.0, 3.2, 3.4, 3.3, 3.2, 3.2, 3.0, 3.3,
           4.0, 4.4, 3.6, 2.2]
_SENTS = ("positive", "neutral", "negative")


@dataclass
class DemoData:
    feedback: pd.DataFrame
    customers: pd.DataFrame
    stories: list[PlantedStory] = field(default_factory=list)
    #: ground truth per feedback row (external_id, sentiment, story key or None): what the generator
    #: meant, for evaluating the sentiment model and the story detectors. Not part of an import.
    truth: pd.DataFrame | None = None


def _month_starts(end: date, months: int) -> list[date]:
    y, m = end.year, end.month
    out = []
    for _ in range(months):
        out.append(date(y, m, 1))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def _day_weight(d: date) -> float:
    w = SEASON[d.month]
    if (d.month == 11 and 11 <= d.day <= 20) or (d.month == 6 and 18 <= d.day <= 27):
        w *= 2.2  # complaints and reviews follow the big sales by a few days
    if d.weekday() >= 5:
        w *= 1.1
    return w


def _timestamp(rng: random.Random, d: date) -> str:
    h = rng.choices(range(24), _HOUR_W)[0]
    return f"{d.isoformat()}T{h:02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}+08:00"


def _scores(rng: random.Random, channel: str, sentiment: str, severe: bool) -> dict:
    """Scores follow the text's sentiment, loosely (people are inconsistent)."""
    base = {"positive": 1.0, "neutral": 0.0, "negative": -1.0}[sentiment] - (0.35 if severe else 0.0)
    if rng.random() < 0.08:  # the odd respondent who scores against their own words
        base = rng.uniform(-1.2, 1.2)
    s = base + rng.gauss(0, 0.45)
    clip = lambda v, lo, hi: int(min(hi, max(lo, round(v))))  # noqa: E731
    out = {"rating": None, "nps": None, "csat": None, "ces": None}
    if channel == "app_store":
        out["rating"] = clip(3.1 + 1.7 * s, 1, 5)
    elif channel == "survey":
        if rng.random() < 0.92:
            out["nps"] = clip(7.2 + 3.0 * s, 0, 10)
        if rng.random() < 0.85:
            out["csat"] = clip(3.4 + 1.5 * s, 1, 5)
        if rng.random() < 0.6:
            out["ces"] = clip(4.6 + 1.9 * s, 1, 7)
    elif channel == "ticket" and rng.random() < 0.6:
        out["csat"] = clip(3.2 + 1.3 * s + rng.gauss(0, 0.3), 1, 5)
    return out


def _pii(rng: random.Random) -> str:
    k = rng.random()
    if k < 0.45:
        return f"，我电话1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"
    if k < 0.75:
        user = rng.choice(["zhangwei", "li.na", "wangfang88", "chenjie", "liuyang_01", "zhao.min", "sunhao"])
        return f"，邮箱{user}{rng.randint(1, 999)}@{rng.choice(['qq.com', '163.com', 'example.com'])}"
    area = rng.choice(["110101", "310104", "440305", "330106", "510107"])
    born = date(1970, 1, 1) + timedelta(days=rng.randint(0, 12000))
    body = f"{area}{born.strftime('%Y%m%d')}{rng.randint(0, 999):03d}"
    # ISO 7064 MOD 11-2 check character, as on a real card (fake numbers still look real)
    total = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    return f"，身份证号{body}{'10X98765432'[total % 11]}"


#: share of rows per channel that name their store, besides surveys (a CRM records the store
#: of a ticket, chat or e-mail; some social posts tag the store): the scorecard fuses survey,
#: service and public-review figures per store, as a chain's HQ compares them
STORE_KNOWN: dict[str, float] = {"ticket": 0.45, "chat": 0.4, "email": 0.35, "social": 0.3}


def generate_demo(seed: int = DEMO_SEED, n_feedback: int = 24000, months: int = 12,
                  end: date = date(2026, 10, 31)) -> DemoData:
    rng = random.Random(seed)
    # a stream of its own: which service contacts and posts name their store, drawn without
    # moving the main stream (the planted stories stay exactly as they were)
    store_rng = random.Random(seed + 1)
    starts = _month_starts(end, months)
    start = starts[0]
    month_keys = [d.strftime("%Y-%m") for d in starts]
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    day_w = [_day_weight(d) for d in days]
    month_days: dict[str, tuple[list[date], list[float]]] = {}
    for d, w in zip(days, day_w, strict=True):
        md = month_days.setdefault(d.strftime("%Y-%m"), ([], []))
        md[0].append(d)
        md[1].append(w)
    season = [SEASON[d.month] for d in starts]
    change_day = starts[S.change_index(months)]

    # ---- customers
    customers = make_customers(rng, max(200, int(n_feedback * 0.4)), start, end)
    by_region: dict[str, list[int]] = {}
    for i, c in enumerate(customers):
        by_region.setdefault(c.region, []).append(i)
    cust_w = [rng.paretovariate(1.6) for _ in customers]
    cust_cum = []
    acc = 0.0
    for w in cust_w:
        acc += w
        cust_cum.append(acc)
    cust_idx = range(len(customers))

    prod_w = [p.weight for p in PRODUCTS]
    channels = [c for c, _ in CHANNELS]
    chan_w = [w for _, w in CHANNELS]
    regions = [r for r, _ in REGIONS]
    region_w = [w for _, w in REGIONS]

    # ---- plan: story rows first, generic rows fill the rest
    counts = S.monthly_counts(months, season, n_feedback / 24000)
    plan: list[tuple[date, str | None]] = []
    for key, per_month in counts.items():
        for mk, k in zip(month_keys, per_month, strict=True):
            ds, ws = month_days[mk]
            plan.extend((d, key) for d in rng.choices(ds, ws, k=k))
    n_generic = max(0, n_feedback - len(plan))
    plan.extend((d, None) for d in rng.choices(days, day_w, k=n_generic))

    rows = []
    for d, story in plan:
        if story:
            sc = S.STORY_CHANNELS[story]
            channel = rng.choices([c for c, _ in sc], [w for _, w in sc])[0]
        else:
            channel = rng.choices(channels, chan_w)[0]
        product: Product = PRODUCTS[0] if story == S.WEAK else rng.choices(PRODUCTS, prod_w)[0]
        if story == S.PROMISE:
            product = rng.choice([p for p in PRODUCTS if p.name in ("智能门锁 L1", "空气净化器 A3", "扫地机器人 R5",
                                                                     "智能手表 W2", "智能摄像头 C2")])
        order = f"QH{d.strftime('%y%m%d')}{rng.randint(10000, 99999)}"
        store = None
        if channel == "survey" and (story == S.PROMISE or rng.random() < 0.55):
            store, region = rng.choice(STORES)
        # customer
        cust = None
        linked = {"social": 0.0, "app_store": 0.3, "forum": 0.45}.get(channel, 1.0)
        if rng.random() < linked:
            if store:
                pool = by_region.get(region) or list(cust_idx)
                cust = customers[rng.choice(pool)]
            else:
                cust = customers[rng.choices(cust_idx, cum_weights=cust_cum)[0]]
                region = cust.region
        elif not store:
            region = rng.choices(regions, region_w)[0]
        if store is None and store_rng.random() < STORE_KNOWN.get(channel, 0.0):
            local = [name for name, r in STORES if r == region]
            store = store_rng.choice(local) if local else None
        # sentiment and text
        if story:
            sentiment = "negative"  # every story row is a complaint
            text, lang = S.story_text(story, rng, order, rng.choice(product.aliases_zh))
        else:
            sentiment = rng.choices(_SENTS, SENTIMENT_MIX[channel])[0]
            lang = "en" if rng.random() < ENGLISH_SHARE[channel] else "zh"
            if lang == "en":
                text = compose_en(rng, channel, sentiment, product, order, late=d >= change_day)
            else:
                text = compose_zh(rng, channel, sentiment, product, order, late=d >= change_day)
        if channel in ("ticket", "email", "chat") and rng.random() < 0.012:
            pii = _pii(rng)
            text += pii if lang == "zh" else pii.replace("，我电话", " my phone: ").replace("，邮箱", " email: ") \
                .replace("，身份证号", " ID: ")
        scores = _scores(rng, channel, sentiment, bool(story))
        if cust is not None:
            cust.n_feedback += 1
            cust.n_negative += sentiment == "negative"
            cust.n_positive += sentiment == "positive"
            cust.severe += story in (S.PROMISE, S.ADDRESS, S.WEAK)
            if cust.first_order > d:
                cust.first_order = d - timedelta(days=rng.randint(3, 60))
        known_product = {"ticket": 0.85, "email": 0.8, "chat": 0.75, "survey": 0.7}.get(channel, 0.0)
        rows.append({
            "text": text, "created_at": _timestamp(rng, d), "channel": channel,
            "customer_id": cust.customer_id if cust else None, "store": store, "region": region,
            "product": product.name if rng.random() < known_product else None,
            **scores, "language": lang, "_sentiment": sentiment, "_story": story,
        })

    rows.sort(key=lambda r: r["created_at"])
    seq: dict[str, int] = {}
    for r in rows:
        n = seq[r["channel"]] = seq.get(r["channel"], 0) + 1
        r["external_id"] = f"{ID_PREFIX[r['channel']]}-{n:06d}"
    fb = pd.DataFrame(rows, columns=FEEDBACK_COLUMNS)
    truth = pd.DataFrame({"external_id": fb["external_id"], "sentiment": [r["_sentiment"] for r in rows],
                          "story": [r["_story"] for r in rows]})
    for col in ("rating", "nps", "csat", "ces"):
        fb[col] = fb[col].astype("float64")  # NaN where not applicable

    avg_price = sum(p.price * p.weight for p in PRODUCTS) / sum(prod_w)
    cust_df = customers_frame(rng, customers, avg_price)
    return DemoData(fb, cust_df, S.build_stories(month_keys, counts), truth)
