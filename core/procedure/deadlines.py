"""Deadlines of the procedure, on the office's business calendar (DOMAIN.md step 2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from core.procedure.enums import AckRule, Severity, Status
from core.procedure.office import OfficeSettings


def ack_due(s: OfficeSettings, received_at: datetime, rule: str | None = None) -> datetime:
    """24시간 대응: when the acknowledgement is due under ``rule`` (the office's by default).

    The same time on the next business day (Friday 17:00 → Monday 17:00), 24 hours on the
    clock, or 24 office hours (the rule of releases before 0009: 2.7 working days).
    """
    chosen = AckRule(rule or s.ack_rule)
    if chosen is AckRule.CLOCK_HOURS:
        return (received_at + timedelta(hours=s.ack_business_hours)).astimezone(UTC)
    if chosen is AckRule.BUSINESS_HOURS:
        return s.calendar().add_business_hours(received_at, s.ack_business_hours)
    return s.calendar().same_time_next_business_day(received_at)


def within_clock_hours(received_at: datetime, acknowledged_at: datetime, hours: int = 24) -> bool:
    """Acknowledged within ``hours`` on the clock: the plain reading of "24 hours", which a
    summary reports beside the office's own rule."""
    return acknowledged_at - received_at <= timedelta(hours=hours)


def resolve_due(s: OfficeSettings, received_at: datetime, severity: Severity) -> datetime:
    days = s.resolve_days_important if severity is Severity.IMPORTANT else s.resolve_days_normal
    return s.calendar().add_business_days(received_at, days)


def progress_due(s: OfficeSettings, last_contact_at: datetime) -> datetime:
    """Nobody likes to be left in the dark: report progress every N business days."""
    return s.calendar().add_business_days(last_contact_at, s.progress_interval_days)


def followup_due(s: OfficeSettings, resolved_at: datetime) -> datetime:
    return s.calendar().add_business_days(resolved_at, s.followup_delay_days)


class CaseDeadlines(Protocol):
    """A case's status and deadlines (a case row or any value with these fields)."""

    @property
    def status(self) -> str: ...
    @property
    def ack_due(self) -> datetime: ...
    @property
    def resolve_due(self) -> datetime: ...
    @property
    def progress_due(self) -> datetime | None: ...
    @property
    def callback_due(self) -> datetime | None: ...
    @property
    def followup_due(self) -> datetime | None: ...
    @property
    def waiting_until(self) -> datetime | None: ...


# The statuses whose resolve and progress clocks run. 고객 회신 대기 is not among them: the
# clock pauses while the customer is expected, and resuming moves resolve_due on.
HANDLING = (Status.RECEIVED.value, Status.ACKNOWLEDGED.value, Status.IN_PROGRESS.value)


def overdue_reasons(case: CaseDeadlines, now: datetime) -> list[str]:
    """Which deadlines of an open case have passed: ack, resolve, progress, callback, followup,
    and waiting (the customer was expected by now: someone should call them)."""
    reasons = []
    if case.status == Status.RECEIVED and case.ack_due < now:
        reasons.append("ack")
    if case.status in HANDLING and case.resolve_due < now:
        reasons.append("resolve")
    if case.status in HANDLING and case.progress_due is not None and case.progress_due < now:
        reasons.append("progress")
    until = _waiting_until(case)
    if until is not None and until < now:
        reasons.append("waiting")
    if case.callback_due is not None and case.callback_due < now:
        reasons.append("callback")
    if case.followup_due is not None and case.followup_due < now:
        reasons.append("followup")
    return reasons


def next_due(case: CaseDeadlines) -> tuple[str, datetime] | None:
    """The nearest deadline still open on the case, for lists and badges."""
    candidates: list[tuple[str, datetime]] = []
    if case.status == Status.RECEIVED:
        candidates.append(("ack", case.ack_due))
    if case.status in HANDLING:
        candidates.append(("resolve", case.resolve_due))
        if case.progress_due is not None:
            candidates.append(("progress", case.progress_due))
    until = _waiting_until(case)
    if until is not None:
        candidates.append(("waiting", until))
    if case.callback_due is not None:
        candidates.append(("callback", case.callback_due))
    if case.followup_due is not None:
        candidates.append(("followup", case.followup_due))
    return min(candidates, key=lambda c: c[1]) if candidates else None


def _waiting_until(case: CaseDeadlines) -> datetime | None:
    """When the customer is expected, while the case waits for them."""
    return case.waiting_until if case.status == Status.WAITING else None
