"""Journey highs and lows on generated data of known truth, and the map end to end."""

from __future__ import annotations

import numpy as np
import pytest

from vocdesk.engine.analytics.highs_lows import Moments, flag_groups
from vocdesk.engine.analytics.verbatims import representative

N_TP, PER_TP = 12, 80


def _moments(labels: np.ndarray, values: np.ndarray) -> list[Moments]:
    return [Moments(f"tp{t}", int((labels == t).sum()), float(values[labels == t].sum()),
                    float((values[labels == t] ** 2).sum())) for t in range(N_TP)]


def _journey(seed: int, dip: float) -> tuple[np.ndarray, np.ndarray]:
    """PER_TP customers per touchpoint, mean sentiment 0.55 (tp3: 0.55 − dip), sd 0.2."""
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(N_TP), PER_TP)
    values = np.clip(rng.normal(0.55, 0.2, len(labels)) - dip * (labels == 3), 0, 1)
    return labels, values


def test_a_planted_low_touchpoint_is_flagged_on_at_least_19_of_20_seeds():
    found = sum(flag_groups(_moments(*_journey(seed, 0.15)))["tp3"].flag == "low"
                for seed in range(20))
    assert found >= 19


def test_shuffled_touchpoint_labels_give_no_low_on_at_least_19_of_20_seeds():
    false_alarms = 0
    flags_tested = 0
    for seed in range(20):
        labels, values = _journey(seed, 0.15)
        labels = np.random.default_rng(100 + seed).permutation(labels)
        res = flag_groups(_moments(labels, values))
        flags_tested += len(res)
        false_alarms += any(r.flag == "low" for r in res.values())
    print(f"false-alarm rate (journeys with any low): {false_alarms}/20 "
          f"over {flags_tested} touchpoint tests")
    assert false_alarms <= 1


def test_no_dip_means_no_low_and_a_tiny_dip_is_under_the_effect_floor():
    for seed in range(20):
        assert not any(r.flag for r in flag_groups(_moments(*_journey(seed, 0.0))).values())
    # a real but negligible dip in a huge sample: significant, yet below the floor
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(N_TP), 20000)
    values = rng.normal(0.55, 0.2, len(labels)) - 0.02 * (labels == 3)
    res = flag_groups(_moments(labels, values))
    assert res["tp3"].p_holm < 0.05 and res["tp3"].flag is None


def test_a_touchpoint_under_the_minimum_n_is_never_flagged():
    labels, values = _journey(0, 0.0)
    groups = _moments(labels, values)
    groups.append(Moments("tiny", 10, 0.5, 10 * 0.05 ** 2 + 0.001))   # mean 0.05, n 10
    res = flag_groups(groups)
    assert "tiny" not in res


def test_representative_verbatims_are_typical_and_different():
    delivery = [f"物流太慢了，等了{d}天才到" for d in range(3, 9)]       # the bigger theme
    service = [f"客服态度很差，{w}都不回复" for w in ("一天", "两天", "三天", "一周")]
    items = [(i, t) for i, t in enumerate(delivery + service)] + [(99, delivery[0])]
    out = representative(items, k=2)
    texts = [t for _, t in out]
    assert len(out) == 2 and texts[0] in delivery      # the medoid comes from the big theme
    assert texts[1] in service                          # MMR: the next is typical of the rest
    assert len(representative(items, k=20)) == 10       # the repeated text counts once


# --------------------------------------------------------------------- end to end
ADDRESS = "地址填写与修改"


def _planted_workspace(path, dip: float, seed: int = 0):
    """A workspace whose rows are tagged directly (as analysis would) with a known dip."""
    from vocdesk.engine.store import feedback as store_feedback
    from vocdesk.engine.store import sources as store_sources
    from vocdesk.engine.store import tags as store_tags
    from vocdesk.engine.store import transaction
    from vocdesk.engine.store.periods import fill_periods
    from vocdesk.engine.workspace import Workspace

    rng = np.random.default_rng(seed)
    ws = Workspace.create(path)
    tps = [v for v in ws.taxonomy.facet("touchpoint").values][:8]
    if ADDRESS not in [v.value for v in tps]:
        tps[3] = ws.taxonomy.facet("touchpoint").value(ADDRESS)
    recs, tags, analysis = [], [], []
    fid = 0
    for tp in tps:
        for c in range(60):                      # 60 customers, 1–3 rows each
            for _ in range(int(rng.integers(1, 4))):
                fid += 1
                s = float(np.clip(rng.normal(0.6 - (dip if tp.value == ADDRESS else 0), 0.2),
                                  0, 1))
                recs.append((1, fid, None, fid, f"{tp.value} 反馈 {fid}", None,
                             1.75e9 + fid * 3600.0, "app", f"{tp.value}-c{c}", None, None, None,
                             None, None, int(rng.integers(0, 11)), None, None, "zh", f"h{fid}",
                             None, None, None))
                sent = "negative" if s < 0.4 else "positive"
                tags += [(fid, "touchpoint", tp.value, 0.9, "t", None),
                         (fid, "sentiment", sent, 0.9, "t", None)]
                analysis.append((fid, "t", "2026-01-01", s, "[]"))
    with transaction(ws.db):
        store_sources.add_source(ws.db, kind="feedback", file_name="gen", file_path=None,
                                 file_hash=None, file_size=None, fmt="gen", encoding=None,
                                 channel=None, mapping={}, options={})
        store_feedback.insert_feedback(ws.db, recs)
        fill_periods(ws.db, ws.timezone)
        store_tags.replace_auto_tags(ws.db, list(range(1, fid + 1)), tags, analysis)
    return ws


def _definition(ws):
    from vocdesk.engine.analytics.journey_def import JourneyDefinition, Stage

    present = list(ws.metrics.by("touchpoint"))
    return JourneyDefinition([Stage("A", present[:4]), Stage("B", present[4:])])


def test_the_map_finds_the_planted_low_touchpoint_and_names_its_version(tmp_path):
    ws = _planted_workspace(tmp_path / "w.vocdesk", dip=0.25)
    with ws:
        version = ws.journey.save_definition(_definition(ws), note="test")
        jm = ws.journey.map()
        assert jm.version == version == 1
        tp = jm.touchpoint(ADDRESS)
        assert tp.flag == "low" and tp.worst
        assert tp.customers == 60 and tp.sentiment.method == "bootstrap-bca"
        assert tp.sentiment.low < tp.sentiment.value < tp.sentiment.high
        assert 3 <= len(tp.verbatims) <= 5
        assert sum(t.flag == "low" for t in jm.touchpoints()) == 1
        assert jm.touchpoints()[-1].final
        d = jm.to_dict()
        assert d["version"] == 1 and {"name", "n", "customers", "sentiment_mean", "ci_low",
                                      "ci_high", "negative_share", "nps", "csat", "ces",
                                      "top_issues", "flag"} <= set(d["stages"][0]["touchpoints"][0])
        # a click opens exactly the touchpoint's rows
        assert len(ws.journey.touchpoint_ids(ADDRESS)) == tp.rows


def test_no_planted_dip_no_low(tmp_path):
    ws = _planted_workspace(tmp_path / "w.vocdesk", dip=0.0, seed=5)
    with ws:
        jm = ws.journey.map(verbatims=0)
        assert not any(t.flag == "low" for t in jm.touchpoints())


def test_a_human_correction_moves_rows_on_the_map_at_once(tmp_path):
    ws = _planted_workspace(tmp_path / "w.vocdesk", dip=0.25)
    with ws:
        ids = ws.journey.touchpoint_ids(ADDRESS)
        before = ws.journey.map(verbatims=0).touchpoint(ADDRESS).rows
        ws.set_human_tags(ids[:10], "touchpoint", ["支付"], who="analyst")
        after = ws.journey.map(verbatims=0)
        assert after.touchpoint(ADDRESS).rows == before - 10
        # re-analysis cannot undo the correction
        from vocdesk.engine.store import tags as store_tags
        from vocdesk.engine.store import transaction
        with transaction(ws.db):
            store_tags.replace_auto_tags(ws.db, ids[:10], [(i, "touchpoint", ADDRESS, 0.9, "t",
                                                            None) for i in ids[:10]], [])
        assert ws.journey.map(verbatims=0).touchpoint(ADDRESS).rows == before - 10


def test_definition_defaults_to_the_taxonomy_and_rejects_duplicates(tmp_path):
    from vocdesk.engine.analytics.journey_def import JourneyDefinition, Stage
    from vocdesk.engine.errors import UsageError
    from vocdesk.engine.workspace import Workspace

    with Workspace.create(tmp_path / "e.vocdesk") as ws:
        d = ws.journey.definition()
        assert d.version == 0 and ADDRESS in [t for _, t in d.touchpoints()]
        assert ws.journey.map(verbatims=0).touchpoint(ADDRESS).rows == 0     # empty workspace
        with pytest.raises(UsageError):
            ws.journey.save_definition(JourneyDefinition([Stage("A", ["x"]), Stage("B", ["x"])]))
        assert ws.journey.versions() == []
