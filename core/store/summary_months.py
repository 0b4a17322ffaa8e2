"""Each month's summary figures, kept so that a year's summary reads twelve small rows instead
of a year of cases. A kept month is stamped with the change counters of the days it spans
(``CaseDayChange``): while the stamp holds its figures hold, and a stale or missing month is
computed afresh in a read transaction and kept by a short write afterwards. Only figures that
do not depend on "now" are kept; ``summary.compute`` adds the live ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    and_,
    case,
    distinct,
    func,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.db.models import (
    Case,
    CaseDayChange,
    Compensation,
    FollowUp,
    StatusChange,
    SummaryMonth,
)
from core.procedure.enums import CompensationStatus, FollowUpStatus, Status
from core.views import Period

# The shape of a kept month's figures; kept months of another shape are computed afresh.
# 4: acknowledged within 24 clock hours, compensation by outcome, follow-ups without an
# answer, cases that waited for the customer.
LAYOUT = 4


@dataclass
class FreshMonth:
    """A month computed in a read transaction, to be kept by a short write afterwards."""

    start: datetime
    end: datetime
    stamp: int
    figures: dict[str, Any]


def _stamp(session: Session, start: datetime, end: datetime) -> int:
    """The sum of the change counters of the UTC days the range touches (the day counters
    are defined in core/db/models/summary_cache.py)."""
    first = start.astimezone(UTC).date().isoformat()
    last = (end - timedelta(microseconds=1)).astimezone(UTC).date().isoformat()
    return int(
        session.scalar(
            select(func.coalesce(func.sum(CaseDayChange.changes), 0)).where(
                CaseDayChange.day >= first, CaseDayChange.day <= last
            )
        )
        or 0
    )


def within_clock_hours(session: Session, hours: int = 24) -> ColumnElement[bool]:
    """SQL for "acknowledged within ``hours`` on the clock" (deadlines.within_clock_hours).

    SQLite keeps times as whole microseconds (core.db.types), so the test is exact.
    """
    if session.get_bind().dialect.name == "postgresql":
        return Case.acknowledged_at - Case.received_at <= literal_column(
            f"interval '{int(hours)} hours'"
        )
    waited = type_coerce(Case.acknowledged_at, BigInteger) - type_coerce(
        Case.received_at, BigInteger
    )
    return waited <= int(hours) * 3_600_000_000


def _month_figures(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    """Everything about the cases received in [start, end) that does not depend on "now".

    The 24-hour and overdue tests of cases still waiting depend on the moment the summary is
    taken for; they are counted live from the small unsettled-cases index instead.
    """
    in_range = and_(Case.received_at >= start, Case.received_at < end)
    ack_ok = case(
        (and_(Case.acknowledged_at.is_not(None), Case.acknowledged_at <= Case.ack_due), 1),
        else_=0,
    )
    keys = (
        Case.nature,
        Case.category_id,
        Case.channel,
        Case.closure,
        Case.assignee_id,
        Case.received_by_name,
    )
    groups = session.execute(
        select(
            *keys,
            func.count(),
            func.count(Case.acknowledged_at),  # acknowledged: counted for the 24-hour rate
            func.sum(ack_ok),
            func.sum(case((Case.resolved_at > Case.resolve_due, 1), else_=0)),  # resolved late
            func.count(Case.resolved_at),
            func.sum(case((Case.resolved_at <= Case.resolve_due, 1), else_=0)),
            *[func.sum(case((Case.satisfaction == k, 1), else_=0)) for k in range(1, 6)],
            # Acknowledged within 24 hours on the clock, beside the case's own deadline.
            func.sum(
                case(
                    (and_(Case.acknowledged_at.is_not(None), within_clock_hours(session)), 1),
                    else_=0,
                )
            ),
        )
        .where(in_range)
        .group_by(*keys)
    ).all()
    # Business minutes (whole): a hundredth of a business day is over five minutes, so the
    # median and p90 in days come out the same, and a month holds a few thousand values
    # instead of one per case.
    minutes = func.round(Case.resolution_business_hours * 60)
    hours = session.execute(
        select(minutes, func.count())
        .where(in_range, Case.resolution_business_hours.is_not(None))
        .group_by(minutes)
    ).all()
    # Offered, accepted, declined, delivered: what the customer chose (one of the options)
    # and at what amount, once they answered.
    outcomes = session.execute(
        select(
            Compensation.kind,
            Compensation.customer_choice,
            Compensation.status,
            func.count(),
            func.coalesce(func.sum(Compensation.amount), 0),
            func.coalesce(
                func.sum(func.coalesce(Compensation.chosen_amount, Compensation.amount)), 0
            ),
        )
        .join(Case, Case.id == Compensation.case_id)
        .where(in_range)
        .group_by(Compensation.kind, Compensation.customer_choice, Compensation.status)
    ).all()
    # Follow-ups made where the customer gave no score (응답 없음), counted apart from the
    # scores; a case scored at a later follow-up counts with its score.
    no_answer = session.scalar(
        select(func.count(distinct(FollowUp.case_id)))
        .join(Case, Case.id == FollowUp.case_id)
        .where(
            in_range,
            FollowUp.status == FollowUpStatus.DONE.value,
            FollowUp.satisfaction.is_(None),
            Case.satisfaction.is_(None),
        )
    )
    waited = session.scalar(
        select(func.count(distinct(StatusChange.case_id)))
        .join(Case, Case.id == StatusChange.case_id)
        .where(in_range, StatusChange.to_status == Status.WAITING.value)
    )
    customers = session.execute(
        select(Case.customer_id, func.count(), func.max(case((Case.repeat_customer, 1), else_=0)))
        .where(in_range)
        .group_by(Case.customer_id)
    ).all()
    # Repeat complainants of the month already: twice in it, or complained before it. The
    # others are kept so that a year can find those who came once in each of two months.
    repeaters = [c for c, n, before in customers if n > 1 or before]
    singles = [c for c, n, before in customers if n == 1 and not before]
    return {
        "groups": [list(r[:6]) + [int(v or 0) for v in r[6:]] for r in groups],
        "minutes": [[int(m), n] for m, n in hours],
        "compensation": _proposed(outcomes),
        "compensation_outcomes": [
            [k, choice, status, n, int(a), int(chosen)]
            for k, choice, status, n, a, chosen in outcomes
        ],
        "no_answer": int(no_answer or 0),
        "waited": int(waited or 0),
        "repeaters": repeaters,
        "singles": singles,
    }


def _proposed(outcomes: Any) -> list[list[Any]]:
    """Compensation proposed and not refused (by a supervisor or the customer), by the kind
    proposed: count and amount. Read from the outcomes' rows, not a second join."""
    refused = (CompensationStatus.REJECTED.value, CompensationStatus.DECLINED.value)
    totals: dict[str, list[int]] = {}
    for kind, _choice, status, n, amount, _chosen in outcomes:
        if status not in refused:
            total = totals.setdefault(kind, [0, 0])
            total[0] += n
            total[1] += int(amount)
    return [[kind, n, amount] for kind, (n, amount) in totals.items()]


def months_of(
    session: Session, period: Period, tz: Any, fresh: list[FreshMonth] | None
) -> dict[str, dict[str, Any]]:
    """Each month's figures by label: kept ones while their stamp holds, others computed now."""
    out = {}
    for month in [period] if period.month else period.months():
        figures, computed = _month(session, month, tz)
        if computed is not None and fresh is not None:
            fresh.append(computed)
        out[month.label] = figures
    return out


def _month(
    session: Session, month: Period, tz: Any, *, only_stale: bool = False
) -> tuple[dict[str, Any], FreshMonth | None]:
    start, end = month.bounds(tz)
    stamp = _stamp(session, start, end)  # read first: figures are never older than it
    this_month = and_(SummaryMonth.start_at == start, SummaryMonth.end_at == end)
    # The stamp alone decides; the figures (a megabyte in a big office) are read only if used.
    kept = session.execute(
        select(SummaryMonth.stamp, SummaryMonth.layout).where(this_month)
    ).first()
    if kept is not None and tuple(kept) == (stamp, LAYOUT):
        if only_stale:
            return {}, None
        saved = session.scalars(select(SummaryMonth.figures).where(this_month)).one()
        return json.loads(saved), None
    figures = _month_figures(session, start, end)
    return figures, FreshMonth(start, end, stamp, figures)


def stale_months(session: Session, tz: Any, months: list[Period]) -> list[FreshMonth]:
    """The figures of those of ``months`` not kept or kept stale, computed now."""
    out = []
    for month in months:
        _, computed = _month(session, month, tz, only_stale=True)
        if computed is not None:
            out.append(computed)
    return out


def keep_months(session: Session, fresh: list[FreshMonth]) -> None:
    """Store months computed by ``compute`` (replacing older figures of the same range).

    One upsert per month: two PCs keeping the same new month at once (both start-ups, or a
    summary opened during an import) would otherwise both insert it, and on PostgreSQL the
    second one failed on the primary key.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for m in fresh:
        stmt = dialect.insert(SummaryMonth).values(
            start_at=m.start,
            end_at=m.end,
            stamp=m.stamp,
            layout=LAYOUT,
            figures=json.dumps(m.figures, separators=(",", ":")),
        )
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=[SummaryMonth.start_at, SummaryMonth.end_at],
                set_={
                    "stamp": stmt.excluded.stamp,
                    "layout": LAYOUT,
                    "figures": stmt.excluded.figures,
                },
                # Unless somebody kept newer figures meanwhile.
                where=SummaryMonth.stamp <= stmt.excluded.stamp,
            )
        )
