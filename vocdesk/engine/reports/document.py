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
    KeepTogether,
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
        "lineage": ParagraphStyle("lineage", parent=base, fontSize=6.2, leading=8.4,
                                  textColor=colors.HexColor("#666666"), spaceBefore=1 * mm,
                                  spaceAfter=4 * mm),
    }


class _Heading(Paragraph):
    """A section heading that becomes a PDF bookmark (outline entry) where it lands."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int = 0) -> None:
        super().__init__(escape(text), style)
        self.outline = (text, key, level)


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


@dataclass
class Pack:
    """Content of one pack; templates append to it, :meth:`render` writes it."""

    title: str
    subject: str
    author: str
    lang: str
    scope_text: str
    words: dict[str, str]
    story: list[Flowable] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)   # (where, text) for the check
    st: dict[str, ParagraphStyle] = field(default_factory=styles)
    _pending: Flowable | None = None

    def _seen(self, where: str, text: str) -> str:
        self.texts.append((where, text))
        return text

    # --- content -----------------------------------------------------------------------------
    def cover(self, subtitle_lines: list[str]) -> None:
        self.story.append(Spacer(1, 30 * mm))
        self.story.append(_Heading(self._seen("title", self.title), self.st["title"], "cover"))
        for line in subtitle_lines:
            self.story.append(Paragraph(escape(self._seen("cover", line)), self.st["subtitle"]))

    def section(self, title: str) -> None:
        key = f"s{len([f for f in self.story if isinstance(f, _Heading)])}"
        self._flush()
        self._pending = _Heading(self._seen("section", title), self.st["h1"], key, 0)

    def _flush(self) -> None:
        if self._pending is not None:
            self.story.append(self._pending)
            self._pending = None

    def _add(self, *flowables: Flowable, together: bool = False) -> None:
        """Append flowables; a section heading waiting for content stays on their page (a
        heading alone at the foot of a page reads badly). ``together``: the flowables are one
        figure, kept on one page with its heading; otherwise (text, a table that may split)
        the heading needs room for a few lines of what follows, else it starts a new page."""
        heading, self._pending = self._pending, None
        if together:
            self.story.append(KeepTogether(([heading] if heading else []) + list(flowables)))
            return
        if heading is not None:
            self.story.extend([CondPageBreak(45 * mm), heading])
        self.story.extend(flowables)

    def para(self, text: str) -> None:
        self._add(Paragraph(escape(self._seen("text", text)), self.st["body"]))

    def _lineage(self, lin: Lineage) -> Paragraph:
        cap = lin.caption(escape(self.scope_text), self.words)
        self._seen("lineage", cap)
        return Paragraph(cap, self.st["lineage"])

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
        head = Paragraph(escape(self._seen("figure", f"{number}  {title}")), self.st["head"])
        self._add(head, drawing, self._lineage(lin), together=True)

    def table(self, title: str | None, header: list[str], rows: list[list[Any]],
              lin: Lineage, widths: list[float] | None = None) -> None:
        """A table that splits across pages with its header repeated, then its lineage."""
        self._register("table", title or header[0], lin)
        parts: list[Flowable] = []
        if title:
            parts.append(Paragraph(escape(self._seen("table", title)), self.st["head"]))

        def cell(v: Any, style: str) -> Paragraph:
            text = "" if v is None else str(v)
            return Paragraph(escape(self._seen("cell", text)), self.st[style])

        data = [[cell(h, "head") for h in header]] + [[cell(v, "cell") for v in r] for r in rows]
        t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        t.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        self._add(*parts, t, self._lineage(lin))

    # --- output ------------------------------------------------------------------------------
    def render(self) -> bytes:
        """The PDF bytes: A4, page numbers, metadata, one bookmark per section; invariant."""
        self._flush()
        buf = io.BytesIO()
        doc = _PackDoc(buf, self)
        doc.build(list(self.story), canvasmaker=_numbered_canvas(self.words["page"]))
        return buf.getvalue()


class _PackDoc(BaseDocTemplate):
    def __init__(self, buf: io.BytesIO, pack: Pack) -> None:
        super().__init__(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                         topMargin=18 * mm, bottomMargin=18 * mm, title=pack.title,
                         author=pack.author, subject=pack.subject, creator="vocdesk",
                         keywords=["vocdesk", "evidence pack"], lang=pack.lang,
                         invariant=1, initialFontName=FONT, pageCompression=1)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline:
            text, key, level = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=False)


def _numbered_canvas(pattern: str) -> type[Canvas]:
    """A canvas that writes "page n of total" once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kw: Any) -> None:
            super().__init__(*args, **kw)
            self._pages: list[dict] = []

        def showPage(self) -> None:   # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(colors.HexColor("#777777"))
                self.drawRightString(A4[0] - 18 * mm, 10 * mm,
                                     pattern.format(n=self._pageNumber, total=total))
                super().showPage()
            super().save()

    return NumberedCanvas
