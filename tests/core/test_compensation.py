"""Compensation carried to the end: options with amounts, the customer's choice or refusal
(with its reason), delivery (what, when, by whom, a reference), approval never by the one
who proposed it, and no case closed with a compensation left neither delivered nor declined.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core import services as sv
from core.db.models import AuditEvent, User
from core.errors import (
    IllegalTransition,
    RecordRulesNotMet,
    SelfApproval,
    ValidationFailed,
)
from core.procedure.limits import MAX_AMOUNT, MAX_LEN
from core.services.compensation import read_options
from core.store.audit import fingerprint
from core.words.messages import describe
from tests.conftest import PASSWORD, intake
from tests.documents.conftest import read_pdf

REFUND_OR_REPAIR = (("refund", 300_000), ("repair", 0))


def in_progress(db, staff) -> int:
    case_id = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, case_id)
    sv.record_action(db, staff.handler, case_id, "investigation", "현장 확인")
    return case_id


def comp_of(db, staff, case_id: int, comp_id: int):
    return next(
        c for c in sv.get_case(db, staff.supervisor, case_id).compensations if c.id == comp_id
    )


def problems(err: pytest.ExceptionInfo[ValidationFailed]) -> list[tuple[str, str]]:
    return [(p.field, p.reason) for p in err.value.problems]


def audit_events(db, comp_id: int) -> dict[str, dict]:
    with db.unit_of_work(write=False) as uow:
        rows = uow.session.execute(
            select(AuditEvent.action, AuditEvent.changes).where(
                AuditEvent.entity == "compensation", AuditEvent.entity_id == comp_id
            )
        ).all()
    return {action: json.loads(changes) for action, changes in rows}


def approved_offer(db, staff, case_id: int) -> int:
    """환불 300,000원 or 수리, approved by the supervisor (above the 100,000원 threshold)."""
    comp = sv.offer_compensation(
        db, staff.handler, case_id, options_offered=REFUND_OR_REPAIR, note="두 가지 제시"
    )
    sv.approve_compensation(db, staff.supervisor, comp, note="선례 범위")
    return comp


# ---------------------------------------------------------------- options and the choice


def test_the_customer_chooses_one_of_two_options(db, staff, clock):
    case_id = in_progress(db, staff)
    comp = sv.offer_compensation(db, staff.handler, case_id, options_offered=REFUND_OR_REPAIR)
    offered = comp_of(db, staff, case_id, comp)
    assert offered.options == REFUND_OR_REPAIR
    assert (offered.kind, offered.amount) == ("refund", 300_000)
    # The largest option decides whether a supervisor must approve.
    assert offered.status == "pending_approval"
    sv.approve_compensation(db, staff.supervisor, comp)
    clock.advance(hours=2)
    sv.record_compensation_choice(db, staff.handler, comp, kind="repair")
    chosen = comp_of(db, staff, case_id, comp)
    assert (chosen.status, chosen.customer_choice, chosen.chosen_amount) == (
        "accepted",
        "repair",
        0,
    )
    assert chosen.answered_at == clock.now and chosen.answered_by_name == "이처리"
    assert audit_events(db, comp)["compensation.accept"]["customer_choice"] == "repair"


def test_a_choice_made_before_approval_waits_for_it(db, staff, clock):
    """The customer may answer while the offer waits for a supervisor; nothing is given
    until it is approved, and the approval makes the choice final."""
    case_id = in_progress(db, staff)
    comp = sv.offer_compensation(db, staff.handler, case_id, options_offered=REFUND_OR_REPAIR)
    assert "record_compensation_outcome" in sv.get_case(db, staff.handler, case_id).allowed_steps
    sv.record_compensation_choice(db, staff.handler, comp, kind="refund", amount=300_000)
    waiting = comp_of(db, staff, case_id, comp)
    assert (waiting.status, waiting.customer_choice, waiting.chosen_amount) == (
        "pending_approval",
        "refund",
        300_000,
    )
    with pytest.raises(IllegalTransition) as err:  # not delivered before approval
        sv.deliver_compensation(db, staff.handler, comp, ref="TX-1")
    assert err.value.facts["comp_status"] == "pending_approval"
    assert "승인 대기" in describe(err.value)
    with pytest.raises(IllegalTransition):  # the choice is made once
        sv.record_compensation_choice(db, staff.handler, comp, kind="repair")
    sv.approve_compensation(db, staff.supervisor, comp)
    approved = comp_of(db, staff, case_id, comp)
    assert (approved.status, approved.customer_choice) == ("accepted", "refund")
    sv.deliver_compensation(db, staff.handler, comp, ref="TX-1")
    assert comp_of(db, staff, case_id, comp).status == "delivered"


def test_a_choice_must_be_one_of_the_options(db, staff):
    case_id = in_progress(db, staff)
    comp = approved_offer(db, staff, case_id)
    with pytest.raises(ValidationFailed) as err:
        sv.record_compensation_choice(db, staff.handler, comp, kind="exchange")
    assert problems(err) == [("customer_choice", "not_offered")]
    with pytest.raises(ValidationFailed) as err:
        sv.record_compensation_choice(db, staff.handler, comp, kind="refund", amount=500_000)
    assert problems(err) == [("customer_choice", "not_offered")]
    with pytest.raises(ValidationFailed) as err:  # two options: which one must be said
        sv.record_compensation_choice(db, staff.handler, comp)
    assert problems(err) == [("customer_choice", "required")]
    assert comp_of(db, staff, case_id, comp).status == "offered"
    sv.record_compensation_choice(db, staff.handler, comp, kind="refund", amount=300_000)
    assert comp_of(db, staff, case_id, comp).chosen_amount == 300_000


def test_bare_kinds_are_still_options_and_the_old_shape_reads(db, staff):
    case_id = in_progress(db, staff)
    comp = sv.offer_compensation(
        db,
        staff.handler,
        case_id,
        kind="service_credit",
        amount=50_000,
        options_offered=("service_credit", "apology"),
    )
    view = comp_of(db, staff, case_id, comp)
    assert view.options == (("service_credit", 50_000), ("apology", None))
    assert view.options_offered == ("service_credit", "apology")
    assert view.status == "offered"  # 50,000원 is within the threshold
    # What releases before options had amounts stored: a list of kinds.
    assert read_options('["refund", "repair"]', "refund", 30_000) == (
        ("refund", 30_000),
        ("repair", None),
    )
    assert read_options("[]", "apology", 0) == (("apology", 0),)


# ---------------------------------------------------------------- declined


def test_an_amount_past_the_limit_is_refused_in_words_on_every_database(db, staff):
    """2,147,483,648 won reached PostgreSQL's INTEGER column and failed there; the door
    refuses it first, as it refuses any amount past 20억 원."""
    case_id = in_progress(db, staff)
    for amount in (MAX_AMOUNT + 1, 2_147_483_648):
        with pytest.raises(ValidationFailed) as refused:
            sv.offer_compensation(db, staff.handler, case_id, kind="refund", amount=amount)
        assert "허용 범위" in describe(refused.value)
    comp_id = sv.offer_compensation(db, staff.handler, case_id, kind="refund", amount=MAX_AMOUNT)
    assert comp_of(db, staff, case_id, comp_id).amount == MAX_AMOUNT


def test_a_bare_first_option_takes_the_amount_given_with_the_proposal(db, staff):
    case_id = in_progress(db, staff)
    comp_id = sv.offer_compensation(
        db, staff.handler, case_id, amount=50_000, options_offered=["refund", "repair"]
    )
    comp = comp_of(db, staff, case_id, comp_id)
    assert (comp.kind, comp.amount) == ("refund", 50_000)


def test_declining_needs_a_reason(db, staff):
    case_id = in_progress(db, staff)
    comp = approved_offer(db, staff, case_id)
    for blank in ("", "   "):
        with pytest.raises(ValidationFailed) as err:
            sv.decline_compensation(db, staff.handler, comp, reason=blank)
        assert problems(err) == [("decline_reason", "required")]
    with pytest.raises(ValidationFailed):  # the old door asks for the reason too
        sv.record_compensation_outcome(db, staff.handler, comp, outcome="declined")
    assert comp_of(db, staff, case_id, comp).status == "offered"
    sv.decline_compensation(db, staff.handler, comp, reason="현금 대신 사과만 원함")
    view = comp_of(db, staff, case_id, comp)
    assert (view.status, view.decline_reason) == ("declined", "현금 대신 사과만 원함")
    assert view.answered_by_name == "이처리"
    assert audit_events(db, comp)["compensation.decline"]["decline_reason"] == fingerprint(
        "현금 대신 사과만 원함"
    )
    # A declined offer is settled: nothing is left to deliver.
    with pytest.raises(IllegalTransition):
        sv.deliver_compensation(db, staff.handler, comp)
    assert sv.get_case(db, staff.handler, case_id).record_rules.compensation_settled


# ---------------------------------------------------------------- delivered


def test_delivery_records_what_when_who_and_a_reference(db, staff, clock):
    case_id = in_progress(db, staff)
    comp = approved_offer(db, staff, case_id)
    sv.record_compensation_choice(db, staff.handler, comp, kind="refund")
    paid_at = clock.now + timedelta(minutes=30)
    clock.advance(hours=3)
    sv.deliver_compensation(
        db,
        staff.supervisor,
        comp,
        note="계좌 이체로 환불",
        delivered_at=paid_at,
        ref="TX-20260309-0042",
    )
    view = comp_of(db, staff, case_id, comp)
    assert view.status == "delivered"
    assert view.settled_at == paid_at
    assert (view.delivered_by_name, view.delivery_ref, view.delivery_note) == (
        "박관리",
        "TX-20260309-0042",
        "계좌 이체로 환불",
    )
    assert (view.customer_choice, view.chosen_amount) == ("refund", 300_000)
    event = audit_events(db, comp)["compensation.deliver"]
    assert event["delivery_ref"] == "TX-20260309-0042" and event["chosen_amount"] == 300_000
    timeline = [
        e.subtype
        for e in sv.get_case(db, staff.handler, case_id).timeline
        if e.kind == "compensation"
    ]
    assert timeline == ["offer", "approved", "accepted", "delivered"]


def test_delivery_defaults_to_now_and_never_in_the_future(db, staff, clock):
    case_id = in_progress(db, staff)
    comp = sv.offer_compensation(db, staff.handler, case_id, kind="apology")
    with pytest.raises(ValidationFailed) as err:
        sv.deliver_compensation(db, staff.handler, comp, delivered_at=clock.now + timedelta(days=1))
    assert problems(err) == [("delivered_at", "in_future")]
    with pytest.raises(ValidationFailed) as err:
        sv.deliver_compensation(db, staff.handler, comp, delivered_at=clock.now - timedelta(days=1))
    assert problems(err) == [("delivered_at", "before_offer")]
    too_long = "가" * (MAX_LEN["compensation.delivery_ref"] + 1)
    with pytest.raises(ValidationFailed) as err:
        sv.deliver_compensation(db, staff.handler, comp, ref=too_long)
    assert problems(err) == [("delivery_ref", "too_long")]
    clock.advance(minutes=10)
    # One option: the offer itself is the customer's choice.
    sv.deliver_compensation(db, staff.handler, comp)
    view = comp_of(db, staff, case_id, comp)
    assert (view.status, view.settled_at, view.customer_choice) == (
        "delivered",
        clock.now,
        "apology",
    )


def test_delivering_before_the_customer_chose_is_refused(db, staff):
    case_id = in_progress(db, staff)
    comp = approved_offer(db, staff, case_id)
    with pytest.raises(ValidationFailed) as err:
        sv.deliver_compensation(db, staff.handler, comp, note="환불")
    assert problems(err) == [("customer_choice", "choose_first")]
    assert comp_of(db, staff, case_id, comp).status == "offered"
    pending = sv.offer_compensation(db, staff.handler, case_id, kind="refund", amount=900_000)
    with pytest.raises(IllegalTransition):
        sv.deliver_compensation(db, staff.handler, pending)


# ---------------------------------------------------------------- proposer is not approver


def big_offer_by_supervisor(db, staff) -> tuple[int, int]:
    case_id = in_progress(db, staff)
    return case_id, sv.offer_compensation(
        db, staff.supervisor, case_id, kind="refund", amount=500_000
    )


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_a_supervisor_cannot_decide_on_their_own_proposal(db, staff, decide):
    case_id, comp = big_offer_by_supervisor(db, staff)
    assert comp_of(db, staff, case_id, comp).self_approval == "refused"
    with pytest.raises(SelfApproval) as err:
        if decide == "approve":
            sv.approve_compensation(db, staff.supervisor, comp, override_reason="급함")
        else:
            sv.reject_compensation(db, staff.supervisor, comp, note="과다")
    assert err.value.code == "self_approval"
    assert "본인이 제안한 보상" in describe(err.value)
    view = comp_of(db, staff, case_id, comp)
    assert (view.status, view.decided_by_name) == ("pending_approval", None)
    # Someone else sees nothing in the way.
    other = sv.get_case(db, staff.admin, case_id).compensations[0]
    assert other.self_approval is None


def test_an_admin_may_approve_a_supervisors_proposal(db, staff):
    case_id, comp = big_offer_by_supervisor(db, staff)
    sv.approve_compensation(db, staff.admin, comp, note="확인함")
    view = comp_of(db, staff, case_id, comp)
    assert (view.status, view.decided_by_name, view.approval_override) == (
        "offered",
        "관리자",
        None,
    )


def test_another_supervisor_may_approve(db, staff):
    case_id, comp = big_offer_by_supervisor(db, staff)
    sv.create_user(
        db,
        staff.admin,
        username="second",
        display_name="최관리",
        role="supervisor",
        password=PASSWORD,
    )
    second = sv.login(db, "second", PASSWORD)
    sv.reject_compensation(db, second, comp, note="선례보다 과다")
    view = comp_of(db, staff, case_id, comp)
    assert (view.status, view.decided_by_name) == ("rejected", "최관리")


@pytest.mark.edits_past_the_app
def test_a_sole_supervisor_decides_only_with_a_recorded_override(db, staff):
    # The office's only account that may approve: the admin is gone.
    with db.unit_of_work() as uow:
        uow.session.execute(update(User).where(User.id == staff.admin.user_id).values(active=False))
        uow.commit()
    case_id, comp = big_offer_by_supervisor(db, staff)
    assert comp_of(db, staff, case_id, comp).self_approval == "override"
    with pytest.raises(SelfApproval) as err:
        sv.approve_compensation(db, staff.supervisor, comp)
    assert err.value.code == "sole_approver"
    assert "사유" in describe(err.value)
    sv.approve_compensation(
        db, staff.supervisor, comp, note="선례 범위", override_reason="관리자 1인 사무소"
    )
    view = comp_of(db, staff, case_id, comp)
    assert (view.status, view.decided_by_name, view.approval_override) == (
        "offered",
        "박관리",
        "관리자 1인 사무소",
    )
    assert audit_events(db, comp)["compensation.approve"]["approval_override"] == fingerprint(
        "관리자 1인 사무소"
    )


# ---------------------------------------------------------------- closing and the letter


def test_closing_is_refused_while_an_approved_compensation_is_undelivered(db, staff):
    case_id = in_progress(db, staff)
    comp = approved_offer(db, staff, case_id)
    sv.record_compensation_choice(db, staff.handler, comp, kind="refund")
    sv.resolve(db, staff.handler, case_id, result="환불 결정", told_channel="phone")
    sv.record_follow_up(db, staff.clerk, case_id, channel="phone", outcome="확인", satisfaction=4)
    with pytest.raises(RecordRulesNotMet) as err:
        sv.close(db, staff.handler, case_id)
    assert tuple(err.value.missing) == ("compensation_settled",)
    assert sv.get_case(db, staff.handler, case_id).status == "resolved"
    sv.deliver_compensation(db, staff.handler, comp, ref="TX-1")
    sv.close(db, staff.handler, case_id)
    assert sv.get_case(db, staff.handler, case_id).status == "closed"


def test_the_letter_prints_what_was_chosen_and_delivered(db, staff):
    case_id = in_progress(db, staff)
    comp = approved_offer(db, staff, case_id)
    sv.record_compensation_choice(db, staff.handler, comp, kind="repair")
    sv.deliver_compensation(db, staff.handler, comp, note="보일러 부품 교체", ref="AS-77")
    sv.resolve(db, staff.handler, case_id, result="보일러 수리 완료", told_channel="phone")
    _, text = read_pdf(sv.result_letter_pdf(db, staff.handler, case_id))
    flat = text.replace("\n", " ")
    assert "수리" in flat and "2026년 03월 09일 지급·이행 완료" in flat
    # The customer chose repair: the refund proposed first is not their compensation.
    assert "환불" not in flat and "300,000" not in flat
    _, text = read_pdf(sv.case_file_pdf(db, staff.supervisor, case_id))
    flat = text.replace("\n", " ")
    for fact in ("환불 300,000원", "수리", "박관리", "AS-77", "보일러 부품 교체", "지급·이행 완료"):
        assert fact in flat, fact
