"""Held-out feedback phrases written for the tests (not taken from any shared data).

Why a hand-written set: the issue measured "short plain phrases come out neutral" on a set
kept outside the project; these are our own, written once and NOT used to choose lexicon
words or thresholds beyond the six phrases quoted in the issue (listed first in each list).
Every phrase is unambiguous to a Chinese/English reader. NEUTRAL holds questions, requests
and plain statements of fact with no judgement in them.
"""

from __future__ import annotations

POSITIVE_SHORT: list[str] = """
服务很好 发货很快 价格实惠 宝藏产品 东西不错 质量很好 客服态度很好 包装很用心 物流给力
味道很好吃 非常满意 很喜欢这个颜色 性价比很高 用着很顺手 送货速度快 安装师傅很专业
效果超出预期 真心推荐 下次还来 孩子很喜欢 做工精细 音质很棒 电池很耐用 屏幕很清晰
尺码合适 穿着舒服 外观漂亮 客服回复及时 退款很快 五星好评 好用不贵 颜值很高 手感不错
运行流畅 续航给力 很划算 送得很准时 卖家很贴心 操作简单 非常方便 已经回购了 值得购买
""".split()

NEGATIVE_SHORT: list[str] = """
质量太差了 物流太慢了 气死我了 太失望了 做工很粗糙 客服不理人 东西是坏的 包装破损
味道很难吃 等了两个小时 完全不能用 一天就坏了 发错货了 少发了一件 颜色有色差 电池不耐用
声音很小 充不进电 屏幕有划痕 态度很差 送餐超时 饭菜都凉了 尺码偏小 穿着不舒服 太贵了
再也不买了 差评 客服一直推脱 用了三天就卡 售后没人管 根本联系不上 虚假宣传 退货太麻烦
漏水严重 噪音太大 闪退严重 老是掉线 质量一般般还贵 很不满意 垃圾产品
""".split()

NEUTRAL: list[str] = [
    # questions
    "请问保修期是多久？", "请问什么时候发货？", "这个有黑色的吗？", "支持七天无理由退货吗？",
    "能开发票吗？", "怎么申请售后？", "请问可以用优惠券吗", "充电器是原装的吗？",
    "发什么快递？", "尺码怎么选？", "多久能到北京？", "有没有说明书？",
    "门店几点关门？", "可以货到付款吗？", "会员积分怎么用？",
    # requests
    "麻烦尽快发货", "请帮我改一下收货地址", "麻烦发顺丰", "希望能开发票", "请尽快安排退款",
    "帮我查一下物流", "麻烦备注一下不要辣", "请联系我确认订单", "能不能周末送货",
    "麻烦帮忙换个颜色",
    # plain facts
    "订单号 20230511", "我昨天下的单", "已经收到货了", "今天下午三点签收", "我买的是蓝色款",
    "这是第二次购买", "地址在上海浦东", "用的是安卓手机", "快递放在门卫了", "给我妈妈买的",
]

EN_NEUTRAL: list[str] = [
    "What is the warranty period?", "Do you ship to Canada?", "Can I change my delivery address?",
    "Please send the invoice to my email.", "I ordered the blue one.", "Order 12345",
    "Is there a black version?", "How do I reset the password?", "My order number is 5521.",
    "Please call me back tomorrow.",
]
