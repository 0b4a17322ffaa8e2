"""One table of field limits (core.procedure.limits), equal to the columns, kept by every door.

At each limited field's boundary, at the counter and in a later edit: ``limit - 1`` and
``limit`` characters are stored in full and read back; ``limit + 1`` is refused with a
ValidationFailed naming the field, never a database error and never stored past its column
(SQLite would keep the excess, PostgreSQL would refuse the statement). On SQLite and, with
TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, Text, func, select

from core import services as sv
from core.db.database import Database
from core.db.models import (
    Action,
    Base,
    Case,
    CaseTag,
    Category,
    Compensation,
    Contact,
    Customer,
    FollowUp,
    Improvement,
    Resolution,
    Setting,
    StatusChange,
    User,
)
from core.errors import ValidationFailed
from core.procedure.limits import MAX_LEN
from tests.conftest import intake, make_staff

# field -> the column it is stored in. Every key of MAX_LEN is here.
STORED_IN = {
    "subject": Case.subject,
    "incident_place": Case.incident_place,
    "staff_involved": Case.staff_involved,
    "external_ref": Case.external_ref,
    "description": Case.description,
    "request": Case.request,
    "expectation": Case.expectation,
    "bottom_line": Case.bottom_line,
    "customer.name": Customer.name,
    "customer.email": Customer.email,
    "customer.address": Customer.address,
    "customer.consent_purpose": Customer.consent_purpose,
    "tag": CaseTag.tag,
    "action.note": Action.note,
    "contact.summary": Contact.summary,
    "resolution.result": Resolution.result,
    "resolution.root_cause": Resolution.root_cause,
    "resolution.customer_response": Resolution.customer_response,
    "step.note": StatusChange.reason,
    "step.reason": Case.closure_reason,
    "follow_up.outcome": FollowUp.outcome,
    "follow_up.comment": FollowUp.comment,
    "compensation.note": Compensation.note,
    "compensation.decision_note": Compensation.decision_note,
    "compensation.delivery_ref": Compensation.delivery_ref,
    "compensation.delivery_note": Compensation.delivery_note,
    "compensation.decline_reason": Compensation.decline_reason,
    "compensation.approval_override": Compensation.approval_override,
    "user.username": User.username,
    "user.display_name": User.display_name,
    "category.code": Category.code,
    "category.name_ko": Category.name_ko,
    "category.name_en": Category.name_en,
    "improvement.title": Improvement.title,
    "improvement.root_cause": Improvement.root_cause,
    "improvement.preventive_action": Improvement.preventive_action,
    "improvement.notes": Improvement.notes,
    "settings.office_name": Setting.value,
    "settings.office_contact": Setting.value,
    "settings.closed_day_name": Setting.value,
}

# Sized columns nobody types into as they are stored, and what bounds them instead.
NOT_TYPED = {
    "case_no": "formed by core.procedure.numbering",
    "phone": "written by Checker.phone as 010-1234-5678, 13 characters at most",
    "phone_digits": "the digits of that phone number",
    "password_hash": "an argon2 hash",
    "key": "a setting's name, from the code",
    "day": "a date, YYYY-MM-DD",
    "prev_hash": "a SHA-256, hex",
    "hash": "a SHA-256, hex",
    "last_hash": "a SHA-256, hex",
    "action": "an audit event's name, from the code",
    "entity": "an entity's name, from the code",
    "purpose": "a vocabulary word (or an access's purpose, from the code)",
}
# Copies of a user's display name (who did it), of an email, of a vocabulary word.
COPIES_OF = {"user.display_name": "_name", "customer.email": "email_norm"}
VOCABULARY = {
    "channel",
    "told_channel",
    "preferred_channel",
    "nature",
    "severity",
    "status",
    "from_status",
    "to_status",
    "closure",
    "style_hint",
    "motive_hint",
    "kind",
    "customer_choice",
    "ack_rule",
    "direction",
    "role",
}
LONGEST_REAL_COMPLAINT = 21_928  # characters, in the CFPB sample (tests/core/test_register_import)


def _length(column) -> int | None:
    kind = column.type
    return kind.length if isinstance(kind, String) and not isinstance(kind, Text) else None


def test_every_limit_is_stored_somewhere_and_equals_its_sized_column():
    assert set(STORED_IN) == set(MAX_LEN)
    for field, attribute in STORED_IN.items():
        column = attribute.property.columns[0]
        size = _length(column)
        if size is not None:
            assert MAX_LEN[field] == size, f"{field}: limit {MAX_LEN[field]}, column {size}"
        else:
            assert isinstance(column.type, Text), f"{field} is stored in {column}"


def test_every_sized_column_is_a_limit_or_says_why_not():
    """A new String(n) column fails here until it has a limit or a reason."""
    limited = {a.property.columns[0] for a in STORED_IN.values()}
    left = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            size = _length(column)
            if size is None or column in limited:
                continue
            if column.name in NOT_TYPED or column.name in VOCABULARY:
                continue
            copied = [f for f, suffix in COPIES_OF.items() if column.name.endswith(suffix)]
            if copied:
                assert size >= MAX_LEN[copied[0]], f"{table.name}.{column.name} < {copied[0]}"
                continue
            left.append(f"{table.name}.{column.name}")
    assert left == []


def test_the_complaint_limit_is_well_above_real_complaints():
    assert MAX_LEN["description"] >= 2 * LONGEST_REAL_COMPLAINT


# ---------------------------------------------------------------- at the boundary

# Characters that cleaning leaves as they are: Hangul, Latin, digits, CJK beyond the BMP
# (one character, four bytes), an emoji, punctuation; spaces only inside.
ALPHABET = [*"가나다라힣 abcXYZ019-.,·", "𠀀", "😀"]
units = st.text(alphabet=st.sampled_from(ALPHABET), min_size=1, max_size=12)
boundary = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def exactly(unit: str, n: int, *, no_spaces: bool = False) -> str:
    """``n`` characters made of ``unit``, unchanged by cleaning (no space at either end)."""
    if no_spaces:
        unit = unit.replace(" ", "") or "가"
    text = (unit * math.ceil(n / len(unit)))[:n]
    if text[:1] == " ":
        text = "가" + text[1:]
    if text[-1:] == " ":
        text = text[:-1] + "가"
    assert len(text) == n
    return text


def value_of(field: str, n: int, unit: str) -> str:
    if field == "customer.email":
        domain = "@example.com"
        return exactly(unit, n - len(domain), no_spaces=True) + domain
    return exactly(unit, n, no_spaces=field == "external_ref")


INTAKE_FIELDS = [
    "subject",
    "description",
    "request",
    "expectation",
    "bottom_line",
    "incident_place",
    "staff_involved",
    "external_ref",
    "customer.name",
    "customer.email",
    "customer.address",
]
EDIT_FIELDS = [
    "subject",
    "description",
    "request",
    "expectation",
    "bottom_line",
    "incident_place",
    "staff_involved",
]
DELTAS = {"below": -1, "at": 0, "past": 1}


def _with(field: str, value: str) -> sv.IntakeInput:
    if field.startswith("customer."):
        base = intake()
        customer = dataclasses.replace(base.customer, **{field.split(".", 1)[1]: value})
        return dataclasses.replace(base, customer=customer)
    return intake(**{field: value})


def _read(case, field: str) -> str | None:
    if field.startswith("customer."):
        return getattr(case.customer, field.split(".", 1)[1])
    return getattr(case, field)


def _refused_on(err: ValidationFailed, field: str) -> None:
    assert [(p.field, p.reason) for p in err.problems] == [(field, "too_long")]
    assert err.problems[0].detail == {"max": MAX_LEN[field]}


def _case_count(db) -> int:
    with db.unit_of_work(write=False) as uow:
        return uow.session.scalar(select(func.count()).select_from(Case)) or 0


@pytest.mark.parametrize("delta", DELTAS.values(), ids=DELTAS.keys())
@pytest.mark.parametrize("field", INTAKE_FIELDS)
def test_intake_at_the_boundary(db, staff, field, delta):
    n = MAX_LEN[field] + delta

    @boundary
    @given(unit=units)
    def check(unit: str) -> None:
        value = value_of(field, n, unit)
        if field == "external_ref":  # one reference, one case
            value = value[:-6] + f"{_case_count(db):06d}"
        before = _case_count(db)
        if delta > 0:
            with pytest.raises(ValidationFailed) as err:
                sv.receive_complaint(db, staff.clerk, _with(field, value))
            _refused_on(err.value, field)
            assert _case_count(db) == before
            return
        ref = sv.receive_complaint(db, staff.clerk, _with(field, value))
        assert _read(sv.get_case(db, staff.supervisor, ref.id), field) == value

    check()


@pytest.mark.parametrize("delta", DELTAS.values(), ids=DELTAS.keys())
@pytest.mark.parametrize("field", EDIT_FIELDS)
def test_edit_at_the_boundary(db, staff, field, delta):
    """The edit keeps the intake's limits (it allowed a 4,000-character subject)."""
    case_id = sv.receive_complaint(db, staff.clerk, intake()).id
    n = MAX_LEN[field] + delta

    @boundary
    @given(unit=units)
    def check(unit: str) -> None:
        value = value_of(field, n, unit)
        before = sv.get_case(db, staff.supervisor, case_id)
        edit = sv.CaseEdit(**{field: value})
        if delta > 0:
            with pytest.raises(ValidationFailed) as err:
                sv.update_case(db, staff.handler, case_id, edit, expected_version=before.version)
            _refused_on(err.value, field)
            assert sv.get_case(db, staff.supervisor, case_id).version == before.version
            return
        sv.update_case(db, staff.handler, case_id, edit, expected_version=before.version)
        assert _read(sv.get_case(db, staff.supervisor, case_id), field) == value

    check()


def test_a_refusal_names_every_field_past_its_limit(db, staff):
    data = intake(
        subject="가" * 201,
        incident_place="나" * 201,
        description="다" * (MAX_LEN["description"] + 1),
    )
    with pytest.raises(ValidationFailed) as err:
        sv.receive_complaint(db, staff.clerk, data)
    assert {p.field for p in err.value.problems} == {"subject", "incident_place", "description"}


@pytest.mark.parametrize(
    ("field", "call"),
    [
        (
            "action.note",
            lambda db, s, cid, text: sv.record_action(db, s.handler, cid, "note", text),
        ),
        (
            "contact.summary",
            lambda db, s, cid, text: sv.log_contact(
                db, s.clerk, cid, direction="inbound", channel="phone", summary=text
            ),
        ),
    ],
    ids=["action.note", "contact.summary"],
)
def test_handling_notes_keep_their_limits(db, staff, field, call):
    case_id = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, case_id)
    limit = MAX_LEN[field]
    call(db, staff, case_id, "가" * limit)
    with pytest.raises(ValidationFailed) as err:
        call(db, staff, case_id, "가" * (limit + 1))
    assert err.value.problems[0].detail == {"max": limit}


# ---------------------------------------------------------------- printing the longest


@pytest.fixture
def office_on_sqlite(sqlite_url, clock):
    """Printing does not depend on the database: once is enough."""
    db = Database(sqlite_url, clock=clock)
    yield db, make_staff(db)
    db.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("length", [3_000, 20_000, MAX_LEN["description"]])
def test_a_long_complaint_and_result_print_whole_on_every_document(office_on_sqlite, length):
    """A complaint of 3,000, 20,000 and 100,000 characters (the limit), in paragraphs as
    people write them: the case file and the filled 접수서 print all of it over as many pages
    as it takes; the receipt stays one page and shortens it with "…"; the result letter
    prints a result as long as its limit. (A table row taller than a page used to stop
    ReportLab at about 3,200 characters: DESIGN.md, traps.)"""
    from tests.documents.conftest import read_pdf

    db, staff = office_on_sqlite
    paragraph = "윗집 소음이 밤마다 계속되어 잠을 이루지 못합니다. " * 60
    text = exactly(paragraph.strip() + "\n\n", length - 4) + " 끝문장"
    assert len(text) == length
    ref = sv.receive_complaint(db, staff.clerk, intake(description=text))
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.record_action(db, staff.handler, ref.id, "fix", "조치")
    result = exactly(
        "매트를 설치하고 야간 소음 안내문을 게시했습니다. ", MAX_LEN["resolution.result"] - 4
    )
    sv.resolve(db, staff.handler, ref.id, result=result + " 끝결과", told_channel="phone")

    def printed(render) -> tuple[int, str]:
        reader, words = read_pdf(render(db, staff.supervisor, ref.id))
        return len(reader.pages), words.replace(" ", "").replace("\n", "")

    for whole in (sv.case_file_pdf, sv.intake_form_pdf):
        pages, words = printed(whole)
        assert "끝문장" in words, whole.__name__
        assert words.count("잠을이루지못합니다") >= length // len(paragraph) * 60
        if length >= 20_000:
            assert pages > 5
    pages, words = printed(sv.receipt_pdf)
    assert pages == 1 and "…" in words and "끝문장" not in words
    pages, words = printed(sv.result_letter_pdf)
    assert "끝결과" in words
