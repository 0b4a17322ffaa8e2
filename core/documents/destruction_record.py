"""개인정보 파기 확인서: the printable record of one retention purge (개인정보 파기 관리대장).

Page one is the form an office files: what was destroyed, when, on what legal basis, how,
who approved it, and a line for the person who checks it. The case numbers follow as an
attachment (붙임), a table that runs over as many pages as it needs with its header repeated.
Reprinted at any time from the audit trail (core.services.retention).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from core.documents.common import (
    BOLD,
    FONT,
    MARGIN,
    PAGE,
    SHADE,
    a4_document,
    numbered_canvas,
    para,
    styles,
    table_style,
)
from core.procedure.office import OfficeSettings
from core.words.catalogue import N_, NC_, Translator, translator
from core.words.vocab import BACKUP_KINDS, backup_kind

if TYPE_CHECKING:  # the service module imports this one when a record is printed
    from core.views import BackupLeft, DestructionRecord

# Case numbers per row of the attachment: (순번, 접수번호) pairs side by side.
PAIRS = 3
ROW_HEIGHT = 18  # points: the cell font's leading and its padding
# A list this short (rows) goes under the form on page one; a longer one starts a new page.
SHORT_LIST_ROWS = 7
HEADING_ROWS = 1  # the attachment's heading fits in the height of a row (and the page's spare)
BOTTOM = 18 * mm

# The record's words (Korean, marked for the catalogue; core.words.catalogue).
_L: dict[str, str] = {
    "title": N_("개인정보 파기 확인서"),
    "register": N_("개인정보 파기 관리대장"),
    "record_no": N_("파기 번호"),
    "no_fmt": N_("제 {n}호"),
    "office": N_("사무소"),
    "destroyed_at": N_("파기 일시"),
    "file": N_("개인정보 파일"),
    "file_text": N_("고객불만 처리 고객 정보 (경청 고객불만 접수·처리 기록)"),
    "basis": N_("법적 근거"),
    "basis_text": N_(
        "「개인정보 보호법」 제21조(개인정보의 파기)\n「전자상거래 등에서의 소비자보호에 관한 "
        "법률」 제6조 및 같은 법 시행령 제6조: 소비자의 불만 또는 분쟁처리에 관한 기록 "
        "보존기간 3년"
    ),
    "period": N_("보존 기간"),
    "period_text": N_("사건 종결일로부터 {years}년"),
    "cutoff": N_("파기 기준일"),
    "cutoff_text": N_(
        "종결일이 {day} 이전인 사건의 고객 (고객의 모든 사건이 종결되고 보존 기간이 지난 경우)"
    ),
    "items": N_("파기 항목"),
    "items_text": N_("성명, 전화번호, 이메일, 주소, 선호 연락 방법, 개인정보 수집·이용 동의 내용"),
    "method": N_("파기 방법"),
    "method_text": N_(
        "복원이 불가능한 방법으로 익명화: 위 항목을 데이터베이스에서 삭제하고 성명을 "
        "'(파기됨)'으로 대체하였으며, 검색 색인에서도 제거함"
    ),
    "scope": N_("파기 대상"),
    "closed_range": N_("종결일 범위"),
    "kept": N_("보존 사항"),
    "kept_text": N_(
        "불만 내용·처리 경과 등 사건 기록의 본문과 통계 항목은 법정 보존 기록 및 위변조 방지 "
        "감사 기록으로 남으며, 고객을 식별하는 정보만 파기되었습니다. 개인정보 접속기록은 "
        "식별번호만 담고 있어 법정 보관 기간 동안 보존합니다."
    ),
    "role": NC_("document", "구분"),
    "approved_by": N_("파기 승인자 (관리자)"),
    "checked_by": N_("확인자"),
    "name": N_("성명"),
    "signature": N_("서명"),
    "sign_date": N_("일자"),
    "attachment": N_("붙임: 파기 대상 사건 목록 ({cases:,}건)"),
    "seq": N_("순번"),
    "case_no": N_("접수번호"),
    "none": N_("(없음)"),
    "printed": N_("출력"),
    "statement": N_("위와 같이 보존 기간이 지난 개인정보를 파기하였음을 확인합니다."),
    "audit_note": N_("이 확인서는 감사 기록(이벤트 {n}번)에서 다시 출력할 수 있습니다."),
    "backups": N_("붙임 2: 파기 전에 만든 백업 (출력 시점, 이 컴퓨터의 백업 폴더)"),
    "backup_file": N_("파일"),
    "backup_taken": N_("만든 때"),
    "backup_kind": N_("종류"),
    "backup_expires": N_("삭제 예정"),
    "by_hand": N_("직접 삭제"),
    "backups_none": N_("이 컴퓨터의 백업 폴더에는 파기 전에 만든 백업이 남아 있지 않습니다."),
    "backups_note": N_(
        "파기 전에 만든 백업에는 파기한 개인정보가 남아 있습니다. 자동 백업은 하루 한 번 "
        "백업하는 동안 표의 날짜에 자동으로 지워지고, 수동 백업과 안전 사본은 보존 기간이 "
        "지나면 직접 지워야 합니다. USB 등 다른 곳에 만든 백업은 이 목록에 없으니 같은 "
        "기준으로 직접 파기하세요. 백업을 복원하면 파기한 정보가 되살아나므로 다시 파기하세요."
    ),
}


def _day(value: date | None) -> str:
    return value.isoformat() if value else "-"


def _form(rows: list[tuple[str, object]], width: float) -> Table:
    """Label | value rows in a ruled box, labels shaded: how an official form looks."""
    t = Table(
        [[para(k), v if hasattr(v, "wrap") else para(v)] for k, v in rows],
        colWidths=[width * 0.22, width * 0.78],
    )
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return t


def _signatures(
    record: DestructionRecord, width: float, L: Callable[[str], str], when: str
) -> Table:
    head = [L("role"), L("name"), L("sign_date"), L("signature")]
    rows = [
        head,
        [L("approved_by"), record.approved_by, when[:10], ""],
        [L("checked_by"), "", "", ""],
    ]
    t = Table(
        [[para(c) for c in row] for row in rows],
        colWidths=[width * 0.28, width * 0.24, width * 0.2, width * 0.28],
        rowHeights=[None, 15 * mm, 15 * mm],
    )
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("BACKGROUND", (0, 1), (0, -1), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
            ]
        )
    )
    return t


def _backups_left(
    backups: Sequence[BackupLeft], width: float, L: Callable[[str], str], words: Translator
) -> list:
    heading = Paragraph(L("backups"), styles()["h2"])
    if not backups:
        return [Spacer(1, 8 * mm), KeepTogether([heading, para(L("backups_none"))])]
    rows = [[L("backup_file"), L("backup_taken"), L("backup_kind"), L("backup_expires")]]
    for b in backups:
        kind = backup_kind(b.label)
        rows.append(
            [
                b.name,
                b.taken_at.strftime("%Y-%m-%d %H:%M"),
                words.tr(BACKUP_KINDS[kind]) if kind in BACKUP_KINDS else b.label,
                b.expires.strftime("%Y-%m-%d") if b.expires else L("by_hand"),
            ]
        )
    table = Table(
        [[para(c) for c in row] for row in rows],
        colWidths=[width * 0.5, width * 0.18, width * 0.16, width * 0.16],
        repeatRows=1,
    )
    table.setStyle(TableStyle([*table_style(), ("ALIGN", (0, 1), (-1, -1), "LEFT")]))
    # Together on a page when they fit; a long table still breaks, its header repeated.
    return [
        Spacer(1, 8 * mm),
        KeepTogether([heading, para(L("backups_note"), "small"), Spacer(1, 2 * mm), table]),
    ]


def _case_tables(
    case_nos: tuple[str, ...],
    width: float,
    L: Callable[[str], str],
    page_rows: int,
    first_rows: int | None = None,
) -> list:
    """The case numbers, ``PAIRS`` to a row in reading order (1 2 3 / 4 5 6), numbered so a
    long list is easy to check against the register; a header on every page.

    A long list is cut into tables of a page each (``page_rows``; ``first_rows`` on the page
    that starts with the heading): ReportLab measures the whole rest of a table at every page
    break, which made tens of thousands of cases take minutes; a page-sized table is measured
    once. Each still repeats its header should it break anyway.
    """
    header = [L("seq"), L("case_no")] * PAIRS
    rows: list[list[str]] = []
    for start in range(0, len(case_nos), PAIRS):
        row: list[str] = []
        for i in range(PAIRS):
            n = start + i
            row += [str(n + 1), case_nos[n]] if n < len(case_nos) else ["", ""]
        rows.append(row)
    if not rows:
        rows.append([L("none")] + [""] * (2 * PAIRS - 1))
    narrow, wide = width * 0.08, width * (1 / PAIRS - 0.08)
    style = TableStyle(
        [
            *table_style(),
            ("ALIGN", (0, 1), (-1, -1), "LEFT"),
            *[("ALIGN", (2 * i, 0), (2 * i, -1), "RIGHT") for i in range(PAIRS)],
            *[
                ("LINEAFTER", (2 * i + 1, 0), (2 * i + 1, -1), 0.3, colors.HexColor("#bbbbbb"))
                for i in range(PAIRS - 1)
            ],
        ]
    )
    tables = []
    cuts = [0, *range(first_rows or page_rows, len(rows), page_rows), len(rows)]
    for start, end in itertools.pairwise(cuts):
        chunk = [header, *rows[start:end]]
        t = Table(
            chunk,
            colWidths=[narrow, wide] * PAIRS,
            rowHeights=[ROW_HEIGHT] * len(chunk),  # one line each: nothing to measure
            repeatRows=1,
        )
        t.setStyle(style)
        tables.append(t)
    return tables


def render_destruction_record(
    record: DestructionRecord,
    office: OfficeSettings,
    out: Path | BinaryIO,
    *,
    lang: str = "ko",
    printed_by: str,
    printed_at: datetime,
    backups: Sequence[BackupLeft] = (),
) -> None:
    """Write the destruction record: the form on page one, the case list after it, then
    the backups taken before the purge that still hold what it destroyed."""

    words = translator(lang)

    def L(key: str) -> str:
        return words.tr(_L[key])

    st = styles()
    centred = ParagraphStyle("form_title", parent=st["title"], alignment=TA_CENTER, fontSize=19)
    tz = office.calendar().tz
    width = PAGE[0] - 2 * MARGIN
    when = record.at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    number = L("no_fmt").format(n=record.id)
    story: list = [
        Paragraph(L("register"), st["small"]),
        Paragraph(L("title"), centred),
        Paragraph(f"{para(office.office_name).text} · {number}", st["right"]),
        Spacer(1, 5 * mm),
        _form(
            [
                (L("record_no"), number),
                (L("office"), office.office_name),
                (L("destroyed_at"), when),
                (L("file"), L("file_text")),
                (L("basis"), L("basis_text")),
                (L("period"), L("period_text").format(years=record.retention_years)),
                (
                    L("cutoff"),
                    # The cutoff is the first day kept: the last day destroyed is the one before.
                    L("cutoff_text").format(day=_day(record.cutoff - timedelta(days=1))),
                ),
                (L("items"), L("items_text")),
                (L("method"), L("method_text")),
                (
                    L("scope"),
                    words.trn("고객 {n:,}명", "고객 {n:,}명", record.customers)
                    + " · "
                    + words.trn("사건 {n:,}건", "사건 {n:,}건", record.cases),
                ),
                (
                    L("closed_range"),
                    f"{_day(record.oldest_closed)} ~ {_day(record.newest_closed)}",
                ),
                (L("kept"), L("kept_text")),
            ],
            width,
        ),
        Spacer(1, 6 * mm),
        KeepTogether(
            [
                Paragraph(L("statement"), st["center"]),
                Spacer(1, 4 * mm),
                _signatures(record, width, L, when),
            ]
        ),
        Spacer(1, 3 * mm),
        para(L("audit_note").format(n=record.id), "small"),
    ]
    attachment = Paragraph(L("attachment").format(cases=record.cases), st["h2"])
    rows = -(-len(record.case_nos) // PAIRS)
    if rows <= SHORT_LIST_ROWS:  # fits under the form on page one
        story += [Spacer(1, 8 * mm), attachment, *_case_tables(record.case_nos, width, L, rows + 1)]
    else:  # pages of its own, each table a page: its header, then the rows that fit
        frame = PAGE[1] - MARGIN - BOTTOM - 12  # a frame's own padding, top and bottom
        page = int(frame // ROW_HEIGHT) - 1  # rows under the header
        story += [
            PageBreak(),
            attachment,
            *_case_tables(record.case_nos, width, L, page, first_rows=page - HEADING_ROWS),
        ]
    story += _backups_left(backups, width, L, words)
    printed = printed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    doc = a4_document(out, title=f"{L('title')} {number}", author=office.office_name, bottom=BOTTOM)
    doc.build(
        story,
        canvasmaker=numbered_canvas(
            f"{office.office_name} · {L('title')} {number}",
            f"{L('printed')}: {printed_by} {printed}",
        ),
    )
