"""Fixtures every command-line test uses."""

from __future__ import annotations

import pytest

from tests.cli import run


@pytest.fixture
def ws(tmp_path):
    """A new, empty workspace made with ``vocdesk init``."""
    path = tmp_path / "w.vocdesk"
    assert run("init", path) == 0
    return path
