"""Backups sealed with a passphrase (SQLCipher): what leaves the data folder on a USB stick
is unreadable without the office's backup passphrase.

A sealed copy is made from a verified plain copy in this user's own folder, never written
plain where it is going; it is opened again with the passphrase before it counts. To read
one (a restore, its preview) it is unsealed into a plain file in this user's own folder,
removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from core.errors import BackupFailed
from core.paths import data_dir, private, private_dir

PLAIN_HEADER = b"SQLite format 3\x00"
SUFFIX = "sqlite3.enc"


def is_sealed(path: Path) -> bool:
    """A file that is not a plain SQLite database (it may still be no database at all:
    the passphrase tells)."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(PLAIN_HEADER))
    except OSError:
        return False
    return len(head) == len(PLAIN_HEADER) and head != PLAIN_HEADER


def _cipher() -> Any:
    try:
        import sqlcipher3  # loaded only for a sealed copy
    except ImportError as exc:  # a build without it
        raise BackupFailed("sealing_missing") from exc
    return sqlcipher3


def open_sealed(path: Path, passphrase: str) -> Any:
    conn = _cipher().connect(str(path))
    with contextlib.suppress(Exception):  # older SQLCipher: no such setting
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong passphrase is said by us
    conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except Exception as exc:  # sqlcipher3.DatabaseError: wrong passphrase, or not ours
        conn.close()
        raise BackupFailed("backup_passphrase") from exc
    return conn


def seal(plain: Path, sealed: Path, passphrase: str) -> None:
    """Write ``plain`` (a verified copy) encrypted with ``passphrase`` as ``sealed`` and
    read it back: page by page intact, and the same cases."""
    if not passphrase:
        raise BackupFailed("backup_passphrase")
    cipher = _cipher()
    try:
        with closing(cipher.connect(str(plain))) as conn:
            conn.execute("ATTACH DATABASE ? AS sealed KEY ?", (str(sealed), passphrase))
            conn.execute("SELECT sqlcipher_export('sealed')")
            conn.execute("DETACH DATABASE sealed")
            cases = conn.execute("SELECT count(*) FROM cases").fetchone()
        private(sealed)
        with closing(open_sealed(sealed, passphrase)) as check:
            if check.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                raise BackupFailed("backup_corrupt")
            if check.execute("SELECT count(*) FROM cases").fetchone() != cases:
                raise BackupFailed("backup_corrupt")
    except cipher.Error as exc:
        raise BackupFailed("backup_write", reason=type(exc).__name__) from exc


@contextmanager
def unsealed(sealed: Path, passphrase: str | None) -> Iterator[Path]:
    """A plain copy of the sealed backup in this user's own folder, for as long as the
    block runs; a wrong or missing passphrase raises ``BackupFailed("backup_passphrase")``."""
    if not passphrase:
        raise BackupFailed("backup_passphrase_needed")
    plain = scratch() / f"unsealed-{uuid.uuid4().hex}.sqlite3"
    cipher = _cipher()
    try:
        try:
            with closing(open_sealed(sealed, passphrase)) as conn:
                conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
                conn.execute("SELECT sqlcipher_export('plain')")
                conn.execute("DETACH DATABASE plain")
        except cipher.Error as exc:  # SQLCipher's own errors: not sqlite3's
            raise BackupFailed("backup_not_database") from exc
        private(plain)
        # What the caller's block raises is its own (a restore's write, a verify's check).
        yield plain
    finally:
        with contextlib.suppress(OSError):
            os.unlink(plain)


def scratch() -> Path:
    """Where plain copies wait while a sealed one is made or read: this user's only."""
    return private_dir(data_dir() / "scratch")
