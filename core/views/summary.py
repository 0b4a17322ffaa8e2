"""The figures of a 고객불만 요약 and the period they cover."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any


@dataclass(frozen=True)
class Period:
    """A calendar month or year in the office's time zone."""

    year: int
    month: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-11`` or ``2026``; ValueError otherwise."""
        parts = text.strip().split("-")
        if len(parts) == 1 and len(parts[0]) == 4:
            return cls(int(parts[0]))
        if len(parts) == 2 and len(parts[0]) == 4 and 1 <= int(parts[1]) <= 12:
            return cls(int(parts[0]), int(parts[1]))
        raise ValueError(f"not a period: {text!r} (YYYY-MM or YYYY)")

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else f"{self.year}"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, 1)

    def end_day(self) -> date:
        """The first day after the period."""
        if self.month is None:
            return date(self.year + 1, 1, 1)
        return date(self.year + (self.month == 12), self.month % 12 + 1, 1)

    def bounds(self, tz: Any) -> tuple[datetime, datetime]:
        return (
            datetime.combine(self.first_day(), time(0), tz),
            datetime.combine(self.end_day(), time(0), tz),
        )

    def months(self) -> list[Period]:
        """The twelve months the trend line shows: the year's, or the twelve up to this one."""
        if self.month is None:
            return [Period(self.year, m) for m in range(1, 13)]
        out, y, m = [], self.year, self.month
        for _ in range(12):
            out.append(Period(y, m))
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        return list(reversed(out))


@dataclass(frozen=True)
class StaffRow:
    name: str
    received: int
    assigned: int
    resolved: int
    on_time: int
    satisfaction_mean: float | None


@dataclass(frozen=True)
class Summary:
    period: str
    received: int
    by_nature: dict[str, int]
    communication_kinds: dict[str, int]
    unclassified: int
    by_category: list[dict[str, Any]]
    top3_share: float
    by_channel: dict[str, int]
    # Acknowledged by the deadline each case was given under the office's rule (the same time
    # on the next business day, ...), and within 24 hours on the clock: both, never one
    # passed off as the other.
    ack_within_rule_rate: float | None
    ack_within_24_clock_hours_rate: float | None
    resolution_days_median: float | None
    resolution_days_p90: float | None
    overdue: int
    compensation: dict[str, dict[str, int]]
    satisfaction_mean: float | None
    satisfaction_distribution: dict[str, int]
    open_at_end: int
    repeat_complainants: int
    closed_invalid: int
    closed_withdrawn: int
    improvements_opened: int
    improvements_closed: int
    staff: list[StaffRow] = field(default_factory=list)
    trend: list[dict[str, Any]] = field(default_factory=list)
    # kind -> outcome (offered, accepted, delivered, declined) -> {"count", "amount"}. Accepted
    # and delivered under the kind the customer chose, at the amount agreed.
    compensation_outcomes: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    waited_for_customer: int = 0  # cases of the period that waited for the customer
    waiting_now: int = 0  # of those, still waiting
    satisfaction_answered: int = 0
    satisfaction_no_answer: int = 0  # followed up, no score given (응답 없음)
    low_satisfaction: int = 0  # scored at or below ``winback_score``
    winback_score: int = 2
    improvements_verified: int = 0
    # Improvements opened, completed or verified in the period: title, kind, status, owner,
    # the local dates (ISO) and how many cases are linked.
    improvements: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["staff"] = [asdict(s) for s in self.staff]
        return data
