"""Realistic Korean demo data: cases in every status over the last 18 months.

Each case is played through the real services (``service.within``), so demo data obeys
every rule real data does: numbering, deadlines, the audit chain. The same seed gives the
same data. Cases are written in batches, one transaction per batch.
"""

from __future__ import annotations

import functools
import itertools
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from core import services as sv
from core.actor import Actor
from core.db.database import Database
from core.db.models import Case, User
from core.demo import content
from core.demo.office import mark_demo_office
from core.procedure.calendar import BusinessCalendar
from core.procedure.enums import CompensationKind, Role
from core.procedure.office import OfficeSettings
from core.services.base import Tx

DAYS = 548  # about 18 months
BATCH = 200
_CHANNELS = (
    ("visit", 30),
    ("phone", 38),
    ("online", 14),
    ("email", 7),
    ("letter", 4),
    ("fax", 2),
    ("referral", 5),
)
_NATURES = (
    ("effective", 34),
    ("help_seeking", 22),
    ("consultation", 18),
    ("venting", 14),
    ("support", 7),
    ("invalid", 5),
)


@dataclass(frozen=True)
class DemoResult:
    cases: int
    staff: tuple[tuple[str, str], ...]  # (username, role)
    staff_password: str | None  # only when this run created the accounts


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    values, cumulative = _cumulative(weighted)
    return rng.choices(values, cum_weights=cumulative)[0]


@functools.cache
def _cumulative(weighted: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    """The values and their running weight totals: the same draws as ``weights=``, without
    adding the weights up again for every one of a million cases."""
    return [v for v, _ in weighted], list(itertools.accumulate(w for _, w in weighted))


def _office_moment(rng: random.Random, day: datetime, cal: BusinessCalendar) -> datetime:
    """A moment on ``day``: mostly office hours, sometimes evening (online, phone)."""
    hour = rng.choices([rng.uniform(9, 18), rng.uniform(18, 22)], [85, 15])[0]
    local = day.astimezone(cal.tz).replace(
        hour=int(hour), minute=rng.randrange(60), second=rng.randrange(60), microsecond=0
    )
    return local


def _ensure_staff(db: Database, rng: random.Random) -> tuple[dict[str, list[Actor]], str | None]:
    created_password = None
    with db.unit_of_work() as uow:
        s = uow.session
        assert s is not None
        existing = {u.username: u for u in s.scalars(select(User))}
        if not all(username in existing for username, _, _ in content.staff_display_names()):
            created_password = "demo-" + secrets.token_hex(4)
    if created_password:
        system = Actor.system()
        for username, name, role in content.staff_display_names():
            if username not in existing:
                sv.create_user(
                    db,
                    system,
                    username=username,
                    display_name=name,
                    role=role,
                    password=created_password,
                )
    with db.unit_of_work(write=False) as uow:
        users = list(uow.session.scalars(select(User).where(User.active)))  # type: ignore[union-attr]
    by_role: dict[str, list[Actor]] = {}
    for u in users:
        by_role.setdefault(u.role, []).append(Actor(u.id, u.username, u.display_name, Role(u.role)))
    return by_role, created_password


def prepare_office(db: Database, now: datetime) -> OfficeSettings:
    """A database nobody has set up becomes the demo office (name, DM- case numbers, the
    demo mark: core.demo.office)."""
    with db.unit_of_work() as uow:
        assert uow.session is not None
        settings = sv.get_settings.fn(Tx(uow.session, Actor.system(), now))
        if not settings.setup_done and not settings.office_name:
            mark_demo_office(uow.session)
            uow.commit()
            settings = sv.get_settings.fn(Tx(uow.session, Actor.system(), now))
    return settings


def generate(
    db: Database,
    cases: int,
    *,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    by: Actor | None = None,
) -> DemoResult:
    """``cases`` demo cases, each played by the office's staff; ``by`` runs the demo (by
    default the operating-system user), as ``core.demo.bulk.generate_bulk``."""
    rng = random.Random(seed)
    end = db.clock()
    settings = prepare_office(db, end)
    staff, password = _ensure_staff(db, rng)
    cal = settings.calendar()
    start = end - timedelta(days=DAYS)
    span = (end - start).total_seconds()
    # Received moments first, sorted, so case numbers follow the calendar as in real life.
    # A few per cent arrive in the last week, so the queues have open work in every status.
    recent = max(min(cases, 8), cases * 3 // 100)
    week = timedelta(days=7).total_seconds()
    moments = sorted(
        [
            _office_moment(rng, start + timedelta(seconds=rng.random() * span), cal)
            for _ in range(cases - recent)
        ]
        + [
            _office_moment(rng, end - timedelta(seconds=rng.random() * week), cal)
            for _ in range(recent)
        ]
    )
    moments = [m for m in moments if m < end] + [end - timedelta(minutes=5)] * sum(
        m >= end for m in moments
    )
    done = 0
    for first in range(0, len(moments), BATCH):
        with db.unit_of_work() as uow:
            assert uow.session is not None
            tx = Tx(uow.session, by or Actor.system(), end)
            for i, received_at in enumerate(moments[first : first + BATCH], start=first):
                # The newest five stop short on purpose: one case in each open status.
                from_end = len(moments) - i
                stop = _STOPS[from_end - 1] if from_end <= len(_STOPS) else None
                _play_case(tx, rng, staff, received_at, end, stop)
                tx.flush_audit()
            uow.commit()
        done = min(first + BATCH, len(moments))
        if progress:
            progress(done, len(moments))
    users = tuple(sorted((a.username, a.role.value) for actors in staff.values() for a in actors))
    return DemoResult(done, users, password)


_STOPS = ("received", "acknowledged", "in_progress", "waiting", "resolved")


def _play_case(
    tx: Tx,
    rng: random.Random,
    staff: dict[str, list[Actor]],
    t: datetime,
    end: datetime,
    stop: str | None = None,
) -> None:
    clerk = rng.choice(staff.get("clerk") or staff.get("supervisor") or [Actor.system()])
    handler = rng.choice(staff.get("handler") or staff.get("supervisor") or [Actor.system()])
    supervisor = rng.choice(staff.get("supervisor") or [Actor.system()])
    category = rng.choices(list(content.CATEGORY_WEIGHTS), list(content.CATEGORY_WEIGHTS.values()))[
        0
    ]
    text = content.complaint(category, rng)
    channel = _pick(rng, _CHANNELS)
    nature = _pick(rng, _NATURES)
    # Some intakes leave the nature for the handler to classify later.
    intake_nature = nature if rng.random() < 0.8 else "unclassified"
    name = content.person_name(rng)
    has_email = rng.random() < 0.35
    customer = sv.CustomerInput(
        name=name,
        phone=content.phone_number(rng),
        email=content.email_for(rng.randrange(10**6), rng) if has_email else None,
        address=content.address(rng) if rng.random() < 0.6 else None,
        preferred_channel=rng.choice(
            ["phone", "phone", "visit", "email" if has_email else "phone"]
        ),
        consent=True,
    )

    steps_taken = [t]

    def act(actor: Actor, at: datetime) -> bool:
        """Move to ``at`` as ``actor``; False when that moment has not come yet.

        A case told where to stop is hurried instead: its steps crowd into the minutes
        before ``end``, so it reaches that status however late it was received.
        """
        if at >= end:
            if stop is None:
                return False
            at = max(end - timedelta(minutes=30), steps_taken[-1]) + timedelta(minutes=1)
        steps_taken.append(at)
        tx.now, tx.actor = at, actor
        return True

    def staff_time(at: datetime) -> datetime:
        """Staff work in office hours: a step due at night happens the next working morning."""
        opening = tx.settings.calendar().add_business_hours(at, 0)
        return opening + timedelta(minutes=rng.randrange(150) if opening != at else 0)

    act(clerk, t)
    ref = sv.receive_complaint.within(
        tx,
        sv.IntakeInput(
            customer=customer,
            channel=channel,
            subject=text.subject,
            description=text.description,
            category_code=category,
            request=text.request,
            expectation=text.expectation,
            bottom_line=text.bottom_line,
            incident_place=text.place,
            staff_involved=text.staff_involved,
            incident_at=t - timedelta(hours=rng.uniform(1, 72)),
            nature=intake_nature,
            severity="important" if rng.random() < 0.12 else "normal",
            style_hint=rng.choice(["unknown", "rational", "emotional"]),
            motive_hint=rng.choice(["unknown", "venting", "respect", "remedy"]),
            assignee_id=handler.user_id,
        ),
    )
    cid = ref.id
    # Most offices acknowledge within hours; some slip past the next business day.
    t = staff_time(t + timedelta(hours=rng.choice([0.3, 1, 2, 4, 6, 20, 30, 60])))
    if not act(clerk, t):
        return
    if stop == "received":
        return
    if stop is None and nature == "invalid" and rng.random() < 0.6:
        act(handler, t)
        sv.close_invalid.within(tx, cid, reason=content.invalid_reason(rng))
        return
    if stop is None and rng.random() < 0.03:
        act(handler, t)
        sv.withdraw.within(tx, cid, reason=content.withdrawn_reason(rng))
        return
    sv.acknowledge.within(
        tx,
        cid,
        channel=rng.choice(["phone", "visit", "email"]),
        note=content.contact_summary("outbound", "acknowledge", rng),
    )
    if stop == "acknowledged":
        return
    steps = 1 if stop in ("in_progress", "waiting") else rng.choice([1, 1, 2, 2, 3, 4])
    kinds = ["investigation", "reproduction", "specialist", "fix", "note", "escalation"]
    for i in range(steps):
        t = staff_time(t + timedelta(hours=rng.uniform(2, 50)))
        if not act(handler, t):
            return
        kind = "investigation" if i == 0 else rng.choice(kinds)
        sv.record_action.within(tx, cid, kind, content.action_note(kind, category, rng))
        if stop == "in_progress":
            return
        if stop == "waiting":
            sv.wait_for_customer.within(
                tx,
                cid,
                reason="고객이 관련 사진과 영수증을 보내 주기로 함",
                waiting_until=tx.now + timedelta(days=3),
            )
            return
        if rng.random() < 0.5:
            t = staff_time(t + timedelta(hours=rng.uniform(0.5, 8)))
            if not act(handler, t):
                return
            promise = t + timedelta(days=rng.choice([1, 2, 3])) if rng.random() < 0.3 else None
            sv.log_contact.within(
                tx,
                cid,
                direction="outbound",
                channel=rng.choice(["phone", "phone", "visit"]),
                purpose="progress",
                summary=content.contact_summary("outbound", "progress", rng),
                promised_next_at=promise if promise and promise < end + timedelta(days=7) else None,
            )
    if rng.random() < 0.28:
        kind = rng.choice(list(CompensationKind))
        amount = (
            0
            if kind in (CompensationKind.APOLOGY, CompensationKind.ADDITIONAL_SERVICE)
            else rng.choice([10_000, 20_000, 30_000, 50_000, 80_000, 150_000, 300_000, 700_000])
        )
        t = staff_time(t + timedelta(hours=rng.uniform(1, 24)))
        if not act(handler, t):
            return
        options = tuple(
            dict.fromkeys([kind.value, *rng.sample([k.value for k in CompensationKind], 2)])
        )
        comp_id = sv.offer_compensation.within(
            tx, cid, kind=kind.value, amount=amount, options_offered=options
        )
        if amount > tx.settings.approval_threshold:
            t = staff_time(t + timedelta(hours=rng.uniform(2, 40)))
            if not act(supervisor, t):
                return
            approved = rng.random() < 0.9
            if approved:
                sv.approve_compensation.within(tx, comp_id, note="선례와 비교해 적정")
            else:
                sv.reject_compensation.within(tx, comp_id, note="선례 대비 과다, 수리로 대체 제안")
        else:
            approved = True
        if approved:  # a refused offer is not delivered; the handling goes on without it
            t = staff_time(t + timedelta(hours=rng.uniform(1, 30)))
            if not act(handler, t):
                return
            sv.record_compensation_outcome.within(
                tx, comp_id, outcome="delivered", customer_choice=kind.value
            )
    t = staff_time(t + timedelta(hours=rng.uniform(2, 48)))
    if not act(handler, t):
        return
    if intake_nature == "unclassified":
        version = tx.session.get(Case, cid).version  # type: ignore[union-attr]
        sv.update_case.within(
            tx,
            cid,
            sv.CaseEdit(nature=nature),
            expected_version=version,
        )
    satisfied = rng.random() < 0.8
    sv.resolve.within(
        tx,
        cid,
        result=content.resolution_result(category, rng),
        told_channel=rng.choice(["phone", "visit", "email"]),
        root_cause=content.root_cause(category, rng),
        customer_response=content.customer_response(satisfied, rng),
    )
    if stop == "resolved":
        return
    t = staff_time(t + timedelta(days=rng.uniform(2, 8)))
    if not act(clerk, t):
        return
    if rng.random() < 0.9:
        score = rng.choices(
            [5, 4, 3, 2, 1], [35, 33, 17, 9, 6] if satisfied else [5, 15, 30, 30, 20]
        )[0]
        sv.record_follow_up.within(
            tx,
            cid,
            channel=rng.choice(["phone", "phone", "visit"]),
            outcome=content.contact_summary("outbound", "follow_up", rng),
            satisfaction=score,
            comment=content.follow_up_comment(score, rng),
        )
        if score <= tx.settings.winback_score:
            # 만족도 낮음: a supervisor calls the customer back before the case may close;
            # a recent one still waits in the supervisors' queue.
            t = staff_time(t + timedelta(hours=rng.uniform(2, 30)))
            if not act(supervisor, t):
                return
            sv.record_win_back.within(
                tx, cid, note="관리자가 다시 전화해 사과하고 불편 사항과 추가 조치를 설명함"
            )
    else:
        if not act(supervisor, t):
            return
        sv.waive_follow_up.within(tx, cid, reason=content.waiver_reason(rng))
    t = staff_time(t + timedelta(hours=rng.uniform(1, 72)))
    if not act(handler, t):
        return
    sv.close.within(tx, cid)
    if rng.random() < 0.02:
        act(supervisor, t)
        imp_id = sv.open_improvement.within(
            tx,
            title=f"{text.subject[:20]} 재발 방지",
            root_cause=content.root_cause(category, rng),
            preventive_action=content.preventive_action(category, rng),
            kind=rng.choice(["corrective", "corrective", "preventive"]),
            owner_id=handler.user_id,
            due_date=tx.settings.calendar().local_date(t + timedelta(days=30)),
            case_ids=(cid,),
        )
        # Older actions have moved on: 진행, 완료, and a month later 효과 확인 (a few are
        # given up); the recent ones are still planned.
        dropped = rng.random() < 0.1
        moves = ["in_progress", "dropped"] if dropped else ["in_progress", "done", "verified"]
        for status, days in zip(moves, (3, 20, 30), strict=False):
            t = staff_time(t + timedelta(days=rng.uniform(days / 2, days * 1.5)))
            if not act(supervisor, t):
                break
            sv.set_improvement_status.within(tx, imp_id, status)
