"""Schema upgrades keep the data: 0002 backfills what it adds for cases made before it, 0003
starts the day stamps of the kept summary figures, 0004 indexes the cases for search."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from core import services as sv
from core.db.migrate import current_revision, head_revision, upgrade
from tests.conftest import intake, schema_owner


def test_downgrade_and_upgrade_keep_cases_and_backfill(db, staff, clock):
    ref = sv.receive_complaint(db, staff.clerk, intake())
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.record_action(db, staff.handler, ref.id, "fix", "조치")
    clock.advance(hours=30)
    sv.resolve(db, staff.handler, ref.id, result="완료", told_channel="phone")
    sv.record_follow_up(db, staff.clerk, ref.id, channel="phone", outcome="확인", satisfaction=4)
    query = text("SELECT resolution_business_hours, satisfaction FROM cases WHERE id = :i")
    with db.engine.connect() as conn:
        before = conn.execute(query, {"i": ref.id}).one()
    assert before[0] > 0 and before[1] == 4

    from alembic import command

    from core.db.migrate import alembic_config

    with schema_owner(db) as engine:
        command.downgrade(alembic_config(engine), "0001")
        assert current_revision(engine) == "0001"
        upgrade(engine)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        after = conn.execute(query, {"i": ref.id}).one()
        cases = conn.execute(text("SELECT count(*) FROM cases")).scalar()
        indexed = conn.execute(text("SELECT case_id FROM search_docs")).scalars().all()
    assert cases == 1
    assert indexed == [ref.id]  # 0004 indexed the case for search
    assert [h.case_id for h in sv.search_cases(db, staff.clerk, "층간소음")] == [ref.id]
    assert abs(after[0] - before[0]) < 1e-6 and after[1] == 4
    assert sv.verify_audit_chain(db, staff.supervisor).ok


def test_0011_keeps_every_moment_to_the_microsecond_in_fewer_bytes(db, staff, clock):
    """SQLite's times go from text to whole microseconds; the moments, the audit chain, the
    access records and the day stamps of the kept figures read the same afterwards."""
    if not db.is_sqlite:
        pytest.skip("PostgreSQL keeps its own timestamps: nothing to convert")
    from alembic import command

    from core.db.migrate import alembic_config

    clock.advance(microseconds=123_457)
    ref = sv.receive_complaint(db, staff.clerk, intake())
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.get_case(db, staff.supervisor, ref.id)  # an access record
    before = sv.get_case(db, staff.supervisor, ref.id)
    command.downgrade(alembic_config(db.engine), "0010")
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT typeof(received_at), received_at FROM cases")).one()
    assert stored[0] == "text" and stored[1].endswith(".123457")
    upgrade(db.engine)
    with db.engine.connect() as conn:
        kinds = conn.execute(text("SELECT typeof(received_at), typeof(ack_due) FROM cases")).one()
        audit = conn.execute(text("SELECT DISTINCT typeof(at) FROM audit_events")).all()
    assert tuple(kinds) == ("integer", "integer") and audit == [("integer",)]
    after = sv.get_case(db, staff.supervisor, ref.id)
    assert after.received_at == before.received_at
    assert after.received_at.microsecond == before.received_at.microsecond == 123_457
    assert after.ack_due == before.ack_due and after.acknowledged_at == before.acknowledged_at
    assert sv.verify_audit_chain(db, staff.supervisor).ok
    assert sv.verify_access_chain(db, staff.supervisor).ok
    # The day stamps still follow a case's day: a change bumps the day it was received on.
    day = (before.received_at).strftime("%Y-%m-%d")
    with db.engine.connect() as conn:
        stamp = conn.execute(
            text("SELECT changes FROM case_day_changes WHERE day = :d"), {"d": day}
        ).scalar()
    sv.record_action(db, staff.handler, ref.id, "fix", "조치")
    with db.engine.connect() as conn:
        bumped = conn.execute(
            text("SELECT changes FROM case_day_changes WHERE day = :d"), {"d": day}
        ).scalar()
    assert bumped > stamp
