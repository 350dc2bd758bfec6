"""File → Workspace settings…: the time zone and the triage department without the CLI."""

from __future__ import annotations


def _dialog(window):
    from vocdesk.ui.widgets.workspace_settings import WorkspaceSettingsDialog, department_choices

    ws = window.session.workspace
    return WorkspaceSettingsDialog(ws.settings(), department_choices(ws.taxonomy), window)


def test_the_dialog_shows_the_settings_and_saves_what_changed(window, qtbot):
    assert window.actions["settings"].isEnabled()
    dialog = _dialog(window)
    qtbot.addWidget(dialog)
    assert dialog.zone.currentText() == "Asia/Shanghai"
    assert dialog.triage.currentData() == "客服中心"
    assert dialog.triage.currentText() == "Customer service center"      # shown by label
    assert dialog.changed() == {}
    dialog.zone.setCurrentText("Europe/Berlin")
    dialog.triage.setCurrentIndex(dialog.triage.findData(""))             # triage off
    assert window.workspace_settings(dialog) == {"timezone": "Europe/Berlin", "triage_department": ""}
    assert window.session.workspace.settings() == {"timezone": "Europe/Berlin", "triage_department": ""}


def test_a_wrong_zone_is_refused_with_the_engines_message(window, qtbot, monkeypatch):
    from vocdesk.ui import main_window

    shown = []
    monkeypatch.setattr(main_window, "show_error", lambda parent, msg, *a: shown.append(msg))
    dialog = _dialog(window)
    qtbot.addWidget(dialog)
    dialog.zone.setCurrentText("Mars/Olympus")
    assert window.workspace_settings(dialog) == {}
    assert shown and "Mars/Olympus" in shown[0] and "IANA" in shown[0]
    assert window.session.workspace.settings()["timezone"] == "Asia/Shanghai"
