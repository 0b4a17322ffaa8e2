"""Backups are real, verified copies; restore brings the data back and keeps a safety copy;
the rotation keeps 7 daily, 4 weekly and 12 monthly copies; a new release backs up before
it changes the schema of an older database."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from core import services as sv
from core.db.database import Database
from core.errors import BackupFailed, PermissionDenied
from core.services import open_database
from core.store import backup
from core.words.messages import chain_break_words, describe
from tests.conftest import intake, past_the_app, superuser_url

FIRST_RELEASE = Path(__file__).resolve().parents[1] / "data" / "first_release.sqlite3"


def _cases(db: Database) -> list[tuple[str, str]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT case_no, subject FROM cases"))]


@pytest.fixture
def office(db, staff):
    for i in range(3):
        ref = sv.receive_complaint(db, staff.clerk, intake(subject=f"주차장 조명 고장 {i}"))
        sv.get_case(db, staff.clerk, ref.id)  # an access record for the chain
    return db


def test_backup_is_a_verified_copy_and_restore_brings_it_back(office, staff, tmp_path):
    db = office
    info = sv.make_backup(db, staff.supervisor, tmp_path / "usb")
    assert info.path.parent == tmp_path / "usb" and info.path.suffix in (".sqlite3", ".dump")
    assert info.cases == 3 and info.label == "manual"
    if db.is_sqlite:
        # Three views, and the backup itself: a copy of every customer in someone's hands.
        assert info.audit_events > 0 and info.access_records == 4
    assert not list((tmp_path / "usb").glob("*.part"))
    before = sorted(_cases(db))

    later = sv.receive_complaint(db, staff.clerk, intake(subject="복원 뒤에는 없어야 할 사건"))
    assert len(_cases(db)) == 4

    safety = sv.restore_backup(db, staff.admin, info.path, admin_url=superuser_url(db.url))
    assert sorted(_cases(db)) == before
    assert later.case_no not in {no for no, _ in _cases(db)}
    # The safety copy holds the database as it was just before: with the later case.
    assert safety.path.exists() and safety.label == "before-restore" and safety.cases == 4
    assert sv.verify_audit_chain(db, staff.supervisor).ok
    assert sv.verify_access_chain(db, staff.supervisor).ok
    with db.engine.connect() as conn:
        actions = conn.execute(text("SELECT action FROM audit_events ORDER BY seq")).scalars()
        assert list(actions)[-1] == "backup.restore"  # the restored trail says so
    # Numbering goes on from the restored counter: no number is handed out twice.
    again = sv.receive_complaint(db, staff.clerk, intake())
    assert again.case_no == later.case_no


def test_backup_while_another_connection_writes(db, staff, tmp_path):
    if not db.is_sqlite:
        pytest.skip("the SQLite online backup API")
    sv.receive_complaint(db, staff.clerk, intake())
    path = backup.sqlite_file(db.url)
    writer = sqlite3.connect(path, timeout=30)
    writer.execute("BEGIN IMMEDIATE")  # a clerk's save in progress holds the write lock
    writer.execute("UPDATE settings SET value = value")
    info = backup.take(db.url, tmp_path, datetime(2026, 3, 9, 10, 0))
    writer.execute("COMMIT")
    writer.close()
    assert info.cases == 1


def test_damaged_or_tampered_backup_is_refused_and_restore_changes_nothing(office, staff, tmp_path):
    db = office
    if not db.is_sqlite:
        pytest.skip("file-level damage of a SQLite backup")
    good = sv.make_backup(db, staff.supervisor, tmp_path)

    tampered = tmp_path / "tampered.sqlite3"
    shutil.copy(good.path, tampered)
    with sqlite3.connect(tampered) as conn:
        conn.execute("UPDATE audit_events SET actor_name = '다른 사람' WHERE seq = 2")
    with pytest.raises(BackupFailed) as err:
        backup.verify_file(tampered)
    assert err.value.code == "backup_chain" and err.value.facts["at"] == 2
    assert "변조" in describe(err.value)

    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(good.path.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)  # two pages of garbage
    damaged.write_bytes(bytes(data))
    with pytest.raises(BackupFailed) as err:
        backup.verify_file(damaged)
    assert err.value.code in ("backup_corrupt", "backup_not_database")

    not_ours = tmp_path / "notes.sqlite3"
    sqlite3.connect(not_ours).execute("CREATE TABLE notes (x)").connection.close()
    before = sorted(_cases(db))
    for bad in (tampered, damaged, not_ours, tmp_path / "missing.sqlite3"):
        with pytest.raises(BackupFailed):
            sv.restore_backup(db, staff.admin, bad)
        assert sorted(_cases(db)) == before
    assert sv.verify_audit_chain(db, staff.supervisor).ok


def test_a_damaged_trail_is_backed_up_and_said_not_left_without_a_copy(office, staff, tmp_path):
    """One edited audit row used to stop every backup (and the upgrade's, so the next
    release would not open the data). The copy is taken, kept and says where the chain
    breaks; it is only not good enough to restore from."""
    db = office
    if not db.is_sqlite and backup.pg_tool("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    with past_the_app(db) as conn:
        conn.execute(text("UPDATE audit_events SET action = 'x' WHERE seq = 2"))
    info = sv.make_backup(db, staff.supervisor, tmp_path / "usb")
    assert info.path.exists() and info.chain_break == "audit:2"
    said = chain_break_words(info.chain_break)
    assert "감사 기록 체인이 #2번부터" in said and "백업은 만들었습니다" in said
    # No .part left, and no anchor: it would vouch for the damage.
    assert [p.name for p in (tmp_path / "usb").iterdir()] == [info.path.name]
    automatic = sv.automatic_backup(db, force=True)
    assert automatic is not None and automatic.chain_break == "audit:2"
    if db.is_sqlite:
        with pytest.raises(BackupFailed) as refused:
            sv.restore_backup(db, staff.admin, info.path)
        assert refused.value.code == "backup_chain"


@pytest.mark.parametrize(
    ("role", "make", "restore"),
    [
        ("clerk", False, False),
        ("handler", False, False),
        ("supervisor", True, False),
        ("admin", True, True),
    ],
)
def test_who_may_back_up_and_restore(office, staff, tmp_path, role, make, restore):
    actor = staff.of(role)
    if make:
        info = sv.make_backup(office, actor, tmp_path)
    else:
        with pytest.raises(PermissionDenied):
            sv.make_backup(office, actor, tmp_path)
        info = sv.make_backup(office, staff.admin, tmp_path)
    if restore:
        sv.restore_backup(office, actor, info.path, admin_url=superuser_url(office.url))
    else:
        with pytest.raises(PermissionDenied):
            sv.restore_backup(office, actor, info.path)


def test_automatic_backup_once_a_day_and_at_exit(sqlite_url, clock, tmp_path):
    db = Database(sqlite_url, clock=clock, backup_dir=tmp_path)
    first = sv.automatic_backup(db)
    assert first is not None and first.label == ""
    assert sv.automatic_backup(db) is None  # today's copy exists
    clock.advance(minutes=5)
    at_exit = sv.automatic_backup(db, force=True)  # at exit, always
    assert at_exit is not None
    clock.advance(days=1)
    next_day = sv.automatic_backup(db)
    assert next_day is not None
    # The rotation keeps the newest copy of a day: the one taken at exit replaced the first.
    assert [b.path for b in sv.list_backups(db)] == [next_day.path, at_exit.path]
    db.dispose()


def test_rotation_keeps_7_daily_4_weekly_12_monthly(tmp_path):
    start = date(2025, 1, 1)
    days = [start + timedelta(days=i) for i in range(500)]  # a copy a day, twice on some
    for d in days:
        for hour in (9, 18) if d.day == 15 else (18,):
            name = backup.file_name(datetime(d.year, d.month, d.day, hour), "", "sqlite3")
            (tmp_path / name).write_bytes(b"")
    (tmp_path / backup.file_name(datetime(2024, 1, 1, 9), "manual", "sqlite3")).write_bytes(b"")
    backup.rotate(tmp_path)
    kept = {m for m, _ in backup.automatic(tmp_path)}
    last = days[-1]

    daily = {datetime(d.year, d.month, d.day, 18) for d in days[-7:]}
    weekly = set()
    for back in range(4):  # the newest copy of each of the last four ISO weeks
        monday = last - timedelta(days=last.weekday() + 7 * back)
        newest = min(monday + timedelta(days=6), last)
        weekly.add(datetime(newest.year, newest.month, newest.day, 18))
    monthly = set()
    year, month = last.year, last.month
    for _ in range(12):  # the newest copy of each of the last twelve months
        newest = min(date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1), last)
        monthly.add(datetime(newest.year, newest.month, newest.day, 18))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    assert kept == daily | weekly | monthly
    assert len(kept) <= 7 + 4 + 12
    # Copies taken by hand are never rotated away.
    assert (tmp_path / backup.file_name(datetime(2024, 1, 1, 9), "manual", "sqlite3")).exists()


def test_first_release_database_is_backed_up_then_upgraded_keeping_every_case(tmp_path):
    """tests/data/first_release.sqlite3 was made by the first release (schema 0001): its
    own demo generator, 40 cases, and five case views with their access records."""
    path = tmp_path / "desk.sqlite3"
    shutil.copy(FIRST_RELEASE, path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        before = sorted(conn.execute("SELECT case_no, subject, status FROM cases").fetchall())
    assert len(before) == 40

    db = open_database(f"sqlite:///{path}", backup_dir=tmp_path / "backups")
    try:
        saved = list((tmp_path / "backups").glob("*.sqlite3"))
        assert [p.name.endswith("-before-upgrade-0001.sqlite3") for p in saved] == [True]
        assert backup.verify_file(saved[0])[0] == 40
        with sqlite3.connect(saved[0]) as conn:  # the copy is the old schema, untouched
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        with db.engine.connect() as conn:
            after = sorted(conn.execute(text("SELECT case_no, subject, status FROM cases")))
            assert [tuple(r) for r in after] == before
        from core.actor import Actor

        system = Actor.system()
        assert sv.verify_audit_chain(db, system).ok
        access = sv.verify_access_chain(db, system)
        assert access.ok and access.checked == 5
        subject = before[0][1]
        hits = sv.search_cases(db, system, subject[:4])
        assert before[0][0] in {h.case_no for h in hits}
        # The rows it held were bound to the trail when it was opened, once: an edit made
        # past the app from now on is caught.
        rows = sv.verify_bound_rows(db, system)
        assert rows.ok and rows.checked > 40
        with db.engine.begin() as conn:
            conn.execute(
                text("UPDATE cases SET subject = subject || '!' WHERE case_no = :n"),
                {"n": before[0][0]},
            )
        (problem,) = sv.verify_bound_rows(db, system).problems
        assert (problem.kind, problem.label) == ("case", before[0][0])
    finally:
        db.dispose()
    reopened = open_database(f"sqlite:///{path}", backup_dir=tmp_path / "backups")
    try:  # opening again binds nothing anew: the edit stays found
        assert not sv.verify_bound_rows(reopened, Actor.system()).ok
    finally:
        reopened.dispose()


def test_failed_backup_before_upgrade_stops_the_upgrade(tmp_path):
    path = tmp_path / "desk.sqlite3"
    shutil.copy(FIRST_RELEASE, path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backup folder should be")
    with pytest.raises(BackupFailed):
        open_database(f"sqlite:///{path}", backup_dir=blocked)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
