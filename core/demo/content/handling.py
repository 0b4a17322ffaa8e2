"""What the demo's staff write while handling a case: action notes, contact summaries, root
causes, results and preventive actions, the customer's response and follow-up comment, and
the reasons a case is closed as invalid, withdrawn or its follow-up waived.
"""

from __future__ import annotations

import random

_ACTIONS = {
    "investigation": (
        "현장을 방문해 상황을 확인하고 사진을 남겼습니다.",
        "관련 직원과 면담해 당시 상황을 확인했습니다.",
        "CCTV와 근무 일지를 확인했습니다.",
        "민원 세대와 인접 세대를 방문해 확인했습니다.",
    ),
    "reproduction": (
        "같은 시간대에 현장에서 문제를 재현해 확인했습니다.",
        "설비를 작동시켜 증상을 재현했습니다.",
        "고객이 말한 조건에서 다시 확인했습니다.",
    ),
    "fix": (
        "부품을 교체하고 정상 작동을 확인했습니다.",
        "청소와 소독을 마쳤습니다.",
        "안내문을 게시하고 해당 세대에 직접 전달했습니다.",
        "보수 공사를 마치고 결과를 확인했습니다.",
    ),
    "specialist": (
        "협력업체 기술자와 함께 원인을 점검했습니다.",
        "승강기 유지보수 업체에 정밀 점검을 의뢰했습니다.",
        "회계 담당과 부과 내역을 대조했습니다.",
    ),
    "escalation": (
        "사안이 커서 소장님께 보고하고 처리 방향을 협의했습니다.",
        "보상 금액이 커 관리자 검토를 요청했습니다.",
    ),
    "note": (
        "고객이 오후 시간 연락을 원함.",
        "재발 여부를 다음 주에 다시 확인할 예정.",
        "비슷한 민원이 같은 동에서 접수된 적 있음.",
    ),
}
_CONTACTS = {
    "acknowledge": (
        "접수 사실과 처리 일정을 안내했습니다.",
        "24시간 안에 조치 계획을 알려 드린다고 안내했습니다.",
    ),
    "progress": (
        "현재 진행 상황과 다음 일정을 안내했습니다.",
        "업체 방문 일정을 알려 드렸습니다.",
        "부품 입고가 늦어져 양해를 구했습니다.",
    ),
    "result": ("처리 결과를 설명드렸습니다.", "조치 내용과 재발 방지 대책을 안내했습니다."),
    "follow_up": (
        "처리 후 불편이 없는지 확인했습니다.",
        "재방문하여 상태를 함께 확인했습니다.",
        "전화로 만족도를 여쭈었습니다.",
    ),
    "other": ("추가 문의에 답변했습니다.", "서류 제출 방법을 안내했습니다."),
}
_INBOUND = (
    "고객이 진행 상황을 문의했습니다.",
    "고객이 추가 자료를 보내 주셨습니다.",
    "고객이 방문 시간 변경을 요청했습니다.",
)
_CAUSES = (
    "정기 점검 주기가 길어 노후 부품을 놓쳤습니다.",
    "담당자 간 인수인계가 누락되었습니다.",
    "안내문 게시만으로 공지하여 전달이 부족했습니다.",
    "협력업체 관리가 소홀했습니다.",
    "야간 근무 인력이 부족했습니다.",
    "규정은 있으나 현장 교육이 부족했습니다.",
)
_RESULTS = (
    "현장 조치를 마치고 정상화되었음을 확인했습니다.",
    "관련 세대에 안내하고 재발 시 즉시 조치하기로 했습니다.",
    "부품을 교체해 문제를 해결했습니다.",
    "청소·소독 후 점검 주기를 늘렸습니다.",
    "착오를 바로잡고 정정 내역을 안내했습니다.",
    "직원 교육을 실시하고 사과드렸습니다.",
)
_RESPONSES_OK = (
    "빠르게 처리해 주셔서 고맙다고 하셨습니다.",
    "결과에 만족한다고 하셨습니다.",
    "앞으로도 이렇게 해 달라고 하셨습니다.",
)
_RESPONSES_BAD = (
    "결과는 받아들이지만 처리가 늦었다고 하셨습니다.",
    "재발하면 다시 연락하겠다고 하셨습니다.",
    "보상이 부족하다며 아쉬워하셨습니다.",
)
_COMMENTS = {
    5: ("정말 만족합니다.", "친절하고 빨랐어요.", "믿고 맡길 수 있겠습니다."),
    4: ("대체로 만족합니다.", "처리는 잘 됐는데 조금 늦었어요."),
    3: ("보통입니다.", "해결은 됐지만 과정이 번거로웠어요."),
    2: ("아쉽습니다.", "연락이 잘 안 돼 답답했어요."),
    1: ("불만족입니다.", "같은 문제가 다시 생길 것 같아요."),
}
_PREVENT = (
    "점검 주기를 월 1회에서 주 1회로 단축",
    "직원 응대 교육을 분기마다 실시",
    "공지를 게시판과 문자로 동시에 발송",
    "협력업체 작업 완료 후 관리사무소가 직접 확인",
    "야간 순찰 일지를 전자화해 누락 방지",
    "민원 처리 결과를 24시간 안에 회신하는 절차 도입",
)


def action_note(kind: str, category_code: str, rng: random.Random) -> str:
    return rng.choice(_ACTIONS[kind])


def contact_summary(direction: str, purpose: str, rng: random.Random) -> str:
    if direction == "inbound":
        return rng.choice(_INBOUND)
    return rng.choice(_CONTACTS[purpose])


def root_cause(category_code: str, rng: random.Random) -> str:
    return rng.choice(_CAUSES)


def resolution_result(category_code: str, rng: random.Random) -> str:
    return rng.choice(_RESULTS)


def customer_response(satisfied: bool, rng: random.Random) -> str:
    return rng.choice(_RESPONSES_OK if satisfied else _RESPONSES_BAD)


def follow_up_comment(satisfaction: int, rng: random.Random) -> str:
    return rng.choice(_COMMENTS[satisfaction])


def preventive_action(category_code: str, rng: random.Random) -> str:
    return rng.choice(_PREVENT)


def invalid_reason(rng: random.Random) -> str:
    return rng.choice(
        (
            "같은 내용이 이미 접수된 중복 건",
            "관리 범위 밖의 사안으로 해당 기관 안내",
            "사실 확인 결과 민원 내용과 다름",
        )
    )


def withdrawn_reason(rng: random.Random) -> str:
    return rng.choice(("고객이 자체 해결되었다며 철회", "고객 요청으로 접수 취소"))


def waiver_reason(rng: random.Random) -> str:
    return rng.choice(("고객이 추가 연락을 원하지 않음", "연락처 변경으로 연락 불가 (3회 시도)"))
