"""처리 결과 통지서: the letter that tells the customer what was done, in plain words."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.documents.common import (
    MARGIN,
    PAGE,
    cell_text,
    numbered_canvas,
    para,
    styles,
    table_style,
    target,
)
from core.documents.compensation_text import chosen_text, options_text
from core.procedure.enums import ImprovementStatus
from core.procedure.office import OfficeSettings
from core.views import CaseDetail
from core.words.catalogue import translator
from core.words.labels import label
from core.words.vocab import word


def render_result_letter(
    detail: CaseDetail,
    office: OfficeSettings,
    out: Path | BinaryIO,
    *,
    lang: str = "ko",
    printed_at: datetime,
) -> None:
    L = lambda k: label(k, lang)  # noqa: E731
    st = styles()
    tz = office.calendar().tz
    side = MARGIN + 4 * mm
    width = PAGE[0] - 2 * side
    received = detail.received_at.astimezone(tz)
    words = translator(lang)
    # Translators: a date as a letter writes it; the codes after the colon are strftime's.
    date_text = words.tr("{date:%Y년 %m월 %d일}", date=received)
    story = [
        Paragraph(L("letter_title"), st["title"]),
        Paragraph(
            f"{para(office.office_name).text} · {para(office.office_contact).text}", st["small"]
        ),
        Spacer(1, 8 * mm),
        para(L("dear").format(name=detail.customer.name), "base"),
        Spacer(1, 3 * mm),
        para(L("letter_intro").format(date=date_text, case_no=detail.case_no), "base"),
        Spacer(1, 5 * mm),
    ]
    rows = [[L("case_no"), detail.case_no], [L("subject"), detail.subject]]
    res = detail.resolution
    if res is not None:
        if res.root_cause:
            rows.append([L("cause"), res.root_cause])
        rows.append([L("result"), res.result])
    elif detail.closure_reason:
        rows.append(
            [L("closure"), f"{word('closure', detail.closure, lang)} — {detail.closure_reason}"]
        )
    # What the customer chose and what was given, never merely what was first proposed;
    # an offer declined or refused is not the customer's compensation.
    given = []
    for c in detail.compensations:
        if c.status == "delivered":
            date = (c.settled_at or printed_at).astimezone(tz)
            given.append(
                words.tr(
                    "{what} ({date:%Y년 %m월 %d일} 지급·이행 완료)",
                    what=chosen_text(c, lang),
                    date=date,
                )
            )
        elif c.status == "accepted":
            given.append(words.tr("{what} (지급·이행 예정)", what=chosen_text(c, lang)))
        elif c.status == "offered":
            given.append(words.tr("제안: {options}", options=options_text(c, lang)))
    if given:
        rows.append([L("compensation_given"), "\n".join(given)])
    # A dropped action is not a promise made to the customer.
    prevention = [
        imp.preventive_action
        for imp in detail.improvements
        if imp.status != ImprovementStatus.DROPPED
    ]
    if prevention:
        rows.append([L("prevention"), "\n".join(prevention)])
    # splitInRow: a result longer than a page goes on over the next.
    table = Table(
        [[para(k), cell_text(v)] for k, v in rows],
        colWidths=[width * 0.22, width * 0.78],
        splitInRow=1,
    )
    table.setStyle(TableStyle(table_style(header=False)))
    sign_date = printed_at.astimezone(tz)
    story += [
        table,
        Spacer(1, 6 * mm),
        para(L("letter_close"), "base"),
        Spacer(1, 14 * mm),
        Paragraph(
            words.tr("{date:%Y년 %m월 %d일}", date=sign_date),
            st["center"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>{para(office.office_name).text}</b>", st["center"]),
    ]
    doc = SimpleDocTemplate(
        target(out),
        pagesize=PAGE,
        leftMargin=side,
        rightMargin=side,
        topMargin=MARGIN + 6 * mm,
        bottomMargin=18 * mm,
        title=f"{L('letter_title')} {detail.case_no}",
        author=office.office_name,
    )
    doc.build(story, canvasmaker=numbered_canvas(office.office_name, detail.case_no))
