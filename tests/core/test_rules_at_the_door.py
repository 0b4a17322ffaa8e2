"""The procedure's rules are kept at the door: every service that changes a case accepts
exactly what the step table the windows offer from (core.procedure.steps.STEPS) allows.

Every (status, step) pair is walked with the least role that holds the step's permission: a
pair the table offers is accepted, a pair it does not is refused and changes nothing. Where a
step needs more than a status, the case is brought there too:

- ``close`` needs the four record rules: the resolved case has its follow-up recorded;
- ``record_follow_up`` / ``waive_follow_up`` need a follow-up due: resolving schedules one;
- ``record_win_back`` / ``schedule_follow_up`` need a low score pending: the resolved case's
  follow-up is scored 1;
- a case waits for the customer (고객 회신 대기) from 접수확인, with an offer made first when
  the step needs one;
- ``approve_compensation`` needs an offer awaiting approval (above the office's threshold),
  ``record_compensation_outcome`` an offer made: both are made once the case is
  acknowledged. A received case cannot hold an offer (offering takes an acknowledged case,
  and no step leads back to 접수), so those two pairs cannot arise and are not walked.

Also: a category is required at the counter, and only handlers and supervisors can be given
a case.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from core import services as sv
from core.db.models import Case
from core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from core.procedure.enums import Role, Status
from core.procedure.permissions import allows
from core.procedure.steps import ASSIGNABLE_ROLES, STEPS, allowed_steps, step_applies
from core.services.base import Service
from tests.conftest import intake

LEAST_FIRST = ("clerk", "handler", "supervisor")
# Above any approval threshold an office can set: the offer waits for a supervisor.
PENDING_AMOUNT = 1_000_000_001


@dataclass
class Target:
    """A case brought into a status, with the ids a step's call needs."""

    case_id: int
    version: int
    comp_id: int | None = None


Call = Callable[[Any, Any, Any, Target], object]

# step -> the services that are its door, each as a call that needs nothing but the status
# and the step's precondition to succeed.
DOORS: dict[str, dict[str, Call]] = {
    "edit": {
        "update_case": lambda db, a, s, t: sv.update_case(
            db, a, t.case_id, sv.CaseEdit(subject="제목 고침"), expected_version=t.version
        )
    },
    "assign": {"assign": lambda db, a, s, t: sv.assign(db, a, t.case_id, s.handler.user_id)},
    "acknowledge": {"acknowledge": lambda db, a, s, t: sv.acknowledge(db, a, t.case_id)},
    "start_handling": {"start_handling": lambda db, a, s, t: sv.start_handling(db, a, t.case_id)},
    "wait_for_customer": {
        "wait_for_customer": lambda db, a, s, t: sv.wait_for_customer(
            db, a, t.case_id, reason="서류 대기", waiting_until=db.clock() + timedelta(days=3)
        )
    },
    "resume": {"resume": lambda db, a, s, t: sv.resume(db, a, t.case_id)},
    "record_action": {
        "record_action": lambda db, a, s, t: sv.record_action(db, a, t.case_id, "note", "메모")
    },
    "log_contact": {
        "log_contact": lambda db, a, s, t: sv.log_contact(
            db, a, t.case_id, direction="inbound", channel="phone", summary="진행 문의"
        )
    },
    "offer_compensation": {
        "offer_compensation": lambda db, a, s, t: sv.offer_compensation(
            db, a, t.case_id, kind="apology"
        )
    },
    "record_compensation_outcome": {
        "record_compensation_outcome": lambda db, a, s, t: sv.record_compensation_outcome(
            db, a, t.comp_id, outcome="accepted"
        ),
        # The customer's answer and the delivery: one step of the table, three doors.
        "record_compensation_choice": lambda db, a, s, t: sv.record_compensation_choice(
            db, a, t.comp_id
        ),
        "decline_compensation": lambda db, a, s, t: sv.decline_compensation(
            db, a, t.comp_id, reason="현금 대신 수리 원함"
        ),
        "deliver_compensation": lambda db, a, s, t: sv.deliver_compensation(
            db, a, t.comp_id, note="사과문 전달"
        ),
    },
    "resolve": {
        "resolve": lambda db, a, s, t: sv.resolve(
            db, a, t.case_id, result="완료", told_channel="phone"
        )
    },
    "record_follow_up": {
        "record_follow_up": lambda db, a, s, t: sv.record_follow_up(
            db, a, t.case_id, channel="phone", outcome="확인", satisfaction=4
        )
    },
    "waive_follow_up": {
        "waive_follow_up": lambda db, a, s, t: sv.waive_follow_up(
            db, a, t.case_id, reason="연락 거부"
        )
    },
    "record_win_back": {
        "record_win_back": lambda db, a, s, t: sv.record_win_back(
            db, a, t.case_id, note="사과 전화"
        )
    },
    "schedule_follow_up": {
        "schedule_follow_up": lambda db, a, s, t: sv.schedule_follow_up(
            db, a, t.case_id, due_at=db.clock() + timedelta(days=7)
        )
    },
    "close": {"close": lambda db, a, s, t: sv.close(db, a, t.case_id)},
    "close_invalid": {
        "close_invalid": lambda db, a, s, t: sv.close_invalid(db, a, t.case_id, reason="중복")
    },
    "withdraw": {"withdraw": lambda db, a, s, t: sv.withdraw(db, a, t.case_id, reason="철회")},
    "reopen": {"reopen": lambda db, a, s, t: sv.reopen(db, a, t.case_id, reason="재확인")},
    "reopen_closed": {"reopen": lambda db, a, s, t: sv.reopen(db, a, t.case_id, reason="재확인")},
    "backdate": {
        "backdate_received": lambda db, a, s, t: sv.backdate_received(
            db,
            a,
            t.case_id,
            sv.get_case(db, s.supervisor, t.case_id).received_at - timedelta(hours=1),
            reason="전산 장애 중 종이 접수",
            expected_version=t.version,
        )
    },
    "approve_compensation": {
        "approve_compensation": lambda db, a, s, t: sv.approve_compensation(db, a, t.comp_id),
        "reject_compensation": lambda db, a, s, t: sv.reject_compensation(
            db, a, t.comp_id, note="과다"
        ),
    },
}

# Services that write about an existing case without being a step of the procedure, and why.
_READS = "reading or printing a case writes only who read it (the access record)"
NOT_A_STEP = {
    "link_improvement": "an improvement may cite any case, closed ones above all",
    "unlink_improvement": "a case linked by mistake comes off whatever the case's state",
    "get_case": _READS,
    "case_file_data": _READS,
    "case_file_pdf": _READS,
    "receipt_pdf": _READS,
    "intake_form_pdf": _READS,
    "result_letter_pdf": _READS,
}

# The offer a step's precondition needs.
OFFER_FOR = {"approve_compensation": "pending", "record_compensation_outcome": "offered"}
# The steps that answer a low follow-up score.
WIN_BACK_STEPS = ("record_win_back", "schedule_follow_up")
UNREACHABLE = {
    (Status.RECEIVED, "approve_compensation"),
    (Status.RECEIVED, "record_compensation_outcome"),
}


def least_role(step: str) -> str:
    _, permission = STEPS[step]
    return next(r for r in LEAST_FIRST if allows(Role(r), permission))


def door_steps(service: str) -> tuple[str, ...]:
    """Every step of the table whose door ``service`` is (reopen serves two)."""
    return tuple(step for step, doors in DOORS.items() if service in doors)


def expected_refusal(service: str, status: Status, role: str) -> type[Exception] | None:
    """What the table says of calling ``service`` as ``role`` on a case in ``status``."""
    offered = [s for s in door_steps(service) if step_applies(s, status)]
    if not offered:
        return IllegalTransition
    if not any(allows(Role(role), STEPS[s][1]) for s in offered):
        return PermissionDenied
    return None


def bring(
    db,
    staff,
    status: Status,
    *,
    offer: str | None = None,
    followed_up: bool = False,
    low_score: bool = False,
):
    """A new case in ``status``, through the services as staff would move it."""
    case_id = sv.receive_complaint(db, staff.clerk, intake()).id
    comp_id = None
    if status is not Status.RECEIVED:
        sv.acknowledge(db, staff.clerk, case_id)
        if offer is not None:
            amount = PENDING_AMOUNT if offer == "pending" else 0
            kind = "refund" if offer == "pending" else "apology"
            comp_id = sv.offer_compensation(db, staff.handler, case_id, kind=kind, amount=amount)
    if status in (Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED):
        sv.record_action(db, staff.handler, case_id, "investigation", "현장 확인")
    if status is Status.CLOSED and offer == "pending":
        # The record rules keep a case with an offer awaiting approval open: only an exit
        # (invalid, withdrawn) closes it.
        sv.close_invalid(db, staff.handler, case_id, reason="중복 접수")
    elif status in (Status.RESOLVED, Status.CLOSED):
        sv.resolve(db, staff.handler, case_id, result="조치 완료", told_channel="phone")
        if followed_up or low_score or status is Status.CLOSED:
            score = 1 if low_score and status is Status.RESOLVED else 4
            sv.record_follow_up(
                db, staff.clerk, case_id, channel="phone", outcome="확인", satisfaction=score
            )
        if status is Status.CLOSED:
            if comp_id is not None:  # an offer made is settled before closing
                sv.deliver_compensation(db, staff.handler, comp_id)
            sv.close(db, staff.handler, case_id)
    if status is Status.WAITING:
        sv.wait_for_customer(
            db,
            staff.handler,
            case_id,
            reason="서류 대기",
            waiting_until=db.clock() + timedelta(days=3),
        )
    case = sv.get_case(db, staff.supervisor, case_id)
    assert case.status == status.value
    return Target(case_id, case.version, comp_id)


PAIRS = [
    pytest.param(status, step, service, id=f"{status.value}-{step}-{service}")
    for step, doors in DOORS.items()
    for service in doors
    for status in Status
    if (status, step) not in UNREACHABLE
]


@pytest.mark.parametrize(("status", "step", "service"), PAIRS)
def test_the_door_keeps_the_step_table(db, staff, status, step, service):
    role = least_role(step)
    target = bring(
        db,
        staff,
        status,
        offer=OFFER_FOR.get(step),
        followed_up=step == "close",
        low_score=step in WIN_BACK_STEPS,
    )
    refusal = expected_refusal(service, status, role)
    call = DOORS[step][service]
    if refusal is None:
        call(db, staff.of(role), staff, target)
        return
    before = sv.get_case(db, staff.supervisor, target.case_id)
    with pytest.raises(refusal):
        call(db, staff.of(role), staff, target)
    after = sv.get_case(db, staff.supervisor, target.case_id)
    assert (after.version, after.status) == (before.version, before.status)


def test_the_walk_covers_every_step_and_the_table_agrees_with_itself():
    """Every step has a door here; a step the table offers is one the windows are offered
    (with its precondition met), and only then."""
    assert set(DOORS) == set(STEPS)
    for status in Status:
        for step in STEPS:
            role = Role(least_role(step))
            shown = allowed_steps(
                status,
                role,
                follow_up_due=True,
                pending_approval=True,
                open_offer=True,
                winback_pending=True,
            )
            assert (step in shown) == step_applies(step, status), (status, step)


def test_unreachable_pairs_really_cannot_arise():
    """No offer on a received case: offering needs an acknowledged case, and nothing
    returns a case to 접수."""
    assert not step_applies("offer_compensation", Status.RECEIVED)
    for step in ("reopen", "reopen_closed"):
        assert not step_applies(step, Status.RECEIVED)


def _acts_on_a_case(service: Service) -> bool:
    params = inspect.signature(service.fn).parameters
    return service.write and bool({"case_id", "compensation_id"} & set(params))


def test_every_service_that_changes_a_case_has_a_door_here():
    """A new service acting on a case must be a step of the table (and walked above) or
    say here why it is not."""
    acting = {
        name for name, obj in vars(sv).items() if isinstance(obj, Service) and _acts_on_a_case(obj)
    }
    walked = {service for doors in DOORS.values() for service in doors}
    assert sorted(acting - walked - set(NOT_A_STEP)) == []
    assert sorted((walked | set(NOT_A_STEP)) - acting) == []


# ---------------------------------------------------------------- closed means closed


@pytest.mark.parametrize("closure", ["completed", "invalid", "withdrawn"])
def test_a_closed_case_takes_no_edit_assignment_or_contact(db, staff, closure):
    """The issue's three doors: the window offers a closed case nothing but a reopening."""
    if closure == "completed":
        target = bring(db, staff, Status.CLOSED)
    else:
        target = bring(db, staff, Status.ACKNOWLEDGED)
        close = sv.close_invalid if closure == "invalid" else sv.withdraw
        close(db, staff.handler, target.case_id, reason="사유")
        target.version = sv.get_case(db, staff.supervisor, target.case_id).version
    assert sv.get_case(db, staff.supervisor, target.case_id).allowed_steps == ("reopen_closed",)
    for service in ("update_case", "assign", "log_contact"):
        step = door_steps(service)[0]
        with pytest.raises(IllegalTransition) as err:
            DOORS[step][service](db, staff.supervisor, staff, target)
        assert err.value.facts["step"] == step
        assert err.value.facts["status"] == "closed"


# ---------------------------------------------------------------- the counter's rules


@pytest.mark.parametrize("code", [None, "", "   "])
def test_category_is_required_at_the_counter(db, staff, code):
    with pytest.raises(ValidationFailed) as err:
        sv.receive_complaint(db, staff.clerk, intake(category_code=code))
    assert [(p.field, p.reason) for p in err.value.problems] == [("category", "required")]
    with db.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Case)) == 0


def test_a_missing_category_is_named_with_every_other_problem(db, staff):
    """The window shows every field at once: the category is not checked apart."""
    with pytest.raises(ValidationFailed) as err:
        sv.receive_complaint(db, staff.clerk, intake(category_code=None, subject=" "))
    assert {p.field for p in err.value.problems} == {"category", "subject"}


@pytest.mark.parametrize("role", ["clerk", "admin"])
def test_only_handlers_and_supervisors_can_be_given_a_case(db, staff, role):
    case_id = sv.receive_complaint(db, staff.clerk, intake()).id
    who = staff.of(role).user_id
    with pytest.raises(ValidationFailed) as err:
        sv.assign(db, staff.supervisor, case_id, who)
    assert [(p.field, p.reason) for p in err.value.problems] == [("assignee", "not_assignable")]
    with pytest.raises(ValidationFailed):
        sv.receive_complaint(db, staff.clerk, intake(assignee_id=who))
    assert sv.get_case(db, staff.supervisor, case_id).assignee_id is None


@pytest.mark.parametrize("role", ["handler", "supervisor"])
def test_handlers_and_supervisors_can_be_given_a_case(db, staff, role):
    assert Role(role) in ASSIGNABLE_ROLES
    case_id = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.assign(db, staff.supervisor, case_id, staff.of(role).user_id)
    assert sv.get_case(db, staff.supervisor, case_id).assignee_id == staff.of(role).user_id
    ref = sv.receive_complaint(db, staff.clerk, intake(assignee_id=staff.of(role).user_id))
    assert sv.get_case(db, staff.supervisor, ref.id).assignee_id == staff.of(role).user_id


def test_an_inactive_user_is_given_no_case(db, staff):
    case_id = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.update_user(db, staff.admin, staff.handler.user_id, active=False)
    with pytest.raises(NotFound):
        sv.assign(db, staff.supervisor, case_id, staff.handler.user_id)
    with pytest.raises(NotFound):
        sv.receive_complaint(db, staff.clerk, intake(assignee_id=staff.handler.user_id))
    assert sv.get_case(db, staff.supervisor, case_id).assignee_id is None


def test_assignable_roles_are_those_who_handle_cases():
    assert {Role.HANDLER, Role.SUPERVISOR} == ASSIGNABLE_ROLES
