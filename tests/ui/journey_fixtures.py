"""A demo workspace for the journey and breakpoint page tests (built once per session).

6,000 rows: enough for the planted stories (address editing the low touchpoint, sales promise
× after-sales the top breakpoint) to come out, as the engine's demo test checks.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    from vocdesk.engine.demo_workspace import build_demo_workspace

    path = tmp_path_factory.mktemp("journey-demo") / "demo.vocdesk"
    build_demo_workspace(path, rows=6000)
    return path


@pytest.fixture
def demo_session(demo_template, session_on, tmp_path):
    """A Session on a fresh copy of the demo (tests may save definitions)."""
    from tests.conftest import copy_workspace

    return session_on(copy_workspace(demo_template, tmp_path / "demo.vocdesk"))
