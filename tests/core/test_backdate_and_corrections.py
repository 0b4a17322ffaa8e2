"""A paper intake back-dated to its real received time, and every intake field corrected
afterwards: who may, what is required, what moves with it, and what the audit keeps."""

from __future__ import annotations

import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from core import services as sv
from core.db.models import AuditEvent
from core.errors import PermissionDenied, ValidationFailed
from core.store.audit import fingerprint
from tests.conftest import intake

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(*args: int) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def audit_of(db, case_id: int, action: str) -> list[dict]:
    with db.unit_of_work(write=False) as uow:
        events = uow.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.case_id == case_id, AuditEvent.action == action)
            .order_by(AuditEvent.seq)
        ).all()
    return [json.loads(e.changes) for e in events]


@pytest.fixture
def typed_monday(db, staff, clock):
    """A complaint written on paper on Friday 17:00 while the PC was down, typed in on
    Monday 10:00 (so the app first counted it from Monday)."""
    clock.set(seoul(2026, 3, 16, 10, 0))
    ref = sv.receive_complaint(db, staff.clerk, intake(incident_at=seoul(2026, 3, 13, 16, 0)))
    assert ref.ack_due == seoul(2026, 3, 17, 10, 0)  # Tuesday 10:00, counted from typing
    clock.set(seoul(2026, 3, 16, 12, 0))  # the supervisor notices at noon
    return ref


def test_a_supervisor_backdates_a_paper_intake_and_the_deadlines_follow(db, staff, typed_monday):
    ref = typed_monday
    version = sv.backdate_received(
        db,
        staff.supervisor,
        ref.id,
        seoul(2026, 3, 13, 17, 0),
        reason="전산 장애 중 종이 접수서로 받음",
        expected_version=ref.version,
    )
    d = sv.get_case(db, staff.supervisor, ref.id)
    assert d.version == version and d.case_no == ref.case_no  # the number stays
    assert d.received_at == seoul(2026, 3, 13, 17, 0)
    assert d.ack_due == seoul(2026, 3, 16, 17, 0)  # Friday 17:00 -> Monday 17:00
    assert d.resolve_due == seoul(2026, 3, 24, 18, 0)  # 7 business days from Friday
    assert d.backdate_reason == "전산 장애 중 종이 접수서로 받음"
    first = min(d.timeline, key=lambda e: e.at)
    assert (first.kind, first.subtype, first.at) == ("status", "received", d.received_at)
    (changes,) = audit_of(db, ref.id, "case.backdate")
    assert changes["received_at"][0].startswith("2026-03-16T01:00")  # Monday 10:00 KST
    assert changes["received_at"][1].startswith("2026-03-13T08:00")  # Friday 17:00 KST
    # The trail names the reason and fingerprints its words (the case holds them).
    assert changes["backdate_reason"] == [None, fingerprint("전산 장애 중 종이 접수서로 받음")]
    assert "ack_due" in changes and "resolve_due" in changes
    # The case file prints the reason beside the date (the PDF wraps long lines).
    text = "".join(pdf_text(sv.case_file_pdf(db, staff.supervisor, ref.id)).split())
    assert "접수일시정정사유전산장애중종이접수서로받음" in text


def test_the_case_keeps_its_own_acknowledgement_rule(db, staff, clock, typed_monday):
    # The office changed its rule after this case was received: the case keeps its own.
    sv.update_settings(db, staff.admin, ack_rule="clock_hours")
    sv.backdate_received(
        db,
        staff.supervisor,
        typed_monday.id,
        seoul(2026, 3, 13, 17, 0),
        reason="종이 접수",
        expected_version=typed_monday.version,
    )
    d = sv.get_case(db, staff.supervisor, typed_monday.id)
    assert (d.ack_rule, d.ack_due) == ("next_business_day", seoul(2026, 3, 16, 17, 0))


@pytest.mark.parametrize("role", ["clerk", "handler", "admin"])
def test_only_a_supervisor_may_backdate(db, staff, typed_monday, role):
    with pytest.raises(PermissionDenied):
        sv.backdate_received(
            db,
            staff.of(role),
            typed_monday.id,
            seoul(2026, 3, 13, 17, 0),
            reason="종이 접수",
            expected_version=typed_monday.version,
        )
    assert sv.get_case(db, staff.supervisor, typed_monday.id).received_at == seoul(
        2026, 3, 16, 10, 0
    )


@pytest.mark.parametrize(
    ("moment", "reason", "problem"),
    [
        (seoul(2026, 3, 13, 17, 0), "  ", ("reason", "required")),
        (seoul(2026, 3, 16, 11, 0), "종이 접수", ("received_at", "not_earlier")),
        (seoul(2026, 3, 20, 9, 0), "종이 접수", ("received_at", "in_future")),
        (seoul(2026, 1, 5, 9, 0), "종이 접수", ("received_at", "too_far")),
        (seoul(2026, 3, 13, 15, 0), "종이 접수", ("received_at", "before_incident")),
    ],
)
def test_a_backdate_needs_a_reason_and_a_sane_time(
    db, staff, typed_monday, moment, reason, problem
):
    with pytest.raises(ValidationFailed) as e:
        sv.backdate_received(
            db,
            staff.supervisor,
            typed_monday.id,
            moment,
            reason=reason,
            expected_version=typed_monday.version,
        )
    assert [(p.field, p.reason) for p in e.value.problems] == [problem]
    assert audit_of(db, typed_monday.id, "case.backdate") == []


def test_a_backdate_stays_in_the_year_of_the_case_number(db, staff, clock):
    clock.set(seoul(2027, 1, 4, 10, 0))
    ref = sv.receive_complaint(db, staff.clerk, intake())
    with pytest.raises(ValidationFailed) as e:
        sv.backdate_received(
            db,
            staff.supervisor,
            ref.id,
            seoul(2026, 12, 31, 17, 0),
            reason="종이 접수",
            expected_version=ref.version,
        )
    assert [(p.field, p.reason) for p in e.value.problems] == [("received_at", "other_year")]


def test_a_closed_case_is_not_backdated(db, staff, clock, typed_monday):
    sv.close_invalid(
        db, staff.supervisor, typed_monday.id, reason="중복 접수", expected_version=None
    )
    version = sv.get_case(db, staff.supervisor, typed_monday.id).version
    assert "backdate" not in sv.get_case(db, staff.supervisor, typed_monday.id).allowed_steps
    with pytest.raises(Exception) as e:
        sv.backdate_received(
            db,
            staff.supervisor,
            typed_monday.id,
            seoul(2026, 3, 13, 17, 0),
            reason="종이 접수",
            expected_version=version,
        )
    assert type(e.value).__name__ == "IllegalTransition"


def test_the_backdate_step_is_offered_to_supervisors_only(db, staff, typed_monday):
    assert "backdate" in sv.get_case(db, staff.supervisor, typed_monday.id).allowed_steps
    assert "backdate" not in sv.get_case(db, staff.handler, typed_monday.id).allowed_steps


def test_every_intake_field_is_corrected_afterwards_and_audited(db, staff, clock):
    clock.set(seoul(2026, 3, 16, 10, 0))
    ref = sv.receive_complaint(db, staff.clerk, intake(channel="visit"))
    clock.set(seoul(2026, 3, 16, 11, 0))
    sv.update_case(
        db,
        staff.clerk,
        ref.id,
        sv.CaseEdit(
            incident_place="102동 지하 주차장",
            staff_involved="경비 김씨",
            incident_text="0315 2230",
            channel="phone",
            external_ref="민원-2026-0042",
        ),
        expected_version=ref.version,
    )
    d = sv.get_case(db, staff.clerk, ref.id)
    assert d.incident_place == "102동 지하 주차장"
    assert d.staff_involved == "경비 김씨"
    assert d.incident_at == seoul(2026, 3, 15, 22, 30)
    assert d.channel == "phone"
    assert d.external_ref == "민원-2026-0042"
    (changes,) = audit_of(db, ref.id, "case.update")
    assert changes["incident_place"] == [
        fingerprint("101동 1203호"),
        fingerprint("102동 지하 주차장"),
    ]
    assert changes["staff_involved"] == [None, fingerprint("경비 김씨")]
    assert changes["channel"] == ["visit", "phone"]
    assert changes["incident_at"][0] is None and changes["incident_at"][1].startswith(
        "2026-03-15T13:30"
    )
    # Blank text clears the incident time again.
    sv.update_case(
        db, staff.clerk, ref.id, sv.CaseEdit(incident_text=""), expected_version=d.version
    )
    assert sv.get_case(db, staff.clerk, ref.id).incident_at is None


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (sv.CaseEdit(incident_text="어제쯤"), ("incident_at", "bad_moment")),
        (sv.CaseEdit(incident_text="2330"), ("incident_at", "in_future")),  # tonight
        (sv.CaseEdit(channel="pigeon"), ("channel", "unknown_value")),
        (sv.CaseEdit(external_ref="A-1"), ("external_ref", "duplicate")),
    ],
)
def test_a_bad_correction_is_refused_by_field(db, staff, clock, edit, problem):
    clock.set(seoul(2026, 3, 16, 10, 0))
    sv.receive_complaint(
        db, staff.clerk, intake(external_ref="A-1", customer=None, subject="다른 불만")
    )
    ref = sv.receive_complaint(db, staff.clerk, intake())
    with pytest.raises(ValidationFailed) as e:
        sv.update_case(db, staff.clerk, ref.id, edit, expected_version=ref.version)
    assert [(p.field, p.reason) for p in e.value.problems] == [problem]
