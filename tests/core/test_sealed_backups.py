"""Backups sealed with the office's passphrase: a copy on a USB stick cannot be opened, or
read in its bytes, without it; a restore asks for it; the app's own copies stay plain."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import select

from core import services as sv
from core.db.models import AuditEvent
from core.errors import BackupFailed, PermissionDenied, ValidationFailed
from core.store import sealed
from tests.conftest import intake

PASSPHRASE = "우리 사무소 백업 2026!"


@pytest.fixture
def office(db, staff):
    if not db.is_sqlite:
        pytest.skip("a PostgreSQL dump is not sealed (the server keeps its own backups)")
    customer = sv.CustomerInput(name="홍길동", phone="010-1234-5678", consent=True)
    case = sv.receive_complaint(db, staff.clerk, intake(customer=customer))
    sv.set_backup_passphrase(db, staff.admin, PASSPHRASE)
    return case


def test_a_backup_leaving_the_data_folder_is_sealed(db, staff, office, tmp_path):
    usb = tmp_path / "usb"
    assert sv.seals(db, usb) and not sv.seals(db, db.backup_dir)
    for given, code in (
        (None, "backup_passphrase_needed"),
        ("틀린 암호입니다 12345", "backup_passphrase"),
    ):
        with pytest.raises(BackupFailed) as refused:
            sv.make_backup(db, staff.supervisor, usb, passphrase=given)
        assert refused.value.code == code
    assert not usb.exists() or not list(usb.iterdir())  # nothing written when refused

    info = sv.make_backup(db, staff.supervisor, usb, passphrase=PASSPHRASE)
    assert info.path.name.endswith(".sqlite3.enc") and info.cases == 1
    assert sv.is_sealed(info.path)
    raw = info.path.read_bytes()
    assert "홍길동".encode() not in raw and b"5678" not in raw
    with pytest.raises(sqlite3.DatabaseError), sqlite3.connect(info.path) as conn:
        conn.execute("SELECT count(*) FROM cases").fetchall()
    # No plain copy left anywhere on the way, and the anchor beside it.
    assert sorted(p.name for p in usb.iterdir()) == sorted(
        [info.path.name, "gyeongcheong-anchors.jsonl"]
    )
    assert not list(sealed.scratch().glob("*"))
    # The app's own daily copy, beside the live data, stays plain.
    own = sv.automatic_backup(db, force=True)
    assert own is not None and not sv.is_sealed(own.path)


def test_a_sealed_backup_is_restored_only_with_its_passphrase(db, staff, office, tmp_path):
    info = sv.make_backup(db, staff.supervisor, tmp_path / "usb", passphrase=PASSPHRASE)
    later = sv.receive_complaint(db, staff.clerk, intake(subject="백업 뒤의 사건"))
    for given, code in (
        (None, "backup_passphrase_needed"),
        ("다른 사무소의 암호 1234", "backup_passphrase"),
    ):
        with pytest.raises(BackupFailed) as refused:
            sv.restore_preview(db, staff.admin, info.path, passphrase=given)
        assert refused.value.code == code
        with pytest.raises(BackupFailed) as refused:
            sv.restore_backup(db, staff.admin, info.path, passphrase=given)
        assert refused.value.code == code
        assert sv.get_case(db, staff.supervisor, later.id).subject == "백업 뒤의 사건"
    preview = sv.restore_preview(db, staff.admin, info.path, passphrase=PASSPHRASE)
    assert preview is not None and preview.backup.cases == 1
    sv.restore_backup(db, staff.admin, info.path, passphrase=PASSPHRASE)
    assert [r.id for r in sv.list_cases(db, staff.supervisor).rows] == [office.id]
    assert sv.check_records(db, staff.supervisor).ok
    assert not list(sealed.scratch().glob("*"))


def test_only_an_admin_sets_it_and_the_trail_holds_no_trace_of_it(db, staff, office):
    for role in ("clerk", "handler", "supervisor"):
        with pytest.raises(PermissionDenied):
            sv.set_backup_passphrase(db, staff.of(role), "새 암호를 정합니다 1234")
    with pytest.raises(ValidationFailed) as short:
        sv.set_backup_passphrase(db, staff.admin, "짧은암호")
    assert [(p.field, p.reason) for p in short.value.problems] == [("passphrase", "too_short")]
    sv.set_backup_passphrase(db, staff.admin, "새 암호를 정합니다 1234")
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        events = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "settings.backup_passphrase")
        ).all()
    assert [json.loads(e.changes) for e in events] == [
        {"backup_passphrase": "set"},
        {"backup_passphrase": "changed"},
    ]
    assert sv.check_records(db, staff.supervisor).ok
