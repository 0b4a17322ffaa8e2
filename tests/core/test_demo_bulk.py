"""The big demo's set-wise path writes what the services would: numbers, chain, index."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import text

from core import services as sv
from core.demo_bulk import generate_bulk
from tests.conftest import intake


def test_bulk_demo_is_whole_and_consistent(db, staff, clock):
    result = generate_bulk(db, 700, seed=4)
    assert result.cases == 700
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT seq_year, seq_no, status, closure, resolved_at, closed_at FROM cases")
        ).all()
        indexed = conn.execute(text("SELECT count(*) FROM search_docs")).scalar_one()
        events = conn.execute(
            text("SELECT count(DISTINCT case_id) FROM audit_events WHERE action = 'case.demo'")
        ).scalar_one()
        history = conn.execute(text("SELECT count(*) FROM status_changes")).scalar_one()
    assert len(rows) == indexed == events == 700
    assert history >= 700
    # Gapless numbers per year, from 1.
    per_year = defaultdict(list)
    for year, no, *_ in rows:
        per_year[year].append(no)
    for numbers in per_year.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    statuses = {r[2] for r in rows}
    assert {"closed", "resolved", "in_progress"} <= statuses
    assert {r[3] for r in rows if r[2] == "closed"} >= {"completed", "invalid"}
    assert all(r[5] is not None for r in rows if r[2] == "closed")
    assert all(r[4] is None for r in rows if r[3] == "invalid")
    assert sv.verify_audit_chain(db, staff.supervisor).ok
    # The texts written from memory are the ones the indexer reads from the tables, so a
    # later change can delete the old letter pairs exactly.
    from core import search

    with db.unit_of_work(write=False) as uow:
        stored = dict(uow.session.execute(text("SELECT case_id, text FROM search_docs")).all())
        assert search._texts(uow.session, sorted(stored)) == stored
    # The counter goes on after them, and search finds the demo's words.
    ref = sv.receive_complaint(db, staff.clerk, intake())
    year = ref.case_no.split("-")[1]
    assert int(ref.case_no.rsplit("-", 1)[1]) == len(per_year[int(year)]) + 1
    assert sv.search_cases(db, staff.clerk, "관리", limit=5)
    summary = sv.period_summary(db, staff.supervisor, str(clock.now.year))
    assert summary.received > 0
