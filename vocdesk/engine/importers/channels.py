"""One channel vocabulary: codes with zh/en labels, and the common names that mean each.

Files name channels every which way (问卷, 调查, survey, 工单, ticket, app …); left as they are,
they sit side by side as separate channels (issue 8). Imports store the code; a value that
matches no known name is kept as written (trimmed), so nothing a client uses is lost.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: code → (zh label, en label)
CHANNELS: dict[str, tuple[str, str]] = {
    "survey": ("问卷调查", "Survey"),
    "app_store": ("应用商店", "App store"),
    "social": ("社交媒体", "Social media"),
    "forum": ("论坛", "Forum"),
    "ticket": ("工单", "Ticket"),
    "email": ("邮件", "E-mail"),
    "chat": ("在线客服", "Chat"),
    "review": ("电商评价", "Review"),
    "phone": ("电话", "Phone"),
    "store": ("门店", "Store"),
    "other": ("其他", "Other"),
}

_NAMES: dict[str, tuple[str, ...]] = {
    "survey": ("问卷", "调查", "调研", "问卷调查", "满意度调查", "nps调查", "问卷星", "腾讯问卷",
               "survey", "surveys", "questionnaire", "nps", "poll", "qualtrics", "surveymonkey"),
    "app_store": ("应用商店", "app", "appstore", "app store", "googleplay", "google play",
                  "应用市场", "苹果商店", "安卓市场", "app_store", "play store", "ios", "android"),
    "social": ("微博", "小红书", "抖音", "知乎", "b站", "哔哩哔哩", "微信公众号", "朋友圈", "社交媒体",
               "社媒", "social", "social media", "twitter", "x", "facebook", "instagram",
               "weibo", "xiaohongshu", "douyin", "tiktok", "reddit"),
    "forum": ("论坛", "社区", "贴吧", "bbs", "forum", "community"),
    "ticket": ("工单", "投诉", "售后工单", "ticket", "tickets", "zendesk", "freshdesk", "support",
               "helpdesk", "case"),
    "email": ("邮件", "电子邮件", "邮箱", "email", "e-mail", "mail"),
    "chat": ("客服聊天", "在线客服", "企业微信", "微信客服", "聊天", "im", "chat", "live chat",
             "livechat", "wecom", "whatsapp", "messenger"),
    "review": ("评价", "电商", "电商评价", "商品评价", "评论", "淘宝", "天猫", "京东", "拼多多", "美团",
               "大众点评", "饿了么", "review", "reviews", "trustpilot", "yelp", "amazon",
               "ecommerce", "e-commerce"),
    "phone": ("电话", "热线", "客服电话", "400", "phone", "call", "call center", "hotline"),
    "store": ("门店", "线下", "店内", "in store", "in-store", "offline", "retail"),
    "other": ("其他", "其它", "other", "unknown"),
}


def _key(s: str) -> str:
    return re.sub(r"[\s_\-./]+", "", s.strip().lower())


_LOOKUP: dict[str, str] = {_key(code): code for code in CHANNELS}
for _code, _names in _NAMES.items():
    for _n in _names:
        _LOOKUP.setdefault(_key(_n), _code)


def normalize_channel(raw: str | None) -> str | None:
    """The channel code for a name a file uses (问卷 → survey, 工单 → ticket, app → app_store);
    an unknown name is returned trimmed, as written; empty stays None."""
    if raw is None:
        return None
    if raw.__class__ is str:
        return _normalize_str(raw)     # a file has few distinct channels: memoised
    return _normalize_str(str(raw))


@lru_cache(maxsize=4096)
def _normalize_str(raw: str) -> str | None:
    s = raw.strip()
    if not s:
        return None
    return _LOOKUP.get(_key(s), s)


def channel_label(code: str, lang: str = "en") -> str:
    """A channel's label in ``lang`` (zh… or en); unknown codes are shown as they are."""
    zh, en = CHANNELS.get(code, (code, code))
    return zh if lang.lower().startswith("zh") else en
