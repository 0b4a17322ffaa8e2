"""The dialog for each step of a case: its fields, and the named operation its OK runs.

Only the steps the case's status and the user's role allow are offered (``allowed_steps``);
the services check the same rules again, so a dialog never decides what is permitted.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from core import services as sv
from core.errors import FieldProblem, ValidationFailed
from core.procedure.steps import ASSIGNABLE_ROLES
from core.views import CaseDetail
from gui.case import compensation_forms
from gui.case.step_dialog import Field, StepDialog
from gui.common.i18n import language, tr, trc
from gui.common.vocab import (
    action_kinds,
    channels,
    compensation_kinds,
    contact_purposes,
    directions,
    natures,
    severities,
)
from gui.common.widgets import local_text, won
from gui.desk.operations import Desk
from gui.operations import case_steps as steps


def step_titles() -> dict[str, str]:
    """Every step a case window may offer, by name, with its button's words."""
    return {
        "acknowledge": tr("접수 확인"),
        "start_handling": tr("처리 시작"),
        "record_action": tr("처리 기록"),
        "log_contact": tr("고객 연락 기록"),
        # The step, not the status or the queue of the same words ("Wait for the customer").
        "wait_for_customer": trc("step", "고객 회신 대기"),
        "resume": tr("처리 재개"),
        "offer_compensation": tr("보상 제안"),
        "approve_compensation": tr("보상 승인"),
        "record_compensation_outcome": tr("보상 답변·지급"),
        "resolve": tr("처리 완료"),
        "record_follow_up": tr("재방문·만족도 기록"),
        "waive_follow_up": tr("재방문 면제"),
        "record_win_back": tr("만족도 회복 조치"),
        "schedule_follow_up": tr("재방문 다시 예약"),
        "close": tr("종결"),
        "edit": tr("내용 수정·분류"),
        "backdate": tr("접수 일시 소급"),
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
        dialog = compensation_forms.offer_dialog(desk, d, title, parent)
        watch_offer(dialog, precedents)
        return dialog
    elif step == "approve_compensation":
        return compensation_forms.approval_dialog(desk, d, title, parent)
    elif step == "record_compensation_outcome":
        return compensation_forms.answer_dialog(desk, d, title, parent)
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
            # No score until one is picked: a skipped question must not record 5 ★.
            Field("satisfaction", tr("만족도"), "choice", satisfaction_choices(), required=True),
            Field("comment", tr("고객 의견"), "text"),
        ]

        def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
            score = values["satisfaction"]
            if not score:
                failed(ValidationFailed([FieldProblem("satisfaction", "no_score")]))
                return
            steps.record_follow_up(
                desk,
                case_id=cid,
                channel=values["channel"],
                outcome=values["outcome"],
                satisfaction=None if score == NO_ANSWER else int(score),
                comment=values["comment"],
                on_done=done,
                on_error=failed,
            )

        intro = tr(
            "{score}점 이하는 관리자의 '만족도 낮음' 대기열에 올라갑니다.",
            score=desk.settings.winback_score,
        )
        return StepDialog(title, fields, submit, parent=parent, intro=intro)
    elif step == "wait_for_customer":
        fields = [
            Field("reason", tr("기다리는 것 (사유)"), "text", required=True),
            Field("waiting_until", tr("회신 예정 시각"), "moment", required=True),
        ]
        dialog = StepDialog(
            title,
            fields,
            call(
                steps.wait_for_customer,
                case_id=cid,
                version=version,
                reason=lambda v: v["reason"],
                waiting_until=lambda v: v["waiting_until"],
            ),
            parent=parent,
            intro=tr(
                "기다리는 동안 처리 기한이 멈추고, 고객이 연락해 오면 자동으로 다시 "
                "처리중이 됩니다. 예정 시각이 지나면 기한 경과 대기열에 올라갑니다."
            ),
        )
        dialog.set_value("waiting_until", desk.db.clock() + timedelta(days=3))
        return dialog
    elif step == "resume":
        fields = [Field("note", tr("메모"), "text")]
        submit = call(steps.resume, case_id=cid, version=version, note=lambda v: v["note"] or None)
        intro = tr(
            "대기 사유: {reason} (회신 예정 {until})",
            reason=d.waiting_reason or "",
            until=local_text(d.waiting_until, desk.tz) if d.waiting_until else "",
        )
        return StepDialog(title, fields, submit, parent=parent, intro=intro)
    elif step == "record_win_back":
        fields = [Field("note", tr("한 일 (사과, 설명, 추가 조치 등)"), "text", required=True)]
        submit = call(steps.record_win_back, case_id=cid, version=version, note=lambda v: v["note"])
        return StepDialog(title, fields, submit, parent=parent, intro=low_score_text(d))
    elif step == "schedule_follow_up":
        fields = [
            Field("due_at", tr("재방문 예정 시각"), "moment", required=True),
            Field("note", tr("메모"), "text"),
        ]
        dialog = StepDialog(
            title,
            fields,
            call(
                steps.schedule_follow_up,
                case_id=cid,
                version=version,
                due_at=lambda v: v["due_at"],
                note=lambda v: v["note"] or None,
            ),
            parent=parent,
            intro=low_score_text(d),
        )
        dialog.set_value("due_at", desk.db.clock() + timedelta(days=3))
        return dialog
    elif step == "waive_follow_up":
        fields = [Field("reason", tr("면제 사유"), "text", required=True)]
        submit = call(steps.waive_follow_up, case_id=cid, reason=lambda v: v["reason"])
    elif step == "close":
        fields = [Field("note", tr("종결 메모"), "text")]
        submit = call(steps.close, case_id=cid, version=version, note=lambda v: v["note"])
        return StepDialog(title, fields, submit, parent=parent, ok_text=title)
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

        def fill(users: list) -> None:
            # Lists only those the service accepts (it refuses anyone else), and opens on
            # the current assignee: Enter keeps them rather than unassigning the case.
            for u in users:
                if u.role in ASSIGNABLE_ROLES:
                    combo.addItem(u.display_name, u.id)
            if d.assignee_id is not None:
                combo.setCurrentIndex(max(0, combo.findData(d.assignee_id)))

        desk.run(sv.list_users, on_done=fill)
        return dialog
    elif step == "edit":
        return edit_dialog(desk, d, parent)
    elif step == "backdate":
        return backdate_dialog(desk, d, parent)
    else:
        return None
    return StepDialog(title, fields, submit, parent=parent)


def edit_dialog(desk: Desk, d: CaseDetail, parent: QWidget) -> StepDialog:
    """내용 수정·분류: every field taken at intake (texts, when and where, who, how it came
    in, an outside reference), nature, severity and category. Each change is audited."""
    incident = local_text(d.incident_at, desk.settings.calendar().tz)
    fields = [
        Field("subject", tr("제목"), "line", value=d.subject, required=True),
        Field("description", tr("불만 내용"), "text", value=d.description, required=True),
        Field("request", tr("요구사항"), "text", value=d.request or ""),
        Field("expectation", tr("기대치"), "text", value=d.expectation or ""),
        Field("bottom_line", tr("최종선"), "text", value=d.bottom_line or ""),
        Field("incident_at", tr("발생 일시"), "line", value=incident),
        Field("incident_place", tr("발생 장소"), "line", value=d.incident_place or ""),
        Field("staff_involved", tr("관련 직원"), "line", value=d.staff_involved or ""),
        Field("channel", tr("접수 경로"), "choice", channels(), value=d.channel),
        Field("external_ref", tr("외부 참조번호"), "line", value=d.external_ref or ""),
        Field("nature", tr("성격"), "choice", natures(), value=d.nature),
        Field("severity", tr("중요도"), "choice", severities(), value=d.severity),
        Field("category", tr("분류"), "choice", {}),
    ]
    version = d.version

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        typed_when = values["incident_at"].strip()
        edit = sv.CaseEdit(
            subject=values["subject"],
            description=values["description"],
            request=values["request"],
            expectation=values["expectation"],
            bottom_line=values["bottom_line"],
            # Read by the service as the intake reads it ("어제 23시"); untouched, unchanged.
            incident_text=typed_when if typed_when != incident else None,
            incident_place=values["incident_place"],
            staff_involved=values["staff_involved"],
            channel=values["channel"],
            external_ref=values["external_ref"],
            nature=values["nature"],
            severity=values["severity"],
            category_code=values["category"],
        )
        steps.update_case(
            desk, case_id=d.id, version=version, edit=edit, on_done=done, on_error=failed
        )

    dialog = StepDialog(tr("내용 수정·분류"), fields, submit, parent=parent)
    when = dialog.widgets["incident_at"]
    assert isinstance(when, QLineEdit)
    when.setPlaceholderText(tr("예: 어제 23시 · 1201 2300 · 12/1 14:30"))
    combo = dialog.widgets["category"]

    def fill(cats: list) -> None:
        for c in cats:
            if c.parent_id is not None and c.active:
                combo.addItem(c.label(language()), c.code)
        if d.category:
            combo.setCurrentIndex(max(0, combo.findData(d.category.code)))

    desk.run(sv.list_categories, on_done=fill)
    return dialog


def backdate_dialog(desk: Desk, d: CaseDetail, parent: QWidget) -> StepDialog:
    """접수 일시 소급 (supervisors): a paper intake taken while the PC was down gets its real
    received time; the number stays and the deadlines are counted from the real time."""
    fields = [
        Field("received_at", tr("실제 접수 일시"), "moment"),
        Field("reason", tr("사유"), "text", required=True),
    ]

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        steps.backdate_received(
            desk,
            case_id=d.id,
            version=d.version,
            received_at=values["received_at"],
            reason=values["reason"],
            on_done=done,
            on_error=failed,
        )

    intro = tr(
        "전산 장애 중 종이 접수서로 받은 불만의 실제 접수 일시를 기록합니다. 접수번호는 "
        "그대로이고, 기한은 실제 접수 일시부터 다시 계산됩니다. 지금 기록된 접수 일시: {at}",
        at=local_text(d.received_at, desk.settings.calendar().tz),
    )
    dialog = StepDialog(step_titles()["backdate"], fields, submit, parent=parent, intro=intro)
    dialog.set_value("received_at", d.received_at)
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


# The follow-up's answer when the customer gave no score (stored as no satisfaction).
NO_ANSWER = "none"


def satisfaction_choices() -> dict[str, str]:
    """1-5 or 응답 없음, below an empty first line: nothing is picked until someone picks."""
    return {
        "": tr("— 고르세요 —"),
        "5": "5 ★★★★★",
        "4": "4 ★★★★",
        "3": "3 ★★★",
        "2": "2 ★★",
        "1": "1 ★",
        NO_ANSWER: tr("응답 없음"),
    }


def low_score_text(d: CaseDetail) -> str:
    """The low score a win-back answers, with what the customer said."""
    scored = [f for f in d.follow_ups if f.status == "done" and f.satisfaction is not None]
    if not scored:
        return ""
    last = scored[-1]
    text = tr("만족도 {score}점", score=last.satisfaction)
    return f"{text} — {last.comment}" if last.comment else text
