"""접수증 for an 80 mm receipt printer: one long page as tall as its content.

Many counters print receipts on a roll printer through its ordinary Windows driver. The roll
is 80 mm wide, of which such printers print 72 mm; the page is 80 mm wide with 4 mm sides, so
what is drawn is what comes out. Everything is black (a thermal head prints no grey, it
dithers it) and no smaller than 9 pt.

The content is the A4 receipt's customer half; below a cut line, a short office copy with the
signature line, as the A4 sheet's lower half (the clerk tears it off and keeps it).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer, Table, TableStyle

from core.documents.common import BOLD, FONT, register_fonts, target
from core.documents.receipt import shorten
from core.procedure.office import OfficeSettings
from core.views import CaseDetail
from core.words.catalogue import N_, translator
from core.words.labels import label

WIDTH = 80 * mm  # the roll
SIDE = 4 * mm  # unprinted at each side: 72 mm across
TOP = 4 * mm
FEED = 10 * mm  # below the last line, so the cutter does not cut through it
SHORT = 200  # characters of the complaint: about ten lines at 72 mm
CONTACT = N_("문의")


@cache
def thermal_styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle(
        "t_base",
        fontName=FONT,
        fontSize=9.5,
        leading=13,
        # Korean breaks lines between words (the A4 documents' CJK wrap breaks inside a
        # word, which on a 72 mm line splits half the words); a word longer than the line
        # is still split (splitLongWords).
        wordWrap=None,
        textColor=colors.black,
    )
    center = ParagraphStyle("t_center", parent=base, alignment=TA_CENTER)
    return {
        "base": base,
        "small": ParagraphStyle("t_small", parent=base, fontSize=9, leading=12),
        "center": center,
        "office": ParagraphStyle("t_office", parent=center, fontName=BOLD, fontSize=11, leading=14),
        "title": ParagraphStyle(
            "t_title", parent=center, fontName=BOLD, fontSize=14, leading=18, spaceAfter=1 * mm
        ),
        "number": ParagraphStyle("t_number", parent=center, fontName=BOLD, fontSize=16, leading=20),
        "h": ParagraphStyle(
            "t_h", parent=base, fontName=BOLD, fontSize=10, leading=14, spaceBefore=1 * mm
        ),
        "due": ParagraphStyle("t_due", parent=base, fontName=BOLD, fontSize=11, leading=15),
    }


def _p(text: object, style: str = "base") -> Paragraph:
    """User text, escaped, its line breaks kept."""
    value = escape(str(text if text is not None else "")).replace("\n", "<br/>")
    return Paragraph(value, thermal_styles()[style])


class Rule(Flowable):
    """A line across the receipt: solid between sections, dashed with a caption to cut at."""

    def __init__(self, *, dashed: bool = False, caption: str = "", gap: float = 2 * mm) -> None:
        super().__init__()
        self.dashed, self.caption, self.gap = dashed, caption, gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 2 * self.gap + (9 if self.caption else 0)

    def draw(self) -> None:
        c = self.canv
        y = self.gap + (4.5 if self.caption else 0)
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.6)
        if self.dashed:
            c.setDash(2, 2)
        if self.caption:
            c.setFont(FONT, 9)
            half = c.stringWidth(self.caption, FONT, 9) / 2 + 2 * mm
            mid = self.width / 2
            c.line(0, y, mid - half, y)
            c.line(mid + half, y, self.width, y)
            c.drawCentredString(mid, y - 3, self.caption)
        else:
            c.line(0, y, self.width, y)
        c.setDash()


def _pairs(rows: list[tuple[str, str]], width: float, *, key_share: float = 0.3) -> Table:
    """Label and value side by side; values wrap in their own column."""
    table = Table(
        [[_p(k), _p(v)] for k, v in rows],
        colWidths=[width * key_share, width * (1 - key_share)],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _customer_part(detail: CaseDetail, office: OfficeSettings, lang: str, width: float) -> list:
    L = lambda k: label(k, lang)  # noqa: E731
    tz = office.calendar().tz
    when = lambda d: d.astimezone(tz).strftime("%Y-%m-%d %H:%M")  # noqa: E731
    head = [_p(office.office_name, "office")]
    if office.office_contact:  # how to reach the office, where a receipt says it
        contact = translator(lang).tr(CONTACT)
        head.append(_p(f"{contact} {office.office_contact}", "center"))
    return [
        *head,
        Rule(),
        _p(L("receipt_title"), "title"),
        _p(L("case_no"), "center"),
        _p(detail.case_no, "number"),
        Rule(),
        _pairs(
            [
                (L("received_at"), when(detail.received_at)),
                (L("customer"), detail.customer.name),
                (L("subject"), detail.subject),
            ],
            width,
        ),
        Spacer(1, 1 * mm),
        _p(L("complaint"), "h"),
        _p(shorten(detail.description, SHORT)),
        Rule(),
        _p(L("next_steps"), "h"),
        _p(L("ack_due")),
        _p(when(detail.ack_due), "due"),
        Spacer(1, 1 * mm),
        _p(L("resolve_due")),
        _p(when(detail.resolve_due), "due"),
        Spacer(1, 1.5 * mm),
        _p(L("receipt_promise")),
        Rule(),
        _p(L("privacy"), "small"),
        Spacer(1, 1.5 * mm),
        _pairs([(L("received_by"), detail.received_by_name)], width),
    ]


def _office_part(detail: CaseDetail, office: OfficeSettings, lang: str, width: float) -> list:
    L = lambda k: label(k, lang)  # noqa: E731
    tz = office.calendar().tz
    when = lambda d: d.astimezone(tz).strftime("%Y-%m-%d %H:%M")  # noqa: E731
    return [
        _p(f"{L('receipt_title')} ({L('office_copy')})", "h"),
        _pairs(
            [
                (L("case_no"), detail.case_no),
                (L("received_at"), when(detail.received_at)),
                (L("customer"), detail.customer.name),
                (L("subject"), detail.subject),
                (L("ack_due"), when(detail.ack_due)),
                (L("received_by"), detail.received_by_name),
            ],
            width,
            key_share=0.45,
        ),
        Spacer(1, 6 * mm),
        _p(f"{L('signature')}: ______________________"),
    ]


def _height(flowables: list, width: float) -> float:
    """How tall the flowables stand, one under another (an upper bound: the frame lets
    neighbouring spaces overlap)."""
    total = 0.0
    for f in flowables:
        _, h = f.wrap(width, 10_000 * mm)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def render_thermal_receipt(
    detail: CaseDetail,
    office: OfficeSettings,
    out: Path | BinaryIO,
    *,
    lang: str = "ko",
    printed_at: datetime,
) -> None:
    """One page 80 mm wide and as tall as the receipt: the customer's part, a cut line, the
    office copy, and when it was printed."""
    thermal_styles()  # registers the embedded fonts
    width = WIDTH - 2 * SIDE
    stamp = printed_at.astimezone(office.calendar().tz).strftime("%Y-%m-%d %H:%M")
    story = [
        *_customer_part(detail, office, lang, width),
        Rule(dashed=True, caption=label("cut_here", lang), gap=4 * mm),
        *_office_part(detail, office, lang, width),
        Spacer(1, 2 * mm),
        _p(f"{label('printed', lang)} {stamp}", "small"),
    ]
    body = _height(story, width)
    page = (WIDTH, TOP + body + FEED)
    c = Canvas(target(out), pagesize=page)
    c.setTitle(f"{label('receipt_title', lang)} {detail.case_no}")
    c.setAuthor(office.office_name)
    frame = Frame(
        SIDE,
        FEED,
        width,
        body,
        showBoundary=0,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    frame.addFromList(story, c)
    if story:  # the height above is an upper bound; anything left would be lost silently
        raise RuntimeError("the thermal receipt did not fit its own page")
    c.showPage()
    c.save()
