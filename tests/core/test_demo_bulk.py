"""The big demo's set-wise path writes what the services would: numbers, chain, index."""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import text

from core import services as sv
from core.actor import Actor
from core.demo.bulk import generate_bulk
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
    from core.store import search

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


def _register(db) -> list[tuple]:
    """What a supervisor would compare: every case with its customer, story and index text."""
    with db.engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT c.id, c.case_no, c.received_at, c.status, c.closure, c.subject,"
                " c.resolve_due, c.satisfaction, c.repeat_customer, u.name, u.phone,"
                " e.changes, d.text, (SELECT count(*) FROM actions a WHERE a.case_id = c.id)"
                " FROM cases c JOIN customers u ON u.id = c.customer_id"
                " JOIN audit_events e ON e.case_id = c.id AND e.action = 'case.demo'"
                " JOIN search_docs d ON d.case_id = c.id ORDER BY c.id"
            )
        ).all()


def test_helper_processes_draw_the_same_register(sqlite_template, tmp_path, clock, monkeypatch):
    """A seed gives the same register whether helper processes draw the batches or not."""
    from core.db.database import Database

    monkeypatch.setattr("core.demo.bulk.BATCH", 60)
    registers = []
    for workers in (0, 2):
        path = tmp_path / f"w{workers}.sqlite3"
        path.write_bytes(sqlite_template.read_bytes())
        db = Database(f"sqlite:///{path}", clock=clock)
        generate_bulk(db, 250, seed=9, workers=workers)  # five batches, the last one short
        registers.append(_register(db))
        assert sv.verify_audit_chain(db, Actor.system()).ok
        db.dispose()
    here, helped = registers
    assert len(here) == 250
    assert here == helped
    # Repeat complainants point at a customer of an earlier case in both.
    assert any(row[8] for row in helped)


def test_a_write_from_elsewhere_stops_the_planned_demo_whole(sqlite_url, clock, staff, monkeypatch):
    """The batches are planned with the ids and numbers free at the start; when another
    program takes some meanwhile, the demo stops with a clear error instead of clashing,
    and what it wrote is whole."""
    from core.db.database import Database
    from core.errors import DemoInterrupted
    from core.words.messages import describe

    monkeypatch.setattr("core.demo.bulk.BATCH", 50)
    db = Database(sqlite_url, clock=clock)
    walk_in = []

    def counter_pc_writes(done: int, total: int) -> None:
        if not walk_in:  # a clerk at another PC takes the next case number
            walk_in.append(sv.receive_complaint(db, staff.clerk, intake()))

    with pytest.raises(DemoInterrupted) as stopped:
        generate_bulk(db, 200, seed=2, workers=1, progress=counter_pc_writes)
    assert stopped.value.facts["written"] == 50
    assert "50건" in describe(stopped.value, "ko")
    with db.engine.connect() as conn:
        numbers = conn.execute(text("SELECT seq_year, seq_no FROM cases")).all()
        demo_cases = conn.execute(
            text("SELECT count(*) FROM audit_events WHERE action = 'case.demo'")
        ).scalar_one()
    assert demo_cases == 50
    per_year = defaultdict(list)
    for year, no in numbers:
        per_year[year].append(no)
    for taken in per_year.values():
        assert sorted(taken) == list(range(1, len(taken) + 1))
    assert sv.verify_audit_chain(db, staff.supervisor).ok
    db.dispose()
