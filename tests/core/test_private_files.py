"""The customers' data on disk is this user's only (Linux, macOS), half-written copies do
not linger, and safety copies do not pile up."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from core import services as sv
from core.paths import DATA_DIR_ENV, backups_dir, data_dir
from core.store import backup
from tests.conftest import intake

posix = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix
def test_the_data_folder_backups_and_exports_are_the_users_only(db, staff, tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    assert mode(data_dir()) == 0o700 and mode(backups_dir()) == 0o700
    sv.receive_complaint(db, staff.clerk, intake())
    info = sv.make_backup(db, staff.supervisor, tmp_path / "usb")
    assert mode(info.path) == 0o600
    sv.export_register(db, staff.supervisor, tmp_path / "register.csv")
    assert mode(tmp_path / "register.csv") == 0o600


def test_a_half_written_copy_left_by_a_crash_is_cleared_a_fresh_one_is_not(db, staff, tmp_path):
    now = datetime(2026, 12, 3, 10, 0)
    folder = tmp_path / "usb"
    folder.mkdir()
    old = folder / (backup.file_name(now - timedelta(hours=3), "manual", "sqlite3") + ".part")
    fresh = folder / (backup.file_name(now - timedelta(minutes=5), "", "sqlite3") + ".part")
    foreign = folder / "holiday-photos.part"
    for path in (old, fresh, foreign):
        path.write_bytes(b"half a copy")
    assert backup.clear_leftovers(folder, now) == [old]
    assert not old.exists() and fresh.exists() and foreign.exists()


def test_safety_copies_keep_the_newest_five_of_each_kind(tmp_path):
    start = datetime(2026, 1, 5, 9, 0)
    made = {}
    for kind in ("before-upgrade-0011", "before-restore", "manual"):
        for n in range(8):
            path = tmp_path / backup.file_name(start + timedelta(days=n), kind, "sqlite3")
            path.write_bytes(b"copy")
            made.setdefault(kind, []).append(path)
    backup.rotate(tmp_path)
    for kind in ("before-upgrade-0011", "before-restore"):
        kept = [p for p in made[kind] if p.exists()]
        assert kept == made[kind][-backup.KEEP_SAFETY :], kind
    assert all(p.exists() for p in made["manual"])  # made by hand: never deleted
