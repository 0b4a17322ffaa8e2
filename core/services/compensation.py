"""보상: offering compensation (one option or several, each with its amount), a supervisor's
approval above the threshold (never the proposer's own), the customer's answer, delivery."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence, Set
from datetime import datetime

from sqlalchemy import func, select

from core.db.models import Case, Compensation, User
from core.errors import IllegalTransition, NotFound, SelfApproval
from core.procedure.enums import CompensationKind, CompensationStatus
from core.procedure.limits import MAX_LEN
from core.procedure.permissions import TABLE, Permission
from core.procedure.validation import Checker
from core.services.base import Tx, service
from core.services.common import get_row, load_case, require_step, touch
from core.views import CompensationView

# One option given to the customer: its kind and amount (None: no amount was recorded,
# an option offered before options had amounts).
Option = tuple[str, int | None]
# What a caller may pass as an option: a kind, (kind, amount), or {"kind": ..., "amount": ...}.
OptionInput = str | tuple[str, int | None] | Mapping[str, object]


# An offer is delivered once approved (or needing no approval) and answered, or of one option.
DELIVERABLE = frozenset({CompensationStatus.OFFERED, CompensationStatus.ACCEPTED})


def read_options(raw: str | None, kind: str, amount: int) -> tuple[Option, ...]:
    """The options stored on an offer. The earlier shape, a list of kinds, gives the offer's
    own kind its amount and the others none."""
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        items = []
    out: list[Option] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            out.append((item, amount if item == kind else None))
        elif isinstance(item, dict) and isinstance(item.get("kind"), str):
            won = item.get("amount")
            out.append((item["kind"], won if isinstance(won, int) else None))
    return tuple(out) or ((kind, amount),)


def other_approvers(tx: Tx, user_id: int | None) -> int:
    """How many active accounts besides ``user_id`` may approve compensation."""
    roles = [r.value for r in TABLE[Permission.COMPENSATION_APPROVE]]
    query = (
        select(func.count()).select_from(User).where(User.active.is_(True), User.role.in_(roles))
    )
    if user_id is not None:
        query = query.where(User.id != user_id)
    return tx.session.scalar(query) or 0


def self_approval(tx: Tx, comp: Compensation) -> str | None:
    """Whether the acting user would be deciding on their own proposal: ``"refused"`` when
    another supervisor or an admin may decide, ``"override"`` when nobody else may (a reason
    is then recorded), None when it is someone else's proposal."""
    me = tx.actor.user_id
    if me is None or comp.proposed_by_id != me:
        return None
    return "refused" if other_approvers(tx, me) else "override"


def compensation_view(tx: Tx, c: Compensation) -> CompensationView:
    """An offer as a case window and the documents show it, for the acting viewer."""
    options = read_options(c.options_offered, c.kind, c.amount)
    pending = c.status == CompensationStatus.PENDING_APPROVAL
    return CompensationView(
        c.id,
        c.kind,
        c.amount,
        tuple(kind for kind, _ in options),
        c.customer_choice,
        c.note,
        c.status,
        c.requires_approval,
        c.proposed_at,
        c.proposed_by_name,
        c.decided_at,
        c.decided_by_name,
        c.decision_note,
        c.settled_at,
        options=options,
        chosen_amount=c.chosen_amount,
        answered_at=c.answered_at,
        answered_by_name=c.answered_by_name,
        decline_reason=c.decline_reason,
        delivered_by_name=c.delivered_by_name,
        delivery_ref=c.delivery_ref,
        delivery_note=c.delivery_note,
        approval_override=c.approval_override,
        self_approval=self_approval(tx, c) if pending else None,
    )


def _option(c: Checker, value: object) -> Option | None:
    if isinstance(value, Mapping):
        kind, won = value.get("kind"), value.get("amount")
    elif isinstance(value, tuple | list) and len(value) == 2:
        kind, won = value
    else:
        kind, won = value, None
    chosen = c.choice("options_offered", kind, CompensationKind)
    amount = None if won is None else c.amount("options_offered", won)
    return (chosen.value, amount) if chosen is not None else None


@service(Permission.COMPENSATION_OFFER)
def offer_compensation(
    tx: Tx,
    case_id: int,
    *,
    kind: str | None = None,
    amount: int = 0,
    options_offered: Sequence[OptionInput] = (),
    note: str | None = None,
    expected_version: int | None = None,
) -> int:
    """Propose compensation; returns its id.

    ``options_offered`` are the choices given to the customer (환불 300,000원 or 수리), each
    a kind with its amount, or a bare kind; ``kind`` and ``amount`` name the proposal itself
    and default to the first option. Above the office's approval amount (the largest option
    counts) it waits for a supervisor (``pending_approval``); otherwise it is offered at once.
    """
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "offer_compensation")
    c = Checker()
    parsed = [_option(c, o) for o in options_offered or ()]
    options = [o for o in parsed if o is not None]
    if kind in (None, "") and options:
        k: CompensationKind | None = CompensationKind(options[0][0])
        # The first option's amount; a bare kind takes the amount given with the proposal.
        first = options[0][1]
        won = first if first is not None else c.amount("amount", amount)
    else:
        k = c.choice("kind", kind, CompensationKind)
        won = c.amount("amount", amount)
    text = c.text("note", note, max_len=MAX_LEN["compensation.note"]) or None
    c.done()
    assert k is not None
    # A bare kind that is the proposal's own has the proposal's amount; the proposal is
    # always among the options.
    filled = [(o, won if a is None and o == k.value else a) for o, a in options]
    offered = list(dict.fromkeys(filled))
    if (k.value, won) not in offered:
        offered.insert(0, (k.value, won))
    needs_approval = max(a or 0 for _, a in offered) > tx.settings.approval_threshold
    stored = [{"kind": o_kind, "amount": o_amount} for o_kind, o_amount in offered]
    comp = Compensation(
        case_id=case.id,
        kind=k.value,
        amount=won,
        options_offered=json.dumps(stored),
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
        changes={"kind": k.value, "amount": won, "status": comp.status, "options_offered": stored},
    )
    touch(tx, case)
    return comp.id


def _load(tx: Tx, compensation_id: int) -> Compensation:
    comp = get_row(tx, Compensation, compensation_id)
    if comp is None:
        raise NotFound(entity="compensation", id=compensation_id)
    return comp


def _decide(
    tx: Tx, compensation_id: int, approve: bool, note: str | None, override_reason: str | None
) -> int:
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
    override = None
    own = self_approval(tx, comp)
    if own == "refused":
        raise SelfApproval(case_no=case.case_no, proposed_by=comp.proposed_by_name)
    if own == "override":
        override = c.text(
            "override_reason", override_reason, max_len=MAX_LEN["compensation.approval_override"]
        )
        if not override and not c.problems:
            raise SelfApproval("sole_approver", case_no=case.case_no)
    c.done()
    before = comp.status
    # A choice the customer made while the offer waited for approval stands once approved.
    approved = CompensationStatus.ACCEPTED if comp.customer_choice else CompensationStatus.OFFERED
    comp.status = (approved if approve else CompensationStatus.REJECTED).value
    comp.decided_at = tx.now
    comp.decided_by_id = tx.actor.user_id
    comp.decided_by_name = tx.actor.display_name
    comp.decision_note = text
    comp.approval_override = override or None
    tx.audit(
        "compensation.approve" if approve else "compensation.reject",
        "compensation",
        comp.id,
        case_id=comp.case_id,
        changes={
            "status": [before, comp.status],
            "note": text,
            **({"approval_override": override} if override else {}),
        },
    )
    touch(tx, case)
    return comp.id


@service(Permission.COMPENSATION_APPROVE)
def approve_compensation(
    tx: Tx, compensation_id: int, *, note: str | None = None, override_reason: str | None = None
) -> int:
    """A supervisor or an admin approves; who and when is recorded, and the offer becomes
    final. Never the proposer: in an office where nobody else may approve, the proposer
    does so only with ``override_reason``, recorded as an override."""
    return _decide(tx, compensation_id, True, note, override_reason)


@service(Permission.COMPENSATION_APPROVE)
def reject_compensation(
    tx: Tx, compensation_id: int, *, note: str, override_reason: str | None = None
) -> int:
    """Refuse an offer (a reason is required); the same rule on the proposer as approving."""
    return _decide(tx, compensation_id, False, note, override_reason)


# ---------------------------------------------------------------- the customer's answer


def _open_for_answer(
    tx: Tx, compensation_id: int, step: str, allowed: Set[CompensationStatus]
) -> tuple[Compensation, Case]:
    comp = _load(tx, compensation_id)
    case = load_case(tx, comp.case_id)
    require_step(tx, case, "record_compensation_outcome")
    if CompensationStatus(comp.status) not in allowed:
        raise IllegalTransition(step=step, case_no=case.case_no, comp_status=comp.status)
    return comp, case


def _choose(comp: Compensation, c: Checker, kind: str | None, amount: int | None) -> None:
    """Set the customer's choice on ``comp`` (problems go to ``c``)."""
    options = read_options(comp.options_offered, comp.kind, comp.amount)
    if kind in (None, "") and len(options) == 1:
        kind = options[0][0]
    k = c.choice("customer_choice", kind, CompensationKind)
    won = None if amount is None else c.amount("chosen_amount", amount)
    if k is None:
        return
    same = [a for o, a in options if o == k.value]
    fits = [a for a in same if a in (won, None)] if won is not None else same
    if not fits:
        c.fail("customer_choice", "not_offered")
        return
    if len(set(fits)) > 1:
        c.fail("chosen_amount", "which_amount")
        return
    comp.customer_choice = k.value
    comp.chosen_amount = fits[0] if fits[0] is not None else won


@service(Permission.COMPENSATION_OFFER)
def record_compensation_choice(
    tx: Tx, compensation_id: int, *, kind: str | None = None, amount: int | None = None
) -> int:
    """The customer took one of the offered options (``kind``, and ``amount`` when one kind
    was offered at two amounts). An offer of one option needs no ``kind``. An offer awaiting
    approval keeps waiting with the choice on it (the approval then makes it accepted);
    nothing is delivered before a supervisor approved it."""
    comp, case = _open_for_answer(
        tx,
        compensation_id,
        "record_compensation_choice",
        {CompensationStatus.OFFERED, CompensationStatus.PENDING_APPROVAL},
    )
    if comp.customer_choice is not None:
        raise IllegalTransition(
            step="record_compensation_choice", case_no=case.case_no, comp_status=comp.status
        )
    c = Checker()
    _choose(comp, c, kind, amount)
    c.done()
    before = comp.status
    if before == CompensationStatus.OFFERED:
        comp.status = CompensationStatus.ACCEPTED.value
    comp.answered_at = tx.now
    comp.answered_by_name = tx.actor.display_name
    tx.audit(
        "compensation.accept",
        "compensation",
        comp.id,
        case_id=comp.case_id,
        changes={
            "status": [before, comp.status],
            "customer_choice": comp.customer_choice,
            "chosen_amount": comp.chosen_amount,
        },
    )
    touch(tx, case)
    return comp.id


@service(Permission.COMPENSATION_OFFER)
def decline_compensation(tx: Tx, compensation_id: int, *, reason: str) -> int:
    """The customer turned the offer down (before delivery); why is required."""
    comp, case = _open_for_answer(
        tx,
        compensation_id,
        "decline_compensation",
        {
            CompensationStatus.PENDING_APPROVAL,
            CompensationStatus.OFFERED,
            CompensationStatus.ACCEPTED,
        },
    )
    c = Checker()
    text = c.text(
        "decline_reason", reason, required=True, max_len=MAX_LEN["compensation.decline_reason"]
    )
    c.done()
    before = comp.status
    comp.status = CompensationStatus.DECLINED.value
    comp.decline_reason = text
    comp.answered_at = tx.now
    comp.answered_by_name = tx.actor.display_name
    tx.audit(
        "compensation.decline",
        "compensation",
        comp.id,
        case_id=comp.case_id,
        changes={"status": [before, comp.status], "decline_reason": text},
    )
    touch(tx, case)
    return comp.id


@service(Permission.COMPENSATION_OFFER)
def deliver_compensation(
    tx: Tx,
    compensation_id: int,
    *,
    note: str | None = None,
    delivered_at: datetime | None = None,
    ref: str | None = None,
) -> int:
    """What the customer chose was given: what (``note``), when (``delivered_at``, now by
    default, never later than now), by whom (the acting user) and a reference such as a
    refund's transaction number. Only once the customer chose; an offer of one option is
    its own choice."""
    comp, case = _open_for_answer(
        tx,
        compensation_id,
        "deliver_compensation",
        DELIVERABLE,
    )
    c = Checker()
    if comp.status == CompensationStatus.OFFERED:
        if len(read_options(comp.options_offered, comp.kind, comp.amount)) > 1:
            c.fail("customer_choice", "choose_first")
        else:
            _choose(comp, c, None, None)
    _deliver(tx, comp, case, c, note, delivered_at, ref)
    return comp.id


def _deliver(
    tx: Tx,
    comp: Compensation,
    case: Case,
    c: Checker,
    note: str | None,
    delivered_at: datetime | None,
    ref: str | None,
) -> None:
    what = c.text("delivery_note", note, max_len=MAX_LEN["compensation.delivery_note"]) or None
    reference = c.text("delivery_ref", ref, max_len=MAX_LEN["compensation.delivery_ref"]) or None
    when = c.moment("delivered_at", delivered_at, now=tx.now) or tx.now
    if when < comp.proposed_at:
        c.fail("delivered_at", "before_offer")
    c.done()
    before = comp.status
    if comp.answered_at is None:  # the offer of one option: the customer took it as given
        comp.answered_at = when
        comp.answered_by_name = tx.actor.display_name
    comp.status = CompensationStatus.DELIVERED.value
    comp.settled_at = when
    comp.delivered_by_id = tx.actor.user_id
    comp.delivered_by_name = tx.actor.display_name
    comp.delivery_note = what
    comp.delivery_ref = reference
    tx.audit(
        "compensation.deliver",
        "compensation",
        comp.id,
        case_id=comp.case_id,
        changes={
            "status": [before, comp.status],
            "customer_choice": comp.customer_choice,
            "chosen_amount": comp.chosen_amount,
            "delivered_at": when.isoformat(),
            "delivery_note": what,
            "delivery_ref": reference,
        },
    )
    touch(tx, case)


@service(Permission.COMPENSATION_OFFER)
def record_compensation_outcome(
    tx: Tx,
    compensation_id: int,
    *,
    outcome: str,
    customer_choice: str | None = None,
    reason: str | None = None,
) -> int:
    """One door for the three answers (the register import and the demo use it): the
    customer accepted (``customer_choice``), declined (``reason``), or it was delivered
    (``customer_choice`` is then recorded as chosen, the proposal itself when none is
    named)."""
    c = Checker()
    new = c.choice("outcome", outcome, CompensationStatus)
    c.done()
    assert new is not None
    if new is CompensationStatus.ACCEPTED:
        return record_compensation_choice.fn(tx, compensation_id, kind=customer_choice)
    if new is CompensationStatus.DECLINED:
        return decline_compensation.fn(tx, compensation_id, reason=reason or "")
    if new is not CompensationStatus.DELIVERED:
        comp = _load(tx, compensation_id)
        raise IllegalTransition(step=f"compensation_{new.value}", status=comp.status)
    comp, case = _open_for_answer(
        tx,
        compensation_id,
        "deliver_compensation",
        DELIVERABLE,
    )
    c = Checker()
    if comp.status == CompensationStatus.OFFERED:
        # As before options had amounts: delivered with no choice named is the proposal.
        if customer_choice in (None, ""):
            _choose(comp, c, comp.kind, comp.amount)
        else:
            _choose(comp, c, customer_choice, None)
    _deliver(tx, comp, case, c, None, None, None)
    return comp.id
