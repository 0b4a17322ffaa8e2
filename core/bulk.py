"""Writing many checked cases at once: the register import's and the big demo's path.

The counter saves one case at a time through ``receive_complaint``; an import of 100,000
rows cannot afford an ORM round trip per row. Here the rows of one batch are written with
one multi-row INSERT per table, numbers are taken from the year's counter as a block (in the
same transaction, so still gapless), and the audit events and search index entries are
written as for any other change: the chain and the index cannot tell the difference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from core import deadlines, numbering, search
from core.db.fast_insert import insert_rows
from core.enums import Closure, CompensationStatus, FollowUpStatus, Severity, Status
from core.models import (
    Action,
    Case,
    Compensation,
    Contact,
    Customer,
    FollowUp,
    Resolution,
    StatusChange,
)
from core.validation import phone_digits

if TYPE_CHECKING:  # core.services imports this module
    from core.services.base import Tx


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


def write_cases(tx: Tx, cases: list[BulkCase], *, reason: str) -> list[int]:
    """Insert ``cases`` (in this order) and return their ids; ``reason`` goes on the history."""
    if not cases:
        return []
    s = tx.settings
    cal = s.calendar()
    numbers = _numbers(tx, cases, cal)
    returning = [c.customer_id is not None for c in cases]  # earlier cases of theirs exist
    new_customers = [c for c in cases if c.customer_id is None]
    made = iter(
        _insert_ids(
            tx,
            Customer,
            [
                {
                    **c.customer,
                    "phone_digits": phone_digits(c.customer.get("phone")) or None,
                    "email_norm": (c.customer.get("email") or "").lower() or None,
                    "consent_at": tx.now if c.consent_purpose else None,
                    "consent_purpose": c.consent_purpose,
                    "created_at": tx.now,
                }
                for c in new_customers
            ],
        )
        if new_customers
        else []
    )
    for c in new_customers:
        c.customer_id = next(made)  # callers may reuse them (repeat complainants)
    customer_ids = [c.customer_id for c in cases]
    rows = []
    for c, (year, no), customer_id, repeat in zip(
        cases, numbers, customer_ids, returning, strict=True
    ):
        finished = c.status in (Status.RESOLVED.value, Status.CLOSED.value)
        resolved = c.resolved_at if c.closure in (None, Closure.COMPLETED.value) else None
        rows.append(
            {
                "case_no": numbering.format_case_no(s.case_prefix, year, no),
                "seq_year": year,
                "seq_no": no,
                "version": 1,
                "customer_id": customer_id,
                "channel": c.channel,
                "received_at": c.received_at,
                "received_by_id": c.received_by[0] if c.received_by else tx.actor.user_id,
                "received_by_name": c.received_by[1] if c.received_by else tx.actor.display_name,
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
                "updated_at": tx.now,
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
    ids = _insert_ids(tx, Case, rows)
    history: list[dict[str, Any]] = []
    results, comps, follow_ups, actions, contacts = [], [], [], [], []
    texts = {}
    for c, case_id in zip(cases, ids, strict=True):
        who = {"by_id": tx.actor.user_id, "by_name": tx.actor.display_name}
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
                    "proposed_by_name": tx.actor.display_name,
                    "decided_at": at,
                    "decided_by_name": tx.actor.display_name,
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
                    "by_name": tx.actor.display_name,
                    "satisfaction": c.satisfaction,
                }
            )
        for kind, note, at, by_id, by_name in c.actions:
            actions.append(
                {"case_id": case_id, "kind": kind, "note": note, "at": at}
                | {"by_id": by_id, "by_name": by_name}
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
        for action, changes in c.audit:
            tx.audit(action, "case", case_id, case_id=case_id, changes=changes)
    for model, values in (
        (Action, actions),
        (Contact, contacts),
        (StatusChange, history),
        (Resolution, results),
        (Compensation, comps),
        (FollowUp, follow_ups),
    ):
        if values:
            insert_rows(tx.session, model.__table__, values)
    # Indexed here from what was just written, instead of being read back at commit.
    search.write_new(tx.session, texts)
    tx.indexed.update(ids)
    return ids


def _insert_ids(tx: Tx, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows``; the new ids in the order of ``rows``.

    SQLite: this transaction holds the database's write lock (BEGIN IMMEDIATE), so the next
    ids are known and a plain multi-row insert is enough, several times faster than asking
    for each id back. PostgreSQL: the ids come back from RETURNING, in order.
    """
    if tx.session.get_bind().dialect.name == "sqlite":
        first = (tx.session.scalar(select(func.max(model.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        # Core, not the ORM's bulk path: that splits the rows by which values are None.
        insert_rows(
            tx.session,
            model.__table__,
            [{"id": i, **row} for row, i in zip(rows, ids, strict=True)],
        )
        return ids
    result = tx.session.execute(
        model.__table__.insert().returning(model.id, sort_by_parameter_order=True), rows
    )
    return [int(i) for i in result.scalars()]


def _numbers(tx: Tx, cases: list[BulkCase], cal: Any) -> list[tuple[int, int]]:
    """Case numbers: a register's own ones kept, the others a block per year, in order."""
    wanted: dict[int, int] = {}
    years = []
    for c in cases:
        if c.own_number is None:
            year = cal.local_date(c.received_at).year
            wanted[year] = wanted.get(year, 0) + 1
            years.append(year)
        else:
            years.append(None)
            numbering.move_past(tx.session, *c.own_number)
    next_no = {year: numbering.allocate(tx.session, year, count) for year, count in wanted.items()}
    out = []
    for c, year in zip(cases, years, strict=True):
        if year is None:
            assert c.own_number is not None
            out.append(c.own_number)
        else:
            out.append((year, next_no[year]))
            next_no[year] += 1
    return out
