"""Taxonomy values shown by their label in the UI language (not raw Chinese ids in English).

The journey and breakpoint pages name touchpoints, stages and departments by the value ids the
engine returns; the user reads the taxonomy's ``label_zh`` / ``label_en``. A journey definition
may carry its own stage labels (a stage renamed in the editor), which win over the taxonomy's.
"""

from __future__ import annotations

from vocdesk.i18n import label


def value_label(ws, facet: str, value: str) -> str:
    """The label of ``value`` of ``facet`` in the current language, else the value itself."""
    spec = ws.taxonomy.facet(facet) if ws is not None else None
    v = spec.value(value) if spec is not None else None
    return label(v, value) if v is not None else value


def stage_label(ws, stage) -> str:
    """A definition stage: its own labels first, then the taxonomy's ``stage`` value."""
    own = label(stage, stage.name) if (stage.label_zh or stage.label_en) else None
    return own or value_label(ws, "stage", stage.name)


def touchpoint_label(ws, definition, name: str) -> str:
    """A touchpoint: the definition's label (renamed in the editor), else the taxonomy's."""
    from vocdesk.i18n import language

    own = (definition.touchpoint_labels.get(name) or {}) if definition is not None else {}
    text = own.get("zh" if language() == "zh_CN" else "en") or own.get("en") or own.get("zh")
    return text or value_label(ws, "touchpoint", name)
