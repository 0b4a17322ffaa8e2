"""Backups that can be trusted: taken while the app runs, verified, rotated; and restore.

SQLite: the online backup API copies a consistent snapshot of the database (WAL included)
while other connections keep reading and writing. A copy counts only once it is checked on
the copy itself: ``PRAGMA integrity_check`` and both tamper-evident chains (the audit trail
and the personal-data access records). Until then it is a ``.part`` file, so a power cut
mid-backup never leaves something that looks like a backup.

PostgreSQL: ``pg_dump`` in its custom format when it is installed, checked by reading its
table of contents back with ``pg_restore --list``; the chains are verified on the server.

Automatic backups keep 7 daily, 4 weekly and 12 monthly copies (the newest of each day, ISO
week and month); a backup to a chosen folder (a USB stick) and the safety copies taken before
a restore or a schema upgrade are never rotated away.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from core.errors import BackupFailed
from core.paths import private
from core.store import access_log, anchors, audit, sealed
from core.store.audit import ChainReport
from core.views import BackupInfo, OfficeFacts

log = logging.getLogger(__name__)

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
# Safety copies taken before an upgrade or a restore: the newest of each kind are kept.
KEEP_SAFETY = 5
SAFETY_KINDS = ("before-upgrade", "before-restore")
STEM = "gyeongcheong"
_NAME = re.compile(rf"^{STEM}-(\d{{8}}-\d{{6}})(?:-([a-z0-9-]+))?\.(sqlite3|dump|sqlite3\.enc)$")


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL (or an in-memory database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    # A URI filename (``sqlite:///file:desk.sqlite3?mode=ro&uri=true``) names the same file.
    return Path(parsed.database.removeprefix("file:"))


def file_name(taken_at: datetime, label: str, suffix: str) -> str:
    tail = f"-{label}" if label else ""
    return f"{STEM}-{taken_at:%Y%m%d-%H%M%S}{tail}.{suffix}"


def parse_name(path: Path) -> tuple[datetime, str] | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S"), match.group(2) or ""


def take(
    url: str,
    dest_dir: Path,
    taken_at: datetime,
    *,
    label: str = "",
    passphrase: str | None = None,
) -> BackupInfo:
    """Copy the database at ``url`` into ``dest_dir`` and verify the copy.

    ``taken_at`` is the local time that names the file. Raises ``BackupFailed`` and leaves
    nothing behind when the copy cannot be made or does not verify. With ``passphrase`` a
    SQLite copy is sealed (core.store.sealed); a PostgreSQL dump is not.
    """
    dest_dir = Path(dest_dir)
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupFailed("backup_folder", reason=type(exc).__name__) from exc
    source = sqlite_file(url)
    if source is not None:
        return _take_sqlite(source, dest_dir, taken_at, label, passphrase)
    if make_url(url).get_backend_name() == "postgresql":
        return _take_pg(url, dest_dir, taken_at, label)
    raise BackupFailed("backup_unsupported")


def _unique(dest_dir: Path, taken_at: datetime, label: str, suffix: str) -> Path:
    """The file to write. Two automatic copies in one second are one copy (the newer
    replaces the older once verified); a second labelled one gets a number."""
    path = dest_dir / file_name(taken_at, label, suffix)
    n = 1
    while label and path.exists():
        n += 1
        path = dest_dir / file_name(taken_at, f"{label}-{n}", suffix)
    return path


def _take_sqlite(
    source: Path, dest_dir: Path, taken_at: datetime, label: str, passphrase: str | None
) -> BackupInfo:
    if not source.exists():
        raise BackupFailed("backup_source_missing")
    final = _unique(dest_dir, taken_at, label, sealed.SUFFIX if passphrase else "sqlite3")
    if passphrase:  # the plain copy stays in this user's own folder, sealed on its way out
        part = sealed.scratch() / (final.name + ".part")
        clear_leftovers(part.parent, taken_at)
    else:
        part = final.with_name(final.name + ".part")
    clear_leftovers(dest_dir, taken_at)
    try:
        with (
            closing(sqlite3.connect(source, timeout=30)) as src,
            closing(sqlite3.connect(part)) as dst,
        ):
            private(part)  # the customers' data: this user's only, where the disk can say so
            src.backup(dst)  # one step: a consistent snapshot; writers go on (WAL)
            # The copy stands alone: no -wal file beside it on a USB stick.
            dst.execute("PRAGMA journal_mode=DELETE")
        _fsync(part)
        checked = verify_file(part, chain_break_ok=True)
        if passphrase:
            out = final.with_name(final.name + ".part")
            try:
                sealed.seal(part, out, passphrase)
                _fsync(out)
                os.replace(out, final)
            finally:
                out.unlink(missing_ok=True)
                part.unlink(missing_ok=True)
        else:
            os.replace(part, final)
        _fsync_dir(dest_dir)
        if checked.chains is not None:
            _anchor(dest_dir, *checked.chains, taken_at, final)
    except BackupFailed:
        part.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        raise BackupFailed("backup_write", reason=type(exc).__name__) from exc
    return BackupInfo(
        final,
        taken_at,
        final.stat().st_size,
        checked.cases,
        checked.audit_events,
        checked.access_records,
        label=label,
        chain_break=checked.chain_break,
    )


class Verified(NamedTuple):
    """What a backup holds, as checked: cases, audit events and access records verified,
    and where a chain stops verifying (``"audit:100"``; "" when both are intact)."""

    cases: int
    audit_events: int
    access_records: int
    chain_break: str = ""
    # The two chains as checked (the audit trail's, and the access records' if it has them).
    chains: tuple[ChainReport, ChainReport | None] | None = None


def verify_file(
    path: Path, *, chain_break_ok: bool = False, passphrase: str | None = None
) -> Verified:
    """Check a SQLite backup (a sealed one with its ``passphrase``); return what it holds.

    Raises ``BackupFailed`` unless it is one of our databases and passes
    ``integrity_check``. A chain that does not verify is refused too, unless
    ``chain_break_ok``: a new backup of data whose trail was damaged is still a faithful copy
    (refusing it would leave the office without any), and says where the break is.
    """
    if sealed.is_sealed(path):
        with sealed.unsealed(path, passphrase) as plain:
            return verify_file(plain, chain_break_ok=chain_break_ok)
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as exc:  # not a database at all
        raise BackupFailed("backup_not_database") from exc
    if result != [("ok",)]:
        raise BackupFailed("backup_corrupt", detail=str(result[0][0])[:200])
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if not {"alembic_version", "cases", "audit_events"} <= tables:
            raise BackupFailed("backup_not_ours")
        with Session(engine) as session:
            cases = session.connection().exec_driver_sql("SELECT count(*) FROM cases").scalar()
            trail = audit.verify(session)
            # Backups from before the access chain have none.
            chain = access_log.verify(session) if "pii_access_head" in tables else None
        accesses = chain.checked if chain is not None else 0
        broken = _chain_break(trail, chain)
        if broken and not chain_break_ok:
            which, at = broken.split(":")
            raise BackupFailed("backup_chain", chain=which, at=int(at))
        return Verified(int(cases or 0), trail.checked, accesses, broken, (trail, chain))
    except sqlite3.Error as exc:
        raise BackupFailed("backup_not_database") from exc
    finally:
        engine.dispose()


def _anchor(
    folder: Path, trail: ChainReport, access: ChainReport | None, taken_at: datetime, copy: Path
) -> None:
    """The heads this backup saw, in the anchor file beside it (core.store.anchors). A
    copy whose chains do not verify anchors nothing: it would vouch for the damage."""
    anchor = anchors.of_chains(
        trail, access, taken_at.isoformat(timespec="seconds"), backup=copy.name
    )
    if anchor is None:
        return
    try:
        anchors.record(folder, anchor)
    except OSError as exc:  # the copy is good; only its anchor is missing
        log.warning("the backup's anchor could not be written: %s", type(exc).__name__)


def _chain_break(trail: ChainReport, access: ChainReport | None) -> str:
    """Where the first of the two chains stops verifying (``"audit:100"``), or ""."""
    if not trail.ok:
        return f"audit:{trail.bad_seq}"
    if access is not None and not access.ok:
        return f"access:{access.bad_seq}"
    return ""


def read_facts(path: Path, passphrase: str | None = None) -> OfficeFacts:
    """Whose data the SQLite database at ``path`` holds, read without changing it: the
    office, the case-number prefix, the cases, the schema revision. Quick even at a million
    cases (no chain is walked: ``verify_file`` does that before a restore). A sealed one is
    read with its ``passphrase``."""
    if sealed.is_sealed(path):
        if not passphrase:
            raise BackupFailed("backup_passphrase_needed")
        opened = sealed.open_sealed(path, passphrase)
    else:
        opened = None
    try:
        with closing(opened or sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {
                name
                for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not {"alembic_version", "cases", "settings"} <= tables:
                raise BackupFailed("backup_not_ours")
            settings = dict(
                conn.execute(
                    "SELECT key, value FROM settings WHERE key IN ('office_name', 'case_prefix')"
                ).fetchall()
            )
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    except sqlite3.Error as exc:
        raise BackupFailed("backup_not_database") from exc

    def text(key: str) -> str:
        try:
            value = json.loads(settings.get(key) or '""')
        except ValueError:
            return ""
        return value if isinstance(value, str) else ""

    return OfficeFacts(
        office_name=text("office_name"),
        case_prefix=text("case_prefix"),
        cases=int(cases or 0),
        revision=revision[0] if revision else None,
    )


def restore(
    url: str,
    backup: Path,
    safety_dir: Path,
    taken_at: datetime,
    *,
    admin_url: str | None = None,
    owner: str | None = None,
    passphrase: str | None = None,
) -> BackupInfo:
    """Put ``backup`` in place of the database at ``url``; return the safety copy.

    The backup is verified first and the current database copied to ``safety_dir``, so a
    wrong choice can be undone. The caller upgrades the schema afterwards if it is older.
    On PostgreSQL the tables are replaced by the server's administrator (``admin_url``)
    acting as their ``owner``: the app's own login may not drop them.
    """
    backup = Path(backup)
    if not backup.is_file():
        raise BackupFailed("restore_missing")
    target = sqlite_file(url)
    if target is None:
        if make_url(url).get_backend_name() == "postgresql":
            if admin_url is None or owner is None:
                raise BackupFailed("restore_needs_admin")
            return _restore_pg(url, backup, safety_dir, taken_at, admin_url, owner)
        raise BackupFailed("backup_unsupported")
    if sealed.is_sealed(backup):
        with sealed.unsealed(backup, passphrase) as plain:
            return _restore_sqlite(url, target, plain, safety_dir, taken_at)
    return _restore_sqlite(url, target, backup, safety_dir, taken_at)


def _restore_sqlite(
    url: str, target: Path, backup: Path, safety_dir: Path, taken_at: datetime
) -> BackupInfo:
    verify_file(backup)
    safety = take(url, safety_dir, taken_at, label="before-restore")
    try:
        # Through SQLite itself, page by page into the live file: other connections see the
        # restored database, and the WAL cannot replay old pages over it.
        with (
            closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as src,
            closing(sqlite3.connect(target, timeout=30)) as dst,
        ):
            src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupFailed("restore_write", reason=type(exc).__name__) from exc
    return safety


# -- rotation ---------------------------------------------------------------------------


def automatic(directory: Path) -> list[tuple[datetime, Path]]:
    """The automatic backups in ``directory``, newest first."""
    found = []
    for path in Path(directory).glob(f"{STEM}-*"):
        parsed = parse_name(path)
        if parsed is not None and parsed[1] == "":
            found.append((parsed[0], path))
    found.sort(reverse=True)
    return found


def to_keep(moments: Iterable[datetime]) -> set[datetime]:
    """Grandfather-father-son: the newest of each of the last 7 days, 4 ISO weeks and
    12 months that have a backup."""
    keep: set[datetime] = set()
    ordered = sorted(moments, reverse=True)
    for key, count in (
        (lambda m: m.date(), KEEP_DAILY),
        (lambda m: m.isocalendar()[:2], KEEP_WEEKLY),
        (lambda m: (m.year, m.month), KEEP_MONTHLY),
    ):
        seen: set[object] = set()
        for moment in ordered:
            k = key(moment)
            if k not in seen:
                seen.add(k)
                keep.add(moment)
                if len(seen) == count:
                    break
    return keep


def rotation_ends(
    moments: Iterable[datetime], *, horizon_days: int = 400
) -> dict[datetime, datetime]:
    """When the rotation deletes each automatic copy taken at ``moments``, if the app goes
    on taking one a day after the newest (its habit): the day of the first copy after which
    it is no longer kept. A copy the rotation would keep longer than ``horizon_days`` (more
    than the 12 months kept) is not in the answer."""
    taken = sorted(set(moments))
    if not taken:
        return {}
    left = to_keep(taken)
    # Not kept now: gone with the next copy's rotation.
    ends = {m: taken[-1] + timedelta(days=1) for m in taken if m not in left}
    future = list(taken)
    for day in range(1, horizon_days + 1):
        if not left:
            break
        future.append(taken[-1] + timedelta(days=day))
        kept = to_keep(future)
        for moment in [m for m in left if m not in kept]:
            ends[moment] = future[-1]
            left.discard(moment)
    return ends


def rotate(directory: Path) -> list[Path]:
    """Delete the automatic backups the policy no longer keeps, and the safety copies
    (before an upgrade, before a restore) beyond the newest ``KEEP_SAFETY`` of each kind;
    return what went. Copies made by hand are never deleted."""
    backups = automatic(directory)
    keep = to_keep(m for m, _ in backups)
    removed = []
    for moment, path in backups:
        if moment not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    safety: dict[str, list[tuple[datetime, Path]]] = {}
    for path in Path(directory).glob(f"{STEM}-*"):
        parsed = parse_name(path)
        if parsed is not None and parsed[1].startswith(SAFETY_KINDS):
            kind = next(k for k in SAFETY_KINDS if parsed[1].startswith(k))
            safety.setdefault(kind, []).append((parsed[0], path))
    for copies in safety.values():
        for _moment, path in sorted(copies, reverse=True)[KEEP_SAFETY:]:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def clear_leftovers(directory: Path, now: datetime) -> list[Path]:
    """Half-written copies (``.part``) a crash or a pulled USB stick left behind, older than
    an hour (a copy another counter is writing now is younger): they hold the customers'
    data and are no backup."""
    gone = []
    for path in Path(directory).glob(f"{STEM}-*.part"):
        parsed = parse_name(path.with_name(path.name[: -len(".part")]))
        if parsed is not None and now - parsed[0] > timedelta(hours=1):
            path.unlink(missing_ok=True)
            gone.append(path)
    return gone


def due(directory: Path, now: datetime) -> bool:
    """True when no automatic backup was taken yet on ``now``'s day."""
    return not any(m.date() == now.date() for m, _ in automatic(directory))


# -- PostgreSQL -------------------------------------------------------------------------


def pg_tool(name: str) -> str | None:
    """``pg_dump`` or ``pg_restore`` from PATH, or from a usual server install."""
    found = shutil.which(name)
    if found:
        return found
    for pattern in ("/usr/lib/postgresql/*/bin", "/opt/homebrew/opt/postgresql*/bin"):
        for directory in sorted(glob.glob(pattern), reverse=True):
            candidate = Path(directory) / name
            if candidate.exists():
                return str(candidate)
    return None


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password (which goes in the environment, not the process
    list)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str], code: str) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupFailed(code, reason=type(exc).__name__) from exc
    if done.returncode != 0:
        raise BackupFailed(code, reason=done.stderr.strip()[-300:])


def _take_pg(url: str, dest_dir: Path, taken_at: datetime, label: str) -> BackupInfo:
    dump, restore_tool = pg_tool("pg_dump"), pg_tool("pg_restore")
    if dump is None or restore_tool is None:
        raise BackupFailed("pg_dump_missing")
    engine = create_engine(url, poolclass=NullPool)
    try:
        with Session(engine) as session:
            trail = audit.verify(session)
            chain = access_log.verify(session)
            cases = session.connection().exec_driver_sql("SELECT count(*) FROM cases").scalar()
    finally:
        engine.dispose()
    # A damaged chain is said, not a reason to leave the office without a backup.
    broken = _chain_break(trail, chain)
    final = _unique(dest_dir, taken_at, label, "dump")
    part = final.with_name(final.name + ".part")
    clear_leftovers(dest_dir, taken_at)
    target, env = _libpq(url)
    try:
        _run([dump, "--format=custom", f"--file={part}", f"--dbname={target}"], env, "pg_dump")
        private(part)
        _run([restore_tool, "--list", str(part)], env, "backup_corrupt")
        _fsync(part)
        os.replace(part, final)
    finally:
        part.unlink(missing_ok=True)
    _anchor(dest_dir, trail, chain, taken_at, final)
    return BackupInfo(
        final,
        taken_at,
        final.stat().st_size,
        int(cases or 0),
        trail.checked,
        chain.checked,
        label,
        chain_break=broken,
    )


def _restore_pg(
    url: str, backup: Path, safety_dir: Path, taken_at: datetime, admin_url: str, owner: str
) -> BackupInfo:
    restore_tool = pg_tool("pg_restore")
    if restore_tool is None:
        raise BackupFailed("pg_dump_missing")
    database = make_url(url).database
    target, env = _libpq(make_url(admin_url).set(database=database).render_as_string(False))
    _run([restore_tool, "--list", str(backup)], env, "backup_not_database")
    safety = take(url, safety_dir, taken_at, label="before-restore")
    _run(
        [
            restore_tool,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",  # the app role's grants are given afresh (core.db.roles)
            f"--role={owner}",
            f"--dbname={target}",
            str(backup),
        ],
        env,
        "restore_write",
    )
    return safety


# -- durability -------------------------------------------------------------------------


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory; NTFS journals the rename
        return
    _fsync(directory)
