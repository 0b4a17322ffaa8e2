"""발생 일시 as a clerk types it (core.procedure.typed_moments), and the phone numbers the
counter hears (core.procedure.validation): 안심번호, +82, full-width digits."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.procedure.typed_moments import UnreadableMoment, read_moment
from core.procedure.validation import Checker, format_phone, phone_digits, phone_last4

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 3, 10, 14, 5, tzinfo=SEOUL)  # a Tuesday afternoon in March


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("typed", "moment"),
    [
        ("2300", at(2026, 3, 10, 23, 0)),
        ("23:00", at(2026, 3, 10, 23, 0)),
        ("930", at(2026, 3, 10, 9, 30)),
        ("0310 0900", at(2026, 3, 10, 9, 0)),
        ("1201 2300", at(2025, 12, 1, 23, 0)),  # December is still to come: last year's
        ("어제 23시", at(2026, 3, 9, 23, 0)),
        ("어제23:00", at(2026, 3, 9, 23, 0)),
        ("어제 밤 11시", at(2026, 3, 9, 23, 0)),
        ("어제 2300", at(2026, 3, 9, 23, 0)),
        ("오늘 9시", at(2026, 3, 10, 9, 0)),
        ("오늘 오후 3시 반", at(2026, 3, 10, 15, 30)),
        ("오늘 9시 5분", at(2026, 3, 10, 9, 5)),
        ("오전 12시", at(2026, 3, 10, 0, 0)),
        ("오후 12시", at(2026, 3, 10, 12, 0)),
        ("새벽 2시", at(2026, 3, 10, 2, 0)),
        ("밤 12시", at(2026, 3, 10, 0, 0)),
        ("그저께", at(2026, 3, 8, 0, 0)),
        ("yesterday 9pm", at(2026, 3, 9, 21, 0)),
        ("Today 23:00", at(2026, 3, 10, 23, 0)),
        ("12/1 14:30", at(2025, 12, 1, 14, 30)),
        ("3.9 8:15", at(2026, 3, 9, 8, 15)),
        ("3-9", at(2026, 3, 9, 0, 0)),
        ("3월 9일 오후 2시", at(2026, 3, 9, 14, 0)),
        ("2026년 3월 9일 14시", at(2026, 3, 9, 14, 0)),
        ("2026-03-09 14:30", at(2026, 3, 9, 14, 30)),  # as the field shows it back
        ("2025.12.01. 23:00", at(2025, 12, 1, 23, 0)),
        ("  ２３００ ", at(2026, 3, 10, 23, 0)),  # full-width digits from an IME
        ("지금", at(2026, 3, 10, 14, 5)),
    ],
)
def test_what_the_counter_types(typed, moment):
    assert read_moment(typed, NOW) == moment


@pytest.mark.parametrize(
    "typed",
    [
        "2400",
        "2360",
        "1301 2300",
        "0230 1000",
        "오후 14시",
        "오후 3pm",
        "23",
        "어제 25시",
        "abc",
        "어제 그제",
        "12/1/2026",
        "1201",
        "1201 2300 5",
        "2026-13-01 10:00",
    ],
)
def test_what_it_refuses_rather_than_guesses(typed):
    if typed == "1201":  # four digits alone are a time: 12:01
        assert read_moment(typed, NOW) == at(2026, 3, 10, 12, 1)
        return
    with pytest.raises(UnreadableMoment):
        read_moment(typed, NOW)


def test_blank_is_no_moment_and_now_must_know_its_zone():
    assert read_moment("", NOW) is None and read_moment(None, NOW) is None
    with pytest.raises(ValueError):
        read_moment("2300", NOW.replace(tzinfo=None))


@given(st.text(max_size=30))
def test_nothing_typed_crashes_it(text):
    try:
        moment = read_moment(text, NOW)
    except UnreadableMoment:
        return
    assert moment is None or moment.tzinfo is SEOUL


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2026, 3, 10, 14, 0)),
)
def test_the_moment_shown_back_reads_as_itself(moment):
    shown = moment.replace(tzinfo=SEOUL).strftime("%Y-%m-%d %H:%M")
    assert read_moment(shown, NOW) == moment.replace(second=0, microsecond=0, tzinfo=SEOUL)


# ---------------------------------------------------------------- phone numbers


def checked(typed: str) -> tuple[str | None, list[str]]:
    c = Checker()
    phone = c.phone("customer.phone", typed)
    return phone, [p.reason for p in c.problems]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0504-1234-5678", "0504-1234-5678"),  # 안심번호: twelve digits
        ("050412345678", "0504-1234-5678"),
        ("0505-123-4567", "0505-123-4567"),
        ("+82 2-123-4567", "02-123-4567"),
        ("+82 10-1234-5678", "010-1234-5678"),
        ("+82 (0)10-1234-5678", "010-1234-5678"),
        ("+82 31-123-4567", "031-123-4567"),
        ("010-1234-5678", "010-1234-5678"),
        ("02-123-4567", "02-123-4567"),
        ("1588-1234", "1588-1234"),
        ("０１０-１２３４-５６７８", "010-1234-5678"),
    ],
)
def test_numbers_as_the_counter_hears_them(typed, stored):
    assert checked(typed) == (stored, [])


@pytest.mark.parametrize("typed", ["0101234567890", "010-12", "123456789012", "+82 2"])
def test_numbers_that_are_not(typed):
    assert checked(typed) == (None, ["bad_phone"])


korean_numbers = st.one_of(
    st.from_regex(r"010[0-9]{8}", fullmatch=True),
    st.from_regex(r"02[0-9]{7,8}", fullmatch=True),
    st.from_regex(r"0[3-6][1-5][0-9]{7,8}", fullmatch=True),
    st.from_regex(r"050[0-9]{8,9}", fullmatch=True),
    st.from_regex(r"070[0-9]{8}", fullmatch=True),
    st.from_regex(r"1[568][0-9]{6}", fullmatch=True),
)


@given(korean_numbers)
def test_a_number_written_any_way_is_the_same_number(digits):
    written = format_phone(digits)
    assert phone_digits(written) == digits
    assert checked(written) == (written, [])
    assert checked(digits) == (written, [])
    if digits.startswith("0"):  # dialled from abroad: the country code, no trunk 0
        assert phone_digits("+82 " + digits[1:]) == digits
        assert phone_digits("+82-" + written[1:]) == digits
    assert phone_last4(digits) == int(digits[-4:])


def test_last_four_of_too_little():
    assert phone_last4("") is None and phone_last4(None) is None and phone_last4("123") is None
