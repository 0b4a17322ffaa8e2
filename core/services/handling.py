"""처리: handling steps and every contact with the customer."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from core.db.models import Action, Case, Contact, StatusChange
from core.procedure import deadlines
from core.procedure.enums import ActionKind, Channel, ContactDirection, ContactPurpose, Status
from core.procedure.limits import MAX_LEN
from core.procedure.permissions import Permission
from core.procedure.steps import ASSIGNABLE_ROLES
from core.procedure.validation import Checker
from core.services.base import Tx, service
from core.services.common import change_status, load_case, require_step, touch

# How far ahead a promise to call back may lie.
PROMISE_HORIZON = timedelta(days=366)


@service(Permission.CASE_HANDLE)
def record_action(
    tx: Tx, case_id: int, kind: str, note: str, *, expected_version: int | None = None
) -> int:
    """Record one handling step (모든 처리). The first one moves an acknowledged case to 처리중."""
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "record_action")
    c = Checker()
    action_kind = c.choice("kind", kind, ActionKind)
    text = c.text("note", note, required=True, max_len=MAX_LEN["action.note"])
    c.done()
    assert action_kind is not None
    action = Action(
        case_id=case.id,
        kind=action_kind.value,
        note=text,
        at=tx.now,
        by_id=tx.actor.user_id,
        by_name=tx.actor.display_name,
    )
    tx.session.add(action)
    tx.session.flush()
    tx.audit(
        "action.record",
        "action",
        action.id,
        case_id=case.id,
        changes={"kind": action_kind.value, "note": text},
    )
    if case.status == Status.ACKNOWLEDGED:
        take_on(tx, case)
        change_status(tx, case, Status.IN_PROGRESS)
    touch(tx, case)
    return case.version


def take_on(tx: Tx, case: Case) -> None:
    """Handling begins: a case nobody was given goes to whoever begins it (a case is never
    handled by nobody). The command line's system actor is nobody to give it to."""
    if case.assignee_id is not None or tx.actor.user_id is None:
        return
    if tx.actor.role not in ASSIGNABLE_ROLES:
        return
    tx.audit(
        "case.assign",
        "case",
        case.id,
        case_id=case.id,
        changes={"assignee_id": [None, tx.actor.user_id], "on": "start"},
    )
    case.assignee_id = tx.actor.user_id


def end_waiting(tx: Tx, case: Case, reason: str | None) -> None:
    """고객 회신 대기 ends: the case goes back to the status it waited from, the resolve
    deadline moves on by the office time paused, and the progress clock starts again."""
    cal = tx.settings.calendar()
    since = case.waiting_since or tx.now
    paused = cal.business_hours_between(since, tx.now)
    before = case.resolve_due
    if paused > 0:
        case.resolve_due = cal.add_business_hours(case.resolve_due, paused)
    case.progress_due = deadlines.progress_due(tx.settings, tx.now)
    tx.audit(
        "case.resume",
        "case",
        case.id,
        case_id=case.id,
        changes={
            "waiting_since": since,
            "paused_business_hours": round(paused, 2),
            "resolve_due": [before, case.resolve_due],
        },
    )
    case.waiting_since = case.waiting_until = case.waiting_reason = None
    change_status(tx, case, _waited_from(tx, case), reason)


def _waited_from(tx: Tx, case: Case) -> Status:
    """The status the case was in when it began to wait (처리중 when unknown)."""
    before = tx.session.scalar(
        select(StatusChange.from_status)
        .where(StatusChange.case_id == case.id, StatusChange.to_status == Status.WAITING.value)
        .order_by(StatusChange.id.desc())
        .limit(1)
    )
    if before == Status.ACKNOWLEDGED.value:
        return Status.ACKNOWLEDGED
    return Status.IN_PROGRESS


@service(Permission.CONTACT_LOG)
def log_contact(
    tx: Tx,
    case_id: int,
    *,
    direction: str,
    channel: str,
    summary: str,
    purpose: str = ContactPurpose.PROGRESS.value,
    promised_next_at: datetime | None = None,
    expected_version: int | None = None,
) -> int:
    """Record a conversation with the customer; a promise sets the callback deadline.

    The customer's own contact resumes a case waiting for them. Not on a closed case: what
    is said after closing belongs to a reopened one.
    """
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "log_contact")
    c = Checker()
    d = c.choice("direction", direction, ContactDirection)
    ch = c.choice("channel", channel, Channel)
    p = c.choice("purpose", purpose, ContactPurpose)
    text = c.text("summary", summary, required=True, max_len=MAX_LEN["contact.summary"])
    c.ahead("promised_next_at", promised_next_at, now=tx.now, within=PROMISE_HORIZON)
    c.done()
    assert d and ch and p
    contact = Contact(
        case_id=case.id,
        direction=d.value,
        channel=ch.value,
        purpose=p.value,
        summary=text,
        at=tx.now,
        by_id=tx.actor.user_id,
        by_name=tx.actor.display_name,
        promised_next_at=promised_next_at,
    )
    tx.session.add(contact)
    tx.session.flush()
    changes: dict[str, object] = {"direction": d.value, "channel": ch.value, "purpose": p.value}
    if d is ContactDirection.INBOUND and case.status == Status.WAITING:
        # The customer came back (documents, a visit, a call): the case resumes by itself.
        end_waiting(tx, case, text)
    if d is ContactDirection.OUTBOUND:
        # We got back to the customer: an earlier promise is kept, the progress clock restarts.
        case.callback_due = None
        if case.status in deadlines.HANDLING:
            case.progress_due = deadlines.progress_due(tx.settings, tx.now)
    if promised_next_at is not None:
        case.callback_due = promised_next_at
        changes["promised_next_at"] = promised_next_at
    tx.audit("contact.log", "contact", contact.id, case_id=case.id, changes=changes)
    touch(tx, case)
    return case.version
