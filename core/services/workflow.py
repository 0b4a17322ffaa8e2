"""The procedure's states: 접수 → 접수확인 → 처리중 → 처리완료 → 종결, the pause of 고객 회신
대기 (waiting for the customer), and the exits.

Every step checks the current status against the procedure's step table
(``core.procedure.steps``) and raises ``IllegalTransition`` otherwise; closing checks the four
record rules (모든 기록, 모든 처리, 모든 결과, 모든 재방문).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.db.models import Case, FollowUp, Resolution
from core.errors import RecordRulesNotMet
from core.procedure import deadlines
from core.procedure.enums import (
    Channel,
    Closure,
    ContactDirection,
    ContactPurpose,
    FollowUpStatus,
    Nature,
    Status,
)
from core.procedure.limits import MAX_LEN
from core.procedure.permissions import Permission
from core.procedure.validation import Checker
from core.services.base import Tx, service
from core.services.common import change_status, load_case, require_step, touch
from core.services.handling import end_waiting, log_contact, take_on
from core.store.case_facts import check_record_rules

# How far ahead the customer may be expected back (a later date is a typo, not a plan).
WAITING_HORIZON = timedelta(days=366)


@service(Permission.CASE_ACKNOWLEDGE)
def acknowledge(
    tx: Tx,
    case_id: int,
    *,
    channel: str | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> int:
    """접수확인: the customer has been told we have it and by when (24시간 대응).

    With a channel, the acknowledgement is also logged as an outbound contact.
    """
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "acknowledge")
    c = Checker()
    note = c.text("note", note, max_len=MAX_LEN["step.note"]) or None
    c.done()
    case.acknowledged_at = tx.now
    # With a channel the note goes into the contact record; without, it is the step's note.
    change_status(tx, case, Status.ACKNOWLEDGED, None if channel else note)
    touch(tx, case)
    if channel:
        log_contact.within(
            tx,
            case.id,
            direction=ContactDirection.OUTBOUND.value,
            channel=channel,
            purpose=ContactPurpose.ACKNOWLEDGE.value,
            summary=note or "접수 확인 및 처리 일정 안내",
        )
    return case.version


@service(Permission.CASE_HANDLE)
def start_handling(tx: Tx, case_id: int, *, expected_version: int | None = None) -> int:
    """처리중: handling begins; an unassigned case goes to whoever begins it."""
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "start_handling")
    take_on(tx, case)
    change_status(tx, case, Status.IN_PROGRESS)
    touch(tx, case)
    return case.version


@service(Permission.CASE_HANDLE)
def wait_for_customer(
    tx: Tx,
    case_id: int,
    *,
    reason: str,
    waiting_until: datetime | None,
    expected_version: int | None = None,
) -> int:
    """고객 회신 대기: the case waits on the customer (documents, a visit) until the date
    they are expected back (``waiting_until``).

    The resolve and progress clocks pause; the case resumes by hand or when the customer
    gets in touch, and its resolve deadline then moves on by the office time it waited.
    """
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "wait_for_customer")
    c = Checker()
    why = c.text("reason", reason, required=True, max_len=MAX_LEN["step.reason"])
    until = c.ahead(
        "waiting_until", waiting_until, now=tx.now, within=WAITING_HORIZON, required=True
    )
    c.done()
    assert until is not None
    case.waiting_since = tx.now
    case.waiting_until = until
    case.waiting_reason = why
    tx.audit(
        "case.wait",
        "case",
        case.id,
        case_id=case.id,
        changes={"waiting_until": until, "reason": why},
    )
    change_status(tx, case, Status.WAITING, why)
    touch(tx, case)
    return case.version


@service(Permission.CASE_HANDLE)
def resume(
    tx: Tx, case_id: int, *, note: str | None = None, expected_version: int | None = None
) -> int:
    """The wait is over without the customer's contact (or it was logged apart): back to
    the status it waited from, the resolve deadline moved on by the office time paused."""
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "resume")
    c = Checker()
    text = c.text("note", note, max_len=MAX_LEN["step.note"]) or None
    c.done()
    end_waiting(tx, case, text)
    touch(tx, case)
    return case.version


@service(Permission.CASE_HANDLE)
def resolve(
    tx: Tx,
    case_id: int,
    *,
    result: str,
    told_channel: str,
    root_cause: str | None = None,
    customer_response: str | None = None,
    expected_version: int | None = None,
) -> int:
    """처리완료: the result is recorded and has been told to the customer.

    Schedules the follow-up (재방문/회신) N business days later.
    """
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "resolve")
    c = Checker()
    result_text = c.text("result", result, required=True, max_len=MAX_LEN["resolution.result"])
    channel = c.choice("told_channel", told_channel, Channel)
    cause = c.text("root_cause", root_cause, max_len=MAX_LEN["resolution.root_cause"]) or None
    response = (
        c.text(
            "customer_response",
            customer_response,
            max_len=MAX_LEN["resolution.customer_response"],
        )
        or None
    )
    c.done()
    assert channel is not None
    resolution = tx.session.query(Resolution).filter_by(case_id=case.id).one_or_none()
    if resolution is None:
        resolution = Resolution(case_id=case.id)
        tx.session.add(resolution)
    resolution.root_cause = cause
    resolution.result = result_text
    resolution.customer_response = response
    resolution.told_at = tx.now
    resolution.told_channel = channel.value
    resolution.at = tx.now
    resolution.by_id = tx.actor.user_id
    resolution.by_name = tx.actor.display_name
    tx.session.flush()
    tx.audit(
        "resolution.record",
        "resolution",
        resolution.id,
        case_id=case.id,
        changes={"result": result_text, "root_cause": cause, "told_channel": channel.value},
    )
    case.resolved_at = tx.now
    case.resolution_business_hours = tx.settings.calendar().business_hours_between(
        case.received_at, tx.now
    )
    case.progress_due = None
    case.callback_due = None  # telling the result keeps any promise to call back
    due = deadlines.followup_due(tx.settings, tx.now)
    pending = [f for f in _follow_ups(tx, case) if f.status == FollowUpStatus.DUE]
    if not pending:
        tx.session.add(FollowUp(case_id=case.id, due_at=due, status=FollowUpStatus.DUE.value))
    case.followup_due = min([due, *[f.due_at for f in pending]])
    change_status(tx, case, Status.RESOLVED)
    touch(tx, case)
    return case.version


def _follow_ups(tx: Tx, case: Case) -> list[FollowUp]:
    return list(tx.session.query(FollowUp).filter_by(case_id=case.id))


@service(Permission.CASE_CLOSE)
def close(
    tx: Tx, case_id: int, *, note: str | None = None, expected_version: int | None = None
) -> int:
    """종결: only when the four record rules hold and no compensation awaits approval."""
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "close")
    rules = check_record_rules(tx.session, case)
    if not rules.all_met:
        raise RecordRulesNotMet(rules.missing)
    c = Checker()
    text = c.text("note", note, max_len=MAX_LEN["step.note"]) or None
    c.done()
    case.closure = Closure.COMPLETED.value
    case.closure_reason = text
    case.closed_at = tx.now
    change_status(tx, case, Status.CLOSED, case.closure_reason)
    touch(tx, case)
    return case.version


_CLOSE_STEP = {Closure.INVALID: "close_invalid", Closure.WITHDRAWN: "withdraw"}


def _close_as(
    tx: Tx, case_id: int, closure: Closure, reason: str, expected_version: int | None
) -> int:
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, _CLOSE_STEP[closure])
    c = Checker()
    why = c.text("reason", reason, required=True, max_len=MAX_LEN["step.reason"])
    c.done()
    case.closure = closure.value
    case.closure_reason = why
    case.closed_at = tx.now
    if closure is Closure.INVALID and case.nature != Nature.INVALID:
        tx.audit(
            "case.update",
            "case",
            case.id,
            case_id=case.id,
            changes={"nature": [case.nature, Nature.INVALID.value]},
        )
        case.nature = Nature.INVALID.value
    case.progress_due = case.callback_due = case.followup_due = None
    case.waiting_since = case.waiting_until = case.waiting_reason = None
    change_status(tx, case, Status.CLOSED, why)
    touch(tx, case)
    return case.version


@service(Permission.CASE_INVALIDATE)
def close_invalid(tx: Tx, case_id: int, *, reason: str, expected_version: int | None = None) -> int:
    """무효: closed with a reason, never deleted (an omission must stay visible)."""
    return _close_as(tx, case_id, Closure.INVALID, reason, expected_version)


@service(Permission.CASE_INVALIDATE)
def withdraw(tx: Tx, case_id: int, *, reason: str, expected_version: int | None = None) -> int:
    """철회: the customer withdrew the complaint; closed with a reason."""
    return _close_as(tx, case_id, Closure.WITHDRAWN, reason, expected_version)


@service(Permission.CASE_REOPEN)
def reopen(tx: Tx, case_id: int, *, reason: str, expected_version: int | None = None) -> int:
    """Back to 처리중 with a reason. Reopening a closed case takes a supervisor."""
    case = load_case(tx, case_id, expected_version)
    # Two steps of the table, one door: a closed case takes the supervisor's step.
    require_step(tx, case, "reopen_closed" if case.status == Status.CLOSED else "reopen")
    c = Checker()
    why = c.text("reason", reason, required=True, max_len=MAX_LEN["step.reason"])
    c.done()
    case.closure = None
    case.closure_reason = None
    case.closed_at = None
    case.resolved_at = None
    case.resolution_business_hours = None
    case.satisfaction = None
    if case.winback_due is not None:
        # Reopening is itself the answer to the low score.
        tx.audit(
            "case.update",
            "case",
            case.id,
            case_id=case.id,
            changes={"winback_due": [case.winback_due, None], "on": "reopen"},
        )
        case.winback_due = None
    if case.acknowledged_at is None:
        case.acknowledged_at = tx.now
    case.progress_due = deadlines.progress_due(tx.settings, tx.now)
    case.followup_due = None
    for f in _follow_ups(tx, case):
        if f.status == FollowUpStatus.DUE:
            f.status = FollowUpStatus.CANCELLED.value
    change_status(tx, case, Status.IN_PROGRESS, why)
    touch(tx, case)
    return case.version
