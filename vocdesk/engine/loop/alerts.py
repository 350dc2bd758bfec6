"""Alert rules evaluated by analysis; each firing creates (or extends) one action.

Kinds: ``sensitive_words``, ``vip_negative`` (negative sentiment from a high-value customer),
``metric`` (negative share of the last days above a threshold), ``signal`` (a new weak
signal). Alert hygiene, because a queue of hundreds is a queue nobody reads (the demo's year
of history gave 978 sensitive-word actions before this):

- only *fresh* rows fire: created within ``recent_days`` of the newest feedback (an SLA of
  24 hours on a complaint a year old helps no one; a history import is analysed, not paged);
- ``words`` are strong (12315, 律师, 起诉, 曝光 …: a legal or media threat) and fire alone, one
  action per (customer, issue, day); ``weak_words`` (投诉, 退款 …, everyday words of a
  complaint) fire only on negative rows and are grouped: one action per (issue, week) with
  every such row as evidence;
- the UNIQUE (rule_id, rule_key) of ``actions`` makes re-analysis never duplicate one, and
  further rows of the same key are added as evidence.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlite_utils import Database

from vocdesk.engine.store import actions as store_actions
from vocdesk.engine.store import settings as store_settings
from vocdesk.engine.store.taxonomy import load_taxonomy

#: Facets whose values route a row's action to their owning department.
ROUTING_FACETS = ("category", "touchpoint")
KINDS = ("sensitive_words", "vip_negative", "metric", "signal")
DEFAULT_RULES: list[dict[str, Any]] = [
    {"id": "sensitive-words", "kind": "sensitive_words", "enabled": True,
     "params": {"words": ["12315", "律师", "起诉", "曝光", "消协", "媒体", "lawyer", "sue"],
                "weak_words": ["投诉", "退款", "complaint to"], "recent_days": 14}},
    {"id": "vip-negative", "kind": "vip_negative", "enabled": True,
     "params": {"min_lifetime_value": 20000, "segments": ["VIP", "钻石", "高价值"],
                "recent_days": 14}},
    {"id": "negative-share", "kind": "metric", "enabled": True,
     "params": {"metric": "negative_share", "days": 7, "threshold": 0.6, "min_n": 30}},
    {"id": "new-signal", "kind": "signal", "enabled": True,
     "params": {"window": "week", "top": 3}},
]


def effective_rules(db: Database) -> list[dict[str, Any]]:
    """Default rules overridden (by id) by the workspace's stored ones, plus its own."""
    stored = {r["id"]: r for r in store_actions.alert_rules(db)}
    out = [stored.pop(r["id"], r) for r in DEFAULT_RULES]
    return out + list(stored.values())


def save_rule(db: Database, rule_id: str, kind: str, params: dict[str, Any],
              enabled: bool) -> None:
    store_actions.save_alert_rule(db, rule_id, kind, params, enabled)


def _fire(db: Database, rule: dict[str, Any], key: str, title: str, evidence: list[int],
          targets: dict[str, list[str]] | None = None) -> int:
    """Create the rule's action for ``key`` once; later firings only add evidence."""
    from vocdesk.engine.loop.service import create_action

    existing = store_actions.action_for_rule(db, rule["id"], key)
    if existing is not None:
        store_actions.add_evidence(db, existing, evidence)
        return existing
    return create_action(db, title=title, targets=targets or {}, evidence=evidence,
                         who=f"rule:{rule['id']}", rule=(rule["id"], key))


def _day(ts: float | None, tz: str) -> str:
    from zoneinfo import ZoneInfo

    if ts is None:
        return "undated"
    return datetime.fromtimestamp(ts, UTC).astimezone(ZoneInfo(tz)).date().isoformat()


def _hits(words: list[str], text: str) -> list[str]:
    low = text.lower()
    return [w for w in words if w and w.lower() in low]


def _week(ts: float | None, tz: str) -> str:
    from datetime import date, timedelta

    day = _day(ts, tz)
    if day == "undated":
        return day
    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


def _fresh(ts: float | None, newest: float | None, days: float | None) -> bool:
    """Whether a row is recent enough to page someone (``days`` None: every row is)."""
    if days is None or newest is None:
        return True
    return ts is not None and ts >= newest - float(days) * 86400


def title_in(action: dict[str, Any], lang: str) -> str:
    """The half of a rule-made title ("中文 / English") in ``lang`` ("zh"/"zh_CN" or "en"):
    a report or a page in one language must not quote the other. Titles typed by a user are
    shown as they were typed."""
    zh, sep, en = (action.get("title") or "").partition(" / ")
    if not sep or not (action.get("created_by") or "").startswith("rule:"):
        return action.get("title") or ""
    return zh if lang.startswith("zh") else en


class _Labels:
    """Category values in a rule-made title by their taxonomy labels, Chinese half and English
    half (the UI shows the half of its language), never as a bare stored value or "-"."""

    def __init__(self, taxonomy) -> None:  # noqa: ANN001
        self.facet = taxonomy.facet("category") if taxonomy is not None else None

    def about(self, values: list[str]) -> tuple[str, str]:
        if not values:
            return "未分类", "uncategorised"
        zh, en = [], []
        for v in sorted(values):
            fv = self.facet.value(v) if self.facet is not None else None
            zh.append((fv.label_zh if fv is not None else None) or v)
            en.append((fv.label_en if fv is not None else None) or
                      (fv.label_zh if fv is not None else None) or v)
        return "、".join(zh), ", ".join(en)


def evaluate_rows(db: Database, tags: pd.DataFrame, analysis: pd.DataFrame) -> None:
    """Row-level rules (sensitive words, VIP negative) over a freshly analysed batch."""
    rules = [r for r in effective_rules(db) if r["enabled"]
             and r["kind"] in ("sensitive_words", "vip_negative")]
    if not rules or analysis.empty:
        return
    ids = analysis["feedback_id"].tolist()
    negative = set(tags.loc[(tags["facet"] == "sentiment") & (tags["value"] == "negative"),
                            "feedback_id"].tolist())
    tz = store_settings.get_setting(db, "timezone", "Asia/Shanghai")
    newest = store_actions.last_created_ts(db)
    routed = tags[tags["facet"].isin(ROUTING_FACETS)]
    targets: dict[int, dict[str, list[str]]] = {}
    for fid, facet, value in routed[["feedback_id", "facet", "value"]].itertuples(
            index=False, name=None):
        targets.setdefault(fid, {}).setdefault(facet, []).append(value)
    labels = _Labels(load_taxonomy(db))
    for fid, text, customer, ts, ltv, segment in store_actions.rows_for_alerts(db, ids):
        who = customer or f"row{fid}"
        where = targets.get(fid, {})
        issue = "+".join(sorted(where.get("category", []))) or "未分类 / uncategorised"
        about_zh, about_en = labels.about(where.get("category", []))
        for rule in rules:
            p = rule["params"]
            if not _fresh(ts, newest, p.get("recent_days")):
                continue
            if rule["kind"] == "sensitive_words":
                strong = _hits(p.get("words", []), text or "")
                weak = _hits(p.get("weak_words", []), text or "") if fid in negative else []
                if strong:
                    words = ", ".join(strong + weak)
                    _fire(db, rule, f"{who}:{issue}:{_day(ts, tz)}",
                          f"敏感词「{words}」：{about_zh}（#{fid}） / sensitive words "
                          f"\"{words}\": {about_en} (#{fid})", [fid], where)
                elif weak:
                    week = _week(ts, tz)
                    _fire(db, rule, f"weak:{issue}:{week}",
                          f"投诉用语：{about_zh}（{week} 当周） / complaint words: {about_en}, "
                          f"week of {week}", [fid],
                          {k: v for k, v in where.items() if k == "category"})
            elif fid in negative and ((ltv is not None and ltv >= p.get("min_lifetime_value",
                                                                        float("inf")))
                                      or (segment and segment in p.get("segments", []))):
                _fire(db, rule, f"{who}:{_day(ts, tz)}",
                      f"高价值客户负面反馈（#{fid}） / negative feedback from a high-value customer (#{fid})",
                      [fid], where)


def evaluate_after_run(db: Database, ws_signals: Any | None = None) -> None:
    """Aggregate rules (metric threshold, new weak signal) after an analysis run."""
    for rule in effective_rules(db):
        if not rule["enabled"]:
            continue
        p = rule["params"]
        if rule["kind"] == "metric" and p.get("metric", "negative_share") == "negative_share":
            end = store_actions.last_created_ts(db)
            if end is None:
                continue
            neg, n = store_actions.negative_share(db, end - 86400 * p.get("days", 7), end + 1)
            if n >= p.get("min_n", 30) and neg / n > p.get("threshold", 0.6):
                tz = store_settings.get_setting(db, "timezone", "Asia/Shanghai")
                _fire(db, rule, f"negative_share:{_day(end, tz)}",
                      f"负面占比 {neg / n:.0%}（近 {p.get('days', 7)} 天） / negative share "
                      f"{neg / n:.0%} over the last {p.get('days', 7)} days (n={n})", [])
        elif rule["kind"] == "signal" and ws_signals is not None:
            for s in ws_signals.detect(window=p.get("window", "week"))[:p.get("top", 3)]:
                where: dict[str, list[str]] = {}
                for part in s["terms"]:
                    facet, sep, value = part.partition("=")
                    if sep and store_actions.known_value(db, facet, value):
                        where.setdefault(facet, []).append(value)
                _fire(db, rule, f"signal:{s['key']}",
                      f"弱信号 / weak signal: {' + '.join(s['terms'])} "
                      f"(×{s['growth']:.1f}, q={s['q']:.2g})", s["recent_ids"], where)
