"""Every visible string goes through ``tr``. Korean is the source language; English comes
from ``resources/translations/en.json``. Qt's own dialogs use Qt's ``qtbase_*.qm``.

A test scans the GUI for ``tr("...")`` and fails when a string has no English, so an English
screen never shows a stray Korean word.
"""

from __future__ import annotations

import json
from functools import cache

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from core.resources import resource_path

_lang = "ko"


def set_language(lang: str) -> None:
    global _lang
    _lang = "en" if lang == "en" else "ko"


def language() -> str:
    return _lang


@cache
def _catalogue() -> dict[str, str]:
    path = resource_path("translations", "en.json")
    return json.loads(path.read_text(encoding="utf-8"))


def N_(text: str) -> str:  # the gettext convention
    """Marks a string for translation where it is defined; ``tr`` translates it when shown."""
    return text


def tr(text: str, **values: object) -> str:
    """The text in the current language, with ``{name}`` placeholders filled in."""
    out = _catalogue().get(text, text) if _lang == "en" else text
    return out.format(**values) if values else out


_qt_translators: list[QTranslator] = []


def install_qt_translations(app: QApplication) -> None:
    """Qt's own buttons (OK, Cancel, the print dialog) in the same language."""
    for t in _qt_translators:
        app.removeTranslator(t)
    _qt_translators.clear()
    if _lang == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Korean), "qtbase", "_", folder):
        app.installTranslator(translator)
        _qt_translators.append(translator)
