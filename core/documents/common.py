"""What every printed document shares: the embedded Korean fonts, styles, the page footer.

Fonts are NanumGothic TrueType, embedded in every PDF (the built-in CID fonts are not
embedded and print blank on PCs without Korean fonts; DESIGN.md traps).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import cache
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from core.resources import font_path

FONT, BOLD = "NanumGothic", "NanumGothic-Bold"
PAGE = A4
MARGIN = 18 * mm
GREY = colors.HexColor("#666666")
RULE = colors.HexColor("#bbbbbb")
SHADE = colors.HexColor("#f0f0f0")


@cache
def register_fonts() -> None:
    # The canvas's own starting font, too: otherwise a Helvetica reference is written.
    rl_config.canvas_basefontname = FONT
    STATE_DEFAULTS["fontName"] = FONT  # and the charts' starting font
    pdfmetrics.registerFont(TTFont(FONT, str(font_path())))
    pdfmetrics.registerFont(TTFont(BOLD, str(font_path(bold=True))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=12),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=17, leading=22, spaceAfter=4
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=11.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "right": ParagraphStyle(
            "right", parent=base, fontSize=8, leading=11, alignment=TA_RIGHT, textColor=GREY
        ),
    }


def para(text: object, style: str = "cell") -> Paragraph:
    """A paragraph of user text: escaped, line breaks kept, long words wrapped (CJK)."""
    return Paragraph(
        escape(str(text if text is not None else "")).replace("\n", "<br/>"), styles()[style]
    )


def cell_text(text: object, style: str = "cell") -> Paragraph | list[Flowable]:
    """User text for a table cell that may be taller than a page (with
    ``Table(splitInRow=1)``): a paragraph per line, a blank line keeping its height. The row
    then breaks between lines, and for each page ReportLab lays out only what is left rather
    than the whole text again (one paragraph of 50,000 characters took half a minute)."""
    value = str(text if text is not None else "")
    if "\n" not in value:
        return para(value, style)
    leading = styles()[style].leading
    return [para(line, style) if line.strip() else Spacer(1, leading) for line in value.split("\n")]


def plain_table() -> list[tuple]:
    """The least every table needs: our font (a Table otherwise sets Helvetica, unembedded)."""
    return [("FONTNAME", (0, 0), (-1, -1), FONT)]


def table_style(header: bool = True) -> list[tuple]:
    cmds: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 12),  # as the cell paragraphs
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        cmds += [
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ]
    return cmds


def numbered_canvas(footer_left: str, footer_right: str) -> type[Canvas]:
    """A canvas class that writes "x / y" and a footer on every page (two passes)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            # Start every page in the embedded font, or ReportLab adds a Helvetica reference
            # that is not embedded.
            kwargs.setdefault("initialFontName", FONT)
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = PAGE
            self.setFont(FONT, 7.5)
            self.setFillColor(GREY)
            self.setStrokeColor(RULE)
            self.line(MARGIN, 12 * mm, width - MARGIN, 12 * mm)
            self.drawString(MARGIN, 8.5 * mm, footer_left)
            self.drawCentredString(width / 2, 8.5 * mm, f"{self._pageNumber} / {total}")
            self.drawRightString(width - MARGIN, 8.5 * mm, footer_right)

    return NumberedCanvas


def a4_document(
    out: object, *, title: str, author: str, bottom: float = 18 * mm
) -> SimpleDocTemplate:
    """An A4 page frame with our margins; ``bottom`` leaves room for the footer."""
    return SimpleDocTemplate(
        target(out),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=bottom,
        title=title,
        author=author,
    )


def office_line(office: object) -> str:
    """'Office name · contact' for a document's header, escaped."""
    parts = [getattr(office, "office_name", ""), getattr(office, "office_contact", "")]
    return " · ".join(escape(p) for p in parts if p)


def target(out: object) -> object:
    """ReportLab takes a file name as str, or a binary file: never a Path."""
    return str(out) if hasattr(out, "__fspath__") else out


def local_when(moment: datetime | None, tz: tzinfo) -> str:
    """A moment as the office reads it, or an empty string."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""
