"""Weak signals: found when planted, not found when absent; counts kept honestly."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from vocdesk.engine.errors import UsageError
from vocdesk.engine.signals.combos import combos_of
from vocdesk.engine.signals.detect import onset_index, rate_test, scan_matrix
from vocdesk.engine.workspace import Workspace

BACKGROUND = ["物流很快包装完好", "客服态度很好耐心解答", "价格有点贵但是质量不错", "屏幕显示清晰色彩鲜艳",
              "电池续航一般般", "安装师傅准时上门", "外观漂亮做工精致", "退款流程太慢了", "APP经常闪退",
              "声音洪亮音质饱满", "说明书写得不清楚", "赠品没有收到", "快递员服务热情", "操作简单老人也会用",
              "充电速度很快", "颜色和图片不一样", "尺寸刚刚好", "味道有点大", "会员积分不能用", "发票开得很及时"]
PLANTED = "扫地机器人R5的边刷异响卡住"


def test_rate_test_matches_statsmodels_exact_conditional():
    from statsmodels.stats.rates import test_poisson_2indep

    p, g = rate_test(np.array([12.0]), np.array([20.0]), 1000.0, 9000.0)
    ref = test_poisson_2indep(12, 1000, 20, 9000, method="exact-cond", alternative="larger")
    assert p[0] == pytest.approx(ref.pvalue, rel=1e-9)
    assert g[0] == pytest.approx((12 / 1000) / (20.5 / 9000))


def test_onset_finds_the_step():
    n = np.full(20, 500.0)
    k = np.array([1] * 12 + [9] * 8, float)
    assert onset_index(k, n) == 12


def _matrix(seed: int, weeks: int = 40, m: int = 400, plant_at: int | None = None):
    rng = np.random.default_rng(seed)
    totals = rng.poisson(2000, weeks).astype(float)
    rates = rng.gamma(0.6, 0.002, m)             # shares of background combinations
    counts = rng.poisson(np.outer(rates, totals)).astype(float)
    if plant_at is not None:
        share = np.where(np.arange(weeks) >= plant_at, 0.01, 0.0002)
        counts[0] = rng.poisson(share * totals)
    return counts, totals


def test_planted_combination_is_found_and_absent_one_is_not():
    counts, totals = _matrix(1, plant_at=34)
    out = scan_matrix(counts, totals, 36, (7 // 7, 2, 4), 26)
    assert out["flagged"][0]
    assert out["flagged"][1:].sum() == 0
    null_counts, null_totals = _matrix(1)
    flagged = sum(scan_matrix(null_counts, null_totals, t, (1, 2, 4), 26)["flagged"].sum()
                  for t in range(30, 40))
    assert flagged == 0


def test_combinations_of_a_row():
    keys = combos_of(["边刷", "异响", "卡住"], {"product": ["扫地机器人 R5"], "feature": ["边刷"]})
    assert "ppt:product=扫地机器人 R5|feature=边刷|异响" in keys
    assert "ppt:product=扫地机器人 R5|feature=边刷" in keys
    assert "terms:异响|边刷" in keys
    assert "ppt:product=扫地机器人 R5|feature=边刷|边刷" not in keys   # repeats the part


def _frame(planted: bool, seed: int = 3, weeks: int = 34) -> pd.DataFrame:
    rnd = random.Random(seed)
    start = date(2026, 1, 5)
    rows = []
    for w in range(weeks):
        for i in range(60):
            d = start + timedelta(days=7 * w + i % 7)
            rows.append({"text": "，".join(rnd.sample(BACKGROUND, 2)), "created_at":
                         f"{d.isoformat()}T10:00:00+08:00", "customer_id": f"C{rnd.randrange(900)}"})
        if planted and w >= weeks - 3:
            for i in range(8):
                d = start + timedelta(days=7 * w + i % 7)
                rows.append({"text": PLANTED + f"，第{i}次", "created_at":
                             f"{d.isoformat()}T11:00:00+08:00", "customer_id": f"P{w}{i}"})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def signal_workspaces(tmp_path_factory):
    paths = {}
    for planted in (True, False):
        path = tmp_path_factory.mktemp("sig") / f"{planted}.vocdesk"
        with Workspace.create(path) as ws:
            ws.imports.import_dataframe(_frame(planted), "test:feedback")
            ws.analyze(workers=1)
        paths[planted] = path
    return paths


def test_workspace_finds_planted_signal(signal_workspaces):
    with Workspace.open(signal_workspaces[True]) as ws:
        found = ws.signals.detect()
        assert found, "the planted signal was not flagged"
        top = found[0]
        assert all(any(w in "|".join(s["terms"]).lower() for w in ("边刷", "异响", "卡住", "r5"))
                   for s in found)
        assert top["q"] <= 0.05 and top["recent"] >= 5
        assert date.fromisoformat(top["onset"]) >= date(2026, 1, 5) + timedelta(weeks=28)
        texts = [r["text"] for r in ws.feedback(top["example_ids"])]
        assert texts and all(PLANTED in t for t in texts)


def test_workspace_without_signal_flags_nothing(signal_workspaces):
    with Workspace.open(signal_workspaces[False]) as ws:
        assert ws.signals.detect() == []
        assert ws.signals.detect(window="month") == []


def test_reanalysis_and_recount_keep_counts_exact(signal_workspaces, tmp_path):
    import shutil

    path = tmp_path / "copy.vocdesk"
    shutil.copy(signal_workspaces[True], path)
    with Workspace.open(path) as ws:
        def snapshot():
            return ws.db.execute("SELECT day, combo, n FROM signal_counts ORDER BY 1, 2").fetchall()

        before = snapshot()
        ws.analyze(force=True, workers=1)
        assert snapshot() == before
        ws.signals.recount()
        assert snapshot() == before
        rows = ws.db.execute("SELECT COUNT(*) FROM signal_rows").fetchone()[0]
        assert rows == ws.stats()["feedback"]


def test_dismissed_signal_is_hidden_and_watch_is_shown(signal_workspaces, tmp_path):
    import shutil

    path = tmp_path / "copy.vocdesk"
    shutil.copy(signal_workspaces[True], path)
    with Workspace.open(path) as ws:
        first = ws.signals.detect()
        ws.signals.set_state(first[0]["key"], "dismissed")
        assert first[0]["key"] not in [s["key"] for s in ws.signals.detect()]
        ws.signals.set_state(first[1]["key"], "watched")
        assert [s["state"] for s in ws.signals.detect() if s["key"] == first[1]["key"]] == \
            ["watched"]
        with pytest.raises(UsageError):
            ws.signals.set_state(first[1]["key"], "snoozed")
        with pytest.raises(UsageError):
            ws.signals.detect(window="year")


def test_outreach_for_a_signal_lists_mentioners_then_same_product(signal_workspaces, tmp_path):
    import csv

    with Workspace.open(signal_workspaces[True]) as ws:
        top = next(s for s in ws.signals.detect() if s["kind"] == "ppt")
        rows = ws.actions.outreach(signal=top["key"], out=tmp_path / "o.csv")
        mentioned = [r for r in rows if r["group"] == "mentioned"]
        assert mentioned and all(r["customer_id"].startswith("P") for r in mentioned)
        assert all(PLANTED in r["latest_text"] for r in mentioned)
        with (tmp_path / "o.csv").open(encoding="utf-8-sig") as fh:
            assert len(list(csv.DictReader(fh))) == len(rows)
        with pytest.raises(UsageError):
            ws.actions.outreach()


def test_outreach_text_is_redacted(tmp_path):
    frame = pd.DataFrame({"text": ["边刷坏了，打我电话13912345678"], "customer_id": ["C1"],
                          "created_at": ["2026-03-01T10:00:00+08:00"]})
    with Workspace.create(tmp_path / "r.vocdesk") as ws:
        ws.imports.import_dataframe(frame, "t", redact=False)
        ws.analyze(workers=1)
        aid = ws.actions.add("x", evidence=[1])
        rows = ws.actions.outreach(action_id=aid)
        assert rows and "13912345678" not in rows[0]["latest_text"]
