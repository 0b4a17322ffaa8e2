"""Writing many checked cases at once: the register import's and the big demo's path.

The counter saves one case at a time through ``receive_complaint``; an import of 100,000
rows cannot afford an ORM round trip per row. Here the rows of one batch are written with
one multi-row INSERT per table, numbers are taken from the year's counter as a block (in the
same transaction, so still gapless), and the audit events and search index entries are
written as for any other change: the chain and the index cannot tell the difference.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from core.db.fast_insert import days_stamped_set_wise, insert_rows
from core.db.models import (
    Action,
    Case,
    Compensation,
    Contact,
    Customer,
    FollowUp,
    Resolution,
    StatusChange,
)
from core.procedure import deadlines, numbering
from core.procedure.enums import Closure, CompensationStatus, FollowUpStatus, Severity, Status
from core.procedure.office import OfficeSettings
from core.procedure.validation import phone_digits, phone_last4
from core.store import counters, search

if TYPE_CHECKING:  # core.services imports this module
    from core.store.tx import Tx


@dataclass
class BulkCase:
    """One case with everything checked: values as they go into the columns."""

    received_at: datetime
    customer: dict[str, Any]  # name, phone, email, address, preferred_channel
    consent_purpose: str | None
    channel: str
    subject: str
    description: str
    nature: str
    severity: str = Severity.NORMAL.value
    request: str | None = None
    category_id: int | None = None
    assignee_id: int | None = None
    external_ref: str | None = None
    own_number: tuple[int, int] | None = None  # (year, number) kept from a register
    # What happened afterwards, as the source tells it.
    status: str = Status.RECEIVED.value
    closure: str | None = None
    acknowledged_at: datetime | None = None
    resolve_due: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    result: str | None = None
    compensation: tuple[str, int, str | None] | None = None
    satisfaction: int | None = None
    revisit_at: datetime | None = None
    audit: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # The demo's extras: an existing customer (a repeat complainant), who received it, and
    # the handling steps and contacts on the way.
    customer_id: int | None = None
    received_by: tuple[int | None, str] | None = None
    actions: list[tuple[str, str, datetime, int | None, str]] = field(default_factory=list)
    contacts: list[tuple[str, str, str, str, datetime]] = field(default_factory=list)


@dataclass
class CaseRows:
    """One batch of cases as table rows, ready to insert, in the order they must go in."""

    tables: list[tuple[Table, list[dict[str, Any]]]]
    texts: dict[int, str]  # each case's search text (core.store.search.document)
    audit: list[tuple[str, int, dict[str, Any]]]  # (action, case id, changes)


def write_cases(tx: Tx, cases: list[BulkCase], *, reason: str) -> list[int]:
    """Insert ``cases`` (in this order) and return their ids; ``reason`` goes on the history."""
    if not cases:
        return []
    s = tx.settings
    numbers = _numbers(tx, cases, s.calendar())
    new_customers = sum(c.customer_id is None for c in cases)
    rows = case_rows(
        cases,
        case_ids=reserve_ids(tx.session, Case, len(cases)),
        customer_ids=reserve_ids(tx.session, Customer, new_customers),
        numbers=numbers,
        settings=s,
        by=(tx.actor.user_id, tx.actor.display_name),
        now=tx.now,
        reason=reason,
    )
    insert_case_rows(tx.session, rows)
    for action, case_id, changes in rows.audit:
        tx.audit(action, "case", case_id, case_id=case_id, changes=changes)
    tx.indexed.update(rows.texts)
    return list(rows.texts)


def insert_case_rows(session: Session, rows: CaseRows) -> None:
    """Insert a batch's rows and its search entries; its audit events are the caller's."""
    with days_stamped_set_wise(session, list(rows.texts)):
        for table, values in rows.tables:
            insert_rows(session, table, values)
    # Indexed here from what was just written, instead of being read back at commit.
    search.write_new(session, rows.texts)


def case_rows(
    cases: list[BulkCase],
    *,
    case_ids: list[int],
    customer_ids: list[int],
    numbers: list[tuple[int, int]],
    settings: OfficeSettings,
    by: tuple[int | None, str],
    now: datetime,
    reason: str,
) -> CaseRows:
    """The rows of ``cases`` for every table, with the ids and numbers given.

    Pure: it reads nothing from the database, so the big demo can build batches in other
    processes. ``customer_ids`` go to the cases without an existing customer, in order; those
    cases get them in ``customer_id`` (callers may reuse them for repeat complainants).
    """
    s = settings
    cal = s.calendar()
    by_id, by_name = by
    who = {"by_id": by_id, "by_name": by_name}
    returning = [c.customer_id is not None for c in cases]  # earlier cases of theirs exist
    customers = []
    made = iter(customer_ids)
    for c in cases:
        if c.customer_id is None:
            c.customer_id = next(made)
            digits = phone_digits(c.customer.get("phone")) or None
            customers.append(
                {
                    "id": c.customer_id,
                    **c.customer,
                    "phone_digits": digits,
                    "phone_last4": phone_last4(digits),
                    "email_norm": (c.customer.get("email") or "").lower() or None,
                    "consent_at": now if c.consent_purpose else None,
                    "consent_purpose": c.consent_purpose,
                    "created_at": now,
                }
            )
    rows = []
    for c, case_id, (year, no), repeat in zip(cases, case_ids, numbers, returning, strict=True):
        finished = c.status in (Status.RESOLVED.value, Status.CLOSED.value)
        resolved = c.resolved_at if c.closure in (None, Closure.COMPLETED.value) else None
        rows.append(
            {
                "id": case_id,
                "case_no": numbering.format_case_no(s.case_prefix, year, no),
                "seq_year": year,
                "seq_no": no,
                "version": 1,
                "customer_id": c.customer_id,
                "channel": c.channel,
                "received_at": c.received_at,
                "received_by_id": c.received_by[0] if c.received_by else by_id,
                "received_by_name": c.received_by[1] if c.received_by else by_name,
                "subject": c.subject,
                "description": c.description,
                "request": c.request,
                "category_id": c.category_id,
                "nature": c.nature,
                "severity": c.severity,
                "status": c.status,
                "closure": c.closure,
                "assignee_id": c.assignee_id,
                "style_hint": "unknown",
                "motive_hint": "unknown",
                "external_ref": c.external_ref,
                "repeat_customer": repeat,
                "acknowledged_at": c.acknowledged_at,
                "resolved_at": resolved,
                "resolution_business_hours": (
                    cal.business_hours_between(c.received_at, max(resolved, c.received_at))
                    if resolved
                    else None
                ),
                "satisfaction": c.satisfaction,
                "closed_at": c.closed_at,
                "updated_at": now,
                "ack_rule": s.ack_rule,
                "ack_due": deadlines.ack_due(s, c.received_at),
                "resolve_due": c.resolve_due
                or deadlines.resolve_due(s, c.received_at, Severity(c.severity)),
                "progress_due": None if finished else deadlines.progress_due(s, c.received_at),
                # Resolved, not yet called back: the follow-up is what is due next.
                "followup_due": deadlines.followup_due(s, resolved)
                if resolved and c.status == Status.RESOLVED.value and c.revisit_at is None
                else None,
            }
        )
    history: list[dict[str, Any]] = []
    results, comps, follow_ups, actions, contacts = [], [], [], [], []
    texts = {}
    audit: list[tuple[str, int, dict[str, Any]]] = []
    for c, case_id in zip(cases, case_ids, strict=True):
        history.append(
            {
                "case_id": case_id,
                "from_status": None,
                "to_status": Status.RECEIVED.value,
                "reason": None,  # every row with the same keys: one multi-row insert
                "at": c.received_at,
                **who,
            }
        )
        done_at = c.closed_at or c.resolved_at or c.received_at
        if c.status != Status.RECEIVED.value:
            history.append(
                {
                    "case_id": case_id,
                    "from_status": Status.RECEIVED.value,
                    "to_status": c.status,
                    "reason": reason,
                    "at": done_at,
                    **who,
                }
            )
        if c.result:
            told = c.resolved_at or c.received_at
            results.append(
                {
                    "case_id": case_id,
                    "result": c.result,
                    "told_at": told,
                    "told_channel": c.channel,
                    "at": told,
                    **who,
                }
            )
        if c.compensation is not None:
            kind, amount, note = c.compensation
            at = c.resolved_at or c.received_at
            comps.append(
                {
                    "case_id": case_id,
                    "kind": kind,
                    "amount": amount,
                    "note": note,
                    "options_offered": "[]",
                    "status": CompensationStatus.DELIVERED.value,
                    "requires_approval": False,
                    "proposed_at": at,
                    "proposed_by_name": by_name,
                    "decided_at": at,
                    "decided_by_name": by_name,
                    "settled_at": at,
                }
            )
        if c.satisfaction is not None or c.revisit_at is not None:
            at = c.revisit_at or c.resolved_at or c.received_at
            follow_ups.append(
                {
                    "case_id": case_id,
                    "due_at": at,
                    "status": FollowUpStatus.DONE.value,
                    "done_at": at,
                    "by_name": by_name,
                    "satisfaction": c.satisfaction,
                }
            )
        for kind, note, at, note_by_id, note_by_name in c.actions:
            actions.append(
                {"case_id": case_id, "kind": kind, "note": note, "at": at}
                | {"by_id": note_by_id, "by_name": note_by_name}
            )
        for direction, channel, purpose, summary, at in c.contacts:
            contacts.append(
                {
                    "case_id": case_id,
                    "direction": direction,
                    "channel": channel,
                    "purpose": purpose,
                    "summary": summary,
                    "at": at,
                    **who,
                }
            )
        texts[case_id] = search.document(
            [c.subject, c.description, c.customer.get("name")]
            + [a[1] for a in c.actions]
            + [k[3] for k in c.contacts]
        )
        audit.extend((action, case_id, changes) for action, changes in c.audit)
    tables = [
        (model.__table__, values)
        for model, values in (
            (Customer, customers),
            (Case, rows),
            (Action, actions),
            (Contact, contacts),
            (StatusChange, history),
            (Resolution, results),
            (Compensation, comps),
            (FollowUp, follow_ups),
        )
        if values
    ]
    return CaseRows(tables, texts, audit)


def reserve_ids(session: Session, model: Any, count: int) -> list[int]:
    """``count`` new ids for ``model``'s rows, in ascending order, to insert explicitly.

    SQLite: this transaction holds the database's write lock (BEGIN IMMEDIATE), so the ids
    after the largest are free. PostgreSQL: taken from the table's sequence, which other
    sessions draw from safely at the same time.
    """
    if count == 0:
        return []
    if session.get_bind().dialect.name == "sqlite":
        first = (session.scalar(select(func.max(model.id))) or 0) + 1
        return list(range(first, first + count))
    table = model.__tablename__
    sequence = f"pg_get_serial_sequence('{table}', 'id')"
    drawn = session.scalars(
        text(f"SELECT nextval({sequence}) FROM generate_series(1, :n)"), {"n": count}
    )
    return sorted(int(i) for i in drawn)


def _numbers(tx: Tx, cases: list[BulkCase], cal: Any) -> list[tuple[int, int]]:
    """Case numbers: a register's own ones kept, the others a block per year, in order."""
    for c in cases:
        if c.own_number is not None:
            counters.move_past(tx.session, *c.own_number)
    years = [cal.local_date(c.received_at).year for c in cases if c.own_number is None]
    fresh = iter(allocate_numbers(tx.session, years))
    return [c.own_number or next(fresh) for c in cases]


def allocate_numbers(session: Session, years: list[int]) -> list[tuple[int, int]]:
    """A new case number for each of ``years`` (cases in order): a block per year from its
    counter, numbered in the order given."""
    next_no = {year: counters.allocate(session, year, n) for year, n in Counter(years).items()}
    out = []
    for year in years:
        out.append((year, next_no[year]))
        next_no[year] += 1
    return out
