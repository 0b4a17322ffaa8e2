"""The case window's tabs: the details as received, the timeline, compensation, follow-ups,
improvements, and similar past cases (the precedents a handler should treat it like)."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from core import services as sv
from core.views import CaseDetail
from gui.case.case_timeline import Timeline
from gui.common.i18n import language, tr
from gui.common.vocab import (
    channels,
    compensation_kinds,
    compensation_statuses,
    follow_up_statuses,
    motives,
    natures,
    severities,
    styles,
)
from gui.common.widgets import local_text, share_columns, won, wrap_text
from gui.improvements.case_improvements import CaseImprovements


class CaseTabs(QTabWidget):
    """Everything recorded on one case, a tab per kind."""

    open_case = Signal(int)  # a similar case double-clicked

    def __init__(self) -> None:
        super().__init__()
        self.details = QWidget()
        self.details_form = QFormLayout(self.details)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        self.addTab(scroll, tr("내용"))
        self.timeline = Timeline()
        self.addTab(self.timeline, tr("경과"))
        self.compensations = QTreeWidget()
        # From the options offered to what was given: who proposed, who decided, what the
        # customer answered, and the delivery.
        self.compensations.setHeaderLabels(
            [
                tr("제시한 선택지"),
                tr("상태"),
                tr("제안"),
                tr("승인·결정"),
                tr("고객 답변"),
                tr("지급·이행"),
            ]
        )
        self.compensations.setRootIsDecorated(False)
        share_columns(self.compensations, stretch=5)
        wrap_text(self.compensations)
        self.addTab(self.compensations, tr("보상"))
        self.follow_ups = QTreeWidget()
        self.follow_ups.setHeaderLabels(
            [tr("예정일"), tr("상태"), tr("완료"), tr("만족도"), tr("결과"), tr("의견")]
        )
        self.follow_ups.setRootIsDecorated(False)
        share_columns(self.follow_ups, stretch=4, widths={5: 220})
        wrap_text(self.follow_ups)
        self.addTab(self.follow_ups, tr("재방문·만족도"))
        # 개선 조치: the list, and (once the case window attaches its desk) 등록 and 연결.
        self.improvements = CaseImprovements()
        self.addTab(self.improvements, tr("개선 조치"))
        # The seed's advice: treat a complaint as similar past complaints were treated.
        self.similar = QTreeWidget()
        self.similar.setHeaderLabels(
            [tr("접수번호"), tr("제목"), tr("처리결과"), tr("보상"), tr("만족도"), tr("유사도")]
        )
        self.similar.setRootIsDecorated(False)
        # The result, what a handler reads a precedent for, takes the rest and wraps.
        share_columns(self.similar, stretch=2, widths={1: 200})
        wrap_text(self.similar)
        self.similar.itemActivated.connect(
            lambda item, _col: self.open_case.emit(int(item.data(0, Qt.ItemDataRole.UserRole)))
        )
        self.addTab(self.similar, tr("유사 사례"))

    def show_case(self, d: CaseDetail, tz: tzinfo) -> None:
        self._fill_details(d, tz)
        self.timeline.show_case(d, tz)
        self._fill_compensations(d, tz)
        self._fill_follow_ups(d, tz)
        self.improvements.show_case(d)

    def _fill_details(self, d: CaseDetail, tz: tzinfo) -> None:
        while self.details_form.rowCount():
            self.details_form.removeRow(0)
        c = d.customer
        rows = [
            (tr("고객"), c.name),
            (tr("연락처"), c.phone),
            (tr("이메일"), c.email),
            (tr("주소"), c.address),
            (tr("접수 경로"), channels().get(d.channel, d.channel)),
            (tr("접수 일시"), f"{local_text(d.received_at, tz)} ({d.received_by_name})"),
            (tr("발생 일시"), local_text(d.incident_at, tz)),
            (tr("발생 장소"), d.incident_place or ""),
            (tr("관련 직원"), d.staff_involved or ""),
            (tr("불만 내용"), d.description),
            (tr("요구사항"), d.request or ""),
            (tr("기대치"), d.expectation or ""),
            (tr("최종선"), d.bottom_line or ""),
            (tr("분류"), d.category.label(language()) if d.category else tr("미분류")),
            (tr("성격"), natures().get(d.nature, d.nature)),
            (tr("중요도"), severities().get(d.severity, d.severity)),
            (
                tr("고객 유형 (내부 참고용)"),
                f"{styles().get(d.style_hint, '')} / {motives().get(d.motive_hint, '')}",
            ),
            (tr("태그"), ", ".join(d.tags)),
            (tr("관련 사건"), ", ".join(no for _, no in d.related)),
        ]
        if d.backdate_reason:
            # A paper intake entered later says so beside its date, as the case file does.
            rows.insert(6, (tr("접수 일시 정정 사유"), d.backdate_reason))
        if d.resolution:
            rows += [
                (tr("원인"), d.resolution.root_cause or ""),
                (tr("처리 결과"), d.resolution.result),
                (tr("고객 반응"), d.resolution.customer_response or ""),
            ]
        if d.closure_reason:
            rows.append((tr("종결 사유"), d.closure_reason))
        for label, value in rows:
            v = QLabel(value)
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            v.setAccessibleName(label)
            self.details_form.addRow(QLabel(label), v)

    def _fill_compensations(self, d: CaseDetail, tz: tzinfo) -> None:
        self.compensations.clear()
        kinds = compensation_kinds()

        def option(kind: str | None, amount: int | None) -> str:
            text = kinds.get(kind or "", kind or "")
            return f"{text} {won(amount)}" if amount else text

        def lines(*parts: str | None) -> str:
            return "\n".join(p.strip() for p in parts if p and p.strip())

        for c in d.compensations:
            options = " / ".join(option(k, a) for k, a in c.options or ((c.kind, c.amount),))
            decided = (
                lines(
                    f"{c.decided_by_name} {local_text(c.decided_at, tz)}",
                    c.decision_note,
                    tr("예외 승인: {reason}", reason=c.approval_override)
                    if c.approval_override
                    else "",
                )
                if c.decided_at
                else (tr("승인 필요") if c.requires_approval else "")
            )
            answered = f"{c.answered_by_name or ''} {local_text(c.answered_at, tz)}"
            if c.status == "declined":
                answer = lines(tr("거절: {reason}", reason=c.decline_reason or ""), answered)
            elif c.customer_choice:
                answer = lines(option(c.customer_choice, c.chosen_amount), answered)
            else:
                answer = ""
            delivered = ""
            if c.status == "delivered":
                delivered = lines(
                    f"{c.delivered_by_name or ''} {local_text(c.settled_at, tz)}",
                    tr("참조번호: {ref}", ref=c.delivery_ref) if c.delivery_ref else "",
                    c.delivery_note,
                )
            item = QTreeWidgetItem(
                [
                    options,
                    compensation_statuses().get(c.status, c.status),
                    lines(f"{c.proposed_by_name} {local_text(c.proposed_at, tz)}", c.note),
                    decided,
                    answer,
                    delivered,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, c.id)
            self.compensations.addTopLevelItem(item)

    def _fill_follow_ups(self, d: CaseDetail, tz: tzinfo) -> None:
        self.follow_ups.clear()
        for f in d.follow_ups:
            stars = (
                "★" * (f.satisfaction or 0) + "☆" * (5 - (f.satisfaction or 0))
                if f.satisfaction
                # Made, but the customer gave no score: said so, not left blank.
                else tr("응답 없음")
                if f.status == "done"
                else ""
            )
            self.follow_ups.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        local_text(f.due_at, tz),
                        follow_up_statuses().get(f.status, f.status),
                        local_text(f.done_at, tz),
                        stars,
                        f.outcome or f.waived_reason or "",
                        f.comment or "",
                    ]
                )
            )

    def show_precedents(self, found: sv.Precedents) -> None:
        self.similar.clear()
        kinds = compensation_kinds()
        for p in found.items:
            comp = ""
            if p.compensation_kind:
                comp = kinds.get(p.compensation_kind, p.compensation_kind)
                if p.compensation_amount:
                    comp += f" {won(p.compensation_amount)}"
            mark = tr("같은 분류") if p.same_category else ""
            item = QTreeWidgetItem(
                [
                    p.case_no,
                    p.subject,
                    p.result or "",
                    comp,
                    str(p.satisfaction) if p.satisfaction else "",
                    f"{p.similarity:.0%} {mark}".strip(),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, p.case_id)
            item.setToolTip(2, p.result or "")
            self.similar.addTopLevelItem(item)
        if not found.items:
            self.similar.addTopLevelItem(QTreeWidgetItem(["", tr("처리된 유사 사례가 없습니다.")]))
