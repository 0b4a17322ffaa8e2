"""Identifying numbers typed into free text are masked before anything is stored or
indexed (core.procedure.identifiers), and the clerk is told."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from core import services as sv
from core.procedure.identifiers import mask
from tests.conftest import intake


@pytest.mark.parametrize(
    ("typed", "stored", "kinds"),
    [
        ("주민번호 900101-1234567 입니다", "주민번호 900101-1****** 입니다", ("rrn",)),
        ("9001011234567", "900101-1******", ("rrn",)),
        ("생년 851231 - 2345678 외국인", "생년 851231-2****** 외국인", ("rrn",)),
        ("외국인등록번호 010203-5123456", "외국인등록번호 010203-5******", ("rrn",)),
        ("면허 11-23-456789-01", "면허 11-23-******-**", ("driver_licence",)),
        ("서울 12-345678-90", "서울 12-******-**", ("driver_licence",)),
        ("여권 M12345678 분실", "여권 M******** 분실", ("passport",)),
        ("여권 M123A4567", "여권 M********", ("passport",)),
        ("카드 4111 1111 1111 1111 결제", "카드 **** **** **** 1111 결제", ("card",)),
        ("카드 4111-1111-1111-1111", "****-****-****-1111", ("card",)),
        ("주민 900101-1234567, 카드 4111111111111111", None, ("rrn", "card")),
    ],
)
def test_identifying_numbers_are_masked(typed, stored, kinds):
    found = mask(typed)
    assert found.kinds == kinds
    if stored is not None:
        assert stored in found.text
    assert "1234567" not in found.text and "1111 1111 1111" not in found.text


@pytest.mark.parametrize(
    "typed",
    [
        "010-1234-5678",  # a phone
        "0504-1234-5678",  # a 12-digit 안심번호
        "+82 2-123-4567",
        "GN-2026-000123",  # a case number
        "2026-12-03 14:30",
        "1,250,000원 환불",
        "주문번호 2026120312345",  # 13 digits, no birth date with a sex digit
        "계좌 110-123-456789",
        "카드 1234-5678-9012-3456",  # fails the Luhn check: no card
        "101동 1203호",
    ],
)
def test_numbers_that_are_not_identifiers_stay(typed):
    assert mask(typed).text == typed and mask(typed).kinds == ()


def test_an_intake_stores_the_number_masked_and_says_so(db, staff):
    ref = sv.receive_complaint(
        db,
        staff.clerk,
        intake(description="본인 확인으로 주민번호 900101-1234567 불러 주심. 누수 피해."),
    )
    assert ref.masked == ("rrn",)
    case = sv.get_case(db, staff.supervisor, ref.id)
    assert "900101-1******" in case.description and "1234567" not in case.description
    with db.engine.connect() as conn:
        for table, column in (
            ("cases", "description"),
            ("search_docs", "text"),
            ("audit_events", "changes"),
        ):
            held = conn.execute(text(f"SELECT {column} FROM {table}")).scalars().all()
            assert not any("1234567" in (v or "") for v in held), table
    assert sv.search_cases(db, staff.clerk, "1234567") == []


def test_a_handling_note_is_masked_too(db, staff):
    ref = sv.receive_complaint(db, staff.clerk, intake())
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.record_action(db, staff.handler, ref.id, "note", "환불 카드 4111 1111 1111 1111 확인")
    case = sv.get_case(db, staff.supervisor, ref.id)
    notes = [e.text for e in case.timeline if e.kind == "action"]
    assert any("**** **** **** 1111" in n for n in notes)
    assert not any("4111 1111 1111 1111" in n for n in notes)
