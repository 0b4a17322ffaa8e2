"""고객불만 접수서: the intake form — blank, to fill in by hand when the PC is down, or filled
for a case. The same fields, in the same order, as the intake window."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from core.documents.common import (
    MARGIN,
    PAGE,
    RULE,
    a4_document,
    cell_text,
    local_when,
    numbered_canvas,
    para,
    plain_table,
    styles,
)
from core.procedure.office import OfficeSettings
from core.views import CaseDetail
from core.words.labels import label
from core.words.vocab import word


def render_intake_form(
    detail: CaseDetail | None,
    office: OfficeSettings,
    out: Path | BinaryIO,
    *,
    lang: str = "ko",
    printed_at: datetime,
) -> None:
    """``detail`` None gives the blank form, with room to write."""
    L = lambda k: label(k, lang)  # noqa: E731
    st = styles()
    tz = office.calendar().tz
    width = PAGE[0] - 2 * MARGIN
    d = detail

    def when(moment: datetime | None) -> str:
        return local_when(moment, tz)

    def v(value: object) -> str:
        return "" if d is None or value is None else str(value)

    blank = d is None
    tall = 16 * mm if blank else None
    rows: list[tuple[str, str, float | None]] = [
        (L("case_no"), v(d and d.case_no), None),
        (L("received_at"), when(d.received_at) if d else "", None),
        (
            L("channel"),
            word("channel", d.channel, lang)
            if d
            else " □ ".join(
                [""]
                + [
                    word("channel", c, lang)
                    for c in ("visit", "phone", "letter", "email", "online", "fax", "referral")
                ]
            ).strip(),
            None,
        ),
        (L("name"), v(d and d.customer.name), None),
        (L("phone"), v(d and d.customer.phone), None),
        (L("email"), v(d and d.customer.email), None),
        (L("address"), v(d and d.customer.address), None),
        (
            L("consent"),
            (d.customer.consent_purpose or "")
            if d and d.customer.consent_at
            else L("consent_text"),
            None,
        ),
        (L("incident_at"), when(d.incident_at) if d else "", None),
        (L("incident_place"), v(d and d.incident_place), None),
        (L("staff_involved"), v(d and d.staff_involved), None),
        (L("subject"), v(d and d.subject), None),
        (L("complaint"), v(d and d.description), 48 * mm if blank else None),
        (L("request"), v(d and d.request), tall),
        (L("expectation"), v(d and d.expectation), tall),
        (L("bottom_line"), v(d and d.bottom_line), tall),
        (L("category"), d.category.label(lang) if d and d.category else "", None),
        (
            L("received_by"),
            v(d and d.received_by_name) + (f"{'  ' * 8}{L('signature')}:" if blank else ""),
            None,
        ),
    ]
    table = Table(
        [[para(k), cell_text(val)] for k, val, _ in rows],
        colWidths=[width * 0.22, width * 0.78],
        rowHeights=[h or (9 * mm if blank else None) for *_, h in rows],
        splitInRow=1,  # a complaint longer than a page goes on over the next
    )
    table.setStyle(
        TableStyle(
            [
                *plain_table(),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (0, -1), "#f4f4f4"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story = [
        Paragraph(L("intake_form_title"), st["title"]),
        Paragraph(
            f"{para(office.office_name).text} · {para(office.office_contact).text}", st["small"]
        ),
        Spacer(1, 3 * mm),
    ]
    if blank:
        story += [para(L("blank_hint"), "small"), Spacer(1, 2 * mm)]
    story += [table, Spacer(1, 4 * mm), para(L("privacy"), "small")]
    doc = a4_document(out, title=L("intake_form_title"), author=office.office_name)
    printed = printed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    doc.build(story, canvasmaker=numbered_canvas(office.office_name, printed))
