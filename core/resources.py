"""The one way to find bundled resources (fonts, translations, icons), from a checkout or
from a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def _root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller in a frozen app
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    path = _root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {'/'.join(parts)}")
    return path


def font_path(bold: bool = False) -> Path:
    return resource_path("fonts", "NanumGothicBold.ttf" if bold else "NanumGothic.ttf")
