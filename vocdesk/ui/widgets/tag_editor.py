"""Every facet of the taxonomy with its effective values for some rows, editable.

Auto tags show in grey italics with their confidence, human tags in bold blue, so an analyst
sees at a glance what the machine guessed and what a person decided. Each facet has a picker
(a menu of the taxonomy's values: exclusive for single facets, checkable for multi facets);
every change goes through ``session.do(SetTags(...))`` so it is undoable and logged.
"""

from __future__ import annotations

import html
from collections import defaultdict

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.commands import Batch, SetTags
from vocdesk.i18n import _, label
from vocdesk.ui.labels import facet_text, value_text
from vocdesk.ui.widgets.dialogs import error_text, show_error

HUMAN_COLOR = "#1f5fbf"
AUTO_COLOR = "#777777"


def tag_html(tags: list[dict], value_label=lambda v: v, human_none: bool = False) -> str:
    """Rich text of a facet's effective tags: human bold/blue, auto italic/grey with score."""
    if human_none and not tags:
        return f"<span style='color:{HUMAN_COLOR}'><b>{html.escape(_('none'))}</b></span>"
    parts = []
    for t in tags:
        text = html.escape(value_label(t["value"]))
        if t["origin_kind"] == "human":
            parts.append(f"<span style='color:{HUMAN_COLOR}'><b>{text}</b></span>")
        else:
            score = t.get("score")
            pct = f" {score:.0%}" if isinstance(score, (int, float)) else ""
            parts.append(f"<span style='color:{AUTO_COLOR}'><i>{text}{pct}</i></span>")
    return ", ".join(parts) if parts else "<span style='color:#aaa'>—</span>"


class TagEditor(QWidget):
    """Shows and edits the tags of the rows given to :meth:`set_rows`."""

    edited = Signal()

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._ids: list[int] = []
        self._taxonomy = None
        self._tags: dict[int, dict[str, list[dict]]] = {}
        self._human: dict[int, dict[str, tuple[str, ...]]] = {}
        self._labels: dict[str, QLabel] = {}
        self._buttons: dict[str, QToolButton] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._header = QLabel()
        self._header.setWordWrap(True)
        outer.addWidget(self._header)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(1, 1)
        outer.addWidget(self._grid_host)
        outer.addStretch(1)
        session.changed.connect(self._on_changed)
        session.closed.connect(self._on_closed)
        self._rebuild()

    # --- public API --------------------------------------------------------------------------
    def _on_closed(self) -> None:
        self.set_rows([])

    def set_rows(self, ids: list[int]) -> None:
        """Show (and edit) the tags of these feedback ids; [] shows an empty editor."""
        self._ids = [int(i) for i in ids]
        self.refresh()

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def refresh(self) -> None:
        ws = self.session.workspace
        if ws is None:
            self._taxonomy = None
            self._tags, self._human = {}, {}
            self._rebuild()
            return
        tax = ws.taxonomy
        if self._taxonomy is None or tax.facet_names() != self._taxonomy.facet_names():
            self._taxonomy = tax
            self._rebuild()
        self._taxonomy = tax
        if self._ids:

            self._tags = ws.effective_tags(self._ids)
            self._human = ws.browse.human_tags_of(self._ids)
        else:
            self._tags, self._human = {}, {}
        self._update_values()

    def set_values(self, facet: str, values: list[str] | None) -> None:
        """Set a facet's human values on every shown row (None: back to automatic)."""
        if not self._ids or self.session.workspace is None:
            return
        vals = None if values is None else list(values)
        what = _("automatic") if vals is None else ("/".join(self._value_label(facet, v)
                                                             for v in vals) or _("none"))
        text = _("Set {facet} = {what} on {n} row(s)").format(
            facet=self._facet_label(facet), what=what, n=len(self._ids))
        self._do(SetTags(list(self._ids), facet, vals, label=text))

    def toggle_value(self, facet: str, value: str, on: bool) -> None:
        """Add or remove one value of a multi facet on every shown row (one undo step)."""
        groups: dict[tuple, list[int]] = defaultdict(list)
        for fid in self._ids:
            cur = tuple(t["value"] for t in self._tags.get(fid, {}).get(facet, []))
            new = tuple(v for v in cur if v != value) + ((value,) if on else ())
            groups[new].append(fid)
        verb = _("Add {value} to {facet}") if on else _("Remove {value} from {facet}")
        text = verb.format(value=self._value_label(facet, value), facet=self._facet_label(facet))
        cmds = [SetTags(ids, facet, list(vals), label=text) for vals, ids in groups.items()]
        if not cmds:
            return
        self._do(cmds[0] if len(cmds) == 1 else Batch(cmds, label=text))

    def _do(self, cmd) -> None:
        try:
            self.session.do(cmd)
        except Exception as exc:   # noqa: BLE001 - shown as a dialog, the edit did not happen
            show_error(self, error_text(exc), _("The edit failed"))
            return
        self.edited.emit()

    def open_picker(self, facet: str | None = None) -> None:
        """Pop up the value menu of a facet (the first one if None): keyboard access."""
        if not self._buttons:
            return
        btn = self._buttons.get(facet) if facet else next(iter(self._buttons.values()))
        if btn is not None and btn.isEnabled():
            btn.showMenu()

    # --- internals ---------------------------------------------------------------------------
    def _facet_label(self, facet: str) -> str:
        return facet_text(self._taxonomy, facet)

    def _value_label(self, facet: str, value: str) -> str:
        return value_text(self._taxonomy, facet, value)

    def _on_changed(self, topics) -> None:
        if self.session.workspace is not None and ({"tags", "taxonomy", "feedback"} & set(topics)):
            self.refresh()

    def _rebuild(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._labels.clear()
        self._buttons.clear()
        if self._taxonomy is None:
            return
        for row, facet in enumerate(self._taxonomy.facets):
            name = QLabel(label(facet) + ("" if not facet.multi else " ⊕"))
            name.setToolTip(_("several values allowed") if facet.multi else _("one value"))
            values = QLabel()
            values.setWordWrap(True)
            values.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            btn = QToolButton()
            btn.setText(_("Edit"))
            btn.setObjectName(f"tag-edit-{facet.name}")
            btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(btn)
            menu.aboutToShow.connect(lambda f=facet.name, m=menu: self._fill_menu(f, m))
            btn.setMenu(menu)
            self._grid.addWidget(name, row, 0)
            self._grid.addWidget(values, row, 1)
            self._grid.addWidget(btn, row, 2)
            self._labels[facet.name] = values
            self._buttons[facet.name] = btn

    def _update_values(self) -> None:
        n = len(self._ids)
        self._header.setText("" if n <= 1 else _("Editing {n} rows").format(n=n))
        for facet, lab in self._labels.items():
            self._buttons[facet].setEnabled(bool(self._ids))
            if not self._ids:
                lab.setText("")
                continue
            fid = self._ids[0]
            tags = self._tags.get(fid, {}).get(facet, [])
            human = self._human.get(fid, {}).get(facet)
            text = tag_html(tags, lambda v, f=facet: self._value_label(f, v),
                            human_none=human is not None and not [v for v in human if v])
            if n > 1 and any(self._values(i, facet) != self._values(fid, facet)
                             for i in self._ids[1:]):
                text += f" <span style='color:#aaa'>({html.escape(_('mixed'))})</span>"
            lab.setText(text)

    def _values(self, fid: int, facet: str) -> set[str]:
        return {t["value"] for t in self._tags.get(fid, {}).get(facet, [])}

    def _current_values(self, facet: str) -> set[str]:
        """Values every shown row has (what the menu shows as checked)."""
        sets = [self._values(i, facet) for i in self._ids]
        return set.intersection(*sets) if sets else set()

    def _fill_menu(self, facet_name: str, menu: QMenu) -> None:
        menu.clear()
        facet = self._taxonomy.facet(facet_name) if self._taxonomy else None
        if facet is None:
            return
        current = self._current_values(facet_name)
        group = None if facet.multi else QActionGroup(menu)
        for v in facet.values:
            act = QAction(label(v, v.value).replace("&", "&&"), menu)
            act.setCheckable(True)
            act.setChecked(v.value in current)
            if group is not None:
                group.addAction(act)
                act.triggered.connect(lambda _c=False, val=v.value:
                                      self.set_values(facet_name, [val]))
            else:
                act.triggered.connect(lambda checked, val=v.value:
                                      self.toggle_value(facet_name, val, checked))
            menu.addAction(act)
        menu.addSeparator()
        none = menu.addAction(_("None (no value applies)"))
        none.triggered.connect(lambda: self.set_values(facet_name, []))
        auto = menu.addAction(_("Back to automatic"))
        auto.triggered.connect(lambda: self.set_values(facet_name, None))
        if self._ids:
            acc = menu.addAction(_("Accept the automatic value(s)"))
            autos = [t["value"] for t in self._tags.get(self._ids[0], {}).get(facet_name, [])
                     if t["origin_kind"] == "auto"]
            acc.setEnabled(bool(autos))
            acc.triggered.connect(lambda: self.set_values(facet_name, autos))
