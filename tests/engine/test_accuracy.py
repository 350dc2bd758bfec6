"""The accuracy lab against hand-computed truth: κ, per-value P/R/F1, calibration, out-of-fold."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from vocdesk.cli import main
from vocdesk.engine.accuracy import NONE, calibration_table, score_facet, stored_predictions
from vocdesk.engine.accuracy_cv import oof_from_tokens
from vocdesk.engine.double_coding import kappa, pair_agreement, stratified_sample
from vocdesk.engine.errors import InputError, UsageError
from vocdesk.engine.learning.classifier import _fit_linear, _probs
from vocdesk.engine.learning.features import Vocabulary, row_features
from vocdesk.engine.workspace import Workspace


# --------------------------------------------------------------------------- formulas
def test_kappa_hand_computed() -> None:
    # 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
    # p_o = 35/50 = 0.7; p_e = 25/50·30/50 + 25/50·20/50 = 0.5; κ = (0.7 − 0.5)/0.5 = 0.4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert kappa(a, b) == pytest.approx(0.4)
    assert kappa(a, a) == pytest.approx(1.0)
    assert kappa(["x"] * 5, ["x"] * 5) is None            # one category: κ undefined
    pa = pair_agreement("sentiment", "ann", {i: [v] for i, v in enumerate(a)},
                        "bob", {i: [v] for i, v in enumerate(b)})
    assert pa.n == 50 and pa.agreement == pytest.approx(0.7) and pa.kappa == pytest.approx(0.4)
    assert pa.per_value == {"no": pytest.approx(0.4), "yes": pytest.approx(0.4)}
    assert [d["feedback_id"] for d in pa.disagreements] == list(range(20, 35))
    assert pa.disagreements[0] == {"feedback_id": 20, "ann": ["yes"], "bob": ["no"]}


def test_per_value_scores_and_confusion_hand_computed() -> None:
    # human A×5, B×3, C×2; auto on A rows: A A A B C; on B rows: B B A; on C rows: C (none)
    human = ["A"] * 5 + ["B"] * 3 + ["C"] * 2
    auto = ["A", "A", "A", "B", "C", "B", "B", "A", "C", None]
    gold = {i + 1: [h] for i, h in enumerate(human)}
    pred = {i + 1: [(a, 0.9)] for i, a in enumerate(auto) if a}
    f = score_facet("category", False, gold, pred, "stored auto tags", coverage=0.9)
    pv = {v["value"]: v for v in f.per_value}
    # A: 4 predicted, 3 right → P 3/4, R 3/5, F1 2·.75·.6/1.35 = 2/3
    assert pv["A"]["precision"] == pytest.approx(0.75) and pv["A"]["recall"] == pytest.approx(0.6)
    assert pv["A"]["f1"] == pytest.approx(2 / 3) and pv["A"]["support"] == 5
    assert pv["B"]["precision"] == pytest.approx(2 / 3) and pv["B"]["recall"] == pytest.approx(2 / 3)
    assert pv["C"]["precision"] == pytest.approx(0.5) and pv["C"]["recall"] == pytest.approx(0.5)
    assert f.labels == ["A", "B", "C", NONE]
    assert f.confusion == [[3, 1, 1, 0], [1, 2, 0, 0], [0, 0, 1, 1], [0, 0, 0, 0]]
    assert f.accuracy == pytest.approx(0.6) and f.n == 10
    assert f.cell_ids("A", "B") == [4] and f.cell_ids("C", NONE) == [10]
    assert f.cell_ids("B", "A") == [8] and f.cell_ids("A", "A") == [1, 2, 3]


def test_calibration_table_hand_computed() -> None:
    scores = np.array([0.95] * 10 + [0.55] * 10)
    correct = np.array([1] * 9 + [0] + [1] * 5 + [0] * 5)
    t = calibration_table(scores, correct)
    assert [(b["lo"], b["n"]) for b in t["bins"]] == [(pytest.approx(0.5), 10),
                                                     (pytest.approx(0.9), 10)]
    assert [b["accuracy"] for b in t["bins"]] == [pytest.approx(0.5), pytest.approx(0.9)]
    # ECE = ½·|0.5 − 0.55| + ½·|0.9 − 0.95| = 0.05
    assert t["ece"] == pytest.approx(0.05) and t["n"] == 20
    assert calibration_table(np.array([]), np.array([]))["ece"] is None


def test_stratified_sample_keeps_proportions_and_every_value() -> None:
    first = {i: ["pos"] for i in range(60)} | {i: ["neg"] for i in range(60, 90)} | {90: ["neu"]}
    ids = stratified_sample(first, 10, seed=1)
    got = [first[i][0] for i in ids]
    assert len(ids) == 10 == len(set(ids))
    assert got.count("neu") == 1 and got.count("pos") == 6 and got.count("neg") == 3
    assert stratified_sample(first, 10, seed=1) == ids                  # seeded
    assert stratified_sample(first, 500) == sorted(first)              # asks for too many
    assert not set(stratified_sample(first, 10, exclude=set(range(30)))) & set(range(30))


# --------------------------------------------------------------------------- out of fold
def test_out_of_fold_never_scores_training_rows() -> None:
    """Labels carry no signal and every row has its own token: a model scored on its own
    training rows is perfect, out of fold it is at chance."""
    rng = np.random.default_rng(3)
    n = 200
    gold = [["A" if v else "B"] for v in rng.integers(0, 2, n)]
    tokens = [[f"tok{i}", "共同"] for i in range(n)]
    x = Vocabulary.fit([row_features(t) for t in tokens], 1).transform(
        [row_features(t) for t in tokens])
    y = np.array([0 if g[0] == "A" else 1 for g in gold])
    coef, icpt = _fit_linear(x, y, False, 2)
    in_sample = float((_probs(x, coef, icpt, False).argmax(axis=1) == y).mean())
    assert in_sample == 1.0
    oof = oof_from_tokens(tokens, gold, multi=False)
    acc = float(np.mean([p[0][0] == g[0] for p, g in zip(oof, gold, strict=True)]))
    assert acc < 0.65, acc


def _memorising_workspace(path) -> Workspace:
    """A workspace whose category model memorises random human labels (learned, stored)."""
    rng = np.random.default_rng(5)
    n = 80
    texts = [f"编号{''.join(rng.choice(list('qwrtypsdfghjklzxcvbnm'), 8))} 说明" for _ in range(n)]
    ws = Workspace.create(path)
    ws.import_dataframe(pd.DataFrame({"text": texts}), "t", redact=False)
    labels = rng.integers(0, 2, n)
    for value in (0, 1):
        ids = [i + 1 for i in range(n) if labels[i] == value]
        ws.set_human_tags(ids, "category", ["物流配送" if value else "客服服务"], who="ann")
    ws.analyze(workers=1)
    return ws


def test_report_of_a_learned_facet_is_out_of_fold(tmp_path) -> None:
    with _memorising_workspace(tmp_path / "m.vocdesk") as ws:
        assert ws.models()["category"]["chosen"] in ("learned", "blend")
        rep = ws.accuracy.report("category")
        f = rep.facet("category")
        gold = {i: v for i, v in ws.effective_tags(list(range(1, 81))).items()}
        gold = {i: [t["value"] for t in v["category"] if t["origin_kind"] == "human"]
                for i, v in gold.items()}
        in_sample = score_facet("category", True, gold, stored_predictions(ws.db, "category"),
                                "stored", 1.0)
        assert in_sample.accuracy >= 0.95                 # the stored tags saw these rows
        assert f.scored_on == "out-of-fold" and f.n == 80 and f.accuracy < 0.7
        assert rep.rows == 80 and f.coverage == 1.0 and rep.coverage_any == 1.0
        assert sum(map(sum, f.confusion)) == 80


# --------------------------------------------------------------------------- double coding
def _double_coded(path) -> Workspace:
    from tests.conftest import build_workspace

    ws = Workspace.open(build_workspace(path, n=40))
    ann = {i: ("negative" if i % 2 else "positive") for i in range(1, 41)}
    bob = dict(ann) | {3: "positive", 8: "negative", 15: "neutral"}
    for who, coding in (("ann", ann), ("bob", bob)):
        # the way the review page codes: one value at a time; where bob agrees nothing
        # changes in the tags, but his coding is logged
        for i, v in coding.items():
            ws.set_human_tags([i], "sentiment", [v], who=who)
    return ws


def test_agreeing_twice_is_logged_once(tmp_path) -> None:
    with _double_coded(tmp_path / "d.vocdesk") as ws:
        before = len(ws.tag_log())
        assert ws.set_human_tags([1], "sentiment", ["negative"], who="bob") == []
        assert len(ws.tag_log()) == before          # bob had coded row 1 already
        ws.set_human_tags([1], "sentiment", ["negative"], who="cy")
        assert len(ws.tag_log()) == before + 1
        assert ws.accuracy.agreement("sentiment")["sentiment"]["coders"]["cy"] == 1


def test_double_coding_kappa_disagreements_and_model(tmp_path) -> None:
    from sklearn.metrics import cohen_kappa_score

    with _double_coded(tmp_path / "d.vocdesk") as ws:
        ag = ws.accuracy.agreement("sentiment")["sentiment"]
        assert ag["coders"] == {"ann": 40, "bob": 40}
        (pair,) = ag["pairs"]
        ann = ["negative" if i % 2 else "positive" for i in range(1, 41)]
        bob = list(ann)
        bob[2], bob[7], bob[14] = "positive", "negative", "neutral"
        assert pair["kappa"] == pytest.approx(cohen_kappa_score(ann, bob))
        assert [d["feedback_id"] for d in pair["disagreements"]] == [3, 8, 15]
        assert pair["per_value"]["neutral"] == pytest.approx(0.0)    # bob alone says neutral
        assert set(ag["vs_model"]) == {"ann", "bob"} and ag["vs_model"]["ann"]["n"] == 40


def test_sample_sheet_roundtrip_and_bad_sheets(tmp_path) -> None:
    from tests.conftest import build_workspace

    with Workspace.open(build_workspace(tmp_path / "s.vocdesk", n=30)) as ws:
        ws.set_human_tags(list(range(1, 21)), "sentiment", ["negative"], who="ann")
        ws.set_human_tags(list(range(21, 31)), "sentiment", ["positive"], who="ann")
        out = tmp_path / "sheet.csv"
        coder, n = ws.accuracy.write_sample("sentiment", 6, out)
        assert (coder, n) == ("ann", 6)
        sheet = pd.read_csv(out, encoding="utf-8-sig")
        assert list(sheet.columns) == ["id", "external_id", "text", "sentiment"]
        assert sheet["sentiment"].isna().all()                   # blind: no first coding
        assert (sheet["id"] <= 20).sum() == 4                    # 2:1 negative:positive
        sheet["sentiment"] = "positive"
        sheet.to_csv(out, index=False)
        assert ws.accuracy.import_coding(out, "sentiment", "bob") == 6
        pair = ws.accuracy.agreement("sentiment")["sentiment"]["pairs"][0]
        assert pair["n"] == 6 and len(pair["disagreements"]) == 4
        # a sheet with a value the facet lacks names file, row and column; writes nothing
        sheet.loc[2, "sentiment"] = "great"
        sheet.to_csv(out, index=False)
        before = len(ws.tag_log())
        with pytest.raises(InputError, match=r"row 4.*'sentiment'.*'great'"):
            ws.accuracy.import_coding(out, "sentiment", "carl")
        assert len(ws.tag_log()) == before
        with pytest.raises(UsageError, match="nobody called 'zed'"):
            ws.accuracy.write_sample("sentiment", 5, out, coder="zed")
        with pytest.raises(UsageError, match="no facet 'nope'"):
            ws.accuracy.report("nope")


# --------------------------------------------------------------------------- CLI contract
def test_cli_json_contract(tmp_path, capsys) -> None:
    with _double_coded(tmp_path / "c.vocdesk"):
        pass
    ws = str(tmp_path / "c.vocdesk")
    assert main(["accuracy", ws, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"rows", "coverage_any", "facets", "agreement"}
    assert out["rows"] == 40 and 0 < out["coverage_any"] <= 1
    f = next(x for x in out["facets"] if x["facet"] == "sentiment")
    assert set(f) == {"facet", "multi", "scored_on", "n", "accuracy", "kappa", "per_value",
                      "labels", "confusion", "calibration", "coverage"}
    assert set(f["per_value"][0]) == {"value", "precision", "recall", "f1", "support",
                                      "predicted"}
    assert len(f["confusion"]) == len(f["labels"]) == len(f["confusion"][0])
    assert set(f["calibration"]) == {"bins", "ece", "n"}
    assert set(f["calibration"]["bins"][0]) == {"lo", "hi", "n", "mean_score", "accuracy"}
    assert out["agreement"]["sentiment"]["pairs"][0]["coders"] == ["ann", "bob"]
    assert main(["accuracy", ws, "--facet", "sentiment"]) == 0
    text = capsys.readouterr().out
    assert "precision" in text and "ann × bob" in text and "kappa" in text
    assert main(["accuracy", ws, "--sample-for-double-coding", "5"]) == 2
    assert "--facet" in capsys.readouterr().err
    assert main(["accuracy", ws, "--facet", "nope"]) == 2
