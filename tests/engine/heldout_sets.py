"""Hand-written held-out sets: plain facts (zh/en), short English feedback, speech acts and
short product complaints and praise.

Why a second set: ``sentiment_sets.py`` was used while its rules were written, so it is no
longer held out.  These sentences were written in one go (issue 8, session 3) before the
neutral-fact rule and the English changes were measured on them, and were not edited to
fit the results.  None comes from shared data.  Plain facts state what happened (order,
delivery, who bought what) without judging it; they must come out neutral.  The English
lists are the kind of text a support inbox gets: complaints, praise, questions, requests.
"""

from __future__ import annotations

ZH_FACTS: list[str] = [
    "订单号123已收到", "今天下午送到的", "我是上周五下的单", "快递是顺丰", "这是送给朋友的礼物",
    "昨天晚上八点下单", "收货人是我同事", "买了两件", "型号是X200", "颜色选的白色",
    "我住在三楼", "这是公司采购的", "货今天中午到了", "用了一个星期", "第一次在这家买",
    "发票抬头写公司名", "我是会员", "周三下的单周五到的", "包裹放在快递柜了", "买的是大号",
    "给孩子买的", "已付款", "订单已完成", "快递员打了电话", "这是我的第三个订单",
    "地址是北京朝阳区", "用微信付的款", "下单时选的次日达", "我用的是苹果手机", "商品编号88231",
]

EN_FACTS: list[str] = [
    "I ordered the blue one", "The package arrived on Tuesday", "I bought it for my son",
    "Order #4412 was delivered today", "I use it on a Windows laptop", "This is my second order",
    "I paid with PayPal", "The courier left it at the front desk", "We have three of these at the office",
    "I picked the large size", "It was a birthday present", "I placed the order last Friday",
    "My account email is the same as before", "The parcel came by DHL", "I live on the fourth floor",
    "I have had it for two weeks", "It replaced my old kettle", "The model number is X200",
    "I bought two of them", "The delivery was scheduled for Monday",
]

EN_NEGATIVE: list[str] = [
    "The app keeps logging me out", "Still waiting for my refund after three weeks",
    "The charger stopped charging after a month", "Nobody answered my emails",
    "The box was crushed and the lid was missing", "Battery drains in two hours",
    "I was charged twice for the same order", "The delivery was a day late and nobody told me",
    "The zipper broke the first time I used it", "Too loud to use at night",
    "The screen flickers all the time", "They sent me the wrong color",
    "Setup took forever and the instructions made no sense", "It smells like burnt plastic",
    "Customer service hung up on me", "The strap snapped within a week",
    "Half the features don't work offline", "My order was cancelled without any explanation",
    "The fit is way too tight", "It leaks every time I fill it",
]

EN_POSITIVE: list[str] = [
    "Arrived early and works perfectly", "The support agent fixed it in five minutes",
    "Great value for the price", "My kids love it", "Setup was quick and painless",
    "Battery lasts all week", "Exactly what I needed", "The sound quality is amazing",
    "Fits perfectly and looks great", "Really happy with this purchase",
    "The staff were friendly and helpful", "Refund came through the next day, thank you",
    "Would definitely buy again", "Much better than my old one", "Easy to clean",
    "Solid build and very comfortable", "Delivery was fast and the packaging was neat",
    "Five stars, no complaints", "The new update made it so much faster", "Highly recommend this seller",
]

EN_QUESTIONS_REQUESTS: list[str] = [
    "Can I return it after 30 days?", "Where is my package?", "Please cancel my order",
    "How do I pair it with my phone?", "Could you send me the invoice?", "Is this compatible with iPhone 12?",
    "I'd like to change the delivery address", "When will the black one be back in stock?",
    "Please update my billing details", "Do you offer student discounts?",
]

#: Questions and requests as chat and tickets write them: no "？", no 请/麻烦 opener.  Written
#: in one go (issue 8, 2026-12-04) before the unpunctuated-act rule existed; its markers
#: (什么时候 in the text, 我想/我要 openers) were then chosen by looking at what failed here, so
#: this set is no longer held out: 0.233 -> 0.533 is an in-sample figure (10 of 30 still read
#: as polar: 退货, 快递, 门店 carry a lean learned from reviews).
ZH_ACTS_UNPUNCTUATED: list[str] = """
什么时候发货 啥时候能到 这个怎么安装 保修多长时间 发什么快递 能开发票吗 有没有优惠 几天能到 可以退货吗
什么时间能送到 请问门店在哪里 这款有现货吗 支持花呗分期吗 多长时间能退款 怎么联系人工客服 我想改一下地址
我想换个颜色 我要开发票 我需要发票 帮我取消订单 我想退掉这个订单 尽快给我回电话 我想咨询一下会员积分
我想查一下物流 能不能改成周末送 给我开个发票 我要改地址 我想要黑色的 今天能发货吗 下午能送到吗
""".split()

#: The same for English, written in one go (2026-12-04) before the bare-question rule existed;
#: the rule's shape was set on these and on the Amazon snippets' false alarms, so 0.10 -> 0.85
#: is in-sample too (3 of 20 still read as polar: "fit", "refund" carry a lean).
EN_ACTS_UNPUNCTUATED: list[str] = [
    "when will my order ship", "where is my package", "how do i reset my password",
    "can i get an invoice", "do you ship to canada", "is this available in black",
    "what is the warranty period", "how long does delivery take", "can you change my delivery address",
    "could you send me the invoice", "is there a discount for students", "how do i return this item",
    "which charger works with this model", "does it come with a manual", "can i pay in installments",
    "will it fit a queen bed", "when does the store open", "who do i contact about billing",
    "has my refund been processed", "are you open on sundays",
]

#: Short product complaints and praise (devices, home goods, delivery, service), written in two
#: goes on 2026-12-04 against the shipped model, which they did not change (a lexicon change
#: measured on them was rejected: tools/train_zh_sentiment.py).  The shipped model: complaints
#: 0.92 (neutral: 异味, 起球, 烧焦味, 压耳朵), praise 0.70 (灯光很柔和, 快递小哥很客气 read
#: negative: the corpus taught no weight for words it never saw, and HowNet's positive flag
#: weighs little).
ZH_PRODUCT_COMPLAINTS: list[str] = """
洗衣机甩干时晃得厉害 衣服洗完有异味 手表表带断了 摄像头画面很模糊 扫地机老是撞墙 耳机左边没声音 外壳掉漆了
插座冒火花 收到的杯子碎了 键盘有几个键不灵 热水器忽冷忽热 冰箱制冷效果差 手机充电口接触不良 路由器信号时有时无
拉链卡住拉不动 鞋子开胶了 毛衣洗一次就起球 快递盒子湿透了 电视有条竖线 空调外机声音大得吓人 软件注册总失败
优惠券用不了 客服电话打不通 门锁识别不了指纹 说好的赠品没给 尺码偏大穿不了 净水器滤芯漏水 屏幕老是自己乱跳
吹风机有烧焦味 烤箱温度不准 电饭煲煮的饭夹生 耳机戴着压耳朵 水龙头关不紧一直滴水 灯泡用了一周就不亮了
行李箱轮子掉了 床垫有股怪味 眼镜框歪了 面膜用了脸过敏 台灯一闪一闪的 保温杯不保温 体重秤数据乱跳 手机壳尺寸不对
电动车充不满电 裤子线头很多 投影仪画面发黄 锅底粘锅严重 窗帘颜色和图片差很多 快递员态度很差 发票一直开不出来
会员积分莫名其妙清零了
""".split()
ZH_PRODUCT_PRAISE: list[str] = """
洗得很干净 信号很稳定 画质清晰 指纹解锁很灵敏 穿着很舒服 声音很清脆 制冷很快 做工精细 客服态度很耐心 性价比很高
米饭煮得很香 灯光很柔和 轮子很顺滑 保温效果很好 数据很准 投影很清楚 锅不粘很好洗 颜色和图片一样 快递小哥很客气
积分兑换很方便
""".split()
