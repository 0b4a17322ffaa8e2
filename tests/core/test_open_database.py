"""A database is created only where a new office may begin: a mistyped path or a vanished
data file is said as such, and no empty database takes its place."""

from __future__ import annotations

import pytest

from core import services as sv
from core.errors import DatabaseMissing
from core.paths import DATA_DIR_ENV
from core.services import open_database
from core.words.messages import describe
from tests.conftest import make_staff


def test_a_missing_file_is_refused_where_it_must_exist_and_not_created(tmp_path):
    where = tmp_path / "typo.sqlite3"
    with pytest.raises(DatabaseMissing) as refused:
        open_database(f"sqlite:///{where}", must_exist=True)
    assert not where.exists()
    said = describe(refused.value)
    assert str(where) in said and "init" in said

    where.write_bytes(b"")  # an emptied file is no better than none
    with pytest.raises(DatabaseMissing):
        open_database(f"sqlite:///{where}", must_exist=True)


def test_the_apps_own_data_file_gone_after_backups_is_not_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    db = open_database()  # the first start: the app's data file is created
    make_staff(db)
    sv.automatic_backup(db, force=True)
    db.dispose()
    data_file = tmp_path / "data" / "desk.sqlite3"
    for leftover in tmp_path.glob("data/desk.sqlite3*"):
        leftover.unlink()  # deleted while nobody looked (or moved by a sync tool)

    with pytest.raises(DatabaseMissing) as refused:
        open_database()
    assert not data_file.exists()
    said = describe(refused.value)
    assert "지워졌거나 옮겨졌을 수 있습니다" in said and "backups" in said
    assert "새 데이터를 만들지 않았습니다" in said


def test_a_new_office_still_begins_with_a_new_file(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    db = open_database()  # no backups yet: the first start
    assert sv.needs_setup(db)
    db.dispose()
    db = open_database(f"sqlite:///{tmp_path / 'office.sqlite3'}")  # init, demo
    assert sv.needs_setup(db)
    db.dispose()
