"""Keyboard-first pages: their keys work wherever the focus is on the page, and the focus shows.

A key press goes to the focused widget; after a menu, Esc or a click on a combo box that was
no longer the page's table, so an event filter on the table stopped seeing J/K/1/2/3. Window
shortcuts owned by the page fire whenever the page is the visible one in the active window
(text fields still get their letters first: Qt lets a line edit override a shortcut key).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QWidget

FOCUS_FRAME = ("QTableView:focus { border: 2px solid palette(highlight); }"
               "QTableView { border: 2px solid transparent; }")


def page_shortcuts(page: QWidget, keys: Iterable[Qt.Key], handler: Callable[[Qt.Key], None]
                   ) -> list[QShortcut]:
    """One window-context shortcut per key, owned by ``page`` (active only while it shows)."""
    out = []
    for key in keys:
        sc = QShortcut(QKeySequence(key), page)
        sc.setContext(Qt.ShortcutContext.WindowShortcut)
        sc.activated.connect(lambda k=key: handler(k))
        out.append(sc)
    return out


def mark_focus(view: QAbstractItemView) -> None:
    """A frame around the view while it has the focus, and the current row highlighted in
    the same colour when it has not (Qt greys an unfocused selection out)."""
    view.setStyleSheet(FOCUS_FRAME)
    pal = view.palette()
    for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
        pal.setColor(QPalette.ColorGroup.Inactive, role,
                     pal.color(QPalette.ColorGroup.Active, role))
    view.setPalette(pal)
