"""Breakpoint pairs placed on the journey map as broken links between touchpoints."""

from __future__ import annotations

from vocdesk.engine.analytics import metrics as m
from vocdesk.engine.analytics.breakpoints import Pair
from vocdesk.engine.analytics.journey_links import place_links


def _pair(a, b, n=50, q=0.001):
    return Pair((a, b), n, n, n, m.proportion(n // 2, n), 3.0, 2.0, q / 2, q=q,
                example_ids=[1, 2])


def test_links_join_each_departments_busiest_touchpoint_in_journey_order():
    owners = {"ad": "mkt", "shop": "sales", "store": "sales", "return": "after"}
    order = ["ad", "shop", "store", "return"]
    rows = {"ad": 10, "shop": 40, "store": 90, "return": 60}
    links = place_links([_pair("after", "sales")], owners, order, rows)
    assert len(links) == 1
    link = links[0]
    assert link.touchpoints == ("store", "return")      # sales' busiest, then after-sales
    assert link.departments == ("sales", "after")
    assert link.drawn and link.n == 50 and link.example_ids == [1, 2]


def test_only_pairs_with_evidence_become_links_and_missing_ends_are_not_guessed():
    owners = {"shop": "sales"}
    pairs = [_pair("a", "b", q=0.2), _pair("a", "sales", n=10), _pair("quality", "sales")]
    links = place_links(pairs, owners, ["shop"], {"shop": 5})
    assert [x.departments for x in links] == [("sales", "quality")]
    assert links[0].touchpoints == ("shop", None) and not links[0].drawn
    assert links[0].to_dict()["touchpoints"] == ["shop", None]


def test_render_draws_the_links_as_arcs_and_lists_them():
    from vocdesk.engine.analytics.journey_render import scene

    def tp(name, mean):
        return {"name": name, "n": 100, "customers": 90, "sentiment_mean": mean,
                "ci_low": mean - 0.05, "ci_high": mean + 0.05, "negative_share": 0.5,
                "negative_ci": [0.4, 0.6], "flag": None, "low_n": False, "worst": False,
                "final": False}

    data = {"version": 1, "min_n": 30, "stages": [
        {"name": "S", "touchpoints": [tp("x", 0.5), tp("y", 0.6), tp("z", 0.4)]}]}
    _w, h0, plain = scene(data)
    data["broken_links"] = [{"departments": ["sales", "after"], "touchpoints": ["x", "z"],
                             "n": 40, "negative_share": 0.9, "negative_ci": [0.8, 0.95],
                             "lift": 3.2, "q": 0.001}]
    _w, h1, prims = scene(data, {"x": "Ex", "z": "Zed", "sales": "Sales"})
    assert h1 > h0
    arcs = [p for p in prims if p[0] == "polyline" and p[2] == "#d0453b"]
    assert len(arcs) == 1 and len([p for p in plain if p[0] == "polyline"]) == 1
    texts = [p[3] for p in prims if p[0] == "text"]
    assert any(t.startswith("#1 Ex ↔ Zed (Sales · after): 40 rows") for t in texts)
