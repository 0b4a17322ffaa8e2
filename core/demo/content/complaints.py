"""What a demo complaint says: how often each category is heard, and a complaint drawn from its
category's templates, set in a place of the estate at a time, sometimes naming a member of
staff. The templates are in the ``complaints_*`` modules, by top-level category.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from core.demo.content.complaints_attitude_incident import ATTITUDE_INCIDENT
from core.demo.content.complaints_equipment import EQUIPMENT
from core.demo.content.complaints_quality import QUALITY

CATEGORY_WEIGHTS: dict[str, float] = {
    "quality.sanitation": 15,
    "equipment.parking": 14,
    "equipment.mechanical": 13,
    "quality.repair": 12,
    "equipment.facilities": 9,
    "quality.management": 8,
    "attitude.staff": 7,
    "quality.security": 6,
    "quality.finance": 5,
    "attitude.customer_service": 4,
    "quality.interior": 3,
    "incident.traffic": 2,
    "incident.accident": 2,
}

_PLACES = (
    "{dong}동 지하 {b}층 주차장",
    "{dong}동 {ho}호",
    "{dong}동 엘리베이터",
    "관리사무소",
    "{dong}동 현관 출입구",
    "단지 내 놀이터",
    "{dong}동 옥상",
    "커뮤니티센터 헬스장",
    "정문 경비실",
    "분리수거장",
    "{dong}동 {floor}층 복도",
    "지하 {b}층 기계실",
)
_STAFF = (
    "",
    "",
    "",
    "경비원 김OO",
    "미화원 이OO",
    "관리과장 박OO",
    "시설기사 최OO",
    "경리담당 정OO",
    "보안요원 윤OO",
    "상담직원 한OO",
)
_TIMES = (
    "어젯밤 11시쯤",
    "오늘 아침 7시경",
    "지난 주말",
    "사흘 전부터",
    "일주일째",
    "어제 오후 3시쯤",
    "지난달부터",
    "오늘 새벽",
    "그저께 저녁",
)


@dataclass(frozen=True)
class ComplaintText:
    subject: str
    description: str
    request: str
    expectation: str
    bottom_line: str
    place: str
    staff_involved: str


# Per leaf category: (subject, description, request, expectation, bottom line).
_TEMPLATES = {**QUALITY, **EQUIPMENT, **ATTITUDE_INCIDENT}


def _place(rng: random.Random) -> str:
    return rng.choice(_PLACES).format(
        dong=rng.randrange(101, 112),
        ho=f"{rng.randrange(1, 25)}0{rng.randrange(1, 5)}",
        b=rng.randrange(1, 4),
        floor=rng.randrange(2, 25),
    )


def complaint(category_code: str, rng: random.Random) -> ComplaintText:
    subject, desc, request, expectation, bottom = rng.choice(_TEMPLATES[category_code])
    place = _place(rng)
    staff = rng.choice(_STAFF)
    text = desc.format(time=rng.choice(_TIMES), place=place, staff=staff or "직원")
    extra = rng.choice(
        (
            "",
            "",
            " 빠른 확인 부탁드립니다.",
            " 벌써 두 번째 말씀드리는 겁니다.",
            " 답답해서 직접 찾아왔습니다.",
            " 다른 세대도 같은 불편을 겪고 있습니다.",
        )
    )
    return ComplaintText(subject, text + extra, request, expectation, bottom, place, staff)
