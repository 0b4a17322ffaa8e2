"""접수증: what the customer takes home — the case number, and what happens next by when.

Printed on the top half of an A4 page with a cut line; the lower half is the office's copy,
so one sheet serves both.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph, Spacer, Table, TableStyle

from core.documents.common import (
    BOLD,
    FONT,
    GREY,
    MARGIN,
    PAGE,
    RULE,
    para,
    plain_table,
    styles,
    table_style,
    target,
)
from core.procedure.office import OfficeSettings
from core.views import CaseDetail
from core.words.labels import label

SHORT = 300  # characters of the complaint on the receipt; the case file has it all


def shorten(text: str, limit: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _half(detail: CaseDetail, office: OfficeSettings, lang: str, copy: str | None) -> list:
    L = lambda k: label(k, lang)  # noqa: E731
    st = styles()
    tz = office.calendar().tz
    when = lambda d: d.astimezone(tz).strftime("%Y-%m-%d %H:%M")  # noqa: E731
    width = PAGE[0] - 2 * MARGIN
    head = Table(
        [
            [
                Paragraph(
                    L("receipt_title")
                    + (f"  <font size=9 color='#666666'>({copy})</font>" if copy else ""),
                    st["title"],
                ),
                Paragraph(
                    f"<b>{para(office.office_name).text}</b><br/>{para(office.office_contact).text}",
                    st["right"],
                ),
            ]
        ],
        colWidths=[width * 0.6, width * 0.4],
    )
    head.setStyle(
        TableStyle(
            [
                *plain_table(),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ]
        )
    )
    number = Table(
        [
            [
                para(L("case_no"), "base"),
                Paragraph(f"<font name='{BOLD}' size=18>{detail.case_no}</font>", st["base"]),
            ]
        ],
        colWidths=[width * 0.22, width * 0.78],
        rowHeights=[11 * mm],
    )
    number.setStyle(
        TableStyle(
            [
                *plain_table(),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 0.8, RULE),
            ]
        )
    )
    rows = [
        [L("received_at"), when(detail.received_at)],
        [L("customer"), detail.customer.name],
        [L("subject"), detail.subject],
        [L("complaint"), shorten(detail.description)],
    ]
    info = Table([[para(k), para(v)] for k, v in rows], colWidths=[width * 0.22, width * 0.78])
    info.setStyle(TableStyle(table_style(header=False)))
    steps = Table(
        [
            [para(L("ack_due")), Paragraph(f"<b>{when(detail.ack_due)}</b>", st["cell"])],
            [para(L("resolve_due")), para(when(detail.resolve_due))],
        ],
        colWidths=[width * 0.22, width * 0.78],
    )
    steps.setStyle(TableStyle(table_style(header=False)))
    return [
        head,
        Spacer(1, 3 * mm),
        number,
        Spacer(1, 3 * mm),
        info,
        Paragraph(L("next_steps"), st["h2"]),
        steps,
        Spacer(1, 2 * mm),
        para(L("receipt_promise"), "base"),
        Spacer(1, 3 * mm),
        para(L("privacy"), "small"),
        Spacer(1, 3 * mm),
        Paragraph(
            f"{L('received_by')}: {para(detail.received_by_name).text}"
            f"{'&nbsp;' * 6}{L('signature')}: ________________",
            st["base"],
        ),
    ]


def render_receipt(
    detail: CaseDetail,
    office: OfficeSettings,
    out: Path | BinaryIO,
    *,
    lang: str = "ko",
    printed_at: datetime,
) -> None:
    """One A4 page: the customer's receipt above the cut line, the office copy below."""
    styles()  # registers the embedded fonts
    width, height = PAGE
    c = Canvas(target(out), pagesize=PAGE)
    c.setTitle(f"{label('receipt_title', lang)} {detail.case_no}")
    c.setAuthor(office.office_name)
    half = height / 2
    top = Frame(
        MARGIN,
        half + 6 * mm,
        width - 2 * MARGIN,
        half - MARGIN - 6 * mm,
        showBoundary=0,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    top.addFromList(_half(detail, office, lang, None), c)
    c.setStrokeColor(GREY)
    c.setDash(3, 3)
    c.line(MARGIN / 2, half, width - MARGIN / 2, half)
    c.setDash()
    c.setFont(FONT, 7)
    c.setFillColor(GREY)
    c.drawCentredString(width / 2, half + 1.5 * mm, label("cut_here", lang))
    bottom = Frame(
        MARGIN,
        MARGIN,
        width - 2 * MARGIN,
        half - MARGIN - 6 * mm,
        showBoundary=0,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    bottom.addFromList(_half(detail, office, lang, label("office_copy", lang)), c)
    c.setFont(FONT, 7)
    c.drawRightString(
        width - MARGIN,
        8 * mm,
        printed_at.astimezone(office.calendar().tz).strftime("%Y-%m-%d %H:%M"),
    )
    c.showPage()
    c.save()
