"""Taking a destroyed customer out of what people wrote about their cases.

The retention purge empties the customer row; but the clerk wrote "홍길동 씨, 010-1234-5678로
회신" into the description, and the handler the same into a note. So the purge also replaces
the customer's name, phone number (however it was written) and e-mail in every free text of
their cases — the case, its actions, contacts, compensations, result and follow-ups — and
masks any identifying number left there (core.procedure.identifiers). The case and its story
stay, as the law asks; the person is no longer in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

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
from core.procedure import identifiers

# Every column people write free text into, by table (with the column naming its case).
FREE_TEXT_COLUMNS: tuple[tuple[Any, str, tuple[str, ...]], ...] = (
    (
        Case,
        "id",
        (
            "subject",
            "description",
            "request",
            "expectation",
            "bottom_line",
            "incident_place",
            "staff_involved",
            "closure_reason",
            "backdate_reason",
            "waiting_reason",
        ),
    ),
    (Action, "case_id", ("note",)),
    (Contact, "case_id", ("summary",)),
    (
        Compensation,
        "case_id",
        ("note", "decision_note", "approval_override", "decline_reason", "delivery_note"),
    ),
    (Resolution, "case_id", ("result", "root_cause", "customer_response")),
    (FollowUp, "case_id", ("outcome", "comment", "waived_reason")),
    (StatusChange, "case_id", ("reason",)),
)


def _pattern(name: str | None, digits: str | None, email: str | None) -> re.Pattern[str] | None:
    """What names this customer in a text: the name (two letters or more), the phone number
    with any separators between its digits, the e-mail in any case."""
    terms: list[str] = []
    if name and len(name.strip()) >= 2:
        terms.append(re.escape(name.strip()))
    if digits and len(digits) >= 7:
        terms.append(r"(?<![0-9])" + r"[\s.\-]?".join(digits) + r"(?![0-9])")
    if email:
        terms.append(re.escape(email))
    if not terms:
        return None
    return re.compile("|".join(f"(?:{t})" for t in terms), re.IGNORECASE)


def redact_customers(session: Session, customer_ids: Sequence[int], marker: str) -> int:
    """Replace, in every free text of these customers' cases, what names them by
    ``marker``, and mask identifying numbers there. Call before the customer rows are
    emptied (their name and number are what is looked for). Returns the texts changed."""
    by_case: dict[int, re.Pattern[str] | None] = {}
    for at in range(0, len(customer_ids), 500):
        chunk = customer_ids[at : at + 500]
        people = {
            cid: _pattern(name, digits, email)
            for cid, name, digits, email in session.execute(
                select(Customer.id, Customer.name, Customer.phone_digits, Customer.email).where(
                    Customer.id.in_(chunk)
                )
            )
        }
        for case_id, customer_id in session.execute(
            select(Case.id, Case.customer_id).where(Case.customer_id.in_(chunk))
        ):
            by_case[int(case_id)] = people.get(int(customer_id))
    case_ids = sorted(by_case)
    changed = 0
    for model, owner, columns in FREE_TEXT_COLUMNS:
        table: Table = model.__table__
        for at in range(0, len(case_ids), 500):
            chunk = case_ids[at : at + 500]
            rows = session.execute(
                select(table.c.id, table.c[owner], *(table.c[c] for c in columns)).where(
                    table.c[owner].in_(chunk)
                )
            ).all()
            for row in rows:
                pattern = by_case.get(int(row[1]))
                values = dict(zip(columns, row[2:], strict=True))
                new = {c: _clean(v, pattern, marker) for c, v in values.items()}
                new = {c: v for c, v in new.items() if v != values[c]}
                if new:
                    session.execute(update(table).where(table.c.id == row[0]).values(**new))
                    changed += len(new)
    return changed


def _clean(value: str | None, pattern: re.Pattern[str] | None, marker: str) -> str | None:
    if not value:
        return value
    if pattern is not None:
        value = pattern.sub(marker, value)
    return identifiers.mask(value).text
