"""Review keys work wherever the focus went on the review page (after a menu, after Esc, on
the order box), without clicking the table; and the table shows that it has the focus."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication


def _review(window, qtbot):
    window.show_review()
    page = window.review_page
    qtbot.waitUntil(lambda: not window.session.busy and len(page.model.ids) > 5, timeout=20000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return page


def _press(qtbot, key, window):
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key)


def test_keys_work_after_a_menu_and_esc_without_clicking_the_table(window, qtbot):
    page = _review(window, qtbot)
    menu = window.menus["file"] if "file" in window.menus else next(iter(window.menus.values()))
    QTimer.singleShot(50, lambda: qtbot.keyClick(menu, Qt.Key.Key_Escape))
    menu.exec(window.mapToGlobal(window.rect().center()))
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Escape)
    # the window is active again once the menu has gone (on a busy machine the offscreen
    # platform hands activation back late; a desktop does it at once)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window and
                    QApplication.activePopupWidget() is None, timeout=5000)
    window.setFocus()                               # the focus left the table
    start = page.current_row()
    _press(qtbot, Qt.Key.Key_J, window)
    assert page.current_row() == start + 1
    _press(qtbot, Qt.Key.Key_K, window)
    assert page.current_row() == start
    fid = page.current_id()
    page.mode_combo.setFocus()                     # a combo box of the page has the focus
    _press(qtbot, Qt.Key.Key_3, window)
    ws = window.session.workspace
    assert ws.db.execute("SELECT value FROM human_tags WHERE feedback_id = ? AND "
                         "facet = 'sentiment'", [fid]).fetchone()[0] == "negative"
    assert page.current_row() == start + 1          # and moved on
    assert page.view.hasFocus()                     # the focus is back on the queue


def test_the_focused_table_and_its_current_row_are_visible(window, qtbot):
    page = _review(window, qtbot)
    assert page.view.hasFocus()                      # showing the page focuses the queue
    pal = page.view.palette()
    active = pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    assert pal.color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight) == active
    assert ":focus" in page.view.styleSheet()       # a focus frame around the queue
