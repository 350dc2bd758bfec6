"""The window fits a 1366×768 laptop screen on every page (a page's minimum size is the
window's: one tall editor pushed the taxonomy page, and so every page, past the bottom)."""

from __future__ import annotations


def test_every_page_fits_1366x768(qtbot, window):
    for page in window.pages:         # the core pages and every page of the registry
        window.show_page(page)
        qtbot.wait(10)
        hint = window.minimumSizeHint()
        # a window title bar and a taskbar take about 60 px of the 768
        assert hint.height() <= 700 and hint.width() <= 1366, (page, hint.toTuple())


def test_the_window_takes_the_available_screen_without_a_saved_geometry(qtbot):
    from vocdesk.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    avail = win.screen().availableGeometry()
    if not win.restored_geometry:
        assert win.size() == avail.size()
    win.fill_screen()                          # and on demand, whatever was saved
    assert win.size() == avail.size()
