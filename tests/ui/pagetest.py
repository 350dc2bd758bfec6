"""The base class of every page test: each page also runs on an empty and a one-row workspace.

Orange's ``WidgetTest`` adds a zero-size-data test to every widget test; here a subclass names
its page and how to build it, and inherits ``test_on_empty_workspace`` and
``test_on_one_row_workspace``: the page is built on an analysed workspace of 0 (then 1) feedback
rows, shown at 1366×768, its background loads awaited, the optional ``check_page`` hook run, then
the workspace closed and reopened under it. Any exception in a slot fails the test (pytest-qt),
as does a leaked window (``no_leaked_widgets``).

    class TestReviewPage(PageTest):
        page_module = "review_page"

        def make_page(self, session, tmp_path):
            return ReviewPage(session)

``tests/ui/test_pages_covered.py`` checks that every module of ``vocdesk/ui/pages`` has one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

SIZE = (1366, 768)


def _settle(qtbot, session) -> None:
    """Wait until the page's background jobs have ended *and* their results were delivered.

    A job's done/failed signal is posted to the GUI thread just before the job counts as ended,
    so one more turn of the event loop after "not busy" delivers it; a result that starts the
    next job (a chained load) is waited for too.
    """
    from PySide6.QtWidgets import QApplication

    for _ in range(20):
        qtbot.waitUntil(lambda: not session.busy, timeout=20000)
        QApplication.processEvents()
        qtbot.wait(10)
        if not session.busy:
            return


class PageTest:
    """Subclass as ``Test<Page>``; set ``page_module`` and define ``make_page``."""

    page_module: ClassVar[str] = ""
    registry: ClassVar[dict[str, list[type]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__name__.startswith("Test"):
            raise TypeError(f"{cls.__name__}: page test classes must be named Test… "
                            "or pytest never runs them")
        if not cls.page_module or "make_page" not in vars(cls):
            raise TypeError(f"{cls.__name__} must set page_module and define make_page()")
        PageTest.registry.setdefault(cls.page_module, []).append(cls)

    # --- what a subclass provides ------------------------------------------------------------
    def make_page(self, session, tmp_path: Path):  # noqa: ANN201 - a QWidget
        raise NotImplementedError

    def check_page(self, page, session, n_rows: int) -> None:
        """What the user must see on a workspace of ``n_rows`` rows (default: it just works)."""

    # --- the inherited runs ------------------------------------------------------------------
    def _run_on(self, n_rows: int, qtbot, open_page, session_on, tiny_ws_path, tmp_path) -> None:
        session = session_on(tiny_ws_path(n_rows))
        assert session.workspace.stats()["feedback"] == n_rows
        page = open_page(self.make_page(session, tmp_path), session=session, size=SIZE)
        qtbot.wait(20)
        _settle(qtbot, session)
        self.check_page(page, session, n_rows)
        path = session.path
        session.close()                          # the page must survive its workspace closing
        qtbot.wait(20)
        session.open(path)                       # ... and another one opening
        _settle(qtbot, session)
        self.check_page(page, session, n_rows)

    def test_on_empty_workspace(self, qtbot, open_page, session_on, tiny_ws_path, tmp_path):
        self._run_on(0, qtbot, open_page, session_on, tiny_ws_path, tmp_path)

    def test_on_one_row_workspace(self, qtbot, open_page, session_on, tiny_ws_path, tmp_path):
        self._run_on(1, qtbot, open_page, session_on, tiny_ws_path, tmp_path)

