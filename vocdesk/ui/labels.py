"""Stored taxonomy values, departments and rule ids shown by their label in the UI language.

The database keeps the values as written in the taxonomy (often Chinese: ``物流部``); every
place the GUI shows one — table cells, the detail pane, the review page, filters, the
taxonomy editor's choices — asks here, so the English UI says "Logistics" while the stored
value, the filters and exports stay ``物流部``.
"""

from __future__ import annotations

from vocdesk.engine.importers.channels import channel_label
from vocdesk.i18n import _, label, language


def value_text(taxonomy, facet: str, value) -> str:
    """The label of ``value`` of ``facet`` (the value itself when the taxonomy lacks it)."""
    f = taxonomy.facet(facet) if taxonomy is not None else None
    v = f.value(value) if f is not None else None
    return label(v, value) if v is not None else str(value)


def value_label(ws, facet: str, value) -> str:
    """:func:`value_text` over an open workspace's taxonomy (``ws`` may be None)."""
    return value_text(ws.taxonomy if ws is not None else None, facet, value)


def stage_label(ws, stage) -> str:
    """A journey-definition stage: its own labels first (renamed in the editor), then the
    taxonomy's ``stage`` value."""
    own = label(stage, stage.name) if (stage.label_zh or stage.label_en) else None
    return own or value_label(ws, "stage", stage.name)


def touchpoint_label(ws, definition, name: str) -> str:
    """A touchpoint: the definition's label (renamed in the editor), else the taxonomy's."""
    from vocdesk.i18n import language

    own = (definition.touchpoint_labels.get(name) or {}) if definition is not None else {}
    text = own.get("zh" if language() == "zh_CN" else "en") or own.get("en") or own.get("zh")
    return text or value_label(ws, "touchpoint", name)


def channel_text(code: str | None) -> str:
    """A stored channel code (``app_store``) by its label in the UI language ("App store" /
    应用商店); a channel no vocabulary knows is shown as the file wrote it."""
    if not code:
        return ""
    return channel_label(code, "zh" if language() == "zh_CN" else "en")


def facet_text(taxonomy, facet: str) -> str:
    f = taxonomy.facet(facet) if taxonomy is not None else None
    return label(f) if f is not None else facet


def rule_text(taxonomy, rule_id: str) -> str:
    """One rule id as a reader sees it: ``category:物流配送:terms`` → "Delivery terms",
    ``derived:touchpoint=门店导购`` → "from Touchpoint = In-store staff"; other ids as they are."""
    rid = rule_id.strip()
    if rid.startswith("derived:") and "=" in rid:
        facet, value = rid[len("derived:"):].split("=", 1)
        return _("from {facet} = {value}").format(facet=facet_text(taxonomy, facet),
                                                  value=value_text(taxonomy, facet, value))
    parts = rid.split(":")
    if len(parts) == 3 and parts[2] == "terms":
        return _("{value} terms").format(value=value_text(taxonomy, parts[0], parts[1]))
    return rid


def origin_text(taxonomy, origin: str | None) -> str:
    """A tag's origin (comma-separated rule ids, a model id, ``source``) for display."""
    if not origin:
        return ""
    # "source" (a tag the imported file carried) is already said by "from the source file"
    parts = [p for p in origin.split(",") if p.strip() and p.strip() != "source"]
    return ", ".join(rule_text(taxonomy, part) for part in parts)
