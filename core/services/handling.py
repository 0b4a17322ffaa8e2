"""처리: handling steps and every contact with the customer."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.db.models import Action, Contact
from core.procedure import deadlines
from core.procedure.enums import ActionKind, Channel, ContactDirection, ContactPurpose, Status
from core.procedure.limits import MAX_LEN
from core.procedure.permissions import Permission
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
        change_status(tx, case, Status.IN_PROGRESS)
    touch(tx, case)
    return case.version


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

    Not on a closed case: what is said after closing belongs to a reopened one.
    """
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "log_contact")
    c = Checker()
    d = c.choice("direction", direction, ContactDirection)
    ch = c.choice("channel", channel, Channel)
    p = c.choice("purpose", purpose, ContactPurpose)
    text = c.text("summary", summary, required=True, max_len=MAX_LEN["contact.summary"])
    if promised_next_at is not None:
        if promised_next_at.tzinfo is None:
            c.fail("promised_next_at", "no_timezone")
        elif promised_next_at <= tx.now:
            c.fail("promised_next_at", "in_past")
        elif promised_next_at > tx.now + PROMISE_HORIZON:
            c.fail("promised_next_at", "too_far")  # a typo (2062 for 2026), not a promise
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
