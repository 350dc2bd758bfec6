"""Every model tag explains itself: the tokens that moved its score most."""

from __future__ import annotations

import pandas as pd
import pytest

from vocdesk.engine.workspace import Workspace


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.vocdesk") as w:
        yield w


def test_sentiment_tags_name_the_words_behind_them(ws) -> None:
    texts = ["送餐太慢了，饭都凉了", "服务很好，发货很快", "The screen cracked and support never answered"]
    ws.imports.import_dataframe(pd.DataFrame({"text": texts, "channel": "survey"}), "t")
    ws.analyze()
    ex = ws.explain([1, 2, 3])
    neg, pos, eng = ex[1]["sentiment"], ex[2]["sentiment"], ex[3]["sentiment"]
    assert neg and pos and eng
    # the strongest reason points towards the chosen value and is a word of the text
    assert neg[0][1] > 0 and any(w in "送餐太慢了饭都凉了" for w, _ in neg[:3])
    assert pos[0][1] > 0 and any(w in ("很好", "很快", "很 好", "lexicon+") for w, _ in pos)
    assert any(w == "cracked" for w, _ in eng)
    assert abs(neg[0][1]) >= abs(neg[-1][1])


def test_learned_facet_explains_with_its_own_features(ws) -> None:
    texts = [f"门锁{i}号指纹识别失灵" for i in range(30)] + [f"耳机{i}号蓝牙断连" for i in range(30)]
    ws.imports.import_dataframe(pd.DataFrame({"text": texts, "channel": "survey"}), "t")
    ws.set_human_tags(list(range(1, 31)), "product", ["智能门锁 L1"], who="ana")
    ws.set_human_tags(list(range(31, 61)), "product", ["蓝牙耳机 E1"], who="ana")
    ws.analyze()
    ids = list(range(1, 61))
    human = ws.effective_tags(ids)
    assert human[1]["product"][0]["origin_kind"] == "human"
    ws.imports.import_dataframe(pd.DataFrame({"text": ["指纹识别又失灵了", "蓝牙又断连"], "channel": "app"}), "u")
    ws.analyze()
    tags = ws.effective_tags([61, 62])
    learned = {fid: t["product"][0] for fid, t in tags.items() if str(t["product"][0]["origin"]).startswith("learned:")}
    assert learned, tags
    ex = ws.explain(list(learned))
    for fid in learned:
        words = [w for w, c in ex[fid]["product"] if c > 0]
        assert words and any(w in ("指纹", "识别", "失灵", "蓝牙", "断连", "指纹 识别") or len(w) == 1 for w in words)


def test_export_explain_column(ws, tmp_path) -> None:
    import json

    ws.imports.import_dataframe(pd.DataFrame({"text": ["质量太差了", "价格实惠"], "channel": "survey"}), "t")
    ws.analyze()
    out = tmp_path / "e.jsonl"
    ws.export(out, explain=True)
    recs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    why = [json.loads(r["explain"]) for r in recs]
    assert all(w["sentiment"] and w["sentiment"][0][1] > 0 for w in why)
    plain = tmp_path / "p.jsonl"
    ws.export(plain)
    assert "explain" not in json.loads(plain.read_text("utf-8").splitlines()[0])
