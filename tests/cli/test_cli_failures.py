"""Every data command against a database in the states an office meets — read-only media,
a damaged file, a mistyped path, another program holding the lock — ends with a sentence
saying what happened and what to do: never a traceback or the driver's English."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tests.cli.runner import DEMO_PASSWORD, run

SUPERVISOR = {"user": "supervisor", "password": DEMO_PASSWORD}
RAW = (
    "Traceback",
    "(sqlite3.",
    "OperationalError",
    "[SQL",
    "database is locked",
    "unable to open",
    "Errno",
    "Error:",
)

COMMANDS = [
    ["search", "소음"],
    ["summary", "--month", "2026-11"],
    ["export", "OUT/register.csv"],
    ["case-file", "DM-2026-000001", "--pdf", "OUT/case.pdf"],
    ["backup", "OUT/usb"],
    ["audit-verify"],
]


@pytest.fixture(scope="module")
def office_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    made = run(
        "--db",
        f"sqlite:///{folder / 'desk.sqlite3'}",
        "demo",
        "--cases",
        "3",
        password=DEMO_PASSWORD,
    )
    assert made.returncode == 0, made.stderr
    with closing(sqlite3.connect(folder / "desk.sqlite3")) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder / "desk.sqlite3"


def plain(out) -> str:
    said = out.stdout + out.stderr
    for raw in RAW:
        assert raw not in said, said
    return out.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_on_read_only_media(office_file, tmp_path, command):
    copy = tmp_path / "archive.sqlite3"
    copy.write_bytes(office_file.read_bytes())
    args = [a.replace("OUT", str(tmp_path)) for a in command]
    out = run("--db", f"sqlite:///file:{copy}?mode=ro&uri=true", *args, **SUPERVISOR)
    said = plain(out)
    if command == ["audit-verify"]:  # reads only: the archive verifies
        assert out.returncode == 0 and "이상 없음" in out.stdout
    else:  # a login is recorded, and the media refuses the write
        assert out.returncode == 1 and "데이터베이스에 쓸 수 없습니다(읽기 전용" in said
        assert not (tmp_path / "register.csv").exists()  # no export without its records


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_on_a_damaged_file(tmp_path, command):
    damaged = tmp_path / "desk.sqlite3"
    damaged.write_bytes(b"not a database, a photo of one" * 300)
    args = [a.replace("OUT", str(tmp_path)) for a in command]
    out = run("--db", f"sqlite:///{damaged}", *args, **SUPERVISOR)
    assert out.returncode == 1
    assert "손상되었거나 경청 데이터베이스가 아닙니다" in plain(out)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_on_a_mistyped_path(tmp_path, command):
    args = [a.replace("OUT", str(tmp_path)) for a in command]
    out = run("--db", f"sqlite:///{tmp_path / 'typo.sqlite3'}", *args, **SUPERVISOR)
    assert out.returncode == 1
    assert "데이터베이스 파일이 없습니다" in plain(out)
    assert not (tmp_path / "typo.sqlite3").exists()


def test_while_another_program_holds_the_lock(office_file, tmp_path):
    """The wait is the 30 seconds a counter would wait too; then words, and nothing changed."""
    copy = tmp_path / "desk.sqlite3"
    copy.write_bytes(office_file.read_bytes())
    with closing(sqlite3.connect(copy)) as holder:
        holder.execute("BEGIN EXCLUSIVE")
        out = run("--db", f"sqlite:///{copy}", "search", "소음", **SUPERVISOR)
    assert out.returncode == 1
    assert "다른 컴퓨터나 프로그램이 데이터베이스를 쓰고 있어" in plain(out)
