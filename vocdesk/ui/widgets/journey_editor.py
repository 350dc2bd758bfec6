"""The journey definition editor: add, rename, reorder stages and touchpoints, edit a
touchpoint's keywords and rules; Save writes a new definition version.

The dialog works on copies of the definition and the taxonomy: Cancel leaves both unchanged.
Renaming keeps the value ids (the tags in the data) and changes the label in the UI language;
a new touchpoint becomes a value of the taxonomy's ``touchpoint`` facet (its keywords and rules
there, in the taxonomy's rule syntax), and the page re-analyses so its rows get tagged. Saving
goes through ``ws.journey.save_with_taxonomy`` (one transaction; a rule that does not parse
saves nothing and says which).
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.analytics.journey_def import Stage
from vocdesk.engine.domain.taxonomy import FacetValue, Rule
from vocdesk.i18n import _, label, language
from vocdesk.ui.labels import stage_label, touchpoint_label
from vocdesk.ui.widgets.dialogs import error_text, show_error

ROLE = Qt.ItemDataRole.UserRole


class JourneyEditor(QDialog):
    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit the journey"))
        self.session = session
        ws = session.workspace
        self.original = ws.journey.definition()
        self.definition = copy.deepcopy(self.original)
        self.taxonomy = copy.deepcopy(ws.taxonomy)
        self.taxonomy_changed = False
        self.saved_version: int | None = None
        self._build()
        self._fill()
        self.resize(820, 560)

    # --- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Stages and touchpoints (in journey order)")])
        self.tree.currentItemChanged.connect(self._current_changed)
        buttons = QVBoxLayout()
        for text, slot in ((_("Add stage…"), self._add_stage_clicked),
                           (_("Add touchpoint…"), self._add_touchpoint_clicked),
                           (_("Rename…"), self._rename_clicked),
                           (_("Move up"), lambda: self.move(self.tree.currentItem(), -1)),
                           (_("Move down"), lambda: self.move(self.tree.currentItem(), 1)),
                           (_("Remove from the journey"), self._remove_clicked)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.rules_title = QLabel()
        self.terms = QPlainTextEdit()
        self.terms.setPlaceholderText(_("keywords, one per line (e.g. 改地址)"))
        self.rules = QPlainTextEdit()
        self.rules.setPlaceholderText(_("rules, one per line, e.g. (地址 OR address) NEAR/10 "
                                        "(改 OR change)"))
        self.terms.textChanged.connect(self._rules_edited)
        self.rules.textChanged.connect(self._rules_edited)
        rules = QVBoxLayout()
        rules.addWidget(self.rules_title)
        rules.addWidget(QLabel(_("Keywords")))
        rules.addWidget(self.terms, 1)
        rules.addWidget(QLabel(_("Rules (AND, OR, NOT, NEAR/n, \"phrases\")")))
        rules.addWidget(self.rules, 1)
        self.note = QLabel(_("Saving writes a new version of the journey; the map says which "
                             "version it used. Changed rules apply after re-analysis, which "
                             "starts on saving."))
        self.note.setWordWrap(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.tree, 2)
        top.addLayout(buttons)
        top.addLayout(rules, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(top, 1)
        lay.addWidget(self.note)
        lay.addWidget(box)
        self._loading = False

    def _tp_value(self, name: str) -> FacetValue | None:
        facet = self.taxonomy.facet("touchpoint")
        return facet.value(name) if facet is not None else None

    def _fill(self, current: tuple[str, str] | None = None) -> None:
        """Rebuild the tree from ``self.definition``; reselect (kind, name)."""
        ws = self.session.workspace
        self.tree.blockSignals(True)
        self.tree.clear()
        pick = None
        for stage in self.definition.stages:
            top = QTreeWidgetItem([stage_label(ws, stage)])
            top.setData(0, ROLE, ("stage", stage.name))
            self.tree.addTopLevelItem(top)
            for tp in stage.touchpoints:
                child = QTreeWidgetItem([self._tp_text(tp)])
                child.setData(0, ROLE, ("touchpoint", tp))
                top.addChild(child)
                if current == ("touchpoint", tp):
                    pick = child
            top.setExpanded(True)
            if current == ("stage", stage.name):
                pick = top
        self.tree.blockSignals(False)
        self.tree.setCurrentItem(pick)
        self._current_changed(pick)

    def _tp_text(self, tp: str) -> str:
        """The editor's own copy first: a touchpoint added or renamed here is not saved yet."""
        own = self.definition.touchpoint_labels.get(tp) or {}
        text = own.get("zh" if language() == "zh_CN" else "en")
        if text:
            return text
        v = self._tp_value(tp)
        return label(v, tp) if v is not None else touchpoint_label(
            self.session.workspace, None, tp)

    # --- the widget API (buttons call it; tests too) -----------------------------------------
    def find(self, kind: str, name: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.data(0, ROLE) == (kind, name):
                return top
            for j in range(top.childCount()):
                if top.child(j).data(0, ROLE) == (kind, name):
                    return top.child(j)
        return None

    def _stage(self, name: str) -> Stage:
        return next(s for s in self.definition.stages if s.name == name)

    def add_stage(self, name: str) -> None:
        name = name.strip()
        if not name or any(s.name == name for s in self.definition.stages):
            raise ValueError(_("a stage needs a new, non-empty name"))
        self.definition.stages.append(Stage(name, [], name, name))
        self._fill(("stage", name))

    def add_touchpoint(self, stage: str, name: str, terms: list[str] | None = None) -> None:
        """A new touchpoint at the end of ``stage`` (a new value of the touchpoint facet)."""
        name = name.strip()
        if not name or name in {t for _s, t in self.definition.touchpoints()}:
            raise ValueError(_("a touchpoint needs a new, non-empty name"))
        facet = self.taxonomy.facet("touchpoint")
        if facet is None:
            raise ValueError(_("the taxonomy has no touchpoint facet"))
        if facet.value(name) is None:
            facet.values.append(FacetValue(name, name, name, parent=stage,
                                           terms=list(terms or []), added_by="analyst"))
            self.taxonomy_changed = True
        self._stage(stage).touchpoints.append(name)
        self._fill(("touchpoint", name))

    def rename(self, kind: str, name: str, text: str) -> None:
        """Rename in the UI language (the id, and so the tagged data, stay)."""
        text = text.strip()
        if not text:
            raise ValueError(_("a name cannot be empty"))
        zh = language() == "zh_CN"
        if kind == "stage":
            stage = self._stage(name)
            if zh:
                stage.label_zh = text
            else:
                stage.label_en = text
        else:
            labels = self.definition.touchpoint_labels.setdefault(name, {})
            labels["zh" if zh else "en"] = text
        self._fill((kind, name))

    def move(self, item: QTreeWidgetItem | None, delta: int) -> None:
        """Up/down among siblings; a touchpoint at the edge moves to the neighbouring stage."""
        if item is None:
            return
        kind, name = item.data(0, ROLE)
        stages = self.definition.stages
        if kind == "stage":
            i = next(k for k, s in enumerate(stages) if s.name == name)
            j = i + delta
            if 0 <= j < len(stages):
                stages[i], stages[j] = stages[j], stages[i]
        else:
            si = next(k for k, s in enumerate(stages) if name in s.touchpoints)
            tps = stages[si].touchpoints
            i = tps.index(name)
            j = i + delta
            if 0 <= j < len(tps):
                tps[i], tps[j] = tps[j], tps[i]
            elif 0 <= si + delta < len(stages):
                tps.remove(name)
                target = stages[si + delta].touchpoints
                if delta < 0:
                    target.append(name)
                else:
                    target.insert(0, name)
        self._fill((kind, name))

    def remove(self, kind: str, name: str) -> None:
        """Off the journey (the taxonomy value and its tags stay)."""
        if kind == "stage":
            self.definition.stages = [s for s in self.definition.stages if s.name != name]
        else:
            for s in self.definition.stages:
                if name in s.touchpoints:
                    s.touchpoints.remove(name)
        self._fill()

    def set_rules(self, tp: str, terms: list[str], rules: list[str]) -> None:
        """A touchpoint's keywords and rule expressions (rule ids kept by position)."""
        v = self._tp_value(tp)
        if v is None:
            raise ValueError(_("{tp} is not a touchpoint of the taxonomy").format(tp=tp))
        terms = [t.strip() for t in terms if t.strip()]
        exprs = [r.strip() for r in rules if r.strip()]
        new_rules = []
        for k, expr in enumerate(exprs):
            old = v.rules[k] if k < len(v.rules) else None
            new_rules.append(Rule(old.id if old else self._new_rule_id(tp), expr,
                                  old.enabled if old else True, old.note if old else None))
        if terms != v.terms or [r.expr for r in new_rules] != [r.expr for r in v.rules]:
            v.terms, v.rules = terms, new_rules
            self.taxonomy_changed = True

    def _new_rule_id(self, tp: str) -> str:
        used = {r.id for f in self.taxonomy.facets for v in f.values for r in v.rules}
        k = 1
        while f"tp-{tp}-{k}" in used:
            k += 1
        return f"tp-{tp}-{k}"

    def save(self) -> int:
        """Write the new version (and the taxonomy if touchpoints or rules changed)."""
        self._commit_rules()
        ws = self.session.workspace
        version = ws.journey.save_with_taxonomy(
            self.definition, self.taxonomy if self.taxonomy_changed else None,
            note="edited in the journey editor")
        self.saved_version = version
        return version

    # --- slots -------------------------------------------------------------------------------
    def _current_changed(self, item, *_a) -> None:
        self._commit_rules()
        self._loading = True
        data = item.data(0, ROLE) if item is not None else None
        is_tp = bool(data) and data[0] == "touchpoint"
        v = self._tp_value(data[1]) if is_tp else None
        self._rules_for = data[1] if v is not None else None
        self.rules_title.setText("<b>" + (item.text(0) if is_tp else _("Select a touchpoint "
                                                                     "to edit its rules"))
                                 + "</b>")
        self.terms.setPlainText("\n".join(v.terms) if v else "")
        self.rules.setPlainText("\n".join(r.expr for r in v.rules) if v else "")
        self.terms.setEnabled(v is not None)
        self.rules.setEnabled(v is not None)
        self._loading = False
        self._rules_dirty = False

    def _rules_edited(self) -> None:
        if not getattr(self, "_loading", True):
            self._rules_dirty = True

    def _commit_rules(self) -> None:
        tp = getattr(self, "_rules_for", None)
        if tp and getattr(self, "_rules_dirty", False):
            self.set_rules(tp, self.terms.toPlainText().splitlines(),
                           self.rules.toPlainText().splitlines())
            self._rules_dirty = False

    def _ask(self, title: str, prompt: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, prompt, text=text)
        return value if ok and value.strip() else None

    def _guard(self, fn, *args) -> None:
        try:
            fn(*args)
        except (ValueError, KeyError, StopIteration) as exc:
            show_error(self, error_text(exc))

    def _add_stage_clicked(self) -> None:
        name = self._ask(_("Add stage"), _("Name of the new stage:"))
        if name:
            self._guard(self.add_stage, name)

    def _add_touchpoint_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        top = item if item.parent() is None else item.parent()
        name = self._ask(_("Add touchpoint"), _("Name of the new touchpoint:"))
        if name:
            self._guard(self.add_touchpoint, top.data(0, ROLE)[1], name)

    def _rename_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        kind, name = item.data(0, ROLE)
        text = self._ask(_("Rename"), _("New name (in this language):"), item.text(0))
        if text:
            self._guard(self.rename, kind, name, text)

    def _remove_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self._guard(self.remove, *item.data(0, ROLE))

    def accept(self) -> None:
        try:
            self.save()
        except Exception as exc:   # noqa: BLE001 - the user sees why; nothing was written
            show_error(self, error_text(exc))
            return
        super().accept()
