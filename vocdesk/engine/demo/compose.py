"""Compose one generic (non-story) feedback text from the phrase pools."""

from __future__ import annotations

import random

from vocdesk.engine.demo import phrases_en as EN
from vocdesk.engine.demo import phrases_zh as ZH
from vocdesk.engine.demo.catalog import FEATURE_WORDS, STORES, Product

_SENT = {"positive": "pos", "neutral": "neu", "negative": "neg"}
_WEIGHTS = {"pos": ZH.TOPIC_WEIGHTS_POS, "neu": ZH.TOPIC_WEIGHTS_NEU, "neg": ZH.TOPIC_WEIGHTS_NEG}
_TOPIC_KEYS = {k: (list(w), list(w.values())) for k, w in _WEIGHTS.items()}
#: after the new warehouse opened, damaged boxes and courier trouble drop too
_TOPIC_KEYS["neg_late"] = (list(ZH.TOPIC_WEIGHTS_NEG),
                           [2 if k == "delivery" else w for k, w in ZH.TOPIC_WEIGHTS_NEG.items()])
# topics that make no sense for some products
_PRODUCT_TOPIC_BAN = {"install": {"扫地机器人 R5", "智能手表 W2", "蓝牙耳机 E1", "电动牙刷 T1", "智能音箱 S1"},
                      "privacy": {"电动牙刷 T1", "蓝牙耳机 E1"}}


def _slots(rng: random.Random, order: str, alias: str) -> dict:
    return {"n": rng.randint(2, 9), "d": rng.randint(2, 20), "m": rng.randint(1, 11), "h": rng.randint(1, 5),
            "money": rng.choice([30, 50, 60, 80, 100, 120, 150, 200, 300, 400]), "order": order,
            "store": rng.choice(STORES)[0], "p": alias,
            "city": rng.choice(["Shanghai", "Beijing", "Shenzhen", "Guangzhou", "Hangzhou", "Chengdu", "Nanjing"])}


def _pick_topic(rng: random.Random, s: str, product: Product, avoid: str | None = None,
                late: bool = False) -> str:
    keys, weights = _TOPIC_KEYS["neg_late" if late and s == "neg" else s]
    for _ in range(6):
        t = rng.choices(keys, weights)[0]
        if t == avoid or product.name in _PRODUCT_TOPIC_BAN.get(t, ()):
            continue
        return t
    return "feature" if avoid != "feature" else "quality"


def _clause_zh(rng: random.Random, s: str, topic: str, product: Product, slots: dict) -> str:
    if topic == "feature":
        key = rng.choice(product.features)
        f = rng.choice(FEATURE_WORDS[key][0])
        if s == "neg":
            t = rng.choice(ZH.FEATURE_NEG[key])
        else:
            t = rng.choice(ZH.FEATURE_POS if s == "pos" else ZH.FEATURE_NEU)
        return t.format(f=f, **slots)
    return rng.choice(ZH.TOPICS[topic][s]).format(**slots)


def _noise_zh(rng: random.Random, text: str, s: str) -> str:
    r = rng.random()
    if r < 0.07:
        a, b = rng.choice(ZH.TYPOS)
        text = text.replace(a, b, 1)
    if rng.random() < 0.08:  # lazy typing: no punctuation at all
        text = text.replace("，", " ").replace("。", " ").strip()
    if rng.random() < 0.11:
        text += rng.choice(ZH.EMOJI[s]) * rng.choice([1, 1, 2, 3])
    return text


def compose_zh(rng: random.Random, channel: str, sentiment: str, product: Product, order: str,
               late: bool = False) -> str:
    s = _SENT[sentiment]
    c = rng.choice
    alias = c(product.aliases_zh)
    slots = _slots(rng, order, alias)
    if channel == "survey" and rng.random() < 0.22:
        text = c(ZH.SURVEY_SHORT[s])
        if rng.random() < 0.5:
            text += c(["", "。", "！", "吧", "~", "，" + c(ZH.EMOTION[s])])
        return text
    topic = _pick_topic(rng, s, product, late=late)
    clauses = [_clause_zh(rng, s, topic, product, slots)]
    if rng.random() < (0.55 if channel in ("email", "forum", "ticket") else 0.35):
        if s == "neu" and rng.random() < 0.6:
            # mixed feelings: one good, one bad point
            t2 = _pick_topic(rng, "pos", product, avoid=topic)
            t3 = _pick_topic(rng, "neg", product, avoid=topic)
            clauses = [_clause_zh(rng, "pos", t2, product, slots),
                       c(["但是", "不过", "就是", "可惜"]) + _clause_zh(rng, "neg", t3, product, slots)]
        else:
            t2 = _pick_topic(rng, s, product, avoid=topic)
            clauses.append(c(["", "", "而且", "还有", "另外", "再就是", "并且"]) + _clause_zh(rng, s, t2, product, slots))
    if rng.random() < 0.2 and not clauses[-1].endswith(("？", "?", "！", "。")):
        clauses[-1] += c(ZH.PARTICLES)
    opener_pool = ZH.OPENERS.get(channel, ZH.OPENERS["generic"])
    opener = c(opener_pool).format(**slots)
    context = c(ZH.CONTEXTS).format(**slots) if rng.random() < (0.65 if channel in ("ticket", "email") else 0.4) else ""
    if not context and rng.random() < 0.3:
        context = alias + c(["，", " ", "的", "："])
    if rng.random() < 0.03:
        context = c(["作为VIP会员，", "钻石VIP了，", "老VIP用户，"]) + context
    body = "，".join(clauses)
    emotion = c(ZH.EMOTION[s]) if rng.random() < (0.6 if channel in ("social", "forum", "app_store") else 0.35) else ""
    if channel == "chat":
        closer = c(ZH.CLOSERS["chat"]) if s != "pos" else c(["谢谢", "好的", "嗯嗯", "👍", "", "谢啦"])
        text = " ".join(x for x in (opener, context + body, emotion, closer) if x)
    elif channel in ("ticket", "email"):
        closer = c(ZH.CLOSERS[channel]) if s != "pos" else c(["谢谢", "辛苦了", "感谢", "谢谢你们", "点个赞"])
        sep = "\n" if channel == "email" else ""
        text = opener + sep + context + body + ("，" + emotion if emotion else "") + "。" + sep + closer
    elif channel == "survey":
        prefix = c(ZH.SURVEY_PREFIX[s])
        text = prefix + (context if not prefix else "") + body + ("，" + emotion if emotion else "") \
            + c(ZH.CLOSERS["generic"])
    else:
        text = opener + context + body + (c(["，", "！", " ", "。"]) + emotion if emotion else "") \
            + c(ZH.CLOSERS["generic"])
    return _noise_zh(rng, text, s)


def _clause_en(rng: random.Random, s: str, topic: str, product: Product, slots: dict) -> str:
    if topic == "feature":
        key = rng.choice(product.features)
        f = rng.choice(FEATURE_WORDS[key][1])
        pool = EN.FEATURE_NEG if s == "neg" else EN.FEATURE_POS if s == "pos" else EN.FEATURE_NEU
        return rng.choice(pool).format(f=f, F=f[0].upper() + f[1:], **slots)
    return rng.choice(EN.TOPICS[topic][s]).format(**slots)


def compose_en(rng: random.Random, channel: str, sentiment: str, product: Product, order: str,
               late: bool = False) -> str:
    s = _SENT[sentiment]
    c = rng.choice
    slots = _slots(rng, order, c(product.aliases_en))
    slots["m"] = max(2, slots["m"])
    if channel == "survey" and rng.random() < 0.2:
        return c(EN.SURVEY_SHORT[s])
    topic = _pick_topic(rng, s, product, late=late)
    clauses = [_clause_en(rng, s, topic, product, slots)]
    if rng.random() < 0.45:
        if s == "neu":
            clauses = [_clause_en(rng, "pos", _pick_topic(rng, "pos", product), product, slots),
                       "but " + _clause_en(rng, "neg", _pick_topic(rng, "neg", product), product, slots).lower()]
        else:
            clauses.append(_clause_en(rng, s, _pick_topic(rng, s, product, avoid=topic), product, slots))
    body = (", " if s == "neu" else ". ").join(clauses) + "."
    opener = c(EN.OPENERS.get(channel, EN.OPENERS["generic"])).format(**slots)
    context = c(EN.CONTEXTS).format(**slots) if rng.random() < 0.5 else ""
    emotion = c(EN.EMOTION[s]) if rng.random() < 0.5 else ""
    closer = c(EN.CLOSERS.get(channel, EN.CLOSERS["generic"]))
    if s == "pos" and channel != "chat":
        closer = c(["", " Thanks!", "\nBest regards" if channel == "email" else " Cheers."])
    if channel == "chat":
        closer = closer if s != "pos" else c(["thanks", "thx", ""])
        text = " ".join(x for x in (opener + ("," if opener and opener[-1].isalpha() else ""), body, closer) if x)
    else:
        if opener.endswith(", ") and not context and not body.startswith(("I ", "App", "R5")):
            body = body[0].lower() + body[1:]
        text = opener + context + body + (" " + emotion if emotion else "") + closer
    if rng.random() < 0.08:
        text += " " + c(EN.EMOJI[s])
    if rng.random() < 0.05:
        text = text.lower()
    return text.strip()
