"""Small look-ups a window needs beside the cases: the categories to choose from, the case a
number names, and the earlier complainant a phone number or email finds (which shows personal
data, so each match is recorded as an access).
"""

from __future__ import annotations

from sqlalchemy import case, func, select

from core.db.models import Case, Customer
from core.procedure.enums import Status
from core.procedure.permissions import Permission
from core.procedure.validation import clean_text, phone_digits
from core.services.base import Tx, service
from core.services.case_detail import category_views, customer_view
from core.services.case_rows import case_rows, row_select
from core.services.common import case_id_by_no
from core.views import CaseRow, CategoryView, CustomerMatch

# Fewer digits than this find too many people to be worth showing.
MIN_DIGITS = 4
# The earlier cases listed per customer; their count is always the whole.
CASES_SHOWN = 50


@service(Permission.CASE_VIEW, write=False)
def list_categories(tx: Tx) -> list[CategoryView]:
    return sorted(category_views(tx).values(), key=lambda c: c.sort_order)


@service(Permission.CASE_VIEW, write=False)
def find_case_id(tx: Tx, case_no: str) -> int:
    return case_id_by_no(tx, case_no)


@service(Permission.CASE_VIEW)
def find_customers(
    tx: Tx,
    *,
    phone: str | None = None,
    email: str | None = None,
    limit: int = 5,
    with_cases: bool = True,
) -> list[CustomerMatch]:
    """Repeat complainants by phone (any formatting) or email, at most ``limit`` of them.

    From four digits on, a phone finds the customers whose number starts with them; four
    digits alone also find the numbers that end with them (what customers say when asked,
    "끝번호 5678"). The whole number comes first, then the rest in the index's order, so the
    look-up reads a few index entries however many customers there are. Each match has the
    count of its earlier cases (all of them) and how many are open; ``with_cases`` lists
    them too, open ones first. Looking someone up shows their personal data, so each match
    writes an access record.
    """
    digits = phone_digits(phone)
    found: dict[int, Customer] = {}
    exact: set[int] = set()

    def take(stmt) -> None:
        for customer in tx.session.scalars(stmt.limit(limit)):
            if len(found) < limit:
                found.setdefault(customer.id, customer)

    if MIN_DIGITS <= len(digits) <= 15:
        for customer in tx.session.scalars(
            select(Customer).where(Customer.phone_digits == digits).limit(limit)
        ):
            found[customer.id] = customer
            exact.add(customer.id)
        start, stop = prefix_range(digits)
        begins = Customer.phone_digits >= start
        if stop is not None:
            begins = begins & (Customer.phone_digits < stop)
        take(select(Customer).where(begins).order_by(Customer.phone_digits))
        if len(digits) == MIN_DIGITS:
            ends = Customer.phone_last4 == int(digits)
            take(select(Customer).where(ends).order_by(Customer.id.desc()))
    address = clean_text(email).lower()
    if "@" in address and len(address) <= 200:
        take(select(Customer).where(Customer.email_norm == address))
    if not found:
        return []
    counts = _case_counts(tx, list(found))
    matches = []
    for customer in found.values():
        tx.record_pii_access(customer.id, None, "lookup")
        total, still_open = counts.get(customer.id, (0, 0))
        earlier = _earlier_cases(tx, customer.id) if with_cases else []
        matches.append(
            CustomerMatch(
                customer_view(tx, customer),
                tuple(earlier),
                earlier_count=total,
                open_count=still_open,
                exact=customer.id in exact,
            )
        )
    return matches


def prefix_range(digits: str) -> tuple[str, str | None]:
    """Bounds that hold exactly the digit strings starting with ``digits``: "0101" ->
    ("0101", "0102"), "0199" -> ("0199", "0200"); no upper bound after all nines.

    A range, not ``LIKE '0101%'``: SQLite uses an index for LIKE only under its
    case-insensitive collation and PostgreSQL only with ``text_pattern_ops``; a range on
    the plain index works on both (and on digits every collation orders the same).
    """
    kept = digits.rstrip("9")
    if not kept:
        return digits, None
    bumped = kept[:-1] + str(int(kept[-1]) + 1)
    return digits, bumped + "0" * (len(digits) - len(kept))


def _case_counts(tx: Tx, customer_ids: list[int]) -> dict[int, tuple[int, int]]:
    """customer id -> (their cases, of which still open)."""
    still_open = func.sum(case((Case.status != Status.CLOSED.value, 1), else_=0))
    rows = tx.session.execute(
        select(Case.customer_id, func.count(), still_open)
        .where(Case.customer_id.in_(customer_ids))
        .group_by(Case.customer_id)
    )
    return {cid: (int(total), int(open_ or 0)) for cid, total, open_ in rows}


def _earlier_cases(tx: Tx, customer_id: int) -> list[CaseRow]:
    closed_last = case((Case.status == Status.CLOSED.value, 1), else_=0)
    return case_rows(
        tx,
        row_select()
        .where(Case.customer_id == customer_id)
        .order_by(closed_last, Case.received_at.desc(), Case.id.desc())
        .limit(CASES_SHOWN),
    )
