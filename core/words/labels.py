"""Words printed on the documents: key -> Korean (marked for the catalogue).

The procedure's words (channels, statuses, natures, ...) come from ``core.words.vocab``, so
a document names them as the windows do. ``label(key, lang)`` translates one.
"""

from __future__ import annotations

from core.words.catalogue import N_, NC_, translator
from core.words.vocab import (
    CHANNELS,
    COMPENSATION_KINDS,
    FOLLOW_UP_STATUSES,
    NATURES,
    RULES,
    SEVERITIES,
    STATUSES,
    TIMELINE_KINDS,
)

_L: dict[str, str] = {
    # The summary
    "summary_title": N_("고객불만 요약"),
    "printed": N_("출력"),
    "printed_by": N_("출력자"),
    "signed_by": N_("확인자 (서명)"),
    "item": N_("항목"),
    "value": N_("값"),
    "overview": N_("1. 개요"),
    "received": N_("접수 건수"),
    "effective": NC_("summary", "유효 불만"),
    "communication": N_("의사소통형 불만"),
    "help_seeking": N_("도움 요청"),
    "consultation": N_("상담"),
    "venting": N_("발설"),
    "support": N_("처리 지원"),
    "invalid": NC_("summary", "무효 불만"),
    "unclassified": N_("미분류"),
    "ack_rule_rate": N_("접수 확인 — 각 사건에 안내한 기한 내 (사무소 규칙)"),
    "ack_clock_rate": N_("접수 확인 — 접수 후 24시간 내 (시계 기준, 밤·휴일 포함)"),
    "resolution_days": N_("처리 소요 업무일 (중앙값 / 90%)"),
    "overdue": N_("처리 기한 경과"),
    "open_at_end": N_("기간 말 미결"),
    "repeat": N_("재접수 고객"),
    "closed_invalid_withdrawn": N_("무효 / 철회 종결"),
    "improvements": N_("개선 조치 (등록 / 완료 / 효과 확인)"),
    "waiting": N_("고객 회신 대기를 거친 사건 (지금 대기 중)"),
    "by_category": N_("2. 분류별 현황"),
    "category": N_("분류"),
    "parent": N_("상위 분류"),
    "count": N_("건수"),
    "share": N_("비율"),
    "top3": N_("상위 3개 분류({names})가 전체의 {share}를 차지합니다."),
    "by_channel": N_("3. 접수 경로별"),
    "channel": N_("접수 경로"),
    "compensation": N_("4. 보상"),
    "compensation_kind": N_("보상 종류"),
    "amount": N_("금액 (원)"),
    "outcome_offered": N_("제안"),
    "outcome_accepted": N_("수락 (고객 선택)"),
    "outcome_delivered": N_("지급·이행"),
    "outcome_declined": N_("거절"),
    "comp_caption": N_(
        "각 칸: 건수 / 금액(원). 수락과 지급·이행은 고객이 고른 보상과 합의한 금액으로 셉니다."
    ),
    "no_compensation": N_("이 기간에 제안된 보상이 없습니다."),
    "sat_counts": N_(
        "응답 {answered}건 · 응답 없음 {no_answer}건 · {score}점 이하(만족도 낮음) {low}건"
    ),
    "satisfaction": N_("만족도"),
    "mean": N_("평균"),
    "score": N_("점수"),
    "by_staff": N_("6. 직원별"),
    "staff": N_("직원"),
    "assigned": N_("담당"),
    "resolved": NC_("summary", "처리 완료"),
    "on_time": N_("기한 내 처리"),
    "improvement_list": N_("7. 개선 조치"),
    "owner": N_("책임자"),
    "in_period": N_("기간 중"),
    "opened": N_("등록"),
    "completed": N_("완료"),
    "verified": N_("효과 확인"),
    "linked_cases": N_("관련 사건"),
    "no_improvements": N_("이 기간에 등록·완료·효과 확인된 개선 조치가 없습니다."),
    "trend": N_("8. 월별 추이"),
    "trend_caption": N_("월별 접수 건수"),
    "notes": N_("9. 관리자 의견"),
    "note_focus": N_("중점 사안"),
    "note_records": N_("기록·절차 개선"),
    "note_training": N_("직원 교육"),
    "note_problems": N_("발견된 문제"),
    "note_plan": N_("다음 기간 계획"),
    # The receipt
    "receipt_title": N_("고객불만 접수증"),
    "case_no": N_("접수번호"),
    "received_at": N_("접수 일시"),
    "backdate_reason": N_("접수 일시 정정 사유"),
    "customer": N_("고객"),
    "subject": N_("제목"),
    "complaint": N_("불만 내용"),
    "next_steps": N_("앞으로의 처리 일정"),
    "ack_due": N_("접수 확인 연락 기한"),
    "resolve_due": N_("처리 목표일"),
    "receipt_promise": N_(
        "담당자가 위 기한까지 연락드려 처리 계획을 안내해 드립니다. 처리 중에도 진행 상황을 "
        "정기적으로 알려 드립니다."
    ),
    "privacy": N_(
        "개인정보는 고객불만 처리와 결과 회신 목적으로만 이용하며, "
        "관계 법령에 따른 보존 기간이 지나면 지체 없이 파기합니다."
    ),
    "received_by": N_("접수자"),
    "cut_here": N_("절 취 선"),
    "office_copy": N_("사무소 보관용"),
    # The result letter
    "letter_title": N_("고객불만 처리 결과 통지서"),
    "dear": N_("{name} 고객님께"),
    "letter_intro": N_(
        "{date}에 접수하신 불만(접수번호 {case_no})에 대해 "
        "다음과 같이 처리 결과를 알려 드립니다. "
        "불편을 드린 점 진심으로 사과드리며, 소중한 의견에 감사드립니다."
    ),
    "cause": NC_("document", "원인"),
    "result": NC_("document", "처리 결과"),
    "compensation_given": N_("보상 내용"),
    "prevention": NC_("document", "재발 방지 조치"),
    "letter_close": N_(
        "처리 결과에 대해 궁금하신 점이나 불편이 남아 있으시면 언제든 연락해 주십시오. "
        "며칠 안에 다시 연락드려 불편이 해소되었는지 확인하겠습니다."
    ),
    # The intake form
    "intake_form_title": N_("고객불만 접수서"),
    "blank_hint": N_("전산 장애 시 수기로 작성하고, 복구 후 같은 내용을 프로그램에 입력합니다."),
    "name": N_("이름"),
    "phone": N_("전화"),
    "email": N_("이메일"),
    "address": N_("주소"),
    "consent": N_("개인정보 수집·이용 동의"),
    "consent_text": N_("□ 동의함    □ 동의하지 않음"),
    "incident_at": N_("발생 일시"),
    "incident_place": N_("발생 장소"),
    "staff_involved": N_("관련 직원"),
    "request": N_("요구사항"),
    "expectation": N_("기대치"),
    "bottom_line": N_("최종선"),
    "nature": N_("성격"),
    "severity": N_("중요도"),
    "signature": N_("서명"),
    # The case file
    "case_file_title": N_("사건 기록부"),
    "confidential": N_("대외비"),
    "status": N_("상태"),
    "assignee": N_("담당자"),
    "deadlines": N_("기한"),
    "timeline": N_("처리 경과"),
    "when": N_("일시"),
    "kind": N_("구분"),
    "text": N_("내용"),
    "by": N_("처리자"),
    "follow_ups": N_("재방문·만족도"),
    "record_rules": N_("기록 원칙"),
    "audit": N_("감사 기록"),
    "actor": N_("처리자"),
    "action": N_("작업"),
    "changes": N_("변경 내용"),
    "met": N_("충족"),
    "not_met": N_("미충족"),
    "proposed": N_("제안"),
    "decided": N_("결정"),
    "offer_options": N_("제시한 선택지"),
    "approval": N_("승인"),
    "customer_answer": N_("고객 답변"),
    "delivery": N_("지급·이행"),
    "override": N_("예외 승인"),
    "due": FOLLOW_UP_STATUSES["due"],
    "done": FOLLOW_UP_STATUSES["done"],
    "outcome": N_("결과"),
    "comment": N_("의견"),
    "closure": NC_("document", "종결"),
    "case_improvements": N_("개선 조치"),
    "imp_title": N_("조치명"),
    "imp_owner": N_("책임자"),
    "imp_due": N_("완료 기한"),
    "imp_action": N_("조치 내용"),
}
# The procedure's words under the keys the documents have always used.
_L.update({f"ch_{k}": v for k, v in CHANNELS.items()})
_L.update({f"comp_{k}": v for k, v in COMPENSATION_KINDS.items()})
_L.update({f"st_{k}": v for k, v in STATUSES.items()})
_L.update({f"na_{k}": v for k, v in NATURES.items()})
_L.update({f"sev_{k}": v for k, v in SEVERITIES.items()})
_L.update({f"tl_{k}": v for k, v in TIMELINE_KINDS.items()})
_L.update({f"rule_{k}": v for k, v in RULES.items()})
_L["rule_no_pending_approval"] = RULES["pending_approval"]


def label(key: str, lang: str = "ko") -> str:
    """The document word for ``key`` in ``lang``; an unknown key is shown as it is."""
    found = _L.get(key)
    return translator(lang).tr(found) if found is not None else key
