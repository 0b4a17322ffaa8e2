"""The demo's people: customers' names (surnames by their frequency in Korea), phone numbers,
email addresses and street addresses, and the staff accounts a demo office is given.
"""

from __future__ import annotations

import random

_SURNAMES = (
    "김",
    "이",
    "박",
    "최",
    "정",
    "강",
    "조",
    "윤",
    "장",
    "임",
    "한",
    "오",
    "서",
    "신",
    "권",
    "황",
    "안",
    "송",
    "류",
    "홍",
)
_SURNAME_WEIGHTS = (
    21,
    15,
    8,
    5,
    4,
    2.3,
    2.1,
    2,
    2,
    1.7,
    1.5,
    1.5,
    1.5,
    1.4,
    1.3,
    1.3,
    1.3,
    1.3,
    1.2,
    1.1,
)
_GIVEN_FIRST = (
    "민",
    "서",
    "지",
    "현",
    "수",
    "영",
    "준",
    "하",
    "은",
    "도",
    "예",
    "시",
    "유",
    "재",
    "성",
    "경",
    "미",
    "정",
    "태",
    "동",
    "혜",
    "승",
    "보",
    "상",
)
_GIVEN_SECOND = (
    "준",
    "연",
    "호",
    "우",
    "아",
    "진",
    "희",
    "민",
    "윤",
    "원",
    "서",
    "훈",
    "숙",
    "철",
    "영",
    "빈",
    "은",
    "석",
    "주",
    "혁",
    "나",
    "경",
    "수",
    "현",
)
_DISTRICTS = (
    "강남구",
    "서초구",
    "송파구",
    "마포구",
    "성동구",
    "노원구",
    "분당구",
    "수지구",
    "일산동구",
    "해운대구",
)
_ROADS = (
    "테헤란로",
    "반포대로",
    "올림픽로",
    "월드컵로",
    "왕십리로",
    "동일로",
    "판교역로",
    "포은대로",
    "중앙로",
    "해운대로",
    "은행나무길",
    "한빛로",
    "새말로",
    "푸른숲길",
)


def person_name(rng: random.Random) -> str:
    surname = rng.choices(_SURNAMES, _SURNAME_WEIGHTS)[0]
    return surname + rng.choice(_GIVEN_FIRST) + rng.choice(_GIVEN_SECOND)


def phone_number(rng: random.Random) -> str:
    if rng.random() < 0.1:
        area = rng.choice(("02", "031", "051"))
        return f"{area}-{rng.randrange(200, 999)}-{rng.randrange(1000, 10000)}"
    return f"010-{rng.randrange(1000, 10000)}-{rng.randrange(1000, 10000)}"


def email_for(seed: int, rng: random.Random) -> str:
    local = rng.choice(("hana", "minsu", "jiyoung", "sky", "blue", "happy", "star", "moon"))
    domain = rng.choice(("example.com", "example.co.kr", "example.net"))
    return f"{local}{seed % 10000}@{domain}"


def address(rng: random.Random) -> str:
    return (
        f"{rng.choice(_DISTRICTS)} {rng.choice(_ROADS)} {rng.randrange(1, 300)}, "
        f"{rng.randrange(101, 112)}동 {rng.randrange(1, 25)}{rng.randrange(1, 5):02d}호"
    )


def staff_display_names() -> list[tuple[str, str, str]]:
    return [
        ("clerk.kim", "김지은", "clerk"),
        ("clerk.lee", "이서연", "clerk"),
        ("handler.park", "박민준", "handler"),
        ("handler.choi", "최도현", "handler"),
        ("handler.jung", "정하늘", "handler"),
        ("supervisor.kang", "강경호", "supervisor"),
    ]
