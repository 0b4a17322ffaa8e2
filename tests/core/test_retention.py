"""Retention: the personal data of customers past retention is destroyed on a supervisor's
approval — exactly those customers, nowhere left (rows, search index, audit text), the
statistics untouched, one audit event read back as the destruction record."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from core import services as sv
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.services.retention import MARKER
from core.store import summary_months
from core.views import Period
from tests.conftest import intake, past_the_app

SEOUL = ZoneInfo("Asia/Seoul")
OLD = datetime(2022, 11, 7, 10, 0, tzinfo=SEOUL)  # a Monday, more than three years ago
RECENT = datetime(2025, 6, 9, 10, 0, tzinfo=SEOUL)
NOW = datetime(2026, 3, 9, 10, 0, tzinfo=SEOUL)  # cutoff 2023-03-09


def person(name: str, phone: str) -> sv.CustomerInput:
    return sv.CustomerInput(
        name=name,
        phone=phone,
        email=f"{phone[-4:]}@example.com",
        address=f"강남구 테헤란로 {phone[-2:]}",
        preferred_channel="phone",
        consent=True,
    )


def customer_id(db, staff, case_id: int) -> int:
    return sv.get_case(db, staff.supervisor, case_id).customer.id


def receive(db, staff, clock, at, customer=None, existing=None, **overrides) -> int:
    clock.set(at)
    data = intake(customer=customer, existing_customer_id=existing, **overrides)
    return sv.receive_complaint(db, staff.clerk, data).id


def handle_to_close(db, staff, clock, case_id: int, satisfaction: int = 4) -> None:
    """Acknowledge, act, resolve, follow up, close: the whole procedure, hours apart."""
    clock.advance(hours=1)
    sv.acknowledge(db, staff.clerk, case_id, channel="phone")
    clock.advance(hours=2)
    sv.record_action(db, staff.handler, case_id, "fix", "현장 확인 후 조치")
    refund = sv.offer_compensation(db, staff.handler, case_id, kind="refund", amount=20_000)
    sv.deliver_compensation(db, staff.handler, refund, ref="환불-0001")  # settled before closing
    clock.advance(hours=3)
    sv.resolve(db, staff.handler, case_id, result="조치 완료", told_channel="phone")
    clock.advance(days=4)
    sv.record_follow_up(
        db, staff.clerk, case_id, channel="phone", outcome="해결 확인", satisfaction=satisfaction
    )
    sv.close(db, staff.handler, case_id)


@pytest.fixture
def office(db, staff, clock):
    """Five customers; only 홍길동 and 최민지 are past retention as a whole."""
    ids = {}
    # 홍길동: two old cases, one completed and one withdrawn.
    hong_in, kim_in, lee_in = (
        person("홍길동", "010-1111-2222"),
        person("김영희", "010-5555-6666"),
        person("이철수", "010-7777-8888"),
    )
    ids["hong1"] = receive(db, staff, clock, OLD, hong_in)
    handle_to_close(db, staff, clock, ids["hong1"], satisfaction=5)
    hong = customer_id(db, staff, ids["hong1"])
    ids["hong2"] = receive(db, staff, clock, OLD.replace(day=8), hong_in, existing=hong)
    sv.withdraw(db, staff.handler, ids["hong2"], reason="고객이 철회함")
    # 최민지: one old case closed as invalid.
    ids["choi"] = receive(db, staff, clock, OLD.replace(day=9), person("최민지", "010-3333-4444"))
    sv.close_invalid(db, staff.handler, ids["choi"], reason="관할 아님")
    # 김영희: an old closed case, and a new one still open: not touched, the old one neither.
    ids["kim_old"] = receive(db, staff, clock, OLD.replace(day=10), kim_in)
    handle_to_close(db, staff, clock, ids["kim_old"])
    kim = customer_id(db, staff, ids["kim_old"])
    ids["kim_new"] = receive(db, staff, clock, NOW.replace(day=2), kim_in, existing=kim)
    # 이철수: an old case, and one closed within retention.
    ids["lee_old"] = receive(db, staff, clock, OLD.replace(day=11), lee_in)
    handle_to_close(db, staff, clock, ids["lee_old"])
    lee = customer_id(db, staff, ids["lee_old"])
    ids["lee_recent"] = receive(db, staff, clock, RECENT, lee_in, existing=lee)
    handle_to_close(db, staff, clock, ids["lee_recent"])
    # 정다운: an old case never closed.
    ids["jung"] = receive(db, staff, clock, OLD.replace(day=14), person("정다운", "010-9999-0000"))
    sv.acknowledge(db, staff.clerk, ids["jung"])
    clock.set(NOW)
    return ids


def case_nos(db, staff, *case_ids: int) -> tuple[str, ...]:
    return tuple(sv.get_case(db, staff.supervisor, i).case_no for i in case_ids)


def customers(db) -> dict[str, tuple]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT name, phone, phone_digits, email, email_norm, address, "
                "preferred_channel, consent_purpose, anonymised_at, consent_at, id "
                "FROM customers ORDER BY id"
            )
        ).all()
    return {r[0] if r[0] != MARKER else f"{MARKER}{r[10]}": tuple(r) for r in rows}


def scalar(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def test_candidates_are_the_customers_past_retention_as_a_whole(db, staff, office):
    found = sv.retention_candidates(db, staff.supervisor)
    assert found.retention_years == 3
    assert found.cutoff == date(2023, 3, 9)
    assert (found.customers, found.cases) == (2, 3)
    assert found.case_nos == case_nos(db, staff, office["hong1"], office["hong2"], office["choi"])
    assert found.oldest_closed == date(2022, 11, 8)  # 홍길동's withdrawal
    assert found.newest_closed == date(2022, 11, 11)  # 홍길동's first case, after follow-up


def test_the_cutoff_is_a_calendar_day_in_office_time(db, staff, clock):
    # Now 2026-03-09 10:00 in Seoul: the cutoff day is 2023-03-09, so a case closed at
    # 23:30 the day before (14:30 UTC on the 8th) is past, one closed at 00:30 on the
    # 9th (15:30 UTC on the 8th: the same UTC day) is not.
    late = receive(
        db,
        staff,
        clock,
        datetime(2023, 3, 8, 9, 0, tzinfo=SEOUL),
        person("가나다", "010-1212-3434"),
    )
    clock.set(datetime(2023, 3, 8, 23, 30, tzinfo=SEOUL))
    sv.withdraw(db, staff.handler, late, reason="철회")
    kept = receive(
        db,
        staff,
        clock,
        datetime(2023, 3, 8, 9, 0, tzinfo=SEOUL),
        person("라마바", "010-5656-7878"),
    )
    clock.set(datetime(2023, 3, 9, 0, 30, tzinfo=SEOUL))
    sv.withdraw(db, staff.handler, kept, reason="철회")
    clock.set(NOW)
    found = sv.retention_candidates(db, staff.supervisor)
    assert found.case_nos == case_nos(db, staff, late)
    clock.set(datetime(2026, 3, 10, 0, 0, tzinfo=SEOUL))  # the next day, both are past
    assert sv.retention_candidates(db, staff.supervisor).case_nos == case_nos(db, staff, late, kept)


def test_the_retention_period_is_an_admin_setting(db, staff, office):
    sv.update_settings(db, staff.admin, retention_years=5)
    found = sv.retention_candidates(db, staff.supervisor)
    assert found.cutoff == date(2021, 3, 9) and found.customers == 0
    for bad in (0, 11):
        with pytest.raises(ValidationFailed):
            sv.update_settings(db, staff.admin, retention_years=bad)
    with pytest.raises(PermissionDenied):
        sv.update_settings(db, staff.supervisor, retention_years=1)
    assert sv.get_settings(db, staff.clerk).retention_years == 5


def test_purge_destroys_the_personal_data_and_nothing_else(db, staff, office):
    before = customers(db)
    hong_id, choi_id = before["홍길동"][10], before["최민지"][10]
    pii_before = scalar(db, "SELECT count(*) FROM pii_access")
    assert {h.case_id for h in sv.search_cases(db, staff.supervisor, "홍길동")} == {
        office["hong1"],
        office["hong2"],
    }
    cases_before = _case_rows(db)

    record = sv.purge_expired_personal_data(db, staff.supervisor, expected=2, expected_cases=3)

    assert (record.customers, record.cases, record.approved_by) == (2, 3, "박관리")
    assert record.case_nos == case_nos(db, staff, office["hong1"], office["hong2"], office["choi"])
    after = customers(db)
    for cid in (hong_id, choi_id):
        row = after[f"{MARKER}{cid}"]
        assert row[:8] == (MARKER, None, None, None, None, None, None, None)
        assert row[8] is not None  # anonymised_at
        assert row[9] == before["홍길동" if cid == hong_id else "최민지"][9]  # consent date kept
    # The others are untouched, field for field.
    for name in ("김영희", "이철수", "정다운"):
        assert after[name] == before[name]
    # No trace of the destroyed names, phones or emails in any customer row or search text.
    dump = json.dumps([list(map(str, r)) for r in after.values()], ensure_ascii=False)
    for gone in ("홍길동", "최민지", "01011112222", "1111-2222", "2222@example.com", "테헤란로 22"):
        assert gone not in dump
    assert scalar(db, "SELECT count(*) FROM search_docs WHERE text LIKE '%홍길동%'") == 0
    assert scalar(db, "SELECT count(*) FROM search_docs WHERE text LIKE '%최민지%'") == 0
    assert sv.search_cases(db, staff.supervisor, "홍길동") == []
    assert sv.search_cases(db, staff.supervisor, "최민지") == []
    assert [h.case_id for h in sv.search_cases(db, staff.supervisor, "김영희")] != []
    assert {h.case_id for h in sv.search_cases(db, staff.supervisor, "이철수")} == {
        office["lee_old"],
        office["lee_recent"],
    }
    if db.is_sqlite:  # the contentless FTS index itself has lost the name's letter pairs
        assert scalar(db, "SELECT count(*) FROM case_fts WHERE case_fts MATCH '\"홍길 길동\"'") == 0
        assert scalar(db, "SELECT count(*) FROM case_fts WHERE case_fts MATCH '\"김영 영희\"'") == 2
    # The destroyed customers can no longer be looked up by phone at the counter.
    assert sv.find_customers(db, staff.clerk, phone="010-1111-2222") == []
    # The case rows (every statistic field, the narrative) are exactly as they were.
    assert _case_rows(db) == cases_before
    # Access records are evidence and hold ids only: all kept.
    assert scalar(db, "SELECT count(*) FROM pii_access") >= pii_before
    assert scalar(db, "SELECT count(*) FROM pii_access WHERE customer_id = :c", c=hong_id) > 0
    # Nothing is left to destroy; a second approval of nothing is refused.
    assert sv.retention_candidates(db, staff.supervisor).customers == 0
    with pytest.raises(sv.RetentionChanged) as nothing:
        sv.purge_expired_personal_data(db, staff.supervisor, expected=0)
    assert nothing.value.code == "retention_nothing"


def _case_rows(db) -> list[tuple]:
    with db.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT id, case_no, customer_id, version, status, closure, category_id, "
                    "nature, channel, received_at, acknowledged_at, resolved_at, closed_at, "
                    "resolution_business_hours, satisfaction, repeat_customer, subject, "
                    "description FROM cases ORDER BY id"
                )
            )
        ]


def test_statistics_and_kept_months_are_untouched(db, staff, office, clock):
    periods = ("2022-11", "2022", "2025-06", "2026-03")
    before = {p: asdict(sv.period_summary(db, staff.supervisor, p)) for p in periods}
    assert before["2022-11"]["received"] == 6 and before["2022-11"]["satisfaction_mean"] == 4.33
    assert before["2022-11"]["compensation"] == {"refund": {"count": 3, "amount": 60_000}}
    kept_before = _kept(db)
    assert kept_before  # the months computed above were kept

    sv.purge_expired_personal_data(db, staff.supervisor, expected=2)

    # The kept months are still current: the purge changed no case, so no stamp moved ...
    assert _kept(db) == kept_before
    with db.unit_of_work(write=False) as uow:
        months = [Period(2022, m) for m in range(1, 13)]
        assert summary_months.stale_months(uow.session, SEOUL, months) == []
    after = {p: asdict(sv.period_summary(db, staff.supervisor, p)) for p in periods}
    assert after == before
    # ... and what they say is what the cases say, computed afresh.
    with past_the_app(db) as conn:
        conn.execute(text("DELETE FROM summary_months"))
    fresh = {p: asdict(sv.period_summary(db, staff.supervisor, p)) for p in periods}
    assert fresh == before


def _kept(db) -> list[tuple]:
    with db.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text("SELECT start_at, end_at, stamp, figures FROM summary_months ORDER BY 1")
            )
        ]


def test_one_audit_event_is_the_destruction_record(db, staff, office, clock):
    record = sv.purge_expired_personal_data(db, staff.supervisor, expected=2, expected_cases=3)
    assert sv.verify_audit_chain(db, staff.supervisor).ok
    with db.engine.connect() as conn:
        events = conn.execute(
            text(
                "SELECT seq, actor_name, entity, case_id, changes FROM audit_events "
                "WHERE action = 'retention.purge'"
            )
        ).all()
    assert len(events) == 1
    seq, actor, entity, case_id, changes = events[0]
    assert (seq, actor, entity, case_id) == (record.id, "supervisor", "retention", None)
    data = json.loads(changes)
    assert data["customers"] == 2 and data["cases"] == 3 and data["retention_years"] == 3
    assert data["cutoff"] == "2023-03-09" and data["approved_by"] == "박관리"
    assert tuple(data["case_nos"]) == record.case_nos
    # Personal data never enters the audit trail, not even to say what was destroyed.
    with db.engine.connect() as conn:
        trail = " ".join(c for (c,) in conn.execute(text("SELECT changes FROM audit_events")))
    for name in ("홍길동", "최민지", "010-1111-2222", "01011112222", "2222@example.com"):
        assert name not in trail

    listed = sv.destruction_records(db, staff.supervisor)
    assert listed == [record]
    assert sv.destruction_record(db, staff.supervisor, record.id) == record
    assert record.at == NOW


def test_a_changed_count_is_refused_and_nothing_changes(db, staff, office, clock):
    found = sv.retention_candidates(db, staff.supervisor)
    before, cases_before = customers(db), _case_rows(db)
    with pytest.raises(sv.RetentionChanged) as wrong:
        sv.purge_expired_personal_data(db, staff.supervisor, expected=found.customers + 1)
    assert wrong.value.code == "retention_changed"
    assert wrong.value.facts["found"] == [2, 3]
    with pytest.raises(sv.RetentionChanged):
        sv.purge_expired_personal_data(
            db, staff.supervisor, expected=found.customers, expected_cases=found.cases - 1
        )
    # Approved, but 홍길동 complains again before the purge runs: he is no longer past.
    hong = customers(db)["홍길동"][10]
    again = intake(customer=person("홍길동", "010-1111-2222"), existing_customer_id=hong)
    sv.receive_complaint(db, staff.clerk, again)
    with pytest.raises(sv.RetentionChanged):
        sv.purge_expired_personal_data(
            db, staff.supervisor, expected=found.customers, expected_cases=found.cases
        )
    assert customers(db) == before
    assert _case_rows(db)[: len(cases_before)] == cases_before
    assert scalar(db, "SELECT count(*) FROM audit_events WHERE action = 'retention.purge'") == 0
    assert sv.destruction_records(db, staff.supervisor) == []
    assert sv.verify_audit_chain(db, staff.supervisor).ok


@pytest.mark.parametrize("role", ["clerk", "handler", "admin"])
def test_only_a_supervisor_may_see_or_approve(db, staff, office, role):
    actor = staff.of(role)
    for call in (
        lambda: sv.retention_candidates(db, actor),
        lambda: sv.purge_expired_personal_data(db, actor, expected=2),
        lambda: sv.destruction_records(db, actor),
        lambda: sv.destruction_record_pdf(db, actor, 1),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert "홍길동" in customers(db)


def test_the_record_prints_again_from_the_trail(db, staff, office):
    record = sv.purge_expired_personal_data(db, staff.supervisor, expected=2)
    data = sv.destruction_record_pdf(db, staff.supervisor, record.id)
    assert data.startswith(b"%PDF")
    with pytest.raises(NotFound):  # event 1 is not a purge
        sv.destruction_record_pdf(db, staff.supervisor, 1)


def test_personal_data_given_again_to_a_destroyed_row_is_destroyed_again(db, staff, office, clock):
    sv.purge_expired_personal_data(db, staff.supervisor, expected=2)
    hong = next(v[10] for k, v in customers(db).items() if k.startswith(MARKER))
    again = receive(
        db, staff, clock, OLD.replace(month=12), person("홍길순", "010-2222-1111"), existing=hong
    )
    sv.withdraw(db, staff.handler, again, reason="철회")
    clock.set(NOW)
    found = sv.retention_candidates(db, staff.supervisor)
    assert found.customers == 1 and case_nos(db, staff, again)[0] in found.case_nos
    sv.purge_expired_personal_data(db, staff.supervisor, expected=1)
    assert "홍길순" not in customers(db)
    assert sv.search_cases(db, staff.supervisor, "홍길순") == []
    assert len(sv.destruction_records(db, staff.supervisor)) == 2


def test_a_purge_racing_another_destroys_nothing_twice(db, staff, office, monkeypatch):
    from core.services import retention

    # Another counter PC purges between this purge's count and its update: the count this
    # purge made is stale, and its update finds the rows already destroyed.
    with db.unit_of_work(write=False) as uow:
        stale = retention._find(retention.Tx(uow.session, staff.supervisor, NOW))
    sv.purge_expired_personal_data(db, staff.supervisor, expected=2)
    monkeypatch.setattr(retention, "_find", lambda tx: stale)
    with pytest.raises(sv.RetentionChanged):
        sv.purge_expired_personal_data(db, staff.supervisor, expected=2)
    assert len(sv.destruction_records(db, staff.supervisor)) == 1
    assert sv.verify_audit_chain(db, staff.supervisor).ok


def test_the_purge_takes_the_customer_out_of_what_was_written_about_them(db, staff, clock):
    """The clerk wrote the customer's name and number into the description and the notes;
    after the purge neither they nor an identifying number is left in any text, the search
    finds nothing of them, and the case's story stays."""
    clock.set(OLD)
    who = person("박보검", "010-4321-8765")
    case_id = receive(
        db,
        staff,
        clock,
        OLD,
        who,
        description="박보검 고객(010 4321 8765)이 누수로 방문. 주민번호 900101-1234567 불러 줌.",
    )
    with db.engine.begin() as conn:  # as a register from before masking would hold it
        conn.execute(text("UPDATE cases SET description = description || ' 카드 4111111111111111'"))
    clock.advance(hours=1)
    sv.acknowledge(db, staff.clerk, case_id, channel="phone")
    sv.record_action(
        db, staff.handler, case_id, "fix", "박보검님 세대 배관 교체, 8765@example.com 회신"
    )
    sv.log_contact(
        db,
        staff.handler,
        case_id,
        direction="outbound",
        channel="phone",
        summary="01043218765로 박보검 님께 안내",
    )
    sv.resolve(db, staff.handler, case_id, result="박보검 세대 조치 완료", told_channel="phone")
    sv.waive_follow_up(db, staff.supervisor, case_id, reason="박보검 님 요청")
    sv.close(db, staff.handler, case_id)
    clock.set(NOW)
    assert [h.case_id for h in sv.search_cases(db, staff.supervisor, "박보검")] == [case_id]

    record = sv.purge_expired_personal_data(db, staff.supervisor, expected=1)
    assert record.customers == 1

    with db.engine.connect() as conn:
        texts = []
        for table in ("cases", "actions", "contacts", "resolutions", "follow_ups", "search_docs"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                texts += [str(v) for v in row if isinstance(v, str)]
    everything = "\n".join(texts)
    for gone in ("박보검", "4321", "8765", "1234567", "4111111111111111"):
        assert gone not in everything, gone
    assert sv.search_cases(db, staff.supervisor, "박보검") == []
    case = sv.get_case(db, staff.supervisor, case_id)
    assert "누수로 방문" in case.description and MARKER in case.description
    assert "900101-1******" in case.description
    # The purge itself is in the trail, bound to what it changed: the records still hold.
    assert sv.verify_bound_rows(db, staff.supervisor).ok
