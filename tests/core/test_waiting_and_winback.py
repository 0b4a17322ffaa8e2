"""고객 회신 대기 and 만족도 낮음: a case waiting on its customer pauses the resolve clock and
leaves the overdue queue; a low follow-up score waits for a supervisor's win-back, and the
case does not close until it is answered.

The clock starts on Monday 2026-03-09 at 10:00 in Seoul; the office is open 09:00-18:00,
Monday to Friday (9 office hours a day).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core import services as sv
from core.db.models import AuditEvent
from core.errors import IllegalTransition, PermissionDenied, RecordRulesNotMet, ValidationFailed
from core.procedure import deadlines
from core.procedure.enums import Severity
from tests.conftest import intake


def handled(db, staff) -> int:
    """A case acknowledged and in hand (처리중), not assigned to anyone."""
    case_id = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, case_id, channel="phone")
    sv.record_action(db, staff.handler, case_id, "investigation", "현장 확인")
    return case_id


def wait(db, staff, case_id: int, days: float = 3) -> None:
    sv.wait_for_customer(
        db,
        staff.handler,
        case_id,
        reason="관리비 영수증 사본을 가져오기로 함",
        waiting_until=db.clock() + timedelta(days=days),
    )


def resolved(db, staff) -> int:
    case_id = handled(db, staff)
    sv.resolve(db, staff.handler, case_id, result="조치 완료", told_channel="phone")
    return case_id


def scored(db, staff, satisfaction: int | None) -> int:
    case_id = resolved(db, staff)
    sv.record_follow_up(
        db,
        staff.clerk,
        case_id,
        channel="phone",
        outcome="결과 확인 전화",
        satisfaction=satisfaction,
        comment="보상 못 받음" if satisfaction is not None and satisfaction <= 2 else None,
    )
    return case_id


def queue_ids(db, staff, name: str) -> list[int]:
    return [row.id for row in sv.queue(db, staff.supervisor, name)]


def audit_actions(db, case_id: int) -> list[str]:
    with db.unit_of_work(write=False) as uow:
        return list(
            uow.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.case_id == case_id)
                .order_by(AuditEvent.seq)
            )
        )


# ---------------------------------------------------------------- waiting for the customer


def test_waiting_pauses_the_resolve_clock_by_the_office_time_waited(db, staff, clock):
    case_id = handled(db, staff)
    before = sv.get_case(db, staff.supervisor, case_id)
    wait(db, staff, case_id)
    waiting = sv.get_case(db, staff.supervisor, case_id)
    assert waiting.status == "waiting"
    assert waiting.waiting_reason == "관리비 영수증 사본을 가져오기로 함"
    assert waiting.waiting_since == clock()
    # Monday 10:00 to Wednesday 10:00: two office days (18 office hours) paused.
    clock.advance(days=2)
    sv.resume(db, staff.handler, case_id, note="고객이 영수증을 보내옴")
    after = sv.get_case(db, staff.supervisor, case_id)
    assert after.status == "in_progress"
    s = sv.get_settings(db, staff.supervisor)
    cal = s.calendar()
    assert cal.business_hours_between(before.resolve_due, after.resolve_due) == pytest.approx(18)
    assert after.resolve_due == cal.add_business_hours(before.resolve_due, 18)
    assert after.progress_due == deadlines.progress_due(s, clock())
    assert (after.waiting_since, after.waiting_until, after.waiting_reason) == (None, None, None)
    # The status history keeps both changes with their reasons.
    statuses = [(e.subtype, e.text) for e in after.timeline if e.kind == "status"]
    assert ("waiting", "관리비 영수증 사본을 가져오기로 함") in statuses
    assert ("in_progress", "고객이 영수증을 보내옴") in statuses
    assert {"case.wait", "case.resume"} <= set(audit_actions(db, case_id))


def test_a_later_correction_keeps_the_time_paused(db, staff, clock):
    """Raising the severity or back-dating the receipt recounts the resolve deadline from
    its new start and length, and the office hours the case waited stay added to it."""
    case_id = handled(db, staff)
    wait(db, staff, case_id)
    clock.advance(days=2)  # two office days (18 office hours) paused
    sv.resume(db, staff.handler, case_id)
    d = sv.get_case(db, staff.supervisor, case_id)
    s = sv.get_settings(db, staff.supervisor)
    cal = s.calendar()
    sv.update_case(
        db, staff.supervisor, case_id, sv.CaseEdit(severity="important"), expected_version=d.version
    )
    raised = sv.get_case(db, staff.supervisor, case_id)
    nominal = deadlines.resolve_due(s, raised.received_at, Severity.IMPORTANT)
    assert raised.resolve_due == cal.add_business_hours(nominal, 18)
    sv.backdate_received(
        db,
        staff.supervisor,
        case_id,
        raised.received_at - timedelta(days=1),
        reason="종이 접수서로 받음",
        expected_version=raised.version,
    )
    moved = sv.get_case(db, staff.supervisor, case_id)
    nominal = deadlines.resolve_due(s, moved.received_at, Severity.IMPORTANT)
    assert moved.resolve_due == cal.add_business_hours(nominal, 18)


def test_waiting_needs_a_reason_and_an_expected_time_not_past(db, staff, clock):
    case_id = handled(db, staff)
    cases = [
        ({"reason": " ", "waiting_until": clock() + timedelta(days=1)}, ("reason", "required")),
        ({"reason": "서류 대기", "waiting_until": None}, ("waiting_until", "required")),
        (
            {"reason": "서류 대기", "waiting_until": clock() - timedelta(minutes=1)},
            ("waiting_until", "in_past"),
        ),
        (
            {"reason": "서류 대기", "waiting_until": clock() + timedelta(days=800)},
            ("waiting_until", "too_far"),
        ),
    ]
    for kwargs, problem in cases:
        with pytest.raises(ValidationFailed) as err:
            sv.wait_for_customer(db, staff.handler, case_id, **kwargs)
        assert [(p.field, p.reason) for p in err.value.problems] == [problem]
    assert sv.get_case(db, staff.supervisor, case_id).status == "in_progress"


def test_the_customers_own_contact_resumes_a_waiting_case(db, staff, clock):
    case_id = handled(db, staff)
    wait(db, staff, case_id)
    clock.advance(hours=2)
    # We called them: still waiting for what they promised.
    sv.log_contact(
        db, staff.handler, case_id, direction="outbound", channel="phone", summary="서류 재안내"
    )
    assert sv.get_case(db, staff.supervisor, case_id).status == "waiting"
    clock.advance(hours=2)
    sv.log_contact(
        db, staff.clerk, case_id, direction="inbound", channel="visit", summary="영수증 사본 제출"
    )
    after = sv.get_case(db, staff.supervisor, case_id)
    assert after.status == "in_progress"
    assert after.waiting_until is None
    assert ("in_progress", "영수증 사본 제출") in [
        (e.subtype, e.text) for e in after.timeline if e.kind == "status"
    ]


def test_a_case_waiting_from_acknowledged_goes_back_there(db, staff):
    case_id = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, case_id)
    wait(db, staff, case_id)
    sv.resume(db, staff.handler, case_id)
    assert sv.get_case(db, staff.supervisor, case_id).status == "acknowledged"


def test_a_waiting_case_is_not_late_until_the_customer_is(db, staff, clock):
    case_id = handled(db, staff)
    wait(db, staff, case_id, days=20)
    clock.advance(days=14)  # the resolve deadline (7 office days) has long passed
    case = sv.get_case(db, staff.supervisor, case_id)
    assert case.resolve_due < clock()
    assert case.overdue == ()
    assert case_id not in queue_ids(db, staff, "overdue")
    assert case_id in queue_ids(db, staff, "waiting")
    row = sv.queue(db, staff.supervisor, "waiting")[0]
    assert (row.next_due_kind, row.next_due_at, row.overdue) == (
        "waiting",
        case.waiting_until,
        False,
    )
    # The day the customer was expected has passed: someone should call them.
    clock.advance(days=7)
    case = sv.get_case(db, staff.supervisor, case_id)
    assert case.overdue == ("waiting",)
    assert case_id in queue_ids(db, staff, "overdue")
    assert sv.queue_counts(db, staff.supervisor)["waiting"] == 1


def test_the_waiting_queue_lists_the_soonest_expected_first(db, staff):
    later, sooner, other = handled(db, staff), handled(db, staff), handled(db, staff)
    wait(db, staff, later, days=10)
    wait(db, staff, sooner, days=2)
    assert queue_ids(db, staff, "waiting") == [sooner, later]
    assert other not in queue_ids(db, staff, "waiting")
    sv.resume(db, staff.handler, sooner)
    assert queue_ids(db, staff, "waiting") == [later]
    sv.withdraw(db, staff.handler, later, reason="고객이 철회")
    assert queue_ids(db, staff, "waiting") == []
    assert sv.queue_counts(db, staff.supervisor)["waiting"] == 0


def test_only_a_waiting_case_resumes(db, staff):
    case_id = handled(db, staff)
    with pytest.raises(IllegalTransition):
        sv.resume(db, staff.handler, case_id)
    wait(db, staff, case_id)
    with pytest.raises(IllegalTransition):  # waiting already
        wait(db, staff, case_id)
    with pytest.raises(IllegalTransition):  # resolve from 처리중, after resuming
        sv.resolve(db, staff.handler, case_id, result="완료", told_channel="phone")
    with pytest.raises(PermissionDenied):
        sv.resume(db, staff.clerk, case_id)


def test_starting_an_unassigned_case_gives_it_to_whoever_starts(db, staff):
    case_id = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, case_id)
    assert sv.get_case(db, staff.supervisor, case_id).assignee_id is None
    sv.start_handling(db, staff.handler, case_id)
    assert sv.get_case(db, staff.supervisor, case_id).assignee_id == staff.handler.user_id
    assert "case.assign" in audit_actions(db, case_id)
    # A case already given to someone stays theirs.
    other = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, other)
    sv.assign(db, staff.supervisor, other, staff.supervisor.user_id)
    sv.start_handling(db, staff.handler, other)
    assert sv.get_case(db, staff.supervisor, other).assignee_id == staff.supervisor.user_id
    # The first handling step begins it too.
    third = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, third)
    sv.record_action(db, staff.supervisor, third, "investigation", "현장 확인")
    assert sv.get_case(db, staff.supervisor, third).assignee_id == staff.supervisor.user_id


# ---------------------------------------------------------------- a low score


@pytest.mark.parametrize(("score", "low"), [(1, True), (2, True), (3, False), (None, False)])
def test_a_low_score_puts_the_case_in_the_supervisors_queue(db, staff, clock, score, low):
    case_id = scored(db, staff, score)
    case = sv.get_case(db, staff.supervisor, case_id)
    assert (case.winback_due == clock()) is low
    assert (case_id in queue_ids(db, staff, "low_satisfaction")) is low
    if low:  # the queue says what the customer said
        row = sv.queue(db, staff.supervisor, "low_satisfaction")[0]
        assert row.remark == f"★{score} · 보상 못 받음"
    assert sv.queue_counts(db, staff.supervisor)["low_satisfaction"] == int(low)
    assert case.record_rules.followed_up is not low
    assert ("record_win_back" in case.allowed_steps) is low
    assert ("schedule_follow_up" in case.allowed_steps) is low


def test_the_threshold_is_the_offices(db, staff):
    sv.update_settings(db, staff.admin, winback_score=3)
    case_id = scored(db, staff, 3)
    assert sv.get_case(db, staff.supervisor, case_id).winback_due is not None


def test_closing_is_refused_while_a_win_back_is_pending(db, staff):
    case_id = scored(db, staff, 2)
    with pytest.raises(RecordRulesNotMet) as err:
        sv.close(db, staff.handler, case_id)
    assert list(err.value.missing) == ["followed_up"]
    assert sv.get_case(db, staff.supervisor, case_id).status == "resolved"


def test_a_win_back_answers_the_low_score(db, staff, clock):
    case_id = scored(db, staff, 1)
    with pytest.raises(PermissionDenied):
        sv.record_win_back(db, staff.handler, case_id, note="사과 전화")
    with pytest.raises(ValidationFailed):
        sv.record_win_back(db, staff.supervisor, case_id, note=" ")
    clock.advance(hours=1)
    sv.record_win_back(db, staff.supervisor, case_id, note="사과 전화, 관리비 1개월 감면 안내")
    case = sv.get_case(db, staff.supervisor, case_id)
    assert case.winback_due is None
    assert case_id not in queue_ids(db, staff, "low_satisfaction")
    assert "사과 전화, 관리비 1개월 감면 안내" in [e.text for e in case.timeline]
    assert "case.win_back" in audit_actions(db, case_id)
    assert case.record_rules.all_met
    with pytest.raises(IllegalTransition):  # answered already
        sv.record_win_back(db, staff.supervisor, case_id, note="다시")
    sv.close(db, staff.handler, case_id)
    assert sv.get_case(db, staff.supervisor, case_id).status == "closed"


def test_a_second_follow_up_answers_it_and_must_itself_be_made(db, staff, clock):
    case_id = scored(db, staff, 2)
    with pytest.raises(ValidationFailed) as err:
        sv.schedule_follow_up(db, staff.supervisor, case_id, due_at=clock() - timedelta(days=1))
    assert [(p.field, p.reason) for p in err.value.problems] == [("due_at", "in_past")]
    due = clock() + timedelta(days=5)
    sv.schedule_follow_up(db, staff.supervisor, case_id, due_at=due, note="수리 후 재확인")
    case = sv.get_case(db, staff.supervisor, case_id)
    assert case.winback_due is None
    assert case.followup_due == due
    assert [f.status for f in case.follow_ups] == ["done", "due"]
    assert not case.record_rules.followed_up  # the second call is yet to be made
    with pytest.raises(RecordRulesNotMet):
        sv.close(db, staff.handler, case_id)
    clock.advance(days=5)
    sv.record_follow_up(db, staff.clerk, case_id, channel="phone", outcome="재확인", satisfaction=4)
    sv.close(db, staff.handler, case_id)
    case = sv.get_case(db, staff.supervisor, case_id)
    assert (case.status, [f.satisfaction for f in case.follow_ups]) == ("closed", [2, 4])


def test_reopening_answers_the_low_score(db, staff):
    case_id = scored(db, staff, 1)
    sv.reopen(db, staff.handler, case_id, reason="고객 불만 지속: 재조치")
    case = sv.get_case(db, staff.supervisor, case_id)
    assert case.status == "in_progress"
    assert case.winback_due is None
    assert queue_ids(db, staff, "low_satisfaction") == []


def test_the_win_back_steps_need_a_low_score(db, staff, clock):
    case_id = scored(db, staff, 5)
    with pytest.raises(IllegalTransition):
        sv.record_win_back(db, staff.supervisor, case_id, note="사과 전화")
    with pytest.raises(IllegalTransition):
        sv.schedule_follow_up(db, staff.supervisor, case_id, due_at=clock() + timedelta(days=3))
