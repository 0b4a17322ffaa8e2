"""The register's words both ways: the channel, status, closure, compensation and nature words a
register may hold (our value, its Korean or English label, spaced or not) read back to our
values on import, and our values written as the words of the chosen language on export.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cached_property

from core.db.models import Case
from core.procedure.enums import Closure
from core.words.catalogue import translator
from core.words.vocab import both, word


class _Words(Mapping[str, str]):
    """A vocabulary's words (our value, Korean, English) -> our value; built on first use,
    since the English words load the catalogue."""

    def __init__(self, table: str) -> None:
        self._table = table

    @cached_property
    def _words(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for value, (ko, en) in both(self._table).items():
            for text in (value, ko, en):
                out[word_key(text)] = value
        return out

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


def word_key(word: str) -> str:
    """A word as it is looked up: without spaces or middle dots, case folded."""
    return re.sub(r"[\s·]+", "", word).casefold()


CHANNEL_WORDS = _Words("channel")
STATUS_WORDS = _Words("status")
CLOSURE_WORDS = _Words("closure")
COMP_WORDS = _Words("comp")
NATURE_WORDS = _Words("nature")


def channel_word(value: str, lang: str) -> str:
    return word("channel", value, lang)


def nature_word(value: str, lang: str) -> str:
    return word("nature", value, lang)


def status_word(case: Case, lang: str) -> str:
    if case.closure in (Closure.INVALID.value, Closure.WITHDRAWN.value):
        return word("closure", case.closure, lang)
    return word("status", case.status, lang)


def comp_word(kind: str, amount: int, lang: str) -> str:
    """``환불 30,000원`` / ``Refund 30,000 KRW``: the amount after the word, as the import
    reads it back."""
    name = word("comp", kind, lang)
    if not amount:
        return name
    return translator(lang).trc("register", "{kind} {amount}원", kind=name, amount=f"{amount:,}")
