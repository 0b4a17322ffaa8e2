"""The app's version, one number everywhere: ``[project] version`` in ``pyproject.toml``.

In a checkout that file is read directly (so a changed version shows without reinstalling);
in a PyInstaller bundle the spec writes it to ``VERSION`` beside the bundled resources; an
installed package answers through its metadata.
"""

from __future__ import annotations

import sys
import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

DIST_NAME = "gyeongcheong"
UNKNOWN = "0+unknown"


def _from_bundle() -> str | None:
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller in a frozen app
    if not bundle:
        return None
    try:
        return (Path(bundle) / "VERSION").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _from_pyproject() -> str | None:
    path = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        with path.open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def _from_metadata() -> str | None:
    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        return None


@cache
def version() -> str:
    return _from_bundle() or _from_pyproject() or _from_metadata() or UNKNOWN
