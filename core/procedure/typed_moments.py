"""Reading a moment as a clerk types it at the counter, in one line.

    1201 2300       1 December, 23:00 (this year, or last year if that is still to come)
    2300, 23:00     today at 23:00
    어제 23시       yesterday at 23:00; also 오늘, 그제/그저께, today, yesterday
    어제 밤 11시    오전/오후, 새벽/아침/낮/저녁/밤 before a time; 9시 반, 9시 30분
    12/1 14:30      12.1, 12-1, 12월 1일 as well; 2026-12-01 14:30 with the year
    지금            now

A day without a time is that day at 00:00. Nothing is guessed: text that fits none of these
raises ``UnreadableMoment``, and the caller says what it expects. The result carries the
time zone of ``now`` (the office's), so the clerk's "23시" is the office's 23:00.

The register import reads the dates written in spreadsheets (core.register.dates); this is
the counter's shorthand, which no spreadsheet writes.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

# The words a clerk types (parsing patterns, Korean by design; English too). Days said as
# words, and how many days back each is.
DAY_WORDS = {
    "오늘": 0,
    "금일": 0,
    "today": 0,
    "어제": 1,
    "어저께": 1,
    "yesterday": 1,
    "그제": 2,
    "그저께": 2,
}
NOW_WORDS = ("지금", "방금", "now")
# Parts of the day said before an hour: how a 12-hour hour becomes a 24-hour one.
_MORNING = ("오전", "새벽", "아침", "am")
_AFTERNOON = ("오후", "낮", "저녁", "pm")
_NIGHT = ("밤",)  # 밤 11시 is 23:00, 밤 1시 is 01:00, 밤 12시 is midnight

_DAY_FORMS = (
    # 2026-12-01, 2026.12.01., 2026/12/1
    re.compile(r"(?P<y>\d{4})(?P<s>[-./])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})\.?"),
    # 2026년 12월 1일, 12월 1일
    re.compile(r"(?:(?P<y>\d{4})\s*년\s*)?(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일"),
    # 12/1, 12.1, 12-1
    re.compile(r"(?P<m>\d{1,2})[-./](?P<d>\d{1,2})\.?"),
    # 1201, only when a time follows (a lone 2300 is a time)
    re.compile(r"(?P<m>\d{2})(?P<d>\d{2})(?=\s+\S)"),
)
_PART = "|".join(map(re.escape, (*_MORNING, *_AFTERNOON, *_NIGHT)))
_TIME_FORMS = (
    re.compile(r"(?P<h>\d{1,2}):(?P<mi>\d{2})"),
    re.compile(r"(?P<h>\d{1,2})(?P<mi>\d{2})"),  # 2300, 930
    re.compile(r"(?P<h>\d{1,2})\s*시(?:\s*(?P<mi>\d{1,2})\s*분|\s*(?P<half>반))?"),
)
_BARE_HOUR = re.compile(r"(?P<h>\d{1,2})")
_TIME = re.compile(rf"(?:(?P<part>{_PART})\s*)?(?P<clock>.+?)(?:\s*(?P<suffix>am|pm))?")


class UnreadableMoment(ValueError):
    """Text that is none of the forms this module reads (see the module's docstring)."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"not a moment: {text[:40]!r}")


def read_moment(text: str | None, now: datetime) -> datetime | None:
    """The moment ``text`` names, in ``now``'s time zone; ``None`` for blank text.

    ``now`` must be timezone-aware: "today" and "this year" are the office's.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    typed = " ".join(unicodedata.normalize("NFKC", text or "").lower().split())
    if not typed:
        return None
    local = now.astimezone(now.tzinfo)
    if typed in NOW_WORDS:
        return local.replace(second=0, microsecond=0)
    clock = _time_of_day(typed)
    if clock is not None:  # a time alone: today
        return datetime.combine(local.date(), clock, tzinfo=now.tzinfo)
    day, rest = _day(typed, local)
    if day is None:
        raise UnreadableMoment(typed)
    clock = _time_of_day(rest.strip()) if rest.strip() else time(0)
    if clock is None:
        raise UnreadableMoment(typed)
    return datetime.combine(day, clock, tzinfo=now.tzinfo)


def _day(typed: str, local: datetime) -> tuple[date | None, str]:
    """The day at the start of ``typed`` and the text after it."""
    for word, back in sorted(DAY_WORDS.items(), key=lambda kv: -len(kv[0])):
        if typed.startswith(word):
            return local.date() - timedelta(days=back), typed[len(word) :]
    for form in _DAY_FORMS:
        found = form.match(typed)
        if found is None:
            continue
        year = int(found["y"]) if found.groupdict().get("y") else None
        try:
            day = date(year or local.year, int(found["m"]), int(found["d"]))
        except ValueError as exc:  # 13/1, 2/30
            raise UnreadableMoment(typed) from exc
        if year is None and day > local.date():
            # No incident is still to come: 12/1 typed in February is last December's.
            try:
                day = day.replace(year=day.year - 1)
            except ValueError as exc:  # 2/29 of a leap year, typed the year after
                raise UnreadableMoment(typed) from exc
        return day, typed[found.end() :]
    return None, typed


def _time_of_day(text: str) -> time | None:
    """23:00, 2300, 23시, 오후 3시 반, 밤 11시, 11pm -> a time; ``None`` if it is none."""
    found = _TIME.fullmatch(text)
    if found is None:
        return None
    part, suffix = found["part"], found["suffix"]
    if part and suffix:
        return None  # "오후 3pm": a typo, not a time
    part = part or suffix
    # A bare hour ("9") is a time only with the part of the day said ("오전 9", "9pm").
    forms = (*_TIME_FORMS, _BARE_HOUR) if part else _TIME_FORMS
    for form in forms:
        clock = form.fullmatch(found["clock"])
        if clock is not None:
            break
    else:
        return None
    hour = int(clock["h"])
    minute = 30 if clock.groupdict().get("half") else int(clock.groupdict().get("mi") or 0)
    if part is not None:
        if not 1 <= hour <= 12:
            return None  # 오후 14시 says two different things
        if part in _NIGHT:
            hour = hour + 12 if 6 <= hour <= 11 else hour % 12
        elif part in _AFTERNOON:
            hour = hour % 12 + 12  # 오후 12시 and 낮 12시 are noon
        else:
            hour %= 12  # 오전 12시 is midnight
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)
