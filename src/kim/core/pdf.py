"""PDF documents of KIM: an A4 page with the KIM header and footer, headings, paragraphs and
tables, built from Python data with reportlab's platypus.

    document = PdfDocument(_("Generative Themen"), subtitle=_("Stand: 01.03.2026"))
    document.heading(_("Aufenthalt"), level=1)
    document.paragraph(theme.summary)
    document.key_values([(_("Meldungen"), "3"), (_("Kommunen"), "Iserlohn, Hemer")])
    document.table([["SGB II", "4"]], header=[_("Rechtskreis"), _("Meldungen")])
    return pdf_response(document.render(), filename="themen.pdf")

An authority's document (minutes, reports to committees) gets a letterhead on its first page and,
while it is a draft, a watermark on every page:

    document = LetterheadDocument(
        _("Protokoll der Sitzung der Lenkungsgruppe am 12.03.2026"),
        letterhead=Letterhead(
            name="Märkischer Kreis",
            lines=["Fachdienst Bildung und Integration", "Kommunales Integrationsmanagement"],
            sender_line="Märkischer Kreis · Fachdienst Bildung und Integration · …",
        ),
        watermark=_("ENTWURF"),
    )

Text is set in Helvetica, one of the PDF standard fonts (no font file to ship); it covers
Windows-1252, i.e. German umlauts, ß, dashes and typographic quotes. Any other character (ğ, ş,
Arabic script, …) is transliterated, so that no glyph is missing from a printed document.
"""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from anyascii import anyascii
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from kim.core import dates

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
PAGE_SIZE = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 20 * mm
# the letterhead (name, lines, rule, sender line) takes this much of the first page from the top
LETTERHEAD_HEIGHT = 54 * mm
# reportlab's frames indent their content by 6 pt; the letterhead aligns its left edge with the text
FRAME_PADDING = 6
TEXT_COLOR = colors.HexColor("#1d2034")
MUTED_COLOR = colors.HexColor("#555a6b")
LINE_COLOR = colors.HexColor("#c7cad3")
HEADER_FILL = colors.HexColor("#eef0f4")
ACCENT_COLOR = colors.HexColor("#0b3c7a")
WATERMARK_COLOR = colors.HexColor("#b0161c")

# room (below a heading) under which the heading goes to the next page
HEADING_ROOM = {1: 45 * mm, 2: 35 * mm, 3: 20 * mm}

STYLES = {
    "title": ParagraphStyle(
        "kim-title", fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=4, textColor=TEXT_COLOR
    ),
    "subtitle": ParagraphStyle(
        "kim-subtitle", fontName=FONT, fontSize=10, leading=13, spaceAfter=10, textColor=MUTED_COLOR
    ),
    1: ParagraphStyle(
        "kim-h1",
        fontName=FONT_BOLD,
        fontSize=14,
        leading=18,
        spaceBefore=12,
        spaceAfter=6,
        textColor=TEXT_COLOR,
    ),
    2: ParagraphStyle(
        "kim-h2",
        fontName=FONT_BOLD,
        fontSize=12,
        leading=15,
        spaceBefore=10,
        spaceAfter=4,
        textColor=TEXT_COLOR,
    ),
    3: ParagraphStyle(
        "kim-h3",
        fontName=FONT_BOLD,
        fontSize=10,
        leading=13,
        spaceBefore=6,
        spaceAfter=2,
        textColor=TEXT_COLOR,
    ),
    "body": ParagraphStyle(
        "kim-body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=4, textColor=TEXT_COLOR
    ),
    "muted": ParagraphStyle(
        "kim-muted", fontName=FONT, fontSize=9, leading=12, spaceAfter=4, textColor=MUTED_COLOR
    ),
    "cell": ParagraphStyle(
        "kim-cell", fontName=FONT, fontSize=9, leading=11.5, textColor=TEXT_COLOR
    ),
    "cell_bold": ParagraphStyle(
        "kim-cell-bold", fontName=FONT_BOLD, fontSize=9, leading=11.5, textColor=TEXT_COLOR
    ),
}


def printable(value) -> str:
    """``value`` as text the standard fonts can print: characters outside Windows-1252 are
    transliterated (``ğ`` → ``g``), so that none is printed as a black box."""
    text = "" if value is None else str(value)
    chars = []
    for char in text:
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            char = anyascii(char) or "?"
        chars.append(char)
    return "".join(chars)


def markup(value) -> str:
    """Plain text as paragraph markup: escaped, line breaks kept."""
    text = escape(printable(value)).replace("\r\n", "\n")
    return text.replace("\n", "<br/>")


class PdfDocument:
    """A KIM document; add content with the methods below, then ``render()`` it to bytes."""

    def __init__(self, title, *, subtitle="", author="KIM", created_at=None, footer_note=""):
        self.title = str(title)
        self.subtitle = str(subtitle)
        self.author = str(author)
        self.created_at = timezone.localtime(created_at or timezone.now())
        self.footer_note = str(footer_note)
        self.story = [Paragraph(markup(self.title), STYLES["title"])]
        if self.subtitle:
            self.story.append(Paragraph(markup(self.subtitle), STYLES["subtitle"]))

    @property
    def width(self):
        """Width of the text frame in points."""
        return PAGE_SIZE[0] - 2 * MARGIN_X

    def heading(self, text, level=1):
        """A heading; it starts a new page when too little room is left for what follows.
        (``CondPageBreak``, not ``keepWithNext``: that would push a long table after the heading
        to the next page as a whole and leave the page before empty.)"""
        level = min(max(level, 1), 3)
        self.story.append(CondPageBreak(HEADING_ROOM[level]))
        self.story.append(Paragraph(markup(text), STYLES[level]))

    def paragraph(self, text, *, muted=False):
        self.story.append(Paragraph(markup(text), STYLES["muted" if muted else "body"]))

    def bullet_list(self, items):
        entries = [ListItem(Paragraph(markup(item), STYLES["body"])) for item in items]
        if entries:
            self.story.append(ListFlowable(entries, bulletType="bullet", leftIndent=12))

    def spacer(self, height=4 * mm):
        self.story.append(Spacer(1, height))

    def table(self, rows, *, header=None, col_widths=None, bold_first_column=False):
        """A table of text cells; ``header`` repeats on every page it spans."""
        data = []
        if header:
            data.append([Paragraph(markup(cell), STYLES["cell_bold"]) for cell in header])
        for row in rows:
            data.append(
                [
                    Paragraph(
                        markup(cell),
                        STYLES["cell_bold" if bold_first_column and i == 0 else "cell"],
                    )
                    for i, cell in enumerate(row)
                ]
            )
        if not data:
            return
        columns = len(data[0])
        if col_widths is None:
            col_widths = [self.width / columns] * columns
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.5, LINE_COLOR),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
        table = Table(data, colWidths=col_widths, repeatRows=1 if header else 0, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        self.story.append(table)
        self.spacer(2 * mm)

    def key_values(self, pairs, *, key_width=45 * mm):
        """A two-column table of labels and values (a description list)."""
        self.table(
            [[key, value] for key, value in pairs],
            col_widths=[key_width, self.width - key_width],
            bold_first_column=True,
        )

    def render(self, *, compress=None) -> bytes:
        """The PDF as bytes; ``compress=False`` leaves the page streams readable (tests)."""
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=printable(self.title),
            author=printable(self.author),
            subject=printable(self.subtitle),
            creator="KIM",
            lang="de-DE",
            displayDocTitle=1,
            pageCompression=compress,
        )
        document.build(list(self.story), canvasmaker=self._canvas_class())
        return buffer.getvalue()

    def _canvas_class(self):
        owner = self

        class PageCanvas(_NumberedCanvas):
            def decorate(self, page, pages):
                owner._draw_frame(self, page, pages)

        return PageCanvas

    def _draw_frame(self, canvas, page, pages):
        canvas.saveState()
        canvas.setStrokeColor(LINE_COLOR)
        canvas.setLineWidth(0.5)
        self._draw_header(canvas, page)
        self._draw_footer(canvas, page, pages)
        canvas.restoreState()

    def _draw_header(self, canvas, page, brand="KIM"):
        """KIM (or ``brand``) and the unit on the left, the document title on the right."""
        width, height = PAGE_SIZE
        top = height - 12 * mm
        canvas.setFillColor(TEXT_COLOR)
        canvas.setFont(FONT_BOLD, 9)
        brand = printable(brand)
        canvas.drawString(MARGIN_X, top, brand)
        brand_width = 8 * mm if brand == "KIM" else canvas.stringWidth(brand, FONT_BOLD, 9) + 3 * mm
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED_COLOR)
        unit = printable(_("Kommunales Integrationsmanagement"))
        canvas.drawString(MARGIN_X + brand_width, top, unit)
        room = width - 2 * MARGIN_X - brand_width - canvas.stringWidth(unit, FONT, 8) - 6 * mm
        canvas.drawRightString(width - MARGIN_X, top, self._header_title(room))
        canvas.line(MARGIN_X, top - 2.5 * mm, width - MARGIN_X, top - 2.5 * mm)

    def _header_title(self, room):
        """The document title for the page header (``room``: the width left for it)."""
        return printable(_short(self.title, 70))

    def _draw_footer(self, canvas, page, pages):
        """When it was made, a note, page x of y."""
        width, _height = PAGE_SIZE
        bottom = 10 * mm
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED_COLOR)
        canvas.line(MARGIN_X, bottom + 4 * mm, width - MARGIN_X, bottom + 4 * mm)
        made = _("Erstellt am %(date)s um %(time)s Uhr") % {
            "date": dates.day(self.created_at),
            "time": dates.clock(self.created_at),
        }
        left = f"{made} · {self.footer_note}" if self.footer_note else made
        canvas.drawString(MARGIN_X, bottom, printable(left))
        canvas.drawRightString(
            width - MARGIN_X,
            bottom,
            printable(_("Seite %(page)s von %(pages)s") % {"page": page, "pages": pages}),
        )


@dataclass(frozen=True)
class Letterhead:
    """The head of an authority's letter: its ``name`` large at the top right, ``lines`` below it
    (department, unit, address), and the ``sender_line`` (Absenderzeile) at the left."""

    name: str
    lines: tuple[str, ...] | list[str] = ()
    sender_line: str = ""


class LetterheadDocument(PdfDocument):
    """A ``PdfDocument`` with a letterhead on its first page; the later pages carry the name of the
    authority in their header. A ``watermark`` (e.g. "ENTWURF") is printed across every page and
    as a stamp in the letterhead, so that a draft cannot be taken for the final document."""

    def __init__(self, title, *, letterhead, watermark="", **kwargs):
        super().__init__(title, **kwargs)
        self.letterhead = letterhead
        self.watermark = str(watermark)
        # room for the letterhead above the title on the first page
        self.story.insert(0, Spacer(1, LETTERHEAD_HEIGHT - MARGIN_TOP))

    def _draw_header(self, canvas, page, brand="KIM"):
        if page == 1:
            self._draw_letterhead(canvas)
        else:
            super()._draw_header(canvas, page, brand=self.letterhead.name or brand)
        if self.watermark:
            self._draw_watermark(canvas, page)

    def _header_title(self, room):
        title = printable(self.title)
        length = len(title)
        while length > 1 and stringWidth(_short(title, length), FONT, 8) > room:
            length -= 1
        return _short(title, length)

    def _draw_letterhead(self, canvas):
        width, height = PAGE_SIZE
        right = width - MARGIN_X
        canvas.saveState()
        # the authority's name large at the top right, its department and unit below
        y = height - 22 * mm
        canvas.setFillColor(ACCENT_COLOR)
        canvas.setFont(FONT_BOLD, 22)
        canvas.drawRightString(right, y, printable(self.letterhead.name))
        canvas.setFillColor(MUTED_COLOR)
        canvas.setFont(FONT, 9.5)
        for line in self.letterhead.lines:
            y -= 4.6 * mm
            canvas.drawRightString(right, y, printable(line))
        # a rule in the accent colour closes the head
        rule = height - 44 * mm
        canvas.setStrokeColor(ACCENT_COLOR)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN_X, rule, right, rule)
        if self.letterhead.sender_line:
            left = MARGIN_X + FRAME_PADDING
            sender = printable(self.letterhead.sender_line)
            canvas.setFont(FONT, 7)
            canvas.setFillColor(MUTED_COLOR)
            canvas.drawString(left, rule - 5 * mm, sender)
            canvas.setStrokeColor(MUTED_COLOR)
            canvas.setLineWidth(0.3)
            underline = rule - 5.8 * mm
            canvas.line(left, underline, left + canvas.stringWidth(sender, FONT, 7), underline)
        canvas.restoreState()

    def _draw_watermark(self, canvas, page):
        width, height = PAGE_SIZE
        label = printable(self.watermark)
        canvas.saveState()
        canvas.setFillColor(WATERMARK_COLOR)
        canvas.setFillAlpha(0.12)
        canvas.setFont(FONT_BOLD, 96)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, -30, label)
        canvas.restoreState()
        if page != 1:
            return
        # and a stamp at the top left of the letterhead that stays legible in black-and-white
        canvas.saveState()
        canvas.setFillAlpha(1)
        canvas.setStrokeColor(WATERMARK_COLOR)
        canvas.setFillColor(WATERMARK_COLOR)
        canvas.setLineWidth(1.2)
        canvas.setFont(FONT_BOLD, 11)
        box_width = canvas.stringWidth(label, FONT_BOLD, 11) + 6 * mm
        top, left = height - 15 * mm, MARGIN_X + FRAME_PADDING
        canvas.rect(left, top - 7.5 * mm, box_width, 7.5 * mm, stroke=1, fill=0)
        canvas.drawString(left + 3 * mm, top - 5.2 * mm, label)
        canvas.restoreState()


def _short(text, length):
    return text if len(text) <= length else text[: length - 1] + "…"


class _NumberedCanvas(Canvas):
    """Keeps the pages until the end, so that header and footer can say "page x of y"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.decorate(number, total)
            super().showPage()
        super().save()

    def decorate(self, page, pages):  # pragma: no cover - replaced per document
        pass


def pdf_response(data: bytes, *, filename: str) -> HttpResponse:
    """A PDF as a download (attachment), not cached: it may hold internal information."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
