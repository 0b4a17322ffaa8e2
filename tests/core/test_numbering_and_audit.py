"""Case numbers stay gapless under concurrent saves; the audit chain catches tampering."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from core import services as sv
from core.db.models import Case
from core.errors import ValidationFailed
from core.store.audit import verify
from tests.conftest import intake, past_the_app


def test_numbers_are_sequential_per_year(db, staff, clock):
    first = sv.receive_complaint(db, staff.clerk, intake())
    second = sv.receive_complaint(db, staff.clerk, intake())
    assert (first.case_no, second.case_no) == ("GN-2026-000001", "GN-2026-000002")
    clock.set(datetime(2027, 1, 4, 1, 0, tzinfo=UTC))
    assert sv.receive_complaint(db, staff.clerk, intake()).case_no == "GN-2027-000001"


def test_year_follows_office_local_time(db, staff, clock):
    # 2026-12-31 16:00 UTC is already 2027-01-01 01:00 in Seoul.
    clock.set(datetime(2026, 12, 31, 16, 0, tzinfo=UTC))
    assert sv.receive_complaint(db, staff.clerk, intake()).case_no.startswith("GN-2027-")


def test_failed_intake_does_not_use_up_a_number(db, staff):
    sv.receive_complaint(db, staff.clerk, intake())
    with pytest.raises(ValidationFailed):
        sv.receive_complaint(db, staff.clerk, intake(subject=""))
    assert sv.receive_complaint(db, staff.clerk, intake()).case_no == "GN-2026-000002"


def test_concurrent_intakes_are_gapless(db, staff):
    workers, per_worker = 6, 8

    def save_many(_: int) -> list[str]:
        return [sv.receive_complaint(db, staff.clerk, intake()).case_no for _ in range(per_worker)]

    with ThreadPoolExecutor(max_workers=workers) as pool:
        numbers = [n for batch in pool.map(save_many, range(workers)) for n in batch]
    expected = [f"GN-2026-{i:06d}" for i in range(1, workers * per_worker + 1)]
    assert sorted(numbers) == expected
    with db.unit_of_work(write=False) as uow:
        assert sorted(uow.session.scalars(select(Case.case_no))) == expected
        assert verify(uow.session).ok


WORKER = """
import sys
from datetime import UTC, datetime
from core import services as sv
from core.actor import Actor
from core.db.database import Database
from core.procedure.enums import Role
from tests.conftest import intake
db = Database(sys.argv[1], clock=lambda: datetime(2026, 3, 9, 1, 0, tzinfo=UTC))
actor = Actor(None, "os:test", "os:test", Role.SYSTEM)
for _ in range(int(sys.argv[2])):
    print(sv.receive_complaint(db, actor, intake()).case_no, flush=True)
"""


def test_concurrent_processes_are_gapless(db, db_url, staff):
    """Several workstations (separate processes) saving at the same moment."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, db_url, "6"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    numbers = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        numbers += out.split()
    assert sorted(numbers) == [f"GN-2026-{i:06d}" for i in range(1, 25)]


def test_intact_chain_verifies(db, staff):
    ref = sv.receive_complaint(db, staff.clerk, intake())
    sv.acknowledge(db, staff.clerk, ref.id)
    report = sv.verify_audit_chain(db, staff.supervisor)
    assert report.ok and report.checked >= 6


def _tamper(db, sql: str) -> None:
    with past_the_app(db) as conn:
        if db.is_sqlite:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS no_delete_audit_events")
        else:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS no_delete_audit_events ON audit_events")
        conn.execute(text(sql))


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        (
            'UPDATE audit_events SET changes = \'{"status":["x","y"]}\' WHERE seq = 4',
            "hash_mismatch",
        ),
        ("DELETE FROM audit_events WHERE seq = 4", "missing_event"),
        ("UPDATE audit_events SET actor_name = 'someone-else' WHERE seq = 4", "hash_mismatch"),
    ],
    ids=["edited", "deleted", "reattributed"],
)
def test_tampering_is_caught_at_the_first_bad_event(db, staff, sql, reason):
    ref = sv.receive_complaint(db, staff.clerk, intake())
    sv.acknowledge(db, staff.clerk, ref.id)
    _tamper(db, sql)
    report = sv.verify_audit_chain(db, staff.supervisor)
    assert not report.ok
    assert (report.bad_seq, report.reason) == (4, reason)


def test_reordering_is_caught(db, staff):
    sv.receive_complaint(db, staff.clerk, intake())
    # Swap the contents of two events, hashes included: each still hashes right on its own,
    # but the links no longer fit.
    _tamper(db, "UPDATE audit_events SET seq = -1 WHERE seq = 3")
    _tamper(db, "UPDATE audit_events SET seq = 3 WHERE seq = 4")
    _tamper(db, "UPDATE audit_events SET seq = 4 WHERE seq = -1")
    report = sv.verify_audit_chain(db, staff.supervisor)
    assert not report.ok and report.bad_seq == 3


@pytest.mark.edits_past_the_app
def test_truncated_tail_is_caught(db, staff):
    sv.receive_complaint(db, staff.clerk, intake())
    with db.unit_of_work(write=False) as uow:
        last = uow.session.execute(text("SELECT max(seq) FROM audit_events")).scalar()
    _tamper(db, f"DELETE FROM audit_events WHERE seq = {last}")
    report = sv.verify_audit_chain(db, staff.supervisor)
    assert (report.ok, report.reason) == (False, "head_mismatch")


def test_cases_cannot_be_deleted(db, staff):
    ref = sv.receive_complaint(db, staff.clerk, intake())
    # Past the app: on PostgreSQL the app's own login may not even try (test_pg_roles).
    with pytest.raises(Exception, match="never deleted"), past_the_app(db) as conn:
        conn.execute(text("DELETE FROM cases WHERE id = :i"), {"i": ref.id})
