"""The bundled CJK TrueType font, registered once for every part of a pack.

Why this module exists: reportlab falls back to Helvetica in three places — the canvas's
initial font, Paragraph styles and reportlab.graphics labels. Helvetica is never embedded and
has no CJK glyphs, and a CID font (``STSong-Light``) is not embedded either, so the pack would
depend on the reader's fonts. The GUI uses ``resources/fonts/wqy-microhei.ttc`` (TrueType glyf
outlines, CJK *and* Latin); the PDF embeds a subset of the same file.
"""

from __future__ import annotations

from vocdesk import resources

FONT_FILE = resources.path(resources.CJK_FONT)
#: The name the font is registered under; every style and chart label uses it.
FONT = "VocdeskCJK"

_registered = False


def register_font() -> str:
    """Register the bundled font (idempotent) and make it reportlab's default everywhere.

    Returns the font name. Raises FileNotFoundError when the font file is missing (a broken
    install): a pack without it would show blank Chinese.
    """
    global _registered
    if _registered:
        return FONT
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not FONT_FILE.is_file():
        raise FileNotFoundError(f"the bundled CJK font is missing: {FONT_FILE}")
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    # <b>/<i> in a paragraph would otherwise switch to Helvetica-Bold: map them to the same face
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FONT, bold, italic, FONT)
    # the canvas's initial font and the graphics default are read when used, so setting them
    # here covers every canvas and chart built afterwards
    rl_config.canvas_basefontname = FONT
    rl_config.defaultGraphicsFontName = FONT
    _registered = True
    return FONT
