"""Errors as clear dialogs, never tracebacks."""

from __future__ import annotations

import sys
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from vocdesk.i18n import _


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """A modal error box (or stderr when no application runs)."""
    if QApplication.instance() is None:
        print(message, file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, title or _("vocdesk"), str(message),
                      QMessageBox.StandardButton.Ok, parent)
    box.exec()


def error_text(exc: BaseException) -> str:
    from vocdesk.engine.errors import VocdeskError

    if isinstance(exc, VocdeskError):
        return str(exc)
    if isinstance(exc, (OSError, ValueError)):
        return f"{type(exc).__name__}: {exc}"
    return _("Unexpected error: {error}").format(error=f"{type(exc).__name__}: {exc}")


def install_excepthook() -> None:
    """Show uncaught exceptions from Qt slots as a dialog (the traceback goes to stderr)."""
    def hook(kind, exc, tb):
        traceback.print_exception(kind, exc, tb)
        show_error(QApplication.activeWindow(), error_text(exc))

    sys.excepthook = hook
