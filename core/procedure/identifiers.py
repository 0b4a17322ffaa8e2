"""Identifying numbers that must not be kept in what people write: a customer reads out a
주민등록번호 or a card number, and the clerk types it into the description.

They are masked where text enters the app (``Checker.text``, the register import), before
anything is stored or indexed: a 주민등록번호 keeps the birth date and the digit that says
the century and sex (as Korean forms show it, 900101-1******), a driving licence its region
and year, a passport its letter, a card its last four digits. What was masked is said, so
the window can tell the clerk. The rules are plain patterns, one per kind; a number that
only looks like one (an order number of 13 digits starting with a date) is masked too:
losing it costs less than keeping a real one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_BIRTH = r"(?<![0-9])(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
_RRN = re.compile(
    _BIRTH + r"[ \t]?[-‐‑–—][ \t]?([1-8])(\d{6})(?![0-9])|" + _BIRTH + r"([1-8])(\d{6})(?![0-9])"
)
_HANGUL = r"\uac00-\ud7a3"
_LICENCE = re.compile(
    rf"(?<![0-9{_HANGUL}])(\d{{2}}|[{_HANGUL}]{{2}})([ -])(\d{{2}})-(\d{{6}})-(\d{{2}})(?![0-9])"
)
_PASSPORT = re.compile(r"(?<![A-Za-z0-9])([MSRODG])(\d{8}|\d{3}[A-Z]\d{4})(?![A-Za-z0-9])")
_CARD = re.compile(r"(?<![0-9])(\d{4})([ -]?)(\d{4})\2(\d{4})\2(\d{4})(?![0-9])")


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _rrn(m: re.Match[str]) -> str | None:
    if m.group(1) is not None:
        yy, mm, dd, sex = m.group(1, 2, 3, 4)
    else:
        yy, mm, dd, sex = m.group(6, 7, 8, 9)
    return f"{yy}{mm}{dd}-{sex}******"


def _licence(m: re.Match[str]) -> str | None:
    return f"{m.group(1)}{m.group(2)}{m.group(3)}-******-**"


def _passport(m: re.Match[str]) -> str | None:
    return f"{m.group(1)}********"


def _card(m: re.Match[str]) -> str | None:
    digits = "".join(m.group(1, 3, 4, 5))
    if not _luhn(digits):
        return None  # sixteen digits that are no card number: leave them
    sep = m.group(2) or "-"
    return sep.join(("****", "****", "****", m.group(5)))


# Kind, pattern, what stands in its place (None: not one after all). In this order: a
# 13-digit 주민등록번호 is looked for before a card's 16.
RULES: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], str | None]], ...] = (
    ("rrn", _RRN, _rrn),
    ("driver_licence", _LICENCE, _licence),
    ("passport", _PASSPORT, _passport),
    ("card", _CARD, _card),
)


@dataclass(frozen=True)
class Masked:
    text: str
    kinds: tuple[str, ...]  # what was masked, each kind once, in RULES order


def mask(text: str) -> Masked:
    """``text`` with every identifying number masked, and the kinds found."""
    found: list[str] = []
    for kind, pattern, replace in RULES:
        text = pattern.sub(_swapper(kind, replace, found), text)
    return Masked(text, tuple(k for k, _, _ in RULES if k in found))


def _swapper(
    kind: str, replace: Callable[[re.Match[str]], str | None], found: list[str]
) -> Callable[[re.Match[str]], str]:
    def swap(m: re.Match[str]) -> str:
        masked = replace(m)
        if masked is None:
            return m.group(0)
        if kind not in found:
            found.append(kind)
        return masked

    return swap
