"""Taxonomy editor: facets, values (labels, owner department, parent stage, dictionary terms)
and rules with a live preview. Edits stay in a working copy until saved; applying a rule first
shows how many rows would move, then saves the taxonomy and offers to re-analyse.
"""

from __future__ import annotations

import copy
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.tagging.taxonomy import KINDS, Facet, FacetValue, Rule
from vocdesk.i18n import _, label
from vocdesk.ui.widgets.rule_editor import RuleEditor

#: Which facet holds the parents of a facet's values (touchpoint → stage).
PARENT_FACET = {"touchpoint": "stage"}


def _split_terms(text: str) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in re.split(r"[\n,，;；]+", text) if t.strip()))


class TaxonomyPage(QWidget):
    """``TaxonomyPage(session)``: edits ``session.workspace.taxonomy``."""

    saved = Signal()
    rule_applied = Signal(object)       # RulePreview shown before the save

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.taxonomy = None
        self.dirty = False
        self._loading = False
        self._build()
        session.opened.connect(self._on_opened)   # a bound method: disconnected when deleted
        session.closed.connect(self.reload)
        session.changed.connect(self._on_changed)
        self.reload()

    # --- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        # facets
        fbox = QGroupBox(_("Facets"))
        fl = QVBoxLayout(fbox)
        self.facet_list = QListWidget()
        self.facet_list.currentRowChanged.connect(lambda _r: self._show_facet())
        fl.addWidget(self.facet_list, 1)
        ff = QFormLayout()
        self.facet_zh = QLineEdit()
        self.facet_en = QLineEdit()
        self.facet_multi = QCheckBox(_("several values per row"))
        self.facet_kind = QComboBox()
        for k in KINDS:
            self.facet_kind.addItem(_(k), k)
        ff.addRow(_("Chinese label"), self.facet_zh)
        ff.addRow(_("English label"), self.facet_en)
        ff.addRow(_("Values"), self.facet_multi)
        ff.addRow(_("Tagged by"), self.facet_kind)
        fl.addLayout(ff)
        for w in (self.facet_zh, self.facet_en):
            w.editingFinished.connect(self._store_facet)
        self.facet_multi.toggled.connect(lambda _c: self._store_facet())
        self.facet_kind.currentIndexChanged.connect(lambda _i: self._store_facet())
        add_facet = QPushButton(_("Add facet…"))
        add_facet.clicked.connect(self.add_facet)
        fl.addWidget(add_facet)

        # values
        vbox = QGroupBox(_("Values"))
        vl = QVBoxLayout(vbox)
        self.value_list = QListWidget()
        self.value_list.currentRowChanged.connect(lambda _r: self._show_value())
        vl.addWidget(self.value_list, 1)
        row = QHBoxLayout()
        add_value = QPushButton(_("Add value…"))
        add_value.clicked.connect(self.add_value)
        remove_value = QPushButton(_("Remove value"))
        remove_value.clicked.connect(self.remove_value)
        row.addWidget(add_value)
        row.addWidget(remove_value)
        vl.addLayout(row)

        # the selected value
        dbox = QGroupBox(_("Value"))
        dl = QVBoxLayout(dbox)
        form = QFormLayout()
        self.value_zh = QLineEdit()
        self.value_en = QLineEdit()
        self.department_combo = QComboBox()
        self.department_combo.setEditable(True)
        self.parent_combo = QComboBox()
        self.parent_combo.setEditable(True)
        self.terms_edit = QPlainTextEdit()
        self.terms_edit.setPlaceholderText(_("Dictionary terms, one per line or separated by commas"))
        self.terms_edit.setFixedHeight(80)
        form.addRow(_("Chinese label"), self.value_zh)
        form.addRow(_("English label"), self.value_en)
        form.addRow(_("Owner department"), self.department_combo)
        form.addRow(_("Parent (stage)"), self.parent_combo)
        form.addRow(_("Dictionary terms"), self.terms_edit)
        dl.addLayout(form)
        for w in (self.value_zh, self.value_en):
            w.editingFinished.connect(self._store_value)
        self.department_combo.currentTextChanged.connect(lambda _t: self._store_value())
        self.parent_combo.currentTextChanged.connect(lambda _t: self._store_value())
        self.terms_edit.textChanged.connect(self._store_value)

        rules_row = QHBoxLayout()
        self.rule_list = QListWidget()
        self.rule_list.setMaximumHeight(110)
        self.rule_list.currentRowChanged.connect(lambda _r: self._show_rule())
        rb = QVBoxLayout()
        add_rule = QPushButton(_("New rule"))
        add_rule.clicked.connect(self.add_rule)
        remove_rule = QPushButton(_("Delete rule"))
        remove_rule.clicked.connect(self.remove_rule)
        rb.addWidget(add_rule)
        rb.addWidget(remove_rule)
        rb.addStretch(1)
        rules_row.addWidget(self.rule_list, 1)
        rules_row.addLayout(rb)
        dl.addWidget(QLabel(_("Rules")))
        dl.addLayout(rules_row)
        self.rule_editor = RuleEditor(self.session, self)
        dl.addWidget(self.rule_editor, 1)
        self.apply_button = QPushButton(_("Apply rule…"))
        self.apply_button.setToolTip(_("Shows how many rows move between values, then saves"))
        self.apply_button.clicked.connect(self.apply_rule)
        dl.addWidget(self.apply_button)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(fbox)
        split.addWidget(vbox)
        # the value editor (form, rules, rule editor) is taller than a 1366×768 laptop screen
        # leaves: it scrolls instead of pushing the window past the bottom of the screen
        dscroll = QScrollArea()
        dscroll.setWidgetResizable(True)
        dscroll.setFrameShape(QScrollArea.Shape.NoFrame)
        dscroll.setWidget(dbox)
        split.addWidget(dscroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setStretchFactor(2, 3)

        bottom = QHBoxLayout()
        self.status_label = QLabel()
        self.save_button = QPushButton(_("Save taxonomy"))
        self.save_button.clicked.connect(lambda: self.save())
        self.revert_button = QPushButton(_("Revert"))
        self.revert_button.clicked.connect(self.reload)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)

        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addLayout(bottom)

    # --- loading -------------------------------------------------------------------------------
    def _on_opened(self, _path: str) -> None:
        self.reload()

    def reload(self) -> None:
        """Drop unsaved edits and show the workspace's taxonomy."""
        ws = self.session.workspace
        f, v, r = self.current_facet(), self.current_value(), self.current_rule()
        keep = (f.name if f else None, v.value if v else None, r.id if r else None)
        self.taxonomy = copy.deepcopy(ws.taxonomy) if ws is not None else None
        self._set_dirty(False)
        self._loading = True
        self.facet_list.clear()
        for fc in self.taxonomy.facets if self.taxonomy else []:
            item = QListWidgetItem(f"{label(fc)}  ({fc.name})")
            item.setData(Qt.ItemDataRole.UserRole, fc.name)
            self.facet_list.addItem(item)
        self._loading = False
        names = [fc.name for fc in self.taxonomy.facets] if self.taxonomy else []
        if keep[0] in names:
            self.select(*keep)
        else:
            self.facet_list.setCurrentRow(0)
            self._show_facet()

    def _on_changed(self, topics) -> None:
        if "taxonomy" in set(topics) and not self.dirty:
            self.reload()

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        if dirty:
            self.status_label.setText(_("Unsaved changes"))
        elif self.status_label.text() == _("Unsaved changes"):
            self.status_label.setText("")
        self.save_button.setEnabled(dirty)

    # --- selection -----------------------------------------------------------------------------
    def current_facet(self) -> Facet | None:
        item = self.facet_list.currentItem()
        if item is None or self.taxonomy is None:
            return None
        return self.taxonomy.facet(item.data(Qt.ItemDataRole.UserRole))

    def current_value(self) -> FacetValue | None:
        f, item = self.current_facet(), self.value_list.currentItem()
        return f.value(item.data(Qt.ItemDataRole.UserRole)) if f and item else None

    def current_rule(self) -> Rule | None:
        v, row = self.current_value(), self.rule_list.currentRow()
        return v.rules[row] if v and 0 <= row < len(v.rules) else None

    def select(self, facet: str, value: str | None = None, rule_id: str | None = None) -> None:
        """Select a facet, a value of it and a rule of that value (for tests and links)."""
        for i in range(self.facet_list.count()):
            if self.facet_list.item(i).data(Qt.ItemDataRole.UserRole) == facet:
                self.facet_list.setCurrentRow(i)
        if value is not None:
            for i in range(self.value_list.count()):
                if self.value_list.item(i).data(Qt.ItemDataRole.UserRole) == value:
                    self.value_list.setCurrentRow(i)
        v = self.current_value()
        if rule_id is not None and v is not None:
            ids = [r.id for r in v.rules]
            if rule_id in ids:
                self.rule_list.setCurrentRow(ids.index(rule_id))

    def _show_facet(self) -> None:
        f = self.current_facet()
        self._loading = True
        try:
            self.facet_zh.setText(f.label_zh or "" if f else "")
            self.facet_en.setText(f.label_en or "" if f else "")
            self.facet_multi.setChecked(bool(f and f.multi))
            self.facet_kind.setCurrentIndex(max(0, self.facet_kind.findData(f.kind if f else "")))
            self.value_list.clear()
            for v in f.values if f else []:
                item = QListWidgetItem(label(v, v.value) if (v.label_zh or v.label_en) else v.value)
                item.setData(Qt.ItemDataRole.UserRole, v.value)
                if v.rules or v.terms:
                    item.setToolTip(_("{r} rules, {t} terms").format(r=len(v.rules), t=len(v.terms)))
                self.value_list.addItem(item)
            self._fill_choices(f)
        finally:
            self._loading = False
        self.value_list.setCurrentRow(0 if f and f.values else -1)
        self._show_value()

    def _fill_choices(self, f: Facet | None) -> None:
        depts = self.taxonomy.facet("department") if self.taxonomy else None
        self.department_combo.clear()
        self.department_combo.addItem("")
        for v in depts.values if depts else []:
            self.department_combo.addItem(label(v, v.value), v.value)   # shown by label
        parent = self.taxonomy.facet(PARENT_FACET.get(f.name, "")) if f and self.taxonomy else None
        self.parent_combo.clear()
        self.parent_combo.addItem("")
        for v in parent.values if parent else []:
            self.parent_combo.addItem(label(v, v.value), v.value)

    def _show_value(self) -> None:
        v = self.current_value()
        self._loading = True
        try:
            self.value_zh.setText((v.label_zh or "") if v else "")
            self.value_en.setText((v.label_en or "") if v else "")
            _show_choice(self.department_combo, v.department if v else None)
            _show_choice(self.parent_combo, v.parent if v else None)
            self.terms_edit.setPlainText("\n".join(v.terms) if v else "")
            self.rule_list.clear()
            for r in v.rules if v else []:
                self.rule_list.addItem(self._rule_text(r))
        finally:
            self._loading = False
        self.rule_list.setCurrentRow(0 if v and v.rules else -1)
        self._show_rule()

    @staticmethod
    def _rule_text(r: Rule) -> str:
        return f"{'' if r.enabled else '⊘ '}{r.id}: {r.expr[:80]}"

    def _show_rule(self) -> None:
        f, v = self.current_facet(), self.current_value()
        self.rule_editor.set_rule(f.name if f else None, v.value if v else None,
                                  self.current_rule(), self.taxonomy)
        self.apply_button.setEnabled(self.current_rule() is not None)

    # --- edits of the working copy -------------------------------------------------------------
    def _store_facet(self) -> None:
        f = self.current_facet()
        if self._loading or f is None:
            return
        f.label_zh = self.facet_zh.text().strip() or None
        f.label_en = self.facet_en.text().strip() or None
        f.multi = self.facet_multi.isChecked()
        f.kind = self.facet_kind.currentData()
        self._set_dirty(True)

    def _store_value(self) -> None:
        v = self.current_value()
        if self._loading or v is None:
            return
        v.label_zh = self.value_zh.text().strip() or None
        v.label_en = self.value_en.text().strip() or None
        v.department = _chosen(self.department_combo)
        v.parent = _chosen(self.parent_combo)
        v.terms = _split_terms(self.terms_edit.toPlainText())
        self._set_dirty(True)

    def add_facet(self) -> None:
        name, ok = QInputDialog.getText(self, _("Add facet"), _("Name (letters, no spaces):"))
        name = name.strip()
        if not ok or not name or self.taxonomy is None:
            return
        if self.taxonomy.facet(name) is not None:
            QMessageBox.warning(self, _("Add facet"), _("A facet with this name exists."))
            return
        self.taxonomy.facets.append(Facet(name, name, name, True, "rules"))
        self._set_dirty(True)
        self._refresh_lists(facet=name)

    def add_value(self, name: str | None = None) -> None:
        f = self.current_facet()
        if f is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, _("Add value"), _("Value:"))
            if not ok:
                return
        name = name.strip()
        if not name or f.value(name) is not None:
            return
        f.values.append(FacetValue(name, added_by="analyst"))
        self._set_dirty(True)
        self._refresh_lists(facet=f.name, value=name)

    def remove_value(self) -> None:
        f, v = self.current_facet(), self.current_value()
        if f is None or v is None:
            return
        if QMessageBox.question(self, _("Remove value"), _(
                "Remove {value} from {facet}? Rows tagged with it keep the tag until they are "
                "re-analysed or re-tagged.").format(value=v.value, facet=label(f))) \
                != QMessageBox.StandardButton.Yes:
            return
        f.values.remove(v)
        self._set_dirty(True)
        self._refresh_lists(facet=f.name)

    def add_rule(self) -> None:
        f, v = self.current_facet(), self.current_value()
        if f is None or v is None:
            return
        used = {r.id for fc in self.taxonomy.facets for val in fc.values for r in val.rules}
        base = f"{f.name}-{len(v.rules) + 1}"
        rid, n = base, 1
        while rid in used:
            n += 1
            rid = f"{base}-{n}"
        v.rules.append(Rule(rid, v.value if not v.value.isascii() else f'"{v.value}"'))
        self._set_dirty(True)
        self._refresh_lists(facet=f.name, value=v.value, rule=rid)

    def remove_rule(self) -> None:
        v, r = self.current_value(), self.current_rule()
        if v is None or r is None:
            return
        v.rules.remove(r)
        self._set_dirty(True)
        self._refresh_lists(facet=self.current_facet().name, value=v.value)

    def _refresh_lists(self, facet: str, value: str | None = None, rule: str | None = None):
        dirty = self.dirty
        self._loading = True
        self.facet_list.clear()
        for f in self.taxonomy.facets:
            item = QListWidgetItem(f"{label(f)}  ({f.name})")
            item.setData(Qt.ItemDataRole.UserRole, f.name)
            self.facet_list.addItem(item)
        self._loading = False
        self.select(facet, value, rule)
        self._set_dirty(dirty)

    # --- apply and save ------------------------------------------------------------------------
    def apply_rule(self) -> None:
        """Preview the edited rule (if not done yet), show the moved rows, save on Yes."""
        if self.current_rule() is None:
            return
        ed = self.rule_editor
        prev = ed.last_preview
        if prev is not None and prev.expr == ed.expr() and not ed.error:
            self._confirm_apply(prev)
        else:
            ed.check_now(on_ready=self._confirm_apply)

    def _confirm_apply(self, preview) -> None:
        ed, v, r = self.rule_editor, self.current_value(), self.current_rule()
        if v is None or r is None or preview.expr != ed.expr():
            return
        text = ed.moved_text(preview)
        ed.moved_label.setText(text)
        self.rule_applied.emit(preview)
        answer = QMessageBox.question(
            self, _("Apply rule"),
            text + "\n\n" + _("{hits} rows match the rule itself. Save the taxonomy now?").format(
                hits=f"{preview.hits:,}"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        new = ed.rule()
        i = v.rules.index(r)
        v.rules[i] = new
        if self.save(ask_reanalyse=True):
            self._refresh_lists(facet=self.current_facet().name, value=v.value, rule=new.id)
            self.status_label.setText(_("Taxonomy saved.") + " " + text)

    def save(self, ask_reanalyse: bool = True) -> bool:
        """Store the working taxonomy in the workspace; offer to re-analyse. True if saved."""
        ws = self.session.workspace
        if ws is None or self.taxonomy is None:
            return False
        try:
            ws.set_taxonomy(copy.deepcopy(self.taxonomy))
        except Exception as exc:   # syntax error, duplicate id …: a dialog, never a traceback
            QMessageBox.warning(self, _("Cannot save the taxonomy"), str(exc))
            return False
        self._set_dirty(False)
        self.status_label.setText(_("Taxonomy saved."))
        self.saved.emit()
        self.session.notify("taxonomy")
        if ask_reanalyse and QMessageBox.question(
                self, _("Re-analyse"), _("Re-analyse the feedback with the new taxonomy now? "
                                         "It runs in the background.")) \
                == QMessageBox.StandardButton.Yes:
            self.reanalyse()
        return True

    def reanalyse(self):
        self.status_label.setText(_("Re-analysing…"))
        return self.session.run_job(
            _("Re-analysing"), lambda ws, p: ws.analyze(progress=p),
            on_done=lambda rep: self.status_label.setText(_("Re-analysed {n} rows.").format(
                n=f"{getattr(rep, 'rows_analyzed', 0):,}")),
            on_failed=lambda msg: QMessageBox.warning(self, _("Analysis failed"), msg),
            topics=("feedback", "tags"))


def _show_choice(combo, value: str | None) -> None:
    """Show a stored value by its label when it is one of the choices, else as typed."""
    i = combo.findData(value) if value else -1
    if i >= 0:
        combo.setCurrentIndex(i)
        combo.setEditText(combo.itemText(i))
    else:
        combo.setEditText(value or "")


def _chosen(combo) -> str | None:
    """The stored value behind an editable choice: the item's value when its label is shown
    (picking "Logistics" stores 物流部), else the typed text."""
    text = combo.currentText().strip()
    if not text:
        return None
    i = combo.findText(text)
    data = combo.itemData(i) if i >= 0 else None
    return data or text
