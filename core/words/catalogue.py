"""The one translation catalogue of the core, the documents, the command line and the windows.

Format: gettext ``.po``. The core must not import Qt (the import-linter contract), and the
same catalogue serves the core (error messages, printed documents, the command line) and
the windows; ``.po`` carries a context per entry (``msgctxt``) and plural forms natively,
Python's own ``gettext`` reads them (``pgettext``, ``npgettext``), and translators' tools
(Poedit, Weblate) open the file as it is. Qt Linguist's ``.ts`` would tie the core to Qt.

Korean is the source language: the ``msgid`` is the Korean text as the code writes it, so a
Korean screen needs no catalogue at all. English is ``resources/translations/en.po``.

    tr("접수 완료: {case_no}", case_no=no)       the text in the current language, filled in
    trc("status", "접수")                        one Korean word that is several English words
    trn("{n}건", "{n}건", n)                      "1 case" / "2 cases" (Korean has one form)
    N_("방문"), NC_("status", "접수")              marks a text where it is defined, for later
    translator("en").tr(...)                     an explicit language (documents, services)

Where one Korean word needs different English in different places, the entry has a context
(``msgctxt``): "field" (a field's name inside a sentence), "step" (a step of the procedure
inside a sentence), "status", "closure" (how a case was closed), "follow-up", "timeline",
"access" (why personal data was opened), "document" and "summary" (the printed wording),
"register" (a register file's cells). Everything else is one entry for the whole program,
so one word is translated once.

Loading: the English catalogue loads on its first use. A bundle carries it compiled
(``en.mo``, written by installer/gyeongcheong.spec through ``core.words.build``); a checkout
reads the ``en.mo`` that scripts/setup-venv.sh compiles, or, when that is missing or older
than ``en.po``, the ``.po`` itself with Babel. Measured for the whole catalogue (~830
entries, first English lookup): from the ``.mo`` 4-9 ms; from the ``.po`` 80-100 ms (Babel's
``read_po`` and its import), which is why the bundle ships it compiled.

Extracting the marked texts for translators (the keywords are ``KEYWORDS``):

    pybabel extract -k tr -k N_ -k trc:1c,2 -k NC_:1c,2 -k trn:1,2 --add-comments=Translators: \
        -o messages.pot core gui cli
    pybabel update -i messages.pot -o resources/translations/en.po -l en   (or Poedit)
"""

from __future__ import annotations

import gettext
import io
import sys
from pathlib import Path

from core.resources import resource_path

SOURCE = "ko"
LANGUAGES = ("ko", "en")

# The marking and translating functions, as Babel's extractor reads them (name -> which
# arguments are the context, the text and the plural).
KEYWORDS: dict[str, tuple | None] = {
    "tr": None,
    "N_": None,
    "trc": ((1, "c"), 2),
    "NC_": ((1, "c"), 2),
    "trn": (1, 2),
}
COMMENT_TAGS = ["Translators:"]

_language = SOURCE


class Marked(str):
    """A Korean text marked with its context (``NC_``); ``tr`` uses the context."""

    context: str

    def __new__(cls, context: str, text: str) -> Marked:
        self = super().__new__(cls, text)
        self.context = context
        return self

    def __reduce__(self) -> tuple[type[Marked], tuple[str, str]]:  # pickled and copied whole
        return (Marked, (self.context, str(self)))


def N_(text: str) -> str:  # the gettext convention
    """Marks a text for translation where it is defined; ``tr`` translates it when shown."""
    return text


def NC_(context: str, text: str) -> str:
    """Marks a text with its context; ``tr`` translates it in that context when shown."""
    return Marked(context, text)


def _fill(text: str, values: dict[str, object]) -> str:
    # The text is positional-only in every function, so any name can be a placeholder.
    return text.format(**values) if values else text


class _Korean(gettext.NullTranslations):
    """The source language: the text as written; one form for every count."""

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1


class Translator:
    """The catalogue of one language."""

    def __init__(self, lang: str, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        self._t = translations

    def tr(self, text: str, /, **values: object) -> str:
        """The text in this language, with ``{name}`` placeholders filled in."""
        context = getattr(text, "context", None)
        out = self._t.pgettext(context, text) if context else self._t.gettext(text)
        return _fill(out, values)

    def trc(self, context: str, text: str, /, **values: object) -> str:
        return _fill(self._t.pgettext(context, text), values)

    def trn(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The form for ``n`` ("1 case", "2 cases"); ``{n}`` is filled in too."""
        values.setdefault("n", n)
        return _fill(self._t.ngettext(singular, plural, n), values)


_translators: dict[str, Translator] = {}


def translator(lang: str) -> Translator:
    """The catalogue of ``lang`` ("ko" or "en"; anything else is Korean), loaded once."""
    lang = lang if lang in LANGUAGES else SOURCE
    found = _translators.get(lang)
    if found is None:
        found = _translators[lang] = Translator(lang, _load(lang))
    return found


def _load(lang: str) -> gettext.NullTranslations:
    if lang == SOURCE:
        return _Korean()
    folder = resource_path("translations")
    mo, po = folder / f"{lang}.mo", folder / f"{lang}.po"
    if _compiled_is_current(mo, po):
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    from core.words.build import compile_po  # Babel, only in a checkout

    return gettext.GNUTranslations(io.BytesIO(compile_po(po)))


def _compiled_is_current(mo: Path, po: Path) -> bool:
    if not mo.exists():
        return False
    if getattr(sys, "frozen", False) or not po.exists():
        return True  # a bundle: compiled when it was built
    return mo.stat().st_mtime >= po.stat().st_mtime


def set_language(lang: str) -> None:
    """The language of ``tr``, ``trc`` and ``trn`` from now on: "en", or Korean."""
    global _language
    _language = "en" if lang == "en" else SOURCE


def language() -> str:
    return _language


def tr(text: str, /, **values: object) -> str:
    """The text in the current language, with ``{name}`` placeholders filled in."""
    return translator(_language).tr(text, **values)


def trc(context: str, text: str, /, **values: object) -> str:
    """The text of that context in the current language (one Korean word, several English)."""
    return translator(_language).trc(context, text, **values)


def trn(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form for ``n`` in the current language; ``{n}`` is filled in too."""
    return translator(_language).trn(singular, plural, n, **values)
