"""Office settings: stored as JSON values by key, read as one typed, frozen value."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.calendar import BusinessCalendar, OfficeHours
from core.models import Setting


@dataclass(frozen=True)
class OfficeSettings:
    office_name: str = ""
    office_contact: str = ""
    case_prefix: str = "GC"
    timezone: str = "Asia/Seoul"
    office_start: str = "09:00"
    office_end: str = "18:00"
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    # 24시간 대응 원칙, counted in office hours on business days.
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
    setup_done: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def calendar(self) -> BusinessCalendar:
        return calendar_for(self)


_CAL_CACHE: dict[tuple[object, ...], BusinessCalendar] = {}


def calendar_for(s: OfficeSettings) -> BusinessCalendar:
    key = (s.timezone, s.office_start, s.office_end, s.workdays)
    cal = _CAL_CACHE.get(key)
    if cal is None:
        hours = OfficeHours(
            start=time.fromisoformat(s.office_start),
            end=time.fromisoformat(s.office_end),
            workdays=frozenset(s.workdays),
        )
        cal = _CAL_CACHE[key] = BusinessCalendar(hours, tz=s.timezone)
    return cal


_FIELDS = {f.name for f in fields(OfficeSettings)}


def load_settings(session: Session) -> OfficeSettings:
    values: dict[str, Any] = {}
    for row in session.scalars(select(Setting)):
        if row.key in _FIELDS:
            values[row.key] = json.loads(row.value)
    if "workdays" in values:
        values["workdays"] = tuple(values["workdays"])
    return replace(OfficeSettings(), **values)


def store_settings(session: Session, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Write the given keys; return ``{key: (before, after)}`` for the audit trail."""
    unknown = set(changes) - _FIELDS
    if unknown:
        raise KeyError(f"unknown settings: {sorted(unknown)}")
    before = asdict(load_settings(session))
    diff: dict[str, tuple[Any, Any]] = {}
    for key, value in changes.items():
        if isinstance(value, tuple):
            value = list(value)
        old = before[key]
        if isinstance(old, tuple):
            old = list(old)
        if old == value:
            continue
        row = session.get(Setting, key)
        text = json.dumps(value, ensure_ascii=False)
        if row is None:
            session.add(Setting(key=key, value=text))
        else:
            row.value = text
        diff[key] = (old, value)
    session.flush()
    return diff
