"""The work queues (awaiting acknowledgement, overdue, due today, callbacks, follow-ups,
compensations awaiting approval, mine): each one's cases, most urgent first, and how many each
holds, counted by indexed ranges the database can walk.
"""

from __future__ import annotations

from sqlalchemy import and_, func, select, union
from sqlalchemy import text as sql_text

from core.db.models import Case, Compensation
from core.errors import NotFound
from core.procedure import deadlines
from core.procedure.enums import Status
from core.procedure.permissions import Permission
from core.services.base import Tx, service
from core.services.case_rows import case_rows, row_select
from core.views import CaseRow

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
    stmt = row_select().where(condition).order_by(sort, Case.id).limit(limit)
    return case_rows(tx, stmt)


@service(Permission.CASE_VIEW, write=False)
def queue_counts(tx: Tx) -> dict[str, int]:
    return {name: _queue_count(tx, name) for name in QUEUES}


@service(Permission.CASE_VIEW, write=False)
def overdue_count(tx: Tx) -> int:
    return _queue_count(tx, "overdue")


def _queue_count(tx: Tx, name: str) -> int:
    condition, _ = _queue_filter(tx, name)
    return tx.session.scalar(select(func.count()).select_from(Case).where(condition)) or 0
