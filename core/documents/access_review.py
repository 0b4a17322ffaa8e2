"""개인정보 접속기록 점검표: the monthly review of personal-data access records on A4, with
what stands out marked and a line for the reviewer's signature."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from core.documents.common import (
    MARGIN,
    PAGE,
    a4_document,
    local_when,
    numbered_canvas,
    office_line,
    para,
    plain_table,
    styles,
    table_style,
)
from core.procedure.office import OfficeSettings
from core.views.records import HEADS_LABEL, heads_said
from core.words.catalogue import N_, translator
from core.words.vocab import ACCESS_FLAGS, ACCESS_PURPOSES
from core.words.vocab import ROLES as ROLE_NAMES

if TYPE_CHECKING:
    from core.views import AccessReview

WARN = colors.HexColor("#fdecea")

# The review's words (Korean, marked for the catalogue; core.words.catalogue).
TEXT = {
    "title": N_("개인정보 접속기록 점검표"),
    "period": N_("점검 기간"),
    "basis": N_("개인정보 보호법 제29조 및 안전성 확보조치 기준에 따른 접속기록 점검"),
    "chain": N_("접속기록 무결성"),
    "chain_bad": N_("이상 — 기록이 변경되었거나 삭제되었을 수 있음"),
    "total": N_("기간 중 접속기록"),
    "rule": N_(
        "주의 기준: 열람 고객 수 {v:,}명 초과, 담당 외 고객 {o:,}명 초과(사무소 중앙값의 "
        "3배 또는 최소 기준), 또는 대장 내보내기"
    ),
    "by_user": N_("1. 사용자별 접속 현황"),
    "user": N_("사용자"),
    "role": N_("역할"),
    "accesses": N_("접속"),
    "customers": N_("고객 수"),
    "outside": N_("담당 외"),
    "purposes": N_("목적별"),
    "verdict": N_("판정"),
    "ok": N_("정상"),
    "details": N_("2. 주의 대상의 담당 외 접속 내역"),
    "when": N_("일시"),
    "purpose": N_("목적"),
    "case": N_("사건번호"),
    "customer": N_("고객번호"),
    "none": N_("주의 대상이 없습니다."),
    "conclusion": N_("3. 점검 의견 및 조치"),
    "reviewer": N_("점검자"),
    "sign": N_("(서명)"),
    "date": N_("점검일"),
    "printed_by": N_("출력"),
    "no_names": N_("이 점검표에는 고객의 이름과 연락처를 싣지 않습니다(고객번호로 표시)."),
}
# The access records' words are the procedure's (the windows name them the same way).
FLAGS, PURPOSES, ROLES = ACCESS_FLAGS, ACCESS_PURPOSES, ROLE_NAMES


def render_access_review(
    review: AccessReview,
    office: OfficeSettings,
    out: str | BinaryIO,
    *,
    lang: str = "ko",
    printed_by: str = "",
    printed_at: datetime | None = None,
) -> None:
    words = translator(lang)

    def t(key: str, **facts: object) -> str:
        return words.tr(TEXT[key], **facts)

    def word(table: dict[str, str], key: str) -> str:
        return words.tr(table[key]) if key in table else key

    st = styles()
    width = PAGE[0] - 2 * MARGIN
    tz = office.calendar().tz
    period = f"{review.first_day:%Y-%m-%d} ~ {review.last_day:%Y-%m-%d}"
    chain = (
        words.trn(
            "정상 — 기록 {n:,}건의 해시 체인 검증",
            "정상 — 기록 {n:,}건의 해시 체인 검증",
            review.chain_checked,
        )
        if review.chain_ok
        else t("chain_bad")
    )
    head = [
        [t("period"), period],
        [t("chain"), chain],
        [
            words.tr(HEADS_LABEL),
            heads_said(review.audit_head, review.access_head, lang),
        ],
        [t("total"), f"{review.total:,}"],
    ]
    head_table = Table(
        [[para(a), para(b)] for a, b in head], colWidths=[width * 0.28, width * 0.72]
    )
    head_style = [*table_style(header=False), ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke)]
    if not review.chain_ok:
        head_style.append(("BACKGROUND", (1, 1), (1, 1), WARN))
    head_table.setStyle(TableStyle(head_style))

    story: list = [
        Paragraph(t("title"), st["title"]),
        Paragraph(office_line(office), st["small"]),
        Paragraph(t("basis"), st["small"]),
        Spacer(1, 4 * mm),
        head_table,
        Spacer(1, 2 * mm),
        Paragraph(t("rule", v=review.volume_limit, o=review.outside_limit), st["small"]),
        Paragraph(t("by_user"), st["h2"]),
    ]
    rows = [
        [
            t("user"),
            t("role"),
            t("accesses"),
            t("customers"),
            t("outside"),
            t("purposes"),
            t("verdict"),
        ]
    ]
    warn_rows = []
    for i, u in enumerate(review.users, start=1):
        purposes = u.purposes_said(lang)
        verdict = ", ".join(word(FLAGS, f) for f in u.flags) or t("ok")
        name = (
            u.display_name
            if u.display_name == u.user_name
            else (f"{u.display_name} ({u.user_name})")
        )
        rows.append(
            [
                name,
                word(ROLES, u.role),
                f"{u.accesses:,}",
                f"{u.customers:,}",
                f"{u.outside_own:,}",
                purposes,
                verdict,
            ]
        )
        if u.flags:
            warn_rows.append(i)
    users = Table(
        [[para(c) for c in r] for r in rows],
        colWidths=[w * width for w in (0.19, 0.09, 0.08, 0.08, 0.08, 0.22, 0.26)],
        repeatRows=1,
    )
    users.setStyle(
        TableStyle(
            [*table_style(), ("ALIGN", (2, 1), (4, -1), "RIGHT")]
            + [("BACKGROUND", (0, r), (-1, r), WARN) for r in warn_rows]
        )
    )
    story.append(users)

    story.append(Paragraph(t("details"), st["h2"]))
    if review.details:
        detail_rows = [[t("when"), t("user"), t("purpose"), t("case"), t("customer")]]
        for e in review.details:
            detail_rows.append(
                [
                    local_when(e.at, tz),
                    e.user_name,
                    word(PURPOSES, e.purpose),
                    e.case_no or "—",
                    str(e.customer_id) if e.customer_id is not None else "—",
                ]
            )
        details = Table(
            [[para(c) for c in r] for r in detail_rows],
            colWidths=[w * width for w in (0.24, 0.22, 0.14, 0.24, 0.16)],
            repeatRows=1,
        )
        details.setStyle(TableStyle(table_style()))
        story.append(details)
    else:
        story.append(Paragraph(t("none"), st["base"]))

    story += [
        KeepTogether(
            [
                Paragraph(t("conclusion"), st["h2"]),
                _box(width, 30 * mm),
                Spacer(1, 6 * mm),
                _signature(width, t),
                Spacer(1, 3 * mm),
                Paragraph(t("no_names"), st["small"]),
            ]
        )
    ]
    doc = a4_document(out, title=f"{t('title')} {period}", author=office.office_name)
    printed = local_when(printed_at, tz) if printed_at else ""
    canvas = numbered_canvas(
        f"{office.office_name} · {t('title')} {period}",
        f"{t('printed_by')}: {printed_by} {printed}".strip() if printed_by else printed,
    )
    doc.build(story, canvasmaker=canvas)


def _box(width: float, height: float) -> Table:
    """An empty ruled box for the reviewer's handwritten findings."""
    box = Table([[""]], colWidths=[width], rowHeights=[height])
    box.setStyle(TableStyle([*plain_table(), ("BOX", (0, 0), (-1, -1), 0.6, colors.black)]))
    return box


def _signature(width: float, t: Callable[..., str]) -> Table:
    cells = [[para(t("date")), "", para(t("reviewer")), t("sign")]]
    sig = Table(cells, colWidths=[width * 0.12, width * 0.3, width * 0.14, width * 0.44])
    sig.setStyle(
        TableStyle(
            [
                *table_style(header=False),
                ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                ("LINEBELOW", (3, 0), (3, 0), 0.6, colors.black),
                ("ALIGN", (3, 0), (3, 0), "RIGHT"),
            ]
        )
    )
    return sig
