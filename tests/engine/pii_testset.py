"""Deterministic, seeded generator of a PII test set for ``vocdesk.engine.text.redact``.

Why generated and not a data file: real feedback with real phone/ID/card numbers must
never be committed, and a generator lets us produce thousands of checksum-valid
positives (ID cards with real-looking area codes and birth dates, Luhn-valid cards with
common Chinese BIN prefixes) plus the tricky negatives that cause false positives in
Chinese e-commerce text (order/tracking numbers, prices, dates, versions, hotlines...).

Each case is ``PIICase(text, spans)`` where ``spans`` maps a kind ("mobile", "landline",
"email", "id_card", "bank_card") to the list of ``(start, end)`` character spans of the
PII items in ``text``.  Negative cases have empty ``spans``.
"""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

KINDS = ("mobile", "landline", "email", "id_card", "bank_card")


@dataclass
class PIICase:
    text: str
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # For negatives: which family of look-alike generated it (for per-family reports).
    family: str = ""

    def values(self, kind: str) -> list[str]:
        return [self.text[a:b] for a, b in self.spans.get(kind, [])]


# --------------------------------------------------------------------------- checksums

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def luhn_check_digit(payload: str) -> str:
    """Digit to append to ``payload`` so the whole number passes Luhn."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:  # these get doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    return luhn_check_digit(number[:-1]) == number[-1]


def _id_ok(n: str) -> bool:
    if len(n) != 18 or not n[:17].isdigit():
        return False
    try:
        _dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return False
    return id_check_char(n[:17]) == n[17].upper()


# --------------------------------------------------------------------------- positives

_MOBILE_PREFIXES = [
    *(f"13{i}" for i in range(10)), "145", "147", "150", "151", "152", "153", "155",
    "156", "157", "158", "159", "166", "170", "172", "173", "175", "176", "177", "178",
    *(f"18{i}" for i in range(10)), "191", "195", "198", "199",
]
_AREA3 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]
_AREA4 = ["0755", "0571", "0512", "0531", "0532", "0591", "0592", "0731", "0771",
          "0871", "0898", "0351", "0371", "0451", "0769", "0757", "0574", "0311"]
_ID_AREAS = ["110101", "110105", "110108", "310104", "310115", "440106", "440305",
             "330106", "320102", "510107", "420106", "610113", "370202", "500103",
             "120101", "210102", "350203", "430104", "410105", "130102", "450103",
             "530102", "220102", "230103", "340104", "360102", "520102", "620102"]
_BINS = ["622202", "622208", "621226", "622848", "622845", "621700", "622700",
         "622588", "621485", "622609", "621661", "622262", "623668", "625807",
         "436742", "427020", "403391", "453242", "518710", "524047", "552599", "545619"]
_EMAIL_USERS = ["zhangwei", "li.na", "wang_fang", "liuyang88", "chen.jie", "yangli",
                "xiaoming2020", "huang.lei", "zhao_min", "sunny", "tom.smith", "amy_w",
                "kevin.zhou", "lucy1999", "qinghe.fan", "wu-hao", "zj.lin", "abc.d"]
_EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com",
                  "sina.com", "foxmail.com", "hotmail.com", "yeah.net", "139.com",
                  "qinghe.com.cn", "mail.example.cn", "aliyun.com", "icloud.com"]

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def gen_mobile(rng: random.Random) -> str:
    n = rng.choice(_MOBILE_PREFIXES) + _digits(rng, 8)
    style = rng.random()
    if style < 0.45:
        s = n
    elif style < 0.62:
        s = f"{n[:3]} {n[3:7]} {n[7:]}"
    elif style < 0.77:
        s = f"{n[:3]}-{n[3:7]}-{n[7:]}"
    elif style < 0.87:
        s = rng.choice(["+86 ", "+86", "86", "0086 ", "+86-"]) + n
    elif style < 0.95:
        s = "+86 " + f"{n[:3]} {n[3:7]} {n[7:]}"
    else:
        s = n.translate(_FULLWIDTH)
    return s


def gen_landline(rng: random.Random) -> str:
    if rng.random() < 0.5:
        area, local = rng.choice(_AREA3), rng.choice("2345678") + _digits(rng, 7)
    else:
        area = rng.choice(_AREA4)
        local = rng.choice("2345678") + _digits(rng, rng.choice((6, 7)))
    split = len(local) - 4
    style = rng.random()
    if style < 0.4:
        s = f"{area}-{local}"
    elif style < 0.55:
        s = f"({area}){local[:split]}-{local[split:]}"
    elif style < 0.65:
        s = f"（{area}）{local}"
    elif style < 0.8:
        s = f"{area} {local[:split]} {local[split:]}"
    elif style < 0.9:
        s = f"({area}) {local}"
    else:
        s = f"{area}{local}"  # unseparated; every landline template has a phone keyword
    if rng.random() < 0.12:
        s += rng.choice(["-", "转", " 转 ", " ext ", "-"]) + _digits(rng, rng.choice((3, 4)))
    return s


def gen_email(rng: random.Random) -> str:
    user = rng.choice(_EMAIL_USERS)
    r = rng.random()
    if r < 0.25:
        user = rng.choice("123456789") + _digits(rng, rng.randint(5, 9))  # QQ number
    elif r < 0.5:
        user += _digits(rng, rng.randint(1, 4))
    return f"{user}@{rng.choice(_EMAIL_DOMAINS)}"


def gen_id_card(rng: random.Random) -> str:
    born = _dt.date(1940, 1, 1) + _dt.timedelta(days=rng.randint(0, 68 * 365))
    first17 = rng.choice(_ID_AREAS) + born.strftime("%Y%m%d") + _digits(rng, 3)
    n = first17 + id_check_char(first17)
    if n.endswith("X") and rng.random() < 0.3:
        n = n[:-1] + "x"
    if rng.random() < 0.05:
        n = f"{n[:6]} {n[6:14]} {n[14:]}"
    return n


def gen_bank_card(rng: random.Random) -> str:
    length = rng.choice((16, 16, 16, 19, 19))
    payload = rng.choice(_BINS) + _digits(rng, length - 7)
    n = payload + luhn_check_digit(payload)
    style = rng.random()
    if style < 0.5:
        return n
    sep = " " if style < 0.85 else "-"
    return sep.join(n[i:i + 4] for i in range(0, len(n), 4))


GENERATORS = {
    "mobile": gen_mobile,
    "landline": gen_landline,
    "email": gen_email,
    "id_card": gen_id_card,
    "bank_card": gen_bank_card,
}

TEMPLATES: dict[str, list[str]] = {
    "mobile": [
        "客服让我留电话 {}，说24小时内回电，结果根本没人打",
        "我的手机号是{}，有问题直接打给我",
        "联系方式：{}（王女士）",
        "快递员一直打{}这个号码，可那不是我的",
        "请尽快联系我 {} 谢谢！",
        "手机{}，收件人张三，地址写错了",
        "Please call me back at {}, the order is still missing",
        "My number is {}. Nobody contacted me.",
        "{} 这是我老公的电话，退款请联系他",
        "退货的时候留了{}，到现在也没有短信通知",
        "号码:{}",
        "已经第三次反馈了，电话{}，麻烦回复",
    ],
    "landline": [
        "打了你们门店电话{}也没人接",
        "公司座机：{}，工作日可以联系",
        "售后让我打{}，结果是空号",
        "联系电话 {} 李经理",
        "Our office phone is {}, please call during business hours",
        "店里的电话是{}，服务态度很差",
        "固话{}，手机经常不在身边",
        "请拨打{}转人工",
    ],
    "email": [
        "我的邮箱是{}谢谢",
        "发票请发到{}，急用",
        "邮箱：{}",
        "Please send the invoice to {} thanks",
        "已经发邮件到{}了，没人回复",
        "账号绑定的邮箱{}收不到验证码",
        "Contact me via {}.",
        "联系邮箱 {}，或者微信同号",
        "（{}）这是我的工作邮箱",
    ],
    "id_card": [
        "身份证号{}，实名认证一直失败",
        "客服要我提供身份证号：{}，这安全吗",
        "身份证 {} 已经上传了三次",
        "My ID number is {} and verification keeps failing",
        "实名信息：张三，{}",
        "报销需要身份证号码{}，请核对",
        "证件号{}，为什么提示不匹配？",
    ],
    "bank_card": [
        "卡号 {}，退款到现在还没到账",
        "退款请打到我的银行卡{}上",
        "银行卡：{}（工商银行）",
        "My card number {} was charged twice",
        "用尾号不对的卡{}付的款，能改吗",
        "信用卡{}被重复扣费了两次",
        "账号{}，开户行招商银行",
        "refund to card {} please",
    ],
}


# --------------------------------------------------------------------------- negatives


def _fail_checks(rng: random.Random, n: str) -> str:
    """Alter the last digit until the number fails Luhn and is not a valid ID card."""
    while luhn_ok(n) or _id_ok(n):
        n = n[:-1] + rng.choice("0123456789")
    return n


def neg_order(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:  # date-prefixed, as most shop systems do
        d = _dt.date(2023, 1, 1) + _dt.timedelta(days=rng.randint(0, 1200))
        n = d.strftime("%Y%m%d") + _digits(rng, rng.choice((8, 9, 10, 11)))
    else:
        n = rng.choice("123456789") + _digits(rng, rng.randint(15, 18))
    n = _fail_checks(rng, n)
    return rng.choice([
        "订单号 {}，到现在还没发货", "订单{}申请退款三天了没人处理", "order #{} never arrived",
        "订单编号：{}", "单号{}显示已签收但我没收到", "我的订单号是{}，请查一下",
    ]).format(n)


def neg_order_unchecked(rng: random.Random) -> str:
    """Realistic order numbers NOT forced to fail Luhn (~10 % pass), after an order keyword."""
    n = rng.choice("123456789") + _digits(rng, rng.randint(15, 18))
    while _id_ok(n):
        n = n[:-1] + rng.choice("0123456789")
    return rng.choice(["订单号 {}，催了好几次", "订单号：{}", "order #{} is late", "单号{}"]).format(n)


def neg_tracking(rng: random.Random) -> str:
    n = rng.choice([
        "SF" + _digits(rng, 13), "SF" + _digits(rng, 12), "YT" + _digits(rng, 13),
        "JD" + _digits(rng, 13), "JDV" + _digits(rng, 12), "JT" + _digits(rng, 13),
        "EA" + _digits(rng, 9) + "CN", "75" + _digits(rng, 12), "43" + _digits(rng, 13),
        "78" + _digits(rng, 12), "YT" + "13" + _digits(rng, 11),
    ])
    return rng.choice([
        "快递单号{}，三天没更新物流", "运单号：{}", "tracking number {} shows delivered",
        "顺丰{}一直在中转", "物流单号 {} 查不到信息",
    ]).format(n)


def neg_price(rng: random.Random) -> str:
    return rng.choice([
        f"¥{rng.randint(9, 9999)}.{rng.randint(0, 99):02d}，太贵了",
        f"原价{rng.randint(100, 20000)}元，活动价{rng.randint(50, 15000)}元",
        f"price was ${rng.randint(5, 2000)}.{rng.randint(0, 99):02d}",
        f"花了{rng.randint(1, 99)},{rng.randint(100, 999)}元买的",
        f"满{rng.randint(100, 999)}减{rng.randint(10, 99)}的券用不了",
        f"¥{rng.randint(1000, 99999)}",
    ])


def neg_date(rng: random.Random) -> str:
    d = _dt.date(2020, 1, 1) + _dt.timedelta(days=rng.randint(0, 2500))
    return rng.choice([
        f"{d:%Y-%m-%d} 下的单", f"{d:%Y%m%d}购买", f"{d.year}年{d.month}月{d.day}日到货",
        f"{d:%Y/%m/%d}", f"delivered on {d:%Y-%m-%d}", f"{d:%Y-%m-%d} {rng.randint(0, 23):02d}:"
        f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} 提交的工单",
        f"{d:%Y%m%d}{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d} 的记录",
        f"{d:%Y.%m.%d}-{(d + _dt.timedelta(days=7)):%Y.%m.%d}活动期间",
    ])


def neg_time(rng: random.Random) -> str:
    return rng.choice([
        f"{rng.randint(0, 23)}:{rng.randint(0, 59):02d}打的电话",
        f"等了{rng.randint(1, 120)}分钟", f"at {rng.randint(1, 12)}:{rng.randint(0, 59):02d} pm",
        f"时间戳 {rng.randint(1600000000000, 1800000000000)}",
        f"ts={rng.randint(1600000000, 1800000000)}",
    ])


def neg_model(rng: random.Random) -> str:
    return rng.choice([
        "R5 的续航太差", "W2 Pro 蓝牙老断", "iPhone 15 Pro Max 发热", "X200 Ultra 拍照不错",
        f"RTX{rng.choice([3060, 4070, 4090])} 显卡", f"型号 QH-{rng.randint(1000, 9999)}-{rng.randint(10, 99)}",
        f"SKU {rng.randint(100000, 999999)}", f"Model A{rng.randint(1000, 2999)}",
        f"货号{rng.randint(10000000, 99999999)}", f"S/N: QH{_digits(rng, 10)}",
    ])


def neg_version(rng: random.Random) -> str:
    return rng.choice([
        f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 30)} 更新后闪退",
        f"App 版本 {rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(10, 99)}",
        f"build {rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(1000, 99999)}",
        f"固件{rng.randint(10, 99)}.{rng.randint(0, 9)}.{rng.randint(100, 999)}.{rng.randint(100, 999)}",
    ])


def neg_count(rng: random.Random) -> str:
    return rng.choice([
        f"等了{rng.randint(2, 30)}天", f"买了{rng.randint(1, 20)}个，坏了{rng.randint(1, 5)}个",
        f"{rng.randint(1000, 9999999)}人觉得有用", f"积分{rng.randint(100, 999999)}",
        f"{rng.randint(1, 9)},{rng.randint(100, 999)},{rng.randint(100, 999)} 次播放",
        f"电池容量{rng.randint(3000, 6000)}mAh", f"{rng.randint(10, 99)}.{rng.randint(0, 9)}%的人好评",
        f"降价{rng.randint(1, 99)}%", f"评分{rng.randint(1, 5)}.{rng.randint(0, 9)}",
    ])


def neg_hotline(rng: random.Random) -> str:
    n4 = "400" + _digits(rng, 7)
    n8 = "800" + _digits(rng, 7)
    return rng.choice([
        f"打了客服热线{n4[:3]}-{n4[3:6]}-{n4[6:]}没人接", f"400电话{n4}一直占线",
        f"{n8[:3]}-{n8[3:6]}-{n8[6:]} 免费热线", "400-820-8820", f"拨打{n4[:3]} {n4[3:6]} {n4[6:]}",
        f"95{rng.randint(100, 599)}", "10086 客服态度差", "打12315投诉了", f"96{rng.randint(100, 999)}",
    ])


def neg_url(rng: random.Random) -> str:
    return rng.choice([
        f"https://item.jd.com/100{_digits(rng, 9)}.html 这个链接打不开",
        f"https://detail.tmall.com/item.htm?id={rng.randint(600000000000, 799999999999)}",
        f"链接 http://www.qinghe.com/help?id={rng.randint(1000, 99999)}",
        f"https://weibo.com/u/{rng.randint(1000000000, 7999999999)}",
        "http://example.com/path/to/page#section", f"www.qinghe.cn/p/{_digits(rng, 6)}",
    ])


def neg_mention(rng: random.Random) -> str:
    return rng.choice([
        "@青禾客服 你们的售后太差了", "@小米手机 什么时候修复", "@JD_Service please help",
        "回复 @用户123456: 同感", "@qinghe_official 客服不回消息", "#青禾耳机# @青禾 快处理",
        "微博@数码博主 推荐的", "@张三 @李四 一起吐槽",
    ])


def neg_misc(rng: random.Random) -> str:
    return rng.choice([
        "QQ群 " + str(rng.randint(100000000, 999999999)),
        f"验证码{_digits(rng, 6)}收不到", f"工单号 T{_digits(rng, 12)}",
        f"发票代码{_digits(rng, 12)}", f"邮编{_digits(rng, 6)}",
        f"{rng.randint(1, 9)} 星", "好评！！！", "The product is great, 5 stars",
        f"房间号{rng.randint(100, 3999)}", f"{rng.randint(1, 9)}楼{rng.randint(1, 30)}号",
    ])


NEGATIVE_FAMILIES = {
    "order_number": neg_order,
    "order_number_luhn_unchecked": neg_order_unchecked,
    "tracking_number": neg_tracking,
    "price": neg_price,
    "date": neg_date,
    "time": neg_time,
    "model_number": neg_model,
    "version": neg_version,
    "count": neg_count,
    "hotline_400_800": neg_hotline,
    "url": neg_url,
    "mention": neg_mention,
    "misc": neg_misc,
}


# --------------------------------------------------------------------------- assembly


_LABELS = {"mobile": "手机", "landline": "座机", "email": "邮箱 ", "id_card": "身份证 ",
           "bank_card": "卡号"}


def _positive(rng: random.Random, kind: str) -> PIICase:
    template = rng.choice(TEMPLATES[kind])
    value = GENERATORS[kind](rng)
    pre, post = template.split("{}")
    text = pre + value
    spans: dict[str, list[tuple[int, int]]] = {kind: [(len(pre), len(text))]}
    text += post
    if rng.random() < 0.3:  # add a look-alike distractor in the same row
        text += "。" + rng.choice(list(NEGATIVE_FAMILIES.values()))(rng)
    if rng.random() < 0.15:  # and sometimes a second PII item of another kind
        other = rng.choice([k for k in KINDS if k != kind])
        v2 = GENERATORS[other](rng)
        text += rng.choice(["，另外", "；备用"]) + _LABELS[other]
        spans.setdefault(other, []).append((len(text), len(text) + len(v2)))
        text += v2
    return PIICase(text, spans, family=kind)


def generate_testset(
    seed: int = 20260315, n_per_kind: int = 400, n_negative: int = 3000
) -> tuple[list[PIICase], list[PIICase]]:
    """(positives, negatives); identical output for identical arguments."""
    rng = random.Random(seed)
    positives = [_positive(rng, kind) for kind in KINDS for _ in range(n_per_kind)]
    families = list(NEGATIVE_FAMILIES.items())
    negatives = []
    for i in range(n_negative):
        name, fn = families[i % len(families)]
        negatives.append(PIICase(fn(rng), {}, family=name))
    return positives, negatives


def evaluate(redact_fn: Callable[[str], Any], positives: list[PIICase], negatives: list[PIICase]) -> dict:
    """Per-kind recall and false positives of ``redact_fn`` (text -> RedactionResult).

    An expected item counts as recalled when the redacted text no longer contains it and
    the counts report at least as many items of that kind as expected.  Items counted
    beyond the expectation (in positives) or any count in a negative row are false
    positives.
    """
    stats = {k: {"expected": 0, "found": 0, "fp": 0, "misses": [], "fp_examples": []} for k in KINDS}
    for case in positives:
        res = redact_fn(case.text)
        for kind in KINDS:
            vals = case.values(kind)
            got = res.counts.get(kind, 0)
            st = stats[kind]
            st["expected"] += len(vals)
            ok = [v for v in vals if v not in res.text]
            hit = min(len(ok), got)
            st["found"] += hit
            if hit < len(vals):
                st["misses"].append((case.text, res.text))
            if got > len(vals):
                st["fp"] += got - len(vals)
                st["fp_examples"].append((case.text, res.text))
    neg_fp_by_family: dict[str, int] = {}
    for case in negatives:
        res = redact_fn(case.text)
        for kind, n in res.counts.items():
            stats[kind]["fp"] += n
            stats[kind]["fp_examples"].append((case.text, res.text))
            neg_fp_by_family[case.family] = neg_fp_by_family.get(case.family, 0) + n
    for st in stats.values():
        st["recall"] = st["found"] / st["expected"] if st["expected"] else 1.0
    return {"kinds": stats, "negative_fp_by_family": neg_fp_by_family,
            "n_positive": len(positives), "n_negative": len(negatives)}
