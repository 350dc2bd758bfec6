"""Emoji in feedback (😊 in 1,145 demo rows) draw from the bundled emoji font, not as boxes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from vocdesk import resources
from vocdesk.ui import app as gui_app


def test_emoji_font_ships_and_is_registered_as_fallback(qapp):
    assert resources.path(resources.EMOJI_FONT).is_file()
    assert (resources.path("fonts") / "NotoColorEmoji.COPYRIGHT").is_file()   # its licence
    before = QFont(qapp.font())
    try:
        families = gui_app.apply_fonts(qapp)
        assert len(families) == 2
        emoji = families[-1]
        assert emoji in QFontDatabase.families()
        assert qapp.font().families()[-1] == emoji       # the fallback after the CJK face
        raw = QRawFont.fromFont(QFont(emoji))
        assert raw.isValid() and raw.supportsCharacter(0x1F60A)    # 😊
        assert raw.supportsCharacter(0x1F44D)                      # 👍
    finally:
        qapp.setFont(before)
