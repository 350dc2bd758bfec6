"""`vocdesk journey --out FILE.svg|png` draws the map headless; `--compare-*` gives B − A per
touchpoint with Newcombe / Welch intervals as JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from vocdesk.cli import main


def test_out_writes_svg_and_png_of_the_map(analysed_ws_path, tmp_path, capsys):
    from PIL import Image

    svg = tmp_path / "map.svg"
    assert main(["journey", str(analysed_ws_path), "--out", str(svg)]) == 0
    text = svg.read_text("utf-8")
    assert text.lstrip().startswith("<?xml") or "<svg" in text
    assert "Journey map" in text and "definition v0" in text
    png = tmp_path / "map.png"
    assert main(["journey", str(analysed_ws_path), "--out", str(png), "--json"]) == 0
    json.loads(capsys.readouterr().out.splitlines()[-1])      # --json still prints the map
    with Image.open(png) as img:
        assert img.format == "PNG" and img.width >= 1000
        assert len(np.unique(np.asarray(img.convert("L")))) > 10   # something was drawn
    assert main(["journey", str(analysed_ws_path), "--out", str(tmp_path / "m.gif")]) != 0


def test_the_scene_marks_low_n_cells_and_peak_end():
    from vocdesk.engine.analytics.journey_render import scene

    tp = {"name": "a", "n": 5, "customers": 5, "sentiment_mean": 0.4, "ci_low": 0.3,
          "ci_high": 0.5, "negative_share": 0.5, "negative_ci": [0.2, 0.8], "flag": None,
          "low_n": True, "worst": False, "final": False}
    big = dict(tp, name="b", n=300, low_n=False, flag="low", worst=True, final=True)
    _w, _h, prims = scene({"version": 3, "min_n": 30, "stages": [
        {"name": "S", "touchpoints": [tp, big]}]}, {"b": "Bee"})
    texts = [p[3] for p in prims if p[0] == "text"]
    assert any("n too small" in t for t in texts)
    assert "Bee: low · worst · end" in texts
    assert any("definition v3" in t for t in texts)


def test_compare_two_periods_as_json(analysed_ws_path, capsys):
    assert main(["journey", str(analysed_ws_path), "--to", "2026-01-14", "--compare-from",
                 "2026-01-15", "--compare-to", "2026-01-31", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["a"]["date_to"] == "2026-01-14" and data["b"]["date_from"] == "2026-01-15"
    tps = data["touchpoints"]
    assert tps and {"name", "n_a", "n_b", "negative_diff", "negative_diff_ci",
                    "sentiment_diff", "sentiment_diff_ci", "flag"} <= set(tps[0])
    for t in tps:
        if t["negative_diff"] is not None:
            lo, hi = t["negative_diff_ci"]
            assert lo <= t["negative_diff"] <= hi
            assert t["negative_diff"] == pytest.approx(
                (t["negative_share_b"] or 0) - (t["negative_share_a"] or 0))


def test_compare_a_segment_in_text(analysed_ws_path, capsys):
    assert main(["journey", str(analysed_ws_path), "--compare-where", "channel=app"]) == 0
    out = capsys.readouterr().out
    assert "B − A" in out and "Newcombe" in out


def test_json_carries_the_broken_links(analysed_ws_path, capsys):
    assert main(["journey", str(analysed_ws_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert isinstance(data["broken_links"], list)
    for link in data["broken_links"]:
        assert link["q"] < 0.05 and len(link["touchpoints"]) == 2


def test_compare_two_customer_segments_as_json(analysed_ws_path, capsys):
    from vocdesk.engine.domain import FeedbackFilter
    from vocdesk.engine.workspace import Workspace

    assert main(["journey", str(analysed_ws_path), "--compare-segment", "VIP", "--vs", "普通",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert out["a"]["segments"] == ["VIP"] and out["b"]["segments"] == ["普通"]
    with Workspace.open(analysed_ws_path) as ws:
        for c in out["touchpoints"]:
            assert c["n_a"] == len(ws.journey.touchpoint_ids(c["name"],
                                                             FeedbackFilter(segments=["VIP"])))
            assert c["n_b"] == len(ws.journey.touchpoint_ids(c["name"],
                                                             FeedbackFilter(segments=["普通"])))
    assert sum(c["n_a"] for c in out["touchpoints"]) > 0


@pytest.mark.parametrize("extra", [["--compare-segment", "VIP"], ["--vs", "VIP"],
                                   ["--compare-segment", "VIP", "--vs", "VIP"],
                                   ["--compare-segment", "VIP", "--vs", "nobody"],
                                   ["--compare-segment", "VIP", "--vs", "普通",
                                    "--compare-from", "2026-01-10"]])
def test_segment_compare_refuses_what_it_cannot_compare(analysed_ws_path, capsys, extra):
    assert main(["journey", str(analysed_ws_path), *extra]) != 0
    assert capsys.readouterr().err.strip()
