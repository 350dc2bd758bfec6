"""Pages that read in the background only while someone looks at them.

A tag edit in the review queue notifies every page; a page that is not on screen must not start
a background read for it (on a 1M-row workspace that is seconds of work nobody sees). It marks
itself stale instead and reloads when it is next shown.
"""

from __future__ import annotations


class ReloadsWhenShown:
    """Mixin for a page with a ``reload()``: put it before ``QWidget`` in the bases."""

    _stale = False

    def reload_when_seen(self) -> None:
        """Re-read now if on screen, else when next shown."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def outdated_when_shown(self) -> bool:
        """Whether the page must re-read when shown although nothing marked it stale."""
        return False

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().showEvent(event)
        if self._stale or self.outdated_when_shown():
            self._stale = False
            self.reload()
