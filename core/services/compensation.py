"""보상: offering compensation, a supervisor's approval above the threshold, the outcome."""

from __future__ import annotations

import json

from core.db.models import Compensation
from core.errors import IllegalTransition, NotFound
from core.procedure.enums import CompensationKind, CompensationStatus
from core.procedure.limits import MAX_LEN
from core.procedure.permissions import Permission
from core.procedure.validation import Checker
from core.services.base import Tx, service
from core.services.common import get_row, load_case, require_step, touch


@service(Permission.COMPENSATION_OFFER)
def offer_compensation(
    tx: Tx,
    case_id: int,
    *,
    kind: str,
    amount: int = 0,
    options_offered: tuple[str, ...] = (),
    note: str | None = None,
    expected_version: int | None = None,
) -> int:
    """Propose compensation; returns its id.

    Above the office's approval amount it waits for a supervisor (``pending_approval``)
    before it is final; otherwise it is offered at once. ``options_offered`` records the
    choice given to the customer (refund, exchange, repair, ...).
    """
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "offer_compensation")
    c = Checker()
    k = c.choice("kind", kind, CompensationKind)
    won = c.amount("amount", amount)
    offered = []
    for option in options_offered or ((kind,) if k else ()):
        chosen = c.choice("options_offered", option, CompensationKind)
        if chosen is not None and chosen.value not in offered:
            offered.append(chosen.value)
    text = c.text("note", note, max_len=MAX_LEN["compensation.note"]) or None
    c.done()
    assert k is not None
    needs_approval = won > tx.settings.approval_threshold
    comp = Compensation(
        case_id=case.id,
        kind=k.value,
        amount=won,
        options_offered=json.dumps(offered),
        note=text,
        status=(
            CompensationStatus.PENDING_APPROVAL if needs_approval else CompensationStatus.OFFERED
        ).value,
        requires_approval=needs_approval,
        proposed_at=tx.now,
        proposed_by_id=tx.actor.user_id,
        proposed_by_name=tx.actor.display_name,
    )
    tx.session.add(comp)
    tx.session.flush()
    tx.audit(
        "compensation.offer",
        "compensation",
        comp.id,
        case_id=case.id,
        changes={"kind": k.value, "amount": won, "status": comp.status, "options_offered": offered},
    )
    touch(tx, case)
    return comp.id


def _load(tx: Tx, compensation_id: int) -> Compensation:
    comp = get_row(tx, Compensation, compensation_id)
    if comp is None:
        raise NotFound(entity="compensation", id=compensation_id)
    return comp


def _decide(tx: Tx, compensation_id: int, approve: bool, note: str | None) -> int:
    comp = _load(tx, compensation_id)
    case = load_case(tx, comp.case_id)
    require_step(tx, case, "approve_compensation")
    if comp.status != CompensationStatus.PENDING_APPROVAL:
        raise IllegalTransition(step="approve_compensation", status=comp.status)
    c = Checker()
    # A refusal needs a reason.
    text = (
        c.text("note", note, required=not approve, max_len=MAX_LEN["compensation.decision_note"])
        or None
    )
    c.done()
    before = comp.status
    comp.status = (CompensationStatus.OFFERED if approve else CompensationStatus.REJECTED).value
    comp.decided_at = tx.now
    comp.decided_by_id = tx.actor.user_id
    comp.decided_by_name = tx.actor.display_name
    comp.decision_note = text
    tx.audit(
        "compensation.approve" if approve else "compensation.reject",
        "compensation",
        comp.id,
        case_id=comp.case_id,
        changes={"status": [before, comp.status], "note": text},
    )
    touch(tx, case)
    return comp.id


@service(Permission.COMPENSATION_APPROVE)
def approve_compensation(tx: Tx, compensation_id: int, *, note: str | None = None) -> int:
    """A supervisor approves; who and when is recorded, and the offer becomes final."""
    return _decide(tx, compensation_id, True, note)


@service(Permission.COMPENSATION_APPROVE)
def reject_compensation(tx: Tx, compensation_id: int, *, note: str) -> int:
    return _decide(tx, compensation_id, False, note)


_OUTCOMES = {
    CompensationStatus.ACCEPTED: {CompensationStatus.OFFERED},
    CompensationStatus.DECLINED: {CompensationStatus.OFFERED},
    CompensationStatus.DELIVERED: {CompensationStatus.OFFERED, CompensationStatus.ACCEPTED},
}


@service(Permission.COMPENSATION_OFFER)
def record_compensation_outcome(
    tx: Tx, compensation_id: int, *, outcome: str, customer_choice: str | None = None
) -> int:
    """The customer accepted or declined the offer, or it was delivered."""
    comp = _load(tx, compensation_id)
    case = load_case(tx, comp.case_id)
    require_step(tx, case, "record_compensation_outcome")
    c = Checker()
    new = c.choice("outcome", outcome, CompensationStatus)
    choice = c.choice("customer_choice", customer_choice, CompensationKind, required=False)
    c.done()
    assert new is not None
    allowed = _OUTCOMES.get(new)
    if allowed is None or CompensationStatus(comp.status) not in allowed:
        raise IllegalTransition(step=f"compensation_{new.value}", status=comp.status)
    before = comp.status
    comp.status = new.value
    if choice is not None:
        comp.customer_choice = choice.value
    if new is CompensationStatus.DELIVERED:
        comp.settled_at = tx.now
    tx.audit(
        "compensation.outcome",
        "compensation",
        comp.id,
        case_id=comp.case_id,
        changes={"status": [before, new.value], "customer_choice": comp.customer_choice},
    )
    touch(tx, case)
    return comp.id
