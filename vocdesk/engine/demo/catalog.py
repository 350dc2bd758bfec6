"""The invented demo brand: 青禾智能 (Qinghe Smart), its products, stores and regions.

The product names here are exactly the values of the ``product`` facet in
``resources/taxonomy/default.yaml`` (a test keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass

BRAND_ZH = "青禾智能"
BRAND_EN = "Qinghe"
APP_NAME_ZH = "青禾智家App"


@dataclass(frozen=True)
class Product:
    name: str                 # canonical name == taxonomy product value
    aliases_zh: tuple[str, ...]
    aliases_en: tuple[str, ...]
    price: int                # CNY
    weight: float             # share of feedback volume
    features: tuple[str, ...]  # keys into FEATURE_WORDS (generic talk)


# feature key -> (Chinese words used in text, English words used in text)
# Every Chinese word here is a term of that feature in the taxonomy's feature facet.
FEATURE_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "电池续航": (("续航", "电池", "待机时间", "电量"), ("battery life", "battery")),
    "充电": (("充电", "充电器", "充电座", "充电口"), ("charging", "charger")),
    "屏幕": (("屏幕", "显示屏", "屏幕亮度"), ("screen", "display")),
    "蓝牙连接": (("蓝牙", "蓝牙连接", "配对"), ("bluetooth", "pairing")),
    "App连接": (("App连接", "配网", "WiFi连接"), ("app connection", "wifi")),
    "噪音": (("噪音", "噪声", "运行噪音"), ("noise", "noisy")),
    "边刷": (("边刷",), ("side brush",)),
    "滚刷": (("滚刷", "主刷"), ("main brush", "roller brush")),
    "吸力": (("吸力",), ("suction",)),
    "尘盒": (("尘盒", "集尘盒"), ("dustbin",)),
    "滤网": (("滤网", "滤芯"), ("filter",)),
    "避障导航": (("避障", "建图", "导航", "回充"), ("navigation", "obstacle avoidance")),
    "表带": (("表带", "表扣"), ("strap", "watch band")),
    "健康监测": (("心率", "睡眠监测", "血氧", "计步"), ("heart rate", "sleep tracking")),
    "防水": (("防水", "进水"), ("waterproof",)),
    "降噪": (("降噪", "主动降噪"), ("noise cancelling", "ANC")),
    "音质": (("音质", "低音", "音效"), ("sound quality", "bass")),
    "佩戴舒适": (("佩戴", "佩戴感", "耳塞"), ("fit", "comfort")),
    "麦克风通话": (("通话", "麦克风"), ("microphone", "call quality")),
    "刷头": (("刷头", "刷毛"), ("brush head",)),
    "清洁力度": (("震动", "力度", "清洁模式"), ("vibration", "cleaning modes")),
    "指纹识别": (("指纹", "指纹识别", "人脸识别"), ("fingerprint", "face unlock")),
    "门锁开合": (("锁舌", "开锁", "反锁", "密码开锁"), ("lock bolt", "unlocking")),
    "语音识别": (("语音识别", "唤醒词", "语音助手"), ("voice recognition", "wake word")),
    "传感器": (("传感器", "空气质量显示", "PM2.5数值", "甲醛数值"), ("sensor", "air quality reading")),
    "水箱": (("水箱",), ("water tank", "leaking")),
    "外观做工": (("做工", "外观", "颜值", "质感"), ("build quality", "design")),
    "摄像画质": (("画质", "夜视", "回放"), ("image quality", "night vision")),
}

PRODUCTS: tuple[Product, ...] = (
    Product("扫地机器人 R5", ("扫地机器人R5", "R5扫地机", "青禾R5", "R5"),
            ("R5 robot vacuum", "Qinghe R5"), 2499, 0.20,
            ("电池续航", "吸力", "滚刷", "尘盒", "滤网", "避障导航", "噪音", "App连接", "充电")),
    Product("空气净化器 A3", ("空气净化器A3", "A3净化器", "净化器A3", "青禾A3"),
            ("A3 air purifier", "Qinghe A3"), 1699, 0.12,
            ("滤网", "噪音", "传感器", "App连接", "外观做工")),
    Product("智能手表 W2", ("智能手表W2", "W2手表", "青禾W2", "W2"),
            ("W2 smartwatch", "Qinghe W2"), 999, 0.16,
            ("电池续航", "屏幕", "表带", "健康监测", "蓝牙连接", "充电", "防水")),
    Product("蓝牙耳机 E1", ("蓝牙耳机E1", "E1耳机", "青禾E1", "E1"),
            ("E1 earbuds", "Qinghe E1"), 399, 0.16,
            ("降噪", "音质", "蓝牙连接", "电池续航", "佩戴舒适", "麦克风通话", "充电")),
    Product("电动牙刷 T1", ("电动牙刷T1", "T1牙刷", "青禾T1", "T1"),
            ("T1 electric toothbrush", "Qinghe T1"), 299, 0.10,
            ("刷头", "清洁力度", "电池续航", "充电", "防水")),
    Product("智能门锁 L1", ("智能门锁L1", "L1门锁", "青禾L1", "门锁L1"),
            ("L1 smart lock", "Qinghe L1"), 1899, 0.11,
            ("指纹识别", "门锁开合", "电池续航", "App连接", "外观做工")),
    Product("智能音箱 S1", ("智能音箱S1", "S1音箱", "青禾S1"),
            ("S1 smart speaker", "Qinghe S1"), 349, 0.08,
            ("语音识别", "音质", "蓝牙连接", "App连接")),
    Product("智能摄像头 C2", ("智能摄像头C2", "C2摄像头", "青禾C2"),
            ("C2 camera", "Qinghe C2"), 259, 0.07,
            ("摄像画质", "App连接", "噪音")),
)

PRODUCT_NAMES: tuple[str, ...] = tuple(p.name for p in PRODUCTS)
PRODUCT_BY_NAME = {p.name: p for p in PRODUCTS}

# (store name, region)
STORES: tuple[tuple[str, str], ...] = (
    ("上海南京西路店", "上海"), ("上海徐家汇店", "上海"), ("上海五角场店", "上海"),
    ("北京三里屯店", "北京"), ("北京西单店", "北京"), ("北京望京店", "北京"),
    ("广州天河城店", "广东"), ("深圳万象城店", "广东"), ("深圳海岸城店", "广东"),
    ("杭州湖滨店", "浙江"), ("杭州滨江店", "浙江"), ("宁波天一店", "浙江"),
    ("成都春熙路店", "四川"), ("成都太古里店", "四川"), ("南京新街口店", "江苏"),
    ("苏州观前街店", "江苏"), ("武汉楚河汉街店", "湖北"), ("西安钟楼店", "陕西"),
    ("重庆解放碑店", "重庆"), ("长沙五一广场店", "湖南"),
)

REGIONS: tuple[tuple[str, float], ...] = (
    ("广东", 0.15), ("上海", 0.12), ("北京", 0.11), ("浙江", 0.11), ("江苏", 0.10),
    ("四川", 0.07), ("湖北", 0.05), ("山东", 0.06), ("湖南", 0.04), ("重庆", 0.04),
    ("陕西", 0.03), ("福建", 0.05), ("河南", 0.04), ("天津", 0.03),
)

CHANNELS: tuple[tuple[str, float], ...] = (
    ("survey", 0.22), ("app_store", 0.11), ("social", 0.18), ("forum", 0.08),
    ("ticket", 0.19), ("email", 0.07), ("chat", 0.15),
)

ID_PREFIX = {"survey": "SV", "app_store": "AS", "social": "SO", "forum": "FO",
             "ticket": "TK", "email": "EM", "chat": "CH"}

# (positive, neutral, negative) shares per channel
SENTIMENT_MIX = {
    "survey": (0.66, 0.18, 0.16), "app_store": (0.58, 0.09, 0.33),
    "social": (0.56, 0.10, 0.34), "forum": (0.45, 0.20, 0.35),
    "ticket": (0.25, 0.20, 0.55), "email": (0.28, 0.18, 0.54),
    "chat": (0.36, 0.24, 0.40),
}

# share of English rows per channel
ENGLISH_SHARE = {"survey": 0.07, "app_store": 0.30, "social": 0.06, "forum": 0.10,
                 "ticket": 0.08, "email": 0.28, "chat": 0.10}
