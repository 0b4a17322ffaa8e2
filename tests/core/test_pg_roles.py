"""Least privilege on a real PostgreSQL server (core.db.roles): the counter PCs' login can do
what the app does and nothing that rewrites the record.

Every test here but the first needs the server that scripts/test.sh starts. The database of
each test was set up as setup-postgres sets up an office's: an owner role holds the tables,
and ``server`` logs in as the app's role.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from core import services as sv
from core.db import roles
from core.db.database import Database
from core.db.migrate import head_revision
from core.db.models import Base
from core.errors import BackupFailed, ServerSetupNeeded
from core.store import backup
from core.words.messages import describe
from tests.cli.runner import run
from tests.conftest import PASSWORD, PG_URL, intake, make_staff, past_the_app, superuser_url

needs_server = pytest.mark.skipif(
    not PG_URL, reason="PostgreSQL tests need TEST_DATABASE_URL (scripts/test.sh starts one)"
)


def test_every_table_has_its_grants_and_the_trails_only_grow():
    """A table the grants do not name would be closed to the app (setup-postgres refuses
    to guess); the trails are never updated, deleted from or emptied by the app's login."""
    assert set(roles.APP_GRANTS) == {*Base.metadata.tables, "alembic_version"}
    for trail in ("audit_events", "pii_access"):
        assert set(roles.APP_GRANTS[trail]) == {"SELECT", "INSERT"}
    assert all("TRUNCATE" not in grants for grants in roles.APP_GRANTS.values())
    deleting = {t for t, grants in roles.APP_GRANTS.items() if "DELETE" in grants}
    assert deleting == {"case_tags", "improvement_cases", "search_docs"}


@pytest.fixture
def server(pg_template, clock) -> Iterator[Database]:
    if pg_template is None:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (scripts/test.sh starts one)")
    url, name = pg_template.fresh()
    db = Database(url, clock=clock)
    yield db
    db.dispose()
    pg_template.drop(name)


# What the intruder did with psql and the app's login, and a few more.
REFUSED = [
    "DELETE FROM cases",
    "DELETE FROM compensations",
    "DELETE FROM customers",
    "DELETE FROM users WHERE role = 'clerk'",
    "UPDATE audit_events SET action = 'case.other' WHERE seq = 2",
    "DELETE FROM audit_events WHERE seq = 2",
    "TRUNCATE audit_events",
    "UPDATE pii_access SET purpose = 'x'",
    "DELETE FROM pii_access",
    "TRUNCATE pii_access CASCADE",
    "TRUNCATE cases CASCADE",
    "DROP TRIGGER no_change_pii_access ON pii_access",
    "ALTER TABLE pii_access DISABLE TRIGGER ALL",
    "ALTER TABLE cases DISABLE TRIGGER USER",
    "DROP TRIGGER no_delete_cases ON cases",
    "DROP TABLE audit_events",
    "ALTER TABLE cases ADD COLUMN note2 text",
    "CREATE TABLE notes (x int)",
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "SET session_replication_role = replica",
    "UPDATE alembic_version SET version_num = '0001'",
]


@needs_server
@pytest.mark.parametrize("statement", REFUSED)
def test_the_app_login_cannot_delete_rewrite_or_unguard(server, statement):
    staff = make_staff(server)
    case = sv.receive_complaint(server, staff.clerk, intake())
    sv.get_case(server, staff.supervisor, case.id)  # an access record
    with pytest.raises(DBAPIError) as refused, server.engine.begin() as conn:
        conn.execute(text(statement))
    assert "permission denied" in str(refused.value) or "must be owner" in str(refused.value)
    assert sv.check_records(server, staff.supervisor).ok
    assert sv.get_case(server, staff.supervisor, case.id).case_no == case.case_no


@needs_server
def test_the_app_login_cannot_act_as_the_owner(server):
    with server.engine.connect() as conn:
        owner = conn.execute(
            text("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'cases'")
        ).scalar_one()
        strength = roles.login_strength(conn)
    assert owner != strength.role
    assert not strength.too_strong and strength.has_tables
    with pytest.raises(DBAPIError), server.engine.begin() as conn:
        conn.execute(text(f'SET ROLE "{owner}"'))


@needs_server
def test_what_the_app_login_may_change_past_the_app_is_reported(server):
    """The app changes a user's role, so its login can too: the row check names it."""
    staff = make_staff(server)
    with server.engine.begin() as conn:
        conn.execute(text("UPDATE users SET role = 'admin' WHERE username = 'clerk'"))
    report = sv.check_records(server, staff.supervisor)
    assert not report.ok
    assert not report.rows.ok
    assert any("clerk" in line for line in report.rows.said("ko"))


@needs_server
def test_the_app_refuses_to_run_as_the_owner_or_a_superuser(server):
    as_superuser = superuser_url(server.url)
    with pytest.raises(ServerSetupNeeded) as refused:
        sv.open_database(as_superuser)
    assert refused.value.code == "pg_owner_login"
    said = describe(refused.value)
    assert "소유자이거나 슈퍼유저" in said and "setup-postgres" in said
    # The app's own login opens it.
    sv.open_database(server.url).dispose()


@needs_server
def test_an_older_schema_waits_for_the_administrator(server):
    with past_the_app(server) as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0011'"))
    with pytest.raises(ServerSetupNeeded) as refused:
        sv.open_database(server.url)
    assert refused.value.code == "pg_upgrade_needed"
    assert refused.value.facts == {"current": "0011", "head": head_revision()}
    assert "setup-postgres" in describe(refused.value)


# -- setup-postgres ---------------------------------------------------------------------


class Scratch:
    """Databases and roles a test makes on the server, dropped afterwards."""

    def __init__(self) -> None:
        assert PG_URL
        self.base = make_url(PG_URL)
        run_id = uuid.uuid4().hex[:8]
        self.database = f"gc_setup_{run_id}"
        self.app = f"gc_desk_{run_id}"
        self.owner = f"gc_own_{run_id}"
        self.roles = [self.app, self.owner]
        self.admin = create_engine(
            self.base.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
        )

    @property
    def admin_url(self) -> str:
        return self.base.set(database="postgres").render_as_string(hide_password=False)

    def url(self, role: str, password: str | None = "pw-" + "x" * 12) -> str:
        return self.base.set(
            username=role, password=password, database=self.database
        ).render_as_string(hide_password=False)

    def sql(self, statement: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(statement)

    def close(self) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        for role in self.roles:
            self.sql(f'DROP ROLE IF EXISTS "{role}"')
        self.admin.dispose()


@pytest.fixture
def scratch() -> Iterator[Scratch]:
    if not PG_URL:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (scripts/test.sh starts one)")
    made = Scratch()
    yield made
    made.close()


@needs_server
def test_setup_takes_over_a_database_the_app_login_owned(scratch, clock):
    """The README used to make the app's login the database's owner: setup-postgres gives
    everything to an owner role, keeps every case, and leaves the login its grants."""
    old = scratch.url(scratch.app)
    scratch.sql(f"CREATE ROLE \"{scratch.app}\" LOGIN PASSWORD 'pw-{'x' * 12}'")
    scratch.sql(f'CREATE DATABASE "{scratch.database}" OWNER "{scratch.app}"')
    db = Database(old, clock=clock)
    db.upgrade()  # as the old README's login, which owned the tables
    staff = make_staff(db)
    case = sv.receive_complaint(db, staff.clerk, intake())
    db.dispose()
    with pytest.raises(ServerSetupNeeded):
        sv.open_database(old)  # the owner's login is refused from now on

    report = roles.set_up(scratch.admin_url, old, owner=scratch.owner)
    assert report.took_over and report.created == ["owner"]
    assert report.revision_before == report.revision_after == head_revision()
    db = sv.open_database(old, clock=clock)
    try:
        assert sv.get_case(db, staff.supervisor, case.id).case_no == case.case_no
        sv.receive_complaint(db, staff.clerk, intake(subject="두 번째"))
        with pytest.raises(DBAPIError), db.engine.begin() as conn:
            conn.execute(text("DELETE FROM cases"))
        assert sv.check_records(db, staff.supervisor).ok
    finally:
        db.dispose()
    again = roles.set_up(scratch.admin_url, old, owner=scratch.owner)
    assert not again.took_over and again.created == [] and again.tables == report.tables


@needs_server
def test_setup_refuses_what_it_cannot_use(scratch):
    scratch.sql(f"CREATE ROLE \"{scratch.app}\" LOGIN PASSWORD 'pw-{'x' * 12}'")
    not_admin = make_url(scratch.url(scratch.app)).set(database="postgres")
    with pytest.raises(ServerSetupNeeded) as refused:
        roles.set_up(not_admin.render_as_string(hide_password=False), scratch.url("other_desk"))
    assert refused.value.code == "pg_admin_needed"
    with pytest.raises(ServerSetupNeeded) as same:
        roles.set_up(scratch.admin_url, scratch.url(str(scratch.base.username)))
    assert same.value.code == "pg_roles_apart"
    with pytest.raises(ServerSetupNeeded) as bad:
        roles.set_up(scratch.admin_url, scratch.url('desk"; DROP'))
    assert bad.value.code == "pg_bad_name"
    with pytest.raises(ServerSetupNeeded) as nameless:
        roles.set_up(scratch.admin_url, scratch.url("brand_new_desk", password=None))
    assert nameless.value.code == "pg_app_password"


@needs_server
def test_restore_on_the_server_is_the_administrators(server, tmp_path):
    if backup.pg_tool("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    staff = make_staff(server)
    first = sv.receive_complaint(server, staff.clerk, intake())
    copy = sv.make_backup(server, staff.supervisor, tmp_path)
    sv.receive_complaint(server, staff.clerk, intake(subject="백업 뒤"))
    with pytest.raises(BackupFailed) as refused:
        sv.restore_backup(server, staff.admin, copy.path)
    assert refused.value.code == "restore_needs_admin"
    assert "--admin" in describe(refused.value)

    sv.restore_backup(server, staff.admin, copy.path, admin_url=superuser_url(server.url))
    cases = sv.list_cases(server, staff.supervisor).rows
    assert [c.case_no for c in cases] == [first.case_no]
    # The restored tables are the owner's again, and the app's login has its grants back.
    sv.receive_complaint(server, staff.clerk, intake(subject="복원 뒤"))
    with pytest.raises(DBAPIError), server.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events"))
    with server.engine.connect() as conn:
        assert not roles.login_strength(conn).too_strong
    assert sv.check_records(server, staff.supervisor).ok


@needs_server
def test_setup_postgres_on_the_command_line(scratch, tmp_path):
    app = scratch.url(scratch.app, password=None)
    env = {"GYEONGCHEONG_APP_PASSWORD": "pw-" + "x" * 12, "GYEONGCHEONG_DATA_DIR": str(tmp_path)}

    def set_up() -> subprocess.CompletedProcess[str]:
        setup = ("setup-postgres", "--admin", scratch.admin_url, "--owner", scratch.owner)
        return run("--db", app, *setup, env=env)

    done = set_up()
    assert done.returncode == 0, done.stderr
    assert f"데이터베이스 {scratch.database}을(를) 만들었습니다" in done.stdout
    assert "pw-" not in done.stdout + done.stderr
    assert f"카운터 PC의 접속 주소: {app}" in done.stdout

    with_password = scratch.url(scratch.app)
    made = run(
        "--db",
        with_password,
        "init",
        "--office",
        "시험 사무소",
        "--prefix",
        "TS",
        password=PASSWORD,
        env=env,
    )
    assert made.returncode == 0, made.stderr
    owner_login = superuser_url(with_password)
    refused = run("--db", owner_login, "audit-verify", env=env)
    assert refused.returncode == 1 and "setup-postgres" in refused.stderr
    checked = run("--db", with_password, "audit-verify", env=env)
    assert checked.returncode == 0, checked.stderr
    # Run again after an upgrade: nothing is created, nothing changes, the grants are set.
    again = set_up()
    assert again.returncode == 0 and "만들었습니다" not in again.stdout
    assert not list(Path(tmp_path).glob("**/*.part"))
