"""What a hostile or careless user can hand the services, as hypothesis strategies, and the
checks every refusal must pass (a typed error with a Korean message a clerk can act on).

Shared by test_hostile_services.py and test_hostile_import.py. ``HOSTILE_EXAMPLES`` in the
environment raises the number of examples per test (default 40) for a longer run; every
input tried is counted in ``TRIED`` and the total is printed at the end of the run.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from core.errors import DeskError, ValidationFailed
from core.words.messages import FIELDS, REASONS, describe

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "40"))
TRIED: Counter[str] = Counter()

HANGUL = re.compile(r"[가-힣]")
MEGABYTE = "가나다라 abcd " * (1_000_000 // 13)

hostile_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

SAMPLES = [
    "",
    "   ",
    "\x00",
    "앞\x00뒤",
    "\x07\x08\x1b[31m빨강\x1b[0m",
    "\u202e역방향\u202c",
    "\u2066격리\u2069",
    "\u200f\u200e\u061c표시",
    "\ufeffBOM",
    "'; DROP TABLE cases; --",
    "' OR '1'='1",
    "Robert'); DROP TABLE users;--",
    '=HYPERLINK("http://evil.example","클릭")',
    "=cmd|' /C calc'!A0",
    "+82 10 1234 5678",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\ud800",
    "앞\udfff뒤",
    "\udcff\ud800\udc00",
    "가" * 5000,
    MEGABYTE,
    unicodedata.normalize("NFD", "층간소음 민원"),
    "👍🏽👨‍👩‍👧 😡🔥",
    "Аdmin",  # a Cyrillic А
    "ａｄｍｉｎ",
    "관리자\u200b",
    "층간소음\r\n두 번째 줄\r세 번째",
    '"',
    '"소음',
    "*",
    "소음*",
    "NEAR(소음 주차, 3)",
    "-소음",
    "소음 OR 주차",
    "소음 AND NOT 주차",
    "subject:소음",
    "^소음",
    "{소음 주차}",
    "%",
    "_",
    "\\",
    "null",
    "None",
    "0",
    "-1",
    "9" * 5000,
    "010-1234-5678",
    "０１０－１２３４－５６７８",
    "٠١٠١٢٣٤٥٦٧٨",
    "a@b.c",
    "a@@b..c",
    "GN-2026-000001",
    "GN-9999-999999999",
    "GN-0000-0",
    "visit",
    "phone",
    "refund",
    "in_progress",
]

_any_char = st.characters(codec=None)  # every code point Python allows, lone surrogates too
hostile_text = st.one_of(
    st.sampled_from(SAMPLES),
    st.text(max_size=60),
    st.text(alphabet=_any_char, max_size=30),
    st.builds(
        lambda a, b, c: a + b + c,
        st.sampled_from(SAMPLES),
        st.text(max_size=10),
        st.sampled_from(SAMPLES),
    ),
)
maybe_text = st.one_of(st.none(), hostile_text)


def sometimes(hostile: st.SearchStrategy, plain: st.SearchStrategy) -> st.SearchStrategy:
    """Hostile one time in three: with many fields at once, an input with every field
    hostile is refused at the first check, and the deeper paths would never be reached."""
    return st.sampled_from([0, 1, 2]).flatmap(lambda n: hostile if n == 0 else plain)


def choice_or_hostile(*valid: str) -> st.SearchStrategy[str]:
    """Mostly a real value (so the rest of the input gets checked too), sometimes not."""
    real = st.sampled_from(valid)
    return st.sampled_from([0, 1, 2, 3]).flatmap(lambda n: hostile_text if n == 0 else real)


_offsets = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=9)),
        timezone(timedelta(hours=14)),
        timezone(timedelta(hours=-12)),
    ]
)
hostile_moment = st.one_of(
    st.none(),
    st.datetimes(),  # naive
    st.datetimes(timezones=_offsets),
    st.datetimes(timezones=st.timezones()),
    st.sampled_from(
        [
            datetime(1, 1, 1, tzinfo=UTC),
            datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
            datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
            datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12))),
            datetime(1999, 12, 31, 23, 59, tzinfo=UTC),
            datetime(2026, 3, 9, 1, 0),  # naive "now"
            datetime(2026, 3, 9, 1, 0, tzinfo=UTC),
            datetime(2026, 3, 9, 1, 4, tzinfo=UTC),
            datetime(2027, 3, 9, 1, 0, tzinfo=UTC),
        ]
    ),
)
hostile_date = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2026, 3, 9)]),
)
_hostile_number = st.one_of(
    st.none(),
    st.integers(),
    st.sampled_from([-1, 0, 1, 5, 6, 10**30, -(10**30), 2**63, 2**63 - 1, 10_000_000_001]),
    st.booleans(),
    st.floats(allow_nan=True),
    hostile_text,
)
_plain_amount = st.one_of(st.none(), st.integers(min_value=0, max_value=200_000))
hostile_number = st.sampled_from([0, 1, 2]).flatmap(
    lambda n: _plain_amount if n else _hostile_number
)
hostile_id = st.one_of(
    st.integers(min_value=-5, max_value=50),
    st.sampled_from([0, -1, 2**31, 2**63, 10**30, -(10**30)]),
)


def check_refusal(err: DeskError) -> str:
    """A refusal says, in Korean, what is wrong; field by field when fields are wrong."""
    message = describe(err)
    assert message.strip(), err
    assert HANGUL.search(message), (err, message)
    assert "오류: " not in message, f"no Korean message for {err.code}: {message}"
    if isinstance(err, ValidationFailed):
        assert err.problems
        for p in err.problems:
            # An unknown setting is named as the caller spelled it; every other field has words.
            assert p.field in FIELDS or p.reason == "unknown_setting", (
                f"no Korean name for field {p.field!r}"
            )
            assert p.reason in REASONS, f"no Korean words for reason {p.reason!r}"
    return message


def attempt(name: str, fn, *args, **kwargs):
    """Call a service; a refusal must be a typed error with a message. Anything else fails
    the test. Returns the result, or the error."""
    TRIED[name] += 1
    try:
        return fn(*args, **kwargs)
    except DeskError as err:
        check_refusal(err)
        return err


def print_tried(request, what: str) -> None:
    """Print how many inputs a module tried (past pytest's output capture), then start over."""
    if not TRIED:
        return
    total = sum(TRIED.values())
    detail = ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items()))
    capture = request.config.pluginmanager.getplugin("capturemanager")
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\n{what}: {total} ({detail})")
    TRIED.clear()


def stored(value: str | None) -> str:
    """What a text must read back as: cleaned as the intake cleans it."""
    from core.procedure.validation import clean_text

    return clean_text(value)
