"""Personal data written the way customers write it, and numbers that only look like it.

Written apart from ``vocdesk.engine.text.redact`` on purpose (nothing is imported from it and
the styles were listed from how people type in chat boxes and forms, not from the rules):
numbers with dots, slashes, dashes, mixed separators, odd grouping, every digit spaced,
Chinese numerals, a number interrupted by words, invisible characters inside; e-mails with
Chinese parts, spelled or disguised "@"; IDs in groups; landlines with +86 and no trunk 0.

``generate(per_style=240)`` gives ``(positives, lookalikes)``: positives are
``(category, style, text, value)`` where ``value`` is the exact substring that must vanish;
look-alikes are ``(family, text)`` that must come out unchanged.
"""

from __future__ import annotations

import datetime as _dt
import random

ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
CN = "零一二三四五六七八九"
CN_ALT = {"0": "〇", "1": "幺", "2": "两"}
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _luhn_digit(payload: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        x = int(ch)
        if i % 2 == 0:
            x = x * 2 - 9 if x * 2 > 9 else x * 2
        total += x
    return str((10 - total % 10) % 10)


def _mobile_number(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + _d(rng, 9)


def _split(n: str, sizes: list[int]) -> list[str]:
    out, i = [], 0
    for s in sizes:
        out.append(n[i:i + s])
        i += s
    if i < len(n):
        out.append(n[i:])
    return out


# --- mobile ---------------------------------------------------------------------------------

def mobile(rng: random.Random, style: str) -> str:
    n = _mobile_number(rng)
    if style == "dots":
        return ".".join(_split(n, [3, 4]))
    if style == "slashes":
        return "/".join(_split(n, [3, 4]))
    if style == "em_dash":
        return rng.choice(["—", "–", "——"]).join(_split(n, [3, 4]))
    if style == "mixed":
        a, b, c = _split(n, [3, 4])
        return f"{a}{rng.choice([' ', '-', '.'])}{b}{rng.choice(['/', ' - ', '_', '.'])}{c}"
    if style == "3+8":
        return f"{n[:3]} {n[3:]}"
    if style == "7+4":
        return f"{n[:7]} {n[7:]}"
    if style == "spaced":
        return " ".join(n)
    if style == "chinese":
        s = "".join(CN[int(c)] for c in n)
        if rng.random() < 0.4:
            s = "".join(CN_ALT.get(c, CN[int(c)]) if rng.random() < 0.5 else CN[int(c)]
                        for c in n)
        return s
    if style == "words":
        a, b, c = _split(n, [3, 4])
        return rng.choice([f"{a}，中间{b}，尾号{c}", f"{a}然后{b}最后是{c}",
                           f"{a}-{b} 后四位 {c}", f"{a} 再加 {b}{c}"])
    if style == "invisible":
        i, j = sorted(rng.sample(range(1, 11), 2))
        return n[:i] + rng.choice(ZW + ["\u00ad", "\u00a0"]) + n[i:j] + \
            rng.choice(ZW + ["\u00ad", "\u00a0"]) + n[j:]
    if style == "plus86":
        return rng.choice(["+86 ", "+86-", "0086 ", "(+86)", "86-"]) + \
            rng.choice([n, f"{n[:3]} {n[3:7]} {n[7:]}"])
    raise ValueError(style)


MOBILE_STYLES = ["dots", "slashes", "em_dash", "mixed", "3+8", "7+4", "spaced", "chinese",
                 "words", "invisible", "plus86"]
MOBILE_T = ["我电话{}，尽快回电", "手机号：{}", "联系我{}谢谢", "打这个号{}找王先生", "号码是 {} 别打错了",
            "call me {} pls", "留个电话{}，快递到了打给我", "我的手机{}"]


# --- e-mail ---------------------------------------------------------------------------------

_USERS = ["zhangwei", "li.na88", "wangfang_1990", "xiaoming", "chen-jie", "tom.lee", "amy2021"]
_CN_USERS = ["张伟", "小明", "李娜", "王芳芳"]
_PROVIDERS = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com",
              "foxmail.com", "139.com", "hotmail.com"]


def email(rng: random.Random, style: str) -> str:
    user = rng.choice(_USERS)
    qq = rng.choice("123456789") + _d(rng, rng.randint(5, 9))
    dom = rng.choice(_PROVIDERS)
    name, tld = dom.split(".", 1)
    if style == "chinese_local":
        return f"{rng.choice(_CN_USERS)}@{dom}"
    if style == "chinese_domain":
        return f"{user}@{rng.choice(['公司', '邮箱', '例子'])}.{rng.choice(['中国', 'cn', 'com'])}"
    if style == "at_dot_words":
        return f"{user} at {name} dot {tld.replace('.', ' dot ')}"
    if style == "paren_at":
        return f"{user}{rng.choice(['(at)', '[at]', '（at）', ' (at) '])}{name}." + tld
    if style == "hash":
        return f"{qq}#{dom}"
    if style == "fullwidth_at":
        return f"{user}＠{dom}"
    if style == "aite":
        return f"{rng.choice([user, qq])}{rng.choice(['艾特', ' 艾特 ', '圈a'])}{dom}"
    if style == "cn_period":
        return f"{user}@{name}。{tld.replace('.', '。')}"
    if style == "spaces":
        return f"{user} @ {name} . {tld}"
    if style == "dian":
        return f"{qq}@{name}点{tld.replace('.', '点')}"
    raise ValueError(style)


EMAIL_STYLES = ["chinese_local", "chinese_domain", "at_dot_words", "paren_at", "hash",
                "fullwidth_at", "aite", "cn_period", "spaces", "dian"]
EMAIL_T = ["邮箱 {} 发票发这里", "发到{}就行", "我的邮箱：{}", "mail me: {} thanks", "联系邮箱{}，谢谢"]


# --- ID cards -------------------------------------------------------------------------------

_AREAS = ["110105", "310104", "440305", "330106", "510107", "420106", "370202", "320102"]


def _id18(rng: random.Random) -> str:
    born = _dt.date(1950, 1, 1) + _dt.timedelta(days=rng.randint(0, 55 * 365))
    body = rng.choice(_AREAS) + born.strftime("%Y%m%d") + _d(rng, 3)
    w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * k for c, k in zip(body, w, strict=True)) % 11]


def id_card(rng: random.Random, style: str) -> str:
    n = _id18(rng)
    if style == "6-4-4-4":
        return " ".join(_split(n, [6, 4, 4, 4]))
    if style == "groups_of_4":
        return rng.choice([" ", "-"]).join(_split(n, [4, 4, 4, 4]))
    if style == "6-8-4":
        return "-".join(_split(n, [6, 8, 4]))
    if style == "invisible":
        i = rng.randrange(2, 16)
        return n[:i] + rng.choice(ZW) + n[i:]
    if style == "fullwidth":
        return n.translate(FULL)
    raise ValueError(style)


ID_STYLES = ["6-4-4-4", "groups_of_4", "6-8-4", "invisible", "fullwidth"]
ID_T = ["身份证{}", "身份证号码：{} 麻烦核对", "证件号 {}", "实名用的是{}"]


def id15(rng: random.Random, style: str) -> str:
    born = _dt.date(1940, 1, 1) + _dt.timedelta(days=rng.randint(0, 59 * 365))
    n = rng.choice(_AREAS) + born.strftime("%y%m%d") + _d(rng, 3)
    return n if style == "plain" else " ".join(_split(n, [6, 6]))


ID15_STYLES = ["plain", "grouped"]
ID15_T = ["老身份证号{}", "身份证：{}（旧的15位）", "证件号码 {}"]


# --- landlines ------------------------------------------------------------------------------

def landline(rng: random.Random, style: str) -> str:
    area = rng.choice(["10", "21", "20", "755", "571", "28", "27", "512"])
    local = rng.choice("2345678") + _d(rng, 7 if len(area) == 2 else rng.choice((6, 7)))
    if style == "+86_no_trunk":
        return f"+86 {area} {local}"
    if style == "0086_no_trunk":
        return f"0086-{area}-{local}"
    if style == "+86_paren":
        return f"+86 ({area}) {local[:4]} {local[4:]}"
    if style == "dots":
        return f"0{area}.{local[:4]}.{local[4:]}"
    if style == "slash":
        return f"0{area}/{local}"
    raise ValueError(style)


LANDLINE_STYLES = ["+86_no_trunk", "0086_no_trunk", "+86_paren", "dots", "slash"]
LANDLINE_T = ["公司电话{}", "座机：{} 工作日", "打{}找前台", "office {}"]


# --- bank cards -----------------------------------------------------------------------------

def bank_card(rng: random.Random, style: str) -> str:
    length = rng.choice((16, 19))
    payload = rng.choice(["622202", "621700", "622848", "436742", "625807"]) + _d(rng, length - 7)
    n = payload + _luhn_digit(payload)
    if style == "double_spaces":
        return "  ".join(_split(n, [4, 4, 4, 4]))
    if style == "dashes":
        return "-".join(_split(n, [4, 4, 4, 4]))
    if style == "invisible":
        i = rng.randrange(2, length - 2)
        return n[:i] + rng.choice(ZW + ["\u00ad"]) + n[i:]
    if style == "nbsp":
        return "\u00a0".join(_split(n, [4, 4, 4, 4]))
    raise ValueError(style)


CARD_STYLES = ["double_spaces", "dashes", "invisible", "nbsp"]
CARD_T = ["银行卡{}，退款打这张", "卡号：{} 工商银行", "退到我的卡 {} 上", "card {} was charged twice"]


# --- WeChat / QQ ----------------------------------------------------------------------------

def wechat(rng: random.Random, style: str) -> str:
    ident = rng.choice(["wxid_", "", ""]) + rng.choice("abcdefghkmnpqrstwxyz") + \
        "".join(rng.choice("abcdefghkmnpqrstwxyz0123456789_") for _ in range(rng.randint(5, 12)))
    key = {"weixin": "微信", "wx": rng.choice(["vx", "VX", "wx", "v信", "威信"]),
           "weixinhao": "微信号"}[style]
    return f"{key}{rng.choice(['', ':', '：', ' ', '是'])}{ident}", ident


WECHAT_STYLES = ["weixin", "wx", "weixinhao"]


def qq(rng: random.Random, style: str) -> str:
    n = rng.choice("123456789") + _d(rng, rng.randint(5, 10))
    key = {"qq": rng.choice(["QQ", "qq", "QQ号"]), "koukou": rng.choice(["扣扣", "企鹅号"])}[style]
    return f"{key}{rng.choice(['', ':', '：', ' '])}{n}", n


QQ_STYLES = ["qq", "koukou"]


CATEGORIES = {
    "mobile": (mobile, MOBILE_STYLES, MOBILE_T),
    "email": (email, EMAIL_STYLES, EMAIL_T),
    "id_card": (id_card, ID_STYLES, ID_T),
    "id15": (id15, ID15_STYLES, ID15_T),
    "landline": (landline, LANDLINE_STYLES, LANDLINE_T),
    "bank_card": (bank_card, CARD_STYLES, CARD_T),
    "wechat": (wechat, WECHAT_STYLES, ["加我{}细聊", "{}，备注订单", "有事{}联系"]),
    "qq": (qq, QQ_STYLES, ["{}联系", "加{}", "我的{}，拉群"]),
}


# --- look-alikes ----------------------------------------------------------------------------

def lookalike(rng: random.Random, family: str) -> str:
    if family == "order":
        return rng.choice(["订单号{}还没发货", "订单 {} 申请退款", "单号：{}"]).format(
            "2026" + _d(rng, rng.choice((12, 14, 15))))
    if family == "tracking":
        return rng.choice(["顺丰 SF{}", "快递单号 {} 查不到", "运单号:YT{}", "中通{}"]).format(
            _d(rng, rng.choice((12, 13, 15))))
    if family == "invoice":
        return rng.choice(["发票代码{}，发票号码{}", "发票号 {} 开错了"]).format(
            "0" + _d(rng, 11), _d(rng, 8))
    if family == "imei":
        return rng.choice(["IMEI：{}", "imei {} 查保修", "串号{}"]).format("86" + _d(rng, 13))
    if family == "ean":
        return rng.choice(["条码 69{}", "商品条形码：69{}"]).format(_d(rng, 11))
    if family == "open_0number":
        return rng.choice(["打开设置里的编号0{}", "打开App看到单号0{}", "打开发票 0{}"]).format(
            rng.choice("123456789") + _d(rng, 9))
    if family == "luhn_after_sales":
        payload = "62" + _d(rng, 13)
        return rng.choice(["售后单{}一直没处理", "售后单号：{}", "售后 单号 {}"]).format(
            payload + _luhn_digit(payload))
    if family == "prices_dates":
        return rng.choice(["2026.03.15 买的 1299.00 元", "3/15 到 4/20 之间", "价格 ¥1,299，优惠 200",
                           "v5.2.1 版本", "凌晨 2:30 下单"])
    if family == "counts":
        return f"买了{rng.randint(2, 9)}个，坏了{rng.randint(1, 2)}个，等了{rng.randint(3, 30)}天"
    if family == "hotline":
        return rng.choice(["打了400-820-8820没人接", "拨打95588转人工", "800 810 8888 打不通"])
    if family == "english_at":
        return rng.choice(["look at the photo, it is broken", "arrived at 5 pm, good",
                           "great value at that price"])
    raise ValueError(family)


LOOKALIKES = ["order", "tracking", "invoice", "imei", "ean", "open_0number", "luhn_after_sales",
              "prices_dates", "counts", "hotline", "english_at"]


def generate(per_style: int = 240, seed: int = 4242
             ) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    rng = random.Random(seed)
    positives = []
    for cat, (fn, styles, templates) in CATEGORIES.items():
        for style in styles:
            for _ in range(per_style):
                got = fn(rng, style)
                shown, value = got if isinstance(got, tuple) else (got, got)
                positives.append((cat, style, rng.choice(templates).format(shown), value))
    negatives = [(fam, lookalike(rng, fam)) for fam in LOOKALIKES for _ in range(per_style)]
    return positives, negatives


def evaluate(redact_fn, per_style: int = 240, seed: int = 4242) -> dict:
    """Recall per (category, style) and false-positive rate per look-alike family."""
    positives, negatives = generate(per_style, seed)
    recall: dict[tuple[str, str], list[int]] = {}
    misses: dict[tuple[str, str], list[str]] = {}
    for cat, style, text, value in positives:
        out = redact_fn(text)
        ok = value not in out and _digits_of(value) not in _digits_of(out) if \
            len(_digits_of(value)) >= 5 else value not in out
        r = recall.setdefault((cat, style), [0, 0])
        r[0] += ok
        r[1] += 1
        if not ok:
            misses.setdefault((cat, style), []).append(f"{text!r} -> {out!r}")
    fp: dict[str, list[int]] = {}
    fp_examples: dict[str, list[str]] = {}
    for fam, text in negatives:
        out = redact_fn(text)
        f = fp.setdefault(fam, [0, 0])
        f[0] += out != text
        f[1] += 1
        if out != text:
            fp_examples.setdefault(fam, []).append(f"{text!r} -> {out!r}")
    return {"recall": recall, "misses": misses, "fp": fp, "fp_examples": fp_examples}


def _digits_of(s: str) -> str:
    out = []
    for ch in s:
        if ch.isdigit():
            out.append(str(int(ch)) if ch.isascii() is False and ch in "０１２３４５６７８９"
                       else ch)
        elif ch in CN:
            out.append(str(CN.index(ch)))
    return "".join(out)
