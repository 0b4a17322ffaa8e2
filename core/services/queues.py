"""The work queues (awaiting acknowledgement, overdue, due today, callbacks, follow-ups,
compensations awaiting approval, waiting for the customer, low satisfaction, mine): each
one's cases, most urgent first, and how many each holds, counted by indexed ranges the
database can walk.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import and_, func, select, union
from sqlalchemy import text as sql_text

from core.db.models import Case, Compensation, FollowUp
from core.errors import NotFound
from core.procedure import deadlines
from core.procedure.enums import FollowUpStatus, Status
from core.procedure.permissions import Permission
from core.services.base import Tx, service
from core.services.case_rows import case_rows, record_shown, row_select
from core.views import CaseRow

QUEUES = (
    "awaiting_ack",
    "overdue",
    "due_today",
    "callbacks",
    "follow_ups",
    "pending_approval",
    "waiting",
    "low_satisfaction",
    "mine",
)

_HANDLING = list(deadlines.HANDLING)
_WAITING = Case.status == Status.WAITING.value


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
            # The customer was expected by now: someone should call them.
            select(Case.id).where(_WAITING, Case.waiting_until < now),
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
            select(Case.id).where(
                _WAITING, Case.waiting_until >= now, Case.waiting_until < end_of_today
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
    if name == "waiting":
        return _WAITING, Case.waiting_until
    if name == "low_satisfaction":
        # A follow-up scored at or below the office's threshold, not yet won back.
        return Case.winback_due.is_not(None), Case.winback_due
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
    rows = case_rows(tx, stmt)
    record_shown(tx, rows)
    return _with_low_scores(tx, rows) if name == "low_satisfaction" else rows


def _with_low_scores(tx: Tx, rows: list[CaseRow]) -> list[CaseRow]:
    """Each row with the score and comment of its case's latest follow-up."""
    latest = (
        select(FollowUp.case_id, func.max(FollowUp.id).label("id"))
        .where(
            FollowUp.case_id.in_([r.id for r in rows]),
            FollowUp.status == FollowUpStatus.DONE.value,
        )
        .group_by(FollowUp.case_id)
        .subquery()
    )
    said = {
        case_id: (score, comment)
        for case_id, score, comment in tx.session.execute(
            select(FollowUp.case_id, FollowUp.satisfaction, FollowUp.comment).join(
                latest, latest.c.id == FollowUp.id
            )
        )
    }
    out = []
    for row in rows:
        score, comment = said.get(row.id, (None, None))
        parts = [f"★{score}" if score is not None else "", comment or ""]
        out.append(replace(row, remark=" · ".join(p for p in parts if p)))
    return out


@service(Permission.CASE_VIEW, write=False)
def queue_counts(tx: Tx) -> dict[str, int]:
    return {name: _queue_count(tx, name) for name in QUEUES}


@service(Permission.CASE_VIEW, write=False)
def overdue_count(tx: Tx) -> int:
    return _queue_count(tx, "overdue")


def _queue_count(tx: Tx, name: str) -> int:
    condition, _ = _queue_filter(tx, name)
    return tx.session.scalar(select(func.count()).select_from(Case).where(condition)) or 0
