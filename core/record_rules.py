"""The four record rules (004 summary 3) a case must satisfy before it is closed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.enums import CompensationStatus, FollowUpStatus, Nature
from core.models import Action, Case, Compensation, Customer, FollowUp, Resolution


@dataclass(frozen=True)
class RecordRules:
    recorded: bool  # 모든 기록: the intake is complete
    handled: bool  # 모든 처리: at least one handling action
    result: bool  # 모든 결과: a result was recorded and told
    followed_up: bool  # 모든 재방문: the follow-up was done, or waived by a supervisor
    no_pending_approval: bool
    missing_intake: tuple[str, ...] = ()

    @property
    def all_met(self) -> bool:
        return not self.missing

    @property
    def missing(self) -> list[str]:
        names = []
        if not self.recorded:
            names.append("recorded")
        if not self.handled:
            names.append("handled")
        if not self.result:
            names.append("result")
        if not self.followed_up:
            names.append("followed_up")
        if not self.no_pending_approval:
            names.append("pending_approval")
        return names


def intake_gaps(case: Case, customer: Customer | None) -> list[str]:
    gaps = []
    if customer is None or not customer.name:
        gaps.append("customer.name")
    for name in ("channel", "subject", "description"):
        if not getattr(case, name):
            gaps.append(name)
    if case.category_id is None:
        gaps.append("category")
    if case.nature == Nature.UNCLASSIFIED:
        gaps.append("nature")
    return gaps


def check_record_rules(session: Session, case: Case) -> RecordRules:
    gaps = intake_gaps(case, session.get(Customer, case.customer_id))
    n_actions = session.scalar(select(func.count()).where(Action.case_id == case.id)) or 0
    has_result = session.scalar(select(Resolution.id).where(Resolution.case_id == case.id))
    # The follow-up of the latest resolution: reopening cancels the one still due, and the
    # next resolution schedules a fresh one, so an old follow-up never counts twice.
    latest = session.scalars(
        select(FollowUp.status)
        .where(FollowUp.case_id == case.id)
        .order_by(FollowUp.id.desc())
        .limit(1)
    ).first()
    followed = latest in (FollowUpStatus.DONE.value, FollowUpStatus.WAIVED.value)
    pending = session.scalar(
        select(func.count()).where(
            Compensation.case_id == case.id,
            Compensation.status == CompensationStatus.PENDING_APPROVAL.value,
        )
    )
    return RecordRules(
        recorded=not gaps,
        handled=n_actions > 0,
        result=has_result is not None,
        followed_up=bool(followed),
        no_pending_approval=not pending,
        missing_intake=tuple(gaps),
    )
