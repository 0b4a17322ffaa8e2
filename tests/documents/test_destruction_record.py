"""개인정보 파기 확인서, read back: the form's facts, every case number, the approver, the
legal basis, Korean and English, fonts embedded, and a long list over several pages."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from core import services as sv
from core.documents.destruction_record import render_destruction_record
from core.procedure.office import OfficeSettings
from core.views import DestructionRecord
from tests.conftest import intake
from tests.documents.conftest import read_pdf, unembedded_fonts

SEOUL = ZoneInfo("Asia/Seoul")
CASE_NO = re.compile(r"GN-\d{4}-\d{6}")


@pytest.fixture
def purged(sqlite_url, clock):
    """Two customers' complaints withdrawn in 2022, destroyed in 2026 by the supervisor."""
    from core.db.database import Database
    from tests.conftest import make_staff

    db = Database(sqlite_url, clock=clock)
    staff = make_staff(db)
    for day, name, phone in ((7, "홍길동", "010-1111-2222"), (8, "최민지", "010-3333-4444")):
        clock.set(datetime(2022, 11, day, 10, 0, tzinfo=SEOUL))
        customer = sv.CustomerInput(name=name, phone=phone, consent=True)
        ref = sv.receive_complaint(db, staff.clerk, intake(customer=customer))
        sv.withdraw(db, staff.handler, ref.id, reason="고객이 철회함")
    clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=SEOUL))
    record = sv.purge_expired_personal_data(db, staff.supervisor, expected=2)
    yield db, staff, record
    db.dispose()


def test_the_record_from_the_service(purged):
    db, staff, record = purged
    reader, text = read_pdf(sv.destruction_record_pdf(db, staff.supervisor, record.id))
    flat = text.replace("\n", " ")
    assert "개인정보 파기 확인서" in text and "개인정보 파기 관리대장" in text
    assert f"제 {record.id}호" in text
    assert "강남 관리사무소" in text
    assert "2026-03-09 10:00" in text  # when, office time
    assert "고객 2명 · 사건 2건" in text
    assert "GN-2022-000001" in text and "GN-2022-000002" in text
    assert "박관리" in text  # the approving supervisor
    assert "개인정보 보호법" in flat and "제21조" in flat and "전자상거래" in flat
    assert "사건 종결일로부터 3년" in text
    assert "종결일이 2023-03-08 이전인" in flat  # the last day destroyed
    assert "성명, 전화번호, 이메일, 주소" in flat and "복원이 불가능한 방법" in flat
    assert "확인자" in text and "서명" in text
    assert "사건 기록의 본문" in flat
    # The destroyed names are nowhere on the record of their destruction.
    assert "홍길동" not in text and "최민지" not in text
    assert unembedded_fonts(reader) == []


def test_english(purged):
    db, staff, record = purged
    reader, text = read_pdf(sv.destruction_record_pdf(db, staff.supervisor, record.id, lang="en"))
    flat = text.replace("\n", " ")
    assert "Record of destruction of personal data" in text
    assert "2 customers · 2 cases" in text and "Personal Information Protection Act" in flat
    assert "Approved by (supervisor)" in text and "Signature" in text
    assert "GN-2022-000002" in text
    assert unembedded_fonts(reader) == []


def test_a_long_list_runs_over_pages_with_its_header(clock):
    numbers = tuple(f"GN-{2022 + i // 400}-{i % 400 + 1:06d}" for i in range(700))
    record = DestructionRecord(
        id=4321,
        at=datetime(2026, 3, 9, 1, 0, tzinfo=UTC),
        approved_by="박관리",
        approved_by_username="supervisor",
        retention_years=3,
        cutoff=date(2023, 3, 9),
        customers=512,
        cases=len(numbers),
        oldest_closed=date(2022, 1, 3),
        newest_closed=date(2023, 3, 8),
        case_nos=numbers,
    )
    buf = io.BytesIO()
    office = OfficeSettings(office_name="강남 관리사무소")
    render_destruction_record(record, office, buf, printed_by="박관리", printed_at=clock.now)
    reader, text = read_pdf(buf.getvalue())
    assert len(reader.pages) >= 4
    assert all(n in text for n in numbers)
    assert "고객 512명 · 사건 700건" in text and "붙임: 파기 대상 사건 목록 (700건)" in text
    per_page = []
    for page in reader.pages[1:]:  # the attachment's header on every page it runs over
        page_text = page.extract_text()
        assert "접수번호" in page_text and "순번" in page_text
        assert f" / {len(reader.pages)}" in page_text  # the "x / n" footer
        per_page.append(len(CASE_NO.findall(page_text)))
    # Full pages: no page of the list left nearly empty by a table cut in the wrong place.
    assert sum(per_page) == len(numbers)
    assert all(n >= 100 for n in per_page[:-1]), per_page
    assert unembedded_fonts(reader) == []


def test_the_backups_taken_before_the_purge_are_listed_with_when_they_go(
    sqlite_url, clock, tmp_path
):
    """They still hold what the purge destroyed: each automatic copy with the day the
    rotation deletes it, a copy by hand as one to delete by hand; none taken after."""
    from core.db.database import Database
    from tests.conftest import make_staff

    folder = tmp_path / "backups"
    db = Database(sqlite_url, clock=clock, backup_dir=folder)
    try:
        staff = make_staff(db)
        clock.set(datetime(2022, 11, 7, 12, 0, tzinfo=UTC))
        customer = sv.CustomerInput(name="홍길동", phone="010-1111-2222", consent=True)
        ref = sv.receive_complaint(db, staff.clerk, intake(customer=customer))
        sv.withdraw(db, staff.handler, ref.id, reason="고객이 철회함")
        clock.set(datetime(2026, 3, 5, 12, 0, tzinfo=UTC))
        automatic = sv.automatic_backup(db, force=True)
        clock.set(datetime(2026, 3, 7, 12, 0, tzinfo=UTC))
        by_hand = sv.make_backup(db, staff.supervisor, folder)
        clock.set(datetime(2026, 3, 9, 12, 0, tzinfo=UTC))
        record = sv.purge_expired_personal_data(db, staff.supervisor, expected=1)
        clock.set(datetime(2026, 3, 9, 13, 0, tzinfo=UTC))
        after = sv.automatic_backup(db, force=True)
        assert automatic is not None and after is not None

        reader, text = read_pdf(sv.destruction_record_pdf(db, staff.supervisor, record.id))
        flat = text.replace("\n", " ")
        assert "붙임 2: 파기 전에 만든 백업" in flat
        assert automatic.path.name in flat and by_hand.path.name in flat
        assert after.path.name not in flat
        # Kept as the newest copy of its ISO week until a fifth week has one (one a day).
        assert "2026-03-30" in flat and "직접 삭제" in flat
        assert "USB 등 다른 곳에 만든 백업" in flat
        assert unembedded_fonts(reader) == []
        _, english = read_pdf(sv.destruction_record_pdf(db, staff.supervisor, record.id, lang="en"))
        assert "delete by hand" in english
    finally:
        db.dispose()


def test_without_backups_before_the_purge_the_record_says_so(purged, tmp_path):
    db, staff, record = purged
    lonely = type(db)(db.url, clock=db.clock, backup_dir=tmp_path / "none")
    try:
        _, text = read_pdf(sv.destruction_record_pdf(lonely, staff.supervisor, record.id))
    finally:
        lonely.dispose()
    assert "파기 전에 만든 백업이 남아 있지 않습니다" in text.replace("\n", " ")
