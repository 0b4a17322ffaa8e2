"""Contact details in every list, queue, look-up, detail and printout: lists masked for every
role; a look-up, an opened case and a printout whole for the roles that handle customers
(Permission.CUSTOMER_PII, each access recorded) and masked for the others (an admin)."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator

import pytest

from core import services as sv
from core.procedure.enums import Role
from core.procedure.permissions import Permission, allows
from core.procedure.validation import mask_email, mask_phone
from tests.conftest import intake

PHONE, EMAIL = "010-1234-5678", "hong@example.com"
ROLES = ("clerk", "handler", "supervisor", "admin")


def strings(value: object) -> Iterator[str]:
    """Every text inside a returned value (dataclasses, tuples, lists, dicts)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from strings(v)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def office(db, staff):
    """Cases of one customer in several states, one resolved (a precedent for the others)."""
    first = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, first)
    sv.record_action(db, staff.handler, first, "fix", "방음재 설치")
    sv.resolve(db, staff.handler, first, result="설치 완료", told_channel="phone")
    customer = sv.get_case(db, staff.clerk, first).customer.id
    second = sv.receive_complaint(
        db, staff.clerk, intake(existing_customer_id=customer, subject="층간소음이 또 납니다")
    ).id
    return first, second


def reads(db, actor, first: int, second: int) -> dict[str, object]:
    """What each kind of view gives this viewer."""
    out: dict[str, object] = {
        "list": sv.list_cases(db, actor),
        "search list": sv.list_cases(db, actor, text="층간소음"),
        "look-up by phone": sv.find_customers(db, actor, phone="01012345678"),
        "look-up by e-mail": sv.find_customers(db, actor, email="HONG@example.com"),
        "detail": sv.get_case(db, actor, second),
        "precedents": sv.similar_cases(db, actor, second),
        "search": sv.search_cases(db, actor, "층간소음"),
    }
    for name in sv.QUEUES:
        out[f"queue {name}"] = sv.queue(db, actor, name)
    if allows(actor.role, Permission.REPORTS_VIEW):
        out["case file"] = sv.case_file_data(db, actor, first)
    return out


@pytest.mark.parametrize("role", ROLES)
def test_contacts_are_whole_only_for_those_who_handle_customers(db, staff, office, role):
    actor = staff.of(role)
    full = allows(Role(role), Permission.CUSTOMER_PII)
    views = reads(db, actor, *office)
    for name, value in views.items():
        text = "\n".join(strings(value))
        if not full:
            assert PHONE not in text and EMAIL not in text, name
    # Lists show many customers at once and write no access record: masked for every role.
    rows = views["list"].rows  # type: ignore[attr-defined]
    masked = (mask_phone(PHONE), mask_email(EMAIL))
    assert {(r.customer_phone, r.customer_email) for r in rows} == {masked}
    for name in ("search list",):
        assert all(r.customer_phone == masked[0] for r in views[name].rows)  # type: ignore[attr-defined]
    queue_rows = views["queue awaiting_ack"]
    assert [r.customer_phone for r in queue_rows] == [masked[0]]  # type: ignore[attr-defined]
    # A look-up and an opened case show them as the role may see them, and are recorded.
    want_phone = PHONE if full else mask_phone(PHONE)
    want_email = EMAIL if full else mask_email(EMAIL)
    match = views["look-up by phone"][0]  # type: ignore[index]
    assert (match.customer.phone, match.customer.email, match.customer.masked) == (
        want_phone,
        want_email,
        not full,
    )
    assert {r.customer_phone for r in match.earlier_cases} == {masked[0]}
    assert views["look-up by e-mail"][0].customer.id == match.customer.id  # type: ignore[index]
    detail = views["detail"]
    assert (detail.customer.phone, detail.customer.email) == (want_phone, want_email)  # type: ignore[attr-defined]
    if full:
        assert views["detail"].customer.address  # type: ignore[attr-defined]
    else:
        assert views["detail"].customer.address == "***"  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_printouts_follow_the_same_rule(db, staff, office, role):
    actor = staff.of(role)
    first, _ = office
    printed = [
        pdf_text(sv.receipt_pdf(db, actor, first)),
        pdf_text(sv.intake_form_pdf(db, actor, first)),
        pdf_text(sv.case_file_pdf(db, actor, first)),
    ]
    for text in printed[1:]:  # the intake form and the case file name the contact
        text = text.replace(" ", "")
        if role == "admin":
            assert PHONE not in text and EMAIL not in text
            assert mask_phone(PHONE) in text
        else:
            assert PHONE in text
    assert PHONE not in printed[0].replace(" ", "")  # the receipt, for the customer: never


def test_masks():
    assert mask_phone("010-1234-5678") == "010-1234-****"
    assert mask_phone("02-123-4567") == "02-123-****"
    assert mask_phone("1588-1234") == "1588-****"
    assert mask_phone("12") == "****"
    assert mask_email("hong@example.com") == "h***@example.com"
    assert mask_email("@example.com") == "***@example.com"
    assert mask_phone(None) == mask_email(None) == ""
