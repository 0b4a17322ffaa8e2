"""The office's records as a whole: backups and a restore, the retention purge, the kept
summary figures, and importing a register.

Backups, restores and imports are plain doors, outside the service frame: what they change is
said here. An import writes more cases than are worth naming (``WHOLE_REGISTER``); so does a
restore, after which the app closes. A backup changes no case.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core import services as sv
from core.actor import Actor
from core.db.database import Database
from core.services.base import WHOLE_REGISTER, Outcome
from core.services.register_files import Mapping
from core.views import BackupInfo
from gui.desk.operations import Desk, Done, Failed


def make_backup(
    desk: Desk,
    *,
    folder: Path | str,
    passphrase: str | None = None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """A verified copy in ``folder`` (sealed with ``passphrase`` when the office seals
    copies leaving the data folder); ``on_done`` gets its ``BackupInfo``."""
    desk.run(sv.make_backup, folder, passphrase=passphrase, on_done=on_done, on_error=on_error)


def restore_backup(
    desk: Desk,
    *,
    path: Path | str,
    passphrase: str | None = None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """Replace the data with a backup (a sealed one opened with ``passphrase``);
    ``on_done`` gets the safety copy taken first."""

    def job(db: Database, actor: Actor) -> Outcome[BackupInfo]:
        return Outcome(sv.restore_backup(db, actor, path, passphrase=passphrase), WHOLE_REGISTER)

    desk.submit(job, name="restore_backup", on_done=on_done, on_error=on_error)


def purge_expired_personal_data(
    desk: Desk,
    *,
    customers: int,
    cases: int,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """Destroy what the supervisor approved: ``customers`` and ``cases`` as counted on the
    screen, or nothing (``RetentionChanged``) when the count changed meanwhile."""
    desk.run(
        sv.purge_expired_personal_data,
        expected=customers,
        expected_cases=cases,
        on_done=on_done,
        on_error=on_error,
    )


def keep_summary_figures(desk: Desk, *, on_error: Failed = None) -> None:
    """Bring the kept monthly figures up to date (no case changes)."""
    desk.run(sv.keep_summary_figures, on_error=on_error)


def import_register(
    desk: Desk,
    *,
    path: Path | str,
    mapping: Mapping | None,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """Import a register file (or try it: ``dry_run`` writes nothing); ``on_done`` gets the
    ``ImportReport``. ``progress(done, total)`` is called from the database thread."""

    def job(db: Database, actor: Actor) -> Outcome[sv.ImportReport]:
        report = sv.import_register(db, actor, path, mapping, dry_run=dry_run, progress=progress)
        return Outcome(report) if dry_run else Outcome(report, WHOLE_REGISTER)

    desk.submit(job, name="import_register", on_done=on_done, on_error=on_error)
