"""Packs over real reviews (../shared/data): messy text renders, and the redaction check does
not refuse redacted real text (a false positive would make packs unusable)."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from vocdesk.engine import browse
from vocdesk.engine.reports import ReportSpec
from vocdesk.engine.store.browse import FeedbackFilter
from vocdesk.engine.workspace import Workspace

pytestmark = pytest.mark.shared_data


def test_defect_pack_over_real_takeaway_reviews(shared_data, tmp_path):
    frame = pd.read_csv(shared_data / "waimai_10k.csv").dropna(subset=["review"])
    frame = frame.sample(1500, random_state=3).rename(columns={"review": "text"})
    frame["created_at"] = [f"2026-0{1 + i % 6}-{1 + i % 28:02d} 12:00" for i in range(len(frame))]
    path = tmp_path / "waimai.vocdesk"
    with Workspace.create(path) as ws:
        ws.import_dataframe(frame[["text", "created_at"]], "waimai")     # redacted on import
        ws.analyze(workers=1)
    with Workspace.open(path, readonly=True) as ws:
        scope = FeedbackFilter(facets={"category": ["物流配送"]})
        n = browse.count(ws, scope)
        assert n > 50
        built = ws.reports.build(ReportSpec(workspace=str(path), where={"category": ["物流配送"]},
                                            max_quotes=80))
        assert built.manifest["rows"] == n
        text = re.sub(r"\s+", "", "".join(p.extract_text()
                                          for p in PdfReader(io.BytesIO(built.pdf)).pages))
        shown = browse.rows(ws, browse.ids(ws, scope)[:3])
        for row in shown:      # the customers' words come back out of the PDF
            words = re.sub(r"\s+", "", row["text"])
            assert re.sub(r"[^\u4e00-\u9fff]", "", words)[:12] in re.sub(r"[^\u4e00-\u9fff]",
                                                                          "", text)
        weekly = ws.reports.build(ReportSpec(workspace=str(path), template="weekly"))
        assert weekly.pages >= 3
