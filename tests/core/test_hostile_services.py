"""Nothing a user can type crashes a service, changes what was saved before, or breaks the
audit chain (hypothesis, over every service that takes what people type).

Each test runs on one database for all its examples, with a case saved before the first
example: after the last one that case must read back exactly as it was, and the audit chain
must verify. A refusal must be a typed error (core.errors) that
``core.words.messages.describe`` says in Korean; any other exception fails the test.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import services as sv
from core.errors import DeskError, NotFound, ValidationFailed
from core.procedure.enums import (
    ActionKind,
    Channel,
    CompensationKind,
    CompensationStatus,
    ContactDirection,
    ContactPurpose,
    CustomerMotive,
    CustomerStyle,
    ImprovementStatus,
    Nature,
    Role,
    Severity,
)
from core.procedure.office import OfficeSettings
from tests.conftest import intake
from tests.core.hostile import (
    TRIED,
    attempt,
    check_refusal,
    choice_or_hostile,
    hostile_date,
    hostile_id,
    hostile_moment,
    hostile_number,
    hostile_settings,
    hostile_text,
    maybe_text,
    print_tried,
    sometimes,
    stored,
)

CHANNELS = [c.value for c in Channel]


@pytest.fixture(scope="module", autouse=True)
def _report_tried(request):
    yield
    print_tried(request, "hostile inputs tried")


class Desk:
    """One database for all examples of a test, with a case saved before any of them."""

    def __init__(self, db, staff) -> None:
        self.db, self.staff = db, staff
        # The case the examples of one test share, until an example closes it.
        self.target: int | None = None
        self.kept = sv.receive_complaint(db, staff.clerk, intake(subject="먼저 저장된 사건")).id
        sv.acknowledge(db, staff.clerk, self.kept)
        sv.record_action(db, staff.handler, self.kept, "investigation", "현장 확인")
        self.kept_view = self.saved(self.kept)
        self.kept_customer = self.kept_view.customer.id

    def read(self, case_id: int):
        return sv.get_case(self.db, self.staff.supervisor, case_id)

    def saved(self, case_id: int):
        """A case as saved: without what depends on the hour (overdue) or on a category's
        current wording (an admin may rename categories)."""
        view = self.read(case_id)
        return dataclasses.replace(
            view, overdue=(), category=view.category.id if view.category else None
        )

    def not_kept(self, ids):
        """Ids with the kept case taken out: linking another case to it would change it on
        purpose (as would updating its customer from an intake: see test_intake)."""
        return tuple(i for i in ids if i not in (self.kept,))

    def shared_case(self, *, status: str = "received") -> int:
        if self.target is None:
            self.target = self.new_case(status=status)
        return self.target

    def new_case(self, *, status: str = "received") -> int:
        db, s = self.db, self.staff
        case_id = sv.receive_complaint(db, s.clerk, intake()).id
        if status == "received":
            return case_id
        sv.acknowledge(db, s.clerk, case_id)
        if status == "acknowledged":
            return case_id
        sv.record_action(db, s.handler, case_id, "investigation", "확인")
        if status == "in_progress":
            return case_id
        sv.resolve(db, s.handler, case_id, result="조치 완료", told_channel="phone")
        return case_id

    def check(self) -> None:
        """What was saved before is unchanged; the audit chain holds."""
        assert self.saved(self.kept) == self.kept_view
        report = sv.verify_audit_chain(self.db, self.staff.supervisor)
        assert report.ok, report


@pytest.fixture
def desk(db, staff) -> Desk:
    return Desk(db, staff)


@pytest.fixture
def after(desk):
    yield desk
    desk.check()


# ---------------------------------------------------------------- intake


NONE = st.none()
customers = st.builds(
    sv.CustomerInput,
    name=sometimes(hostile_text, st.just("홍길동")),
    phone=sometimes(maybe_text, st.sampled_from([None, "010-1234-5678", "02-123-4567"])),
    email=sometimes(maybe_text, st.sampled_from([None, "hong@example.com"])),
    address=sometimes(maybe_text, NONE),
    preferred_channel=sometimes(choice_or_hostile(*CHANNELS), NONE),
    consent=st.booleans(),
    consent_purpose=sometimes(hostile_text, st.just("고객불만 처리")),
)


@hostile_settings
@given(
    customer=customers,
    channel=choice_or_hostile(*CHANNELS),
    subject=hostile_text,
    description=hostile_text,
    texts=st.fixed_dictionaries(
        {
            k: sometimes(maybe_text, NONE)
            for k in ("request", "expectation", "bottom_line", "incident_place", "staff_involved")
        }
    ),
    category_code=sometimes(choice_or_hostile("quality.management"), NONE),
    nature=choice_or_hostile(*[n.value for n in Nature]),
    severity=choice_or_hostile(*[s.value for s in Severity]),
    style=choice_or_hostile(*[s.value for s in CustomerStyle]),
    motive=choice_or_hostile(*[m.value for m in CustomerMotive]),
    tags=sometimes(st.lists(hostile_text, max_size=4).map(tuple), st.just(())),
    received_at=sometimes(hostile_moment, NONE),
    incident_at=sometimes(hostile_moment, NONE),
    external_ref=sometimes(maybe_text, NONE),
    case_no=sometimes(maybe_text, NONE),
    ids=st.fixed_dictionaries(
        {
            "related_case_ids": sometimes(st.lists(hostile_id, max_size=3).map(tuple), st.just(())),
            "existing_customer_id": sometimes(hostile_id, NONE),
            "assignee_id": sometimes(hostile_id, NONE),
        }
    ),
)
def test_intake(
    after,
    customer,
    channel,
    subject,
    description,
    texts,
    category_code,
    nature,
    severity,
    style,
    motive,
    tags,
    received_at,
    incident_at,
    external_ref,
    case_no,
    ids,
):
    ids = dict(ids, related_case_ids=after.not_kept(ids["related_case_ids"]))
    if ids["existing_customer_id"] == after.kept_customer:
        ids["existing_customer_id"] = None
    data = sv.IntakeInput(
        customer=customer,
        channel=channel,
        subject=subject,
        description=description,
        category_code=category_code,
        nature=nature,
        severity=severity,
        style_hint=style,
        motive_hint=motive,
        tags=tags,
        received_at=received_at,
        incident_at=incident_at,
        external_ref=external_ref,
        case_no=case_no,
        **texts,
        **ids,
    )
    ref = attempt("receive_complaint", sv.receive_complaint, after.db, after.staff.clerk, data)
    if isinstance(ref, DeskError):
        return
    case = after.read(ref.id)
    assert case.subject == stored(subject) and case.description == stored(description)
    if received_at is not None:
        assert case.received_at == received_at
    for key, value in texts.items():
        assert (getattr(case, key) or "") == stored(value)
    if ids["existing_customer_id"] is None:
        assert case.customer.name == stored(customer.name)
    assert all(stored(t) for t in case.tags)


# ---------------------------------------------------------------- editing a case


edits = st.builds(
    sv.CaseEdit,
    subject=maybe_text,
    description=maybe_text,
    request=maybe_text,
    expectation=maybe_text,
    bottom_line=maybe_text,
    incident_at=hostile_moment,
    incident_place=maybe_text,
    staff_involved=maybe_text,
    channel=st.one_of(st.none(), choice_or_hostile(*CHANNELS)),
    category_code=st.one_of(st.none(), choice_or_hostile("quality.management")),
    nature=st.one_of(st.none(), choice_or_hostile(*[n.value for n in Nature])),
    severity=st.one_of(st.none(), choice_or_hostile(*[s.value for s in Severity])),
    style_hint=st.one_of(st.none(), hostile_text),
    motive_hint=st.one_of(st.none(), hostile_text),
    tags=st.one_of(st.none(), st.lists(hostile_text, max_size=4).map(tuple)),
    extra_related_ids=st.lists(hostile_id, max_size=3).map(tuple),
)


@hostile_settings
@given(edit=edits)
def test_edit_case(after, edit):
    target = after.shared_case()
    edit = dataclasses.replace(edit, extra_related_ids=after.not_kept(edit.extra_related_ids))
    before = after.read(target)
    result = attempt(
        "update_case",
        sv.update_case,
        after.db,
        after.staff.handler,
        target,
        edit,
        expected_version=before.version,
    )
    now = after.read(target)
    if isinstance(result, DeskError):
        assert now == before  # refused: nothing half-saved
        return
    for name in ("subject", "description", "request", "incident_place", "staff_involved"):
        value = getattr(edit, name)
        if value is not None and stored(value):
            assert getattr(now, name) == stored(value)


# ---------------------------------------------------------------- handling steps


@hostile_settings
@given(kind=choice_or_hostile(*[k.value for k in ActionKind]), note=hostile_text)
def test_record_action(after, kind, note):
    target = after.shared_case(status="in_progress")
    result = attempt(
        "record_action", sv.record_action, after.db, after.staff.handler, target, kind, note
    )
    if not isinstance(result, DeskError):
        last = [e for e in after.read(target).timeline if e.kind == "action"][-1]
        assert last.text == stored(note)


@hostile_settings
@given(
    direction=choice_or_hostile(*[d.value for d in ContactDirection]),
    channel=choice_or_hostile(*CHANNELS),
    purpose=choice_or_hostile(*[p.value for p in ContactPurpose]),
    summary=hostile_text,
    promised=hostile_moment,
)
def test_log_contact(after, direction, channel, purpose, summary, promised):
    target = after.shared_case(status="in_progress")
    result = attempt(
        "log_contact",
        sv.log_contact,
        after.db,
        after.staff.clerk,
        target,
        direction=direction,
        channel=channel,
        purpose=purpose,
        summary=summary,
        promised_next_at=promised,
    )
    if not isinstance(result, DeskError):
        case = after.read(target)
        last = [e for e in case.timeline if e.kind == "contact"][-1]
        assert last.text == stored(summary)
        if promised is not None:
            assert case.callback_due == promised


@hostile_settings
@given(
    kind=choice_or_hostile(*[k.value for k in CompensationKind]),
    amount=hostile_number,
    options=sometimes(
        st.lists(choice_or_hostile(*[k.value for k in CompensationKind]), max_size=3),
        st.just([]),
    ),
    note=sometimes(maybe_text, NONE),
    decision_note=maybe_text,
    approve=st.booleans(),
    outcome=choice_or_hostile(*[s.value for s in CompensationStatus]),
    choice=st.one_of(st.none(), choice_or_hostile(*[k.value for k in CompensationKind])),
)
def test_compensation(after, kind, amount, options, note, decision_note, approve, outcome, choice):
    target = after.shared_case(status="in_progress")
    offered = attempt(
        "offer_compensation",
        sv.offer_compensation,
        after.db,
        after.staff.handler,
        target,
        kind=kind,
        amount=amount,
        options_offered=tuple(options),
        note=note,
    )
    if isinstance(offered, DeskError):
        return
    comp = next(c for c in after.read(target).compensations if c.id == offered)
    assert comp.amount == (amount or 0) and comp.note == (stored(note) or None)
    decide = sv.approve_compensation if approve else sv.reject_compensation
    attempt(decide.__name__, decide, after.db, after.staff.supervisor, offered, note=decision_note)
    attempt(
        "record_compensation_outcome",
        sv.record_compensation_outcome,
        after.db,
        after.staff.handler,
        offered,
        outcome=outcome,
        customer_choice=choice,
    )


@hostile_settings
@given(
    result=hostile_text,
    told=choice_or_hostile(*CHANNELS),
    cause=maybe_text,
    response=maybe_text,
    reopen_reason=hostile_text,
)
def test_resolve_and_reopen(after, result, told, cause, response, reopen_reason):
    target = after.shared_case(status="in_progress")
    done = attempt(
        "resolve",
        sv.resolve,
        after.db,
        after.staff.handler,
        target,
        result=result,
        told_channel=told,
        root_cause=cause,
        customer_response=response,
    )
    if isinstance(done, DeskError):
        return
    case = after.read(target)
    assert case.resolution.result == stored(result)
    assert (case.resolution.root_cause or "") == stored(cause)
    again = attempt(
        "reopen", sv.reopen, after.db, after.staff.handler, target, reason=reopen_reason
    )
    if isinstance(again, DeskError):  # the reason was refused: reopen it plainly
        sv.reopen(after.db, after.staff.handler, target, reason="재처리")


@hostile_settings
@given(
    channel=choice_or_hostile(*CHANNELS),
    close_note=maybe_text,
    outcome=hostile_text,
    satisfaction=sometimes(hostile_number, st.sampled_from([None, 1, 3, 5])),
    comment=maybe_text,
    waive_reason=hostile_text,
    waive=st.booleans(),
)
def test_follow_up(after, channel, close_note, outcome, satisfaction, comment, waive_reason, waive):
    target = after.shared_case(status="resolved")
    if waive:
        result = attempt(
            "waive_follow_up",
            sv.waive_follow_up,
            after.db,
            after.staff.supervisor,
            target,
            reason=waive_reason,
        )
    else:
        result = attempt(
            "record_follow_up",
            sv.record_follow_up,
            after.db,
            after.staff.clerk,
            target,
            channel=channel,
            outcome=outcome,
            satisfaction=satisfaction,
            comment=comment,
        )
    if isinstance(result, DeskError):
        return
    case = after.read(target)
    done = [f for f in case.follow_ups if f.status in ("done", "waived")][-1]
    if waive:
        assert done.waived_reason == stored(waive_reason)
    else:
        assert done.outcome == stored(outcome) and done.satisfaction == satisfaction
    # The four record rules hold now: closing takes a note as typed.
    closed = attempt("close", sv.close, after.db, after.staff.handler, target, note=close_note)
    if not isinstance(closed, DeskError):
        assert (after.read(target).closure_reason or "") == stored(close_note)
        after.target = None
        return
    # Due again: reopen and resolve, for the next example.
    sv.reopen(after.db, after.staff.handler, target, reason="재처리")
    sv.resolve(after.db, after.staff.handler, target, result="재조치", told_channel="phone")


@hostile_settings
@given(reason=hostile_text, how=st.sampled_from(["close_invalid", "withdraw"]))
def test_close_invalid_and_withdraw(after, reason, how):
    target = after.target or after.new_case()
    service = getattr(sv, how)
    result = attempt(how, service, after.db, after.staff.handler, target, reason=reason)
    if isinstance(result, DeskError):
        after.target = target
        return
    case = after.read(target)
    assert case.status == "closed" and case.closure_reason == stored(reason)
    after.target = None


@hostile_settings
@given(channel=st.one_of(st.none(), choice_or_hostile(*CHANNELS)), note=maybe_text)
def test_acknowledge(after, channel, note):
    target = after.shared_case()
    result = attempt(
        "acknowledge",
        sv.acknowledge,
        after.db,
        after.staff.clerk,
        target,
        channel=channel,
        note=note,
    )
    if isinstance(result, DeskError):
        assert after.read(target).status == "received"  # nothing half-done
        return
    case = after.read(target)
    assert case.status == "acknowledged"
    said = [e.text for e in case.timeline if e.kind in ("status", "contact") and e.text]
    if stored(note):
        assert stored(note) in said
    after.target = None


@hostile_settings
@given(
    office=hostile_text,
    prefix=choice_or_hostile("GN", "sc", "A1"),
    username=choice_or_hostile("admin", "Boss"),
    display_name=hostile_text,
    password=st.one_of(hostile_text, st.just("a-strong-one-9")),
)
def test_first_run_setup(db, office, prefix, username, display_name, password):
    TRIED["first_run_setup"] += 1
    try:
        actor = sv.first_run_setup(
            db,
            office_name=office,
            case_prefix=prefix,
            admin_username=username,
            admin_display_name=display_name,
            admin_password=password,
        )
    except DeskError as err:
        check_refusal(err)
        return
    settings = sv.get_settings(db, actor)
    assert settings.office_name == stored(office)
    assert sv.login(db, actor.username, password).user_id == actor.user_id
    assert sv.verify_audit_chain(db, actor).ok


# ---------------------------------------------------------------- improvements


@hostile_settings
@given(
    title=hostile_text,
    cause=hostile_text,
    action=hostile_text,
    owner=st.one_of(st.none(), hostile_id),
    due=hostile_date,
    case_ids=st.lists(hostile_id, max_size=3).map(tuple),
    status=choice_or_hostile(*[s.value for s in ImprovementStatus]),
    link=hostile_id,
)
def test_improvements(after, title, cause, action, owner, due, case_ids, status, link):
    made = attempt(
        "open_improvement",
        sv.open_improvement,
        after.db,
        after.staff.handler,
        title=title,
        root_cause=cause,
        preventive_action=action,
        owner_id=owner,
        due_date=due,
        case_ids=after.not_kept(case_ids),
    )
    target = made if not isinstance(made, DeskError) else getattr(after, "improvement", None)
    if target is None:
        target = sv.open_improvement(
            after.db, after.staff.handler, title="개선", root_cause="원인", preventive_action="조치"
        )
    after.improvement = target
    handler = after.staff.handler
    attempt("set_improvement_status", sv.set_improvement_status, after.db, handler, target, status)
    if link != after.kept:
        attempt("link_improvement", sv.link_improvement, after.db, handler, target, link)
    other = getattr(after, "other", None) or after.new_case()
    after.other = other
    attempt("link_improvement", sv.link_improvement, after.db, handler, link, other)


# ---------------------------------------------------------------- users and login


@hostile_settings
@given(
    username=hostile_text,
    display_name=hostile_text,
    role=choice_or_hostile(*[r.value for r in Role]),
    password=st.one_of(hostile_text, st.text(min_size=8, max_size=40)),
    new_name=maybe_text,
    new_role=st.one_of(st.none(), choice_or_hostile(*[r.value for r in Role])),
    new_password=st.one_of(st.none(), hostile_text),
)
def test_users(after, username, display_name, role, password, new_name, new_role, new_password):
    admin = after.staff.admin
    users_before = sv.list_users(after.db, admin, include_inactive=True)
    made = attempt(
        "create_user",
        sv.create_user,
        after.db,
        admin,
        username=username,
        display_name=display_name,
        role=role,
        password=password,
    )
    if isinstance(made, DeskError):
        assert sv.list_users(after.db, admin, include_inactive=True) == users_before
        target = after.staff.clerk.user_id
    else:
        target = made
        user = next(u for u in sv.list_users(after.db, admin) if u.id == made)
        assert user.display_name == stored(display_name)
        actor = sv.login(after.db, user.username, password)  # the password works as given
        assert actor.user_id == made
        assert user.username == stored(username).lower()
    attempt(
        "update_user",
        sv.update_user,
        after.db,
        admin,
        target,
        display_name=new_name,
        role=new_role,
        new_password=new_password,
    )


@hostile_settings
@given(username=hostile_text, password=st.one_of(hostile_text, st.text(max_size=300)))
def test_login(after, username, password):
    TRIED["login"] += 1
    try:
        sv.login(after.db, username, password)
    except DeskError as err:
        check_refusal(err)
    # Whatever was tried, the real accounts still work (a hostile name locks nobody else).
    after.db.clock.advance(minutes=16)
    assert sv.login(after.db, "clerk", "correct-horse-1").username == "clerk"


# ---------------------------------------------------------------- settings and categories

_VALUES = st.one_of(
    hostile_text,
    hostile_number,
    st.lists(hostile_number, max_size=8),
    st.lists(st.integers(min_value=-2, max_value=8), max_size=8),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(["08:30", "24:00", "9:00", "18:00:00", "25:61", "T09", "09:00+09:00"]),
)
SETTING_KEYS = [f.name for f in dataclasses.fields(OfficeSettings)] + ["unknown", "__class__", ""]


@hostile_settings
@given(changes=st.dictionaries(st.sampled_from(SETTING_KEYS), _VALUES, min_size=1, max_size=4))
def test_settings(after, changes):
    admin = after.staff.admin
    before = sv.get_settings(after.db, admin)
    result = attempt("update_settings", sv.update_settings, after.db, admin, **changes)
    now = sv.get_settings(after.db, admin)
    if isinstance(result, DeskError):
        assert now == before
        return
    assert now == result
    for key, value in changes.items():
        if key in ("office_name", "office_contact"):
            assert getattr(now, key) == stored(str(value))


@hostile_settings
@given(
    code=hostile_text,
    name_ko=hostile_text,
    name_en=hostile_text,
    parent=st.one_of(st.none(), choice_or_hostile("quality", "equipment")),
    active=st.booleans(),
    category_id=st.one_of(st.none(), hostile_id),
)
def test_categories(after, code, name_ko, name_en, parent, active, category_id):
    admin = after.staff.admin
    before = sv.list_categories(after.db, admin)
    made = attempt(
        "save_category",
        sv.save_category,
        after.db,
        admin,
        code=code,
        name_ko=name_ko,
        name_en=name_en,
        parent_code=parent,
        active=active,
        category_id=category_id,
    )
    now = sv.list_categories(after.db, admin)
    if isinstance(made, DeskError):
        assert now == before
        return
    saved = next(c for c in now if c.id == made)
    assert saved.name_ko == stored(name_ko) and saved.name_en == stored(name_en)


# ---------------------------------------------------------------- search and look-ups


@hostile_settings
@given(
    query=hostile_text,
    statuses=st.lists(choice_or_hostile("received", "closed"), max_size=2).map(tuple),
    nature=st.one_of(st.none(), hostile_text),
    channel=st.one_of(st.none(), hostile_text),
    received_from=hostile_moment,
    limit=st.integers(min_value=1, max_value=200),
)
def test_search_and_lists(after, query, statuses, nature, channel, received_from, limit):
    db, clerk = after.db, after.staff.clerk
    hits = attempt("search_cases", sv.search_cases, db, clerk, query, limit=limit)
    page = attempt(
        "list_cases",
        sv.list_cases,
        db,
        clerk,
        text=query,
        statuses=statuses,
        nature=nature,
        channel=channel,
        received_from=received_from,
        limit=limit,
    )
    found = attempt("find_case_id", sv.find_case_id, db, clerk, query)
    attempt("queue", sv.queue, db, clerk, query)
    people = attempt("find_customers", sv.find_customers, db, clerk, phone=query, email=query)
    for result in (hits, page, found, people):
        assert not isinstance(result, ValidationFailed) or result.problems
    if not isinstance(hits, DeskError):
        assert len(hits) <= limit
    # The saved case is still found by its own words.
    assert after.kept in [h.case_id for h in sv.search_cases(db, clerk, "먼저 저장된")]


def test_a_saved_case_is_untouched_by_a_storm_of_refusals(desk):
    """The fixed worst cases, once each, without hypothesis choosing: all refused cleanly."""
    from tests.core.hostile import SAMPLES

    for text in SAMPLES:
        for call in (
            lambda t: sv.record_action(desk.db, desk.staff.handler, desk.kept, "nonsense", t),
            lambda t: sv.close_invalid(desk.db, desk.staff.handler, desk.kept, reason=t[:0]),
            lambda t: sv.update_settings(desk.db, desk.staff.admin, idle_lock_minutes=t),
        ):
            with pytest.raises(DeskError):
                call(text)
    desk.check()


@pytest.mark.parametrize("key", [2**31, -(2**31) - 1, 2**63])
def test_ids_beyond_the_id_columns_are_not_found(db, staff, key):
    """Ids are PostgreSQL ``integer``: a bigger one is simply no such thing, not a crash."""
    with pytest.raises(NotFound):
        sv.get_case(db, staff.clerk, key)
    with pytest.raises(NotFound):
        sv.open_improvement(
            db,
            staff.supervisor,
            title="조명",
            root_cause="원인",
            preventive_action="점검",
            case_ids=(key,),
        )
    for field in ("category_id", "assignee_id"):
        with pytest.raises(ValidationFailed):
            sv.list_cases(db, staff.clerk, **{field: key})
