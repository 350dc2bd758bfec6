"""UI fixtures: an isolated settings file and a small analysed workspace built quickly."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

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
        ws.import_dataframe(make_frame(), "test:feedback")
        ws.import_dataframe(make_customers(), "test:customers", kind="customers")
        ws.analyze()
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def small_workspace(_template_workspace, tmp_path) -> Path:
    """A fresh copy of a 600-row analysed workspace (built once per session)."""
    target = tmp_path / "ws.vocdesk"
    shutil.copy(_template_workspace, target)
    return target


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("VOCDESK_SETTINGS", str(path))
    monkeypatch.setenv("VOCDESK_LANG", "en")
    from vocdesk import i18n

    i18n.set_language("en")
    return path


@pytest.fixture
def window(qtbot, small_workspace):
    """The main window with the small workspace open."""
    from vocdesk.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(small_workspace)
    win.show()
    yield win
    win.session.jobs.shutdown()
    win.session.close()
