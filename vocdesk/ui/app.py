"""Desktop entry point: ``vocdesk gui [WORKSPACE]`` and the ``vocdesk-gui`` script.

Sets up the QApplication, registers the bundled CJK font (so Chinese shows on machines with
no CJK font), picks the language (setting, else ``VOCDESK_LANG``, else the system locale),
installs Qt's own translations, and opens the workspace given on the command line or the
start page.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from vocdesk import resources

FONT_FILE = resources.path(resources.CJK_FONT)
EMOJI_FILE = resources.path(resources.EMOJI_FONT)


def register_fonts() -> str | None:
    """Register the bundled fonts; returns the CJK family name (None if missing).

    The emoji font is registered too: :func:`apply_fonts` puts it after the CJK family, so a
    glyph neither the CJK nor the system font has (😊) is drawn from it instead of a box.
    """
    families = [_add_font(FONT_FILE), _add_font(EMOJI_FILE)]
    return families[0]


def _add_font(path: Path) -> str | None:
    from PySide6.QtGui import QFontDatabase

    if not path.is_file():
        return None
    fid = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
    return families[0] if families else None


def apply_fonts(app) -> list[str]:
    """Register the bundled fonts and make them the application font's families, in order
    CJK, then emoji as the fallback. Returns the families set on the application font."""
    from PySide6.QtGui import QFont

    cjk, emoji = _add_font(FONT_FILE), _add_font(EMOJI_FILE)
    families = [f for f in (cjk or app.font().family(), emoji) if f]
    font = QFont(app.font())
    font.setFamilies(families)
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)
    return families


def install_translations(app, lang: str) -> None:
    """Qt's own dialogs (Ok/Cancel, file dialogs) in the chosen language."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if lang != "zh_CN":
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)
        if tr.load(name, path):
            app.installTranslator(tr)
            app._vocdesk_translators = getattr(app, "_vocdesk_translators", []) + [tr]


def no_display_reason() -> str | None:
    """Why a window cannot be shown here, or None. Qt would abort the process instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display: vocdesk gui needs a desktop session (DISPLAY or WAYLAND_DISPLAY); "
            "on a headless machine use the command line, or QT_QPA_PLATFORM=offscreen for tests")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    reason = no_display_reason()
    if reason:
        print(f"vocdesk: {reason}", file=sys.stderr)
        return 1
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from vocdesk import i18n
    from vocdesk.ui.settings import UiSettings
    from vocdesk.ui.widgets.dialogs import install_excepthook

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "vocdesk"])
    app.setApplicationName("vocdesk")
    app.setOrganizationName("vocdesk")
    app.setDesktopFileName("vocdesk")
    icon = resources.path(resources.APP_ICON)
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    apply_fonts(app)
    settings = UiSettings()
    import os

    lang = i18n.set_language(os.environ.get("VOCDESK_LANG") or settings.language())
    install_translations(app, lang)
    install_excepthook()

    from vocdesk.ui.main_window import MainWindow

    window = MainWindow(settings=settings)
    if window.restored_geometry:
        window.show()
    else:                       # first run: the whole screen (fill_screen sized it already)
        window.showMaximized()
    paths = [a for a in args if not a.startswith("-")]
    if "--smoke" in args:
        # packaging check: quit with 0 as soon as a workspace is open (or 1 after 15 minutes)
        from PySide6.QtCore import QTimer

        window.session.opened.connect(lambda _p: QTimer.singleShot(500, app.quit))
        QTimer.singleShot(900_000, lambda: app.exit(1))
    if "--demo" in args:
        window.open_demo()
    elif paths:
        target = Path(paths[0])
        if target.suffix == ".vocdesk" or target.exists():
            window.open_path(target)
        else:
            window.show_start()
    else:
        window.show_start()
    pages = [a.split("=", 1)[1] for a in args if a.startswith("--page=")]
    page = pages[0] if pages else os.environ.get("VOCDESK_PAGE")
    if page:   # any key of window.pages (screenshots, docs, `vocdesk gui WS --page KEY`)
        window.show_page(page)
    app.aboutToQuit.connect(window.session.jobs.shutdown)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
