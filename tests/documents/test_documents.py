"""Every document, read back with pypdf: the case's data is there, Korean included, and every
font is embedded so it prints the same on a PC without Korean fonts."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest

from core import services as sv
from core.documents.case_file import render_case_file
from core.documents.intake_form import render_intake_form
from core.documents.receipt import render_receipt
from core.documents.result_letter import render_result_letter
from core.documents.summary import render_summary
from tests.conftest import intake
from tests.documents.conftest import read_pdf, unembedded_fonts

NOW = datetime(2026, 3, 20, 3, 0, tzinfo=UTC)
HANGUL = re.compile(r"[가-힣]")


@pytest.fixture
def closed_case(sqlite_url, clock):
    from core.db.database import Database
    from tests.conftest import make_staff

    db = Database(sqlite_url, clock=clock)
    staff = make_staff(db)
    ref = sv.receive_complaint(db, staff.clerk, intake())
    sv.acknowledge(db, staff.clerk, ref.id, channel="phone")
    for i in range(60):
        sv.record_action(
            db, staff.handler, ref.id, "investigation", f"현장 확인 {i}회차: 소음 측정"
        )
    comp = sv.offer_compensation(db, staff.handler, ref.id, kind="service_credit", amount=150_000)
    sv.approve_compensation(db, staff.supervisor, comp, note="선례 범위")
    sv.record_compensation_outcome(db, staff.handler, comp, outcome="delivered")
    sv.resolve(
        db,
        staff.handler,
        ref.id,
        result="윗집과 면담 후 소음 방지 매트 설치",
        root_cause="야간 운동기구 사용",
        told_channel="phone",
    )
    sv.record_follow_up(
        db, staff.clerk, ref.id, channel="phone", outcome="조용해짐", satisfaction=5
    )
    sv.close(db, staff.handler, ref.id)
    detail, events = sv.case_file_data(db, staff.supervisor, ref.id)
    office = sv.get_settings(db, staff.supervisor)
    yield db, staff, detail, events, office
    db.dispose()


def render(fn, *args, **kwargs) -> bytes:
    buf = io.BytesIO()
    fn(*args, buf, **kwargs)
    return buf.getvalue()


def test_receipt(closed_case):
    _, _, detail, _, office = closed_case
    reader, text = read_pdf(render(render_receipt, detail, office, printed_at=NOW))
    assert len(reader.pages) == 1
    assert detail.case_no in text and "홍길동" in text and "고객불만 접수증" in text
    assert "밤 11시 이후에도" in text  # the customer's own words
    assert "2026-03-10 10:00" in text  # the acknowledgement deadline: the same time next day
    assert unembedded_fonts(reader) == []


def test_receipt_shortens_a_long_complaint(closed_case):
    from dataclasses import replace

    _, _, detail, _, office = closed_case
    long = replace(detail, description="가나다라마바사 " * 400)
    reader, text = read_pdf(render(render_receipt, long, office, printed_at=NOW))
    assert len(reader.pages) == 1 and "…" in text


def test_case_file(closed_case):
    _, _, detail, events, office = closed_case
    reader, text = read_pdf(
        render(render_case_file, detail, office, events, printed_by="박관리", printed_at=NOW)
    )
    pages = len(reader.pages)
    assert pages >= 3
    assert f"{pages} / {pages}" in reader.pages[-1].extract_text()
    assert "대외비" in text and "박관리" in text
    assert "현장 확인 59회차" in text and "소음 방지 매트" in text
    assert "case.receive" in text  # the audit events
    assert "충족" in text and "미충족" not in text
    assert unembedded_fonts(reader) == []


def test_case_file_writes_an_access_record(closed_case):
    from sqlalchemy import select

    from core.db.models import PiiAccess

    db, _, detail, _, _ = closed_case
    with db.unit_of_work(write=False) as uow:
        purposes = list(
            uow.session.scalars(select(PiiAccess.purpose).where(PiiAccess.case_id == detail.id))
        )
    assert "print" in purposes


def test_result_letter_and_intake_forms(closed_case):
    _, _, detail, _, office = closed_case
    reader, text = read_pdf(render(render_result_letter, detail, office, printed_at=NOW))
    assert "홍길동 고객님께" in text and "소음 방지 매트" in text and "150,000" in text
    assert unembedded_fonts(reader) == []
    reader, text = read_pdf(render(render_intake_form, detail, office, printed_at=NOW))
    assert "고객불만 접수서" in text and "최종선" in text and "관리사무소의 공식 안내문" in text
    reader, text = read_pdf(render(render_intake_form, None, office, printed_at=NOW))
    assert "□ 방문" in text and "홍길동" not in text
    assert unembedded_fonts(reader) == []


def test_summary_pdf(closed_case):
    db, staff, _, _, office = closed_case
    summary = sv.period_summary(db, staff.supervisor, "2026-03")
    reader, text = read_pdf(
        render(
            render_summary,
            summary,
            office,
            printed_by="박관리",
            printed_at=NOW,
            notes={"focus": "층간소음 민원 집중 관리"},
        )
    )
    assert "고객불만 요약" in text and "2026년 3월" in text and "층간소음 민원 집중 관리" in text
    assert "관리" in text and "100.0%" in text
    assert unembedded_fonts(reader) == []


def test_english_documents_have_no_korean_labels(closed_case):
    from core.words.labels import _L

    korean_labels = [ko for ko in _L.values() if len(ko) >= 3]
    _, _, detail, events, office = closed_case
    for fn, args, kwargs in (
        (render_receipt, (detail, office), {}),
        (render_case_file, (detail, office, events), {"printed_by": "x"}),
        (render_intake_form, (None, office), {}),
        (render_result_letter, (detail, office), {}),
    ):
        _, text = read_pdf(render(fn, *args, lang="en", printed_at=NOW, **kwargs))
        assert any(t in text.lower() for t in ("receipt", "case file", "intake form", "notice"))
        flat = text.replace("\n", "")
        assert [k for k in korean_labels if k in flat] == [], fn.__name__
