"""One case whole, as its window shows it: the case, its customer (masked unless the role may
see personal data), its category, its timeline of steps, contacts, offers and follow-ups, the
improvements it feeds, and the steps the user may take next. Opening it writes a personal-data
access record (PIPA 접속기록).
"""

from __future__ import annotations

from sqlalchemy import select

from core.db.models import (
    Action,
    Case,
    CaseLink,
    CaseTag,
    Category,
    Compensation,
    Contact,
    Customer,
    FollowUp,
    Improvement,
    ImprovementCase,
    Resolution,
    StatusChange,
    User,
)
from core.procedure import deadlines
from core.procedure.enums import CompensationStatus, FollowUpStatus, Status
from core.procedure.permissions import Permission, allows
from core.procedure.steps import allowed_steps
from core.procedure.validation import mask_email, mask_phone
from core.services.base import Tx, service
from core.services.common import load_case
from core.services.compensation import compensation_view
from core.store.case_facts import check_record_rules
from core.views import (
    CaseDetail,
    CategoryView,
    CustomerView,
    FollowUpView,
    ImprovementView,
    ResolutionView,
    TimelineEntry,
)


def customer_view(tx: Tx, customer: Customer) -> CustomerView:
    full = allows(tx.actor.role, Permission.CUSTOMER_PII)
    return CustomerView(
        id=customer.id,
        name=customer.name,
        phone=(customer.phone or "") if full else mask_phone(customer.phone),
        email=(customer.email or "") if full else mask_email(customer.email),
        address=(customer.address or "") if full else ("***" if customer.address else ""),
        preferred_channel=customer.preferred_channel,
        consent_at=customer.consent_at,
        consent_purpose=customer.consent_purpose,
        masked=not full,
    )


def category_views(tx: Tx) -> dict[int, CategoryView]:
    cats = list(tx.session.scalars(select(Category)))
    by_id = {c.id: c for c in cats}
    out = {}
    for c in cats:
        parent = by_id.get(c.parent_id) if c.parent_id else None
        out[c.id] = CategoryView(
            c.id,
            c.code,
            c.name_ko,
            c.name_en,
            c.parent_id,
            parent.code if parent else None,
            parent.name_ko if parent else None,
            parent.name_en if parent else None,
            c.active,
            c.sort_order,
        )
    return out


def _timeline(tx: Tx, case: Case) -> list[TimelineEntry]:
    s = tx.session
    items: list[TimelineEntry] = []
    for sc in s.scalars(select(StatusChange).where(StatusChange.case_id == case.id)):
        items.append(
            TimelineEntry(sc.at, "status", sc.to_status, sc.reason or "", sc.by_name, sc.id)
        )
    for a in s.scalars(select(Action).where(Action.case_id == case.id)):
        items.append(TimelineEntry(a.at, "action", a.kind, a.note, a.by_name, a.id))
    for c in s.scalars(select(Contact).where(Contact.case_id == case.id)):
        items.append(
            TimelineEntry(
                c.at,
                "contact",
                f"{c.direction}:{c.channel}:{c.purpose}",
                c.summary,
                c.by_name,
                c.id,
            )
        )
    for comp in s.scalars(select(Compensation).where(Compensation.case_id == case.id)):
        items.append(
            TimelineEntry(
                comp.proposed_at,
                "compensation",
                "offer",
                f"{comp.kind}:{comp.amount}",
                comp.proposed_by_name,
                comp.id,
            )
        )
        if comp.decided_at:
            # The decision itself (승인 or 승인 거부), not where the offer went since.
            rejected = comp.status == CompensationStatus.REJECTED
            items.append(
                TimelineEntry(
                    comp.decided_at,
                    "compensation",
                    CompensationStatus.REJECTED.value if rejected else "approved",
                    comp.decision_note or "",
                    comp.decided_by_name or "",
                    comp.id,
                )
            )
        # The customer's answer and the delivery: the status each moved the offer to.
        declined = comp.status == CompensationStatus.DECLINED
        # An offer of one option delivered at once was its own answer: one line, not two.
        if comp.answered_at and comp.answered_at != comp.settled_at:
            items.append(
                TimelineEntry(
                    comp.answered_at,
                    "compensation",
                    (
                        CompensationStatus.DECLINED if declined else CompensationStatus.ACCEPTED
                    ).value,
                    comp.decline_reason or "",
                    comp.answered_by_name or "",
                    comp.id,
                )
            )
        if comp.settled_at and comp.status == CompensationStatus.DELIVERED:
            items.append(
                TimelineEntry(
                    comp.settled_at,
                    "compensation",
                    comp.status,
                    " · ".join(t for t in (comp.delivery_note, comp.delivery_ref) if t),
                    comp.delivered_by_name or "",
                    comp.id,
                )
            )
    res = s.scalar(select(Resolution).where(Resolution.case_id == case.id))
    if res:
        items.append(
            TimelineEntry(res.at, "resolution", res.told_channel, res.result, res.by_name, res.id)
        )
    for f in s.scalars(select(FollowUp).where(FollowUp.case_id == case.id)):
        if f.done_at:
            items.append(
                TimelineEntry(
                    f.done_at,
                    "follow_up",
                    f.status,
                    f.outcome or f.waived_reason or "",
                    f.by_name or "",
                    f.id,
                )
            )
    # Same moment: keep the order things were written in (ids grow), status changes last.
    order = {
        "action": 0,
        "contact": 1,
        "compensation": 2,
        "resolution": 3,
        "follow_up": 4,
        "status": 5,
    }
    items.sort(key=lambda e: (e.at, order[e.kind], e.ref_id or 0))
    return items


@service(Permission.CASE_VIEW)
def get_case(tx: Tx, case_id: int, *, purpose: str = "view") -> CaseDetail:
    """The whole case. Writes a personal-data access record (PIPA 접속기록)."""
    case = load_case(tx, case_id)
    s = tx.session
    customer = s.get(Customer, case.customer_id)
    assert customer is not None
    tx.record_pii_access(customer.id, case.id, purpose)
    cats = category_views(tx)
    assignee = s.get(User, case.assignee_id) if case.assignee_id else None
    links = s.execute(
        select(Case.id, Case.case_no)
        .where(
            Case.id.in_(
                select(CaseLink.related_id)
                .where(CaseLink.case_id == case.id)
                .union(select(CaseLink.case_id).where(CaseLink.related_id == case.id))
            )
        )
        .order_by(Case.received_at)
    ).all()
    comps = tuple(
        compensation_view(tx, c)
        for c in s.scalars(
            select(Compensation).where(Compensation.case_id == case.id).order_by(Compensation.id)
        )
    )
    res = s.scalar(select(Resolution).where(Resolution.case_id == case.id))
    follow_ups = tuple(
        FollowUpView(
            f.id,
            f.due_at,
            f.status,
            f.done_at,
            f.by_name,
            f.channel,
            f.outcome,
            f.satisfaction,
            f.comment,
            f.waived_reason,
        )
        for f in s.scalars(
            select(FollowUp).where(FollowUp.case_id == case.id).order_by(FollowUp.id)
        )
    )
    improvements = tuple(
        _improvement_view(tx, imp)
        for imp in s.scalars(
            select(Improvement).join(ImprovementCase).where(ImprovementCase.case_id == case.id)
        )
    )
    rules = check_record_rules(s, case)
    pending = any(c.status == CompensationStatus.PENDING_APPROVAL for c in comps)
    # An offer the customer has not yet answered (approved or still waiting for approval),
    # or accepted and not yet delivered.
    open_offer = any(
        c.status
        in (
            CompensationStatus.PENDING_APPROVAL,
            CompensationStatus.OFFERED,
            CompensationStatus.ACCEPTED,
        )
        for c in comps
    )
    follow_up_due = any(f.status == FollowUpStatus.DUE for f in follow_ups)
    return CaseDetail(
        id=case.id,
        case_no=case.case_no,
        version=case.version,
        status=case.status,
        closure=case.closure,
        closure_reason=case.closure_reason,
        channel=case.channel,
        received_at=case.received_at,
        received_by_name=case.received_by_name,
        incident_at=case.incident_at,
        incident_place=case.incident_place,
        staff_involved=case.staff_involved,
        subject=case.subject,
        description=case.description,
        request=case.request,
        expectation=case.expectation,
        bottom_line=case.bottom_line,
        category=cats.get(case.category_id) if case.category_id else None,
        nature=case.nature,
        severity=case.severity,
        assignee_id=case.assignee_id,
        assignee_name=assignee.display_name if assignee else None,
        style_hint=case.style_hint,
        motive_hint=case.motive_hint,
        external_ref=case.external_ref,
        tags=tuple(
            s.scalars(select(CaseTag.tag).where(CaseTag.case_id == case.id).order_by(CaseTag.tag))
        ),
        related=tuple((r.id, r.case_no) for r in links),
        acknowledged_at=case.acknowledged_at,
        resolved_at=case.resolved_at,
        closed_at=case.closed_at,
        ack_due=case.ack_due,
        resolve_due=case.resolve_due,
        progress_due=case.progress_due,
        callback_due=case.callback_due,
        followup_due=case.followup_due,
        overdue=tuple(deadlines.overdue_reasons(case, tx.now)),
        customer=customer_view(tx, customer),
        timeline=tuple(_timeline(tx, case)),
        compensations=comps,
        resolution=ResolutionView(
            res.root_cause,
            res.result,
            res.customer_response,
            res.told_at,
            res.told_channel,
            res.by_name,
        )
        if res
        else None,
        follow_ups=follow_ups,
        improvements=improvements,
        record_rules=rules,
        allowed_steps=allowed_steps(
            Status(case.status),
            tx.actor.role,
            follow_up_due=follow_up_due,
            pending_approval=pending,
            open_offer=open_offer,
            winback_pending=case.winback_due is not None,
        ),
        ack_rule=case.ack_rule,
        backdate_reason=case.backdate_reason,
        waiting_since=case.waiting_since,
        waiting_until=case.waiting_until,
        waiting_reason=case.waiting_reason,
        winback_due=case.winback_due,
    )


def _improvement_view(tx: Tx, imp: Improvement) -> ImprovementView:
    # The register's own view: owner, kind, due date and every linked case's number.
    from core.services.improvements import improvement_views

    return improvement_views(tx, [imp])[0]
