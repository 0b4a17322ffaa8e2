"""Kept monthly figures: used while nothing changed, never once a case of the month changed."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from core import services as sv
from tests.conftest import intake, past_the_app

SEOUL = ZoneInfo("Asia/Seoul")


def _kept_rows(db) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM summary_months")).scalar_one()


def _forget_kept(db) -> None:
    with past_the_app(db) as conn:
        conn.execute(text("DELETE FROM summary_months"))


def _fresh(db, actor, period):
    """The figures computed from the cases alone, with nothing kept."""
    _forget_kept(db)
    figures = sv.period_summary(db, actor, period)
    return asdict(figures)


def _receive(db, staff, clock, at, **overrides):
    clock.set(at)
    return sv.receive_complaint(db, staff.clerk, intake(**overrides))


def test_a_month_is_kept_and_read_back(db, staff, clock):
    ref = _receive(db, staff, clock, datetime(2026, 10, 5, 10, 0, tzinfo=SEOUL))
    sv.acknowledge(db, staff.clerk, ref.id)
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL))
    first = sv.period_summary(db, staff.supervisor, "2026-10")
    assert first.received == 1 and _kept_rows(db) == 1
    # Proof that the kept figures are what is read: doctor them, and the summary follows.
    with db.engine.begin() as conn:
        raw = json.loads(conn.execute(text("SELECT figures FROM summary_months")).scalar_one())
        raw["groups"][0][6] = 7  # the count of the one group
        conn.execute(text("UPDATE summary_months SET figures = :f"), {"f": json.dumps(raw)})
    assert sv.period_summary(db, staff.supervisor, "2026-10").received == 7


def test_a_change_to_a_case_of_the_month_is_seen_at_once(db, staff, clock):
    ref = _receive(db, staff, clock, datetime(2026, 10, 5, 10, 0, tzinfo=SEOUL))
    _receive(db, staff, clock, datetime(2026, 10, 31, 23, 30, tzinfo=SEOUL))  # the month's edge
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL))
    before = sv.period_summary(db, staff.supervisor, "2026-10")
    year_before = sv.period_summary(db, staff.supervisor, "2026")
    assert before.ack_within_rule_rate == 0.0 and before.satisfaction_mean is None

    clock.set(datetime(2026, 10, 5, 11, 0, tzinfo=SEOUL))
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.record_action(db, staff.handler, ref.id, "fix", "조치")
    sv.offer_compensation(db, staff.handler, ref.id, kind="refund", amount=30_000)
    sv.resolve(db, staff.handler, ref.id, result="완료", told_channel="phone")
    sv.record_follow_up(db, staff.clerk, ref.id, channel="phone", outcome="확인", satisfaction=5)
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL))

    after = sv.period_summary(db, staff.supervisor, "2026-10")
    year_after = sv.period_summary(db, staff.supervisor, "2026")
    # The edge case is due in November: not yet counted at October's end.
    assert after.ack_within_rule_rate == 1.0
    assert after.satisfaction_mean == 5.0
    assert after.compensation == {"refund": {"count": 1, "amount": 30_000}}
    assert year_after.satisfaction_mean == 5.0 and year_before.satisfaction_mean is None
    assert asdict(after) == _fresh(db, staff.supervisor, "2026-10")
    assert asdict(year_after) == _fresh(db, staff.supervisor, "2026")


@pytest.mark.edits_past_the_app
def test_a_change_written_outside_the_app_is_seen_too(db, staff, clock):
    _receive(db, staff, clock, datetime(2026, 10, 5, 10, 0, tzinfo=SEOUL), nature="effective")
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL))
    assert sv.period_summary(db, staff.supervisor, "2026-10").by_nature["effective"] == 1
    with db.engine.begin() as conn:  # a careless script, not a service: the trigger still sees it
        conn.execute(text("UPDATE cases SET nature = 'invalid'"))
    figures = sv.period_summary(db, staff.supervisor, "2026-10")
    assert figures.by_nature["effective"] == 0 and figures.by_nature["invalid"] == 1


def test_overdue_is_as_of_the_period_end_even_from_kept_months(db, staff, clock):
    """A case of October still open: overdue in October's summary only once its deadline
    passed before November; in the year's, as of now."""
    _receive(db, staff, clock, datetime(2026, 10, 30, 10, 0, tzinfo=SEOUL))
    _receive(db, staff, clock, datetime(2026, 9, 1, 10, 0, tzinfo=SEOUL))  # September's, late
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL))
    october = sv.period_summary(db, staff.supervisor, "2026-10")
    year = sv.period_summary(db, staff.supervisor, "2026")
    assert october.overdue == 0  # due in November, so not late at October's end
    assert year.overdue == 2  # both late now
    assert sv.period_summary(db, staff.supervisor, "2026-09").overdue == 1
    assert sv.period_summary(db, staff.supervisor, "2026-10").overdue == 0  # kept, same answer


def test_repeat_complainants(db, staff, clock):
    """Twice in October; once before and once in October; once in October and once after;
    once only. Only the first two are repeat complainants of October."""
    people = {}
    for name, moments in {
        "둘다시월": [(10, 3), (10, 20)],
        "구월시월": [(9, 10), (10, 8)],
        "시월십일월": [(10, 12), (11, 3)],
        "한번": [(10, 15)],
    }.items():
        for month, day in moments:
            existing = people.get(name)
            ref = _receive(
                db,
                staff,
                clock,
                datetime(2026, month, day, 10, 0, tzinfo=SEOUL),
                customer=sv.CustomerInput(name=name),
                existing_customer_id=existing,
            )
            if existing is None:
                people[name] = sv.get_case(db, staff.supervisor, ref.id).customer.id
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL))
    assert sv.period_summary(db, staff.supervisor, "2026-10").repeat_complainants == 2
    assert sv.period_summary(db, staff.supervisor, "2026-11").repeat_complainants == 1
    assert sv.period_summary(db, staff.supervisor, "2026").repeat_complainants == 3


def test_an_imported_register_is_seen_in_a_kept_month(db, staff, clock, tmp_path):
    """The import writes set-wise, with the day stamps bumped once per day rather than by
    the row triggers; the kept figures must still notice, and the triggers stay in place."""
    from core.register import parse_mapping

    _receive(db, staff, clock, datetime(2026, 10, 5, 10, 0, tzinfo=SEOUL))
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL))
    assert sv.period_summary(db, staff.supervisor, "2026-10").received == 1
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    sqlite = db.is_sqlite
    if sqlite:
        with db.engine.connect() as conn:
            before = conn.execute(text(triggers)).all()
    path = tmp_path / "register.csv"
    path.write_text(
        "접수일자,제목,내용,경로\n2026-10-05,누수,천장 누수,전화\n2026-10-20,소음,층간소음,방문\n",
        encoding="utf-8",
    )
    mapping = parse_mapping(
        '[columns]\nreceived_at = "접수일자"\nsubject = "제목"\n'
        'description = "내용"\nchannel = "경로"\n'
    )
    assert sv.import_register(db, staff.supervisor, path, mapping).imported == 2

    figures = sv.period_summary(db, staff.supervisor, "2026-10")
    assert figures.received == 3
    assert asdict(figures) == _fresh(db, staff.supervisor, "2026-10")
    if sqlite:
        with db.engine.connect() as conn:
            assert conn.execute(text(triggers)).all() == before
    # And the row trigger still does its work for the next case written one at a time.
    _receive(db, staff, clock, datetime(2026, 10, 6, 10, 0, tzinfo=SEOUL))
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL))
    assert sv.period_summary(db, staff.supervisor, "2026-10").received == 4
