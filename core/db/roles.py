"""PostgreSQL's two roles: an owner that holds the schema, and the app's login that holds
only what the app does.

The counter PCs log in as the app role, whose password is on every one of them. With only
the grants below it cannot delete a case, empty or rewrite the audit trail or the access
records, drop or disable the triggers that guard them, or change the schema: those need the
owner, a role nobody logs in as (the server's administrator acts as it to migrate). What the
app itself may change (a case, a user) it can change past the app too, and the row check
of ``audit-verify`` reports that (core.store.bindings).

``set_up`` makes both roles and the database, migrates as the owner and grants; it is run
again after a release that changes the schema, and turns a database that an earlier README
had the app's login own into this arrangement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from core.errors import ServerSetupNeeded

DEFAULT_OWNER = "gyeongcheong_owner"

READ, ADD, CHANGE, REMOVE = "SELECT", "INSERT", "UPDATE", "DELETE"
KEPT = (READ, ADD, CHANGE)  # a row the app keeps and edits, never deletes

# What the app's login may do to each table; nothing else, and nothing to a table not named.
# The two trails and their access records only grow; their heads move forward in place.
APP_GRANTS: dict[str, tuple[str, ...]] = {
    "alembic_version": (READ,),
    "audit_events": (READ, ADD),
    "audit_head": (READ, CHANGE),
    "pii_access": (READ, ADD),
    "pii_access_head": (READ, CHANGE),
    "settings": KEPT,
    "users": KEPT,
    "categories": KEPT,
    "customers": KEPT,
    "cases": KEPT,
    "case_counters": KEPT,
    "actions": KEPT,
    "contacts": KEPT,
    "compensations": KEPT,
    "resolutions": KEPT,
    "follow_ups": KEPT,
    "status_changes": KEPT,
    "case_links": KEPT,
    "improvements": KEPT,
    "summary_months": KEPT,
    "case_day_changes": KEPT,
    # A tag removed from a case, a case unlinked from an improvement, a case's old search
    # text replaced: the only rows the app deletes, each bound to the trail or rebuilt.
    "case_tags": (*KEPT, REMOVE),
    "improvement_cases": (*KEPT, REMOVE),
    "search_docs": (*KEPT, REMOVE),
}

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def quoted(name: str) -> str:
    """A role or database name as SQL; only plain lower-case names are taken."""
    if not _NAME.match(name):
        raise ServerSetupNeeded("pg_bad_name", name=name)
    return f'"{name}"'


@dataclass(frozen=True)
class LoginStrength:
    """What the connected role can do beyond the app's grants."""

    role: str
    superuser: bool
    owns_database: bool
    owns_tables: bool
    has_tables: bool

    @property
    def too_strong(self) -> bool:
        return self.superuser or self.owns_database or self.owns_tables


def login_strength(conn: Connection) -> LoginStrength:
    row = conn.execute(
        text(
            "SELECT current_user, r.rolsuper, "
            "pg_has_role(current_user, d.datdba, 'MEMBER'), "
            "EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "        WHERE n.nspname = 'public' AND c.relkind = 'r' "
            "        AND pg_has_role(current_user, c.relowner, 'MEMBER')), "
            "to_regclass('public.cases') IS NOT NULL "
            "FROM pg_roles r, pg_database d "
            "WHERE r.rolname = current_user AND d.datname = current_database()"
        )
    ).one()
    return LoginStrength(str(row[0]), bool(row[1]), bool(row[2]), bool(row[3]), bool(row[4]))


def check_app_login(engine: Engine, *, current: str | None, head: str) -> None:
    """Refuse a login that could rewrite the records (the owner, a superuser), and a
    database this login cannot make ready itself (not set up, or an older schema)."""
    with engine.connect() as conn:
        strength = login_strength(conn)
    if strength.too_strong:
        raise ServerSetupNeeded("pg_owner_login", role=strength.role)
    if not strength.has_tables or current is None:
        raise ServerSetupNeeded("pg_not_set_up")
    if current != head:
        raise ServerSetupNeeded("pg_upgrade_needed", current=current, head=head)


# -- setting the server up ------------------------------------------------------------------


@dataclass
class SetupReport:
    database: str
    owner: str
    app: str
    app_url: str  # what the counter PCs use, without a password
    created: list[str] = field(default_factory=list)  # "owner", "app", "database"
    took_over: bool = False  # tables the app's login owned were given to the owner
    revision_before: str | None = None
    revision_after: str | None = None
    tables: int = 0


def set_up(
    admin_url: str,
    app_url: str,
    *,
    owner: str = DEFAULT_OWNER,
    app_password: str | None = None,
    before_upgrade: Callable[[str, str], None] | None = None,
) -> SetupReport:
    """Make the owner role, the app role and the database if missing, migrate as the owner
    and give the app role its grants. ``admin_url`` is a superuser's login (any database of
    the server); ``app_url`` is what the counter PCs will use (database and role name).
    ``before_upgrade(url, revision)`` runs before a schema with data is migrated (a backup)."""
    app_at = make_url(app_url)
    app, database = app_at.username or "", app_at.database or ""
    if not app or not database:
        raise ServerSetupNeeded("pg_app_url")
    for name in (app, database, owner):
        quoted(name)
    shown = app_at.set(password=None).render_as_string(hide_password=False)
    report = SetupReport(database, owner, app, shown)
    app_password = app_password or (str(app_at.password) if app_at.password else None)
    admin = _admin_engine(make_url(admin_url))
    try:
        with admin.connect() as conn:
            me = login_strength(conn)
            if not me.superuser:
                raise ServerSetupNeeded("pg_admin_needed", role=me.role)
            if app in (me.role, owner) or owner == me.role:
                raise ServerSetupNeeded("pg_roles_apart", role=app)
            _roles(conn, owner, app, app_password, report)
            _database(conn, database, owner, report)
    finally:
        admin.dispose()
    prepare(admin_url, database, owner, app, report, before_upgrade=before_upgrade)
    return report


def prepare(
    admin_url: str,
    database: str,
    owner: str,
    app: str,
    report: SetupReport | None = None,
    *,
    before_upgrade: Callable[[str, str], None] | None = None,
) -> SetupReport:
    """In ``database``: the owner owns everything, the schema is migrated (as the owner),
    and the app role has exactly ``APP_GRANTS``. Also after a restore."""
    from core.db import migrate

    report = report or SetupReport(database, owner, app, "")
    target = make_url(admin_url).set(database=database)
    admin = _admin_engine(target)
    try:
        with admin.connect() as conn:
            report.took_over = _take_over(conn, owner, app) or report.took_over
            _schema(conn, database, owner, app)
    finally:
        admin.dispose()
    as_owner = create_engine(
        target, poolclass=NullPool, connect_args={"options": f"-c role={owner}"}
    )
    try:
        report.revision_before = migrate.current_revision(as_owner)
        dump_url = target.render_as_string(hide_password=False)
        migrate.upgrade(
            as_owner,
            before=(lambda rev: before_upgrade(dump_url, rev)) if before_upgrade else None,
        )
        report.revision_after = migrate.current_revision(as_owner)
    finally:
        as_owner.dispose()
    admin = _admin_engine(target)
    try:
        with admin.connect() as conn:
            report.tables = _grant(conn, app)
    finally:
        admin.dispose()
    return report


def database_owner(admin_url: str, database: str) -> str:
    admin = _admin_engine(make_url(admin_url).set(database=database))
    try:
        with admin.connect() as conn:
            return str(
                conn.execute(
                    text(
                        "SELECT pg_get_userbyid(datdba) FROM pg_database "
                        "WHERE datname = current_database()"
                    )
                ).scalar_one()
            )
    finally:
        admin.dispose()


def role_exists(admin_url: str, role: str) -> bool:
    admin = _admin_engine(make_url(admin_url))
    try:
        with admin.connect() as conn:
            return _exists(conn, "pg_roles", "rolname", role)
    finally:
        admin.dispose()


def _admin_engine(url: URL) -> Engine:
    if url.get_backend_name() != "postgresql":
        raise ServerSetupNeeded("pg_admin_url")
    if not url.database:
        url = url.set(database="postgres")
    return create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")


def _exists(conn: Connection, catalog: str, column: str, name: str) -> bool:
    found = conn.execute(text(f"SELECT 1 FROM {catalog} WHERE {column} = :n"), {"n": name})
    return found.first() is not None


def _roles(
    conn: Connection, owner: str, app: str, app_password: str | None, report: SetupReport
) -> None:
    if not _exists(conn, "pg_roles", "rolname", owner):
        # Nobody logs in as the owner: the administrator acts as it (SET ROLE) to migrate.
        conn.exec_driver_sql(f"CREATE ROLE {quoted(owner)} NOLOGIN")
        report.created.append("owner")
    limits = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
    if not _exists(conn, "pg_roles", "rolname", app):
        if not app_password:
            raise ServerSetupNeeded("pg_app_password", role=app)
        verifier = _verifier(conn, app, app_password)
        conn.exec_driver_sql(f"CREATE ROLE {quoted(app)} LOGIN {limits} PASSWORD {verifier}")
        report.created.append("app")
    else:
        conn.exec_driver_sql(f"ALTER ROLE {quoted(app)} LOGIN {limits}")
        if app_password:
            verifier = _verifier(conn, app, app_password)
            conn.exec_driver_sql(f"ALTER ROLE {quoted(app)} PASSWORD {verifier}")
        # The app's login must not act as the owner through a membership either.
        conn.exec_driver_sql(f"REVOKE {quoted(owner)} FROM {quoted(app)}")


def _verifier(conn: Connection, role: str, password: str) -> str:
    """The password as a SCRAM verifier made here: the password itself is never sent in a
    statement that the server might log."""
    raw = conn.connection.driver_connection
    assert raw is not None
    made = raw.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    return "'" + made.decode().replace("'", "''") + "'"


def _database(conn: Connection, database: str, owner: str, report: SetupReport) -> None:
    if not _exists(conn, "pg_database", "datname", database):
        conn.exec_driver_sql(
            f"CREATE DATABASE {quoted(database)} OWNER {quoted(owner)} "
            "ENCODING 'UTF8' TEMPLATE template0"
        )
        report.created.append("database")
    else:
        conn.exec_driver_sql(f"ALTER DATABASE {quoted(database)} OWNER TO {quoted(owner)}")


def _take_over(conn: Connection, owner: str, app: str) -> bool:
    """Tables, sequences and functions the app's login owns (as an earlier README set it
    up) are given to the owner; true when there were any."""
    owned = conn.execute(
        text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relowner = "
            "(SELECT oid FROM pg_roles WHERE rolname = :app)"
        ),
        {"app": app},
    ).scalar_one()
    if not owned:
        return False
    conn.exec_driver_sql(f"REASSIGN OWNED BY {quoted(app)} TO {quoted(owner)}")
    return True


def _schema(conn: Connection, database: str, owner: str, app: str) -> None:
    for statement in (
        f"ALTER SCHEMA public OWNER TO {quoted(owner)}",
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA public FROM {quoted(app)}",
        f"GRANT USAGE ON SCHEMA public TO {quoted(app)}",
        f"REVOKE ALL ON DATABASE {quoted(database)} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {quoted(database)} TO {quoted(app)}",
    ):
        conn.exec_driver_sql(statement)


def _grant(conn: Connection, app: str) -> int:
    tables = set(
        conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
    )
    unknown = sorted(tables - set(APP_GRANTS))
    if unknown:  # a table this release does not know: grant nothing rather than guess
        raise ServerSetupNeeded("pg_unknown_tables", tables=", ".join(unknown))
    who = quoted(app)
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {who}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, {who}")
    for table in sorted(tables):
        conn.exec_driver_sql(f'GRANT {", ".join(APP_GRANTS[table])} ON "{table}" TO {who}')
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}")
    return len(tables)
