"""Where this PC keeps the office's data, backups and logs (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Gyeongcheong"
# Points the whole app (database, drafts, backups, logs) at another folder: for tests and the
# bundle's smoke test, which must not touch a real office's data.
DATA_DIR_ENV = "GYEONGCHEONG_DATA_DIR"


def data_dir() -> Path:
    """The user data directory (platformdirs), created on first use."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override or platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    """Where ``desk.log`` and its rotated copies go: ``<data dir>/logs``."""
    return data_dir() / "logs"


def backups_dir() -> Path:
    """Where the automatic backups go: beside the data, rotated (core.store.backup)."""
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
