"""The appendix of method notes, in the pack's language."""

from __future__ import annotations

from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.texts_sections import METHOD_NOTES


def appendix(pack: Pack, lang: str) -> None:
    pack.section(pack.words["appendix"])
    for zh, en in METHOD_NOTES:
        pack.para(zh if lang == "zh" else en)
