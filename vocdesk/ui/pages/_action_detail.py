"""One action in detail: what it targets, its state, the append-only log (who did what when),
the workflow moves it allows now, notes, the root cause at closure, and the effect check.

A plain widget that emits what the user asked for; the actions page does the writing.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.loop.alerts import title_in
from vocdesk.i18n import _, language
from vocdesk.ui.labels import facet_text, value_text

STATUS_LABELS = {"new": "new", "assigned": "assigned", "in_progress": "in progress",
                 "resolved": "resolved", "verified": "verified"}
#: Moves allowed from each status (mirrors the engine's workflow; the engine still checks).
MOVES = {"new": ("assigned", "in_progress", "resolved"), "assigned": ("in_progress", "resolved"),
         "in_progress": ("resolved",), "resolved": ("verified", "in_progress"), "verified": ()}


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def rule_label(rule_id: str) -> str:
    return {"sensitive-words": _("sensitive words"), "vip-negative":
            _("high-value customer, negative"), "negative-share": _("negative share"),
            "new-signal": _("new weak signal")}.get(rule_id, rule_id)


def title_text(a: dict) -> str:
    """A rule's title is written "中文 / English": show the half of the UI's language."""
    return title_in(a, language())


def _num(x, fmt: str = "{:+.1%}") -> str:  # noqa: ANN001
    return "—" if x is None else fmt.format(x)


def effect_text(r: dict, short: bool = False) -> str:
    """The effect check in words: effect with its CI, p and MDE, or "not enough data yet"."""
    if not r.get("enough_data"):
        return _("not enough data yet")
    if short:
        return _("{effect} (p {p})").format(effect=_num(r.get("effect")), p=_num(r.get("p"), "{:.2g}"))
    return _("effect {effect} (95% CI {lo} … {hi}), p = {p}, minimum detectable effect "
             "{mde} · {design}").format(effect=_num(r.get("effect")), lo=_num(r.get("ci_low")),
                                        hi=_num(r.get("ci_high")),
                                        p=_num(r.get("p"), "{:.2g}"),
                                        mde=_num(r.get("mde"), "{:.1%}"),
                                        design=r.get("design") or "")


def _event_text(ev: dict, taxonomy=None) -> str:  # noqa: ANN001 - a Taxonomy
    kind, value = ev["kind"], ev["value"]
    if kind == "status":
        return _("status → {s}").format(s=status_label(value))
    if kind == "assign":
        return _("assigned to {who}").format(who=value)
    if kind == "note":
        return _("note: {text}").format(text=ev["note"])
    if kind == "root_cause":
        return _("root cause: {text}").format(text=value)
    if kind == "fixed_on":
        return _("fix went live on {day}").format(day=value)
    if kind == "resolution":
        return _("closed as noise") if value == "noise" else _("closed as a real problem")
    if kind == "evaluation":
        return _("effect checked")
    if kind == "triage":
        return _("sent to triage: {d}").format(
            d=value_text(taxonomy, "department", value) if taxonomy is not None else value)
    if kind in ("pause", "resume"):
        return _("SLA clock paused") if kind == "pause" else _("SLA clock resumed")
    return kind


class ActionDetail(QWidget):
    move_requested = Signal(str, str, str, str, str)   # status, note, root cause, fixed on, res
    note_requested = Signal(str)
    evaluate_requested = Signal()
    evidence_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action: dict | None = None
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.log = QTableWidget(0, 3)
        self.log.setHorizontalHeaderLabels([_("When"), _("Who"), _("What")])
        self.log.verticalHeader().hide()
        self.log.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.log.horizontalHeader().setStretchLastSection(True)
        self.move_combo = QComboBox()
        self.move_combo.setMinimumContentsLength(8)
        self.root_cause = QLineEdit()
        self.root_cause.setPlaceholderText(_("root cause (at closure)"))
        self.fixed_check = QCheckBox(_("Fix live on:"))
        self.fixed_on = QDateEdit(QDate.currentDate())
        self.fixed_on.setCalendarPopup(True)
        self.fixed_on.setDisplayFormat("yyyy-MM-dd")
        self.noise = QCheckBox(_("false alert (noise)"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("note"))
        self.move_button = QPushButton(_("Apply"))
        self.move_button.clicked.connect(self._move)
        self.note_button = QPushButton(_("Add note"))
        self.note_button.clicked.connect(lambda: self.note_requested.emit(self.note.text()))
        self.eval_button = QPushButton(_("Check the effect"))
        self.eval_button.clicked.connect(self.evaluate_requested)
        self.evidence_button = QPushButton(_("Open evidence rows"))
        self.evidence_button.clicked.connect(self.evidence_requested)
        self.effect = QLabel()
        self.effect.setWordWrap(True)

        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.move_combo)
        row.addWidget(self.noise)
        row.addWidget(self.move_button)
        form.addRow(_("Move to:"), row)
        row = QHBoxLayout()
        row.addWidget(self.root_cause, 1)
        row.addWidget(self.fixed_check)
        row.addWidget(self.fixed_on)
        form.addRow(_("Closure:"), row)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.note_button)
        form.addRow(_("Note:"), row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.evidence_button)
        buttons.addWidget(self.eval_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.header)
        lay.addWidget(self.facts)
        lay.addWidget(self.log, 1)
        lay.addLayout(form)
        lay.addLayout(buttons)
        lay.addWidget(self.effect)
        self.show_action(None)

    def show_action(self, a: dict | None, taxonomy=None) -> None:  # noqa: ANN001 - Taxonomy
        self.action = a
        for w in (self.move_combo, self.move_button, self.note_button, self.eval_button,
                  self.evidence_button, self.root_cause, self.note, self.noise,
                  self.fixed_check, self.fixed_on):
            w.setEnabled(a is not None)
        self.log.setRowCount(0)
        self.move_combo.clear()
        if a is None:
            self.header.setText(_("Select an action to see its log."))
            self.facts.setText("")
            self.effect.setText("")
            return
        self.header.setText(f"<b>#{a['id']} {title_text(a)}</b>")
        targets = "; ".join(f"{facet_text(taxonomy, f)}={value_text(taxonomy, f, v)}"
                            for f, vs in a["targets"].items() for v in vs)
        lines = [_("Status {s} · due {due}{over} · escalation: {esc}").format(
                     s=status_label(a["status"]), due=a["due_at"][:16].replace("T", " "),
                     over=" ⚠ " + _("overdue") if a["overdue"] else "",
                     esc={0: _("none"), 1: _("department head"),
                          2: _("CX lead")}[a["escalation_level"]]),
                 _("Department {d} · owner {o} · targets {t}").format(
                     d=value_text(taxonomy, "department", a["department"])
                     if a["department"] else "—", o=a["owner"] or "—", t=targets or "—")]
        if a["root_cause"] or a["fixed_on"]:
            lines.append(_("Root cause: {rc} · fix live on {day}").format(
                rc=a["root_cause"] or "—", day=a["fixed_on"] or "—"))
        if a["effect_check_due"]:
            lines.append("⏰ " + _("Effect check due: the fix went live a month ago and has not "
                                  "been evaluated."))
        self.facts.setText("<br>".join(lines))
        self.log.setRowCount(len(a["events"]))
        for r, ev in enumerate(a["events"]):
            for c, text in enumerate((ev["at"][:16].replace("T", " "), ev["who"] or "",
                                      _event_text(ev, taxonomy))):
                self.log.setItem(r, c, QTableWidgetItem(text))
        self.log.resizeColumnsToContents()
        for s in MOVES[a["status"]]:
            self.move_combo.addItem(status_label(s), s)
        self.move_button.setEnabled(bool(MOVES[a["status"]]))
        self.noise.setEnabled("resolved" in MOVES[a["status"]])
        if a["fixed_on"]:
            self.fixed_on.setDate(QDate.fromString(a["fixed_on"], "yyyy-MM-dd"))
        self.eval_button.setEnabled(bool(a["fixed_on"]))
        self.evidence_button.setEnabled(bool(a["evidence"]))
        ev = a["evaluation"]
        self.effect.setText(_("Last effect check ({at}): {text}").format(
            at=ev["at"][:10], text=effect_text(ev)) if ev else "")

    def _move(self) -> None:
        status = self.move_combo.currentData()
        if status is None:
            return
        fixed = self.fixed_on.date().toString("yyyy-MM-dd") if self.fixed_check.isChecked() \
            else ""
        res = "noise" if self.noise.isChecked() and status == "resolved" else ""
        self.move_requested.emit(status, self.note.text(), self.root_cause.text(), fixed, res)

    def show_effect(self, r: dict) -> None:
        self.effect.setText(_("Effect check: {text}").format(text=effect_text(r)))

    def show_effect_error(self, msg: str) -> None:
        self.effect.setText(msg)
