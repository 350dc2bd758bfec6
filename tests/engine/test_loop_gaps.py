"""The loop's missing pieces: a signal becomes a rule, distinct customers behind a signal, the
tuned sensitive-word rule, the month-later reminder, rule precision, the ticket-tool round
trip (export, import by id: appended, idempotent, all or nothing, errors with row/column)."""

from __future__ import annotations

import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from tests.engine.test_signals import PLANTED, _frame
from vocdesk.engine.errors import InputError, UsageError
from vocdesk.engine.workspace import Workspace

SH = ZoneInfo("Asia/Shanghai")


def t(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=SH)


@pytest.fixture(scope="module")
def planted_path(tmp_path_factory):
    """The planted-signal workspace, its planted rows written by only four customers."""
    frame = _frame(True)
    mask = frame["text"].str.startswith(PLANTED)
    frame.loc[mask, "customer_id"] = [f"P{i % 4}" for i in range(int(mask.sum()))]
    path = tmp_path_factory.mktemp("gaps") / "p.vocdesk"
    with Workspace.create(path) as ws:
        ws.imports.import_dataframe(frame, "t")
        ws.analyze(workers=1)
    return path


@pytest.fixture
def planted(planted_path, tmp_path):
    path = tmp_path / "p.vocdesk"
    shutil.copy(planted_path, path)
    with Workspace.open(path) as ws:
        yield ws


# --- signals --------------------------------------------------------------------------------

def test_signal_counts_distinct_customers(planted):
    top = planted.signals.detect()[0]
    rows = planted.feedback(top["recent_ids"])
    assert len(rows) == top["recent"]
    assert top["customers_recent"] == len({r["customer_id"] for r in rows}) == 4
    assert top["customers_baseline"] is not None


def test_signal_becomes_a_rule_that_tags_its_rows(planted):
    top = next(s for s in planted.signals.detect() if s["kind"] == "terms")
    out = planted.signals.to_rule(top["key"], "category", "边刷故障", who="analyst")
    assert all(f'"{p}"' in out["expr"] for p in top["terms"]) and " AND " in out["expr"]
    value = planted.taxonomy.facet("category").value("边刷故障")
    assert [r.id for r in value.rules] == [out["rule_id"]]
    tagged = planted.effective_tags(top["recent_ids"])
    assert all("边刷故障" in [x["value"] for x in tagged[i].get("category", [])]
               for i in top["recent_ids"])
    from vocdesk.engine.store import signals as store_signals

    assert store_signals.states(planted.db)[top["key"]] == "watched"
    with pytest.raises(UsageError, match="already has the rule"):
        planted.signals.to_rule(top["key"], "category", "边刷故障", retag=False)
    with pytest.raises(UsageError, match="no facet"):
        planted.signals.to_rule(top["key"], "nope", "x", retag=False)


def test_dismiss_and_watch_persist(planted):
    key = planted.signals.detect()[0]["key"]
    planted.signals.set_state(key, "dismissed")
    assert key not in [s["key"] for s in planted.signals.detect()]
    planted.signals.set_state(key, "watched")
    assert next(s for s in planted.signals.detect() if s["key"] == key)["state"] == "watched"


# --- the tuned sensitive-word rule ----------------------------------------------------------

def _alert_ws(path, texts, days, customers=None):
    frame = pd.DataFrame({"text": texts,
                          "created_at": [f"2026-03-{d:02d}T10:00:00+08:00" for d in days],
                          "customer_id": customers or [f"C{i}" for i in range(len(texts))]})
    ws = Workspace.create(path)
    ws.imports.import_dataframe(frame, "t")
    ws.analyze(workers=1)
    return ws


def _sensitive(ws):
    return [a for a in ws.actions.list() if a["rule_id"] == "sensitive-words"]


def test_a_legal_threat_creates_one_action_and_weak_words_are_grouped(tmp_path):
    texts = ["扫地机器人坏了三次，客服不理人，我已经找了律师，再不处理就打12315",
             "快递太慢了，非常失望，我要投诉", "物流太差了，包裹丢了，要投诉",
             "东西不错，投诉渠道也很方便",              # weak word on a positive row
             "去年的事，我找了律师"]                   # too old to page anyone
    with _alert_ws(tmp_path / "a.vocdesk", texts, [20, 20, 21, 21, 1]) as ws:
        acts = _sensitive(ws)
        strong = [a for a in acts if "律师" in a["title"]]
        assert len(strong) == 1 and len(strong[0]["evidence"]) == 1
        assert "12315" in strong[0]["title"]
        weak = [a for a in acts if a not in strong]
        evidence = sorted(i for a in weak for i in a["evidence"])
        assert 4 not in evidence and 5 not in evidence and 1 not in evidence
        assert len(weak) <= len(evidence)            # grouped by issue and week
        ws.analyze(force=True, workers=1)
        assert len(_sensitive(ws)) == len(acts)      # re-analysis never duplicates


def test_rule_made_titles_name_the_issue_by_label_in_each_language(tmp_path):
    """The UI shows the half of a rule-made title in its language: the English half names the
    category by its English label, and a row without a category says so, never "-"."""
    from vocdesk.i18n import language, set_language
    from vocdesk.ui.pages._action_detail import title_text  # what the actions page shows

    texts = ["快递太慢了，非常失望，我要投诉", "真让人失望，我要投诉"]
    was = language()
    with _alert_ws(tmp_path / "t.vocdesk", texts, [20, 21]) as ws:
        tax = ws.taxonomy.facet("category")
        weak = [a for a in _sensitive(ws) if "律师" not in a["title"]]
        assert weak
        try:
            for a in weak:
                set_language("en")
                en = title_text(a)
                set_language("zh_CN")
                zh = title_text(a)
                assert en.startswith("complaint words: ") and not en.startswith(
                    "complaint words: -") and "当周" not in en
                assert zh.startswith("投诉用语：") and "complaint" not in zh
                values = a["targets"].get("category", [])
                for v in values:
                    fv = tax.value(v)
                    assert (fv.label_zh or v) in zh
                    assert (fv.label_en or fv.label_zh or v) in en
                    if fv.label_en and fv.label_en != v:
                        assert v not in en             # no raw stored value in English
                if not values:
                    assert "uncategorised" in en and "未分类" in zh
        finally:
            set_language(was)


# --- the month-later reminder and rule precision ---------------------------------------------

def test_effect_check_due_after_a_month_until_evaluated(planted):
    aid = planted.actions.add("边刷批次", where={"product": ["扫地机器人 R5"]},
                              fixed_on="2026-07-01", now=t("2026-06-20 10:00"))
    planted.actions.set_status(aid, "resolved", now=t("2026-07-01 12:00"))
    assert not planted.actions.get(aid, now=t("2026-07-30 12:00"))["effect_check_due"]
    assert planted.actions.get(aid, now=t("2026-07-31 12:00"))["effect_check_due"]
    due = planted.actions.list(now=t("2026-08-05 12:00"), effect_check_due=True)
    assert [a["id"] for a in due] == [aid]
    r = planted.actions.evaluate(aid, now=t("2026-08-05 12:00"), who="analyst", record=True)
    a = planted.actions.get(aid, now=t("2026-08-06 12:00"))
    assert not a["effect_check_due"]
    assert a["evaluation"]["effect"] == pytest.approx(r["effect"])
    assert a["evaluation"]["who"] == "analyst"
    assert planted.actions.list(now=t("2026-08-06 12:00"), effect_check_due=True) == []


def test_rule_precision_counts_real_and_noise(planted):
    from vocdesk.engine.loop.alerts import effective_rules
    from vocdesk.engine.loop.service import create_action
    from vocdesk.engine.store.database import transaction

    rule = next(r for r in effective_rules(planted.db) if r["id"] == "vip-negative")
    with transaction(planted.db):
        ids = [create_action(planted.db, title=f"x{i}", rule=(rule["id"], f"k{i}"))
               for i in range(4)]
    planted.actions.set_status(ids[0], "resolved")
    planted.actions.set_status(ids[1], "resolved")
    planted.actions.set_status(ids[1], "verified")
    planted.actions.dismiss(ids[2], note="not a VIP complaint")
    prec = {r["rule_id"]: r for r in planted.actions.rule_precision()}["vip-negative"]
    assert (prec["actions"], prec["open"], prec["real"], prec["noise"]) == (4, 1, 2, 1)
    assert prec["precision"] == pytest.approx(2 / 3)
    planted.actions.set_status(ids[2], "in_progress")       # reopened: no longer noise
    prec = {r["rule_id"]: r for r in planted.actions.rule_precision()}["vip-negative"]
    assert (prec["open"], prec["noise"]) == (2, 0)


# --- the ticket-tool round trip ---------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_status_appends_events(planted, tmp_path, suffix):
    a1 = planted.actions.add("one", now=t("2026-08-01 10:00"))
    a2 = planted.actions.add("two", now=t("2026-08-01 10:00"))
    out = tmp_path / f"q{suffix}"
    assert planted.actions.export(out) == len(planted.actions.list())
    sheet = pd.read_csv(out, dtype=str) if suffix == ".csv" else pd.read_excel(out, dtype=str, engine="calamine")
    assert {str(a1), str(a2)} <= set(sheet["action_id"])
    sheet["status"] = sheet["status"].where(sheet["action_id"] != str(a1), "已解决")
    sheet["status"] = sheet["status"].where(sheet["action_id"] != str(a2), "In Progress")
    sheet["note"] = sheet["note"].where(sheet["action_id"] != str(a2), "工单 T-9 跟进中")
    sheet["owner"] = sheet["owner"].where(sheet["action_id"] != str(a2), "王五")
    back = tmp_path / f"back{suffix}"
    sheet.to_csv(back, index=False) if suffix == ".csv" else sheet.to_excel(back, index=False)
    before = planted.db.execute("SELECT COUNT(*) FROM action_events").fetchone()[0]
    r = planted.actions.import_status(back, who="ticket-sync")
    assert r["actions"] == 2
    one, two = planted.actions.get(a1), planted.actions.get(a2)
    assert one["status"] == "resolved" and one["events"][-2]["who"] == "ticket-sync"
    assert two["status"] == "in_progress" and two["owner"] == "王五"
    assert two["notes"][-1]["text"] == "工单 T-9 跟进中"
    after = planted.db.execute("SELECT COUNT(*) FROM action_events").fetchone()[0]
    assert after == before + r["events"]
    assert planted.actions.import_status(back)["events"] == 0      # a re-import adds nothing


def test_bad_import_names_row_and_column_and_writes_nothing(planted, tmp_path):
    a1 = planted.actions.add("one")
    a2 = planted.actions.add("two")
    path = tmp_path / "bad.csv"
    path.write_text(f"action_id,status\n{a1},resolved\n{a2},done-ish\n999,new\n",
                    encoding="utf-8")
    before = planted.db.execute("SELECT COUNT(*) FROM action_events").fetchone()[0]
    with pytest.raises(InputError) as err:
        planted.actions.import_status(path)
    probs = [(p.row, p.column) for p in err.value.problems]
    assert probs == [(3, "status"), (4, "action_id")]
    assert "done-ish" in str(err.value.problems[0]) and "999" in str(err.value.problems[1])
    assert planted.db.execute("SELECT COUNT(*) FROM action_events").fetchone()[0] == before
    assert planted.actions.get(a1)["status"] == "new"
    planted.actions.set_status(a2, "resolved")
    planted.actions.set_status(a2, "verified")
    path.write_text(f"action_id,status\n{a2},new\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot become new"):
        planted.actions.import_status(path)
    path.write_text("id,state\n1,new\n", encoding="utf-8")
    with pytest.raises(InputError, match="action_id"):
        planted.actions.import_status(path)


def test_weekly_series_carries_exactly_its_rows(planted):
    top = planted.signals.detect()[0]
    assert all(len(w["ids"]) == w["count"] for w in top["weekly"])
    assert set(top["recent_ids"]) <= {i for w in top["weekly"] for i in w["ids"]}
