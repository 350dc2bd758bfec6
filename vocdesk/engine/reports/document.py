"""The pack as a reportlab document: styles, sections with bookmarks, figures with lineage.

Templates add content through :class:`Pack` (``section``, ``para``, ``table``, ``figure``);
:meth:`Pack.render` lays it out into PDF bytes. Every piece of text the pack shows passes
through ``Pack.texts`` as well, so the redaction check sees exactly what a reader sees.

Why these choices (see ANALYTICS.md, "PDF evidence packs"): the bundled TrueType font in
every style and table cell (never Helvetica, never a CID font); ``wordWrap="CJK"`` so Chinese
breaks between characters; ``repeatRows=1`` so a table split across pages repeats its header;
``invariant=1`` so two builds of the same content are byte-identical.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from vocdesk.engine.reports.fonts import FONT, register_font
from vocdesk.engine.reports.lineage import Lineage

ACCENT = colors.HexColor("#1f4e79")
GRID = colors.HexColor("#b7c4d1")
HEAD_BG = colors.HexColor("#e8eef4")
#: A CJK character (or full-width punctuation): such a cell wraps between characters.
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
MARKED = colors.HexColor("#fdecea")          # the scope's own row in a wider table


def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles, all in the bundled font with CJK wrapping."""
    register_font()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=22, leading=30, textColor=ACCENT,
                                spaceAfter=6 * mm),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=12, leading=18,
                                   textColor=colors.HexColor("#444444"), spaceAfter=3 * mm),
        "h1": ParagraphStyle("h1", parent=base, fontSize=15, leading=21, textColor=ACCENT,
                             spaceBefore=5 * mm, spaceAfter=3 * mm),
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=12),
        "head": ParagraphStyle("head", parent=base, fontSize=8.5, leading=12, textColor=ACCENT),
        # cells without CJK wrap between words: CJK wrapping would split "Version" anywhere
        "cell_latin": ParagraphStyle("cell_latin", parent=base, fontSize=8.5, leading=12,
                                     wordWrap=None),
        "head_latin": ParagraphStyle("head_latin", parent=base, fontSize=8.5, leading=12,
                                     textColor=ACCENT, wordWrap=None),
        "lineage": ParagraphStyle("lineage", parent=base, fontSize=6.2, leading=8.4,
                                  textColor=colors.HexColor("#666666"), spaceBefore=1 * mm,
                                  spaceAfter=4 * mm),
    }


class _Heading(Paragraph):
    """A section heading that becomes a PDF bookmark (outline entry) where it lands."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int = 0) -> None:
        super().__init__(escape(text), style)
        self.outline = (text, key, level)

    def draw(self) -> None:
        # bookmarked where it is drawn, so a heading inside a KeepTogether counts too
        text, key, level = self.outline
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=False)
        super().draw()


@dataclass
class Figure:
    """One figure or table of the pack, as the manifest records it."""

    id: str
    kind: str
    title: str
    lineage: Lineage

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title,
                "lineage": self.lineage.to_dict()}


#: A piece of the story: a function that makes a fresh flowable. A build consumes and splits
#: its flowables, and :meth:`Pack.render` builds twice, so the story keeps recipes.
Make = Callable[[], Flowable]


@dataclass
class Pack:
    """Content of one pack; templates append to it, :meth:`render` writes it."""

    title: str
    subject: str
    author: str
    lang: str
    scope_text: str
    words: dict[str, str]
    story: list[Make] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)   # (where, text) for the check
    st: dict[str, ParagraphStyle] = field(default_factory=styles)
    footer: str = ""                        # e.g. "Prepared by …" on every page
    _pending: Make | None = None
    _sections: int = 0

    def _seen(self, where: str, text: str) -> str:
        self.texts.append((where, text))
        return text

    def _para(self, where: str, text: str, style: str, markup: bool = False) -> Make:
        """A paragraph recipe; ``text`` is escaped unless it is our own ``markup``."""
        shown = self._seen(where, text)
        body = shown if markup else escape(shown)
        st = self.st[style]
        return lambda: Paragraph(body, st)

    # --- content -----------------------------------------------------------------------------
    def cover(self, subtitle_lines: list[str], top: float = 30 * mm) -> None:
        title, st = self._seen("title", self.title), self.st["title"]
        self.story.append(lambda: Spacer(1, top))
        self.story.append(lambda: _Heading(title, st, "cover"))
        for line in subtitle_lines:
            self.story.append(self._para("cover", line, "subtitle"))

    def section(self, title: str) -> None:
        self._flush()
        self._sections += 1
        key, text, st = f"s{self._sections}", self._seen("section", title), self.st["h1"]
        self._pending = lambda: _Heading(text, st, key, 0)

    def _flush(self) -> None:
        if self._pending is not None:
            self.story.append(self._pending)
            self._pending = None

    def _add(self, *makers: Make, together: bool = False) -> None:
        """Append recipes; a section heading waiting for content stays on their page (a
        heading alone at the foot of a page reads badly). ``together``: the pieces are one
        figure, kept on one page with its heading; otherwise (text, a table that may split)
        the heading needs room for a few lines of what follows, else it starts a new page."""
        heading, self._pending = self._pending, None
        group = ([heading] if heading else []) + list(makers)
        if together:
            self.story.append(lambda: KeepTogether([m() for m in group]))
            return
        if heading is not None:
            self.story.append(lambda: CondPageBreak(45 * mm))
        self.story.extend(group)

    def para(self, text: str) -> None:
        self._add(self._para("text", text, "body"))

    def _lineage(self, lin: Lineage) -> Make:
        # a section over a wider selection than the pack's (the journey map without the
        # touchpoint filter, signals over the workspace) names its own scope
        scope = lin.extra.get("scope") or self.scope_text
        return self._para("lineage", lin.caption(escape(scope), self.words),
                          "lineage", markup=True)

    def new_page(self) -> None:
        """Start the next content on a new page (the one-page summary stands alone)."""
        self._flush()
        self.story.append(lambda: PageBreak())

    def image(self, png: bytes, width: float, where: str = "logo") -> None:
        """A picture (the consultant's logo), scaled to ``width`` points, aspect kept."""
        from reportlab.lib.utils import ImageReader

        iw, ih = ImageReader(io.BytesIO(png)).getSize()
        height = width * ih / iw

        def make() -> Flowable:
            return Image(io.BytesIO(png), width=width, height=height, hAlign="LEFT")

        self._seen(where, "")
        self._add(make)

    def _register(self, kind: str, title: str, lin: Lineage) -> str:
        fid = f"{kind}-{len(self.figures) + 1}"
        self.figures.append(Figure(fid, kind, title, lin))
        return fid

    def figure(self, title: str, drawing: Flowable, lin: Lineage,
               labels: list[str] = ()) -> None:
        """A chart with its title and lineage; ``labels`` are the texts drawn in it."""
        self._register("figure", title, lin)
        for text in labels:
            self._seen("chart", text)
        number = self.words["figure_n"].format(
            n=sum(f.kind == "figure" for f in self.figures))
        head = self._para("figure", f"{number}  {title}", "head")
        self._add(head, lambda: drawing, self._lineage(lin), together=True)

    def table(self, title: str | None, header: list[str], rows: list[list[Any]],
              lin: Lineage, widths: list[float] | None = None,
              highlight: Sequence[int] = ()) -> None:
        """A table that splits across pages with its header repeated, then its lineage."""
        self._register("table", title or header[0], lin)
        parts: list[Make] = [self._para("table", title, "head")] if title else []

        def cell(v: Any, style: str) -> str:
            # a newline in a cell is a line break (e.g. a due time kept whole on its own line)
            return escape(self._seen("cell", "" if v is None else str(v))).replace("\n", "<br/>")

        data = [[cell(h, "head") for h in header]] + [[cell(v, "cell") for v in r] for r in rows]
        st = self.st

        def style(v: str, head: bool) -> ParagraphStyle:
            latin = not _CJK.search(v)
            return st[("head" if head else "cell") + ("_latin" if latin else "")]

        def make() -> Table:
            cells = [[Paragraph(v, style(v, i == 0)) for v in row]
                     for i, row in enumerate(data)]
            t = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
            t.setStyle(TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ] + [("BACKGROUND", (0, 1 + i), (-1, 1 + i), MARKED) for i in highlight]))
            return t

        self._add(*parts, make, self._lineage(lin))

    # --- output ------------------------------------------------------------------------------
    def render(self) -> bytes:
        """The PDF bytes: A4, "page n of total", metadata, one bookmark per section; invariant.

        Two passes (as reportlab's multiBuild does): the first counts the pages, the second
        writes them with the total. Deferring showPage to learn the total instead would point
        every bookmark at page 1.
        """
        self._flush()
        total = 0
        for _ in range(2):
            buf = io.BytesIO()
            doc = _PackDoc(buf, self, self.words["page"], total)
            doc.build([make() for make in self.story])
            total = doc.page
        return buf.getvalue()


class _PackDoc(BaseDocTemplate):
    def __init__(self, buf: io.BytesIO, pack: Pack, pattern: str, total: int) -> None:
        super().__init__(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                         topMargin=18 * mm, bottomMargin=18 * mm, title=pack.title,
                         author=pack.author, subject=pack.subject, creator="vocdesk",
                         keywords=["vocdesk", "evidence pack"], lang=pack.lang,
                         invariant=1, initialFontName=FONT, pageCompression=1)
        self._pattern, self._total, self._footer = pattern, total, pack.footer
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                            onPage=self._page_number)])

    def _page_number(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        canv.setFont(FONT, 7.5)
        canv.setFillColor(colors.HexColor("#777777"))
        canv.drawRightString(A4[0] - 18 * mm, 10 * mm, self._pattern.format(
            n=doc.page, total=self._total or "…"))
        if self._footer:
            canv.drawString(18 * mm, 10 * mm, self._footer)
        canv.restoreState()
