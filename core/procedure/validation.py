"""Cleaning and checking what people type. Problems are collected, never half-saved."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from core.errors import FieldProblem, ValidationFailed
from core.procedure import identifiers
from core.procedure.limits import MAX_AMOUNT, MAX_LEN, SHORT_TEXT

E = TypeVar("E", bound=StrEnum)

# Control characters (except tab and newline; C1 too, such as \x9b, a terminal's escape) and
# bidi overrides make text lie about itself on screen and in print; they never belong in a
# complaint. Lone surrogates (half of a UTF-16 pair, from a broken paste) cannot be stored at
# all: no database encodes them.
_STRIP = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_text(value: str | None) -> str:
    """NFC (macOS gives decomposed Hangul), no control characters, trimmed, CRLF -> LF."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return _STRIP.sub("", text).strip()


def phone_digits(phone: str | None) -> str:
    """The digits of a Korean phone number as dialled at home: ``+82 2-123-4567`` and
    ``+82 (0)10-1234-5678`` become ``021234567`` and ``01012345678``."""
    # NFKC: a Korean IME may type full-width digits (０１０); they are the same number.
    digits = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", clean_text(phone)))
    # No number dialled at home starts with 82: with 10+ digits it is the country code
    # (+82 2-..., +82 10-...), and the trunk 0 comes back unless it was typed as well.
    if digits.startswith("82") and len(digits) >= 10:
        digits = digits[2:] if digits[2] == "0" else "0" + digits[2:]
    return digits


def phone_last4(digits: str | None) -> int | None:
    """The last four digits as a number (0-9999): what customers say when asked
    ("끝번호 5678"), kept in an indexed column for the repeat-customer look-up."""
    return int(digits[-4:]) if digits and len(digits) >= 4 and digits[-4:].isdigit() else None


def is_phone_length(digits: str) -> bool:
    """8-11 digits (1588-1234, 02-123-4567, 010-1234-5678), or 12 for a 050X 안심번호
    (0504-1234-5678, the number a delivery or a booking site hands out)."""
    return 8 <= len(digits) <= 11 or (len(digits) == 12 and digits.startswith("050"))


def format_phone(digits: str) -> str:
    """010-1234-5678, 02-123-4567, 031-123-4567, 0504-1234-5678: as Koreans write numbers."""
    if digits.startswith("02") and len(digits) in (9, 10):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    if digits.startswith("050") and len(digits) in (11, 12):  # 050X: a four-digit prefix
        return f"{digits[:4]}-{digits[4:-4]}-{digits[-4:]}"
    if len(digits) in (10, 11):
        return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
    if len(digits) == 8:  # 1588-1234 and the like
        return f"{digits[:4]}-{digits[4:]}"
    return digits


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    digits = phone_digits(phone)
    return format_phone(digits[:-4] + "****") if len(digits) >= 8 else "****"


def mask_email(email: str | None) -> str:
    if not email or "@" not in email:
        return ""
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_name(name: str | None) -> str:
    """홍길동 -> 홍*동; 김철 -> 김*; Latin names keep their first letter."""
    if not name:
        return ""
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


class Checker:
    """Collects field problems; ``done()`` raises them all at once."""

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []
        # The fields whose identifying numbers were masked, and what kinds (identifiers).
        self.masked: dict[str, tuple[str, ...]] = {}

    @property
    def masked_kinds(self) -> tuple[str, ...]:
        """Every kind of number masked in any field, in the identifiers' order."""
        seen = {k for kinds in self.masked.values() for k in kinds}
        return tuple(k for k, _, _ in identifiers.RULES if k in seen)

    def fail(self, field: str, reason: str, **detail: object) -> None:
        self.problems.append(FieldProblem(field, reason, dict(detail)))

    def text(
        self, field: str, value: str | None, *, required: bool = False, max_len: int = SHORT_TEXT
    ) -> str:
        """Cleaned text, identifying numbers masked (core.procedure.identifiers);
        ``required`` refuses it empty, ``max_len`` (core.procedure.limits) refuses it longer,
        counted as it would be stored."""
        found = identifiers.mask(clean_text(value))
        text = found.text
        if found.kinds:
            self.masked[field] = found.kinds
        if required and not text:
            self.fail(field, "required")
        elif len(text) > max_len:
            self.fail(field, "too_long", max=max_len)
        return text

    def choice(
        self, field: str, value: object, enum: type[E], *, required: bool = True
    ) -> E | None:
        if value is None or value == "":
            if required:
                self.fail(field, "required")
            return None
        if isinstance(value, str):  # a member is a str too
            try:
                return enum(value)
            except ValueError:
                pass
        self.fail(field, "unknown_value", value=str(value)[:40])
        return None

    def phone(self, field: str, value: str | None) -> str | None:
        text = unicodedata.normalize("NFKC", clean_text(value))
        if not text:
            return None
        digits = phone_digits(text)
        # ASCII digits only: other scripts' digits (٠١٢) are not a number we can dial.
        if not is_phone_length(digits) or re.search(r"[^0-9\s()+\-.]", text):
            self.fail(field, "bad_phone")
            return None
        return format_phone(digits)

    def email(
        self, field: str, value: str | None, *, max_len: int = MAX_LEN["customer.email"]
    ) -> str | None:
        text = clean_text(value)
        if not text:
            return None
        if len(text) > max_len:
            self.fail(field, "too_long", max=max_len)
            return None
        if not _EMAIL.match(text):
            self.fail(field, "bad_email")
            return None
        return text

    def moment(
        self,
        field: str,
        value: datetime | None,
        *,
        now: datetime,
        required: bool = False,
        not_after: datetime | None = None,
    ) -> datetime | None:
        if value is None:
            if required:
                self.fail(field, "required")
            return None
        if value.tzinfo is None:
            self.fail(field, "no_timezone")
            return None
        # A few minutes of clock drift between counter PCs is not an error.
        limit = (not_after or now) + timedelta(minutes=5)
        if value > limit:
            self.fail(field, "in_future")
            return None
        if value.year < 2000:
            self.fail(field, "too_old")
            return None
        return value

    def ahead(
        self,
        field: str,
        value: datetime | None,
        *,
        now: datetime,
        within: timedelta,
        required: bool = False,
    ) -> datetime | None:
        """A moment still to come (a promised call, an expected reply), no further than
        ``within`` from now: further is a typo (2062 for 2026), not a plan."""
        if value is None:
            if required:
                self.fail(field, "required")
            return None
        if value.tzinfo is None:
            self.fail(field, "no_timezone")
            return None
        if value <= now:
            self.fail(field, "in_past")
            return None
        if value > now + within:
            self.fail(field, "too_far")
            return None
        return value

    def amount(self, field: str, value: int | None) -> int:
        if value is None:
            return 0
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(field, "not_a_number")
            return 0
        if value < 0 or value > MAX_AMOUNT:
            self.fail(field, "out_of_range")
            return 0
        return value

    def done(self) -> None:
        if self.problems:
            raise ValidationFailed(self.problems)
