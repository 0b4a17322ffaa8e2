"""The office's business calendar: office hours on working days, Korean public holidays off.

Deadlines (core.procedure.deadlines) count only office time: 24 business hours from
Friday 15:00 in an office open 09:00-18:00 ends on Wednesday 12:00. Holidays come from the
``holidays`` package (설날, 추석 and 대체공휴일 included), so nobody keeps a list by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

_MAX_DAYS = 3660  # a guard: no deadline lies ten years of closed days away
_ORIGIN = date(2000, 1, 1)


@dataclass(frozen=True)
class OfficeHours:
    start: time = time(9, 0)
    end: time = time(18, 0)
    workdays: frozenset[int] = field(default_factory=lambda: frozenset({0, 1, 2, 3, 4}))

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError("office hours must start before they end")
        if not self.workdays or not self.workdays <= frozenset(range(7)):
            raise ValueError("workdays must be a non-empty subset of 0..6 (Monday=0)")

    @property
    def hours_per_day(self) -> float:
        span = datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)
        return span.total_seconds() / 3600


class BusinessCalendar:
    def __init__(
        self,
        hours: OfficeHours | None = None,
        tz: str = "Asia/Seoul",
        closed_days: dict[date, str] | None = None,
    ) -> None:
        self.hours = hours or OfficeHours()
        self.tz = ZoneInfo(tz)
        # The office's own closed days and late-declared holidays, with their names.
        self.closed_days = dict(closed_days or {})
        self._holidays = holidays.country_holidays("KR", language="ko")
        self._business: dict[date, bool] = {}
        self._opening: dict[date, tuple[datetime, datetime]] = {}  # a day's opening, closing
        self._days_after: dict[tuple[date, int], datetime] = {}  # add_business_days' answers
        self._prefix: list[float] = [0.0]  # office seconds before each day since _ORIGIN

    # ------------------------------------------------------------------ days

    def holiday_name(self, day: date) -> str | None:
        return self.closed_days.get(day) or self._holidays.get(day)

    def is_business_day(self, day: date) -> bool:
        known = self._business.get(day)
        if known is None:
            known = (
                day.weekday() in self.hours.workdays
                and day not in self._holidays
                and day not in self.closed_days
            )
            self._business[day] = known
        return known

    def local_date(self, moment: datetime) -> date:
        return self._local(moment).date()

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        start = datetime.combine(day, time(0), self.tz)
        end = datetime.combine(day + timedelta(days=1), time(0), self.tz)
        return start.astimezone(UTC), end.astimezone(UTC)

    # ------------------------------------------------------------------ arithmetic

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("a timezone-aware datetime is required")
        return moment.astimezone(self.tz)

    def _open_close(self, day: date) -> tuple[datetime, datetime]:
        known = self._opening.get(day)
        if known is None:
            known = (
                datetime.combine(day, self.hours.start, self.tz),
                datetime.combine(day, self.hours.end, self.tz),
            )
            self._opening[day] = known
        return known

    def add_business_hours(self, start: datetime, hours: float) -> datetime:
        """``hours`` of office time after ``start`` (aware); the result is aware UTC.

        A start outside office hours counts from the next opening. A deadline that lands
        exactly on closing time stays at closing time of that day.
        """
        if hours < 0:
            raise ValueError("hours must not be negative")
        local = self._local(start)
        remaining = timedelta(hours=hours)
        day = local.date()
        for _ in range(_MAX_DAYS):
            if self.is_business_day(day):
                opening, closing = self._open_close(day)
                begin = max(local, opening)
                if begin < closing:
                    available = closing - begin
                    if remaining <= available:
                        return (begin + remaining).astimezone(UTC)
                    remaining -= available
                elif remaining == timedelta(0) and begin == closing and local <= closing:
                    return closing.astimezone(UTC)
            day += timedelta(days=1)
            local = datetime.combine(day, time(0), self.tz)
        raise ValueError("no business time found within ten years")

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """Closing time of the ``days``-th business day after start's local date (0: that day
        if it is a business day, else the next one); aware UTC."""
        if days < 0:
            raise ValueError("days must not be negative")
        start_day = self.local_date(start)
        known = self._days_after.get((start_day, days))
        if known is not None:
            return known
        day = start_day
        counted = 0 if self.is_business_day(day) else -1
        if counted < 0:
            counted = 0
            day = self._next_business_day(day)
        while counted < days:
            day = self._next_business_day(day)
            counted += 1
        known = self._days_after[(start_day, days)] = self._open_close(day)[1].astimezone(UTC)
        return known

    def same_time_next_business_day(self, start: datetime) -> datetime:
        """The same office time on the next business day after start's local date; aware UTC.

        Received outside office hours, the deadline is that day's closing time: a complaint
        left on the answering machine at 22:00 is due by the next business day's close.
        """
        local = self._local(start)
        day = self._next_business_day(local.date())
        opening, closing = self._open_close(day)
        due = datetime.combine(day, local.time().replace(tzinfo=None), self.tz)
        if not opening <= due <= closing:
            due = closing
        return due.astimezone(UTC)

    def _next_business_day(self, day: date) -> date:
        for _ in range(_MAX_DAYS):
            day += timedelta(days=1)
            if self.is_business_day(day):
                return day
        raise ValueError("no business day found within ten years")

    def office_seconds(self, moment: datetime) -> float:
        """Office time from 2000-01-01 to ``moment``, in seconds.

        Differences of this give business time between any two moments in O(1): summaries
        over a year of cases need that for every case.
        """
        local = self._local(moment)
        index = (local.date() - _ORIGIN).days
        if index < 0:
            raise ValueError("dates before 2000 are not supported")
        self._extend_prefix(index + 1)
        total = self._prefix[index]
        if self.is_business_day(local.date()):
            opening, closing = self._open_close(local.date())
            if local > opening:
                total += (min(local, closing) - opening).total_seconds()
        return total

    def _extend_prefix(self, upto: int) -> None:
        day_seconds = self.hours.hours_per_day * 3600
        while len(self._prefix) <= upto:
            day = _ORIGIN + timedelta(days=len(self._prefix) - 1)
            step = day_seconds if self.is_business_day(day) else 0.0
            self._prefix.append(self._prefix[-1] + step)

    def business_hours_between(self, a: datetime, b: datetime) -> float:
        """Office time from ``a`` to ``b`` in hours; 0 when ``b`` is not after ``a``."""
        return max(0.0, self.office_seconds(b) - self.office_seconds(a)) / 3600

    def business_days_between(self, a: datetime, b: datetime) -> float:
        return self.business_hours_between(a, b) / self.hours.hours_per_day
