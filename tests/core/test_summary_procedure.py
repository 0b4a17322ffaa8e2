"""The summary's figures of the whole procedure: acknowledgement under the office's rule and
within 24 clock hours, compensation by outcome, waiting for the customer, follow-ups without
an answer and low scores, and the improvements of the period. Each against a ledger of what
the test did, from kept months as from the cases, and in the printed summary."""

from __future__ import annotations

import io
from dataclasses import asdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from core import services as sv
from core.db.models import Improvement, ImprovementCase, StatusChange
from tests.conftest import intake, past_the_app

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(*args: int) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


def fresh(db, actor, period: str):
    """The figures computed from the cases alone, nothing kept."""
    with past_the_app(db) as conn:
        conn.execute(text("DELETE FROM summary_months"))
    return sv.period_summary(db, actor, period)


def pdf_text(db, actor, period: str) -> str:
    data = sv.summary_pdf(db, actor, period)
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def receive(db, staff, clock, at: datetime) -> int:
    clock.set(at)
    return sv.receive_complaint(db, staff.clerk, intake()).id


def acknowledge_at(db, staff, clock, case_id: int, at: datetime) -> None:
    clock.set(at)
    sv.acknowledge(db, staff.clerk, case_id)


def test_acknowledgement_under_the_rule_and_within_24_clock_hours(db, staff, clock):
    # Friday 17:00, acknowledged Monday 16:00: by the deadline it was given (Monday 17:00),
    # but 71 hours on the clock.
    friday = receive(db, staff, clock, seoul(2026, 3, 13, 17, 0))
    acknowledge_at(db, staff, clock, friday, seoul(2026, 3, 16, 16, 0))
    # Monday 10:00, acknowledged at 11:00: both.
    monday = receive(db, staff, clock, seoul(2026, 3, 16, 10, 0))
    acknowledge_at(db, staff, clock, monday, seoul(2026, 3, 16, 11, 0))
    # Wednesday 10:00, acknowledged Thursday 10:00 exactly: both, to the minute.
    wednesday = receive(db, staff, clock, seoul(2026, 3, 18, 10, 0))
    acknowledge_at(db, staff, clock, wednesday, seoul(2026, 3, 19, 10, 0))
    # Tuesday 10:00, never acknowledged: missed under both.
    receive(db, staff, clock, seoul(2026, 3, 17, 10, 0))
    # Under the office-hours rule (24 office hours: due Friday 16:00), acknowledged on
    # Thursday 14:00: on time by its own deadline, not within 24 hours.
    sv.update_settings(db, staff.admin, ack_rule="business_hours")
    old_rule = receive(db, staff, clock, seoul(2026, 3, 17, 14, 0))
    acknowledge_at(db, staff, clock, old_rule, seoul(2026, 3, 19, 14, 0))
    clock.set(seoul(2026, 4, 10, 10, 0))

    s = sv.period_summary(db, staff.supervisor, "2026-03")
    assert s.ack_within_rule_rate == round(4 / 5, 4)
    assert s.ack_within_24_clock_hours_rate == round(2 / 5, 4)
    again = sv.period_summary(db, staff.supervisor, "2026-03")  # from the kept month
    assert asdict(again) == asdict(s) == asdict(fresh(db, staff.supervisor, "2026-03"))
    year = sv.period_summary(db, staff.supervisor, "2026")
    assert (year.ack_within_rule_rate, year.ack_within_24_clock_hours_rate) == (0.8, 0.4)
    printed = pdf_text(db, staff.supervisor, "2026-03")
    assert "각 사건에 안내한 기한 내" in printed and "80.0%" in printed
    assert "24시간 내 (시계 기준" in printed and "40.0%" in printed


def test_an_unacknowledged_case_counts_against_the_clock_only_after_24_hours(db, staff, clock):
    receive(db, staff, clock, seoul(2026, 3, 31, 20, 0))  # Tuesday night, the month's end
    clock.set(seoul(2026, 4, 1, 10, 0))  # 14 hours on: not yet missed on either count
    s = sv.period_summary(db, staff.supervisor, "2026-03")
    assert (s.ack_within_rule_rate, s.ack_within_24_clock_hours_rate) == (None, None)
    clock.set(seoul(2026, 4, 2, 10, 0))  # 38 hours: missed on the clock; due Wed 18:00
    s = sv.period_summary(db, staff.supervisor, "2026-03")
    # The month's summary is as of its end: at 31 March 24:00 neither had passed yet.
    assert (s.ack_within_rule_rate, s.ack_within_24_clock_hours_rate) == (None, None)
    year = sv.period_summary(db, staff.supervisor, "2026")  # as of now
    assert (year.ack_within_rule_rate, year.ack_within_24_clock_hours_rate) == (0.0, 0.0)


def _settle(db, comp_id: int, status: str, choice: str | None = None, amount: int | None = None):
    """The customer's answer as the compensation steps record it (their own tests cover
    the steps; the summary reads the columns)."""
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE compensations SET status = :s, customer_choice = :c, "
                "chosen_amount = :a WHERE id = :id"
            ),
            {"s": status, "c": choice, "a": amount, "id": comp_id},
        )


def _handled(db, staff, clock, at: datetime) -> int:
    case_id = receive(db, staff, clock, at)
    sv.acknowledge(db, staff.clerk, case_id)
    sv.record_action(db, staff.handler, case_id, "fix", "조치")
    return case_id


@pytest.mark.edits_past_the_app
def test_compensation_offered_accepted_delivered_and_declined_by_kind(db, staff, clock):
    a = _handled(db, staff, clock, seoul(2026, 3, 10, 10, 0))
    chose_repair = sv.offer_compensation(
        db, staff.handler, a, kind="refund", amount=30_000, options_offered=("refund", "repair")
    )
    _settle(db, chose_repair, "delivered", "repair", 20_000)
    b = _handled(db, staff, clock, seoul(2026, 3, 11, 10, 0))
    declined = sv.offer_compensation(db, staff.handler, b, kind="refund", amount=50_000)
    _settle(db, declined, "declined")
    c = _handled(db, staff, clock, seoul(2026, 3, 12, 10, 0))
    sv.offer_compensation(db, staff.handler, c, kind="exchange", amount=10_000)  # not yet answered
    accepted = sv.offer_compensation(db, staff.handler, c, kind="service_credit", amount=5_000)
    _settle(db, accepted, "accepted", "service_credit", 5_000)
    pending = sv.offer_compensation(db, staff.handler, c, kind="refund", amount=500_000)
    assert pending  # above the approval amount: not offered to anyone yet
    clock.set(seoul(2026, 4, 10, 10, 0))

    s = sv.period_summary(db, staff.supervisor, "2026-03")

    def n(count: int, amount: int) -> dict[str, int]:
        return {"count": count, "amount": amount}

    zero = n(0, 0)
    assert s.compensation_outcomes == {
        "refund": {
            "offered": n(2, 80_000),
            "accepted": zero,
            "delivered": zero,
            "declined": n(1, 50_000),
        },
        # Chosen among the options: counted under what the customer took, at the agreed sum.
        "repair": {
            "offered": zero,
            "accepted": n(1, 20_000),
            "delivered": n(1, 20_000),
            "declined": zero,
        },
        "exchange": {
            "offered": n(1, 10_000),
            "accepted": zero,
            "delivered": zero,
            "declined": zero,
        },
        "service_credit": {
            "offered": n(1, 5_000),
            "accepted": n(1, 5_000),
            "delivered": zero,
            "declined": zero,
        },
    }
    assert asdict(s) == asdict(fresh(db, staff.supervisor, "2026-03"))
    printed = pdf_text(db, staff.supervisor, "2026-03")
    for words in ("지급·이행", "수락 (고객 선택)", "거절", "2 / 80,000", "1 / 20,000"):
        assert words in printed


def _wait(db, case_id: int, at: datetime, *, now_waiting: bool) -> None:
    """Waiting for the customer as the waiting step records it: a status change to
    ``waiting`` (and the case's status while it lasts)."""
    with db.unit_of_work() as uow:
        uow.session.add(
            StatusChange(
                case_id=case_id,
                from_status="in_progress",
                to_status="waiting",
                reason="서류 대기",
                at=at,
                by_name="이처리",
            )
        )
        uow.session.execute(
            text("UPDATE cases SET status = :s WHERE id = :id"),
            {"s": "waiting" if now_waiting else "in_progress", "id": case_id},
        )
        uow.commit()


@pytest.mark.edits_past_the_app
def test_cases_that_waited_for_the_customer_and_those_waiting_now(db, staff, clock):
    waited = _handled(db, staff, clock, seoul(2026, 3, 10, 10, 0))
    waiting = _handled(db, staff, clock, seoul(2026, 3, 11, 10, 0))
    _handled(db, staff, clock, seoul(2026, 3, 12, 10, 0))  # never waited
    april = _handled(db, staff, clock, seoul(2026, 4, 1, 10, 0))
    _wait(db, waited, seoul(2026, 3, 12, 10, 0), now_waiting=False)
    _wait(db, waited, seoul(2026, 3, 20, 10, 0), now_waiting=False)  # twice: one case
    _wait(db, waiting, seoul(2026, 3, 13, 10, 0), now_waiting=True)
    _wait(db, april, seoul(2026, 4, 2, 10, 0), now_waiting=True)
    clock.set(seoul(2026, 4, 10, 10, 0))
    s = sv.period_summary(db, staff.supervisor, "2026-03")
    assert (s.waited_for_customer, s.waiting_now) == (2, 1)
    year = sv.period_summary(db, staff.supervisor, "2026")
    assert (year.waited_for_customer, year.waiting_now) == (3, 2)
    assert asdict(s) == asdict(fresh(db, staff.supervisor, "2026-03"))
    assert "고객 회신 대기를 거친 사건" in pdf_text(db, staff.supervisor, "2026-03")


def _followed_up(db, staff, clock, at: datetime, score: int | None) -> int:
    case_id = _handled(db, staff, clock, at)
    sv.resolve(db, staff.handler, case_id, result="완료", told_channel="phone")
    sv.record_follow_up(
        db, staff.clerk, case_id, channel="phone", outcome="통화", satisfaction=score
    )
    return case_id


def test_no_answer_is_counted_apart_from_the_scores_and_low_scores_counted(db, staff, clock):
    for day, score in enumerate([5, 4, 3, 2, 1, None, None], start=2):
        _followed_up(db, staff, clock, seoul(2026, 3, day, 10, 0), score)
    _handled(db, staff, clock, seoul(2026, 3, 20, 10, 0))  # not followed up yet: neither
    clock.set(seoul(2026, 4, 10, 10, 0))
    s = sv.period_summary(db, staff.supervisor, "2026-03")
    assert s.satisfaction_distribution == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}
    assert (s.satisfaction_answered, s.satisfaction_no_answer) == (5, 2)
    assert s.satisfaction_mean == 3.0  # the unanswered are no score, not a 5
    assert (s.winback_score, s.low_satisfaction) == (2, 2)
    assert "응답 5건 · 응답 없음 2건 · 2점 이하(만족도 낮음) 2건" in pdf_text(
        db, staff.supervisor, "2026-03"
    )
    sv.update_settings(db, staff.admin, winback_score=3)
    s = sv.period_summary(db, staff.supervisor, "2026-03")
    assert (s.winback_score, s.low_satisfaction) == (3, 3)
    assert asdict(s) == asdict(fresh(db, staff.supervisor, "2026-03"))


def _improvement(db, title: str, created: datetime, *, status: str, cases: list[int], **more):
    with db.unit_of_work() as uow:
        imp = Improvement(
            title=title,
            root_cause="원인",
            preventive_action="조치",
            status=status,
            kind=more.pop("kind", "corrective"),
            created_at=created,
            created_by_name="박관리",
            **more,
        )
        uow.session.add(imp)
        uow.session.flush()
        for case_id in cases:
            uow.session.add(ImprovementCase(improvement_id=imp.id, case_id=case_id))
        uow.commit()
        return imp.id


@pytest.mark.edits_past_the_app
def test_the_improvements_of_the_period_with_their_cases(db, staff, clock):
    one = _handled(db, staff, clock, seoul(2026, 2, 10, 10, 0))
    two = _handled(db, staff, clock, seoul(2026, 3, 10, 10, 0))
    three = _handled(db, staff, clock, seoul(2026, 3, 11, 10, 0))
    _improvement(db, "주차장 조명 교체", seoul(2026, 3, 12, 9, 0), status="open", cases=[two])
    _improvement(
        db,
        "야간 소음 안내문",
        seoul(2026, 2, 11, 9, 0),
        status="done",
        cases=[one, two, three],
        kind="preventive",
        closed_at=seoul(2026, 3, 20, 9, 0),
    )
    _improvement(
        db,
        "경비 교대 인수인계",
        seoul(2026, 1, 5, 9, 0),
        status="verified",
        cases=[one],
        closed_at=seoul(2026, 2, 1, 9, 0),
        verified_at=seoul(2026, 3, 25, 9, 0),
    )
    _improvement(db, "2월의 다른 조치", seoul(2026, 2, 3, 9, 0), status="open", cases=[])
    clock.set(seoul(2026, 4, 10, 10, 0))
    s = sv.period_summary(db, staff.supervisor, "2026-03")
    assert (s.improvements_opened, s.improvements_closed, s.improvements_verified) == (1, 1, 1)
    listed = {
        i["title"]: (i["kind"], i["status"], i["opened"], i["completed"], i["verified"], i["cases"])
        for i in s.improvements
    }
    assert listed == {
        "경비 교대 인수인계": ("corrective", "verified", None, None, "2026-03-25", 1),
        "야간 소음 안내문": ("preventive", "done", None, "2026-03-20", None, 3),
        "주차장 조명 교체": ("corrective", "open", "2026-03-12", None, None, 1),
    }
    printed = pdf_text(db, staff.supervisor, "2026-03")
    for words in ("7. 개선 조치", "야간 소음 안내문", "예방 조치", "완료 03-20", "효과 확인 03-25"):
        assert words in printed
    assert "2월의 다른 조치" not in printed
    empty = pdf_text(db, staff.supervisor, "2026-05")
    assert "개선 조치가 없습니다" in empty


def test_the_json_of_the_summary_carries_every_new_figure(db, staff, clock):
    _followed_up(db, staff, clock, seoul(2026, 3, 2, 10, 0), None)
    clock.set(seoul(2026, 3, 2, 10, 0) + timedelta(days=30))
    data = sv.period_summary(db, staff.supervisor, "2026-03").as_json()
    for key in (
        "ack_within_rule_rate",
        "ack_within_24_clock_hours_rate",
        "compensation_outcomes",
        "waited_for_customer",
        "waiting_now",
        "satisfaction_answered",
        "satisfaction_no_answer",
        "low_satisfaction",
        "improvements_verified",
        "improvements",
    ):
        assert key in data
    assert data["satisfaction_no_answer"] == 1
