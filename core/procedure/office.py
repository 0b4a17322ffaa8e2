"""The office's settings as one typed, frozen value, and its business calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from core.procedure.calendar import BusinessCalendar, OfficeHours


@dataclass(frozen=True)
class OfficeSettings:
    office_name: str = ""
    office_contact: str = ""
    case_prefix: str = "GC"
    timezone: str = "Asia/Seoul"
    office_start: str = "09:00"
    office_end: str = "18:00"
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    # 24시간 대응 원칙: how the acknowledgement deadline is counted (AckRule's values) and,
    # for the clock-hours and office-hours rules, how many hours.
    ack_rule: str = "next_business_day"
    ack_business_hours: int = 24
    resolve_days_normal: int = 7
    resolve_days_important: int = 3
    progress_interval_days: int = 3
    followup_delay_days: int = 3
    # Above this amount (KRW) a supervisor must approve a compensation before it is offered.
    approval_threshold: int = 100_000
    idle_lock_minutes: int = 10
    # Years a complaint record is kept after its case closes (전자상거래법: 3년); then the
    # customer's personal data is destroyed (core.services.retention).
    retention_years: int = 3
    # The office's own closed days and holidays declared after the calendar's release
    # (임시공휴일): (ISO date, name) pairs, counted by every deadline from then on.
    closed_days: tuple[tuple[str, str], ...] = ()
    # A follow-up scored at or below this puts the case in the supervisors' win-back queue.
    winback_score: int = 2
    setup_done: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def calendar(self) -> BusinessCalendar:
        return calendar_for(self)


_CAL_CACHE: dict[tuple[object, ...], BusinessCalendar] = {}


def calendar_for(s: OfficeSettings) -> BusinessCalendar:
    key = (s.timezone, s.office_start, s.office_end, s.workdays, s.closed_days)
    cal = _CAL_CACHE.get(key)
    if cal is None:
        hours = OfficeHours(
            start=time.fromisoformat(s.office_start),
            end=time.fromisoformat(s.office_end),
            workdays=frozenset(s.workdays),
        )
        closed = {date.fromisoformat(day): name for day, name in s.closed_days}
        cal = _CAL_CACHE[key] = BusinessCalendar(hours, tz=s.timezone, closed_days=closed)
    return cal
