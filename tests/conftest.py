"""Shared fixtures: a fresh database per test on SQLite and, when TEST_DATABASE_URL is set,
on PostgreSQL too; a controllable clock; an office with one user of each role."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from core import services
from core.actor import Actor
from core.db.database import Database
from core.db.engine import make_engines
from core.db.migrate import upgrade

PG_URL = os.environ.get("TEST_DATABASE_URL")

# In CI every run tries the same generated inputs, so a run's result does not depend on
# luck; a developer's runs draw new ones (and HOSTILE_EXAMPLES tries many more).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

GUI_TESTS = Path(__file__).resolve().parent / "gui"
# pytest-qt's fixtures: a test that asks for one drives Qt, wherever it lives.
QT_FIXTURES = frozenset({"qapp", "qtbot", "qtmodeltester", "qtlog"})


def is_gui_test(item: pytest.Item) -> bool:
    """Whether ``item`` drives Qt: it lives under tests/gui or asks for a pytest-qt fixture."""
    if GUI_TESTS in item.path.resolve().parents:
        return True
    return bool(QT_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)  # before ``-m`` selects by the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every Qt test ``gui``, so that ``pytest -m "not gui"`` runs the others without a
    QApplication (pytest-qt makes one only for a test that asks for its fixtures)."""
    for item in items:
        if is_gui_test(item):
            item.add_marker(pytest.mark.gui)


class FakeClock:
    """The time the services see; tests move it forward explicitly."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment


@pytest.fixture
def clock() -> FakeClock:
    # Monday 2026-03-09 10:00 in Seoul (01:00 UTC): an ordinary working morning.
    return FakeClock(datetime(2026, 3, 9, 1, 0, tzinfo=UTC))


class _PgTemplate:
    """A migrated template database; each test gets a copy (CREATE DATABASE ... TEMPLATE).

    Set up as an office's server is (core.db.roles): an owner role holds the tables and the
    tests log in as the app's role, with only its grants. The roles are this run's own."""

    def __init__(self, url: str) -> None:
        from core.db import roles

        self.base = make_url(url)
        self.admin = create_engine(self.base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        run = uuid.uuid4().hex[:8]
        self.template = f"{self.base.database}_tpl_{run}"
        self.owner, self.app = f"gc_owner_{run}", f"gc_app_{run}"
        self.app_password = uuid.uuid4().hex
        app_url = self.base.set(
            username=self.app, password=self.app_password, database=self.template
        )
        roles.set_up(
            self.base.render_as_string(hide_password=False),
            app_url.render_as_string(hide_password=False),
            owner=self.owner,
        )

    def fresh(self) -> tuple[str, str]:
        name = f"{self.base.database}_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(
                text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}" OWNER "{self.owner}"')
            )
        url = self.base.set(username=self.app, password=self.app_password, database=name)
        return url.render_as_string(hide_password=False), name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self.drop(self.template)
        with self.admin.connect() as conn:
            for role in (self.app, self.owner):
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        self.admin.dispose()


@contextmanager
def past_the_app(db: Database) -> Iterator[Connection]:
    """A transaction of someone past the app with the database in hand: the SQLite file's
    writer, or PostgreSQL's superuser (the app's own role may not do what they do)."""
    if db.is_sqlite:
        with db.engine.begin() as conn:
            yield conn
        return
    engine = create_engine(superuser_url(db.url), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


@contextmanager
def schema_owner(db: Database) -> Iterator[Engine]:
    """An engine that may change the schema (a migration test): SQLite's own; on PostgreSQL
    the server's administrator acting as the owner role, after which the app's role gets its
    grants again, as setup-postgres gives them."""
    if db.is_sqlite:
        yield db.engine
        return
    from core.db import roles

    url = superuser_url(db.url)
    database, app = str(db.engine.url.database), str(db.engine.url.username)
    owner = roles.database_owner(url, database)
    engine = create_engine(url, poolclass=NullPool, connect_args={"options": f"-c role={owner}"})
    try:
        yield engine
    finally:
        engine.dispose()
        roles.prepare(url, database, owner, app)


def superuser_url(url: str) -> str:
    """The same database as the server's superuser (someone past the app, or the server's
    administrator); a SQLite file as it is."""
    if not PG_URL or make_url(url).get_backend_name() != "postgresql":
        return url
    base = make_url(PG_URL)
    return (
        make_url(url)
        .set(username=base.username, password=base.password)
        .render_as_string(hide_password=False)
    )


@pytest.fixture(scope="session")
def pg_template() -> Iterator[_PgTemplate | None]:
    if not PG_URL:
        yield None
        return
    tpl = _PgTemplate(PG_URL)
    yield tpl
    tpl.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrating once and copying the file is much faster than migrating per test."""
    path = tmp_path_factory.mktemp("tpl") / "template.sqlite3"
    engine, read = make_engines(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    read.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, sqlite_template, pg_template) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "desk.sqlite3"
        path.write_bytes(sqlite_template.read_bytes())
        yield f"sqlite:///{path}"
        return
    if pg_template is None:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (scripts/test.sh starts a server)")
    url, name = pg_template.fresh()
    yield url
    pg_template.drop(name)


@pytest.fixture
def sqlite_url(tmp_path, sqlite_template) -> str:
    path = tmp_path / "desk.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    return f"sqlite:///{path}"


@pytest.fixture
def db(db_url, clock, request) -> Iterator[Database]:
    database = Database(db_url, clock=clock)
    database.upgrade()  # a no-op on the migrated copy; proves the upgrade path runs
    yield database
    # Whatever the test did through the app, every row still matches the trail: no service
    # writes a row without an event binding it. Tests that edit rows past the app say so.
    if request.node.get_closest_marker("edits_past_the_app") is None:
        assert_rows_bound(database)
    database.dispose()


def assert_rows_bound(database: Database) -> None:
    from core.store import bindings

    with database.unit_of_work(write=False) as uow:
        assert uow.session is not None
        report = bindings.verify(uow.session)
    if report.unbound:
        return  # nothing was ever written
    assert report.ok, f"rows changed past the trail: {report.problems}"


@dataclass(frozen=True)
class Staff:
    admin: Actor
    clerk: Actor
    handler: Actor
    supervisor: Actor

    def of(self, role: str) -> Actor:
        return getattr(self, role)


PASSWORD = "correct-horse-1"


@pytest.fixture
def staff(db) -> Staff:
    return make_staff(db)


def make_staff(db: Database) -> Staff:
    """An office with one account of each role, logged in."""
    admin = services.first_run_setup(
        db,
        office_name="강남 관리사무소",
        case_prefix="GN",
        admin_username="admin",
        admin_display_name="관리자",
        admin_password=PASSWORD,
    )
    actors = {"admin": admin}
    for username, name, role in (
        ("clerk", "김접수", "clerk"),
        ("handler", "이처리", "handler"),
        ("supervisor", "박관리", "supervisor"),
    ):
        services.create_user(
            db, admin, username=username, display_name=name, role=role, password=PASSWORD
        )
        actors[role] = services.login(db, username, PASSWORD)
    return Staff(**actors)


def intake(**overrides) -> services.IntakeInput:
    """A complete walk-in complaint, as a clerk would type it."""
    customer = overrides.pop("customer", None) or services.CustomerInput(
        name="홍길동",
        phone="010-1234-5678",
        email="hong@example.com",
        address="강남구 테헤란로 1, 101동 1203호",
        consent=True,
    )
    fields = dict(
        customer=customer,
        channel="visit",
        subject="윗집 층간소음으로 밤잠을 못 잡니다",
        description=(
            "밤 11시 이후에도 윗집에서 쿵쿵거리는 소리가 계속됩니다. "
            "여러 번 말씀드렸는데 그대로입니다."
        ),
        category_code="quality.management",
        request="윗집에 주의를 주시고 재발하지 않게 해 주세요.",
        expectation="일주일 안에 소음이 줄어드는 것",
        bottom_line="관리사무소의 공식 안내문 게시",
        incident_place="101동 1203호",
        nature="effective",
    )
    fields.update(overrides)
    return services.IntakeInput(**fields)


@pytest.fixture(autouse=True, scope="session")
def _own_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Backups, logs and drafts of the tests (and of the commands they start) go to a
    temporary folder, never to this computer's real data directory."""
    from core.paths import DATA_DIR_ENV

    old = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = str(tmp_path_factory.mktemp("data"))
    yield
    if old is None:
        os.environ.pop(DATA_DIR_ENV, None)
    else:
        os.environ[DATA_DIR_ENV] = old


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Real argon2, cheaper parameters: the suite creates hundreds of accounts."""
    from argon2 import PasswordHasher

    from core.services import accounts

    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    accounts._DUMMY_HASH = accounts._hasher.hash("not-a-real-password")
