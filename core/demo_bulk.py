"""A big demo register fast: cases with their whole history, written set-wise.

``core.demo`` plays each case through the services, which is exact but takes about 23 ms a
case; a million cases would take six hours. Here each case's story is drawn the same way
(the same content, the same shares of channels, natures, compensation and satisfaction,
steps in office hours, newer cases still open) and written through ``core.bulk``, with one
audit event per case that records the story. Used by ``demo`` for large counts.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select

from core import demo_content as content
from core.actor import Actor
from core.bulk import BulkCase, write_cases
from core.calendar import BusinessCalendar
from core.db.database import Database
from core.demo import (
    _CHANNELS,
    _NATURES,
    DAYS,
    DemoResult,
    _ensure_staff,
    _office_moment,
    _pick,
    prepare_office,
)
from core.enums import Closure, CompensationKind, Status
from core.models import Category
from core.services.base import Tx

BATCH = 2000
AMOUNTS = [10_000, 20_000, 30_000, 50_000, 80_000, 150_000, 300_000, 700_000]


def generate_bulk(
    db: Database,
    cases: int,
    *,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    rng = random.Random(seed)
    end = db.clock()
    settings = prepare_office(db, end)
    staff, password = _ensure_staff(db, rng)
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        category_ids = {c.code: c.id for c in uow.session.scalars(select(Category))}
    cal = settings.calendar()
    start = end - timedelta(days=DAYS)
    span = (end - start).total_seconds()
    moments = sorted(
        _office_moment(rng, start + timedelta(seconds=rng.random() * span), cal)
        for _ in range(cases)
    )
    moments = [min(m, end - timedelta(minutes=5)) for m in moments]
    customers: list[tuple[int, str]] = []  # (id, name) of earlier cases, for repeat complainants
    done = 0
    for first in range(0, cases, BATCH):
        batch = []
        for received_at in moments[first : first + BATCH]:
            batch.append(_story(rng, staff, cal, category_ids, received_at, end, customers))
        with db.unit_of_work() as uow:
            assert uow.session is not None
            tx = Tx(uow.session, Actor.system(), end)
            write_cases(tx, batch, reason="데모")
            tx.flush_audit()
            uow.commit()
        # A few of them come back later with another complaint.
        customers.extend((c.customer_id, c.customer["name"]) for c in batch[::40])
        done = min(first + BATCH, cases)
        if progress:
            progress(done, cases)
    users = tuple(sorted((a.username, a.role.value) for actors in staff.values() for a in actors))
    return DemoResult(done, users, password)


def _story(
    rng: random.Random,
    staff: dict[str, list[Actor]],
    cal: BusinessCalendar,
    category_ids: dict[str, int],
    t: datetime,
    end: datetime,
    customers: list[tuple[int, str]],
) -> BulkCase:
    clerk = rng.choice(staff.get("clerk") or staff.get("supervisor") or [Actor.system()])
    handler = rng.choice(staff.get("handler") or staff.get("supervisor") or [Actor.system()])
    codes = list(content.CATEGORY_WEIGHTS)
    category = rng.choices(codes, list(content.CATEGORY_WEIGHTS.values()))[0]
    text = content.complaint(category, rng)
    nature = _pick(rng, _NATURES)
    has_email = rng.random() < 0.35
    repeat = customers and rng.random() < 0.08
    customer_id, name = rng.choice(customers) if repeat else (None, content.person_name(rng))
    case = BulkCase(
        received_at=t,
        customer={
            "name": name,
            "phone": content.phone_number(rng),
            "email": content.email_for(rng.randrange(10**6), rng) if has_email else None,
            "address": content.address(rng) if rng.random() < 0.6 else None,
            "preferred_channel": "phone",
        },
        consent_purpose="고객불만 처리 및 결과 회신",
        channel=_pick(rng, _CHANNELS),
        subject=text.subject,
        description=text.description,
        request=text.request,
        nature=nature,
        severity="important" if rng.random() < 0.12 else "normal",
        category_id=category_ids.get(category),
        assignee_id=handler.user_id,
        customer_id=customer_id,
        received_by=(clerk.user_id, clerk.display_name),
    )

    def staff_time(at: datetime) -> datetime:
        opening = cal.add_business_hours(at, 0)
        return opening + timedelta(minutes=rng.randrange(150) if opening != at else 0)

    story: list[str] = []
    case.audit = [("case.demo", {"case_story": story, "received_at": t})]
    t = staff_time(t + timedelta(hours=rng.choice([0.3, 1, 2, 4, 6, 20, 30, 60])))
    if t >= end:
        return case
    if nature == "invalid" and rng.random() < 0.6:
        case.status, case.closure, case.closed_at = (
            Status.CLOSED.value,
            Closure.INVALID.value,
            t,
        )
        story.append("closed_invalid")
        return case
    case.status, case.acknowledged_at = Status.ACKNOWLEDGED.value, t
    story.append("acknowledged")
    for i in range(rng.choice([1, 1, 2, 2, 3])):
        t = staff_time(t + timedelta(hours=rng.uniform(2, 50)))
        if t >= end:
            return case
        kind = "investigation" if i == 0 else rng.choice(["fix", "specialist", "note"])
        case.actions.append(
            (
                kind,
                content.action_note(kind, category, rng),
                t,
                handler.user_id,
                handler.display_name,
            )
        )
        case.status = Status.IN_PROGRESS.value
        if rng.random() < 0.5:
            case.contacts.append(
                (
                    "outbound",
                    "phone",
                    "progress",
                    content.contact_summary("outbound", "progress", rng),
                    t + timedelta(minutes=30),
                )
            )
    story.append("handled")
    if rng.random() < 0.28:
        kind = rng.choice(list(CompensationKind))
        amount = (
            0
            if kind in (CompensationKind.APOLOGY, CompensationKind.ADDITIONAL_SERVICE)
            else rng.choice(AMOUNTS)
        )
        case.compensation = (kind.value, amount, None)
    t = staff_time(t + timedelta(hours=rng.uniform(2, 48)))
    if t >= end:
        case.compensation = None
        return case
    satisfied = rng.random() < 0.8
    case.status, case.resolved_at = Status.RESOLVED.value, t
    case.result = content.resolution_result(category, rng)
    story.append("resolved")
    t = staff_time(t + timedelta(days=rng.uniform(2, 8)))
    if t >= end:
        return case
    case.satisfaction = rng.choices(
        [5, 4, 3, 2, 1], [35, 33, 17, 9, 6] if satisfied else [5, 15, 30, 30, 20]
    )[0]
    case.revisit_at = t
    t = staff_time(t + timedelta(hours=rng.uniform(1, 72)))
    if t >= end:
        return case
    case.status, case.closure, case.closed_at = Status.CLOSED.value, Closure.COMPLETED.value, t
    story.append("closed")
    return case
