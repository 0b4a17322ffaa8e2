"""A big demo register fast: cases with their whole history, written set-wise.

``core.demo.story`` plays each case through the services, which is exact but takes about 23 ms a
case; a million cases would take six hours. Here each case's story is drawn the same way
(the same content, the same shares of channels, natures, compensation and satisfaction,
steps in office hours, newer cases still open) and written through ``core.store.bulk``, with one
audit event per case that records the story. Used by ``demo`` for large counts.

Drawing the stories and building their rows is most of the work, and needs no database
once a batch's ids and case numbers are known. On SQLite, a big demo plans them all at the
start (the ids and numbers after those in use, batch after batch) and other processes draw
and build the batches while this one writes them in order, checking before each that
nobody else took those ids or numbers meanwhile. Each batch draws from its own seeded
generator, so a seed gives the same register however many processes help.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.actor import Actor
from core.db.database import Database
from core.db.fast_insert import days_stamped_set_wise, sqlite_statement
from core.db.models import Case, CaseCounter, Category, Customer, SearchDoc
from core.demo import content
from core.demo.story import (
    _CHANNELS,
    _NATURES,
    DAYS,
    DemoResult,
    _ensure_staff,
    _office_moment,
    _pick,
    prepare_office,
)
from core.errors import DemoInterrupted
from core.procedure.calendar import BusinessCalendar
from core.procedure.enums import Closure, CompensationKind, Status
from core.procedure.office import OfficeSettings
from core.store import audit, search
from core.store.bulk import (
    BulkCase,
    CaseRows,
    allocate_numbers,
    case_rows,
    insert_case_rows,
    reserve_ids,
)

BATCH = 2000
AMOUNTS = [10_000, 20_000, 30_000, 50_000, 80_000, 150_000, 300_000, 700_000]
# Below this many cases starting helper processes costs more than it saves.
PARALLEL_FROM = 20 * BATCH
REASON = "데모"
CATEGORIES = tuple(content.CATEGORY_WEIGHTS.items())


@dataclass(frozen=True)
class Plan:
    """What every batch needs to be drawn and built, the same for all of them."""

    seed: int
    staff: dict[str, list[Actor]]
    settings: OfficeSettings
    category_ids: dict[str, int]
    end: datetime
    by: Actor  # who runs the demo: named by its audit events


@dataclass(frozen=True)
class Job:
    """One batch: its moments, and the ids and case numbers its rows get."""

    index: int
    moments: list[datetime]
    first_case_id: int
    first_customer_id: int  # its new customers are numbered from here, one by one
    numbers: list[tuple[int, int]]  # (year, number) of each case


@dataclass
class SqliteBatch:
    """A batch built in a helper process: SQLite statements and audit events, in order."""

    job: Job
    statements: list[tuple[str, list[tuple[Any, ...]]]]
    events: list[audit.PendingEvent]


def generate_bulk(
    db: Database,
    cases: int,
    *,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    by: Actor | None = None,
) -> DemoResult:
    """``cases`` demo cases. On SQLite, ``workers`` helper processes draw them (by default
    one per core for a big demo; 0: all drawn here, as on PostgreSQL). Their audit events
    name ``by``, who runs the demo (by default the operating-system user)."""
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
    plan = Plan(seed, staff, settings, category_ids, end, by or Actor.system())
    if workers is None:
        workers = (os.cpu_count() or 1) if cases >= PARALLEL_FROM else 0
    if db.is_sqlite and workers > 0:
        _write_planned(db, plan, moments, workers, progress)
    else:
        _write_here(db, plan, moments, progress)
    users = tuple(sorted((a.username, a.role.value) for actors in staff.values() for a in actors))
    return DemoResult(cases, users, password)


def _write_here(
    db: Database,
    plan: Plan,
    moments: list[datetime],
    progress: Callable[[int, int], None] | None,
) -> None:
    """Each batch drawn in this process with the ids and numbers the database gives it."""
    cal = plan.settings.calendar()
    for index, first in enumerate(range(0, len(moments), BATCH)):
        batch = moments[first : first + BATCH]
        with db.unit_of_work() as uow:
            s = uow.session
            assert s is not None
            job = Job(
                index,
                batch,
                reserve_ids(s, Case, len(batch))[0],
                reserve_ids(s, Customer, len(batch))[0],
                allocate_numbers(s, [cal.local_date(m).year for m in batch]),
            )
            rows = draw_batch(plan, job)
            insert_case_rows(s, rows)
            audit.append(s, _events(plan, rows))
            uow.commit()
        if progress:
            progress(first + len(batch), len(moments))


def _write_planned(
    db: Database,
    plan: Plan,
    moments: list[datetime],
    workers: int,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Batches drawn and built by ``workers`` helper processes, written here in order."""
    jobs = _plan_jobs(db, plan, moments)
    written = 0
    for built in _built_in_order(plan, jobs, workers):
        job = built.job
        with db.unit_of_work() as uow:
            s = uow.session
            assert s is not None
            if not _still_free(s, job):
                raise DemoInterrupted(written=written)
            conn = s.connection()
            first = job.first_case_id
            with days_stamped_set_wise(s, range(first, first + len(job.moments))):
                for sql, values in built.statements:
                    conn.exec_driver_sql(sql, values)
            audit.append(s, built.events)
            uow.commit()
        written += len(job.moments)
        if progress:
            progress(written, len(moments))


def _plan_jobs(db: Database, plan: Plan, moments: list[datetime]) -> list[Job]:
    """Every batch's ids and numbers, after those in use now (checked again when written)."""
    cal = plan.settings.calendar()
    with db.unit_of_work(write=False) as uow:
        s = uow.session
        assert s is not None
        last_case = s.scalar(select(func.max(Case.id))) or 0
        last_customer = s.scalar(select(func.max(Customer.id))) or 0
        last_no = {y: n for y, n in s.execute(select(CaseCounter.year, CaseCounter.last_no))}
    jobs = []
    for index, first in enumerate(range(0, len(moments), BATCH)):
        batch = moments[first : first + BATCH]
        numbers = []
        for m in batch:
            year = cal.local_date(m).year
            last_no[year] = last_no.get(year, 0) + 1
            numbers.append((year, last_no[year]))
        # Each batch has room for a new customer per case; repeat complainants leave gaps.
        jobs.append(Job(index, batch, last_case + first + 1, last_customer + first + 1, numbers))
    return jobs


def _still_free(session: Session, job: Job) -> bool:
    """Whether the ids and numbers planned for ``job`` are still free; takes the numbers."""
    if reserve_ids(session, Case, 1)[0] != job.first_case_id:
        return False
    if reserve_ids(session, Customer, 1)[0] > job.first_customer_id:
        return False
    return allocate_numbers(session, [year for year, _ in job.numbers]) == job.numbers


def _built_in_order(plan: Plan, jobs: list[Job], workers: int) -> Iterator[SqliteBatch]:
    """The jobs built by helper processes, in order, a few ahead of the writer at most."""
    # "spawn" everywhere: what Windows and macOS do anyway, and safe beside threads.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_take_plan, initargs=(plan,)
    ) as pool:
        pending: deque[Future[SqliteBatch]] = deque()
        queued = iter(jobs)
        for job in queued:
            pending.append(pool.submit(build_for_sqlite, job))
            if len(pending) >= workers * 2:
                break
        while pending:
            built = pending.popleft().result()
            following = next(queued, None)
            if following is not None:
                pending.append(pool.submit(build_for_sqlite, following))
            yield built


_plan: Plan | None = None  # in a helper process: the plan it was started with


def _take_plan(plan: Plan) -> None:
    global _plan
    _plan = plan


def build_for_sqlite(job: Job) -> SqliteBatch:
    """In a helper process: draw ``job``'s cases and turn them into SQLite statements."""
    assert _plan is not None
    rows = draw_batch(_plan, job)
    statements = [sqlite_statement(table, values) for table, values in rows.tables]
    statements.append((search.FTS_INSERT, search.fts_values(rows.texts)))
    statements.append(
        sqlite_statement(SearchDoc.__table__, search.doc_rows(rows.texts, sqlite=True))
    )
    return SqliteBatch(job, statements, _events(_plan, rows))


def draw_batch(plan: Plan, job: Job) -> CaseRows:
    """The cases of ``job``, drawn from the batch's own generator, as table rows."""
    rng = random.Random(plan.seed * 1_000_003 + job.index)
    cal = plan.settings.calendar()
    customers: list[tuple[int, str]] = []  # (id, name) of earlier cases, for repeat complainants
    next_customer = job.first_customer_id
    cases: list[BulkCase] = []
    for received_at in job.moments:
        case = _story(rng, plan.staff, cal, plan.category_ids, received_at, plan.end, customers)
        if case.customer_id is None:
            # A few of them come back later with another complaint.
            if len(cases) % 40 == 0:
                customers.append((next_customer, case.customer["name"]))
            next_customer += 1
        cases.append(case)
    by = plan.by
    return case_rows(
        cases,
        case_ids=list(range(job.first_case_id, job.first_case_id + len(cases))),
        customer_ids=list(range(job.first_customer_id, next_customer)),
        numbers=job.numbers,
        settings=plan.settings,
        by=(by.user_id, by.display_name),
        now=plan.end,
        reason=REASON,
    )


def _events(plan: Plan, rows: CaseRows) -> list[audit.PendingEvent]:
    return [
        audit.PendingEvent(
            at=plan.end,
            actor_id=plan.by.user_id,
            actor_name=plan.by.username,
            action=action,
            entity="case",
            entity_id=case_id,
            case_id=case_id,
            changes=audit.canonical_json(changes),
        )
        for action, case_id, changes in rows.audit
    ]


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
    category = _pick(rng, CATEGORIES)
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
