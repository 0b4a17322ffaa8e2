"""The computer's everyday failures, met for real, are named so they can be told in words."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from core.errors import plain_failure
from core.words.messages import describe


def test_a_full_database_is_named_disk_full(tmp_path):
    with closing(sqlite3.connect(tmp_path / "small.sqlite3")) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("PRAGMA max_page_count = 3")  # as if the disk had no more room
        with pytest.raises(sqlite3.OperationalError) as full:
            conn.executemany("INSERT INTO t VALUES (?)", [("가" * 2000,)] * 50)
    plain = plain_failure(full.value)
    assert plain is not None and plain.code == "disk_full"
    assert "저장 공간이 가득" in describe(plain) and "되돌렸습니다" in describe(plain)


def test_a_locked_database_through_sqlalchemy_is_named_locked(tmp_path):
    path = tmp_path / "locked.sqlite3"
    with closing(sqlite3.connect(path)) as holder:
        holder.execute("CREATE TABLE t (x)")
        holder.commit()
        holder.execute("BEGIN EXCLUSIVE")
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.1})
        with pytest.raises(OperationalError) as locked, engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
        engine.dispose()
    plain = plain_failure(locked.value)
    assert plain is not None and plain.code == "db_locked"
    assert "잠시 뒤 다시" in describe(plain)


def test_damaged_and_read_only_files_and_missing_ones(tmp_path):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(sqlite3.DatabaseError) as damaged, closing(sqlite3.connect(garbage)) as c:
        c.execute("SELECT * FROM sqlite_master").fetchall()
    assert plain_failure(damaged.value).code == "db_corrupt"  # type: ignore[union-attr]

    sound = tmp_path / "sound.sqlite3"
    with closing(sqlite3.connect(sound)) as conn:
        conn.execute("CREATE TABLE t (x)")
    with (
        pytest.raises(sqlite3.OperationalError) as read_only,
        closing(sqlite3.connect(f"file:{sound}?mode=ro", uri=True)) as conn,
    ):
        conn.execute("INSERT INTO t VALUES (1)")
    assert plain_failure(read_only.value).code == "db_readonly"  # type: ignore[union-attr]

    with pytest.raises(FileNotFoundError) as gone:
        (tmp_path / "고객명단.xlsx").read_bytes()
    plain = plain_failure(gone.value)
    assert plain is not None and plain.code == "file_missing"
    assert "고객명단.xlsx" in describe(plain) and str(tmp_path) not in describe(plain)


def test_a_programming_error_is_not_dressed_up():
    assert plain_failure(KeyError("status")) is None
    assert plain_failure(ValueError("bad")) is None
