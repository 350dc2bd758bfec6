"""One translation function for engine and UI: ``_("English text")`` → the current language.

Messages are written in English in the code; ``resources/i18n/<lang>.json`` maps each msgid to
its translation (a gettext-style catalogue kept as JSON so it needs no compile step). The
language comes from :func:`set_language`, else ``VOCDESK_LANG``, else the system locale.
Unknown msgids fall back to the English text, so a missing translation never breaks a screen.
"""

from __future__ import annotations

import json
import locale
import os

from vocdesk import resources

LANGUAGES = ("zh_CN", "en")

_lang: str | None = None
_catalog: dict[str, str] = {}


def system_language() -> str:
    """zh_CN when the system locale is Chinese, else en."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        val = os.environ.get(var)
        if val:
            return "zh_CN" if val.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh_CN" if loc.lower().startswith("zh") else "en"


def normalize(lang: str | None) -> str:
    if not lang:
        return system_language()
    return "zh_CN" if lang.lower().replace("-", "_").startswith("zh") else "en"


def load_catalog(lang: str) -> dict[str, str]:
    """The msgid → msgstr dict of a language ({} for English or a missing file)."""
    path = resources.i18n_catalog(lang)
    if lang == "en" or not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if isinstance(v, str) and v and not k.startswith("#")}


def set_language(lang: str | None) -> str:
    """Switch the language (None: VOCDESK_LANG or the system locale). Returns the one chosen."""
    global _lang, _catalog
    _lang = normalize(lang or os.environ.get("VOCDESK_LANG"))
    _catalog = load_catalog(_lang)
    return _lang


def language() -> str:
    if _lang is None:
        set_language(None)
    return _lang or "en"


def _(msgid: str) -> str:
    """Translate ``msgid`` (English) into the current language."""
    if _lang is None:
        set_language(None)
    return _catalog.get(msgid, msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    if _lang is None:
        set_language(None)
    key = singular if n == 1 else plural
    return _catalog.get(key, key)


tr = _


def label(obj, fallback: str | None = None) -> str:
    """The display label of a taxonomy facet or value in the current language."""
    zh = getattr(obj, "label_zh", None)
    en = getattr(obj, "label_en", None)
    name = fallback or getattr(obj, "name", None) or getattr(obj, "value", "")
    if language() == "zh_CN":
        return zh or en or name
    return en or name or zh or ""
