"""Which column holds which field: auto-detection from common headers, user overrides.

A mapping is ``{field: column}``. Fields are the feedback columns (``text``, ``created_at`` …),
``tag.FACET`` for existing human coding, and for ``--as customers`` the customer columns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from vocdesk.engine.errors import InputError, UsageError

FEEDBACK_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("评论", "内容", "评价", "评论内容", "评价内容", "反馈", "反馈内容", "意见", "意见建议",
             "留言", "留言内容", "意见反馈", "文本", "正文", "描述", "问题描述", "回复内容", "text", "review", "reviews",
             "comment", "comments", "content", "feedback", "body", "message", "verbatim",
             "reviewtext", "reviewbody", "description", "opinion"),
    "created_at": ("时间", "日期", "创建时间", "评论时间", "评价时间", "提交时间", "发布时间",
                   "反馈时间", "日期时间", "date", "createdat", "created", "timestamp", "time",
                   "datetime", "submittedat", "submitted", "reviewdate", "posted", "postedat"),
    "external_id": ("id", "编号", "评论id", "评价id", "工单号", "工单id", "反馈id", "reviewid",
                    "ticketid", "externalid", "responseid", "commentid"),
    "rating": ("评分", "星级", "打分", "分数", "评星", "rating", "stars", "star", "score",
               "starrating", "reviewrating"),
    "nps": ("推荐", "nps", "推荐度", "推荐意愿", "推荐分", "净推荐值", "likelihoodtorecommend",
            "npsscore", "recommend"),
    "csat": ("满意度", "csat", "satisfaction", "满意度评分", "csatscore"),
    "ces": ("费力度", "ces", "effort", "customereffort", "customereffortscore", "省力度"),
    "channel": ("渠道", "来源渠道", "channel", "source", "platform", "平台"),
    "store": ("门店", "店铺", "网点", "门店名称", "门市", "门市名称", "分店", "店名", "store", "shop", "branch", "outlet"),
    "region": ("地区", "区域", "省份", "城市", "region", "city", "province", "area", "country",
               "territory"),
    "customer_id": ("客户id", "用户id", "会员id", "会员号", "客户编号", "用户名", "customerid",
                    "userid", "customer", "memberid", "uid", "user", "author", "username"),
    "respondent_id": ("答卷编号", "respondentid", "respondent"),
    "product": ("产品", "商品", "商品名称", "产品名称", "商品名", "商品标题", "宝贝", "宝贝名称",
                "宝贝标题", "型号", "product", "sku", "item", "productname", "itemtitle", "itemname",
                "model", "app"),
    "language": ("语言", "language", "lang", "locale"),
    "question": ("题目", "问题", "question"),
}

CUSTOMER_FIELDS: dict[str, tuple[str, ...]] = {
    "customer_id": FEEDBACK_FIELDS["customer_id"],
    "segment": ("客户分层", "会员等级", "等级", "客户类型", "分层", "segment", "tier", "level",
                "membership", "customersegment"),
    "region": FEEDBACK_FIELDS["region"],
    "orders": ("订单数", "购买次数", "下单次数", "orders", "ordercount", "purchases"),
    "repurchase": ("复购", "是否复购", "repurchase", "repeat", "repeatpurchase", "repurchased"),
    "churned": ("流失", "是否流失", "churn", "churned"),
    "lifetime_value": ("消费金额", "累计消费", "客户价值", "ltv", "lifetimevalue", "clv", "value",
                       "revenue", "totalspend"),
    "first_seen": ("首次下单", "注册时间", "首单时间", "firstorder", "signup", "firstseen",
                   "createdat", "since"),
}


#: Characters that are invisible in a header but make it a different string.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"
                                   "\u202a\u202b\u202c\u202d\u202e"))
# Traditional → simplified for the characters of the header synonyms (評論 → 评论 …): Taiwan
# and Hong Kong exports otherwise import every row without its text.
_T2S = str.maketrans(
    "評論內價時間門數級戶會員號編題問產語區滿費薦饋見議復覆創發佈單類稱網點鋪層購買訂複額計註冊"
    "錄聯繫電話帳據務態應館廳車機聲碼賬",
    "评论内价时间门数级户会员号编题问产语区满费荐馈见议复复创发布单类称网点铺层购买订复额计注册"
    "录联系电话帐据务态应馆厅车机声码账")


def clean_header(name: object, fold: bool = True) -> str:
    """A header as a user means it: invisible characters removed, trimmed and (``fold``)
    NFKC-folded. Displayed names are not folded: the question text stays as written."""
    s = str(name).translate(INVISIBLE)
    return (unicodedata.normalize("NFKC", s) if fold else s).strip()


def normalize_header(name: str) -> str:
    """The matching key of a header: cleaned, simplified characters, no separators, lower."""
    return re.sub(r"[\s_\-.:：()（）/]+", "", clean_header(name).translate(_T2S)).lower()


def detect_mapping(columns: Sequence[str], kind: str = "feedback") -> dict[str, str]:
    """Best guess of ``{field: column}``: exact synonym matches first, then containment."""
    fields = FEEDBACK_FIELDS if kind == "feedback" else CUSTOMER_FIELDS
    norm = {c: normalize_header(c) for c in columns}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for field, names in fields.items():
        for c in columns:
            if c not in used and norm[c] in names:
                mapping[field] = c
                used.add(c)
                break
    for field, names in fields.items():
        if field in mapping:
            continue
        for c in columns:
            if c in used or not norm[c]:
                continue
            if any(len(n) >= 2 and not n.isascii() and n in norm[c] for n in names) or \
               any(len(n) >= 4 and n.isascii() and norm[c].startswith(n) for n in names):
                mapping[field] = c
                used.add(c)
                break
    return mapping


def parse_map_options(options: Sequence[str], kind: str = "feedback") -> dict[str, str]:
    """``["text=评论", "tag.sentiment=label"]`` → mapping; unknown fields are a usage error."""
    fields = FEEDBACK_FIELDS if kind == "feedback" else CUSTOMER_FIELDS
    out = {}
    for opt in options:
        if "=" not in opt:
            raise UsageError(f"--map {opt!r}: expected FIELD=COLUMN")
        field, column = (s.strip() for s in opt.split("=", 1))
        if not column:
            raise UsageError(f"--map {opt!r}: the column name is empty")
        if field.startswith("tag."):
            if kind != "feedback" or not field[4:]:
                raise UsageError(f"--map {opt!r}: tag.FACET needs a facet name")
        elif field not in fields and not field.startswith("attr."):
            raise UsageError(f"--map {opt!r}: unknown field {field!r}; known: "
                             f"{', '.join(fields)}, tag.FACET")
        out[field] = column
    return out


def merge_mapping(detected: dict[str, str], overrides: dict[str, str],
                  columns: Sequence[str], path: str) -> dict[str, str]:
    """Overrides win; a column named by an override must exist in the file."""
    missing = [c for c in overrides.values() if c not in columns]
    if missing:
        have = ", ".join(columns)
        have = have if len(have) <= 200 else have[:200] + "…"
        # the file lacks what --map names: bad input (exit 3), not a malformed option
        raise InputError(path, column=missing[0],
                         reason=f"not in the file (named by --map); the file has: {have}")
    taken = set(overrides.values())
    merged = {f: c for f, c in detected.items() if c not in taken and f not in overrides}
    merged.update(overrides)
    return merged
