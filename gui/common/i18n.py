"""Every visible string goes through ``tr``: the windows' names for the one catalogue of
core.words.catalogue (Korean is the source language, English is resources/translations/en.po).
Qt's own dialogs use Qt's ``qtbase_*.qm``, and ``QLocale`` follows the language so Qt's
number and date formats do too.

tests/gui/test_translations.py extracts every marked string of core, gui and cli and fails
when one has no English, or when a Korean literal bypasses the catalogue.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from core.words import catalogue
from core.words.catalogue import N_, NC_, language, tr, trc, trn

__all__ = [
    "NC_",
    "N_",
    "install_qt_translations",
    "language",
    "set_language",
    "tr",
    "trc",
    "trn",
]


def qt_locale(lang: str) -> QLocale:
    if lang == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)


def set_language(lang: str) -> None:
    """The language of every window from now on ("en", or Korean), Qt's locale with it."""
    catalogue.set_language(lang)
    QLocale.setDefault(qt_locale(language()))


_qt_translators: list[QTranslator] = []


def install_qt_translations(app: QApplication) -> None:
    """Qt's own buttons (OK, Cancel, the print dialog) in the same language."""
    for t in _qt_translators:
        app.removeTranslator(t)
    _qt_translators.clear()
    QLocale.setDefault(qt_locale(language()))
    if language() == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Korean), "qtbase", "_", folder):
        app.installTranslator(translator)
        _qt_translators.append(translator)
