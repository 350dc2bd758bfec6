"""Every page of the workbench has a PageTest (so it also runs on empty and one-row data)."""

from __future__ import annotations

import importlib
from pathlib import Path

from tests.ui.pagetest import PageTest

UI = Path(__file__).resolve().parents[2] / "vocdesk" / "ui"


def test_every_page_has_a_page_test() -> None:
    for f in sorted(Path(__file__).parent.glob("test_*.py")):
        importlib.import_module(f"tests.ui.{f.stem}")
    pages = {p.stem for p in (UI / "pages").glob("*.py") if not p.stem.startswith("_")}
    missing = sorted((pages | {"main_window"}) - set(PageTest.registry))
    assert not missing, f"pages without a PageTest subclass: {missing}"
