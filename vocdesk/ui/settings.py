"""Per-user UI preferences (QSettings): language, recent files, window geometry, last folder.

Workspace facts (taxonomy, time zone) live in the workspace file instead. ``settings_version``
lets :func:`migrate_settings` upgrade old keys once. ``VOCDESK_SETTINGS`` points to an INI file
to use instead of the platform store (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

SETTINGS_VERSION = 1
MAX_RECENT = 10


def migrate_settings(qs: QSettings) -> None:
    """Bring stored keys up to SETTINGS_VERSION (no older layout exists yet)."""
    version = int(qs.value("settings_version", 0) or 0)
    if version < 1:
        qs.setValue("settings_version", SETTINGS_VERSION)


class UiSettings:
    def __init__(self, qsettings: QSettings | None = None) -> None:
        if qsettings is None:
            path = os.environ.get("VOCDESK_SETTINGS")
            qsettings = (QSettings(path, QSettings.Format.IniFormat) if path
                         else QSettings("vocdesk", "vocdesk"))
        self.qs = qsettings
        migrate_settings(self.qs)

    # --- language ----------------------------------------------------------------------------
    def language(self) -> str | None:
        """'zh_CN', 'en' or None (follow the system)."""
        return self.qs.value("language") or None

    def set_language(self, lang: str | None) -> None:
        if lang:
            self.qs.setValue("language", lang)
        else:
            self.qs.remove("language")

    # --- recent files ------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.qs.value("recent_files") or []
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value if v]

    def add_recent(self, path: str | Path) -> None:
        p = str(Path(path).resolve())
        files = [p] + [f for f in self.recent_files() if f != p]
        self.qs.setValue("recent_files", files[:MAX_RECENT])

    def remove_recent(self, path: str | Path) -> None:
        p = str(path)
        self.qs.setValue("recent_files", [f for f in self.recent_files()
                                          if f != p and f != str(Path(p).resolve())])

    # --- misc --------------------------------------------------------------------------------
    def last_folder(self) -> str:
        return self.qs.value("last_folder") or str(Path.home())

    def set_last_folder(self, folder: str | Path) -> None:
        self.qs.setValue("last_folder", str(folder))

    def geometry(self) -> QByteArray | None:
        return self.qs.value("window/geometry")

    def set_geometry(self, data: QByteArray) -> None:
        self.qs.setValue("window/geometry", data)

    def demo_path(self) -> Path:
        """Where "Open the demo" builds its workspace (once)."""
        custom = os.environ.get("VOCDESK_DEMO_PATH") or self.qs.value("demo_path")
        if custom:
            return Path(custom)
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        return Path(base or Path.home() / ".vocdesk") / "demo.vocdesk"

    def sync(self) -> None:
        self.qs.sync()
