"""The four record rules (004 summary 3) a case must satisfy before it is closed, with the
two compensation checks beside them (nothing awaiting approval, nothing left unsettled)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.procedure.enums import Nature


@dataclass(frozen=True)
class RecordRules:
    recorded: bool  # 모든 기록: the intake is complete
    handled: bool  # 모든 처리: at least one handling action
    result: bool  # 모든 결과: a result was recorded and told
    followed_up: bool  # 모든 재방문: the follow-up was done, or waived by a supervisor
    no_pending_approval: bool
    missing_intake: tuple[str, ...] = ()
    # Every compensation offered is settled: delivered, declined by the customer, or refused
    # by a supervisor (a case never closes with a refund still "offered").
    compensation_settled: bool = True

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
        if not self.compensation_settled:
            names.append("compensation_settled")
        return names


class IntakeFields(Protocol):
    """What the intake must hold (a case row or any value with these fields)."""

    @property
    def channel(self) -> str | None: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...
    @property
    def category_id(self) -> int | None: ...
    @property
    def nature(self) -> str: ...


class Named(Protocol):
    @property
    def name(self) -> str | None: ...


def intake_gaps(case: IntakeFields, customer: Named | None) -> list[str]:
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
