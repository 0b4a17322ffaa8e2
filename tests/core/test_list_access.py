"""Lists, queues and searches show customers' names: each one that shows any writes one
personal-data access record naming whom it showed (purpose "list", 목록 조회), and the
monthly review counts them apart from the cases opened."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from core import services as sv
from core.db.database import Database
from core.db.models import PiiAccess
from core.errors import plain_failure
from core.store.backup import sqlite_file
from tests.conftest import intake, past_the_app

PHONES = itertools.count()


def records(db: Database) -> list[PiiAccess]:
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        return list(uow.session.scalars(select(PiiAccess).order_by(PiiAccess.id)))


def customer_of(db, staff, case_id: int) -> int:
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        return uow.session.execute(
            text("SELECT customer_id FROM cases WHERE id = :i"), {"i": case_id}
        ).scalar_one()


def received(db, staff, *names: str) -> list[int]:
    out = []
    for name in names:  # each a customer of their own: a phone number of their own
        customer = sv.CustomerInput(name=name, phone=f"010-2345-{next(PHONES):04d}", consent=True)
        out.append(sv.receive_complaint(db, staff.clerk, intake(customer=customer)).id)
    return out


def test_a_page_of_the_case_list_is_one_record_naming_whom_it_showed(db, staff):
    ids = received(db, staff, "김민수", "이서연", "박보검")
    customers = sorted(customer_of(db, staff, i) for i in ids)
    before = len(records(db))
    first = sv.list_cases(db, staff.clerk, limit=2)
    second = sv.list_cases(db, staff.clerk, limit=2, after=first.next_key)
    new = records(db)[before:]
    assert [(r.purpose, r.user_name, r.customer_id, r.case_id) for r in new] == [
        ("list", "clerk", None, None),
        ("list", "clerk", None, None),
    ]
    shown = [r.customer_id for r in first.rows], [r.customer_id for r in second.rows]
    assert [r.shown for r in new] == [",".join(map(str, sorted(s))) for s in shown]
    assert sorted({int(i) for r in new for i in (r.shown or "").split(",")}) == customers
    assert sv.verify_access_chain(db, staff.supervisor).ok


def test_queues_and_searches_record_too_and_an_empty_one_does_not(db, staff):
    (case_id,) = received(db, staff, "박보검")
    customer = customer_of(db, staff, case_id)
    before = len(records(db))
    assert sv.queue(db, staff.clerk, "overdue") == []  # nothing shown: nothing recorded
    assert len(records(db)) == before
    assert [r.id for r in sv.queue(db, staff.clerk, "awaiting_ack")] == [case_id]
    # A search by the customer's name, in the list and on the command line.
    assert [r.id for r in sv.list_cases(db, staff.clerk, text="박보검").rows] == [case_id]
    assert [h.case_id for h in sv.search_cases(db, staff.supervisor, "박보검")] == [case_id]
    assert sv.search_cases(db, staff.supervisor, "없는이름") == []
    new = records(db)[before:]
    # The clerk's search showed the very names of their queue: recorded once that day.
    assert [(r.purpose, r.user_name, r.shown) for r in new] == [
        ("list", "clerk", str(customer)),
        ("list", "supervisor", str(customer)),
    ]


def test_the_same_names_shown_again_the_same_day_are_recorded_once(db, staff, clock):
    """A list is read again after every save: the same page to the same person the same
    day says nothing new. Other names, another person or another day are recorded."""
    received(db, staff, "김민수", "이서연")
    before = len(records(db))
    for _ in range(3):
        sv.list_cases(db, staff.clerk)
    assert len(records(db)) == before + 1
    sv.list_cases(db, staff.handler)  # another person
    received(db, staff, "박보검")  # the page now shows one more name
    sv.list_cases(db, staff.clerk)
    clock.advance(days=1)
    sv.list_cases(db, staff.clerk)  # the next day
    new = [(r.user_name, len((r.shown or "").split(","))) for r in records(db)[before:]]
    assert new == [("clerk", 2), ("handler", 2), ("clerk", 3), ("clerk", 3)]


def test_a_changed_list_record_breaks_the_chain(db, staff):
    received(db, staff, "김민수", "이서연")
    sv.list_cases(db, staff.clerk)
    listed = next(r for r in records(db) if r.purpose == "list")
    with past_the_app(db) as conn:  # someone hides whom they listed
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER no_update_pii_access"))
        else:
            conn.execute(text("DROP TRIGGER no_change_pii_access ON pii_access"))
        conn.execute(text("UPDATE pii_access SET shown = '1' WHERE id = :i"), {"i": listed.id})
    report = sv.verify_access_chain(db, staff.supervisor)
    assert not report.ok and report.bad_seq == listed.id


@pytest.mark.edits_past_the_app  # the data is opened read-only: nothing is written at all
def test_a_list_that_cannot_be_recorded_is_not_shown(db, staff):
    if not db.is_sqlite:
        pytest.skip("a read-only SQLite file")
    received(db, staff, "김민수")
    path = sqlite_file(db.url)
    assert path is not None
    # The file opened read-only, as from a write-protected stick: the record cannot be
    # written, and the names are not handed out without it.
    read_only = Database(f"sqlite:///file:{path}?mode=ro&uri=true", clock=db.clock)
    try:
        with pytest.raises(OperationalError) as failed:
            sv.list_cases(read_only, staff.clerk)
        said = plain_failure(failed.value)
        assert said is not None and said.code == "db_readonly"
    finally:
        read_only.dispose()
    with sqlite3.connect(path) as conn:
        listed = conn.execute("SELECT count(*) FROM pii_access WHERE purpose = 'list'")
        assert listed.fetchone() == (0,)


def test_the_review_counts_lists_apart_from_cases_opened(db, staff, tmp_path):
    ids = received(db, staff, *(f"고객{i}" for i in range(60)))
    sv.list_cases(db, staff.clerk, limit=40)  # 40 names
    page = sv.list_cases(db, staff.clerk, limit=40)  # the same 40: not again
    sv.list_cases(db, staff.clerk, limit=40, after=page.next_key)  # the other 20
    sv.list_cases(db, staff.clerk, limit=100)  # all 60
    sv.get_case(db, staff.clerk, ids[0])
    review = sv.access_review(db, staff.supervisor, date(2026, 3, 1), date(2026, 3, 31))
    clerk = next(u for u in review.users if u.user_name == "clerk")
    assert dict(clerk.by_purpose) == {"list": 3, "view": 1}
    assert clerk.listed == 60
    # Names in a list are not the data of 60 customers opened: no volume flag.
    assert clerk.customers == 1 and clerk.flags == ()
    assert clerk.purposes_said("ko") == "목록 조회 3(고객 60명), 열람 1"
    assert clerk.purposes_said("en") == "list 3 (60 customers), view 1"
    pdf = sv.access_review_pdf(db, staff.supervisor, date(2026, 3, 1), date(2026, 3, 31))
    path = tmp_path / "review.pdf"
    path.write_bytes(pdf)
    words = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "목록 조회 3(고객 60명)" in words.replace("\n", "")
