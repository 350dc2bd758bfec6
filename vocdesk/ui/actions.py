"""The main window's actions as one table: text, shortcut, handler, when enabled; and menus.

Handlers are method names on the main window. ``needs``: "ws" (a workspace is open) or None.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence

from vocdesk.i18n import _


@dataclass(frozen=True)
class ActionSpec:
    key: str
    text: str                       # English msgid, translated when built
    handler: str
    shortcuts: tuple = ()
    needs: str | None = None
    checkable: bool = False


SK = QKeySequence.StandardKey

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "&New workspace…", "new_workspace", (SK.New,)),
    ActionSpec("open", "&Open workspace…", "open_workspace", (SK.Open,)),
    ActionSpec("demo", "Open the &demo", "open_demo"),
    ActionSpec("import", "&Import…", "import_files", ("Ctrl+I",), needs="ws"),
    ActionSpec("save_copy", "Save a &copy as…", "save_copy", ("Ctrl+Shift+S",), needs="ws"),
    ActionSpec("export_view", "&Export the current view…", "export_view", ("Ctrl+E",), needs="ws"),
    ActionSpec("settings", "Workspace &settings…", "workspace_settings", needs="ws"),
    ActionSpec("close", "&Close workspace", "close_workspace", (SK.Close,), needs="ws"),
    ActionSpec("quit", "&Quit", "close", (SK.Quit, "Ctrl+Q")),
    ActionSpec("undo", "&Undo", "undo", (SK.Undo,), needs="ws"),
    ActionSpec("redo", "&Redo", "redo", ("Ctrl+Shift+Z", "Ctrl+Y"), needs="ws"),
    ActionSpec("find", "&Find…", "focus_search", (SK.Find,), needs="ws"),
    ActionSpec("page_start", "&Start page", "show_start", ("Ctrl+0",)),
    ActionSpec("page_explorer", "&Explorer", "show_explorer", ("Ctrl+1",), needs="ws"),
    ActionSpec("page_review", "&Review queue", "show_review", ("Ctrl+2",), needs="ws"),
    ActionSpec("page_taxonomy", "&Taxonomy", "show_taxonomy", ("Ctrl+3",), needs="ws"),
    ActionSpec("page_accuracy", "&Accuracy lab", "show_accuracy", ("Ctrl+4",), needs="ws"),
    ActionSpec("lang_zh", "中文", "set_language_zh", checkable=True),
    ActionSpec("lang_en", "English", "set_language_en", checkable=True),
    ActionSpec("about", "&About vocdesk", "about"),
)

#: Menu title → action keys (None: separator, "recent": the recent-files submenu,
#: ("Title", [...]): a submenu).
MENUS = (
    ("&File", ["new", "open", "recent", "demo", None, "import", "save_copy", "export_view", None,
               "settings", None, "close", "quit"]),
    ("&Edit", ["undo", "redo", None, "find"]),
    ("&View", ["page_start", "page_explorer", "page_review", "page_taxonomy", "page_accuracy", None,
               ("&Language", ["lang_zh", "lang_en"])]),
    ("&Help", ["about"]),
)


def page_action_specs() -> tuple[ActionSpec, ...]:
    """One "show page" action per analysis page of :mod:`vocdesk.ui.page_registry`."""
    from vocdesk.ui.page_registry import ANALYSIS_PAGES

    return tuple(ActionSpec(f"page_{p.key}", p.title, f"show_page:{p.key}",
                            (p.shortcut,) if p.shortcut else (), needs="ws")
                 for p in ANALYSIS_PAGES)


def _handler(window, name: str):
    """``"show_page:journey"`` → a call of ``window.show_page("journey")``; else the method."""
    method, _sep, arg = name.partition(":")
    fn = getattr(window, method)
    return (lambda: fn(arg)) if arg else fn


def build_actions(window) -> dict[str, QAction]:
    """Create every QAction of the table (and of the page registry), connected to handlers."""
    out: dict[str, QAction] = {}
    for spec in ACTIONS + page_action_specs():
        act = QAction(_(spec.text), window)
        keys = [QKeySequence(s) for s in spec.shortcuts]
        if keys:
            act.setShortcuts(keys)
        act.setCheckable(spec.checkable)
        act.setObjectName(f"action-{spec.key}")
        act.setData(spec.needs)
        handler = _handler(window, spec.handler)
        act.triggered.connect(lambda _checked=False, h=handler: h())
        window.addAction(act)
        out[spec.key] = act
    return out


def build_menus(window, actions: dict[str, QAction]) -> dict[str, object]:
    """Fill the window's menu bar from MENUS; returns special menus (e.g. "recent")."""
    special: dict[str, object] = {}

    def fill(menu, keys):
        for key in keys:
            if key is None:
                menu.addSeparator()
            elif key == "recent":
                special["recent"] = menu.addMenu(_("Open &recent"))
            elif isinstance(key, tuple):
                fill(menu.addMenu(_(key[0])), key[1])
            else:
                menu.addAction(actions[key])

    bar = window.menuBar()
    pages = [s.key for s in page_action_specs()]
    for title, keys in MENUS:
        if title == "&View" and pages:     # analysis pages after the core pages
            cut = keys.index(None)
            keys = keys[:cut] + [None, *pages] + keys[cut:]
        fill(bar.addMenu(_(title)), keys)
    return special


def update_enabled(actions: dict[str, QAction], has_workspace: bool) -> None:
    for act in actions.values():
        if act.data() == "ws":
            act.setEnabled(has_workspace)
