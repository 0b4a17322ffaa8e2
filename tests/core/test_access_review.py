"""The monthly review of personal-data access records: by user and period, the unusual
flagged, the records tamper-evident and never changed."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core import services as sv
from core.errors import PermissionDenied
from tests.conftest import PASSWORD, intake, past_the_app
from tests.documents.conftest import unembedded_fonts


@pytest.fixture
def month(db, staff, clock):
    """March: a clerk and a handler at work on their own cases, a second handler reading
    60 customers' cases that are not theirs, and a supervisor exporting the register."""
    ids = []
    for i in range(70):
        customer = sv.CustomerInput(name=f"고객{i}", phone=f"010-5555-{i:04d}", consent=True)
        ids.append(sv.receive_complaint(db, staff.clerk, intake(customer=customer)).id)
    for case_id in ids[:5]:
        sv.get_case(db, staff.clerk, case_id)  # cases the clerk received
    for case_id in ids[5:10]:
        sv.assign(db, staff.supervisor, case_id, staff.handler.user_id)
        sv.get_case(db, staff.handler, case_id)  # cases assigned to the handler
    sv.find_customers(db, staff.clerk, phone="010-5555-0050")  # a look-up at intake
    sv.create_user(
        db, staff.admin, username="snoop", display_name="최열람", role="handler", password=PASSWORD
    )
    snoop = sv.login(db, "snoop", PASSWORD)
    for case_id in ids[10:70]:
        sv.get_case(db, snoop, case_id)
    return ids, snoop


def test_review_counts_by_user_and_flags_the_unusual(db, staff, month, tmp_path, clock):
    _ids, _snoop = month
    sv.export_register(db, staff.supervisor, tmp_path / "register.csv")
    review = sv.access_review(db, staff.supervisor, date(2026, 3, 1), date(2026, 3, 31))
    by_name = {u.user_name: u for u in review.users}

    assert by_name["clerk"].customers == 6 and by_name["clerk"].outside_own == 0
    assert dict(by_name["clerk"].by_purpose) == {"view": 5, "lookup": 1}
    assert by_name["handler"].customers == 5 and by_name["handler"].outside_own == 0
    assert by_name["clerk"].flags == () and by_name["handler"].flags == ()

    s = by_name["snoop"]
    assert (s.customers, s.outside_own, s.accesses) == (60, 60, 60)
    assert set(s.flags) == {"volume", "outside_own"}
    assert by_name["supervisor"].flags == ("export",)
    assert dict(by_name["supervisor"].by_purpose)["export"] == 70
    assert [u.user_name for u in review.flagged] == ["snoop", "supervisor"]
    # The flagged user's accesses outside their own cases are listed, case by case.
    assert {e.user_name for e in review.details} == {"snoop"} and len(review.details) == 60
    assert review.total == 5 + 5 + 1 + 60 + 70
    assert review.chain_ok and review.chain_checked == review.total


def test_review_covers_only_its_period(db, staff, month, clock):
    clock.advance(days=31)  # into April
    sv.get_case(db, staff.clerk, month[0][0])
    april = sv.access_review(db, staff.admin, date(2026, 4, 1), date(2026, 4, 30))
    assert april.total == 1 and [u.user_name for u in april.users] == ["clerk"]
    march = sv.access_review(db, staff.admin, date(2026, 3, 1), date(2026, 3, 31))
    assert march.total == 71


@pytest.mark.parametrize("role", ["clerk", "handler"])
def test_only_supervisors_and_admins_review(db, staff, role):
    with pytest.raises(PermissionDenied):
        sv.access_review(db, staff.of(role), date(2026, 3, 1), date(2026, 3, 31))
    with pytest.raises(PermissionDenied):
        sv.access_review_pdf(db, staff.of(role), date(2026, 3, 1), date(2026, 3, 31))


def test_access_records_cannot_be_changed_and_tampering_shows(db, staff, month):
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text("UPDATE pii_access SET purpose = 'x' WHERE id = 3"))
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM pii_access WHERE id = 3"))
    assert sv.verify_access_chain(db, staff.supervisor).ok

    # Someone with the database in hand drops the guard and edits a record.
    with past_the_app(db) as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER no_delete_pii_access"))
        else:
            conn.execute(text("DROP TRIGGER no_change_pii_access ON pii_access"))
        conn.execute(text("DELETE FROM pii_access WHERE id = 3"))
    report = sv.verify_access_chain(db, staff.supervisor)
    assert not report.ok and report.bad_seq == 3 and report.reason == "missing_event"
    review = sv.access_review(db, staff.supervisor, date(2026, 3, 1), date(2026, 3, 31))
    assert not review.chain_ok


def test_review_pdf_names_users_and_flags_but_no_customer(db, staff, month, tmp_path):
    pdf = sv.access_review_pdf(db, staff.supervisor, date(2026, 3, 1), date(2026, 3, 31))
    path = tmp_path / "review.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    words = "".join(page.extract_text() for page in reader.pages)
    assert "개인정보 접속기록 점검표" in words
    assert "2026-03-01 ~ 2026-03-31" in words
    assert "최열람" in words and "담당 외 열람 과다" in words
    assert "점검자" in words
    assert "고객1" not in words and "010-5555" not in words  # numbers only, no names
    assert unembedded_fonts(reader) == []


def test_a_backup_taken_by_hand_is_an_access_to_everyone_and_flagged(db, staff, tmp_path):
    """An admin may not see personal data, yet a backup copies all of it: it is recorded
    before the copy exists, and the review flags it as a whole-register access."""
    sv.receive_complaint(db, staff.clerk, intake())
    sv.make_backup(db, staff.admin, tmp_path / "usb")
    today = db.clock().date()
    review = sv.access_review(db, staff.supervisor, today, today)
    (admin,) = [u for u in review.users if u.user_name == staff.admin.username]
    assert dict(admin.by_purpose) == {"backup": 1} and "backup" in admin.flags
    assert admin.customers == 0  # not counted as volume: flagged on its own
