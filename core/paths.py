"""Where this PC keeps the office's data, backups and logs (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Gyeongcheong"
# Points the whole app (database, drafts, backups, logs) at another folder: for tests and the
# bundle's smoke test, which must not touch a real office's data.
DATA_DIR_ENV = "GYEONGCHEONG_DATA_DIR"


def private_dir(path: Path) -> Path:
    """``path`` created if need be, readable by this user only on Linux and macOS (it holds
    customers' personal data; Windows keeps a user's profile folders private already)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    private(path, 0o700)
    return path


def private(path: Path, mode: int = 0o600) -> None:
    """Make a file or folder of ours this user's only, where the file system can say so
    (a USB stick's FAT cannot, and that is no error)."""
    if os.name != "posix":
        return
    try:
        if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)
    except OSError:
        pass


def data_dir() -> Path:
    """The user data directory (platformdirs), created on first use, this user's only."""
    override = os.environ.get(DATA_DIR_ENV)
    return private_dir(Path(override or platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def logs_dir() -> Path:
    """Where ``desk.log`` and its rotated copies go: ``<data dir>/logs``."""
    return data_dir() / "logs"


def backups_dir() -> Path:
    """Where the automatic backups go: beside the data, rotated (core.store.backup)."""
    return private_dir(data_dir() / "backups")
