"""The office's backup passphrase: every backup that leaves the data folder (a USB stick, a
chosen folder) is sealed with it (core.store.sealed), and a sealed one opens only with it.

Set by an admin. Only its Argon2 hash is kept, to catch a mistyped one before a copy is
sealed with it; the passphrase itself is in no file and no record.
"""

from __future__ import annotations

import json
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from core.db.database import Database
from core.db.models import Setting
from core.errors import BackupFailed
from core.procedure.permissions import Permission
from core.procedure.validation import Checker
from core.services.base import Tx, service
from core.store import sealed

KEY = "backup_passphrase"
MIN_PASSPHRASE = 10

_hasher = PasswordHasher()


@service(Permission.SETTINGS_MANAGE)
def set_backup_passphrase(tx: Tx, passphrase: str) -> None:
    """From now on, backups that leave the data folder are sealed with ``passphrase``."""
    c = Checker()
    if len(passphrase) < MIN_PASSPHRASE:
        c.fail("passphrase", "too_short", min=MIN_PASSPHRASE)
    elif len(passphrase) > 256 or any("\ud800" <= ch <= "\udfff" for ch in passphrase):
        c.fail("passphrase", "too_long", max=256)
    c.done()
    row = tx.session.get(Setting, KEY)
    value = json.dumps(_hasher.hash(passphrase))
    if row is None:
        tx.session.add(Setting(key=KEY, value=value))
    else:
        row.value = value
    # Never the passphrase, nor its hash: that it was set, or changed.
    tx.audit(
        "settings.backup_passphrase", "settings", None, changes={KEY: "changed" if row else "set"}
    )


def _hash(db: Database) -> str | None:
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        row = uow.session.get(Setting, KEY)
        return json.loads(row.value) if row is not None else None


@service(Permission.BACKUP_MAKE, write=False)
def sealing_on(tx: Tx) -> bool:
    """Whether the office seals the backups that leave the data folder (SQLite only)."""
    sqlite = tx.session.get_bind().dialect.name == "sqlite"
    return sqlite and tx.session.get(Setting, KEY) is not None


def _seals(db: Database, folder: Path | str, hashed: str | None) -> bool:
    if not db.is_sqlite or hashed is None:
        return False
    return Path(folder).resolve() != Path(db.backup_dir).resolve()


def seals(db: Database, folder: Path | str) -> bool:
    """Whether a backup into ``folder`` is sealed: the office has a passphrase, the data
    is SQLite, and the folder is not the app's own backup folder."""
    return _seals(db, folder, _hash(db))


def sealing_passphrase(db: Database, folder: Path | str, passphrase: str | None) -> str | None:
    """What a backup into ``folder`` is sealed with: the passphrase given, checked against
    the office's (``BackupFailed`` if missing or wrong); None when it is not sealed."""
    hashed = _hash(db)
    return _check_passphrase(hashed, passphrase) if _seals(db, folder, hashed) else None


def _check_passphrase(hashed: str | None, passphrase: str | None) -> str:
    """The passphrase, if it is the office's (``hashed``); raises ``BackupFailed``
    otherwise."""
    if not passphrase:
        raise BackupFailed("backup_passphrase_needed")
    try:
        if hashed is not None and _hasher.verify(hashed, passphrase):
            return passphrase
    except (VerifyMismatchError, InvalidHashError):
        pass
    raise BackupFailed("backup_passphrase")


def is_sealed(file: Path | str) -> bool:
    """Whether the backup ``file`` is sealed (a restore asks for the passphrase)."""
    return sealed.is_sealed(Path(file))
