"""The dialog for each step of a case: its fields, and the named operation its OK runs.

Only the steps the case's status and the user's role allow are offered (``allowed_steps``);
the services check the same rules again, so a dialog never decides what is permitted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from core import services as sv
from core.procedure.steps import ASSIGNABLE_ROLES
from core.views import CaseDetail
from gui.case.step_dialog import Field, StepDialog
from gui.common.i18n import language, tr
from gui.common.vocab import (
    action_kinds,
    channels,
    compensation_kinds,
    contact_purposes,
    directions,
    natures,
    severities,
)
from gui.common.widgets import won
from gui.desk.operations import Desk
from gui.operations import case_steps as steps
from gui.operations import compensation


def step_titles() -> dict[str, str]:
    """Every step a case window may offer, by name, with its button's words."""
    return {
        "acknowledge": tr("접수 확인"),
        "start_handling": tr("처리 시작"),
        "record_action": tr("처리 기록"),
        "log_contact": tr("고객 연락 기록"),
        "offer_compensation": tr("보상 제안"),
        "approve_compensation": tr("보상 승인"),
        "resolve": tr("처리 완료"),
        "record_follow_up": tr("재방문·만족도 기록"),
        "waive_follow_up": tr("재방문 면제"),
        "close": tr("종결"),
        "edit": tr("내용 수정·분류"),
        "assign": tr("담당자 지정"),
        "close_invalid": tr("무효 종결"),
        "withdraw": tr("철회 종결"),
        "reopen": tr("재처리"),
        "reopen_closed": tr("재처리 (종결 사건)"),
    }


def step_dialog(
    desk: Desk,
    d: CaseDetail,
    step: str,
    *,
    precedents: sv.Precedents | None,
    parent: QWidget,
) -> StepDialog | None:
    """The dialog for ``step`` on the case ``d``, not yet open (tests drive it without exec()).

    ``precedents`` (the similar cases) put what they received beside an offer."""
    title = step_titles()[step]
    cid, version = d.id, d.version

    def call(operation: Any, **kwargs: Any):
        """The dialog's submit: ``operation`` with the values read from the dialog."""

        def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
            operation(
                desk,
                **{k: v(values) if callable(v) else v for k, v in kwargs.items()},
                on_done=done,
                on_error=failed,
            )

        return submit

    if step == "acknowledge":
        fields = [
            Field(
                "channel",
                tr("안내 방법"),
                "choice",
                {"": tr("연락 기록 없이"), **channels()},
                value="phone",
            ),
            Field("note", tr("안내 내용"), "text", value=tr("접수 확인 및 처리 일정 안내")),
        ]
        submit = call(
            steps.acknowledge,
            case_id=cid,
            version=version,
            channel=lambda v: v["channel"] or None,
            note=lambda v: v["note"],
        )
    elif step == "start_handling":
        fields = []
        submit = call(steps.start_handling, case_id=cid, version=version)
    elif step == "record_action":
        fields = [
            Field("kind", tr("종류"), "choice", action_kinds()),
            Field("note", tr("내용"), "text", required=True),
        ]
        submit = call(
            steps.record_action,
            case_id=cid,
            kind=lambda v: v["kind"],
            note=lambda v: v["note"],
        )
    elif step == "log_contact":
        fields = [
            Field("direction", tr("방향"), "choice", directions(), value="outbound"),
            Field("channel", tr("방법"), "choice", channels(), value="phone"),
            Field("purpose", tr("목적"), "choice", contact_purposes(), value="progress"),
            Field("summary", tr("내용"), "text", required=True),
            Field("promise", tr("회신 약속"), "check"),
            Field("promised_next_at", tr("약속한 회신 시각"), "moment"),
        ]
        submit = call(
            steps.log_contact,
            case_id=cid,
            direction=lambda v: v["direction"],
            channel=lambda v: v["channel"],
            purpose=lambda v: v["purpose"],
            summary=lambda v: v["summary"],
            promised_next_at=lambda v: v["promised_next_at"] if v["promise"] else None,
        )
    elif step == "offer_compensation":
        threshold = won(desk.settings.approval_threshold)
        fields = [
            Field("kind", tr("보상 종류"), "choice", compensation_kinds()),
            Field("amount", tr("금액 (원)"), "int"),
            Field("options", tr("고객에게 제시한 선택지"), "choices", compensation_kinds()),
            Field("note", tr("메모"), "text"),
        ]
        submit = call(
            compensation.offer_compensation,
            case_id=cid,
            kind=lambda v: v["kind"],
            amount=lambda v: v["amount"],
            options_offered=lambda v: v["options"],
            note=lambda v: v["note"],
        )
        dialog = StepDialog(
            title,
            fields,
            submit,
            parent=parent,
            intro=tr("{amount}을 넘는 보상은 관리자 승인 후 확정됩니다.", amount=threshold),
        )
        watch_offer(dialog, precedents)
        return dialog
    elif step == "approve_compensation":
        pending = [c for c in d.compensations if c.status == "pending_approval"]
        if not pending:
            return None
        c = pending[0]
        fields = [
            Field("decision", tr("결정"), "choice", {"approve": tr("승인"), "reject": tr("거부")}),
            Field("note", tr("의견 (거부 시 필수)"), "text"),
        ]

        def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
            if values["decision"] == "approve":
                compensation.approve_compensation(
                    desk,
                    compensation_id=c.id,
                    note=values["note"] or None,
                    on_done=done,
                    on_error=failed,
                )
            else:
                compensation.reject_compensation(
                    desk,
                    compensation_id=c.id,
                    note=values["note"],
                    on_done=done,
                    on_error=failed,
                )

        intro = tr(
            "{kind} {amount} — 제안: {who}",
            kind=compensation_kinds().get(c.kind, c.kind),
            amount=won(c.amount),
            who=c.proposed_by_name,
        )
        return StepDialog(title, fields, submit, parent=parent, intro=intro)
    elif step == "resolve":
        fields = [
            Field("root_cause", tr("원인"), "text"),
            Field("result", tr("처리 결과"), "text", required=True),
            Field("told_channel", tr("결과 통지 방법"), "choice", channels(), value="phone"),
            Field("customer_response", tr("고객 반응"), "text"),
        ]
        submit = call(
            steps.resolve,
            case_id=cid,
            version=version,
            result=lambda v: v["result"],
            told_channel=lambda v: v["told_channel"],
            root_cause=lambda v: v["root_cause"],
            customer_response=lambda v: v["customer_response"],
        )
    elif step == "record_follow_up":
        fields = [
            Field("channel", tr("방법"), "choice", channels(), value="phone"),
            Field("outcome", tr("확인 결과"), "text", required=True),
            Field(
                "satisfaction",
                tr("만족도"),
                "choice",
                {
                    "5": "5 ★★★★★",
                    "4": "4 ★★★★",
                    "3": "3 ★★★",
                    "2": "2 ★★",
                    "1": "1 ★",
                    "": tr("응답 거부"),
                },
            ),
            Field("comment", tr("고객 의견"), "text"),
        ]
        submit = call(
            steps.record_follow_up,
            case_id=cid,
            channel=lambda v: v["channel"],
            outcome=lambda v: v["outcome"],
            satisfaction=lambda v: int(v["satisfaction"]) if v["satisfaction"] else None,
            comment=lambda v: v["comment"],
        )
    elif step == "waive_follow_up":
        fields = [Field("reason", tr("면제 사유"), "text", required=True)]
        submit = call(steps.waive_follow_up, case_id=cid, reason=lambda v: v["reason"])
    elif step == "close":
        fields = [Field("note", tr("종결 메모"), "text")]
        submit = call(steps.close, case_id=cid, version=version, note=lambda v: v["note"])
    elif step in ("close_invalid", "withdraw"):
        fields = [Field("reason", tr("사유"), "text", required=True)]
        operation = steps.close_invalid if step == "close_invalid" else steps.withdraw
        submit = call(operation, case_id=cid, version=version, reason=lambda v: v["reason"])
        return StepDialog(
            title,
            fields,
            submit,
            parent=parent,
            ok_text=title,
            intro=tr("종결된 불만은 삭제되지 않으며 사유와 함께 기록에 남습니다."),
        )
    elif step in ("reopen", "reopen_closed"):
        fields = [Field("reason", tr("재처리 사유"), "text", required=True)]
        submit = call(steps.reopen, case_id=cid, version=version, reason=lambda v: v["reason"])
    elif step == "assign":
        fields = [Field("assignee", tr("담당자"), "choice", {"": tr("미지정")})]
        dialog = StepDialog(
            title,
            fields,
            call(
                steps.assign,
                case_id=cid,
                version=version,
                assignee_id=lambda v: v["assignee"] or None,
            ),
            parent=parent,
        )
        combo = dialog.widgets["assignee"]
        # Lists only those the service accepts (it refuses anyone else).
        desk.run(
            sv.list_users,
            on_done=lambda users: [
                combo.addItem(u.display_name, u.id) for u in users if u.role in ASSIGNABLE_ROLES
            ],
        )
        return dialog
    elif step == "edit":
        return edit_dialog(desk, d, parent)
    else:
        return None
    return StepDialog(title, fields, submit, parent=parent)


def edit_dialog(desk: Desk, d: CaseDetail, parent: QWidget) -> StepDialog:
    """내용 수정·분류: the case's texts, nature, severity and category."""
    fields = [
        Field("subject", tr("제목"), "line", value=d.subject, required=True),
        Field("description", tr("불만 내용"), "text", value=d.description, required=True),
        Field("request", tr("요구사항"), "text", value=d.request or ""),
        Field("expectation", tr("기대치"), "text", value=d.expectation or ""),
        Field("bottom_line", tr("최종선"), "text", value=d.bottom_line or ""),
        Field("nature", tr("성격"), "choice", natures(), value=d.nature),
        Field("severity", tr("중요도"), "choice", severities(), value=d.severity),
        Field("category", tr("분류"), "choice", {}),
    ]
    version = d.version

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        edit = sv.CaseEdit(
            subject=values["subject"],
            description=values["description"],
            request=values["request"],
            expectation=values["expectation"],
            bottom_line=values["bottom_line"],
            nature=values["nature"],
            severity=values["severity"],
            category_code=values["category"],
        )
        steps.update_case(
            desk, case_id=d.id, version=version, edit=edit, on_done=done, on_error=failed
        )

    dialog = StepDialog(tr("내용 수정·분류"), fields, submit, parent=parent)
    combo = dialog.widgets["category"]

    def fill(cats: list) -> None:
        for c in cats:
            if c.parent_id is not None and c.active:
                combo.addItem(c.label(language()), c.code)
        if d.category:
            combo.setCurrentIndex(max(0, combo.findData(d.category.code)))

    desk.run(sv.list_categories, on_done=fill)
    return dialog


def watch_offer(dialog: StepDialog, found: sv.Precedents | None) -> None:
    """Shows what similar cases received, and a note when the amount is far from it."""
    if found is None or not found.ranges:
        return
    kinds = compensation_kinds()
    seen = ", ".join(
        f"{kinds.get(k, k)} {won(low)}" + (f"~{won(high)}" if high != low else "")
        for k, (low, high) in found.ranges.items()
    )
    hint = QLabel(tr("유사 사례의 보상: {seen}", seen=seen))
    hint.setWordWrap(True)
    note = QLabel()
    note.setObjectName("fieldError")
    note.setWordWrap(True)
    dialog.notes.addWidget(hint)
    dialog.notes.addWidget(note)
    kind, amount = dialog.widgets["kind"], dialog.widgets["amount"]

    def update() -> None:
        text = sv.compensation_note(found, kind.currentData(), amount.value(), language())
        note.setText(text or "")
        note.setVisible(bool(text))

    kind.currentIndexChanged.connect(lambda _i: update())
    amount.valueChanged.connect(lambda _v: update())
    dialog.precedent_note = note  # type: ignore[attr-defined]
    update()
