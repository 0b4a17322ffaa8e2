"""A case as one row of a list: the query that joins its customer and assignee, and the row
it becomes, with the customer's phone and email masked. Shared by the case list, the search,
the work queues and the customer lookup.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from core.db.models import Case, Customer, User
from core.procedure import deadlines
from core.procedure.validation import mask_email, mask_phone
from core.services.base import Tx
from core.views import CaseRow

_Assignee = aliased(User)


def row_select() -> Select:
    """Cases with their customer's name and contacts and their assignee's name; read by
    ``case_rows``."""
    return (
        select(Case, Customer.name, Customer.phone, Customer.email, _Assignee.display_name)
        .join(Customer, Customer.id == Case.customer_id)
        .outerjoin(_Assignee, _Assignee.id == Case.assignee_id)
    )


def record_shown(tx: Tx, rows: Iterable[CaseRow]) -> None:
    """A list, queue or search showed these rows' customers by name: one access record."""
    tx.record_list_access(r.customer_id for r in rows)


def case_rows(tx: Tx, stmt: Select) -> list[CaseRow]:
    # A list shows many customers at once, so it shows how to reach them masked, for every
    # role (its one access record names whom it showed: ``record_shown``); opening the case shows
    # them whole, and records it.
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
                customer_id=case.customer_id,
            )
        )
    return out
