"""A service says which cases it changed: the frame's ``Outcome.changed_cases`` is exactly the
cases its transaction wrote, so a window refreshes those and no other (a refresh of a case
reads personal data and is recorded as an access)."""

from __future__ import annotations

import dataclasses

from core import services as sv
from core.services.base import WHOLE_REGISTER, Outcome
from tests.conftest import intake


def _pending_compensation(db, staff, **overrides) -> tuple[int, int]:
    """A case in progress with an offer above the approval amount: (case id, offer id)."""
    ref = sv.receive_complaint(db, staff.clerk, intake(**overrides))
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.start_handling(db, staff.handler, ref.id)
    offer = sv.offer_compensation(db, staff.handler, ref.id, kind="refund", amount=500_000)
    return ref.id, offer


def test_receiving_a_complaint_changes_the_new_case(db, staff):
    done = sv.receive_complaint.run(db, staff.clerk, intake())
    assert isinstance(done, Outcome)
    assert done.changed_cases == {done.result.id}


def test_approving_on_one_case_changes_that_case_only(db, staff):
    a, offer = _pending_compensation(db, staff)
    b, _ = _pending_compensation(db, staff, subject="주차장 차단기가 고장났습니다")
    approved = sv.approve_compensation.run(db, staff.supervisor, offer, note="금액 적정")
    assert approved.result == offer
    assert approved.changed_cases == {a}
    assert approved.changed(a) and not approved.changed(b)


def test_rejecting_changes_the_offers_case(db, staff):
    a, offer = _pending_compensation(db, staff)
    rejected = sv.reject_compensation.run(db, staff.supervisor, offer, note="근거 부족")
    assert rejected.changed_cases == {a}


def test_reads_change_nothing(db, staff):
    a, _ = _pending_compensation(db, staff)
    # get_case writes an access record (it reads personal data) but changes no case.
    viewed = sv.get_case.run(db, staff.handler, a)
    assert viewed.result.id == a and viewed.changed_cases == frozenset()
    assert not viewed.changed_any
    counts = sv.queue_counts.run(db, staff.handler)
    assert counts.changed_cases == frozenset()


def test_a_returning_customer_changes_their_earlier_cases_too(db, staff):
    """A new intake may correct the customer's name: each of their cases shows it."""
    first = sv.receive_complaint(db, staff.clerk, intake())
    customer = sv.get_case(db, staff.clerk, first.id).customer
    again = intake(
        customer=dataclasses.replace(intake().customer, name="홍길순"),
        existing_customer_id=customer.id,
    )
    done = sv.receive_complaint.run(db, staff.clerk, again)
    assert done.changed_cases == {first.id, done.result.id}


def test_calling_a_service_still_returns_the_bare_result(db, staff):
    ref = sv.receive_complaint(db, staff.clerk, intake())
    assert isinstance(ref, sv.CaseRef)


def test_the_whole_register_is_not_a_case_id():
    everything = Outcome(None, WHOLE_REGISTER)
    assert everything.changed(1) and everything.changed(0) and everything.changed_any
    nothing = Outcome(None)
    assert not nothing.changed(0) and not nothing.changed_any
