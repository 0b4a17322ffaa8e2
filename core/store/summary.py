"""고객불만 요약: the monthly and annual figures a supervisor reports (DOMAIN.md).

A case belongs to the period of its received time in the office's local time. Counts are
SQL aggregates; resolution times use the business calendar's O(1) office-time difference,
so a year of a large office is summarised in well under the budget. Each month's figures are
kept (``summary_months``); this module adds them up with those that depend on "now".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select, text
from sqlalchemy.orm import Session

from core.db.models import Case, Category, Improvement, ImprovementCase, User
from core.db.models.case import UNSETTLED_SQL  # the partial index's condition, word for word
from core.procedure.enums import (
    Closure,
    CompensationStatus,
    ImprovementStatus,
    Nature,
    Status,
)
from core.procedure.office import OfficeSettings
from core.store.summary_months import FreshMonth, months_of
from core.views import Period, StaffRow, Summary
from core.words.catalogue import translator

COMMUNICATION = (Nature.HELP_SEEKING.value, Nature.CONSULTATION.value, Nature.VENTING.value)
OUTCOMES = ("offered", "accepted", "delivered", "declined")
# Which compensation statuses count under each outcome: an offer the customer answered was
# offered; one delivered was accepted first.
_COUNTED_AS = {
    CompensationStatus.OFFERED.value: ("offered",),
    CompensationStatus.ACCEPTED.value: ("offered", "accepted"),
    CompensationStatus.DELIVERED.value: ("offered", "accepted", "delivered"),
    CompensationStatus.DECLINED.value: ("offered", "declined"),
}


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _weighted_percentile(counts: Counter[int], q: float) -> float | None:
    """Nearest-rank percentile of values given as {value: how many}: the smallest value with
    at least q of the values at or below it."""
    total = sum(counts.values())
    if not total:
        return None
    rank = max(1, -(-total * q // 1))  # ceil
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return None  # not reached


def _weighted_median(counts: Counter[int]) -> float | None:
    """The median as statistics.median gives it: the mean of the two middle values if even."""
    total = sum(counts.values())
    if not total:
        return None
    lower_rank, upper_rank = (total + 1) // 2, total // 2 + 1
    lower = upper = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and seen >= lower_rank:
            lower = value
        if seen >= upper_rank:
            upper = value
            break
    assert lower is not None and upper is not None
    return lower if total % 2 else (lower + upper) / 2


def compute(
    session: Session,
    settings: OfficeSettings,
    period: Period,
    now: datetime,
    *,
    lang: str = "ko",
    fresh: list[FreshMonth] | None = None,
) -> Summary:
    """The period's figures. Months not kept (or stale) are appended to ``fresh``."""
    cal = settings.calendar()
    start, end = period.bounds(cal.tz)
    in_period = and_(Case.received_at >= start, Case.received_at < end)
    cut = min(end, now)  # "overdue" and "open" as of the period's end, or now if sooner

    natures: Counter[str] = Counter()
    per_cat: Counter[int | None] = Counter()
    by_channel: Counter[str] = Counter()
    closures: Counter[str | None] = Counter()
    distribution = {str(k): 0 for k in range(1, 6)}
    staff = _StaffTally(dict(session.execute(select(User.id, User.display_name)).all()))
    minutes: Counter[int] = Counter()
    compensation: dict[str, dict[str, int]] = {}
    repeaters: set[int] = set()
    singles: Counter[int] = Counter()
    outcomes: dict[str, dict[str, dict[str, int]]] = {}
    ack_total = ack_good = overdue = 0
    clock_good = no_answer = waited = 0
    months = months_of(session, period, cal.tz, fresh)
    for month in months.values():
        for row in month["groups"]:
            nature, cat_id, channel, closure, assignee, clerk = row[:6]
            n, acked, good, late, done, timely = row[6:12]
            natures[nature] += n
            per_cat[cat_id] += n
            by_channel[channel] += n
            closures[closure] += n
            ack_total += acked
            ack_good += good
            overdue += late
            sat = row[12:17]
            for k, count in enumerate(sat, start=1):
                distribution[str(k)] += count
            clock_good += row[17]
            staff.add(clerk, assignee, n, done, timely, sat)
        minutes.update(dict(month["minutes"]))
        for kind, n, amount in month["compensation"]:
            total = compensation.setdefault(kind, {"count": 0, "amount": 0})
            total["count"] += n
            total["amount"] += amount
        for kind, choice, status, n, amount, chosen in month["compensation_outcomes"]:
            for outcome in _COUNTED_AS.get(status, ()):
                # What the customer took is counted under what they chose, at the agreed sum.
                took = outcome in ("accepted", "delivered")
                row_kind = (choice or kind) if took else kind
                tally = _outcome_row(outcomes, row_kind)[outcome]
                tally["count"] += n
                tally["amount"] += chosen if took else amount
        no_answer += month["no_answer"]
        waited += month["waited"]
        repeaters.update(month["repeaters"])
        singles.update(month["singles"])

    # Cases still waiting for their acknowledgement or resolution: whether they count as
    # missed or overdue depends on the cut, so they are read live (a short partial index).
    unacked = and_(
        Case.acknowledged_at.is_(None),
        or_(
            Case.closure.is_(None),
            Case.closure.not_in([Closure.INVALID.value, Closure.WITHDRAWN.value]),
        ),
        Case.ack_due < cut,
    )
    # Not acknowledged 24 hours on the clock after receipt, by the cut: missed on the clock.
    unacked_clock = and_(
        Case.acknowledged_at.is_(None),
        or_(
            Case.closure.is_(None),
            Case.closure.not_in([Closure.INVALID.value, Closure.WITHDRAWN.value]),
        ),
        Case.received_at < cut - timedelta(hours=24),
    )
    waiting_late = and_(Case.resolved_at.is_(None), Case.closure.is_(None), Case.resolve_due < cut)
    missed, missed_clock, late_now = session.execute(
        select(
            func.coalesce(func.sum(case((unacked, 1), else_=0)), 0),
            func.coalesce(func.sum(case((unacked_clock, 1), else_=0)), 0),
            func.coalesce(func.sum(case((waiting_late, 1), else_=0)), 0),
        ).where(in_period, text(f"({UNSETTLED_SQL})"))  # in brackets: it is an OR
    ).one()
    acked = ack_total
    ack_total += int(missed)
    clock_total = acked + int(missed_clock)
    overdue += int(late_now)
    # Waiting for the customer now: a handful of rows of the (status, ...) index, counted
    # here; asked with the period in SQL, SQLite would walk the period's range instead.
    waiting_now = sum(
        1
        for at in session.scalars(
            select(Case.received_at).where(Case.status == Status.WAITING.value)
        )
        if start <= at < end
    )

    received = sum(natures.values())
    by_nature = {
        "effective": natures.get(Nature.EFFECTIVE.value, 0),
        "communication": sum(natures.get(n, 0) for n in COMMUNICATION),
        "support": natures.get(Nature.SUPPORT.value, 0),
        "invalid": natures.get(Nature.INVALID.value, 0),
    }
    kinds = {n: natures.get(n, 0) for n in COMMUNICATION}

    cats = {c.id: c for c in session.scalars(select(Category))}
    unnamed = translator(lang).tr("미분류")
    by_category: list[dict[str, Any]] = []
    for cat_id, n in per_cat.items():
        c = cats.get(cat_id) if cat_id is not None else None
        parent = cats.get(c.parent_id) if c and c.parent_id else None
        by_category.append(
            {
                "category": (c.name_en if lang == "en" else c.name_ko) if c else unnamed,
                "code": c.code if c else None,
                "parent": (parent.name_en if lang == "en" else parent.name_ko) if parent else None,
                "count": n,
                "share": _share(n, received),
            }
        )
    by_category.sort(key=lambda r: (-r["count"], r["category"]))
    top3 = sum(r["count"] for r in by_category[:3])
    ack_rate = round(ack_good / ack_total, 4) if ack_total else None
    clock_rate = round(clock_good / clock_total, 4) if clock_total else None

    # Business days to resolve: the hours were fixed on each case when it was resolved.
    day_minutes = cal.hours.hours_per_day * 60
    median = _weighted_median(minutes)
    p90 = _weighted_percentile(minutes, 0.9)
    median = round(median / day_minutes, 2) if median is not None else None
    p90 = round(p90 / day_minutes, 2) if p90 is not None else None

    answered = sum(distribution.values())
    sat_mean = (
        round(sum(int(k) * v for k, v in distribution.items()) / answered, 2) if answered else None
    )
    low = sum(v for k, v in distribution.items() if int(k) <= settings.winback_score)

    # Open at the period's end: received before it and not closed before it. Both parts are
    # short ranges of the (closed_at, received_at) index: open cases, and those closed since.
    before_end = Case.received_at < end
    open_at_end = (
        session.scalar(select(func.count()).where(Case.closed_at.is_(None), before_end)) or 0
    ) + (session.scalar(select(func.count()).where(Case.closed_at >= end, before_end)) or 0)

    # Repeat complainants: customers of this period who complained more than once, here or
    # before (004 #6): repeaters of a month, and those who came once in two of its months.
    repeaters.update(c for c, n in singles.items() if n > 1)
    repeat = len(repeaters)

    improvements_opened = (
        session.scalar(
            select(func.count()).where(
                Improvement.created_at >= start, Improvement.created_at < end
            )
        )
        or 0
    )
    improvements_closed = (
        session.scalar(
            select(func.count()).where(Improvement.closed_at >= start, Improvement.closed_at < end)
        )
        or 0
    )

    improvements_verified = (
        session.scalar(
            select(func.count()).where(
                Improvement.verified_at >= start, Improvement.verified_at < end
            )
        )
        or 0
    )
    improvements = _improvements(session, start, end, cal.tz)

    trend = []
    for each in period.months():
        if each.label in months:  # already read: the sum of its groups
            n = sum(row[6] for row in months[each.label]["groups"])
        else:
            a, b = each.bounds(cal.tz)
            n = session.scalar(
                select(func.count()).where(Case.received_at >= a, Case.received_at < b)
            )
        trend.append({"period": each.label, "received": n or 0})

    return Summary(
        period=period.label,
        received=received,
        by_nature=by_nature,
        communication_kinds=kinds,
        unclassified=natures.get(Nature.UNCLASSIFIED.value, 0),
        by_category=by_category,
        top3_share=_share(top3, received),
        by_channel=dict(by_channel),  # a plain dict: asdict() mangles a Counter
        ack_within_rule_rate=ack_rate,
        ack_within_24_clock_hours_rate=clock_rate,
        resolution_days_median=median,
        resolution_days_p90=p90,
        overdue=overdue,
        compensation=compensation,
        satisfaction_mean=sat_mean,
        satisfaction_distribution=distribution,
        open_at_end=open_at_end,
        repeat_complainants=repeat,
        closed_invalid=closures.get(Closure.INVALID.value, 0),
        closed_withdrawn=closures.get(Closure.WITHDRAWN.value, 0),
        improvements_opened=improvements_opened,
        improvements_closed=improvements_closed,
        staff=staff.rows(),
        trend=trend,
        compensation_outcomes=outcomes,
        waited_for_customer=waited,
        waiting_now=waiting_now,
        satisfaction_answered=answered,
        satisfaction_no_answer=no_answer,
        low_satisfaction=low,
        winback_score=settings.winback_score,
        improvements_verified=improvements_verified,
        improvements=improvements,
    )


def _outcome_row(
    outcomes: dict[str, dict[str, dict[str, int]]], kind: str
) -> dict[str, dict[str, int]]:
    found = outcomes.get(kind)
    if found is None:
        found = outcomes[kind] = {o: {"count": 0, "amount": 0} for o in OUTCOMES}
    return found


def _improvements(
    session: Session, start: datetime, end: datetime, tz: Any
) -> list[dict[str, Any]]:
    """The improvements opened, completed or verified in [start, end), oldest first, each
    with its linked cases counted (the register is small: a few a month)."""

    def within(column: Any) -> Any:
        return and_(column >= start, column < end)

    linked = (
        select(ImprovementCase.improvement_id, func.count().label("n"))
        .group_by(ImprovementCase.improvement_id)
        .subquery()
    )
    rows = session.execute(
        select(Improvement, User.display_name, func.coalesce(linked.c.n, 0))
        .outerjoin(User, User.id == Improvement.owner_id)
        .outerjoin(linked, linked.c.improvement_id == Improvement.id)
        .where(
            or_(
                within(Improvement.created_at),
                within(Improvement.closed_at),
                within(Improvement.verified_at),
            )
        )
        .order_by(Improvement.created_at, Improvement.id)
    ).all()

    def day(moment: datetime | None, counted: bool = True) -> str | None:
        if moment is None or not counted:
            return None
        return moment.astimezone(tz).date().isoformat()

    return [
        {
            "id": imp.id,
            "title": imp.title,
            "kind": imp.kind,
            "status": imp.status,
            "owner": owner,
            "opened": day(imp.created_at, start <= imp.created_at < end),
            # Closed as done (or done and since verified); a dropped one shows its status only.
            "completed": day(
                imp.closed_at,
                imp.closed_at is not None
                and start <= imp.closed_at < end
                and imp.status in (ImprovementStatus.DONE.value, ImprovementStatus.VERIFIED.value),
            ),
            "verified": day(
                imp.verified_at, imp.verified_at is not None and start <= imp.verified_at < end
            ),
            "cases": int(n),
        }
        for imp, owner, n in rows
    ]


class _StaffTally:
    """Per person: received as clerk, assigned, resolved, on time, satisfaction."""

    def __init__(self, names: dict[int, str]) -> None:
        self.names = names
        self.received: Counter[str] = Counter()
        self.assigned: Counter[str] = Counter()
        self.resolved: Counter[str] = Counter()
        self.on_time: Counter[str] = Counter()
        self.scores: dict[str, list[int]] = defaultdict(lambda: [0] * 5)

    def add(
        self, clerk: str, assignee: int | None, n: int, done: int, timely: int, scores: list[int]
    ) -> None:
        self.received[clerk] += n
        if assignee is None:
            return
        name = self.names.get(assignee, "?")
        self.assigned[name] += n
        self.resolved[name] += done
        self.on_time[name] += timely
        self.scores[name] = [a + b for a, b in zip(self.scores[name], scores, strict=True)]

    def rows(self) -> list[StaffRow]:
        out = []
        for p in sorted(set(self.received) | set(self.assigned)):
            counts = self.scores.get(p, [0] * 5)
            answered = sum(counts)
            mean = (
                round(sum(k * c for k, c in enumerate(counts, 1)) / answered, 2)
                if answered
                else None
            )
            out.append(
                StaffRow(
                    p, self.received[p], self.assigned[p], self.resolved[p], self.on_time[p], mean
                )
            )
        return out
