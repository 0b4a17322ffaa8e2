"""Anchors outside the database: a rollback (an older copy put back, the newest events cut)
or a rewrite of the trail (every hash recomputed from a changed event on) verifies on its
own, and is caught against the heads the backups wrote beside themselves."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from core import services as sv
from core.db.models import AuditEvent
from core.store import anchors, audit
from core.store.backup import sqlite_file
from tests.conftest import intake, past_the_app

pytestmark = pytest.mark.edits_past_the_app


@pytest.fixture
def folders(db, tmp_path) -> tuple[Path, Path]:
    """The app's own backup folder, and a USB stick."""
    db._backup_dir = tmp_path / "backups"
    return db.backup_dir, tmp_path / "usb"


def work(db, staff, n: int = 2) -> list[int]:
    ids = []
    for _ in range(n):
        case = sv.receive_complaint(db, staff.clerk, intake())
        sv.acknowledge(db, staff.clerk, case.id)
        ids.append(case.id)
    return ids


def verified(db, staff, folder: Path, *, own: bool):
    return sv.verify_anchors(db, staff.supervisor, folder, own=own)


def test_every_backup_writes_the_heads_it_saw_beside_itself(db, staff, folders):
    own, usb = folders
    work(db, staff)
    info = sv.make_backup(db, staff.admin, usb)
    lines = (usb / anchors.FILE_NAME).read_text(encoding="utf-8").splitlines()
    (line,) = [json.loads(x) for x in lines]
    head = sv.verify_audit_chain(db, staff.supervisor)
    # What the copy held: everything but the event that records the backup itself.
    with db.engine.connect() as conn:
        seen = conn.execute(
            text("SELECT seq, hash FROM audit_events WHERE seq = :s"), {"s": head.checked - 1}
        ).one()
    assert line["audit"] == [seen[0], seen[1]]
    assert line["backup"] == info.path.name
    assert line["register"] == head.first_hash[:32]
    assert "홍길동" not in "\n".join(lines)  # heads and numbers, no personal data
    sv.automatic_backup(db, force=True)
    assert len(anchors.read(own)[0]) == 1
    report = verified(db, staff, usb, own=False)
    assert report.ok and report.checked == 1


def test_the_newest_events_cut_with_the_head_moved_back_are_caught(db, staff, folders):
    """Chain and head agree after the cut, so the trail alone verifies; the anchor does not."""
    _own, usb = folders
    work(db, staff)
    sv.make_backup(db, staff.admin, usb)
    with past_the_app(db) as conn:
        last = conn.execute(text("SELECT max(seq) FROM audit_events")).scalar_one()
        keep = last - 3
        kept_hash = conn.execute(
            text("SELECT hash FROM audit_events WHERE seq = :s"), {"s": keep}
        ).scalar_one()
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER IF EXISTS no_delete_audit_events"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS no_delete_audit_events ON audit_events"))
        conn.execute(text("DELETE FROM audit_events WHERE seq > :s"), {"s": keep})
        conn.execute(
            text("UPDATE audit_head SET last_seq = :s, last_hash = :h"), {"s": keep, "h": kept_hash}
        )
    assert sv.verify_audit_chain(db, staff.supervisor).ok
    report = verified(db, staff, usb, own=False)
    assert not report.ok
    (problem,) = report.problems
    assert (problem.chain, problem.reason, problem.at, problem.now) == (
        "audit",
        "rolled_back",
        last - 1,  # the backup saw all but its own event
        keep,
    )
    assert "이전 파일로 되돌려졌습니다" in problem.said("ko")


def forge_from(db, seq: int) -> None:
    """What someone who knows the algorithm does: change an event, then recompute every
    hash from it on and move the head, so the whole chain verifies again."""
    with past_the_app(db) as conn:
        session = Session(bind=conn)
        if conn.dialect.name == "sqlite":
            for name in ("no_delete_audit_events", "no_update_audit_events"):
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        else:
            for name in ("no_delete_audit_events", "no_update_audit_events"):
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON audit_events"))
        conn.execute(text("UPDATE audit_events SET changes = '[]' WHERE seq = :s"), {"s": seq})
        session.expire_all()
        prev = session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == seq - 1))
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.seq >= seq).order_by(AuditEvent.seq)
        ).all()
        for event in events:
            event.prev_hash = prev
            event.hash = prev = audit.event_hash(event.seq, prev, event)
        session.flush()
        conn.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": prev})


def test_a_trail_rewritten_and_hashed_again_is_caught(db, staff, folders):
    _own, usb = folders
    work(db, staff)
    sv.make_backup(db, staff.admin, usb)
    forge_from(db, 5)
    assert sv.verify_audit_chain(db, staff.supervisor).ok  # the forgery holds on its own
    report = verified(db, staff, usb, own=False)
    assert [(p.chain, p.reason) for p in report.problems] == [("audit", "rewritten")]
    assert "다시 쓰였습니다" in report.said("ko")[1]


def test_an_older_copy_put_over_the_file_is_caught(db, staff, folders, db_url, clock):
    if sqlite_file(db_url) is None:
        pytest.skip("a file copied over the database: SQLite")
    own, usb = folders
    work(db, staff)
    sv.automatic_backup(db, force=True)
    # Kept aside: the rotation keeps one automatic copy a day.
    older = Path(shutil.copy(sorted(own.glob("*.sqlite3"))[-1], own.parent / "older.sqlite3"))
    sv.get_case(db, staff.supervisor, 1)  # a look someone would rather hide
    work(db, staff)
    clock.advance(hours=1)
    sv.make_backup(db, staff.admin, usb)
    sv.automatic_backup(db, force=True)
    db.dispose()
    live = sqlite_file(db_url)
    assert live is not None
    for extra in ("-wal", "-shm"):
        Path(f"{live}{extra}").unlink(missing_ok=True)
    shutil.copy(older, live)
    assert sv.verify_audit_chain(db, staff.supervisor).ok
    assert sv.verify_access_chain(db, staff.supervisor).ok
    for folder, own_folder in ((own, True), (usb, False)):
        report = verified(db, staff, folder, own=own_folder)
        assert {(p.chain, p.reason) for p in report.problems} >= {("audit", "rolled_back")}


def test_a_restore_through_the_app_is_not_taken_for_a_rollback(db, staff, folders, db_url, clock):
    if sqlite_file(db_url) is None:
        pytest.skip("restoring a file backup: SQLite")
    own, _usb = folders
    work(db, staff)
    sv.automatic_backup(db, force=True)
    # Kept aside: the rotation keeps one automatic copy a day.
    older = Path(shutil.copy(sorted(own.glob("*.sqlite3"))[-1], own.parent / "older.sqlite3"))
    work(db, staff)
    clock.advance(hours=1)
    sv.automatic_backup(db, force=True)
    clock.advance(hours=1)
    sv.restore_backup(db, staff.admin, older)
    report = verified(db, staff, own, own=True)
    assert report.ok, report.said("ko")
    work(db, staff, 1)  # and the office goes on
    clock.advance(hours=1)
    sv.automatic_backup(db, force=True)
    assert verified(db, staff, own, own=True).ok


def test_another_offices_anchors_are_skipped_but_none_of_ours_is_a_finding(db, staff, folders):
    _own, usb = folders
    usb.mkdir()
    other = anchors.Anchor("2026-01-01T09:00:00", "f" * 32, (10, "a" * 64), (0, ""), "x")
    anchors.record(usb, other)
    work(db, staff)
    alone = verified(db, staff, usb, own=False)
    assert not alone.ok and alone.unmatched and alone.skipped == 1
    assert "다른 데이터의 것입니다" in alone.said("ko")[0]
    sv.make_backup(db, staff.admin, usb)
    mixed = verified(db, staff, usb, own=False)
    assert mixed.ok and (mixed.checked, mixed.skipped) == (1, 1)


def test_a_damaged_anchor_line_is_said_not_trusted(db, staff, folders):
    _own, usb = folders
    work(db, staff)
    sv.make_backup(db, staff.admin, usb)
    with open(usb / anchors.FILE_NAME, "a", encoding="utf-8") as out:
        out.write('{"taken_at": "2026-12-01T10:00:00", "audit": [1\n')
    report = verified(db, staff, usb, own=False)
    assert not report.ok and report.damaged == 1 and report.checked == 1
    assert "1줄을 읽을 수 없습니다" in "\n".join(report.said("ko"))
    assert "could not be read" in "\n".join(report.said("en"))


def test_no_anchors_yet_is_said_and_is_no_failure(db, staff, folders):
    own, _usb = folders
    work(db, staff)
    report = verified(db, staff, own, own=True)
    assert report.ok and report.checked == 0
    assert "아직 없습니다" in report.said("ko")[0]


def test_the_apps_folder_serves_every_database_opened_on_the_pc(db, staff, folders):
    """Another database's anchors in the app's own folder (a second register opened with
    --db) are skipped, not held against this one."""
    own, _usb = folders
    own.mkdir(parents=True)
    anchors.record(own, anchors.Anchor("2026-01-01T09:00:00", "e" * 32, (99, "b" * 64), (0, "")))
    work(db, staff)
    sv.automatic_backup(db, force=True)
    report = verified(db, staff, own, own=True)
    assert report.ok and (report.checked, report.skipped) == (1, 1)
    assert "다른 데이터의 고정값 1건은 건너뜀" in "\n".join(report.said("ko"))


def test_the_head_printed_on_the_signed_access_review_is_checked_later(db, staff, folders):
    """The monthly access review prints the heads beside the signature; the number and
    hash read off that paper are compared later (audit-verify --printed N:HASH)."""
    import io
    import re
    from datetime import date

    from pypdf import PdfReader

    work(db, staff)
    sv.get_case(db, staff.supervisor, 1)
    today = db.clock().date()
    review = sv.access_review(db, staff.supervisor, today.replace(day=1), today)
    pdf = sv.access_review_pdf(db, staff.supervisor, date(today.year, today.month, 1), today)
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    number, head = review.audit_head
    found = re.search(r"audit-verify --printed (\d+):([0-9a-f]{16})", words.replace("\n", ""))
    assert found is not None, words
    assert (int(found[1]), found[2]) == (number, head[:16])
    assert f"감사 기록 #{number:,} {head[:16]}" in words.replace("\n", "")
    on_paper = (int(found[1]), found[2])
    assert sv.check_records(db, staff.supervisor, printed=[on_paper]).ok
    work(db, staff)  # the office goes on: the paper still matches
    assert sv.check_records(db, staff.supervisor, printed=[on_paper]).ok
    forge_from(db, number - 1)
    later = sv.check_records(db, staff.supervisor, printed=[on_paper])
    assert not later.ok
    said = "\n".join(text for ok, text in later.said("ko") if not ok)
    assert f"#{number} 기록이 서명된 점검표에 인쇄된 것과 다릅니다" in said


def test_the_monthly_summary_prints_the_heads_beside_its_signature(db, staff):
    """A signed summary holds the heads too: years later it is compared the same way."""
    import io
    import re

    from pypdf import PdfReader

    work(db, staff)
    today = db.clock().date()
    pdf = sv.summary_pdf(db, staff.supervisor, f"{today:%Y-%m}")
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = words.replace("\n", "")
    found = re.search(r"audit-verify --printed (\d+):([0-9a-f]{16})", flat)
    assert found is not None, words
    assert "서명 시점의 기록 고정값" in flat and "확인자 (서명)" in flat
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        (number, head), _access = anchors.heads(uow.session)
    assert (int(found[1]), found[2]) == (number, head[:16])
    assert sv.check_records(db, staff.supervisor, printed=[(number, found[2])]).ok
