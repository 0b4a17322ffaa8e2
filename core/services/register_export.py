"""Exporting our 접수대장: every case (or those received in a period) oldest first, in the
standard headings, as .csv or .xlsx, with the words of the chosen language. Phone and email
are masked unless the user may see them, and the export is recorded as an access to every
exported customer's personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from core.actor import Actor
from core.db.database import Database
from core.db.models import Case, Category, Compensation, Customer, FollowUp, Resolution, User
from core.procedure.enums import CompensationStatus, FollowUpStatus
from core.procedure.permissions import Permission, allows, require
from core.procedure.validation import mask_email, mask_phone
from core.register import write_register
from core.register.standard import HEADINGS
from core.services.base import Tx
from core.services.register_words import channel_word, comp_word, nature_word, status_word


def export_register(
    db: Database,
    actor: Actor,
    path: str | Path,
    *,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
    lang: str = "ko",
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the register (.csv or .xlsx) oldest first; returns how many cases it holds.

    Phone and email are masked unless the user may see them; the export itself is recorded
    as an access to every exported customer's personal data.
    """
    require(actor.role, Permission.REGISTER_EXPORT)
    unmasked = allows(actor.role, Permission.CUSTOMER_PII)
    with db.unit_of_work() as uow:
        assert uow.session is not None
        tx = Tx(uow.session, actor, db.clock())
        rows = list(_register_rows(tx, received_from, received_to, unmasked, lang))
        customers = {customer_id for customer_id, _ in rows}
        for customer in sorted(customers):
            tx.record_pii_access(customer, None, "export")
        tx.audit("register.export", "register", None, changes={"cases": len(rows)})
        # Recorded before the file exists, in the same transaction: data that cannot take
        # the records (read-only, locked) gives no file; a file that cannot be written
        # leaves no record; a commit that fails takes the file back.
        tx.flush_audit()
        count = write_register(path, HEADINGS, (cells for _, cells in rows))
        try:
            uow.commit()
        except BaseException:
            Path(path).unlink(missing_ok=True)
            raise
    if progress:
        progress(count, count)
    return count


def _register_rows(
    tx: Tx,
    received_from: datetime | None,
    received_to: datetime | None,
    unmasked: bool,
    lang: str,
) -> Iterable[tuple[int, list[object]]]:
    tz = tx.settings.calendar().tz
    session = tx.session
    users = dict(session.execute(select(User.id, User.display_name)).all())
    cats = {
        c.id: (c.name_en if lang == "en" else c.name_ko) for c in session.scalars(select(Category))
    }
    stmt = select(Case, Customer).join(Customer, Customer.id == Case.customer_id)
    if received_from is not None:
        stmt = stmt.where(Case.received_at >= received_from)
    if received_to is not None:
        stmt = stmt.where(Case.received_at < received_to)
    stmt = stmt.order_by(Case.received_at, Case.id)

    def when(value: datetime | None) -> str:
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""

    for ids in _chunks(session.scalars(stmt.with_only_columns(Case.id)).all(), 1000):
        results = {
            r.case_id: r.result
            for r in session.scalars(select(Resolution).where(Resolution.case_id.in_(ids)))
        }
        comps: dict[int, list[str]] = {}
        for c in session.scalars(
            select(Compensation)
            .where(
                Compensation.case_id.in_(ids),
                Compensation.status.not_in(
                    [CompensationStatus.REJECTED.value, CompensationStatus.DECLINED.value]
                ),
            )
            .order_by(Compensation.id)
        ):
            comps.setdefault(c.case_id, []).append(comp_word(c.kind, c.amount, lang))
        revisits: dict[int, datetime] = {}
        for f in session.scalars(
            select(FollowUp)
            .where(FollowUp.case_id.in_(ids), FollowUp.status == FollowUpStatus.DONE.value)
            .order_by(FollowUp.id)
        ):
            if f.done_at:
                revisits[f.case_id] = f.done_at
        for case, customer in session.execute(stmt.where(Case.id.in_(ids))):
            contact = customer.phone or customer.email or ""
            if contact and not unmasked:
                contact = mask_phone(contact) if customer.phone else mask_email(contact)
            yield (
                customer.id,
                [
                    case.case_no,
                    when(case.received_at),
                    channel_word(case.channel, lang),
                    customer.name,
                    contact,
                    cats.get(case.category_id, "") if case.category_id else "",
                    nature_word(case.nature, lang),
                    case.subject,
                    case.description,
                    case.request or "",
                    users.get(case.assignee_id, "") if case.assignee_id else "",
                    status_word(case, lang),
                    when(case.resolve_due),
                    when(case.resolved_at),
                    results.get(case.id, ""),
                    ", ".join(comps.get(case.id, [])),
                    str(case.satisfaction) if case.satisfaction else "",
                    when(revisits.get(case.id)),
                ],
            )


def _chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
