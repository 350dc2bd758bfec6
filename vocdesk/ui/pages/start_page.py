"""Start page: new, open, recent workspaces, and the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vocdesk.i18n import _


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    open_path_requested = Signal(str)
    demo_requested = Signal()

    def __init__(self, session, settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        col = QVBoxLayout()
        outer.addLayout(col, 3)
        outer.addStretch(1)
        col.addStretch(1)
        title = QLabel("vocdesk")
        title.setStyleSheet("font-size: 30pt; font-weight: bold; color: #1f5fbf;")
        col.addWidget(title)
        sub = QLabel(_("Voice of the Customer workbench: import feedback, explore it, "
                       "correct the tags, find what to fix."))
        sub.setWordWrap(True)
        sub.setStyleSheet("font-size: 12pt; color: #555;")
        col.addWidget(sub)
        col.addSpacing(18)
        row = QHBoxLayout()
        self.new_button = QPushButton(_("New workspace…"))
        self.open_button = QPushButton(_("Open workspace…"))
        self.demo_button = QPushButton(_("Open the demo"))
        self.demo_button.setToolTip(_("A generated workspace of Chinese and English feedback, "
                                      "built once in the background"))
        for b, sig in ((self.new_button, self.new_requested), (self.open_button, self.open_requested),
                       (self.demo_button, self.demo_requested)):
            b.setMinimumHeight(36)
            b.clicked.connect(sig.emit)
            row.addWidget(b)
        col.addLayout(row)
        col.addSpacing(18)
        col.addWidget(QLabel("<b>" + _("Recent workspaces") + "</b>"))
        self.recent = QListWidget()
        self.recent.setObjectName("recent-list")
        self.recent.itemActivated.connect(self._activate)
        self.recent.itemDoubleClicked.connect(self._activate)
        col.addWidget(self.recent, 2)
        self.hint = QLabel(_("Tip: drop CSV or Excel files on the window to import them."))
        self.hint.setStyleSheet("color: #777;")
        col.addWidget(self.hint)
        col.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        files = self.settings.recent_files()
        for f in files:
            p = Path(f)
            item = QListWidgetItem(f"{p.name}    —    {p.parent}")
            item.setData(Qt.ItemDataRole.UserRole, f)
            item.setToolTip(f)
            if not p.exists():
                item.setForeground(Qt.GlobalColor.gray)
                item.setToolTip(_("{path} (missing)").format(path=f))
            self.recent.addItem(item)
        if not files:
            item = QListWidgetItem(_("No recent workspaces yet"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.open_path_requested.emit(path)
