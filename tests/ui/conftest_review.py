"""Small workspaces for the review queue, taxonomy editor and import wizard tests.

Qt-free on import so engine tests can use the builders too; UI test modules import the
fixtures with ``from tests.ui.conftest_review import *``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from vocdesk.engine.store import tags as store_tags
from vocdesk.engine.store import transaction
from vocdesk.engine.workspace import Workspace

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
    """Create a workspace of ``n`` feedback rows and 20 customers; analyse it if asked."""
    ws = Workspace.create(path)
    try:
        ws.import_dataframe(feedback_frame(n), "test:feedback")
        ws.import_dataframe(customers_frame(), "test:customers", kind="customers")
        if analyze:
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


def write_controlled_tags(ws: Workspace, n: int) -> dict[int, tuple[str, float, float, float]]:
    """Replace analysis results by known scores so queue orders can be checked exactly."""
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


@pytest.fixture(scope="session")
def analysed_template(tmp_path_factory) -> Path:
    return build_workspace(tmp_path_factory.mktemp("tpl") / "analysed.vocdesk", n=60)


@pytest.fixture
def analysed_ws_path(analysed_template, tmp_path) -> Path:
    """A fresh copy of a 60-row analysed workspace (analysis runs once per session)."""
    src = Workspace.open(analysed_template)
    try:
        target = tmp_path / "w.vocdesk"
        src.save_copy(target)
    finally:
        src.close()
    return target


@pytest.fixture
def review_session(qtbot, analysed_ws_path):
    """A Session (Qt) with the analysed workspace open; closed (jobs cancelled) at the end."""
    from vocdesk.ui.session import Session

    session = Session()
    session.open(analysed_ws_path)
    yield session
    session.close()


@pytest.fixture(autouse=True)
def english_ui():
    """These tests read English UI strings; the language is reset afterwards."""
    from vocdesk import i18n

    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)
