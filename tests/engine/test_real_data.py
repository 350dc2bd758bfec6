"""The whole pipeline on real labelled reviews (../shared/data): import, analyse, learn.

Accuracy counts a "neutral" prediction as wrong, since these corpora are two-class.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from vocdesk.engine.store.feedback import all_feedback_ids
from vocdesk.engine.workspace import Workspace

pytestmark = pytest.mark.shared_data

CASES = {
    # file, text column, zero-shot floor (snownlp's accuracy), floor after 1,000 human labels
    "waimai": ("waimai_10k.csv", "review", 0.78, 0.85),
    "hotel": ("ChnSentiCorp_htl_all.csv", "review", 0.71, 0.84),
}


def _accuracy(ws: Workspace, exclude: set[int] = frozenset()) -> float:
    ids = [i for i in all_feedback_ids(ws.db) if i not in exclude]
    rows = {r["id"]: r for r in ws.feedback(ids)}
    tags = ws.effective_tags(ids)
    right = 0
    for i in ids:
        gold = "positive" if rows[i]["attributes"]["label"] == "1" else "negative"
        right += tags[i]["sentiment"][0]["value"] == gold
    return right / len(ids)


@pytest.fixture(scope="module", params=sorted(CASES))
def analysed(request, shared_data, tmp_path_factory):
    name = request.param
    fname, col, floor, learned_floor = CASES[name]
    path = tmp_path_factory.mktemp(name) / f"{name}.vocdesk"
    ws = Workspace.create(path)
    report = ws.imports.import_file(shared_data / fname)
    assert report.rows_imported > 7000
    ws.analyze()
    yield name, ws, shared_data / fname, col, floor, learned_floor
    ws.close()


def test_zero_shot_sentiment_beats_snownlp(analysed):
    name, ws, _, _, floor, _ = analysed
    acc = _accuracy(ws)
    print(f"{name}: zero-shot accuracy {acc:.3f} (floor {floor})")
    assert acc >= floor


def test_learning_from_1000_human_labels_raises_accuracy(analysed, tmp_path):
    name, ws, src, col, _, learned_floor = analysed
    before = _accuracy(ws)
    frame = pd.read_csv(src).dropna(subset=[col])
    frame = frame[frame[col].str.strip() != ""]
    sample = frame.sample(n=1000, random_state=7)
    labelled = tmp_path / "labelled.csv"
    sample.to_csv(labelled, index=False, quoting=csv.QUOTE_NONNUMERIC)
    rep = ws.imports.import_file(labelled, mapping={"tag.sentiment": "label"})
    assert rep.rows_imported == 0, "the labelled rows are the same reviews: no new rows"
    assert rep.human_tags >= 990
    report = ws.analyze()
    assert report.training and report.training[0]["facet"] == "sentiment"
    assert report.rows_analyzed == report.rows_total, "a new model re-tags every row"
    human_ids = {i for i, in ws.db.execute(
        "SELECT DISTINCT feedback_id FROM human_tags WHERE facet='sentiment'").fetchall()}
    after = _accuracy(ws, exclude=human_ids)
    print(f"{name}: {before:.3f} zero-shot → {after:.3f} after 1,000 labels "
          f"(train report {report.training[0]})")
    assert after >= learned_floor
    assert after > before


def test_english_snippets(shared_data, tmp_path):
    frame = pd.read_csv(shared_data / "vader_amazon_review_snippets.csv").dropna(subset=["label"])
    ws = Workspace.create(tmp_path / "en.vocdesk")
    ws.imports.import_file(shared_data / "vader_amazon_review_snippets.csv",
                   mapping={"external_id": "id"})
    ws.analyze()
    ids = list(all_feedback_ids(ws.db))
    rows = {r["external_id"]: r["id"] for r in ws.feedback(ids)}
    tags = ws.effective_tags(ids)
    right = 0
    for ext, label in zip(frame["id"].astype(str), frame["label"].astype(int), strict=True):
        got = tags[rows[ext]]["sentiment"][0]["value"]
        right += got == ("positive" if label == 1 else "negative")
    acc = right / len(frame)
    print(f"english snippets: {acc:.3f}")
    assert acc >= 0.75
