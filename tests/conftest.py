"""Shared fixtures and builders: offscreen Qt, small workspaces, the real data in ../shared/data.

The builders (``feedback_frame``, ``build_workspace``, ``write_controlled_tags``, ``make_frame`` …)
are Qt-free so engine, CLI and GUI tests share them: ``from tests.conftest import build_workspace``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "VOCDESK_CACHE_DIR" not in os.environ:     # the array cache of test workspaces (facts_disk)
    import tempfile

    os.environ["VOCDESK_CACHE_DIR"] = tempfile.mkdtemp(prefix="vocdesk-test-cache-")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("VOCDESK_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real labelled reviews; skip when absent, fail in CI when required."""
    if not SHARED_DATA.is_dir():
        if os.environ.get("VOCDESK_REQUIRE_SHARED_DATA") == "1":
            pytest.fail(f"VOCDESK_REQUIRE_SHARED_DATA=1 but {SHARED_DATA} is missing")
        pytest.skip(f"{SHARED_DATA} is absent")
    return SHARED_DATA


# --------------------------------------------------------------------- the 60-row builders
TEXTS = [
    "物流太慢了，等了五天才到", "客服态度很差，一直不回复", "质量很好，很满意",
    "屏幕有划痕，要求退款", "发货很快，包装完好", "一般般吧，没什么感觉",
    "电池不耐用，充电慢", "The delivery was late and support was rude",
    "Great product, works well", "安装师傅很专业，点赞",
]


def feedback_frame(n: int = 60) -> pd.DataFrame:
    return pd.DataFrame([{
        "text": f"{TEXTS[i % len(TEXTS)]} 编号{i}",
        "created_at": f"2026-01-{1 + i % 28:02d} 10:00",
        "channel": ["app", "web", "wechat"][i % 3],
        "customer_id": f"c{i % 20}",
    } for i in range(n)])


def customers_frame() -> pd.DataFrame:
    # c0..c4 are VIPs; c5 is a VIP without a value on file (ranks by its segment's average)
    return pd.DataFrame([{
        "customer_id": f"c{i}", "segment": "VIP" if i < 6 else "普通",
        "lifetime_value": None if i == 5 else float(1000 * (20 - i)),
    } for i in range(20)])


def build_workspace(path: Path, n: int = 60, analyze: bool = True) -> Path:
    """Create a workspace of ``n`` feedback rows and 20 customers; analyse it if asked.

    ``n=0`` gives a workspace with customers but no feedback (what a page sees when empty).
    """
    from vocdesk.engine.workspace import Workspace

    ws = Workspace.create(path)
    try:
        if n:
            ws.imports.import_dataframe(feedback_frame(n), "test:feedback")
        ws.imports.import_dataframe(customers_frame(), "test:customers", kind="customers")
        if analyze and n:
            ws.analyze(workers=1)
    finally:
        ws.close()
    return path


def controlled_scores(n: int) -> dict[int, tuple[str, float, float, float]]:
    """Per id: (sentiment, confidence, p_positive, category score), known to the tests."""
    out = {}
    for fid in range(1, n + 1):
        senti = ("negative", "neutral", "positive")[fid % 3]
        conf = round(0.5 + ((fid * 7) % 50) / 100, 4)          # 0.50 … 0.99, all distinct for n ≤ 50
        p_pos = {"negative": 0.1, "neutral": 0.5, "positive": 0.9}[senti]
        cat = 0.95 if fid % 4 else 0.99
        out[fid] = (senti, conf, p_pos, cat)
    return out


def write_controlled_tags(ws, n: int) -> dict[int, tuple[str, float, float, float]]:
    """Replace analysis results by known scores so queue orders can be checked exactly."""
    from vocdesk.engine.store import tags as store_tags
    from vocdesk.engine.store import transaction

    scores = controlled_scores(n)
    tags, analysis = [], []
    for fid, (senti, conf, p_pos, cat) in scores.items():
        tags.append((fid, "sentiment", senti, conf, "test", None))
        tags.append((fid, "category", "物流配送", cat, "cat-test", json.dumps([[0, 2]])))
        tags.append((fid, "department", "物流部", 0.01, "derived:category=物流配送", None))
        analysis.append((fid, "test", "2026-01-01T00:00:00+00:00", p_pos, "[]"))
    with transaction(ws.db):
        store_tags.replace_auto_tags(ws.db, list(scores), tags, analysis)
    return scores


def copy_workspace(src: Path, target: Path) -> Path:
    """A consistent copy of a workspace file (through SQLite's backup, WAL included)."""
    from vocdesk.engine.workspace import Workspace

    ws = Workspace.open(src)
    try:
        ws.save_copy(target)
    finally:
        ws.close()
    return target


@pytest.fixture(scope="session")
def analysed_template(tmp_path_factory) -> Path:
    return build_workspace(tmp_path_factory.mktemp("tpl") / "analysed.vocdesk", n=60)


@pytest.fixture
def analysed_ws_path(analysed_template, tmp_path) -> Path:
    """A fresh copy of a 60-row analysed workspace (analysis runs once per session)."""
    return copy_workspace(analysed_template, tmp_path / "w.vocdesk")


@pytest.fixture(scope="session")
def tiny_templates(tmp_path_factory) -> dict[int, Path]:
    """Analysed workspaces of 0 and 1 feedback rows, built once per session."""
    root = tmp_path_factory.mktemp("tiny")
    return {n: build_workspace(root / f"rows{n}.vocdesk", n=n) for n in (0, 1)}


@pytest.fixture
def tiny_ws_path(tiny_templates, tmp_path):
    """``tiny_ws_path(n)``: a fresh copy of the ``n``-row workspace (n = 0 or 1)."""
    def make(n: int) -> Path:
        return copy_workspace(tiny_templates[n], tmp_path / f"tiny{n}.vocdesk")
    return make


# --------------------------------------------------------------------- the 600-row builders
PARTS_ZH = ["退款一直没到账", "物流太慢了等了五天", "客服态度很差", "我很不满意", "非常满意",
            "质量不错", "送货上门很快", "电池续航太短", "扫地机器人经常卡住", "app闪退好几次",
            "包装破损", "价格有点贵", "安装师傅很专业", "客服不回复消息", "发货很快"]
PARTS_EN = ["Refund was slow", "Great product!", "customer service was rude", "NOT good",
            "delivery was late", "battery life is short"]
CHANNELS = ["app", "电商", "热线", "问卷"]


def make_frame(n: int = 600, seed: int = 7) -> pd.DataFrame:
    """A small varied feedback table (Chinese and English, with customers and scores)."""
    rnd = random.Random(seed)
    texts = []
    for i in range(n):
        pool = PARTS_EN if i % 7 == 0 else PARTS_ZH
        texts.append("，".join(rnd.sample(pool, 2)) + f"。订单{i}")
    return pd.DataFrame({
        "text": texts,
        "created_at": [f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T10:{i % 60:02d}:00+08:00"
                       for i in range(n)],
        "channel": [CHANNELS[i % len(CHANNELS)] for i in range(n)],
        "customer_id": [f"C{i % 80:03d}" for i in range(n)],
        "rating": [1 + (i * 7) % 5 for i in range(n)],
    })


def make_customers() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": [f"C{i:03d}" for i in range(80)],
                         "segment": ["VIP" if i % 5 == 0 else "普通" for i in range(80)],
                         "orders": [i % 9 for i in range(80)],
                         "lifetime_value": [100.0 * i for i in range(80)]})


@pytest.fixture(scope="session")
def _template_workspace(tmp_path_factory) -> Path:
    from vocdesk.engine.workspace import Workspace

    path = tmp_path_factory.mktemp("tpl") / "small.vocdesk"
    with Workspace.create(path) as ws:
        ws.imports.import_dataframe(make_frame(), "test:feedback")
        ws.imports.import_dataframe(make_customers(), "test:customers", kind="customers")
        ws.analyze()
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def small_workspace(_template_workspace, tmp_path) -> Path:
    """A fresh copy of a 600-row analysed workspace (built once per session)."""
    target = tmp_path / "ws.vocdesk"
    shutil.copy(_template_workspace, target)
    return target
