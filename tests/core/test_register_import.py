"""Register import and export: real CFPB data, bad rows, and Korean round trips."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from core import services as sv
from core.db.database import Database
from core.errors import PermissionDenied
from core.register import parse_mapping, parse_when, read_rows
from core.register.standard import HEADINGS
from tests.conftest import intake, make_staff

SEOUL = ZoneInfo("Asia/Seoul")
CFPB = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "complaints_sample.csv"
CFPB_MAPPING = """
[columns]
received_at = "Date received"
category = "Product"
subject = "Issue"
description = "Consumer complaint narrative"
channel = "Submitted via"
external_ref = "Complaint ID"

[values.channel]
"Web" = "online"
"Postal mail" = "letter"
"Referral" = "referral"
"Phone" = "phone"
"Fax" = "fax"
"Email" = "email"
"""


def _count(db, sql: str, **params) -> list[tuple]:
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


@pytest.fixture
def sqlite_db(sqlite_url, clock):
    database = Database(sqlite_url, clock=clock)
    yield database
    database.dispose()


def test_cfpb_sample_lands_by_month_and_category(sqlite_db, tmp_path):
    if not CFPB.exists():
        pytest.skip("the CFPB sample is not here")
    staff = make_staff(sqlite_db)
    mapping = parse_mapping(CFPB_MAPPING)
    report = sv.import_register(sqlite_db, staff.supervisor, CFPB, mapping)

    # The independent count: the csv module, the dates as written, and each record's first
    # line counted here, so the report's line numbers can be checked too.
    records = {}
    with CFPB.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        start = reader.line_num + 1
        for cells in reader:
            records[start] = dict(zip(header, cells, strict=True))
            start = reader.line_num + 1
    assert report.rows == len(records) == 6623
    # Every row goes in: the longest narrative (21,928 characters) is a real complaint.
    assert (report.imported, report.rejected) == (len(records), [])
    longest = max(records.values(), key=lambda r: len(r["Consumer complaint narrative"]))
    assert len(longest["Consumer complaint narrative"]) > 20000
    stored = _count(sqlite_db, "SELECT max(length(description)) FROM cases")[0][0]
    assert stored >= len(longest["Consumer complaint narrative"].strip())
    kept = list(records.values())
    per_month = Counter(parse_when(r["Date received"]).strftime("%Y-%m") for r in kept)
    per_product = Counter(r["Product"] for r in kept)
    months = dict(
        _count(
            sqlite_db,
            "SELECT strftime('%Y-%m', received_at / 1000000, 'unixepoch', '+9 hours'), count(*) "
            "FROM cases GROUP BY 1",
        )
    )
    assert months == dict(per_month)
    products = dict(
        _count(
            sqlite_db,
            "SELECT g.name_ko, count(*) FROM cases c JOIN categories g ON g.id = c.category_id "
            "GROUP BY 1",
        )
    )
    assert products == dict(per_product)
    assert sorted(set(report.new_categories)) == sorted(per_product)
    # Case numbers follow the calendar of the original dates.
    first = _count(sqlite_db, "SELECT case_no FROM cases ORDER BY received_at, id LIMIT 1")[0][0]
    assert first == "GN-2015-000001"
    channels = dict(_count(sqlite_db, "SELECT channel, count(*) FROM cases GROUP BY 1"))
    assert channels["online"] == sum(r["Submitted via"] == "Web" for r in kept)

    again = sv.import_register(sqlite_db, staff.supervisor, CFPB, mapping)
    assert again.imported == 0 and again.already_here == report.imported
    assert _count(sqlite_db, "SELECT count(*) FROM cases")[0][0] == report.imported
    assert sv.verify_audit_chain(sqlite_db, staff.supervisor).ok


BAD_REGISTER = (
    "접수일자,제목,내용,경로,번호\r\n"
    '2026-02-03,주차 문제,"지하 주차장\r\n조명이 꺼짐",방문,A-1\r\n'  # lines 2-3, fine
    "2026/13/40,날짜 오류,내용,전화,A-2\r\n"  # line 4: bad date
    ",날짜 없음,내용,전화,A-3\r\n"  # line 5: no date
    "2026-02-04,중복,내용,전화,A-1\r\n"  # line 6: duplicate reference
    "2026-02-05,경로 오류,내용,비둘기,A-5\r\n"  # line 7: unknown channel
    "2099-01-01,미래,내용,전화,A-6\r\n"  # line 8: in the future
    "2026년 2월 6일,한국식 날짜,층간소음,온라인,A-7\r\n"  # line 9: fine
)
BAD_MAPPING = """
[columns]
received_at = "접수일자"
subject = "제목"
description = "내용"
channel = "경로"
external_ref = "번호"
"""


def test_bad_rows_are_reported_by_line_and_the_rest_goes_in(db, staff, tmp_path):
    path = tmp_path / "대장.csv"
    path.write_bytes(BAD_REGISTER.encode("cp949"))
    mapping = parse_mapping(BAD_MAPPING)
    trial = sv.import_register(db, staff.supervisor, path, mapping, dry_run=True)
    assert trial.imported == 2 and _count(db, "SELECT count(*) FROM cases")[0][0] == 0

    report = sv.import_register(db, staff.supervisor, path, mapping)
    reasons = {p.line: p.reason for p in report.rejected}
    assert sorted(reasons) == [4, 5, 6, 7, 8]
    assert "2026/13/40" in reasons[4]
    assert "접수일시" in reasons[5]
    assert "A-1" in reasons[6] and "2행" in reasons[6]
    assert "비둘기" in reasons[7]
    assert "미래" in reasons[8]
    assert report.imported == 2
    rows = _count(db, "SELECT external_ref, description, channel FROM cases ORDER BY received_at")
    assert rows == [("A-1", "지하 주차장\n조명이 꺼짐", "visit"), ("A-7", "층간소음", "online")]
    assert [h.case_id for h in sv.search_cases(db, staff.clerk, "소음")]  # indexed too


def _korean_register(db, staff, clock) -> None:
    """Cases in every state, with a compensation, a follow-up and a formula-looking subject."""
    clock.set(datetime(2026, 3, 2, 10, 0, tzinfo=SEOUL))
    closed = sv.receive_complaint(
        db, staff.clerk, intake(subject='=HYPERLINK("x")', nature="effective")
    )
    sv.acknowledge(db, staff.clerk, closed.id)
    sv.assign(db, staff.supervisor, closed.id, staff.handler.user_id)
    sv.record_action(db, staff.handler, closed.id, "fix", "조치함")
    refund = sv.offer_compensation(db, staff.handler, closed.id, kind="refund", amount=30_000)
    sv.record_compensation_outcome(db, staff.handler, refund, outcome="delivered")
    clock.advance(hours=30)
    sv.resolve(db, staff.handler, closed.id, result="방음재 설치 완료", told_channel="phone")
    clock.advance(hours=50)
    sv.record_follow_up(db, staff.clerk, closed.id, channel="phone", outcome="만족", satisfaction=4)
    clock.advance(hours=2)
    sv.close(db, staff.handler, closed.id)
    invalid = sv.receive_complaint(
        db, staff.clerk, intake(subject="-5 평 차이", category_code="equipment.parking")
    )
    sv.close_invalid(db, staff.handler, invalid.id, reason="중복 접수")
    sv.receive_complaint(
        db,
        staff.clerk,
        intake(
            subject="엘리베이터 고장",
            customer=sv.CustomerInput(name="박민지", email="minji@example.com", consent=True),
            channel="online",
            nature="consultation",
        ),
    )


@pytest.mark.parametrize("kind", ["cp949.csv", "xlsx"])
def test_a_korean_register_round_trips(db, staff, clock, tmp_path, sqlite_template, kind):
    _korean_register(db, staff, clock)
    suffix = ".xlsx" if kind == "xlsx" else ".csv"
    first = tmp_path / f"first{suffix}"
    assert sv.export_register(db, staff.supervisor, first) == 3
    source = first
    if kind == "cp949.csv":  # saved again by Korean Excel: CP949, no BOM
        source = tmp_path / "first-cp949.csv"
        source.write_bytes(first.read_text(encoding="utf-8-sig").encode("cp949"))

    path = tmp_path / "empty.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    empty = Database(f"sqlite:///{path}", clock=clock)
    try:
        other = make_staff(empty)  # the same office and staff, on a new PC
        report = sv.import_register(empty, other.supervisor, source)  # standard headings
        assert (report.imported, report.rejected) == (3, [])
        second = tmp_path / f"second{suffix}"
        assert sv.export_register(empty, other.supervisor, second) == 3
    finally:
        empty.dispose()

    def table(p):
        headings, rows = read_rows(p)
        return headings, [r.values for r in rows]

    assert table(first) == table(second)
    headings, rows = table(first)
    assert headings == HEADINGS
    assert rows[0]["제목"].startswith("'=HYPERLINK")  # escaped for Excel
    assert rows[0]["처리상태"] == "종결" and rows[0]["보상"] == "환불 30,000원"
    assert rows[0]["만족도"] == "4" and rows[0]["담당자"] == "이처리"
    assert rows[1]["처리상태"] == "무효 종결"
    assert rows[2]["연락처"] == "minji@example.com"


def test_export_is_an_access_to_personal_data_and_needs_permission(db, staff, tmp_path):
    sv.receive_complaint(db, staff.clerk, intake())
    before = _count(db, "SELECT count(*) FROM pii_access WHERE purpose = 'export'")[0][0]
    sv.export_register(db, staff.supervisor, tmp_path / "r.csv")
    after = _count(db, "SELECT count(*) FROM pii_access WHERE purpose = 'export'")[0][0]
    assert (before, after) == (0, 1)
    with pytest.raises(PermissionDenied):
        sv.export_register(db, staff.clerk, tmp_path / "r2.csv")
    with pytest.raises(PermissionDenied):
        sv.import_register(db, staff.clerk, tmp_path / "r.csv")
    assert not (tmp_path / "r2.csv").exists()


def test_an_export_is_recorded_before_its_file_and_fails_closed(db, staff, tmp_path, monkeypatch):
    """The access records of an export are written in its transaction before the file: a
    file that cannot be written leaves no record, and a commit that fails takes the file
    back (no copy of the register exists that the records do not show)."""
    from core.services import register_export

    sv.receive_complaint(db, staff.clerk, intake())

    def accesses() -> int:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM pii_access")).scalar_one()

    before = accesses()

    def cannot_write(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(register_export, "write_register", cannot_write)
    with pytest.raises(OSError):
        sv.export_register(db, staff.supervisor, tmp_path / "full.csv")
    assert accesses() == before
    monkeypatch.undo()

    from core.db.database import UnitOfWork

    real_commit = UnitOfWork.commit

    def refused(self):
        if (tmp_path / "lost.csv").exists():
            raise OSError(5, "I/O error at commit")
        real_commit(self)

    monkeypatch.setattr(UnitOfWork, "commit", refused)
    with pytest.raises(OSError):
        sv.export_register(db, staff.supervisor, tmp_path / "lost.csv")
    assert not (tmp_path / "lost.csv").exists()
    assert accesses() == before
    monkeypatch.undo()
    assert sv.export_register(db, staff.supervisor, tmp_path / "kept.csv") == 1
    assert (tmp_path / "kept.csv").exists() and accesses() == before + 1
