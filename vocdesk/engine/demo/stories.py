"""The four planted stories: their monthly volumes, markers and text builders.

Generic demo text never contains the story markers (see ``phrases_zh``), so counting the
marker words in ``feedback.text`` recovers each story exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from vocdesk.engine.demo.catalog import STORES

WEAK = "weak_signal_r5_side_brush"
PROMISE = "sales_promise_breakpoint"
ADDRESS = "address_change_low"
DELIVERY = "delivery_delay_fixed"


@dataclass
class PlantedStory:
    key: str
    title_zh: str
    title_en: str
    description: str
    markers: dict = field(default_factory=dict)


# ------------------------------------------------------------------ volumes
#: weak signal: mentions per month, oldest first (last 2 months: 86)
WEAK_SCHEDULE = (2, 3, 3, 4, 5, 6, 8, 11, 16, 24, 36, 50)
PROMISE_PER_MONTH = 20
ADDRESS_PER_MONTH = 30
DELAY_BEFORE_PER_MONTH = 105
DELAY_AFTER_PER_MONTH = 32
#: delivery-delay drops from this month index on (of a 12-month window: the 8th month)
CHANGE_INDEX_OF_12 = 7


def change_index(n_months: int) -> int:
    return max(1, min(n_months - 1, round(n_months * CHANGE_INDEX_OF_12 / 12)))


def weak_schedule(n_months: int) -> list[int]:
    if n_months <= len(WEAK_SCHEDULE):
        return list(WEAK_SCHEDULE[-n_months:])
    return [2] * (n_months - len(WEAK_SCHEDULE)) + list(WEAK_SCHEDULE)


def monthly_counts(n_months: int, season: list[float], scale: float) -> dict[str, list[int]]:
    """Rows per story per month. ``scale`` follows n_feedback / 24000 (the weak signal keeps
    its absolute size unless the data set is tiny)."""
    ci = change_index(n_months)
    weak_scale = 1.0 if scale >= 0.5 else scale * 2
    return {
        WEAK: [max(1, round(c * weak_scale)) for c in weak_schedule(n_months)],
        PROMISE: [max(1, round(PROMISE_PER_MONTH * scale * (0.85 + 0.3 * ((i * 7) % 5) / 4)))
                  for i in range(n_months)],
        ADDRESS: [max(1, round(ADDRESS_PER_MONTH * scale * season[i])) for i in range(n_months)],
        DELIVERY: [max(1, round((DELAY_BEFORE_PER_MONTH if i < ci else DELAY_AFTER_PER_MONTH)
                                * scale * season[i])) for i in range(n_months)],
    }


# ------------------------------------------------------------------ markers
R5_ALIASES = ("扫地机器人R5", "R5扫地机", "青禾R5", "R5扫地机器人")
WEAK_SYMPTOMS_ZH = ("异响", "卡住", "缠毛", "不转")
WEAK_SYMPTOMS_EN = ("stuck", "grinding noise", "tangled")

SALES_TERMS = ("导购", "销售", "店员", "salesperson")
AFTERSALES_TERMS = ("售后", "after-sales")
PROMISE_VERBS = ("承诺", "保证", "答应", "说好", "promised")
PROMISE_ITEMS = ("免费上门安装", "30天价保", "以旧换新", "延保", "包换新")

ADDRESS_TERMS = ("改地址", "修改地址", "更改地址", "地址改不了", "改不了地址", "地址填错", "填错地址",
                 "地址写错", "写错地址", "修改收货地址", "change the shipping address",
                 "change my address", "update my delivery address")

DELAY_TERMS = ("发货慢", "发货太慢", "快递慢", "快递太慢", "物流慢", "物流太慢", "迟迟不发货", "还没发货",
               "一直不发货", "物流不更新", "物流信息不动", "到货太慢", "shipping was slow",
               "still not shipped", "slow shipping")


def build_stories(month_keys: list[str], counts: dict[str, list[int]]) -> list[PlantedStory]:
    ci = change_index(len(month_keys))
    change_month = month_keys[ci]
    return [
        PlantedStory(
            WEAK, "扫地机器人 R5 边刷异响/卡住/缠毛（弱信号）",
            "Robot vacuum R5 side brush noise / jamming (weak signal)",
            "A product + part + symptom combination that starts with a handful of mentions a month "
            "and grows to dozens in the last two months; small against total volume.",
            {"product": "扫地机器人 R5", "product_terms": list(R5_ALIASES) + ["R5"],
             "feature": "边刷", "feature_terms": ["边刷", "side brush"],
             "symptom_terms": list(WEAK_SYMPTOMS_ZH + WEAK_SYMPTOMS_EN),
             "category": "产品质量",
             "months": dict(zip(month_keys, counts[WEAK], strict=True))}),
        PlantedStory(
            PROMISE, "导购承诺、售后不认（跨部门断点）",
            "Sales promises that after-sales will not honour (cross-department breakpoint)",
            "Store sales staff promise free installation / 30-day price protection / trade-in subsidy / "
            "extended warranty; after-sales later refuses. Texts name both sides.",
            {"departments": ["销售部", "售后服务部"], "category": "销售承诺",
             "sales_terms": list(SALES_TERMS), "aftersales_terms": list(AFTERSALES_TERMS),
             "promise_verbs": list(PROMISE_VERBS), "promise_items": list(PROMISE_ITEMS),
             "months": dict(zip(month_keys, counts[PROMISE], strict=True))}),
        PlantedStory(
            ADDRESS, "下单后无法修改地址（最差触点）",
            "Address cannot be changed after checkout (lowest touchpoint)",
            "Customers who mistype or need to change the delivery address after placing an order "
            "find no way to do so; strongly negative, the worst touchpoint by sentiment.",
            {"touchpoint": "地址填写与修改", "stage": "下单支付", "terms": list(ADDRESS_TERMS),
             "months": dict(zip(month_keys, counts[ADDRESS], strict=True))}),
        PlantedStory(
            DELIVERY, "发货/快递慢在华东新仓投产后明显下降（改进）",
            "Slow dispatch/delivery complaints fall after the new East China warehouse opened",
            f"Delivery-delay complaints run high until {change_month}, when the new Jiaxing warehouse "
            "opened; afterwards they drop by about 70%.",
            {"category": "物流配送", "rule_id": "cat-delivery-slow",
             "rule_ids": ["cat-delivery-slow", "cat-delivery-not-shipped", "cat-delivery-tracking-stuck",
                          "cat-delivery-waited-days"], "touchpoints": ["发货", "配送"],
             "terms": list(DELAY_TERMS), "change_date": f"{change_month}-01",
             "change_month": change_month, "cause": "华东新仓（嘉兴）投产 / new Jiaxing warehouse",
             "months": dict(zip(month_keys, counts[DELIVERY], strict=True))}),
    ]


# ------------------------------------------------------------------ story channels
STORY_CHANNELS = {
    WEAK: (("ticket", 0.30), ("chat", 0.2), ("social", 0.18), ("forum", 0.14), ("app_store", 0.08),
           ("survey", 0.1)),
    PROMISE: (("ticket", 0.35), ("chat", 0.18), ("email", 0.15), ("survey", 0.17), ("social", 0.15)),
    ADDRESS: (("chat", 0.30), ("ticket", 0.25), ("app_store", 0.15), ("social", 0.15), ("survey", 0.10),
              ("email", 0.05)),
    DELIVERY: (("ticket", 0.30), ("chat", 0.25), ("social", 0.15), ("app_store", 0.08), ("survey", 0.12),
               ("email", 0.05), ("forum", 0.05)),
}

# ------------------------------------------------------------------ text
_WEAK_CORE = ["边刷转起来有异响", "边刷老是卡住不转", "边刷缠毛特别严重，每次都要拿剪刀剪", "最近边刷一直咔咔异响",
              "边刷卡住以后机器就报警停下", "边刷不转了，换了新边刷还是卡住", "边刷上缠满头发，转着转着就卡住",
              "边刷电机有异响，声音越来越大", "扫到一半边刷就卡住不转", "边刷缠毛缠到转不动",
              "边刷那里一直有异响，像在磨东西", "边刷总是卡住，App提示边刷异常", "边刷一转就嘎吱嘎吱异响",
              "边刷缠毛，清完用两天又缠"]
_WEAK_PRE = ["", "", "家里的", "我家", "买了{m}个月的", "刚买{d}天的", "升级固件后", "上个月开始"]
_WEAK_EXTRA = ["", "", "客服让我清理一下，清了也没用", "网上看好多人都是这个问题", "是不是这批次有问题？",
               "换了新的边刷没几天又这样", "群里好几个人都遇到了", "希望尽快出个解决方案", "这是通病吗",
               "之前一直好好的", "寄修要等好久", "有没有人一样的"]
_WEAK_EMO = ["", "", "无语", "太闹心了", "头大", "差评", "心累", "😤", "烦死了", "怎么办啊"]
_WEAK_EN = ["My R5 side brush keeps getting stuck.", "The side brush on my Qinghe R5 makes a grinding noise.",
            "Hair gets tangled in the R5 robot vacuum side brush every day and it stops spinning.",
            "R5 side brush stuck again, {n} times this week.",
            "Qinghe R5 owner here: the side brush makes a grinding noise after {m} months."]

_SALES = ["导购", "销售", "店员", "销售顾问", "导购小姐姐", "门店销售"]
_VERB = ["承诺", "拍胸脯保证", "答应", "说好"]
_PROMISES = [
    ("免费上门安装", ["要收{money}块安装费", "免费安装不包括开孔，要另外收钱", "没有免费上门安装这个政策"]),
    ("30天价保", ["价保只有7天，差价不给退", "门店的价保不算数", "不认30天价保"]),
    ("以旧换新补贴{money}元", ["旧机不符合以旧换新条件", "以旧换新只限线上", "根本不认这个以旧换新补贴"]),
    ("送两年延保", ["系统里查不到延保", "延保要另外买", "延保不在保修范围内"]),
    ("一年内坏了包换新", ["只能维修不能包换新", "包换新是门店自己说的，他们不管"]),
]
_TURN = ["结果", "现在", "等真出问题了", "可到了", "收到货后找", "后来联系", "上周找"]
_AFTER = ["售后", "售后那边", "售后部门", "售后客服"]
_SAY = ["却说", "告诉我", "直接说", "回复说", "一口咬定"]
_PROMISE_END = ["", "销售和售后互相推", "这不是骗人吗", "门店说找售后，售后说找门店", "到底谁说了算？",
                "要求按当初的承诺处理", "我有聊天记录", "当时还有录音", "感觉被套路了", "希望给个说法",
                "以后不敢在门店买了"]
_PROMISE_EN = ["The salesperson at {store} promised free installation, but after-sales refused and charged me "
               "{money} yuan.", "I was promised 30-day price protection by the salesperson; after-sales says "
               "there is no such policy."]

_ADDR_CORE = ["下单后发现地址填错了，想改地址根本改不了", "付款完{n}分钟就想修改地址，系统提示不支持修改",
              "地址写错了，订单页面找不到修改收货地址的入口", "刚下单就发现地址填错，客服说已推送仓库改不了地址",
              "App里修改地址的按钮是灰的", "搬家了想更改地址，只能取消订单重新下",
              "默认地址选错了，想改地址结果只能退款重拍，优惠券也没了", "地址改不了，只能眼睁睁看着快递寄到老房子",
              "改地址要打客服电话，打了{n}次都没打通", "填错地址后申请修改，{d}天了没人处理",
              "订单刚提交就想改地址，页面一直提示订单状态不允许修改", "写错地址了，小程序里也没法修改地址",
              "地址填错一个字，整单只能取消", "想更改地址给家里人收，系统不让改"]
_ADDR_EXTRA = ["", "", "这么简单的功能都没有", "别家都能改", "取消重下价格还涨了{money}块", "客服只会让我拒收",
               "只能等退回再重新下单", "浪费我一上午", "活动价也没了"]
_ADDR_EMO = ["太坑了", "这设计太反人类", "差评", "气死", "垃圾系统", "改个地址这么难吗", "无语", "服了", "😡",
             "真的会谢", "醉了"]
_ADDR_EN = ["I entered the wrong address and there is no way to change the shipping address after checkout. "
            "Terrible.", "Couldn't update my delivery address even {n} minutes after placing the order. Awful design.",
            "No option to change my address once the order is placed. Had to cancel and lost my coupon."]

_DELAY_CORE = ["下单{d}天了还没发货", "发货太慢了，付款后{d}天才发出", "快递太慢了，{d}天才到", "物流信息不动了，已经{d}天了",
               "物流不更新，也不知道到哪了", "迟迟不发货，问客服就说在排队", "页面写着48小时发货，结果一直不发货",
               "物流慢得离谱", "快递慢，比别家慢了好几天", "到货太慢，等了{d}天", "发货慢，大促可以理解但也太久了",
               "物流太慢，{d}天还在路上", "买了{d}天还没发货，催了{n}次", "发货慢得要命"]
_DELAY_EXTRA = ["", "", "急用的", "给老人买的生日礼物都错过了", "到底什么时候能到？", "还能不能要了",
                "再不发就退款了", "以前不是这样的", "客服只会说在加急"]
_DELAY_EMO = ["", "无语", "差评", "心累", "太失望了", "服了", "😤", "烦"]
_DELAY_EN = ["Shipping was slow, it took {d} days to arrive.", "Order still not shipped after {d} days.",
             "Really slow shipping, {d} days and counting."]


def _fill(t: str, rng: random.Random, order: str) -> str:
    if "{" not in t:
        return t
    return t.format(n=rng.randint(2, 6), d=rng.randint(3, 12), m=rng.randint(1, 8), h=rng.randint(2, 6),
                    money=rng.choice([50, 80, 99, 100, 150, 200, 260, 300]), order=order,
                    store=rng.choice(STORES)[0])


def story_text(key: str, rng: random.Random, order: str, product_alias: str) -> tuple[str, str]:
    """Return (text, language) for one row of a planted story."""
    c = rng.choice
    if key == WEAK:
        if rng.random() < 0.07:
            return _fill(c(_WEAK_EN), rng, order), "en"
        alias = c(R5_ALIASES)
        parts = [_fill(c(_WEAK_PRE), rng, order) + alias + c(["的", "", "，", " "]) + c(_WEAK_CORE)]
        for pool in (_WEAK_EXTRA, _WEAK_EMO):
            x = _fill(c(pool), rng, order)
            if x:
                parts.append(x)
        return "，".join(parts) + c(["", "。", "！", "…"]), "zh"
    if key == PROMISE:
        if rng.random() < 0.05:
            return _fill(c(_PROMISE_EN), rng, order), "en"
        item, refusals = c(_PROMISES)
        store = c(STORES)[0]
        where = c([f"在{store}买{product_alias}的时候，", f"{store}的", "买的时候", f"去年在{store}，", ""])
        text = (f"{where}{c(_SALES)}{c(['当时', '', '明明'])}{c(_VERB)}{_fill(item, rng, order)}，"
                f"{c(_TURN)}{c(_AFTER)}{c(_SAY)}{_fill(c(refusals), rng, order)}")
        end = c(_PROMISE_END)
        return text + ("，" + end if end else "") + c(["。", "！", "", "？？"]), "zh"
    if key == ADDRESS:
        if rng.random() < 0.08:
            return _fill(c(_ADDR_EN), rng, order), "en"
        parts = [_fill(c(_ADDR_CORE), rng, order)]
        x = _fill(c(_ADDR_EXTRA), rng, order)
        if x:
            parts.append(x)
        parts.append(c(_ADDR_EMO))
        pre = c(["", "", f"{product_alias}，", f"订单{order}，", "第一次在App买东西，", "双11下单的，"])
        return pre + "，".join(parts) + c(["", "。", "！", "!!"]), "zh"
    if key == DELIVERY:
        if rng.random() < 0.08:
            return _fill(c(_DELAY_EN), rng, order), "en"
        parts = [_fill(c(_DELAY_CORE), rng, order)]
        for pool in (_DELAY_EXTRA, _DELAY_EMO):
            x = c(pool)
            if x:
                parts.append(x)
        pre = c(["", "", f"买的{product_alias}，", f"订单{order}，", "在旗舰店下的单，", "618买的东西，"])
        return pre + "，".join(parts) + c(["", "。", "！", "？"]), "zh"
    raise KeyError(key)
