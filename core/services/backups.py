"""백업과 복원 as users meet them: the app's automatic copies, a copy to a chosen folder,
and a restore (core.store.backup does the copying and checking).

These run outside a service's transaction on purpose: a backup reads a snapshot while the
counter keeps writing, and a restore replaces the whole database. Permissions are checked
here all the same, and the user's backups and restores are recorded in the audit trail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from core.actor import Actor
from core.db.database import Database
from core.db.models import Case
from core.errors import BackupFailed, DatabaseMissing, plain_failure
from core.paths import private
from core.procedure.permissions import Permission, require
from core.services.backup_passphrase import sealing_passphrase
from core.services.base import Tx, service
from core.services.office import get_settings
from core.store import anchors, audit, backup
from core.store.backup import KEEP_DAILY, KEEP_MONTHLY, KEEP_WEEKLY
from core.views import BackupInfo, OfficeFacts, RestorePreview

# The rotation, for the windows that explain it.
__all__ = ["KEEP_DAILY", "KEEP_MONTHLY", "KEEP_WEEKLY"]

log = logging.getLogger(__name__)


def open_database(
    url: str | None = None,
    *,
    must_exist: bool = False,
    on_phase: Callable[[str], None] | None = None,
    **kwargs: object,
) -> Database:
    """Open the office's data at ``url``, upgrading an older schema only after a copy of it
    was taken.

    A missing (or empty) SQLite file is created only where a new office may begin: never
    with ``must_exist`` (every command but ``init`` and ``demo``), and never for the app's
    own data file once the app has backups of it — then the file was deleted or moved, and
    a new empty one would restart the case numbers at 000001 (``DatabaseMissing``).

    ``on_phase("binding")`` is called before a long step the person should be told of: the
    rows of a register from an earlier release bound to the trail, once (minutes at a
    million cases).
    """
    db = Database(url, **kwargs)  # type: ignore[arg-type]
    path = backup.sqlite_file(db.url)
    if path is not None and (not path.exists() or path.stat().st_size == 0):
        had_backups = url is None and bool(list_backups(db))
        if must_exist or had_backups:
            db.dispose()
            raise DatabaseMissing(
                where=str(path), backups=str(db.backup_dir) if had_backups else ""
            )
    if not db.is_sqlite:
        _check_server_login(db)
    db.upgrade(before=lambda revision: _backup_before_upgrade(db, revision))
    if url is None and path is not None:  # the app's own file: this user's only
        for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if file.exists():
                private(file)
    _bind_rows(db, on_phase)
    return db


def _check_server_login(db: Database) -> None:
    """On PostgreSQL the app runs as the app role that setup-postgres made, on a schema it
    migrated: never as a login that could rewrite the records, and it never migrates itself
    (it may not)."""
    from core.db import migrate, roles

    try:
        current = migrate.current_revision(db.engine)
        if current is not None and current not in migrate.known_revisions():
            return  # a newer release's data: left to the upgrade, as on SQLite
        roles.check_app_login(db.engine, current=current, head=migrate.head_revision())
    except Exception:
        db.dispose()
        raise


def _bind_rows(db: Database, on_phase: Callable[[str], None] | None = None) -> None:
    """A register from before rows were bound to the trail is bound when it is opened,
    not at the first save (a big one takes a while). Data that cannot be written (an
    archive on read-only media) is opened as it is: its check says it is not bound."""
    with db.unit_of_work(write=False) as look:
        assert look.session is not None
        if audit.rows_bound(look.session):
            return
        has_cases = look.session.scalar(select(Case.id).limit(1)) is not None
    if on_phase is not None and has_cases:
        on_phase("binding")
    try:
        with db.unit_of_work() as uow:
            assert uow.session is not None
            if audit.bind_rows_once(uow.session, db.clock()):
                uow.commit()
    except OperationalError as exc:
        failure = plain_failure(exc)
        if failure is None or failure.code != "db_readonly":
            raise
        log.warning("the data is read-only: its rows were not bound to the trail")


def _backup_before_upgrade(db: Database, revision: str) -> None:
    """A copy of the data as it was, before a new release changes its schema."""
    _backup_before_upgrade_at(db, db.url, revision)


def _backup_before_upgrade_at(db: Database, url: str, revision: str) -> None:
    try:
        backup.take(url, db.backup_dir, _local(db), label=f"before-upgrade-{revision}")
    except BackupFailed as exc:
        if db.is_sqlite or exc.code != "pg_dump_missing":
            raise  # no migration without a copy to go back to
        # A shared server without the client tools on this PC: the server's own backups
        # stand behind it, and the office cannot wait for a tool to be installed.
        log.warning("schema upgrade on PostgreSQL without a backup: pg_dump not installed")


def _local(db: Database) -> datetime:
    """This computer's local time, which names the files a person will look for."""
    return db.clock().astimezone().replace(tzinfo=None)


@service(None)
def _record(tx: Tx, action: str, changes: dict[str, object]) -> None:
    tx.audit(action, "backup", None, changes=changes)


@service(Permission.BACKUP_MAKE)
def _record_backup_access(tx: Tx) -> None:
    # A copy of the whole register, personal data and all, in someone's hands: an access
    # to every customer, recorded before the copy exists (and no copy if it cannot be).
    tx.record_pii_access(None, None, "backup")


def make_backup(
    db: Database, actor: Actor, folder: Path | str, *, passphrase: str | None = None
) -> BackupInfo:
    """A verified copy in ``folder`` (a USB stick, a network drive), kept until deleted;
    the access to every customer's data it is, recorded first. Sealed with the office's
    backup passphrase when it has one and the folder is not the app's own."""
    require(actor.role, Permission.BACKUP_MAKE)
    seal_with = sealing_passphrase(db, folder, passphrase)
    _record_backup_access(db, actor)
    info = backup.take(db.url, Path(folder), _local(db), label="manual", passphrase=seal_with)
    # The file name only: where a person keeps their copies is not the trail's business.
    changes: dict[str, object] = {"file": info.path.name, "cases": info.cases}
    if info.chain_break:
        changes["chain_break"] = info.chain_break
    _record(db, actor, "backup.make", changes)
    return info


def automatic_backup(db: Database, *, force: bool = False) -> BackupInfo | None:
    """The app's own daily copy (and the one at exit, ``force``), then the rotation.

    Returns None when today's copy already exists and nothing was forced.
    """
    directory = db.backup_dir
    now = _local(db)
    if not force and not backup.due(directory, now):
        return None
    info = backup.take(db.url, directory, now)
    if info.chain_break:
        log.warning("backup taken of data whose chain does not verify: %s", info.chain_break)
    backup.rotate(directory)
    return info


def list_backups(db: Database) -> list[BackupInfo]:
    """The backups in the app's folder, newest first, without opening them."""
    found = []
    for path in Path(db.backup_dir).glob(f"{backup.STEM}-*"):
        parsed = backup.parse_name(path)
        if parsed is None or not path.is_file():
            continue
        found.append(BackupInfo(path, parsed[0], path.stat().st_size, 0, 0, 0, parsed[1]))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def restore_preview(
    db: Database, actor: Actor, file: Path | str, *, passphrase: str | None = None
) -> RestorePreview | None:
    """The backup ``file`` beside the data it would replace, for the question before a
    restore: whose office, how many cases, and whether this release can read it (a sealed
    one with the ``passphrase`` it was sealed with). None for a PostgreSQL dump, whose
    contents are read only by restoring it."""
    require(actor.role, Permission.BACKUP_RESTORE)
    theirs = _backup_facts(db, file, passphrase)
    if theirs is None:
        return None
    from core.db import migrate  # Alembic loads only for a restore (start-up time)

    settings = get_settings(db, Actor.system())
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        cases = uow.session.scalar(select(func.count()).select_from(Case)) or 0
    ours = OfficeFacts(
        settings.office_name, settings.case_prefix, cases, migrate.current_revision(db.engine)
    )
    return RestorePreview(
        backup=theirs,
        current=ours,
        newer=_made_by_newer_release(theirs),
        other_office=(theirs.office_name, theirs.case_prefix)
        != (ours.office_name, ours.case_prefix),
    )


def _backup_facts(
    db: Database, file: Path | str, passphrase: str | None = None
) -> OfficeFacts | None:
    """Whose data a SQLite backup holds (a sealed one read with ``passphrase``); None for
    a PostgreSQL dump."""
    path = Path(file)
    if not path.is_file():
        raise BackupFailed("restore_missing")
    if backup.sqlite_file(db.url) is None:
        return None
    return backup.read_facts(path, passphrase)


def _made_by_newer_release(facts: OfficeFacts) -> bool:
    from core.db import migrate

    return facts.revision not in migrate.known_revisions()


def restore_backup(
    db: Database,
    actor: Actor,
    file: Path | str,
    *,
    admin_url: str | None = None,
    passphrase: str | None = None,
) -> BackupInfo:
    """Replace the database with the backup ``file``; returns the safety copy taken first.

    A backup a newer release made is refused before anything is replaced (this release
    could not open the data afterwards). Afterwards the schema is brought up to date (a
    backup from an earlier release) and the restore is recorded in the restored database's
    own trail. Every window must reload: the app restarts after this.

    On PostgreSQL the tables belong to the owner role, not to the app's login: the server's
    administrator (``admin_url``, a superuser) replaces them and grants the app role again.
    """
    require(actor.role, Permission.BACKUP_RESTORE)
    if not db.is_sqlite and not admin_url:
        raise BackupFailed("restore_needs_admin")
    theirs = _backup_facts(db, file, passphrase)
    if theirs is not None and _made_by_newer_release(theirs):
        raise BackupFailed("restore_newer", revision=theirs.revision or "?")
    if db.is_sqlite:
        db.dispose()  # our pooled connections must not outlive the old database
        safety = backup.restore(
            db.url, Path(file), db.backup_dir, _local(db), passphrase=passphrase
        )
        db.upgrade(before=lambda revision: _backup_before_upgrade(db, revision))
    else:
        assert admin_url is not None
        safety = _restore_on_server(db, Path(file), admin_url)
    _record(db, actor, "backup.restore", {"file": Path(file).name, "safety_copy": safety.path.name})
    _anchor_restored(db, Path(file).name)
    return safety


def _restore_on_server(db: Database, file: Path, admin_url: str) -> BackupInfo:
    from core.db import roles

    with db.engine.connect() as conn:
        app = str(conn.exec_driver_sql("SELECT current_user").scalar_one())
    database = str(db.engine.url.database)
    owner = roles.database_owner(admin_url, database)
    db.dispose()
    safety = backup.restore(
        db.url, file, db.backup_dir, _local(db), admin_url=admin_url, owner=owner
    )
    roles.prepare(
        admin_url,
        database,
        owner,
        app,
        before_upgrade=lambda url, revision: _backup_before_upgrade_at(db, url, revision),
    )
    return safety


def _anchor_restored(db: Database, name: str) -> None:
    """A line in the anchor file saying the data was restored on purpose: the anchors
    before it describe the data replaced, and are not held against the restored data."""
    # The restored copy's chains were verified before it went in, and the restore's own
    # event was chained by the app since: the head rows name where they end.
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        register = anchors.register_of(uow.session)
        trail, access = anchors.heads(uow.session)
    when = _local(db).isoformat(timespec="seconds")
    anchors.record(
        db.backup_dir, anchors.Anchor(when, register, trail, access, backup=name, restored=True)
    )
