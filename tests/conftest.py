"""Shared fixtures: offscreen Qt, temporary workspaces, the real data in ../shared/data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("VOCDESK_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real labelled reviews; skip when absent, fail in CI when required."""
    if not SHARED_DATA.is_dir():
        if os.environ.get("VOCDESK_REQUIRE_SHARED_DATA") == "1":
            pytest.fail(f"VOCDESK_REQUIRE_SHARED_DATA=1 but {SHARED_DATA} is missing")
        pytest.skip(f"{SHARED_DATA} is absent")
    return SHARED_DATA
