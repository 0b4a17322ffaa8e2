"""Reading the dates people type into registers: ISO, slashes, Korean Excel styles.

Results are naive; the caller attaches the office time zone, which this module cannot know.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from core.words.catalogue import tr

# Date first, then an optional time after "T" or spaces. Separators must agree, so that
# "2026-11/23" is refused rather than guessed at.
_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})\s*(?P<s>[-/.])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일"),
)
_AFTER_DOT = re.compile(r"\s*\.")  # "2026. 11. 23." as Korean Excel writes it
_MERIDIEM = r"(?:(?P<pre>오전|오후|AM|PM)\s*)?"
_TIME_FORMS = (
    re.compile(
        rf"(?:T|\s+){_MERIDIEM}(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})"
        rf"(?::(?P<sec>\d{{2}})(?:\.(?P<frac>\d{{1,6}}))?)?(?:\s*(?P<post>AM|PM))?\s*",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\s+{_MERIDIEM}(?P<h>\d{{1,2}})\s*시(?:\s*(?P<mi>\d{{1,2}})\s*분)?"
        r"(?:\s*(?P<sec>\d{1,2})\s*초)?\s*",
        re.IGNORECASE,
    ),
)
_PM = ("오후", "PM")
# strptime directives that carry a time of day; without them a format yields a date.
_TIME_DIRECTIVES = re.compile(r"%[HIMSfpXcTR]")


class BadDate(ValueError):
    """Text that is not a date we can read with certainty."""

    def __init__(self, text: str) -> None:
        self.text = text
        shown = text if len(text) <= 40 else text[:40] + "…"
        super().__init__(tr("날짜를 읽을 수 없습니다: {shown!r} (not a date)", shown=shown))


def parse_when(value: str | date | datetime, fmt: str | None = None) -> datetime | date:
    """A ``date`` when the text has no time of day, else a naive ``datetime``."""
    if isinstance(value, date):  # openpyxl already made one (datetime is a date too)
        return value
    text = value.strip()
    if fmt is not None:
        return _with_format(text, fmt)
    day, rest = _date_part(text)
    if not rest.strip():
        return day
    return datetime.combine(day, _time_part(rest, text))


def _with_format(text: str, fmt: str) -> datetime | date:
    try:
        moment = datetime.strptime(text, fmt)
    except ValueError as exc:
        raise BadDate(text) from exc
    return moment if _TIME_DIRECTIVES.search(fmt) else moment.date()


def _date_part(text: str) -> tuple[date, str]:
    for form in _DATE_FORMS:
        found = form.match(text)
        if found is None:
            continue
        end = found.end()
        if found.groupdict().get("s") == ".":
            dot = _AFTER_DOT.match(text, end)
            end = dot.end() if dot else end
        try:
            day = date(int(found["y"]), int(found["m"]), int(found["d"]))
        except ValueError as exc:  # 2026-02-30, month 13
            raise BadDate(text) from exc
        return day, text[end:]
    raise BadDate(text)


def _time_part(rest: str, text: str) -> time:
    for form in _TIME_FORMS:
        found = form.fullmatch(rest)
        if found is not None:
            break
    else:
        raise BadDate(text)
    hour = int(found["h"])
    meridiem = found["pre"] or found.groupdict().get("post")
    if meridiem is not None:
        if hour > 12 or (found["pre"] and found.groupdict().get("post")):
            raise BadDate(text)  # "오후 14:00" or "오후 2:00 PM" is a typo, not a time
        hour = hour % 12 + (12 if meridiem.upper() in _PM else 0)
    frac = (found.groupdict().get("frac") or "").ljust(6, "0")
    try:
        return time(hour, int(found["mi"] or 0), int(found["sec"] or 0), int(frac or 0))
    except ValueError as exc:  # 24:00, 14:61
        raise BadDate(text) from exc
