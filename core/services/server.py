"""Setting up a shared PostgreSQL server for the office (``main.py setup-postgres``): the
owner role, the app's login and the database, migrated and granted (core.db.roles).

Run by the server's administrator with a superuser's login, before the counter PCs first
connect and again after a release that changes the schema; a schema with data in it is
backed up (pg_dump) into this PC's backup folder before it is migrated.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from core.db import roles
from core.db.roles import DEFAULT_OWNER, SetupReport
from core.paths import backups_dir
from core.store import backup

__all__ = ["DEFAULT_OWNER", "SetupReport", "needs_app_password", "set_up_server"]


def needs_app_password(admin_url: str, app_url: str) -> bool:
    """Whether a password must be asked for: the app's login is not there yet, and
    ``app_url`` holds none."""
    from sqlalchemy.engine import make_url

    given = make_url(app_url)
    return not given.password and not roles.role_exists(admin_url, given.username or "")


def set_up_server(
    admin_url: str,
    app_url: str,
    *,
    owner: str = DEFAULT_OWNER,
    app_password: str | None = None,
    backup_dir: Path | None = None,
) -> SetupReport:
    folder = backup_dir if backup_dir is not None else backups_dir()

    def before_upgrade(url: str, revision: str) -> None:
        # No migration without a copy to go back to: here, on the administrator's PC, a
        # missing pg_dump stops the setup (it is installed with the server's own tools).
        taken_at = datetime.now().replace(microsecond=0)
        backup.take(url, folder, taken_at, label=f"before-upgrade-{revision}")

    return roles.set_up(
        admin_url, app_url, owner=owner, app_password=app_password, before_upgrade=before_upgrade
    )
