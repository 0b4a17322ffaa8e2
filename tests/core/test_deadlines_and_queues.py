"""Deadlines on the business calendar, as a clerk reads them on the receipt, and the queues."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from core import services as sv
from core.errors import ValidationFailed
from tests.conftest import intake

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(*args: int) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


def office_hours_rule(db, staff) -> None:
    """The rule of releases before 0009: 24 office hours (still a choice in settings)."""
    sv.update_settings(db, staff.admin, ack_rule="business_hours")


def test_ack_due_is_24_business_hours_under_the_office_hours_rule(db, staff, clock):
    office_hours_rule(db, staff)
    clock.set(seoul(2026, 3, 9, 10, 0))  # Monday 10:00, office 09-18 (9 h a day)
    ref = sv.receive_complaint(db, staff.clerk, intake())
    assert ref.ack_due == seoul(2026, 3, 11, 16, 0)  # Wednesday 16:00
    assert ref.resolve_due == seoul(2026, 3, 18, 18, 0)  # 7 business days, end of day


def test_substitute_holiday_is_skipped(db, staff, clock):
    office_hours_rule(db, staff)
    # 2026-03-01 (삼일절) is a Sunday, so Monday 03-02 is a substitute holiday.
    clock.set(seoul(2026, 2, 27, 15, 0))  # Friday 15:00
    ref = sv.receive_complaint(db, staff.clerk, intake())
    assert ref.ack_due == seoul(2026, 3, 5, 12, 0)  # Fri 3 + Tue 9 + Wed 9 + Thu 3


def test_friday_afternoon_skips_the_weekend(db, staff, clock):
    office_hours_rule(db, staff)
    clock.set(seoul(2026, 3, 13, 15, 0))  # Friday
    ref = sv.receive_complaint(db, staff.clerk, intake())
    assert ref.ack_due == seoul(2026, 3, 18, 12, 0)  # Mon 9 + Tue 9 + Wed 3 after Fri's 3


def test_seollal_is_skipped(db, staff, clock):
    office_hours_rule(db, staff)
    # 설날 2027: Feb 6-8 (Sat-Mon) with the substitute holiday on Tuesday Feb 9.
    clock.set(seoul(2027, 2, 5, 17, 0))  # Friday 17:00, the last hour before the holidays
    ref = sv.receive_complaint(db, staff.clerk, intake())
    # 1 h on Friday, then Wed 10, Thu 11, Fri 12 — 9 h each: 1 + 9 + 9 = 19, 5 h on Fri 12.
    assert ref.ack_due == seoul(2027, 2, 12, 14, 0)


def test_chuseok_is_skipped(db, staff, clock):
    office_hours_rule(db, staff)
    # 추석 2026: Sep 24-26 (Thu-Sat), Sep 25 is a Friday holiday too.
    clock.set(seoul(2026, 9, 23, 9, 0))  # Wednesday 09:00
    ref = sv.receive_complaint(db, staff.clerk, intake(severity="important"))
    # Wed 9 h, then Mon 28 9 h and Tue 29 6 h: due Tue 29 15:00.
    assert ref.ack_due == seoul(2026, 9, 29, 15, 0)
    # important: 3 business days after Wed 23 -> Mon 28, Tue 29, Wed 30.
    assert ref.resolve_due == seoul(2026, 9, 30, 18, 0)


def test_office_hours_are_configurable(db, staff, clock):
    sv.update_settings(
        db,
        staff.admin,
        office_start="08:00",
        office_end="20:00",
        workdays=[0, 1, 2, 3, 4, 5],
        ack_rule="business_hours",
    )
    clock.set(seoul(2026, 3, 13, 15, 0))  # Friday 15:00; Saturdays open, 12 h days
    ref = sv.receive_complaint(db, staff.clerk, intake())
    assert ref.ack_due == seoul(2026, 3, 16, 15, 0)  # Fri 5 + Sat 12 + Mon 7


def test_friday_1700_is_due_monday_1700_by_default(db, staff, clock):
    clock.set(seoul(2026, 3, 13, 17, 0))  # Friday 17:00
    ref = sv.receive_complaint(db, staff.clerk, intake())
    assert ref.ack_due == seoul(2026, 3, 16, 17, 0)  # the same time on Monday
    assert sv.get_case(db, staff.clerk, ref.id).ack_rule == "next_business_day"


def test_an_office_closed_day_in_settings_moves_the_deadline(db, staff, clock):
    sv.update_settings(db, staff.admin, closed_days=[["2026-03-16", "사무소 창립기념일"]])
    clock.set(seoul(2026, 3, 13, 17, 0))  # Friday 17:00; Monday the office is closed
    ref = sv.receive_complaint(db, staff.clerk, intake())
    assert ref.ack_due == seoul(2026, 3, 17, 17, 0)  # Tuesday 17:00
    assert sv.get_settings(db, staff.clerk).closed_days == (("2026-03-16", "사무소 창립기념일"),)


def test_clock_hours_rule_counts_nights_and_weekends(db, staff, clock):
    sv.update_settings(db, staff.admin, ack_rule="clock_hours")
    clock.set(seoul(2026, 3, 13, 17, 0))
    ref = sv.receive_complaint(db, staff.clerk, intake())
    assert ref.ack_due == seoul(2026, 3, 14, 17, 0)  # Saturday 17:00


def test_received_after_hours_is_due_by_the_next_business_days_close(db, staff, clock):
    clock.set(seoul(2026, 3, 13, 22, 30))  # Friday night, a message left
    ref = sv.receive_complaint(db, staff.clerk, intake())
    assert ref.ack_due == seoul(2026, 3, 16, 18, 0)


def test_a_changed_rule_keeps_the_deadlines_already_given(db, staff, clock):
    clock.set(seoul(2026, 3, 13, 17, 0))
    ref = sv.receive_complaint(db, staff.clerk, intake())
    sv.update_settings(db, staff.admin, ack_rule="business_hours")
    d = sv.get_case(db, staff.clerk, ref.id)
    assert (d.ack_rule, d.ack_due) == ("next_business_day", seoul(2026, 3, 16, 17, 0))


@pytest.mark.parametrize(
    "bad",
    [[["2026-02-30", "없는 날"]], [["2026-03-16", ""]], "2026-03-16", [["x"]]],
)
def test_bad_closed_days_are_refused_with_a_reason(db, staff, bad):
    with pytest.raises(ValidationFailed) as e:
        sv.update_settings(db, staff.admin, closed_days=bad)
    assert [p.field for p in e.value.problems] == ["closed_days"]


def test_follow_up_due_after_resolution(db, staff, clock):
    clock.set(seoul(2026, 3, 9, 10, 0))
    ref = sv.receive_complaint(db, staff.clerk, intake())
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.record_action(db, staff.handler, ref.id, "fix", "수리")
    clock.set(seoul(2026, 3, 12, 11, 0))  # Thursday
    sv.resolve(db, staff.handler, ref.id, result="완료", told_channel="phone")
    case = sv.get_case(db, staff.handler, ref.id)
    assert case.followup_due == seoul(2026, 3, 17, 18, 0)  # 3 business days: Fri, Mon, Tue


def test_queues(db, staff, clock):
    office_hours_rule(db, staff)
    clock.set(seoul(2026, 3, 9, 10, 0))
    waiting = sv.receive_complaint(db, staff.clerk, intake())
    mine = sv.receive_complaint(db, staff.clerk, intake(assignee_id=staff.handler.user_id))
    sv.acknowledge(db, staff.clerk, mine.id)
    sv.record_action(db, staff.handler, mine.id, "investigation", "확인")
    pending = sv.offer_compensation(db, staff.handler, mine.id, kind="refund", amount=200_000)
    assert [r.id for r in sv.queue(db, staff.clerk, "awaiting_ack")] == [waiting.id]
    assert [r.id for r in sv.queue(db, staff.handler, "mine")] == [mine.id]
    assert [r.id for r in sv.queue(db, staff.supervisor, "pending_approval")] == [mine.id]
    assert sv.queue(db, staff.clerk, "overdue") == []
    # Wednesday 16:00 is the ack deadline: due today on Wednesday morning, overdue after.
    clock.set(seoul(2026, 3, 11, 9, 30))
    assert waiting.id in [r.id for r in sv.queue(db, staff.clerk, "due_today")]
    clock.set(seoul(2026, 3, 11, 16, 1))
    overdue = sv.queue(db, staff.clerk, "overdue")
    assert [r.id for r in overdue] == [waiting.id] and overdue[0].overdue
    counts = sv.queue_counts(db, staff.clerk)
    assert (
        counts["overdue"] == 1 and counts["awaiting_ack"] == 1 and counts["pending_approval"] == 1
    )
    sv.approve_compensation(db, staff.supervisor, pending)
    assert sv.queue(db, staff.supervisor, "pending_approval") == []


def test_small_compensation_needs_no_approval(db, staff):
    ref = sv.receive_complaint(db, staff.clerk, intake())
    sv.acknowledge(db, staff.clerk, ref.id)
    comp = sv.offer_compensation(db, staff.handler, ref.id, kind="service_credit", amount=100_000)
    case = sv.get_case(db, staff.handler, ref.id)
    assert [c.status for c in case.compensations if c.id == comp] == ["offered"]
    big = sv.offer_compensation(db, staff.handler, ref.id, kind="refund", amount=100_001)
    case = sv.get_case(db, staff.supervisor, ref.id)
    view = next(c for c in case.compensations if c.id == big)
    assert view.status == "pending_approval" and view.requires_approval
    assert "approve_compensation" in case.allowed_steps
    sv.approve_compensation(db, staff.supervisor, big, note="선례 범위 내")
    view = next(c for c in sv.get_case(db, staff.handler, ref.id).compensations if c.id == big)
    assert (view.status, view.decided_by_name) == ("offered", "박관리")
    assert view.decided_at == db.clock()


def test_repeat_complainant_lookup(db, staff, clock):
    first = sv.receive_complaint(db, staff.clerk, intake())
    matches = sv.find_customers(db, staff.clerk, phone="01012345678")
    assert len(matches) == 1 and [c.id for c in matches[0].earlier_cases] == [first.id]
    clock.advance(days=1)
    again = sv.receive_complaint(
        db, staff.clerk, intake(existing_customer_id=matches[0].customer.id)
    )
    matches = sv.find_customers(db, staff.clerk, email="HONG@example.com")
    assert [c.id for c in matches[0].earlier_cases] == [again.id, first.id]
    assert sv.find_customers(db, staff.clerk, phone="010-9999-0000") == []


def test_admin_sees_masked_contact_details(db, staff):
    ref = sv.receive_complaint(db, staff.clerk, intake())
    case = sv.get_case(db, staff.admin, ref.id)
    assert case.customer.masked and case.customer.phone == "010-1234-****"
    assert sv.get_case(db, staff.clerk, ref.id).customer.phone == "010-1234-5678"


def test_case_list_keyset_pages_cover_everything_once(db, staff, clock):
    ids = []
    for _ in range(7):
        clock.advance(minutes=10)
        ids.append(sv.receive_complaint(db, staff.clerk, intake()).id)
    seen, after = [], None
    while True:
        page = sv.list_cases(db, staff.clerk, after=after, limit=3)
        seen += [r.id for r in page.rows]
        if page.next_key is None:
            break
        after = page.next_key
    assert seen == list(reversed(ids))


def test_case_list_filters(db, staff):
    a = sv.receive_complaint(
        db, staff.clerk, intake(channel="phone", category_code="equipment.parking")
    )
    sv.receive_complaint(db, staff.clerk, intake(channel="visit", subject="엘리베이터 고장"))
    parking = sv.list_cases(db, staff.clerk, category_id=_cat(db, staff, "equipment"))
    assert [r.id for r in parking.rows] == [a.id]
    assert [r.id for r in sv.list_cases(db, staff.clerk, channel="phone").rows] == [a.id]
    assert len(sv.list_cases(db, staff.clerk, text="엘리베이터").rows) == 1


def _cat(db, staff, code):
    return next(c.id for c in sv.list_categories(db, staff.clerk) if c.code == code)


@pytest.mark.parametrize("when", [datetime(2026, 3, 10, 1, 0, tzinfo=UTC)])
def test_received_at_cannot_be_in_the_future(db, staff, when):
    with pytest.raises(ValidationFailed):
        sv.receive_complaint(db, staff.clerk, intake(received_at=when))
