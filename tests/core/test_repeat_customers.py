"""재접수 고객: found from four digits of the number (its start, or its end), linked when the
whole number is retyped (never a second customer for a number on record), counted in full,
and every look-up that shows a name recorded as a personal-data access."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from core import services as sv
from core.errors import ValidationFailed
from core.services.lookups import prefix_range
from tests.conftest import intake, schema_owner


def person(name: str, phone: str) -> sv.CustomerInput:
    return sv.CustomerInput(name=name, phone=phone, consent=True)


def count(db, sql: str, **params) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def customers(db) -> int:
    return count(db, "SELECT count(*) FROM customers")


def accesses(db) -> int:
    return count(db, "SELECT count(*) FROM pii_access WHERE purpose = 'lookup'")


@pytest.fixture
def known(db, staff):
    """Three customers: 홍길동 (010-1234-5678, two cases, one closed), 김영희 (010-1299-0000),
    박민수 (02-555-5678: the same last four digits as 홍길동)."""
    first = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.close_invalid(db, staff.supervisor, first, reason="중복 접수")
    hong = sv.get_case(db, staff.clerk, first).customer.id
    sv.receive_complaint(db, staff.clerk, intake(existing_customer_id=hong, subject="또"))
    sv.receive_complaint(db, staff.clerk, intake(customer=person("김영희", "010-1299-0000")))
    sv.receive_complaint(db, staff.clerk, intake(customer=person("박민수", "02-555-5678")))
    return hong


def test_the_first_four_digits_find_the_numbers_that_start_with_them(db, staff, known):
    found = sv.find_customers(db, staff.clerk, phone="0101", with_cases=False)
    assert [m.customer.name for m in found] == ["홍길동", "김영희"]  # in the index's order
    hong = found[0]
    assert (hong.earlier_count, hong.open_count, hong.exact) == (2, 1, False)
    assert hong.earlier_cases == ()  # the drop-down needs only the counts
    eight = sv.find_customers(db, staff.clerk, phone="0101-234")
    assert [m.customer.name for m in eight] == ["홍길동"]


def test_the_last_four_digits_find_the_numbers_that_end_with_them(db, staff, known):
    found = sv.find_customers(db, staff.clerk, phone="5678")
    assert sorted(m.customer.name for m in found) == ["박민수", "홍길동"]


def test_the_whole_number_comes_first_and_says_so(db, staff, known):
    found = sv.find_customers(db, staff.clerk, phone="010 1234 5678")
    assert found[0].customer.id == known and found[0].exact
    # Open cases first, then the newest; all counted.
    assert [r.status for r in found[0].earlier_cases] == ["received", "closed"]


def test_three_digits_find_nobody(db, staff, known):
    assert sv.find_customers(db, staff.clerk, phone="010") == []


def test_each_customer_shown_is_recorded_as_an_access(db, staff, known):
    before = accesses(db)
    found = sv.find_customers(db, staff.clerk, phone="0101", with_cases=False)
    assert accesses(db) == before + len(found) == before + 2


def test_the_earlier_cases_are_counted_in_full(db, staff, known, clock):
    for n in range(24):
        clock.advance(minutes=5)
        sv.receive_complaint(db, staff.clerk, intake(existing_customer_id=known, subject=f"{n}"))
    (hong,) = sv.find_customers(db, staff.clerk, phone="01012345678", limit=1)
    assert (hong.earlier_count, hong.open_count) == (26, 25)
    assert len(hong.earlier_cases) == 26  # listed too (up to CASES_SHOWN), none cut at 20
    assert hong.earlier_cases[-1].status == "closed"


@pytest.mark.parametrize(
    ("digits", "bounds"),
    [
        ("0101", ("0101", "0102")),
        ("0199", ("0199", "0200")),
        ("0109", ("0109", "0110")),
        ("9999", ("9999", None)),
        ("5678", ("5678", "5679")),
    ],
)
def test_prefix_range_holds_exactly_the_numbers_that_start_so(digits, bounds):
    start, stop = prefix_range(digits)
    assert (start, stop) == bounds
    for number in (digits + "0000", digits + "9999", digits):
        assert start <= number and (stop is None or number < stop)


def test_the_prefix_look_up_reads_the_index(db, staff, known):
    start, stop = prefix_range("0101")
    query = (
        "SELECT * FROM customers WHERE phone_digits >= :a AND phone_digits < :b "
        "ORDER BY phone_digits LIMIT 8"
    )
    last4 = "SELECT * FROM customers WHERE phone_last4 = 5678"
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "sqlite":
            explain = "EXPLAIN QUERY PLAN "
        else:  # a small table is read whole; say whether the index could serve
            conn.execute(text("SET LOCAL enable_seqscan = off"))
            explain = "EXPLAIN "
        plan = " ".join(
            str(row[-1]) for row in conn.execute(text(explain + query), {"a": start, "b": stop})
        )
        ends = " ".join(str(row[-1]) for row in conn.execute(text(explain + last4)))
    if db.engine.dialect.name == "sqlite":
        assert "ix_customers_phone_digits (phone_digits>? AND phone_digits<?)" in plan, plan
        assert "TEMP B-TREE" not in plan  # read in the index's order: LIMIT stops early
    else:
        assert "Index Scan using ix_customers_phone_digits" in plan, plan
        assert "Sort" not in plan
    assert "ix_customers_phone_last4" in ends, ends


# ---------------------------------------------------------------- linking at the door


def test_retyping_a_known_number_never_makes_a_second_customer(db, staff, known):
    before = customers(db)
    again = sv.receive_complaint(
        db, staff.clerk, intake(customer=person("홍길동", "01012345678"), subject="세 번째")
    )
    assert customers(db) == before
    assert again.customer_id == known and again.repeat_customer
    assert again.linked_by_phone == 1
    assert count(db, "SELECT repeat_customer FROM cases WHERE id = :i", i=again.id)


def test_several_customers_on_one_number_link_the_most_recent(db, staff, known, clock):
    # Two records on one number, made before this rule (a register import, say).
    older = sv.receive_complaint(
        db, staff.clerk, intake(customer=person("김영희", "010-1299-0000"), separate_customer=True)
    )
    clock.advance(days=1)
    newest = sv.receive_complaint(
        db, staff.clerk, intake(customer=person("김영수", "010-1299-0000"), separate_customer=True)
    )
    assert older.customer_id != newest.customer_id
    clock.advance(days=1)
    ref = sv.receive_complaint(db, staff.clerk, intake(customer=person("김영수", "01012990000")))
    assert ref.customer_id == newest.customer_id and ref.linked_by_phone == 3
    assert ref.repeat_customer


def test_a_new_number_makes_a_new_customer(db, staff, known):
    before = customers(db)
    ref = sv.receive_complaint(db, staff.clerk, intake(customer=person("이순신", "010-7777-8888")))
    assert customers(db) == before + 1
    assert not ref.repeat_customer and ref.linked_by_phone == 0


def test_the_new_column_follows_the_number(db, staff, known):
    ref = sv.receive_complaint(db, staff.clerk, intake(customer=person("이순신", "+82 2-123-4567")))
    row = "SELECT phone, phone_digits, phone_last4 FROM customers WHERE id = :i"
    with db.engine.connect() as conn:
        stored = conn.execute(text(row), {"i": ref.customer_id}).one()
    assert tuple(stored) == ("02-123-4567", "021234567", 4567)


# ---------------------------------------------------------------- 발생 일시 as typed


def test_the_incident_moment_is_read_as_typed(db, staff, clock):
    ref = sv.receive_complaint(db, staff.clerk, intake(incident_text="어제 23시"))
    case = sv.get_case(db, staff.clerk, ref.id)
    assert case.incident_at == clock() - timedelta(hours=11)  # 10:00 today -> 23:00 yesterday


def test_an_unreadable_moment_is_said_with_the_other_problems(db, staff):
    with pytest.raises(ValidationFailed) as refused:
        sv.receive_complaint(
            db,
            staff.clerk,
            intake(
                incident_text="어제 25시",
                subject="",
                customer=sv.CustomerInput(name="홍길동", phone="010-12"),
            ),
        )
    problems = {(p.field, p.reason) for p in refused.value.problems}
    assert problems == {
        ("incident_at", "bad_moment"),
        ("subject", "required"),
        ("customer.phone", "bad_phone"),
        ("customer.consent", "required"),  # in the same round as the mistyped number
    }


def test_migration_0008_fills_the_last_four_digits_of_customers_before_it(db, staff, known):
    from alembic import command

    from core.db.migrate import alembic_config, current_revision, head_revision, upgrade

    with schema_owner(db) as engine:
        command.downgrade(alembic_config(engine), "0007")
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE customers SET phone_digits = '0504123400' WHERE id = :i"),
                {"i": known},
            )
        upgrade(engine)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT phone_digits, phone_last4 FROM customers")).all())
    assert rows == {"0504123400": 3400, "01012990000": 0, "025555678": 5678}
    found = sv.find_customers(db, staff.clerk, phone="3400")
    assert [m.customer.id for m in found] == [known]
