"""Search finds exactly what a substring match finds, for queries of any length."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from vocdesk.engine.store import search as store_search
from vocdesk.engine.workspace import Workspace

PIECES = ["退款", "物流", "客服", "不满意", "满意", "不/满意", "退 款", "物 流慢", "客服态度", "Refund",
          "REFUND please", "refunded", "not good", "notgood", "Good!", "ｒｅｆｕｎｄ", "é", "café",
          "😀好评", "100%", "50元", "A+B", "x4e00", "退", "款到了", "，", "。", "\n", "İstanbul"]

QUERIES = ["退款", "物流", "客服", "不满意", "满意", "退", "款", "不", "。", "，", " ", "\n",
           "refund", "REFUND", "Refund please", "not good", "notgood", "t g", "good!", "!", "%",
           "100", "0", "café", "é", "e", "😀", "😀好", "x4e00", "x", "4e00", "a+b", "退 款",
           "物 流", "客服态度", "ｒｅｆｕｎｄ", "istanbul", "i̇stanbul", "没有这个词的查询", "退款退款"]


def _texts(n: int, seed: int = 3) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 6))) + f"#{i}"
            for i in range(n)]


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "s.vocdesk"
    w = Workspace.create(path)
    w.imports.import_dataframe(pd.DataFrame({"text": _texts(1500)}), "gen", redact=False)
    yield w
    w.close()


def _expected(ws, q: str) -> set[int]:
    return {i for i, t in ws.db.execute("SELECT id, text FROM feedback")
            if q.lower() in t.lower()}


@pytest.mark.parametrize("query", QUERIES)
def test_search_equals_substring(ws, query):
    got = store_search.search_ids(ws.db, query)
    assert set(got.tolist()) == _expected(ws, query)
    assert list(got) == sorted(got)


def test_two_char_queries_find_rows(ws):
    for q in ("退款", "物流", "客服"):
        assert len(store_search.search_ids(ws.db, q)) > 50


def test_index_is_lazy_and_tail_is_scanned(ws):
    store_search.sync_index(ws.db)
    before = store_search.last_indexed_id(ws.db)
    ws.imports.import_dataframe(pd.DataFrame({"text": ["新的退款投诉", "物流又慢了"]}), "more",
                        redact=False)
    assert store_search.pending_count(ws.db) == 2
    # without syncing, the not-yet-indexed tail is scanned: still exact
    got = store_search.search_ids(ws.db, "退款", sync=False)
    assert set(got.tolist()) == _expected(ws, "退款")
    assert store_search.last_indexed_id(ws.db) == before
    got = store_search.search_ids(ws.db, "物流")
    assert set(got.tolist()) == _expected(ws, "物流")
    assert store_search.pending_count(ws.db) == 0


def test_tokens_are_one_per_character():
    assert store_search.char_tokens("退款 OK!") == "退 款 x20 o k x21"
    assert store_search.phrase("退款") == '"退 款"'


def test_empty_query_matches_all(ws):
    n = ws.db.execute("SELECT count(*) FROM feedback").fetchone()[0]
    assert len(store_search.search_ids(ws.db, "")) == n


def test_char_tokens_translate_path_equals_the_per_character_path():
    """The one-``translate`` path for texts of the covered ranges gives exactly the tokens
    of the per-character path, at every range edge and next to characters outside them."""
    import random

    from vocdesk.engine.store import search as S

    def per_char(text):
        return " ".join(S._TABLE.get(c) or S._token(c) for c in text.lower())

    edges = [0, 0x7F, 0x80, 0x2FFF, 0x3000, 0x303F, 0x3040, 0x4DFF, 0x4E00, 0x9FFF, 0xA000,
             0xFEFF, 0xFF00, 0xFF21, 0xFFFF, 0x10000, 0x20000]
    pool = [chr(max(0, e + d)) for e in edges for d in (-1, 0, 1)] + list("AZaz09 ，。İßΣ😀")
    rnd = random.Random(5)
    for _ in range(5000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 10)))
        assert S.char_tokens(text) == per_char(text), repr(text)
    assert S.char_tokens("退款太慢了，OK!") == per_char("退款太慢了，OK!")
