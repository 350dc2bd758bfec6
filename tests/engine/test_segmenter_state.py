"""jieba's dictionary is process-wide; each workspace's analysis must still be cut with exactly
its own taxonomy's terms (the GUI opens workspace A, then B, in one process)."""

from __future__ import annotations

import pandas as pd

from vocdesk.engine.store.browse_queries import analysis_of
from vocdesk.engine.tagging.taxonomy import FacetValue, default_taxonomy
from vocdesk.engine.text.segment import segmenter_for
from vocdesk.engine.workspace import Workspace

TERM = "蓝莓冰沙杯"       # not a jieba word: cut into pieces unless a taxonomy names it
TEXT = "这个蓝莓冰沙杯的盖子漏水"


def _taxonomy(with_term: bool):
    tax = default_taxonomy()
    if with_term:
        tax.facet("product").values.append(FacetValue("冰沙杯", terms=[TERM]))
    return tax


def _keywords_after_analysis(path, with_term: bool) -> list[str]:
    with Workspace.create(path, _taxonomy(with_term)) as ws:
        ws.imports.import_dataframe(pd.DataFrame({"text": [TEXT], "channel": "survey"}), "t")
        ws.analyze(workers=1)
        return analysis_of(ws.db, 1)["keywords"]


def test_b_is_not_segmented_with_a_s_terms(tmp_path):
    before = _keywords_after_analysis(tmp_path / "c.vocdesk", with_term=False)
    a = _keywords_after_analysis(tmp_path / "a.vocdesk", with_term=True)
    b = _keywords_after_analysis(tmp_path / "b.vocdesk", with_term=False)
    assert TERM in a                  # A's own dictionary holds its term
    assert TERM not in b              # ... and B, opened after A, is not cut with it
    assert b == before                # B is cut as if A had never been opened


def test_the_analysis_version_records_the_dictionary(tmp_path):
    with Workspace.create(tmp_path / "a.vocdesk", _taxonomy(True)) as a, \
            Workspace.create(tmp_path / "b.vocdesk", _taxonomy(False)) as b:
        assert a.analysis_context().version != b.analysis_context().version
        assert a.analysis_context().version == a.analysis_context().version


def test_segmenters_do_not_share_words():
    with_term = segmenter_for([TERM])
    plain = segmenter_for([])
    assert TERM in with_term.tokenize(TEXT)
    assert TERM not in plain.tokenize(TEXT)
    assert TERM not in segmenter_for(["盖子"]).tokenize(TEXT)
    assert with_term.fingerprint != plain.fingerprint
