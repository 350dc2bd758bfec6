"""File → Workspace settings…: the settings ``vocdesk settings`` shows, for people without a CLI.

Why: the time zone of times that carry none and the triage department of unowned actions
shape every date and every action, yet only the command line could change them. The dialog
is thin: it shows ``Workspace.settings()`` and hands changed values back to the window,
which calls ``Workspace.set_setting`` (the engine checks them).
"""

from __future__ import annotations

from zoneinfo import available_timezones

from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from vocdesk.i18n import _

#: Zones offered first: those of the people this tool is for.
COMMON_ZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo",
                "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "UTC")


def zone_choices() -> list[str]:
    """Common zones first, then every IANA zone this Python knows, sorted."""
    rest = sorted(z for z in available_timezones() if z not in COMMON_ZONES and "/" in z)
    return [*COMMON_ZONES, *rest]


def department_choices(taxonomy) -> list[tuple[str, str]]:  # noqa: ANN001 - a Taxonomy
    """(value, shown label) of each department of the taxonomy (none without the facet)."""
    from vocdesk.ui.labels import value_text

    facet = taxonomy.facet("department")
    return [(v.value, value_text(taxonomy, "department", v.value)) for v in facet.values] \
        if facet is not None else []


class WorkspaceSettingsDialog(QDialog):
    """``settings``: ``Workspace.settings()``; ``departments``: (value, shown label) pairs."""

    def __init__(self, settings: dict[str, str], departments: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Workspace settings"))
        self._before = dict(settings)
        form = QFormLayout()
        self.zone = QComboBox()
        self.zone.setEditable(True)
        zones = zone_choices()
        self.zone.addItems(zones)
        self.zone.setCurrentText(settings.get("timezone", "Asia/Shanghai"))
        completer = QCompleter(zones, self.zone)
        completer.setFilterMode(completer.filterMode().MatchContains)
        self.zone.setCompleter(completer)
        form.addRow(_("Time zone:"), self.zone)
        form.addRow("", _hint(_("Times in a file that carry no zone are read in this zone; "
                                "days, weeks and months are counted in it.")))
        self.triage = QComboBox()
        self.triage.addItem(_("none (leave such actions without a department)"), "")
        for value, shown in departments:
            self.triage.addItem(shown, value)
        at = self.triage.findData(settings.get("triage_department", ""))
        self.triage.setCurrentIndex(max(at, 0))
        form.addRow(_("Triage department:"), self.triage)
        form.addRow("", _hint(_("Takes the actions that no category or touchpoint routes to "
                                "a department.")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def changed(self) -> dict[str, str]:
        """The settings whose value the user changed (key → new value)."""
        now = {"timezone": self.zone.currentText().strip(),
               "triage_department": self.triage.currentData() or ""}
        return {k: v for k, v in now.items() if self._before.get(k, "") != v}


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #666666;")
    return label
