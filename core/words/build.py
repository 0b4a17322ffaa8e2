"""Compiles the translation catalogues (``.po`` -> ``.mo``) with Babel.

The bundle's build (installer/gyeongcheong.spec) and scripts/setup-venv.sh run it; the
compiled files are never committed. ``python -m core.words.build`` compiles every catalogue
in resources/translations beside its ``.po``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from core.resources import resource_path


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of one ``.po`` (fuzzy entries left out, as gettext does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f, locale=po.stem)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_catalogues(out_dir: Path | None = None) -> list[Path]:
    """Writes ``<lang>.mo`` for every ``<lang>.po`` into ``out_dir`` (default: beside it)."""
    written = []
    for po in sorted(resource_path("translations").glob("*.po")):
        target = (out_dir or po.parent) / f"{po.stem}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compile_po(po))
        written.append(target)
    return written


if __name__ == "__main__":
    for path in compile_catalogues(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(path)
