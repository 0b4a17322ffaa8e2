"""Reading cases: the detail (an access record is written), lists with keyset paging, queues."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Select, and_, func, or_, select, union
from sqlalchemy import text as sql_text
from sqlalchemy.orm import aliased

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
    SearchDoc,
    StatusChange,
    User,
)
from core.errors import NotFound
from core.procedure import deadlines
from core.procedure.enums import Channel, CompensationStatus, FollowUpStatus, Nature, Status
from core.procedure.permissions import Permission, allows
from core.procedure.steps import allowed_steps
from core.procedure.validation import Checker, clean_text, mask_email, mask_phone, phone_digits
from core.services.base import Tx, service
from core.services.common import case_id_by_no, holds_id, load_case
from core.store import search
from core.store.case_facts import check_record_rules
from core.views import (
    CaseDetail,
    CaseRow,
    CategoryView,
    CompensationView,
    CustomerMatch,
    CustomerView,
    FollowUpView,
    ImprovementView,
    Page,
    ResolutionView,
    SearchHit,
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


@service(Permission.CASE_VIEW, write=False)
def list_categories(tx: Tx) -> list[CategoryView]:
    return sorted(category_views(tx).values(), key=lambda c: c.sort_order)


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
            items.append(
                TimelineEntry(
                    comp.decided_at,
                    "compensation",
                    comp.status,
                    comp.decision_note or "",
                    comp.decided_by_name or "",
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
        CompensationView(
            c.id,
            c.kind,
            c.amount,
            tuple(json.loads(c.options_offered or "[]")),
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
        )
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
        ),
    )


def _improvement_view(tx: Tx, imp: Improvement) -> ImprovementView:
    owner = tx.session.get(User, imp.owner_id) if imp.owner_id else None
    ids = tuple(
        tx.session.scalars(
            select(ImprovementCase.case_id).where(ImprovementCase.improvement_id == imp.id)
        )
    )
    return ImprovementView(
        imp.id,
        imp.title,
        imp.root_cause,
        imp.preventive_action,
        imp.owner_id,
        owner.display_name if owner else None,
        imp.due_date,
        imp.status,
        ids,
    )


@service(Permission.CASE_VIEW, write=False)
def find_case_id(tx: Tx, case_no: str) -> int:
    return case_id_by_no(tx, case_no)


# ---------------------------------------------------------------- lists and queues

_Assignee = aliased(User)


def _row_select() -> Select:
    return (
        select(Case, Customer.name, Customer.phone, Customer.email, _Assignee.display_name)
        .join(Customer, Customer.id == Case.customer_id)
        .outerjoin(_Assignee, _Assignee.id == Case.assignee_id)
    )


def _rows(tx: Tx, stmt: Select) -> list[CaseRow]:
    # A list shows many customers at once and writes no access record, so it shows how to
    # reach them masked, for every role; opening the case shows them whole, and records it.
    out = []
    for case, customer_name, phone, email, assignee_name in tx.session.execute(stmt):
        due = deadlines.next_due(case)
        out.append(
            CaseRow(
                id=case.id,
                case_no=case.case_no,
                received_at=case.received_at,
                subject=case.subject,
                customer_name=customer_name,
                status=case.status,
                severity=case.severity,
                nature=case.nature,
                channel=case.channel,
                category_id=case.category_id,
                assignee_name=assignee_name,
                next_due_kind=due[0] if due else None,
                next_due_at=due[1] if due else None,
                overdue=bool(deadlines.overdue_reasons(case, tx.now)),
                version=case.version,
                customer_phone=mask_phone(phone),
                customer_email=mask_email(email),
            )
        )
    return out


def _category_ids(tx: Tx, category_id: int) -> list[int]:
    """A top-level category stands for itself and all its leaves."""
    children = list(
        tx.session.scalars(select(Category.id).where(Category.parent_id == category_id))
    )
    return [category_id, *children]


@service(Permission.CASE_VIEW, write=False)
def list_cases(
    tx: Tx,
    *,
    after: tuple[datetime, int] | None = None,
    limit: int = 100,
    statuses: tuple[str, ...] = (),
    category_id: int | None = None,
    nature: str | None = None,
    channel: str | None = None,
    assignee_id: int | None = None,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
    text: str | None = None,
) -> Page:
    """Newest first, keyset-paged on (received_at, id): page 9,000 costs what page 1 does.

    With ``text``, a case number (or its tail) finds that case; anything else is a full-text
    search (core.store.search) within the same filters, best matches first, one page of them.
    """
    c = Checker()
    needle = _query(c, text)
    _check_limit(c, limit)
    wanted = [c.choice("status", s, Status) for s in statuses]
    kind = c.choice("nature", nature, Nature, required=False)
    way = c.choice("channel", channel, Channel, required=False)
    since = _bound(c, "received_from", received_from)
    until = _bound(c, "received_to", received_to)
    for field, key in (("category", category_id), ("assignee", assignee_id)):
        if key is not None and not holds_id(key):
            c.fail(field, "unknown_value", value=str(key)[:20])
    c.done()
    where = []
    if statuses:
        where.append(Case.status.in_([s.value for s in wanted if s is not None]))
    if category_id is not None:
        where.append(Case.category_id.in_(_category_ids(tx, category_id)))
    if kind is not None:
        where.append(Case.nature == kind.value)
    if way is not None:
        where.append(Case.channel == way.value)
    if assignee_id is not None:
        where.append(Case.assignee_id == assignee_id)
    if since is not None:
        where.append(Case.received_at >= since)
    if until is not None:
        where.append(Case.received_at < until)
    if needle and not _CASE_NO.fullmatch(needle):
        return _search_page(tx, needle, where, limit)
    stmt = _row_select().where(*where)
    if needle:
        stmt = stmt.where(Case.case_no.ilike(f"%{needle}"))
    if after is not None:
        at, case_id = after
        # The plain bound first: with it the database walks the (received_at, id) index from
        # the key down; the OR alone made SQLite scan from the newest row (191 ms at 90%).
        stmt = stmt.where(
            Case.received_at <= at,
            or_(Case.received_at < at, and_(Case.received_at == at, Case.id < case_id)),
        )
    stmt = stmt.order_by(Case.received_at.desc(), Case.id.desc()).limit(limit + 1)
    rows = _rows(tx, stmt)
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(tuple(rows), (rows[-1].received_at, rows[-1].id) if more and rows else None)


# A case number, whole or its tail: GN-2026-000123, 2026-000123, 000123, 123.
_CASE_NO = re.compile(r"([A-Za-z]{1,10}-)?([0-9]{4}-)?[0-9]{1,9}")
# Longer than any case number or phrase anyone looks for: a paste of a whole letter.
MAX_QUERY = 200
MAX_LIMIT = 1000


def _query(c: Checker, text: str | None) -> str:
    """What is searched for: cleaned as any typed text, of a length worth searching."""
    return c.text("query", text, max_len=MAX_QUERY)


def _check_limit(c: Checker, limit: int) -> None:
    if type(limit) is not int or not 1 <= limit <= MAX_LIMIT:
        c.fail("limit", "out_of_range", min=1, max=MAX_LIMIT)


def _bound(c: Checker, field: str, value: datetime | None) -> datetime | None:
    """A date filter the database can compare with (aware, within the calendar's range)."""
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        c.fail(field, "no_timezone")
        return None
    try:
        return value.astimezone(UTC)
    except OverflowError:
        c.fail(field, "out_of_range")
        return None


def _search_page(tx: Tx, needle: str, where: list, limit: int) -> Page:
    hits = search.search(tx.session, needle, limit=limit, where=where)
    if not hits:
        return Page((), None)
    ranks = {h.case_id: h.rank for h in hits}
    rows = {r.id: r for r in _rows(tx, _row_select().where(Case.id.in_(list(ranks))))}
    texts = dict(
        tx.session.execute(
            select(SearchDoc.case_id, SearchDoc.text).where(SearchDoc.case_id.in_(list(ranks)))
        ).all()
    )
    out = []
    for h in hits:
        row = rows[h.case_id]
        # The context shown is the first part of the case's text that holds the match.
        parts = [row.subject, *texts.get(h.case_id, "").split(search.PART_BREAK)]
        shown = next((s for p in parts if (s := search.snippet(p, needle))), None)
        out.append(replace(row, snippet=shown, rank=h.rank))
    return Page(tuple(out), None)


@service(Permission.CASE_VIEW, write=False)
def search_cases(tx: Tx, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Full-text search alone: cases with their rank, best first (the command line)."""
    c = Checker()
    needle = _query(c, query)
    _check_limit(c, limit)
    c.done()
    hits = search.search(tx.session, needle, limit=limit)
    numbers = dict(
        tx.session.execute(
            select(Case.id, Case.case_no).where(Case.id.in_([h.case_id for h in hits]))
        ).all()
    )
    return [SearchHit(h.case_id, numbers[h.case_id], round(h.rank, 4)) for h in hits]


QUEUES = (
    "awaiting_ack",
    "overdue",
    "due_today",
    "callbacks",
    "follow_ups",
    "pending_approval",
    "mine",
)

_HANDLING = list(deadlines.HANDLING)


def _queue_filter(tx: Tx, name: str):
    now = tx.now
    cal = tx.settings.calendar()
    _, end_of_today = cal.day_bounds(cal.local_date(now))
    if name == "awaiting_ack":
        return Case.status == Status.RECEIVED.value, Case.ack_due
    if name == "overdue":
        # One indexed range per kind of lateness, joined: as a single OR the database reads
        # every case (0.8 s at a million); each range alone is a short index walk.
        late = union(
            select(Case.id).where(Case.status == Status.RECEIVED.value, Case.ack_due < now),
            select(Case.id).where(Case.status.in_(_HANDLING), Case.resolve_due < now),
            select(Case.id).where(Case.progress_due < now, Case.status.in_(_HANDLING)),
            select(Case.id).where(Case.callback_due < now),
            select(Case.id).where(Case.followup_due < now),
        )
        return Case.id.in_(late.scalar_subquery()), Case.received_at
    if name == "due_today":
        soon = union(
            select(Case.id).where(
                Case.status == Status.RECEIVED.value,
                Case.ack_due >= now,
                Case.ack_due < end_of_today,
            ),
            select(Case.id).where(
                Case.status.in_(_HANDLING),
                Case.resolve_due >= now,
                Case.resolve_due < end_of_today,
            ),
            select(Case.id).where(
                Case.progress_due >= now,
                Case.progress_due < end_of_today,
                Case.status.in_(_HANDLING),
            ),
            select(Case.id).where(Case.callback_due >= now, Case.callback_due < end_of_today),
            select(Case.id).where(Case.followup_due >= now, Case.followup_due < end_of_today),
        )
        return Case.id.in_(soon.scalar_subquery()), Case.received_at
    if name == "callbacks":
        return Case.callback_due < end_of_today, Case.callback_due
    if name == "follow_ups":
        return Case.followup_due < end_of_today, Case.followup_due
    if name == "pending_approval":
        return Case.id.in_(
            select(Compensation.case_id).where(
                sql_text(
                    "compensations.status = 'pending_approval'"
                )  # a literal: the partial index
            )
        ), Case.received_at
    if name == "mine":
        return and_(
            Case.assignee_id == tx.actor.user_id, Case.status != Status.CLOSED.value
        ), Case.received_at
    raise NotFound(entity="queue", name=name)


@service(Permission.CASE_VIEW, write=False)
def queue(tx: Tx, name: str, *, limit: int = 500) -> list[CaseRow]:
    """One work queue, most urgent first."""
    condition, sort = _queue_filter(tx, name)
    stmt = _row_select().where(condition).order_by(sort, Case.id).limit(limit)
    return _rows(tx, stmt)


@service(Permission.CASE_VIEW, write=False)
def queue_counts(tx: Tx) -> dict[str, int]:
    return {name: _queue_count(tx, name) for name in QUEUES}


@service(Permission.CASE_VIEW, write=False)
def overdue_count(tx: Tx) -> int:
    return _queue_count(tx, "overdue")


def _queue_count(tx: Tx, name: str) -> int:
    condition, _ = _queue_filter(tx, name)
    return tx.session.scalar(select(func.count()).select_from(Case).where(condition)) or 0


@service(Permission.CASE_VIEW)
def find_customers(
    tx: Tx, *, phone: str | None = None, email: str | None = None, limit: int = 5
) -> list[CustomerMatch]:
    """Repeat complainants by phone (any formatting) or email, with their earlier cases.

    Looking someone up shows their personal data, so each match writes an access record.
    """
    conditions = []
    digits = phone_digits(phone)
    if 7 <= len(digits) <= 15:
        conditions.append(Customer.phone_digits == digits)
    address = clean_text(email).lower()
    if "@" in address and len(address) <= 200:
        conditions.append(Customer.email_norm == address)
    if not conditions:
        return []
    matches = []
    for customer in tx.session.scalars(select(Customer).where(or_(*conditions)).limit(limit)):
        tx.record_pii_access(customer.id, None, "lookup")
        earlier = _rows(
            tx,
            _row_select()
            .where(Case.customer_id == customer.id)
            .order_by(Case.received_at.desc(), Case.id.desc())
            .limit(20),
        )
        matches.append(CustomerMatch(customer_view(tx, customer), tuple(earlier)))
    return matches
