"""The command line logs in (DESIGN.md, "Command line"): a command that reads personal data or
changes anything runs as a user of the office, with that user's permissions and the window's
lockout, and the audit trail names that user; audit-verify, --help and --version need none;
init and demo set an office up, and demo never writes into a real register."""

from __future__ import annotations

import sqlite3

import pytest

from cli.common import EXIT_FAIL, EXIT_LOGIN
from core import services as sv
from core.errors import AccountLocked
from core.services import open_database
from core.version import version
from tests.cli.runner import DEMO_PASSWORD, office, run
from tests.conftest import PASSWORD


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def _rows(tmp_path, sql: str, *params: object) -> list[tuple]:
    con = sqlite3.connect(tmp_path / "cli.sqlite3")
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_export_needs_a_login_and_the_permission_of_the_export(url, tmp_path):
    office(url, cases=2)
    out = tmp_path / "register.csv"

    nobody = run("--db", url, "export", str(out))
    assert nobody.returncode == EXIT_LOGIN
    assert "로그인이 필요합니다" in nobody.stderr and "Traceback" not in nobody.stderr
    assert not out.exists()
    english = run("--db", url, "export", str(out), lang="en")
    assert english.returncode == EXIT_LOGIN and "Login required" in english.stderr

    # A clerk may not export the register (REGISTER_EXPORT: supervisors only).
    clerk = run("--db", url, "export", str(out), user="clerk", password=PASSWORD)
    assert clerk.returncode == EXIT_FAIL
    assert "권한이 없습니다" in clerk.stderr and "Traceback" not in clerk.stderr
    assert not out.exists()

    # --user after the command works as well as before it.
    allowed = run("--db", url, "export", str(out), "--user", "supervisor", password=PASSWORD)
    assert allowed.returncode == 0, allowed.stderr
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 3

    # The trail names who exported, and whose personal data they opened: not the OS user.
    assert _rows(
        tmp_path, "SELECT actor_name FROM audit_events WHERE action = 'register.export'"
    ) == [("supervisor",)]
    accesses = _rows(tmp_path, "SELECT DISTINCT user_name, purpose FROM pii_access")
    assert accesses == [("supervisor", "export")]
    logins = _rows(tmp_path, "SELECT actor_name FROM audit_events WHERE action = 'user.login'")
    assert ("supervisor",) in logins and ("clerk",) in logins
    assert not _rows(tmp_path, "SELECT seq FROM audit_events WHERE actor_name LIKE 'os:%'")


def test_a_wrong_password_counts_towards_the_lockout_as_in_the_window(url, tmp_path):
    office(url)
    for attempt in range(1, 5):
        wrong = run("--db", url, "search", "주차", user="clerk", password=f"wrong-{attempt}")
        assert wrong.returncode == EXIT_LOGIN
        assert "아이디 또는 비밀번호가 올바르지 않습니다" in wrong.stderr
    fifth = run("--db", url, "search", "주차", user="clerk", password="wrong-5")
    assert fifth.returncode == EXIT_LOGIN and "잠겼습니다" in fifth.stderr
    # Locked: the right password is refused now, here and in the window alike.
    right = run("--db", url, "search", "주차", user="clerk", password=PASSWORD)
    assert right.returncode == EXIT_LOGIN and "잠겼습니다" in right.stderr
    db = open_database(url)
    try:
        with pytest.raises(AccountLocked):
            sv.login(db, "clerk", PASSWORD)
    finally:
        db.dispose()
    actions = [a for (a,) in _rows(tmp_path, "SELECT action FROM audit_events ORDER BY seq")]
    assert actions.count("user.login_failed") == 4 and actions.count("user.locked") == 1
    # Another user is not locked out.
    assert run("--db", url, "search", "주차", user="handler", password=PASSWORD).returncode == 0


def test_audit_verify_help_and_version_need_no_login(url):
    office(url, cases=1)
    assert run("--db", url, "audit-verify").returncode == 0
    helped = run("--help")
    assert helped.returncode == 0
    for command in (
        "init",
        "user-add",
        "demo",
        "import",
        "export",
        "summary",
        "case-file",
        "search",
        "backup",
        "restore",
        "audit-verify",
    ):
        assert command in helped.stdout
    assert "GYEONGCHEONG_USER" in helped.stdout and "GYEONGCHEONG_PASSWORD" in helped.stdout
    shown = run("--version")
    assert shown.returncode == 0 and version() in shown.stdout


def test_init_then_user_add_then_a_command_as_that_user(url, tmp_path):
    made = run(
        "--db", url, "init", "--office", "테스트 관리사무소", "--prefix", "ts", password=PASSWORD
    )
    assert made.returncode == 0, made.stderr
    assert "TS-" in made.stdout and PASSWORD not in made.stdout + made.stderr
    again = run("--db", url, "init", "--office", "다른 사무소", "--prefix", "XX", password=PASSWORD)
    assert again.returncode == EXIT_FAIL and "이미" in again.stderr

    # Adding an account needs an admin's login; the new password is its own.
    add = ("--db", url, "user-add", "kim", "--role", "clerk", "--display-name", "김접수")
    assert run(*add).returncode == EXIT_LOGIN
    added = run(*add, user="admin", password=PASSWORD, new_password="kim-secret-9")
    assert added.returncode == 0, added.stderr
    assert "kim-secret-9" not in added.stdout + added.stderr
    assert _rows(tmp_path, "SELECT display_name, role FROM users WHERE username = 'kim'") == [
        ("김접수", "clerk")
    ]
    refused = run(
        "--db", url, "user-add", "lee", "--role", "admin", user="kim", password="kim-secret-9"
    )
    assert refused.returncode == EXIT_FAIL and "권한이 없습니다" in refused.stderr
    short = run(
        "--db",
        url,
        "user-add",
        "park",
        "--role",
        "handler",
        user="admin",
        password=PASSWORD,
        new_password="short",
    )
    assert short.returncode == EXIT_FAIL and "비밀번호" in short.stderr

    found = run("--db", url, "search", "주차", "--json", user="kim", password="kim-secret-9")
    assert found.returncode == 0, found.stderr
    events = _rows(
        tmp_path,
        "SELECT action, actor_name FROM audit_events WHERE action IN "
        "('office.setup', 'user.create', 'user.login') ORDER BY seq",
    )
    assert events == [
        ("office.setup", "admin"),
        ("user.create", "admin"),  # the administrator, made by init
        ("user.login", "admin"),
        ("user.create", "admin"),  # kim, made by the logged-in admin
        ("user.login", "kim"),  # refused: a clerk adds no account
        ("user.login", "admin"),  # refused: too short a password
        ("user.login", "kim"),  # the search
    ]


def test_init_needs_a_password_and_refuses_a_short_one(url):
    none = run("--db", url, "init", "--office", "테스트 관리사무소", "--prefix", "TS")
    assert none.returncode == EXIT_LOGIN and "GYEONGCHEONG_PASSWORD" in none.stderr
    short = run(
        "--db", url, "init", "--office", "테스트 관리사무소", "--prefix", "TS", password="short"
    )
    assert short.returncode == EXIT_FAIL and "비밀번호" in short.stderr


def test_demo_on_an_empty_database_sets_up_the_demo_office(url, tmp_path):
    made = run("--db", url, "demo", "--cases", "12", password=DEMO_PASSWORD)
    assert made.returncode == 0, made.stderr
    assert DEMO_PASSWORD not in made.stdout + made.stderr
    roles = dict(_rows(tmp_path, "SELECT username, role FROM users"))
    assert roles["admin"] == "admin" and roles["supervisor"] == "supervisor"
    assert {"clerk", "handler"} <= set(roles.values())
    db = open_database(url)
    try:
        for username in roles:  # every demo account has the password given
            assert sv.login(db, username, DEMO_PASSWORD).username == username
        assert not sv.needs_setup(db)
    finally:
        db.dispose()
    # The demo cases are played by the demo staff, never by the OS user.
    assert not _rows(tmp_path, "SELECT seq FROM audit_events WHERE actor_name LIKE 'os:%'")

    # More demo cases in the demo office: a login is needed now, and then named.
    assert run("--db", url, "demo", "--cases", "3").returncode == EXIT_LOGIN
    more = run("--db", url, "demo", "--cases", "3", user="admin", password=DEMO_PASSWORD)
    assert more.returncode == 0, more.stderr
    assert _rows(tmp_path, "SELECT count(*) FROM cases") == [(15,)]


def test_demo_without_a_password_sets_nothing_up(url, tmp_path):
    refused = run("--db", url, "demo", "--cases", "5")
    assert refused.returncode == EXIT_LOGIN and "GYEONGCHEONG_PASSWORD" in refused.stderr
    assert _rows(tmp_path, "SELECT count(*) FROM users") == [(0,)]


def test_demo_refuses_a_database_with_cases_that_are_not_the_demos(url, tmp_path):
    office(url, cases=1)
    refused = run("--db", url, "demo", "--cases", "5", user="admin", password=PASSWORD)
    assert refused.returncode == EXIT_FAIL
    assert "데모" in refused.stderr and "Traceback" not in refused.stderr
    assert _rows(tmp_path, "SELECT count(*) FROM cases") == [(1,)]
    assert _rows(tmp_path, "SELECT count(*) FROM users") == [(4,)]


def test_demo_refuses_an_office_without_cases_yet(url, tmp_path):
    """A real office just set up: its staff accounts and register are not the demo's."""
    assert (
        run("--db", url, "init", "--office", "강남", "--prefix", "GN", password=PASSWORD).returncode
        == 0
    )
    refused = run("--db", url, "demo", "--cases", "5", password=PASSWORD)
    assert refused.returncode == EXIT_FAIL
    assert _rows(tmp_path, "SELECT count(*) FROM cases") == [(0,)]
    assert _rows(tmp_path, "SELECT username FROM users") == [("admin",)]


def test_a_big_demo_names_the_logged_in_user(url, tmp_path, monkeypatch):
    """The set-wise demo records one event per case: it names who ran the demo."""
    from cli.login import PASSWORD_ENV, USER_ENV
    from cli.main import main

    assert run("--db", url, "demo", "--cases", "3", password=DEMO_PASSWORD).returncode == 0
    monkeypatch.setattr("cli.main.setup_logging", lambda: None)  # no log file of this process
    monkeypatch.setattr("cli.commands_office.BULK_DEMO_FROM", 10)
    monkeypatch.setenv(USER_ENV, "supervisor")
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORD)
    assert main(["--db", url, "demo", "--cases", "40"]) == 0
    named = _rows(
        tmp_path, "SELECT DISTINCT actor_name FROM audit_events WHERE action = 'case.demo'"
    )
    assert named == [("supervisor",)]
    assert _rows(tmp_path, "SELECT count(*) FROM cases") == [(43,)]
