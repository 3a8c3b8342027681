"""The page every PDF is printed on: US Letter, margins, colours, paragraph styles, the running head and the
"Page X of Y" footer.

Page numbers need the page count, which is known only at the end, so the canvas keeps each finished page and
writes the head and footer on all of them when the document is saved.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle

from domain.business.brand import readable_brand
from domain.formats import _
from integrations.pdf.table import TableLook, TextStyle
from integrations.pdf.text import Fonts

rl_config.useA85 = 0  # binary streams: ASCII85 only makes the file larger and slower to write

PAGE_SIZE = LETTER
MARGIN_X = 54.0  # 0.75 in
MARGIN_TOP = 50.0
MARGIN_BOTTOM = 56.0
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X

INK = HexColor('#111827')
MUTED = HexColor('#4b5563')
FAINT = HexColor('#9ca3af')
RULE = HexColor('#e5e7eb')
BAND = HexColor('#f1f5f9')


def rgb(color: Color) -> tuple[float, float, float]:
    return color.red, color.green, color.blue


def accent(brand_color: str) -> Color:
    """The business's brand colour, darkened where needed so text in it reads well on white paper."""
    return HexColor(readable_brand(brand_color))


def text(value: str) -> str:
    """User text for a Paragraph: markup characters escaped, line breaks kept."""
    return escape(value.strip()).replace('\n', '<br/>')


@dataclass(frozen=True)
class Styles:
    fonts: Fonts
    accent: Color

    def paragraph(self, name: str, *, size: float = 9, bold: bool = False, color: Color = INK,
                  right: bool = False, leading: float | None = None, space_after: float = 0) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=(self.fonts.bold if bold else self.fonts.regular).name, fontSize=size,
                              leading=leading or round(size * 1.35, 1), textColor=color,
                              alignment=TA_RIGHT if right else 0, spaceAfter=space_after)

    def table_look(self) -> TableLook:
        return TableLook(body=TextStyle(self.fonts.regular, 9, rgb(INK)),
                         header=TextStyle(self.fonts.bold, 7.5, rgb(HexColor('#334155'))),
                         header_fill=rgb(BAND), rule=rgb(RULE))


@dataclass(frozen=True)
class PageFrame:
    """What is printed around the story: a running head from page 2 on, the footer on every page."""
    fonts: Fonts
    running_head: str
    footer_left: str
    first_page: Callable[[Canvas], None] | None = None

    def decorate(self, canvas: Canvas, page: int, pages: int) -> None:
        width, height = PAGE_SIZE
        canvas.saveState()
        if page == 1 and self.first_page:
            self.first_page(canvas)
        canvas.setFillColor(MUTED)
        if page > 1:
            canvas.setFont(self.fonts.regular.name, 8)
            canvas.drawString(MARGIN_X, height - 32, self.running_head)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, 40, width - MARGIN_X, 40)
        canvas.setFont(self.fonts.regular.name, 8)
        canvas.drawString(MARGIN_X, 28, self.footer_left)
        canvas.drawRightString(width - MARGIN_X, 28, _('Page {page} of {pages}').format(page=page, pages=pages))
        canvas.restoreState()


_STANDARD = frozenset(('Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Times-Roman', 'Courier'))


def _numbered_canvas(frame: PageFrame) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
            # a table cell's default font is Helvetica, set even when the cell holds a paragraph in its own font:
            # a document in the embedded family uses it there too, so every font of the file is embedded (PDF/A)
            if frame.fonts.regular.unicode and psfontname in _STANDARD:
                psfontname = frame.fonts.regular.name
            super().setFont(psfontname, size, leading)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                frame.decorate(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def build(story: list[Flowable], frame: PageFrame, *, title: str, author: str, subject: str = '') -> bytes:
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=title, author=author, subject=subject, creator=author,
        invariant=1, initialFontName=frame.fonts.regular.name,
    )
    body = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id='body')
    document.addPageTemplates([PageTemplate('page', frames=[body])])
    document.build(story, canvasmaker=_numbered_canvas(frame))
    return buffer.getvalue()


def letterhead(left: list[Flowable], right: list[Flowable], styles: Styles) -> Flowable:
    """The top of page 1: the business on the left, what the document is on the right, over an accent rule."""
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH * 0.55, CONTENT_WIDTH * 0.45])
    table.setStyle(TableStyle([
        ('VALIGN', (0, 0), (-1, -1), 'TOP'),
        ('LEFTPADDING', (0, 0), (-1, -1), 0), ('RIGHTPADDING', (0, 0), (-1, -1), 0),
        ('TOPPADDING', (0, 0), (-1, -1), 0), ('BOTTOMPADDING', (0, 0), (-1, -1), 12),
        ('LINEBELOW', (0, 0), (-1, 0), 1.5, styles.accent),
    ]))
    return table
