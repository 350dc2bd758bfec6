"""The export of given ids (the GUI's current view): exactly those rows, in that order; a
cancelled export leaves no file."""

from __future__ import annotations

import csv

import pytest

from vocdesk.engine.errors import Cancelled
from vocdesk.engine.jobs import CancelFlag
from vocdesk.engine.workspace import Workspace


def _ids(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [int(r["id"]) for r in csv.DictReader(fh)]


def test_export_of_ids_keeps_their_order(small_workspace, tmp_path):
    with Workspace.open(small_workspace) as ws:
        all_ids = [i for i, in ws.db.execute("SELECT id FROM feedback ORDER BY id")]
        pick = [all_ids[40], all_ids[3], all_ids[599], all_ids[7]]
        out = tmp_path / "v.csv"
        assert ws.export(out, ids=pick) == 4
        assert _ids(out) == pick
        assert ws.export(tmp_path / "none.csv", ids=[]) == 0
        assert _ids(tmp_path / "none.csv") == []


def test_cancelled_export_leaves_no_file(small_workspace, tmp_path):
    flag = CancelFlag()
    flag.cancel()
    with Workspace.open(small_workspace) as ws:
        ids = [i for i, in ws.db.execute("SELECT id FROM feedback")] * 10   # > one page
        out = tmp_path / "v.csv"
        with pytest.raises(Cancelled):
            ws.export(out, flag, ids=ids)
    assert not out.exists() and not (tmp_path / "v.csv.part").exists()
