"""Schema upgrades keep the data: 0002 backfills what it adds for cases made before it, 0003
starts the day stamps of the kept summary figures, 0004 indexes the cases for search."""

from __future__ import annotations

from sqlalchemy import text

from core import services as sv
from core.db.migrate import current_revision, upgrade
from tests.conftest import intake


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

    command.downgrade(alembic_config(db.engine), "0001")
    assert current_revision(db.engine) == "0001"
    upgrade(db.engine)
    assert current_revision(db.engine) == "0010"
    with db.engine.connect() as conn:
        after = conn.execute(query, {"i": ref.id}).one()
        cases = conn.execute(text("SELECT count(*) FROM cases")).scalar()
        indexed = conn.execute(text("SELECT case_id FROM search_docs")).scalars().all()
    assert cases == 1
    assert indexed == [ref.id]  # 0004 indexed the case for search
    assert [h.case_id for h in sv.search_cases(db, staff.clerk, "층간소음")] == [ref.id]
    assert abs(after[0] - before[0]) < 1e-6 and after[1] == 4
    assert sv.verify_audit_chain(db, staff.supervisor).ok
