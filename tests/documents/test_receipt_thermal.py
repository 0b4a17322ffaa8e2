"""The 80 mm receipt: one page as wide as the roll and as tall as its content, the A4
receipt's customer half and a short office copy, Korean in an embedded font; and the
documents door that gives either layout."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from core import services as sv
from core.documents.receipt_thermal import render_thermal_receipt
from core.words.labels import label
from tests.conftest import intake
from tests.documents.conftest import read_pdf, unembedded_fonts

NOW = datetime(2026, 3, 9, 1, 5, tzinfo=UTC)
MM = 72 / 25.4


@pytest.fixture
def received(sqlite_url, clock):
    from core.db.database import Database
    from tests.conftest import make_staff

    db = Database(sqlite_url, clock=clock)
    staff = make_staff(db)
    sv.update_settings(db, staff.admin, office_contact="02-555-1234 (평일 09:00-18:00)")
    ref = sv.receive_complaint(db, staff.clerk, intake())
    detail, _ = sv.case_file_data(db, staff.supervisor, ref.id)
    office = sv.get_settings(db, staff.supervisor)
    yield db, staff, ref, detail, office
    db.dispose()


def thermal(detail, office, lang: str = "ko") -> bytes:
    buf = io.BytesIO()
    render_thermal_receipt(detail, office, buf, lang=lang, printed_at=NOW)
    return buf.getvalue()


def page_mm(reader) -> tuple[float, float]:
    box = reader.pages[0].mediabox
    return float(box.width) / MM, float(box.height) / MM


def test_thermal_receipt_is_one_80mm_page_with_the_customer_part(received):
    _, _, _, detail, office = received
    reader, text = read_pdf(thermal(detail, office))
    assert len(reader.pages) == 1
    width, height = page_mm(reader)
    assert round(width, 1) == 80.0 and 150 < height < 400
    flat = text.replace("\n", "")
    for words in (
        "강남 관리사무소",  # the office
        "02-555-1234",  # how to reach it
        "고객불만 접수증",
        detail.case_no,
        "2026-03-09 10:00",  # received, office time
        "밤 11시 이후에도",  # the customer's own words
        "2026-03-10 10:00",  # the acknowledgement deadline: the same time the next day
        "2026-03-18 18:00",  # the target date
        "개인정보는",  # the privacy notice
        "사무소 보관용",  # the office copy below the cut line
        "절 취 선",
    ):
        assert words in flat, words
    assert unembedded_fonts(reader) == []


def test_a_longer_complaint_makes_a_longer_receipt_shortened_with_an_ellipsis(received):
    _, _, _, detail, office = received
    short_height = page_mm(read_pdf(thermal(detail, office))[0])[1]
    longer = replace(detail, description="주차장 천장에서 물이 새어 차량이 젖었습니다. " * 4)
    longer_height = page_mm(read_pdf(thermal(longer, office))[0])[1]
    huge = replace(detail, description="가나다라마바사 " * 400)
    reader, text = read_pdf(thermal(huge, office))
    assert short_height < longer_height < page_mm(reader)[1]
    assert len(reader.pages) == 1 and "…" in text
    assert page_mm(reader)[1] < 500  # shortened: the case file has it all, not the roll


def test_thermal_receipt_in_english_has_no_korean_labels(received):
    from core.words.labels import _L

    _, _, _, detail, office = received
    _, text = read_pdf(thermal(detail, office, "en"))
    flat = text.replace("\n", "")
    assert "Complaint receipt" in flat and "Office copy" in flat
    assert [k for k in _L.values() if len(k) >= 3 and k in flat] == []
    assert "문의" not in flat  # the receipt's own word, translated too


def test_the_documents_door_gives_either_layout(received):
    db, staff, ref, _, _ = received
    a4 = read_pdf(sv.receipt_pdf(db, staff.clerk, ref.id))[0]
    roll = read_pdf(sv.receipt_pdf(db, staff.clerk, ref.id, layout="thermal80"))[0]
    assert round(page_mm(a4)[0]) == 210 and round(page_mm(roll)[0]) == 80
    with pytest.raises(ValueError):
        sv.receipt_pdf(db, staff.clerk, ref.id, layout="letter")


def test_every_word_on_the_thermal_receipt_is_at_least_9pt(received):
    from core.documents.receipt_thermal import thermal_styles

    assert min(s.fontSize for s in thermal_styles().values()) >= 9
    assert label("receipt_title") == "고객불만 접수증"
