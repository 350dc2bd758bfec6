"""GUI benchmark on a generated 1,000,000-row workspace.

Measures time to first paint of the explorer, filter latency, search latency (2-character and
longer queries), scroll-to-end time, and resident memory. Targets: first paint < 1 s, filter
or search < 200 ms, scroll to end < 1 s, RSS < 1.5 GB.

The workspace is generated fast, straight through the store (synthetic varied Chinese/English
texts and a few auto tags per row): full analysis of 1M rows takes minutes and is not what is
measured here. The search index is built once (timed and reported separately).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui.py [--rows 1000000]
        [--workspace /tmp/bench-1m.vocdesk] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

HEADS = ["快递", "物流", "客服", "售后", "退款", "App", "电池", "屏幕", "价格", "包装", "安装",
         "扫地机", "音箱", "门锁", "摄像头", "delivery", "refund", "battery", "app", "support"]
MIDS = ["太慢了", "很快", "态度很差", "非常专业", "一直没到账", "闪退", "续航不错", "有划痕",
        "性价比高", "破损了", "师傅很准时", "经常卡住", "声音很好", "识别不灵敏", "画面清晰",
        "was late", "took forever", "is great", "keeps crashing", "was helpful"]
TAILS = ["，不满意", "，很满意", "，希望改进", "！", "。", "，还会回购", "，要求退货", "，给差评",
         "，五星好评", "", " overall ok", " not good"]
CHANNELS = ["app", "电商", "热线", "问卷", "微信", "门店"]
CATS = ["物流配送", "客服服务", "售后维修", "产品质量", "价格促销", "App体验", "功能体验", "安装服务"]
DEPTS = ["物流部", "客服中心", "售后服务部", "质量部", "市场部", "技术部", "产品研发部"]
SENTS = ["positive", "neutral", "negative"]


def rss_mb() -> tuple[float, float]:
    cur = peak = 0.0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                cur = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return cur, peak


def generate(path: Path, n: int) -> dict:
    """Write ``n`` synthetic rows with auto tags straight through the store."""
    from vocdesk.engine.store import search as store_search
    from vocdesk.engine.store.browse_queries import save_order_cache
    from vocdesk.engine.store.feedback import FEEDBACK_COLUMNS, insert_feedback
    from vocdesk.engine.workspace import Workspace

    for side in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        if side.exists():
            side.unlink()
    rnd = random.Random(42)
    t0 = time.perf_counter()
    ws = Workspace.create(path)
    db = ws.db
    db.execute("PRAGMA synchronous = OFF")
    start_ts = 1_704_038_400.0      # 2024-01-01 (UTC+8 midnight)
    span = 2 * 365 * 86400
    batch = 50_000
    cols = {c: i for i, c in enumerate(FEEDBACK_COLUMNS)}
    with db.atomic():
        db.execute("INSERT INTO sources (id, kind, file_name, imported_at) "
                   "VALUES (1, 'feedback', 'bench', '2026-01-01')")
    from datetime import datetime, timedelta, timezone

    tz = timezone(timedelta(hours=8))
    for lo in range(0, n, batch):
        rows, tags, ana = [], [], []
        for i in range(lo, min(n, lo + batch)):
            fid = i + 1
            text = (rnd.choice(HEADS) + rnd.choice(MIDS) + rnd.choice(TAILS)
                    + (rnd.choice(HEADS) + rnd.choice(MIDS) if rnd.random() < 0.5 else "")
                    + f" #{rnd.randint(1, 99999)}")
            ts = start_ts + rnd.random() * span
            rec = [None] * len(FEEDBACK_COLUMNS)
            rec[cols["source_id"]] = 1
            rec[cols["source_row"]] = i + 2
            rec[cols["dedupe_key"]] = i
            rec[cols["text"]] = text
            rec[cols["created_at"]] = datetime.fromtimestamp(ts, tz).isoformat(timespec="seconds")
            rec[cols["created_ts"]] = ts
            rec[cols["channel"]] = CHANNELS[i % len(CHANNELS)]
            rec[cols["customer_id"]] = f"C{rnd.randint(1, 200_000)}"
            rec[cols["rating"]] = float(rnd.randint(1, 5))
            rec[cols["content_hash"]] = f"h{i}"
            rows.append(tuple(rec))
            s = rnd.choices(SENTS, (5, 2, 3))[0]
            tags.append((fid, "sentiment", s, round(rnd.random(), 3), "bench-model", None))
            for c in rnd.sample(CATS, rnd.choice((1, 1, 2))):
                tags.append((fid, "category", c, 0.8, "bench-rule", "[[0, 2]]"))
            tags.append((fid, "department", rnd.choice(DEPTS), 0.7, "bench-derived", None))
            ana.append((fid, "bench", "2026-01-01", round(rnd.random(), 3), '["bench"]'))
        with db.atomic():
            insert_feedback(db, rows)
            db.conn.executemany("INSERT INTO auto_tags (feedback_id, facet, value, score, origin, "
                                "spans) VALUES (?,?,?,?,?,?)", tags)
            db.conn.executemany("INSERT INTO analysis (feedback_id, version, analyzed_at, "
                                "sentiment_score, keywords) VALUES (?,?,?,?,?)", ana)
    t_rows = time.perf_counter() - t0
    t1 = time.perf_counter()
    store_search.sync_index(db, batch=50_000)
    t_index = time.perf_counter() - t1
    save_order_cache(db)            # as every import does at its end
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ws.close()
    return {"rows": n, "generate_s": round(t_rows, 1), "search_index_s": round(t_index, 1),
            "file_mb": round(path.stat().st_size / 2**20)}


def pump(app, ms: int = 0) -> None:
    end = time.perf_counter() + ms / 1000
    app.processEvents()
    while time.perf_counter() < end:
        app.processEvents()


def measure(path: Path) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("VOCDESK_SETTINGS", "/tmp/vocdesk-bench-settings.ini")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from vocdesk.ui.main_window import MainWindow

    out: dict = {"rss_before_open_mb": round(rss_mb()[0])}
    win = MainWindow()
    win.resize(1400, 900)
    win.show()
    pump(app)
    ex = win.explorer
    t0 = time.perf_counter()
    win.open_path(path)
    win.repaint()                      # synchronous paint of the whole window
    ex.table.viewport().repaint()
    out["first_paint_ms"] = round((time.perf_counter() - t0) * 1000)
    out["rows_shown"] = ex.model.rowCount()
    out["rows_fetched_after_paint"] = ex.model.rows_fetched
    # the monthly chart is computed by a background job; the window stays responsive meanwhile
    # (measured below), but the figures after it are taken once it is done (2 CPUs here)
    worst_gap = 0.0
    last = time.perf_counter()
    while win.session.busy:
        app.processEvents()
        now = time.perf_counter()
        worst_gap = max(worst_gap, now - last)
        last = now
        time.sleep(0.005)
    pump(app, 50)
    out["chart_ready_ms"] = round((time.perf_counter() - t0) * 1000)
    out["worst_event_loop_gap_while_chart_job_ms"] = round(worst_gap * 1000, 1)

    def timed(fn) -> float:
        t = time.perf_counter()
        fn()
        ex.table.viewport().repaint()
        return round((time.perf_counter() - t) * 1000, 1)

    fb = ex.filter_bar
    filt = {}
    for name, setup in (
            ("channel=app", lambda: fb.channel.set_selected(["app"])),
            ("+sentiment=negative", lambda: fb.facet_buttons["sentiment"].set_selected(["negative"])),
            ("+category=物流配送", lambda: fb.facet_buttons["category"].set_selected(["物流配送"])),
            ("reset", lambda: fb.set_filter(type(fb.filter())()))):
        setup()
        fb._timer.stop()
        filt[name] = (timed(ex.apply_filter), ex.model.rowCount(), round(ex.last_query_ms, 1))
    fb.set_filter(type(fb.filter())())
    out["filter_ms"] = filt
    searches = {}
    for q in ("退款", "物流", "客服", "不满意", "refund", "太慢了，不满意", "退"):
        fb.search.setText(q)
        fb._timer.stop()
        searches[q] = (timed(ex.apply_filter), ex.model.rowCount(), round(ex.last_query_ms, 1))
    fb.search.setText("物流")
    fb.facet_buttons["sentiment"].set_selected(["negative"])
    fb._timer.stop()
    searches["物流 + negative"] = (timed(ex.apply_filter), ex.model.rowCount(),
                                   round(ex.last_query_ms, 1))
    out["search_ms"] = searches
    fb.set_filter(type(fb.filter())())
    pump(app)
    t = time.perf_counter()
    ex.table.scrollToBottom()
    ex.table.viewport().repaint()
    out["scroll_to_end_ms"] = round((time.perf_counter() - t) * 1000, 1)
    t = time.perf_counter()
    ex.table.scrollToTop()
    ex.table.viewport().repaint()
    out["scroll_to_top_ms"] = round((time.perf_counter() - t) * 1000, 1)
    out["rows_fetched_total"] = ex.model.rows_fetched
    cur, peak = rss_mb()
    out["rss_mb"] = round(cur)
    out["rss_peak_mb"] = round(peak)
    win.session.jobs.shutdown()        # the chart's background job
    win.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--workspace", default="/tmp/bench-1m.vocdesk")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    path = Path(args.workspace)
    print("NOTE: rows are written straight through the store with a few synthetic auto tags; "
          "full analysis of 1M rows is not run here (it takes minutes).")
    if args.rebuild or not path.exists():
        print(json.dumps({"generated": generate(path, args.rows)}, ensure_ascii=False))
    res = measure(path)
    print(json.dumps(res, ensure_ascii=False, indent=1))
    ok = (res["first_paint_ms"] < 1000 and res["scroll_to_end_ms"] < 1000
          and res["rss_peak_mb"] < 1536
          and all(v[0] < 200 for v in res["filter_ms"].values())
          and all(v[0] < 200 for v in res["search_ms"].values()))
    print("targets met" if ok else "SOME TARGETS MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
